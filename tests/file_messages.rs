//! File messages of interface 2.7: files pushed as messages of the file types (40..=50) and
//! as the older file pushes, with their file info, to the processor and the push streams;
//! files sent with the nested attrs form, read back from pushes and history.

mod common;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use rtm_server_sdk::file::{AudioInfo, FileContent, FileInfo, MTYPE_AUDIO, MTYPE_OTHER};
use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::push::{FilePush, QuestProcessor, RecvTimeoutError, Target};
use rtm_server_sdk::rmpv::Value;
use rtm_server_sdk::{MessageBody, Push, Pushes, QuestError, RtmServerClient};

const WAIT: Duration = Duration::from_secs(10);

const VOICE_MSG: &str = r#"{"url":"https://f/x.amr","size":10}"#;
const VOICE_ATTRS: &str = r#"{"rtm":{"type":"audiomsg","lang":"en","duration":900,"codec":"amr-wb","srate":16000},"custom":{"k":1}}"#;
const FILE_MSG: &str = r#"{"url":"https://files.example/a.bin","size":24}"#;
const FILE_ATTRS: &str = r#"{"rtm":{"ext":"bin"},"custom":""}"#;

/// Records what the processor's file and message methods get, as lines.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Recorder {
    fn log(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }

    fn wait_for(&self, n: usize) -> Vec<String> {
        assert!(
            eventually(WAIT, || self.0.lock().unwrap().len() >= n),
            "expected {n} pushes, got {:?}",
            self.0.lock().unwrap()
        );
        self.0.lock().unwrap().clone()
    }
}

fn text(msg: &MessageBody) -> &str {
    msg.as_text().expect("a text body")
}

impl QuestProcessor for Recorder {
    fn push_file(
        &self,
        from: i64,
        to: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        _: String,
        _: i64,
    ) {
        self.log(format!("file {from}->{to} {mtype} {mid} {}", text(&msg)));
    }
    fn push_group_file(
        &self,
        from: i64,
        gid: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        _: String,
        _: i64,
    ) {
        self.log(format!(
            "group file {from}->{gid} {mtype} {mid} {}",
            text(&msg)
        ));
    }
    fn push_room_file(
        &self,
        from: i64,
        rid: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        _: String,
        _: i64,
    ) {
        self.log(format!(
            "room file {from}->{rid} {mtype} {mid} {}",
            text(&msg)
        ));
    }
    fn push_message(
        &self,
        from: i64,
        to: i64,
        mtype: i64,
        mid: i64,
        _: MessageBody,
        _: String,
        _: i64,
    ) {
        self.log(format!("message {from}->{to} {mtype} {mid}"));
    }
    fn push_audio(&self, from: i64, to: i64, mid: i64, msg: Vec<u8>, _: String, _: i64) {
        self.log(format!("audio {from}->{to} {mid} {msg:?}"));
    }
}

/// A message push: `key` is `to`, `gid` or `rid`.
fn push(key: &str, target: i64, from: i64, mtype: i64, mid: i64, msg: &str, attrs: &str) -> Value {
    Value::Map(vec![
        ("from".into(), from.into()),
        (key.into(), target.into()),
        ("mtype".into(), mtype.into()),
        ("mid".into(), mid.into()),
        ("msg".into(), msg.into()),
        ("attrs".into(), attrs.into()),
        ("mtime".into(), 1_700_000_000_000i64.into()),
    ])
}

fn next_file(pushes: &Pushes) -> FilePush {
    match pushes.recv_timeout(WAIT).expect("a push") {
        Push::File(f) => f,
        other => panic!("a file, not {other:?}"),
    }
}

/// A connected client with a processor and a push stream.
fn listener(server: &MockServer) -> (RtmServerClient, Recorder, Pushes) {
    let client = client_for(server);
    let heard = Recorder::default();
    client.set_quest_processor(heard.clone());
    let pushes = client.pushes();
    assert_eq!(client.add_room_member(1, 2).call(), None); // connected
    (client, heard, pushes)
}

#[test]
fn files_pushed_as_messages_of_file_types_reach_the_file_handlers_with_their_info() {
    let server = mock();
    let (_client, heard, pushes) = listener(&server);
    let voice = push("gid", 5005, 3003, 41, 1, VOICE_MSG, VOICE_ATTRS);
    server.push("pushgroupmsg", &voice, true, 1);
    server.push(
        "pushmsg",
        &push("to", 2003, 2002, 50, 2, FILE_MSG, FILE_ATTRS),
        true,
        1,
    );
    // A file to everyone: a `pushmsg` to user 0.
    server.push(
        "pushmsg",
        &push("to", 0, 2002, 42, 3, FILE_MSG, ""),
        true,
        1,
    );
    // A file message whose msg describes no file: delivered, without info.
    server.push(
        "pushroommsg",
        &push("rid", 1001, 2002, 40, 4, "{not json", "{"),
        true,
        1,
    );
    // Not files: a custom type, and 31 (audio chat, as in the Python 2.0 SDK).
    server.push("pushmsg", &push("to", 2003, 2002, 51, 5, "x", ""), true, 1);
    server.push("pushmsg", &push("to", 2003, 2002, 31, 6, "ab", ""), true, 1);

    assert_eq!(
        heard.wait_for(6),
        [
            format!("group file 3003->5005 41 1 {VOICE_MSG}"),
            format!("file 2002->2003 50 2 {FILE_MSG}"),
            format!("file 2002->0 42 3 {FILE_MSG}"),
            "room file 2002->1001 40 4 {not json".to_string(),
            "message 2002->2003 51 5".to_string(),
            "audio 2002->2003 6 [97, 98]".to_string(),
        ]
    );

    let f = next_file(&pushes);
    assert_eq!(
        (f.target, f.from_uid, f.mtype, f.mid),
        (Target::Group { gid: 5005 }, 3003, 41, 1)
    );
    assert_eq!(
        (text(&f.msg), f.attrs.as_str()),
        (VOICE_MSG, VOICE_ATTRS),
        "raw, as pushed"
    );
    let info = f.info.expect("the voice message's info");
    assert_eq!((info.url.as_str(), info.size), ("https://f/x.amr", 10));
    assert!(info.is_rtm_audio);
    assert_eq!((info.language.as_str(), info.duration), ("en", 900));
    assert_eq!(
        (info.codec.as_deref(), info.srate),
        (Some("amr-wb"), Some(16000))
    );
    assert_eq!(info.custom_attrs.as_deref(), Some(r#"{"k":1}"#));

    let f = next_file(&pushes);
    assert_eq!((f.target, f.mtype), (Target::P2P { to: 2003 }, 50));
    let info = f.info.expect("the file's info");
    assert_eq!(
        (info.url.as_str(), info.size),
        ("https://files.example/a.bin", 24)
    );
    assert_eq!(
        (info.is_rtm_audio, info.ext.as_deref()),
        (false, Some("bin"))
    );

    let f = next_file(&pushes);
    assert_eq!((f.target, f.mtype), (Target::Broadcast, 42));
    assert_eq!(f.info.expect("no attrs: a partial info").size, 24);

    let f = next_file(&pushes);
    assert_eq!(
        (f.target, f.mid, f.info),
        (Target::Room { rid: 1001 }, 4, None)
    );

    for mtype in [51, 31] {
        match pushes.recv_timeout(WAIT).expect("a push") {
            Push::Message(m) => assert_eq!(m.mtype, mtype),
            other => panic!("a message, not {other:?}"),
        }
    }
}

#[test]
fn the_older_file_pushes_still_work_and_get_their_info_and_share_the_duplicate_filter() {
    let server = mock();
    let (_client, heard, pushes) = listener(&server);
    let url = "https://files.example/9?size=8";
    let flat = r#"{"sign":"167ec2f3a614868ad22675d12e25af36", "ext":"txt"}"#;
    server.push(
        "pushfile",
        &push("to", 2003, 2002, 60, 1, url, flat),
        true,
        1,
    );
    server.push(
        "pushroomfile",
        &push("rid", 1001, 2002, 50, 2, FILE_MSG, FILE_ATTRS),
        true,
        1,
    );
    // The same sender, group and mid as a file pushed as a message: a duplicate.
    server.push(
        "pushgroupmsg",
        &push("gid", 5005, 3003, 41, 3, VOICE_MSG, VOICE_ATTRS),
        true,
        1,
    );
    server.push(
        "pushgroupfile",
        &push("gid", 5005, 3003, 41, 3, VOICE_MSG, VOICE_ATTRS),
        true,
        1,
    );
    server.push(
        "pushgroupfile",
        &push("gid", 5005, 3003, 41, 4, "garbage", ""),
        true,
        1,
    );
    assert_eq!(
        heard.wait_for(4),
        [
            format!("file 2002->2003 60 1 {url}"),
            format!("room file 2002->1001 50 2 {FILE_MSG}"),
            format!("group file 3003->5005 41 3 {VOICE_MSG}"),
            "group file 3003->5005 41 4 garbage".to_string(),
        ]
    );
    let f = next_file(&pushes);
    let info = f.info.expect("a bare URL: the older form");
    assert_eq!(
        (info.url.as_str(), info.size, info.ext.as_deref()),
        (url, 0, Some("txt"))
    );
    assert_eq!(next_file(&pushes).info.unwrap().size, 24);
    assert!(next_file(&pushes).info.unwrap().is_rtm_audio);
    assert_eq!(next_file(&pushes).info, None);
    assert_eq!(
        pushes.recv_timeout(Duration::from_millis(200)),
        Err(RecvTimeoutError::Timeout),
        "the duplicate was not delivered"
    );
}

/// A processor that takes whole file pushes.
#[derive(Clone, Default)]
struct Files(Arc<Mutex<Vec<FilePush>>>, Recorder);

impl QuestProcessor for Files {
    fn file_push(&self, push: FilePush) {
        self.0.lock().unwrap().push(push);
    }
    fn push_file(
        &self,
        from: i64,
        to: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        attrs: String,
        mtime: i64,
    ) {
        self.1.push_file(from, to, mtype, mid, msg, attrs, mtime);
    }
}

#[test]
fn a_processor_that_implements_file_push_gets_the_info_instead_of_push_file() {
    let server = mock();
    let client = client_for(&server);
    let files = Files::default();
    client.set_quest_processor(files.clone());
    assert_eq!(client.add_room_member(1, 2).call(), None);
    server.push(
        "pushmsg",
        &push("to", 2003, 2002, 41, 1, VOICE_MSG, VOICE_ATTRS),
        true,
        1,
    );
    server.push(
        "pushfile",
        &push("to", 2003, 2002, 50, 2, FILE_MSG, FILE_ATTRS),
        true,
        1,
    );
    assert!(eventually(WAIT, || files.0.lock().unwrap().len() == 2));
    let got = files.0.lock().unwrap().clone();
    assert!(got[0].info.as_ref().unwrap().is_rtm_audio);
    assert_eq!(
        got[1].info.as_ref().unwrap().url,
        "https://files.example/a.bin"
    );
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        files.1.0.lock().unwrap().is_empty(),
        "push_file is not called"
    );
}

/// The stored attrs of the last row of a room's history, as JSON, and its file info.
fn last_row(client: &RtmServerClient, rid: i64) -> (String, Option<FileInfo>) {
    let page = client.get_room_message(2002, rid, true, 1).call().unwrap();
    let row = &page.msgs[0];
    (row.attrs.clone(), row.file_info.clone())
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn files_sent_with_nested_attrs_are_accepted_pushed_and_stored_with_their_info() {
    let server = mock();
    let sender = client_for(&server);
    let (listener, _heard, pushes) = listener(&server);
    assert_eq!(listener.add_listen().rids(&[1001]).call(), None);
    let file = FileContent::bytes("voice.amr", b"not really audio");

    // A voice message, blocking.
    let sent = sender
        .send_room_file(2002, 1001, MTYPE_AUDIO, file)
        .audio(AudioInfo::new("en", 900).codec("amr-wb").srate(16000))
        .custom_attrs(r#"{"k": 1}"#)
        .call()
        .unwrap();
    let f = next_file(&pushes);
    assert_eq!(
        (f.mid, f.mtype, f.target),
        (sent.mid, 41, Target::Room { rid: 1001 })
    );
    let attrs = json(&f.attrs);
    assert_eq!(attrs["rtm"]["type"], "audiomsg");
    assert_eq!(attrs["rtm"]["ext"], "amr");
    assert_eq!(attrs["rtm"]["sign"].as_str().unwrap().len(), 32);
    assert_eq!(attrs["custom"], json(r#"{"k": 1}"#));
    let info = f.info.expect("the mock pushes the URL: the older form");
    assert!(info.url.starts_with("https://"), "{}", info.url);
    assert!(info.is_rtm_audio);
    assert_eq!((info.language.as_str(), info.duration), ("en", 900));
    assert_eq!(
        (info.codec.as_deref(), info.srate),
        (Some("amr-wb"), Some(16000))
    );
    assert_eq!(info.custom_attrs.as_deref(), Some(r#"{"k": 1}"#));
    let (stored, info) = last_row(&sender, 1001);
    // The mock stores the attributes as the service does: nested, without the sign.
    let mut sent_attrs = json(&f.attrs);
    sent_attrs["rtm"].as_object_mut().unwrap().remove("sign");
    assert_eq!(json(&stored), sent_attrs, "stored as sent, but the sign");
    assert!(info.expect("a file row's info").is_rtm_audio);

    // Custom attributes that are no JSON object, awaited: sent as a JSON string.
    let sent = pollster::block_on(
        sender
            .send_room_file(2002, 1001, MTYPE_OTHER, file)
            .custom_attrs("just text")
            .into_future(),
    )
    .unwrap();
    let f = next_file(&pushes);
    assert_eq!(f.mid, sent.mid);
    assert_eq!(json(&f.attrs)["custom"], "just text");
    let info = f.info.unwrap();
    assert_eq!(
        (info.is_rtm_audio, info.custom_attrs.as_deref()),
        (false, Some("just text"))
    );

    // A file name, with a callback.
    let (tx, rx) = mpsc::channel();
    sender
        .send_room_file(2002, 1001, MTYPE_OTHER, file)
        .file_name("hello voice")
        .with_callback(move |mid: i64, _: i64, error: Option<QuestError>| {
            tx.send((mid, error)).unwrap();
        });
    let (mid, error) = rx.recv_timeout(WAIT).unwrap();
    assert_eq!(error, None);
    let f = next_file(&pushes);
    assert_eq!(f.mid, mid);
    assert_eq!(json(&f.attrs)["rtm"]["filename"], "hello voice");
    assert_eq!(f.info.unwrap().file_name.as_deref(), Some("hello voice"));

    // Without a nested option: the flat form, as before.
    sender
        .send_room_file(2002, 1001, MTYPE_OTHER, file)
        .call()
        .unwrap();
    let f = next_file(&pushes);
    assert!(
        f.attrs.starts_with(r#"{"sign":""#) && f.attrs.ends_with(r#"", "ext":"amr"}"#),
        "{}",
        f.attrs
    );
    let info = f.info.unwrap();
    assert_eq!(
        (info.ext.as_deref(), info.custom_attrs),
        (Some("amr"), None)
    );
}

#[test]
fn the_size_limit_counts_the_nested_attrs() {
    let server = mock();
    let max_frame_len = 64 * 1024;
    let client = client_with(server.client_config().max_frame_len(max_frame_len));
    // Fits with the flat attrs, not with 8 KiB of custom attributes.
    let content = vec![7u8; max_frame_len - 2048];
    let file = FileContent::bytes("a.bin", &content);
    let custom = format!(r#"{{"k":"{}"}}"#, "x".repeat(8 * 1024));
    let error = client
        .send_file(1, 2, 50, file)
        .custom_attrs(&custom)
        .call()
        .unwrap_err();
    assert_eq!(
        error.error().code,
        rtm_server_sdk::error::codes::CORE_ENCODING,
        "{error}"
    );
    assert!(error.error().message.contains("does not fit"), "{error}");
    assert_eq!(
        server.quest_count("filetoken"),
        0,
        "refused before a token was taken"
    );
    client.send_file(1, 2, 50, file).call().unwrap();
    // And a nested form that fits is sent whole.
    client
        .send_file(1, 2, 50, file)
        .custom_attrs(r#"{"k":1}"#)
        .audio(AudioInfo::new("en", 1))
        .call()
        .unwrap();
}
