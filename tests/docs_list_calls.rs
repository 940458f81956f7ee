//! The docs list every call: each family module's page (`src/api/<family>.rs`) and the crate
//! docs name each call its module declares. `scripts/list-calls.py` writes the lists.

const FAMILIES: [&str; 13] = [
    "token", "user", "device", "message", "chat", "file", "friend", "group", "data", "listen",
    "room", "rtc", "imlib",
];

/// The calls a family module declares: `... SomeRequest fn name(`.
fn declared(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in source.lines() {
        let Some(at) = line.find("Request fn ") else {
            continue;
        };
        let before = line[..at].trim_start();
        let request = before.rsplit(' ').next().unwrap_or("");
        if request.is_empty() || !request.chars().all(|c| c.is_alphanumeric() || c == '_') {
            continue; // a macro's pattern (`$Req:ident fn ...`)
        }
        let rest = &line[at + "Request fn ".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if rest[name.len()..].starts_with('(') {
            names.push(name);
        }
    }
    names
}

fn module_docs(source: &str) -> String {
    source
        .lines()
        .take_while(|line| line.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_family_page_and_the_crate_docs_list_every_call() {
    let src = manifest_dir().join("src");
    let lib = module_docs(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut missing = Vec::new();
    let mut total = 0;
    for family in FAMILIES {
        let source = std::fs::read_to_string(src.join("api").join(format!("{family}.rs"))).unwrap();
        let docs = module_docs(&source);
        let calls = declared(&source);
        assert!(!calls.is_empty(), "{family} declares no call");
        total += calls.len();
        for call in calls {
            if !docs.contains(&format!("(crate::RtmServerClient::{call})")) {
                missing.push(format!("{family}'s page does not list {call}"));
            }
            if !lib.contains(&format!("(RtmServerClient::{call})")) {
                missing.push(format!("the crate docs do not list {call}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "run scripts/list-calls.py:\n{}",
        missing.join("\n")
    );
    assert!(
        total == 153,
        "{total} calls found: the declarations changed shape"
    );
}

#[test]
fn declarations_are_found_and_macro_patterns_are_not() {
    let source = "    basic AddRoomMemberRequest fn add_room_member(rid: i64) []\n\
                  $Req:ident fn $name:ident ($($arg:ident : $ty:ty),*)\n\
                  SendChatRequest fn send_chat(from_uid: i64)\n";
    assert_eq!(declared(source), ["add_room_member", "send_chat"]);
}

/// The crate's folder: cargo's variable at run time (a test binary reused from another copy
/// of the crate must read this copy's files), else the one it was built with.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}
