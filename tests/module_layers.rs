//! The crate is layered: every `crate::` path in a module points to its own top-level
//! module or to one below it, so the modules form no cycle. From the bottom:
//! `error`, `time` → `types` (plain data) → `callbacks` (the callback traits) → `wire`
//! (codec, signing, encryption, transport, the call encoding, answer readers) → `mock`
//! (the embedded server) → `config` → `engine` (threads, hooks, pushes, listen restore) →
//! `client` (the handle, the file gateway pool) → `api` (the calls, one module per family)
//! → `push` (the public push module) → `fuzzing`. `lib.rs` only declares and re-exports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &[
    "error",
    "time",
    "types",
    "callbacks",
    "wire",
    "mock",
    "config",
    "engine",
    "client",
    "api",
    "push",
    "fuzzing",
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|m| *m == module)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comment lines (doc links are not imports).
fn code(text: &str) -> String {
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segment of every path that follows `crate::` (`$crate::` too), groups
/// (`crate::{a, b::C}`) opened.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `my_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(group.len(), |(i, _)| i);
            let mut level = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => level += 1,
                    '}' => level -= 1,
                    ',' if level == 0 => {
                        out.push(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            out.push(first_segment(rest));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn first_segment(path: &str) -> String {
    path.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The module each item `lib.rs` re-exports comes from (`pub use module::...`, attributes
/// such as `#[doc(inline)]` or `#[cfg(...)]` before it included).
fn root_items(lib: &str) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    let code = code(lib);
    for statement in code.split(';') {
        let mut statement = statement.trim();
        while let Some(rest) = statement.strip_prefix("#[") {
            let end = rest.find(']').map_or(rest.len(), |i| i + 1);
            statement = rest[end..].trim_start();
        }
        let Some(path) = statement.strip_prefix("pub use ") else {
            continue;
        };
        let module = first_segment(path);
        let names = path
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty());
        for name in names {
            items
                .entry(name.to_string())
                .or_insert_with(|| module.clone());
        }
    }
    items
}

/// How deep a file's module is below the crate root: `src/a.rs` and `src/a/mod.rs` are 1,
/// `src/a/b.rs` is 2.
fn depth(relative: &Path) -> usize {
    let parts = relative.components().count();
    if relative.file_name().is_some_and(|f| f == "mod.rs") {
        parts - 1
    } else {
        parts
    }
}

/// The first segment after every `super::super::...` that climbs to the crate root from a
/// module `depth` below it (a `super::` that stays inside the top-level module is left out).
fn root_paths_through_super(code: &str, depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("super::") {
        let before = rest[..at].chars().last();
        rest = &rest[at..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            rest = &rest["super::".len()..];
            continue;
        }
        let mut climbs = 0;
        while let Some(next) = rest.strip_prefix("super::") {
            climbs += 1;
            rest = next;
        }
        if climbs >= depth {
            out.extend(crate_paths(&format!("crate::{rest}")).into_iter().take(1));
        }
    }
    out
}

/// External crates that `lib.rs` re-exports, reached through `crate::`.
const EXTERNAL: [&str; 1] = ["rmpv"];

#[test]
fn every_crate_path_points_to_the_same_layer_or_below() {
    let src = manifest_dir().join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let items = root_items(&lib);
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut modules = BTreeSet::new();
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs").to_string();
        if top == "lib" {
            continue;
        }
        modules.insert(top.clone());
        let Some(own) = rank(&top) else {
            wrong.push(format!(
                "{}: the module `{top}` is in no layer",
                relative.display()
            ));
            continue;
        };
        let text = code(&std::fs::read_to_string(file).unwrap());
        let mut segments = crate_paths(&text);
        segments.extend(root_paths_through_super(&text, depth(relative)));
        for segment in segments {
            let target = match rank(&segment) {
                Some(_) => segment.clone(),
                None => match items.get(&segment) {
                    Some(module) => module.clone(),
                    None if EXTERNAL.contains(&segment.as_str()) => continue,
                    None => {
                        wrong.push(format!(
                            "{}: `crate::{segment}` is neither a layer nor an item lib.rs re-exports",
                            relative.display()
                        ));
                        continue;
                    }
                },
            };
            if let Some(theirs) = rank(&target)
                && theirs > own
            {
                wrong.push(format!(
                    "{}: `crate::{segment}` points up, from `{top}` to `{target}`",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "paths that break the layers:\n{}",
        wrong.join("\n")
    );
    for layer in LAYERS {
        assert!(
            modules.contains(*layer),
            "the layer `{layer}` has no module"
        );
    }
}

#[test]
fn the_checker_sees_super_paths_to_the_root_and_attributed_re_exports() {
    assert_eq!(
        root_paths_through_super("use super::api::chat::TEXT;", 1),
        ["api"]
    );
    assert!(root_paths_through_super("use super::Engine;", 2).is_empty());
    assert_eq!(
        root_paths_through_super("use super::super::client::X;", 2),
        ["client"]
    );
    assert_eq!(depth(Path::new("time.rs")), 1);
    assert_eq!(depth(Path::new("engine/mod.rs")), 1);
    assert_eq!(depth(Path::new("engine/push.rs")), 2);
    let items =
        root_items("#[doc(inline)]\npub use api::{chat, room};\n#[cfg(x)]\npub use wire::crypto;");
    assert_eq!(items["chat"], "api");
    assert_eq!(items["crypto"], "wire");
}

#[test]
fn the_checker_sees_plain_paths_groups_and_macro_paths() {
    let found = crate_paths("use crate::{a::B, c, d::{e, f}};\nlet x = $crate::g::h(crate::i);");
    assert_eq!(found, ["a", "c", "d", "g", "i"]);
    assert!(crate_paths("// crate::x\nfoo").contains(&"x".to_string()));
    assert!(crate_paths(&code("// crate::x\nfoo")).is_empty());
}

/// The crate's folder: cargo's variable at run time (a test binary reused from another copy
/// of the crate must read this copy's files), else the one it was built with.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}
