//! Server pushes as a stream (`client.pushes()`): every kind typed, in order, once; as a
//! `Stream` on any executor and as a blocking receiver; bounded per subscription while the
//! processor and the other subscriptions go on; unsubscribed when dropped; ended by close.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use common::*;
use futures_core::Stream;
use rtm_server_sdk::file::FileContent;
use rtm_server_sdk::listen::ListenEvent;
use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::push::{
    ContentKind, Event, EventPush, FilePush, MessagePush, QuestProcessor, RecvTimeoutError, Target,
    TryRecvError,
};
use rtm_server_sdk::rmpv::Value;
use rtm_server_sdk::{MessageBody, Push, Pushes, RtmServerClient};

const WAIT: Duration = Duration::from_secs(10);

fn next(pushes: &Pushes) -> Push {
    pushes.recv_timeout(WAIT).expect("a push")
}

fn message(push: Push) -> MessagePush {
    match push {
        Push::Message(m) => m,
        other => panic!("a message, not {other:?}"),
    }
}

fn file(push: Push) -> FilePush {
    match push {
        Push::File(f) => f,
        other => panic!("a file, not {other:?}"),
    }
}

fn event(push: Push) -> EventPush {
    match push {
        Push::Event(e) => e,
        other => panic!("an event, not {other:?}"),
    }
}

/// Asserts that nothing more comes.
fn nothing_more(pushes: &Pushes) {
    assert_eq!(
        pushes.recv_timeout(Duration::from_millis(200)),
        Err(RecvTimeoutError::Timeout)
    );
}

fn room_msg(mid: i64, msg: Value) -> Value {
    Value::Map(vec![
        ("from".into(), 1.into()),
        ("rid".into(), 1001.into()),
        ("mtype".into(), 30.into()),
        ("mid".into(), mid.into()),
        ("msg".into(), msg),
        ("attrs".into(), "".into()),
        ("mtime".into(), 1.into()),
    ])
}

fn mid_of(push: Push) -> i64 {
    message(push).mid
}

/// A connected client.
fn connected(server: &MockServer, backlog: Option<usize>) -> RtmServerClient {
    let mut config = server.client_config();
    if let Some(bytes) = backlog {
        config = config.max_push_backlog(bytes);
    }
    let client = client_with(config);
    assert_eq!(client.add_room_member(1, 2).call(), None);
    client
}

/// Counts the room chats the processor gets, by mid.
#[derive(Clone, Default)]
struct Mids(Arc<Mutex<Vec<i64>>>);

impl Mids {
    fn get(&self) -> Vec<i64> {
        self.0.lock().unwrap().clone()
    }
}

impl QuestProcessor for Mids {
    fn push_room_chat(&self, _: i64, _: i64, mid: i64, _: String, _: String, _: i64) {
        self.0.lock().unwrap().push(mid);
    }
}

#[test]
fn every_kind_of_push_arrives_typed_once_and_in_arrival_order() {
    let server = mock();
    let listener = client_for(&server);
    let pushes = listener.pushes();
    assert_eq!(
        listener
            .add_listen()
            .gids(&[5005])
            .rids(&[1001])
            .events(&[ListenEvent::Login, ListenEvent::Logout])
            .call(),
        None
    );
    // Every p2p message, broadcasts included.
    assert_eq!(listener.set_all_listen().p2p(true).call(), None);
    let b = client_for(&server);
    b.send_message(51, 2002, 2003, "p2p", "a1")
        .mid(11)
        .call()
        .unwrap();
    b.send_chat(2002, 2003, "hi", "a2").mid(12).call().unwrap();
    b.send_audio(2002, 2003, &[1, 2, 3], "")
        .mid(13)
        .call()
        .unwrap();
    b.send_cmd(2002, 2003, "kick", "").mid(14).call().unwrap();
    b.send_group_message(52, 3003, 5005, "g", "")
        .mid(21)
        .call()
        .unwrap();
    b.send_group_chat(3003, 5005, "hi group", "")
        .mid(22)
        .call()
        .unwrap();
    b.send_group_audio(3003, 5005, &[4], "")
        .mid(23)
        .call()
        .unwrap();
    b.send_group_cmd(3003, 5005, "g-cmd", "")
        .mid(24)
        .call()
        .unwrap();
    b.send_room_message(53, 3003, 1001, "r", "")
        .mid(31)
        .call()
        .unwrap();
    b.send_room_chat(3003, 1001, "hi room", "")
        .mid(32)
        .call()
        .unwrap();
    b.send_room_audio(3003, 1001, &[5, 6], "")
        .mid(33)
        .call()
        .unwrap();
    b.send_room_cmd(3003, 1001, "r-cmd", "")
        .mid(34)
        .call()
        .unwrap();
    b.broadcast_chat(4004, "to all", "").mid(41).call().unwrap();
    let content = FileContent::bytes("notes.txt", b"the file");
    let p2p_file = b.send_file(2002, 2003, 50, content).call().unwrap().mid;
    let group_file = b
        .send_group_file(2002, 5005, 51, content)
        .call()
        .unwrap()
        .mid;
    let room_file = b
        .send_room_file(2002, 1001, 52, content)
        .call()
        .unwrap()
        .mid;
    // The user's client logs in and out.
    server.user_login(2002);
    server.user_logout(2002);
    // Raw: a custom type with a binary body, an unknown method, a ping (not a push), an
    // event of another name.
    let mut custom = room_msg(61, Value::Binary(vec![0, 255]));
    if let Value::Map(entries) = &mut custom {
        entries[2].1 = 60.into();
    }
    server.push("pushroommsg", &custom, true, 1);
    let unknown = Value::Map(vec![("x".into(), 1.into())]);
    server.push("pushsomethingnew", &unknown, true, 1);
    server.push("ping", &Value::Map(vec![]), true, 1);
    let other_event = Value::Map(vec![
        ("pid".into(), 7.into()),
        ("uid".into(), 9.into()),
        ("event".into(), "kicked".into()),
        ("time".into(), 5.into()),
        ("data".into(), "why".into()),
    ]);
    server.push("pushevent", &other_event, false, 1);

    let messages = [
        (Target::P2P { to: 2003 }, 2002, 51, ContentKind::Custom, 11),
        (Target::P2P { to: 2003 }, 2002, 30, ContentKind::Chat, 12),
        (Target::P2P { to: 2003 }, 2002, 31, ContentKind::Audio, 13),
        (Target::P2P { to: 2003 }, 2002, 32, ContentKind::Cmd, 14),
        (
            Target::Group { gid: 5005 },
            3003,
            52,
            ContentKind::Custom,
            21,
        ),
        (Target::Group { gid: 5005 }, 3003, 30, ContentKind::Chat, 22),
        (
            Target::Group { gid: 5005 },
            3003,
            31,
            ContentKind::Audio,
            23,
        ),
        (Target::Group { gid: 5005 }, 3003, 32, ContentKind::Cmd, 24),
        (
            Target::Room { rid: 1001 },
            3003,
            53,
            ContentKind::Custom,
            31,
        ),
        (Target::Room { rid: 1001 }, 3003, 30, ContentKind::Chat, 32),
        (Target::Room { rid: 1001 }, 3003, 31, ContentKind::Audio, 33),
        (Target::Room { rid: 1001 }, 3003, 32, ContentKind::Cmd, 34),
        (Target::Broadcast, 4004, 30, ContentKind::Chat, 41),
    ];
    let bodies = [
        MessageBody::Text("p2p".into()),
        MessageBody::Text("hi".into()),
        MessageBody::Binary(vec![1, 2, 3]),
        MessageBody::Text("kick".into()),
        MessageBody::Text("g".into()),
        MessageBody::Text("hi group".into()),
        MessageBody::Binary(vec![4]),
        MessageBody::Text("g-cmd".into()),
        MessageBody::Text("r".into()),
        MessageBody::Text("hi room".into()),
        MessageBody::Binary(vec![5, 6]),
        MessageBody::Text("r-cmd".into()),
        MessageBody::Text("to all".into()),
    ];
    for ((target, from, mtype, kind, mid), body) in messages.into_iter().zip(bodies) {
        let m = message(next(&pushes));
        assert_eq!(
            (m.target, m.from_uid, m.mtype, m.kind, m.mid, m.msg),
            (target, from, mtype, kind, mid, body)
        );
        assert!(m.mtime > 0);
        if mid == 11 || mid == 12 {
            assert_eq!(m.attrs, format!("a{}", mid - 10));
        }
    }
    for (target, mtype, mid) in [
        (Target::P2P { to: 2003 }, 50, p2p_file),
        (Target::Group { gid: 5005 }, 51, group_file),
        (Target::Room { rid: 1001 }, 52, room_file),
    ] {
        let f = file(next(&pushes));
        assert_eq!(
            (f.target, f.from_uid, f.mtype, f.mid),
            (target, 2002, mtype, mid)
        );
        let url = f.msg.as_text().expect("a URL, as text");
        assert!(
            url.starts_with("https://") && url.contains("size=8"),
            "{url}"
        );
        assert!(f.attrs.contains("\"ext\":\"txt\""), "{}", f.attrs);
        assert!(f.mtime > 0);
    }
    for expected in [Event::Login, Event::Logout] {
        let e = event(next(&pushes));
        assert_eq!((e.event, e.uid, e.data), (expected, 2002, None));
        assert!(e.pid > 0 && e.time > 0);
    }
    let m = message(next(&pushes));
    assert_eq!(
        (m.mtype, m.kind, m.msg),
        (60, ContentKind::Custom, MessageBody::Binary(vec![0, 255])),
        "a custom body as sent"
    );
    assert_eq!(
        next(&pushes),
        Push::Unknown {
            method: "pushsomethingnew".into(),
            payload: unknown
        }
    );
    let e = event(next(&pushes));
    assert_eq!(
        (e.pid, e.event.as_str(), e.uid, e.time, e.endpoint.as_str()),
        (7, "kicked", 9, 5, "")
    );
    assert_eq!(e.event, Event::Other("kicked".into()));
    assert_eq!(e.data.as_deref(), Some("why"));
    nothing_more(&pushes);
}

#[test]
fn the_processor_and_every_stream_see_each_push_once_and_duplicates_reach_none() {
    let server = mock();
    let client = connected(&server, None);
    let processed = Mids::default();
    client.set_quest_processor(processed.clone());
    let (first, second) = (client.pushes(), client.pushes());
    server.push("pushroommsg", &room_msg(7, "a".into()), true, 2);
    // A file with the sender, room and mid of a message is a duplicate too.
    server.push("pushroomfile", &room_msg(7, "f".into()), true, 1);
    server.push("pushroommsg", &room_msg(8, "b".into()), true, 1);
    server.push("pushroommsg", &room_msg(9, "oneway".into()), false, 1);
    for pushes in [&first, &second] {
        let got: Vec<i64> = (0..3).map(|_| mid_of(next(pushes))).collect();
        assert_eq!(got, [7, 8, 9]);
        nothing_more(pushes);
    }
    assert_eq!(processed.get(), [7, 8, 9]);
    assert_eq!(client.dropped_pushes(), 0);
}

/// A waker that counts its wakes and the threads they came from.
#[derive(Default)]
struct Recorder {
    wakes: AtomicUsize,
    threads: Mutex<Vec<String>>,
}

impl Wake for Recorder {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        let name = std::thread::current().name().unwrap_or("").to_string();
        self.threads.lock().unwrap().push(name);
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn the_stream_wakes_its_task_from_the_callback_thread_and_ends_after_close() {
    let server = mock();
    let client = connected(&server, None);
    let mut pushes = client.pushes();
    let recorder = Arc::new(Recorder::default());
    let waker = Waker::from(recorder.clone());
    let mut cx = Context::from_waker(&waker);
    assert!(Pin::new(&mut pushes).poll_next(&mut cx).is_pending());
    server.push("pushroommsg", &room_msg(1, "x".into()), true, 1);
    assert!(eventually(WAIT, || recorder.wakes.load(Ordering::SeqCst) > 0));
    assert_eq!(*recorder.threads.lock().unwrap(), ["rtm-callback"]);
    let Poll::Ready(Some(push)) = Pin::new(&mut pushes).poll_next(&mut cx) else {
        panic!("ready once woken");
    };
    assert_eq!(mid_of(push), 1);
    assert!(Pin::new(&mut pushes).poll_next(&mut cx).is_pending());
    client.close().unwrap();
    assert!(eventually(WAIT, || recorder.wakes.load(Ordering::SeqCst) > 1));
    assert_eq!(Pin::new(&mut pushes).poll_next(&mut cx), Poll::Ready(None));
    assert_eq!(Pin::new(&mut pushes).poll_next(&mut cx), Poll::Ready(None));
}

/// The next item of a stream, as `StreamExt::next` would.
fn next_item(pushes: &mut Pushes) -> impl Future<Output = Option<Push>> + '_ {
    std::future::poll_fn(move |cx| Pin::new(&mut *pushes).poll_next(cx))
}

#[test]
fn the_stream_runs_on_tokio_and_pollster() {
    let server = mock();
    let client = connected(&server, None);
    let mut pushes = client.pushes();
    let mut other = client.pushes();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    // The task waits before anything is pushed.
    let task = runtime.spawn(async move {
        let mut mids = Vec::new();
        while let Some(push) = next_item(&mut pushes).await {
            mids.push(mid_of(push));
        }
        mids
    });
    std::thread::sleep(Duration::from_millis(100));
    for mid in 1..=4 {
        server.push("pushroommsg", &room_msg(mid, "x".into()), true, 1);
    }
    for mid in 1..=4 {
        let got = pollster::block_on(next_item(&mut other)).expect("a push");
        assert_eq!(mid_of(got), mid);
    }
    client.close().unwrap();
    assert_eq!(pollster::block_on(next_item(&mut other)), None);
    let mids = runtime
        .block_on(async { tokio::time::timeout(WAIT, task).await })
        .expect("the stream ends after close")
        .unwrap();
    assert_eq!(mids, [1, 2, 3, 4]);
}

#[test]
fn blocking_receivers_time_out_and_end_after_close_with_what_was_queued_first() {
    let server = mock();
    let client = connected(&server, None);
    let pushes = Arc::new(client.pushes());
    assert_eq!(pushes.try_recv(), Err(TryRecvError::Empty));
    let (_, waited) = timed(|| {
        assert_eq!(
            pushes.recv_timeout(Duration::from_millis(100)),
            Err(RecvTimeoutError::Timeout)
        )
    });
    assert!(waited >= Duration::from_millis(100), "{waited:?}");
    let processed = Mids::default();
    client.set_quest_processor(processed.clone());
    server.push("pushroommsg", &room_msg(1, "x".into()), true, 1);
    assert!(eventually(WAIT, || processed.get() == [1]));
    // A receiver blocked in another thread.
    let blocked = {
        let pushes = pushes.clone();
        std::thread::spawn(move || {
            let first = pushes.recv().map(mid_of);
            (first, pushes.recv())
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    client.close().unwrap();
    let (first, end) = within(WAIT, move || blocked.join().unwrap());
    assert_eq!(first, Some(1), "queued before the close: still received");
    assert_eq!(end, None, "then the end");
    assert_eq!(pushes.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(
        client.pushes().recv_timeout(WAIT),
        Err(RecvTimeoutError::Closed),
        "a subscription made after the close is over at once"
    );
}

#[test]
fn the_stream_ends_when_the_last_client_handle_is_dropped() {
    let server = mock();
    let client = connected(&server, None);
    let pushes = client.pushes();
    drop(client);
    assert_eq!(within(WAIT, move || pushes.recv()), None);
}

/// A room chat of about 2 KiB.
fn big(mid: i64) -> Value {
    room_msg(mid, "x".repeat(2000).into())
}

#[test]
fn an_unread_stream_drops_and_counts_while_the_processor_and_a_read_stream_get_everything() {
    let server = mock();
    let client = connected(&server, Some(64 * 1024));
    let processed = Mids::default();
    client.set_quest_processor(processed.clone());
    let unread = client.pushes();
    let read = client.pushes();
    let mut received = Vec::new();
    // In rounds of 10 (20 KiB), each read before the next: 200 KiB in all.
    for round in 0..10 {
        for i in 0..10 {
            server.push("pushroommsg", &big(round * 10 + i), true, 1);
        }
        for _ in 0..10 {
            received.push(mid_of(next(&read)));
        }
    }
    let all: Vec<i64> = (0..100).collect();
    assert_eq!(received, all);
    assert!(eventually(WAIT, || processed.get().len() == 100));
    assert_eq!(processed.get(), all);
    assert_eq!(read.dropped(), 0);
    let dropped = unread.dropped();
    assert!(
        dropped > 50,
        "about 30 of 2 KiB fit in 64 KiB; dropped {dropped}"
    );
    assert_eq!(
        client.dropped_pushes(),
        dropped,
        "counted for the client too"
    );
    // What it kept: the oldest, in order; then it takes pushes again.
    let mut kept = Vec::new();
    while let Ok(push) = unread.try_recv() {
        kept.push(mid_of(push));
    }
    assert_eq!(kept, (0..kept.len() as i64).collect::<Vec<_>>());
    assert_eq!(kept.len() as u64 + dropped, 100);
    server.push("pushroommsg", &big(100), true, 1);
    assert_eq!(mid_of(next(&unread)), 100);
    assert_eq!(mid_of(next(&read)), 100);
    assert_eq!(client.dropped_pushes(), dropped);
}

#[test]
fn a_dropped_stream_is_unsubscribed_and_holds_nothing() {
    let server = mock();
    let client = connected(&server, Some(64 * 1024));
    let processed = Mids::default();
    client.set_quest_processor(processed.clone());
    let kept = client.pushes();
    let dropped = client.pushes();
    server.push("pushroommsg", &big(0), true, 1);
    assert_eq!(mid_of(next(&kept)), 0);
    drop(dropped);
    // Far more than its queue would hold: had it stayed subscribed, pushes would drop.
    for mid in 1..=60 {
        server.push("pushroommsg", &big(mid), true, 1);
        assert_eq!(mid_of(next(&kept)), mid);
    }
    assert!(eventually(WAIT, || processed.get().len() == 61));
    assert_eq!(client.dropped_pushes(), 0);
}

#[test]
fn receiving_on_the_callback_thread_takes_what_is_queued_and_never_waits() {
    struct Inside {
        pushes: Pushes,
        seen: std::sync::mpsc::Sender<(Option<i64>, Option<i64>, Duration)>,
    }
    impl QuestProcessor for Inside {
        fn push_room_chat(&self, _: i64, _: i64, _: i64, _: String, _: String, _: i64) {
            let started = std::time::Instant::now();
            // The stream got this push before the processor did.
            let first = self.pushes.recv().map(mid_of);
            let second = self.pushes.recv_timeout(WAIT).ok().map(mid_of);
            let _ = self.seen.send((first, second, started.elapsed()));
        }
    }
    let server = mock();
    let client = connected(&server, None);
    let (tx, rx) = std::sync::mpsc::channel();
    client.set_quest_processor(Inside {
        pushes: client.pushes(),
        seen: tx,
    });
    server.push("pushroommsg", &room_msg(5, "x".into()), true, 1);
    let (first, second, took) = rx.recv_timeout(WAIT).expect("the processor ran");
    assert_eq!((first, second), (Some(5), None));
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(
        client.add_room_member(1, 3).call(),
        None,
        "the client works on"
    );
}
