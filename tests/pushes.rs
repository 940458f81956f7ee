//! Server pushes through the quest processor: typed, in order, once (duplicate filter),
//! oneway and unknown ones included, whatever the payload; and a listen state that
//! survives reconnections.

mod common;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use rtm_server_sdk::listen::ListenEvent;
use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::push::QuestProcessor;
use rtm_server_sdk::rmpv::Value;
use rtm_server_sdk::{ConnectionCallback, MessageBody, QuestError, RtmServerClient};

/// Records every push as a line of text, in order.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Recorder {
    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    fn wait_for(&self, n: usize) -> Vec<String> {
        assert!(
            eventually(Duration::from_secs(10), || self.0.lock().unwrap().len()
                >= n),
            "expected {n} pushes, got {:?}",
            self.lines()
        );
        self.lines()
    }

    fn log(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }
}

fn text(body: &MessageBody) -> String {
    match body {
        MessageBody::Text(t) => format!("text {t}"),
        MessageBody::Binary(b) => format!("bin {b:?}"),
    }
}

impl QuestProcessor for Recorder {
    fn ping(&self) {
        self.log("ping".into());
    }
    fn push_message(
        &self,
        from: i64,
        to: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        attrs: String,
        _: i64,
    ) {
        self.log(format!(
            "message {from}->{to} {mtype} {mid} {} {attrs}",
            text(&msg)
        ));
    }
    fn push_group_message(
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
            "group message {from}->{gid} {mtype} {mid} {}",
            text(&msg)
        ));
    }
    fn push_room_message(
        &self,
        from: i64,
        rid: i64,
        mtype: i64,
        _: i64,
        msg: MessageBody,
        _: String,
        _: i64,
    ) {
        self.log(format!("room message {from}->{rid} {mtype} {}", text(&msg)));
    }
    fn push_chat(&self, from: i64, to: i64, _: i64, msg: String, _: String, _: i64) {
        self.log(format!("chat {from}->{to} {msg}"));
    }
    fn push_audio(&self, from: i64, to: i64, _: i64, msg: Vec<u8>, _: String, _: i64) {
        self.log(format!("audio {from}->{to} {msg:?}"));
    }
    fn push_cmd(&self, from: i64, to: i64, _: i64, msg: String, _: String, _: i64) {
        self.log(format!("cmd {from}->{to} {msg}"));
    }
    fn push_group_chat(&self, from: i64, gid: i64, _: i64, msg: String, _: String, _: i64) {
        self.log(format!("group chat {from}->{gid} {msg}"));
    }
    fn push_group_audio(&self, from: i64, gid: i64, _: i64, msg: Vec<u8>, _: String, _: i64) {
        self.log(format!("group audio {from}->{gid} {msg:?}"));
    }
    fn push_group_cmd(&self, from: i64, gid: i64, _: i64, msg: String, _: String, _: i64) {
        self.log(format!("group cmd {from}->{gid} {msg}"));
    }
    fn push_room_chat(&self, from: i64, rid: i64, _: i64, msg: String, _: String, _: i64) {
        self.log(format!("room chat {from}->{rid} {msg}"));
    }
    fn push_room_audio(&self, from: i64, rid: i64, _: i64, msg: Vec<u8>, _: String, _: i64) {
        self.log(format!("room audio {from}->{rid} {msg:?}"));
    }
    fn push_room_cmd(&self, from: i64, rid: i64, _: i64, msg: String, _: String, _: i64) {
        self.log(format!("room cmd {from}->{rid} {msg}"));
    }
    fn push_event(
        &self,
        pid: i64,
        event: String,
        uid: i64,
        time: i64,
        _: String,
        _: Option<String>,
    ) {
        assert!(pid > 0 && time > 0);
        self.log(format!("event {uid} {event}"));
    }
    fn unknown_push(&self, method: &str, payload: Value) {
        self.log(format!("unknown {method} {payload}"));
    }
}

fn listener(server: &MockServer) -> (RtmServerClient, Recorder) {
    let client = client_for(server);
    let recorder = Recorder::default();
    client.set_quest_processor(recorder.clone());
    (client, recorder)
}

#[test]
fn a_listener_hears_every_kind_of_message_and_event_once_with_typed_values() {
    let server = mock();
    let (a, heard) = listener(&server);
    let b = client_for(&server);
    assert_eq!(
        a.add_listen()
            .gids(&[5005])
            .rids(&[1001])
            .uids(&[2002])
            .events(&[ListenEvent::Login, ListenEvent::Logout])
            .call(),
        None
    );
    b.send_message(51, 2002, 2003, "p2p", "a1")
        .mid(11)
        .call()
        .unwrap();
    b.send_chat(2002, 2003, "hi", "").call().unwrap();
    b.send_audio(2002, 2003, &[1, 2, 3], "").call().unwrap();
    b.send_cmd(2002, 2003, "kick", "").call().unwrap();
    b.send_group_message(52, 3003, 5005, "g", "")
        .mid(12)
        .call()
        .unwrap();
    b.send_group_chat(3003, 5005, "hi group", "")
        .call()
        .unwrap();
    b.send_group_audio(3003, 5005, &[4], "").call().unwrap();
    b.send_group_cmd(3003, 5005, "g-cmd", "").call().unwrap();
    b.send_room_message(53, 3003, 1001, "r", "").call().unwrap();
    b.send_room_chat(3003, 1001, "hi room", "").call().unwrap();
    b.send_room_audio(3003, 1001, &[5, 6], "").call().unwrap();
    b.send_room_cmd(3003, 1001, "r-cmd", "").call().unwrap();
    // Not listened to: another room, another group, p2p between other users.
    b.send_room_chat(3003, 1002, "elsewhere", "")
        .call()
        .unwrap();
    b.send_group_chat(3003, 5006, "elsewhere", "")
        .call()
        .unwrap();
    b.send_chat(4004, 5005, "elsewhere", "").call().unwrap();
    server.user_login(2002);
    server.user_logout(2002);
    let expected = [
        "message 2002->2003 51 11 text p2p a1",
        "chat 2002->2003 hi",
        "audio 2002->2003 [1, 2, 3]",
        "cmd 2002->2003 kick",
        "group message 3003->5005 52 12 text g",
        "group chat 3003->5005 hi group",
        "group audio 3003->5005 [4]",
        "group cmd 3003->5005 g-cmd",
        "room message 3003->1001 53 text r",
        "room chat 3003->1001 hi room",
        "room audio 3003->1001 [5, 6]",
        "room cmd 3003->1001 r-cmd",
        "event 2002 login",
        "event 2002 logout",
    ];
    assert_eq!(
        heard.wait_for(expected.len()),
        expected,
        "in order, once each"
    );
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(heard.lines().len(), expected.len(), "nothing more");
}

fn chat_push(mid: i64) -> Value {
    room_push(mid, 30)
}

fn room_push(mid: i64, mtype: i64) -> Value {
    Value::Map(vec![
        ("from".into(), 1.into()),
        ("rid".into(), 1001.into()),
        ("mtype".into(), mtype.into()),
        ("mid".into(), mid.into()),
        ("msg".into(), "dup?".into()),
        ("attrs".into(), "".into()),
        ("mtime".into(), 1.into()),
    ])
}

#[test]
fn the_same_push_is_delivered_once_and_again_after_the_time_to_live() {
    let server = mock();
    let client = client_with(
        server
            .client_config()
            .push_dedup_ttl(Duration::from_millis(300)),
    );
    let heard = Recorder::default();
    client.set_quest_processor(heard.clone());
    assert_eq!(client.add_room_member(1, 2).call(), None); // connected
    server.push("pushroommsg", &chat_push(7), true, 2);
    // A file push with the same sender, room and mid is a duplicate too (shared cache).
    server.push("pushroomfile", &room_push(7, 40), true, 1);
    server.push("pushroommsg", &chat_push(8), true, 1);
    assert_eq!(
        heard.wait_for(2),
        ["room chat 1->1001 dup?"; 2],
        "mids 7 and 8"
    );
    std::thread::sleep(Duration::from_millis(400));
    server.push("pushroommsg", &chat_push(7), true, 1);
    assert_eq!(heard.wait_for(3).len(), 3, "7 again after the time-to-live");
    assert!(
        eventually(PROMPT, || server.stats().answers >= 5),
        "all answered"
    );
}

#[test]
fn oneway_unknown_and_odd_pushes_are_delivered_and_answered_as_fpnn_requires() {
    let server = mock();
    let (client, heard) = listener(&server);
    assert_eq!(client.add_room_member(1, 2).call(), None);
    let answers = server.stats().answers;
    // Oneway: delivered, never answered.
    server.push("pushroommsg", &chat_push(1), false, 1);
    server.push("ping", &Value::Map(vec![]), false, 1);
    // Unknown twoway: answered (20004) and handed on raw.
    server.push(
        "pushsomethingnew",
        &Value::Map(vec![("x".into(), 1.into())]),
        true,
        1,
    );
    // A non-string map key and a string that is not UTF-8.
    let odd = Value::Map(vec![
        (Value::from(1), Value::from(2)),
        ("from".into(), 9.into()),
        ("to".into(), 8.into()),
        ("mtype".into(), 30.into()),
        ("mid".into(), 3.into()),
        // A str of three bytes, the middle one not UTF-8.
        (
            "msg".into(),
            rtm_server_sdk::rmpv::decode::read_value(&mut &[0xa3, b'o', 0xff, b'k'][..]).unwrap(),
        ),
    ]);
    server.push("pushmsg", &odd, true, 1);
    let lines = heard.wait_for(4);
    assert_eq!(lines[0], "room chat 1->1001 dup?");
    assert_eq!(lines[1], "ping");
    assert!(
        lines[2].starts_with("unknown pushsomethingnew"),
        "{lines:?}"
    );
    assert_eq!(lines[3], "chat 9->8 o\u{fffd}k", "read lossily, delivered");
    assert!(eventually(PROMPT, || server.stats().answers == answers + 2));
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        server.stats().answers,
        answers + 2,
        "the oneway pushes got no answer"
    );
    assert_eq!(
        client.add_room_member(1, 3).call(),
        None,
        "the client works on"
    );
}

#[derive(Clone)]
struct Restored(mpsc::Sender<Option<QuestError>>);

impl ConnectionCallback for Restored {
    fn connected(&self, _: u64, _: &str, _: bool) {}
    fn closed(&self, _: u64, _: &str, _: bool, _: bool) {}
    fn listen_restored(&self, _: u64, error: Option<QuestError>) {
        let _ = self.0.send(error);
    }
}

#[test]
fn the_listen_state_survives_a_reconnection_and_is_restored_before_the_next_call() {
    let server = mock();
    let b = client_for(&server);
    // A reconnects by itself; C reconnects on its next call.
    let a = client_with(server.client_config().auto_reconnect(true));
    let c = client_for(&server);
    let (a_heard, c_heard) = (Recorder::default(), Recorder::default());
    a.set_quest_processor(a_heard.clone());
    c.set_quest_processor(c_heard.clone());
    let (restored_tx, restored) = mpsc::channel();
    a.set_connection_callback(Restored(restored_tx));
    assert_eq!(a.add_listen().rids(&[1001, 1002]).call(), None);
    assert_eq!(a.remove_listen().rids(&[1002]).call(), None);
    assert_eq!(a.set_all_listen().group(true).call(), None);
    assert_eq!(c.set_listen().rids(&[1001]).call(), None);
    b.send_room_chat(1, 1001, "before", "").call().unwrap();
    a_heard.wait_for(1);
    c_heard.wait_for(1);

    server.close_connections();
    assert_eq!(
        restored
            .recv_timeout(Duration::from_secs(10))
            .expect("A restored its listen state"),
        None
    );
    let started = Instant::now();
    b.send_room_chat(1, 1001, "after", "").call().unwrap();
    b.send_room_chat(1, 1002, "removed before the drop", "")
        .call()
        .unwrap();
    b.send_group_chat(1, 77, "any group", "").call().unwrap();
    assert_eq!(
        a_heard.wait_for(3),
        [
            "room chat 1->1001 before",
            "room chat 1->1001 after",
            "group chat 1->77 any group"
        ]
    );
    assert!(started.elapsed() < PROMPT);

    // C's next call reconnects; its listen state goes out before that call.
    assert!(eventually(PROMPT, || !c.is_connected()));
    assert_eq!(c.get_room_members(1001).call(), Ok(vec![]));
    b.send_room_chat(1, 1001, "after C's call", "")
        .call()
        .unwrap();
    assert_eq!(c_heard.wait_for(2)[1], "room chat 1->1001 after C's call");
}

#[test]
fn listen_calls_in_callback_and_async_form_are_remembered_and_refused_ones_are_not() {
    let server = mock();
    let sender = client_for(&server);
    let (client, heard) = listener(&server);
    let (tx, rx) = mpsc::channel();
    let done = tx.clone();
    client
        .add_listen()
        .rids(&[1003])
        .with_callback(move |e| done.send(e).unwrap());
    assert_eq!(rx.recv_timeout(PROMPT).unwrap(), None);
    client
        .add_listen()
        .with_callback(move |e| tx.send(e).unwrap());
    assert!(
        rx.recv_timeout(PROMPT)
            .unwrap()
            .unwrap()
            .is_invalid_argument()
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    assert_eq!(
        runtime.block_on(client.add_listen().rids(&[1004]).into_future()),
        Ok(())
    );
    let refused = runtime.block_on(client.set_all_listen().into_future());
    assert!(refused.unwrap_err().is_invalid_argument());

    // What was acknowledged goes out again on the next connection.
    server.close_connections();
    // A call made before the client saw the close could still go out on the old socket.
    assert!(eventually(PROMPT, || !client.is_connected()));
    assert_eq!(client.get_room_members(1).call(), Ok(vec![]));
    for rid in [1005, 1003, 1004] {
        sender.send_room_chat(1, rid, "after", "").call().unwrap();
    }
    assert_eq!(
        heard.wait_for(2),
        ["room chat 1->1003 after", "room chat 1->1004 after"]
    );
}

#[test]
fn a_panicking_or_slow_processor_never_stops_pushes_or_calls() {
    struct Troublesome(Arc<Mutex<Vec<i64>>>);
    impl QuestProcessor for Troublesome {
        fn push_room_chat(&self, _: i64, _: i64, mid: i64, _: String, _: String, _: i64) {
            self.0.lock().unwrap().push(mid);
            match mid {
                1 => panic!("a processor bug"),
                2 => std::thread::sleep(Duration::from_secs(1)),
                _ => {}
            }
        }
    }
    let server = mock();
    let client = client_for(&server);
    let seen = Arc::new(Mutex::new(Vec::new()));
    client.set_quest_processor(Troublesome(seen.clone()));
    assert_eq!(client.add_room_member(1, 2).call(), None);
    let answers = server.stats().answers;
    for mid in 1..=4 {
        server.push("pushroommsg", &chat_push(mid), true, 1);
    }
    // While the processor sleeps: pushes are answered and calls work.
    assert!(eventually(PROMPT, || server.stats().answers >= answers + 4));
    let (error, elapsed) = timed(|| client.add_room_member(1, 3).call());
    assert_eq!(error, None);
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
    assert!(eventually(Duration::from_secs(5), || seen
        .lock()
        .unwrap()
        .len()
        == 4));
    assert_eq!(
        *seen.lock().unwrap(),
        [1, 2, 3, 4],
        "in order, past the panic"
    );
}
