//! File gateway connections: never closed under a send, idle counted from the last send's
//! end, outcomes on the client's callback thread, a close that does not wait for callbacks,
//! dead or silent gateways replaced, and async sends that do not keep the client alive.

mod common;

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use common::*;
use rtm_server_sdk::file::FileContent;
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::{ClientConfig, QuestError, RtmServerClient};

const FILE: FileContent<'static> = FileContent::Bytes {
    name: "a.bin",
    content: &[1, 2, 3],
};

#[test]
fn a_send_longer_than_the_idle_time_is_not_reaped_and_idle_counts_from_its_end() {
    let server = mock();
    let idle = Duration::from_millis(200);
    let delay = Duration::from_millis(600);
    let client = client_with(server.client_config().file_gateway_idle(idle));
    for form in ["blocking", "callback", "async"] {
        server.add_fault(
            FaultRule::new(Fault::Delay(delay))
                .method("sendfile")
                .times(1),
        );
        let started = Instant::now();
        let outcome = match form {
            "blocking" => client.send_file(1, 2, 50, FILE).call(),
            "callback" => {
                let (tx, rx) = mpsc::channel();
                client.send_file(1, 2, 50, FILE).with_callback(
                    move |mid: i64, mtime: i64, e: Option<QuestError>| {
                        tx.send((mid, mtime, e)).unwrap();
                    },
                );
                let (_, mtime, error) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
                assert_eq!(error, None, "callback");
                assert!(mtime > 0);
                Ok(rtm_server_sdk::message::MessageSent::default())
            }
            _ => pollster::block_on(client.send_file(1, 2, 50, FILE).into_future()),
        };
        let ended = Instant::now();
        let elapsed = ended - started;
        assert!(outcome.is_ok(), "{form}: {:?}", outcome.err());
        assert!(
            elapsed >= delay && elapsed < delay + PROMPT,
            "{form}: {elapsed:?}"
        );
        // The send just ended: the gateway's idle time starts now, not when it started
        // (checked when this thread was not held up for long).
        let open = client.file_gateways_open();
        if ended.elapsed() < idle / 2 {
            assert_eq!(open, 1, "{form}");
        }
        assert!(
            eventually(idle + PROMPT, || client.file_gateways_open() == 0),
            "{form}: the gateway was closed once idle"
        );
    }
    // One gateway connection per form: none was closed under its send and opened again.
    assert_eq!(server.stats().connections, 1 + 3);
}

#[test]
fn an_abandoned_async_send_lets_its_gateway_close_when_idle() {
    let server = mock();
    let idle = Duration::from_millis(200);
    let client = client_with(server.client_config().file_gateway_idle(idle));
    server.add_fault(FaultRule::new(Fault::NoAnswer).method("sendfile").times(1));
    let mut future = Box::pin(client.send_file(1, 2, 50, FILE).into_future());
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    assert!(
        eventually(PROMPT, || {
            let _ = future.as_mut().poll(&mut cx);
            server.quest_count("sendfile") == 1
        }),
        "the file reached the gateway"
    );
    assert_eq!(client.file_gateways_open(), 1);
    drop(future);
    assert!(
        eventually(idle + PROMPT, || client.file_gateways_open() == 0),
        "the gateway closed once idle"
    );
}

#[test]
fn file_send_callbacks_run_on_the_clients_callback_thread_one_at_a_time() {
    let server = mock();
    let client = client_for(&server);
    let (tx, rx) = mpsc::channel();
    client
        .add_room_member(1, 2)
        .with_callback(move |_: Option<QuestError>| {
            tx.send(std::thread::current().id()).unwrap();
        });
    let callback_thread = rx.recv_timeout(Duration::from_secs(5)).unwrap();

    let active = Arc::new(AtomicUsize::new(0));
    let overlapped = Arc::new(AtomicBool::new(false));
    let enter = {
        let (active, overlapped) = (active.clone(), overlapped.clone());
        move || {
            if active.fetch_add(1, Ordering::SeqCst) != 0 {
                overlapped.store(true, Ordering::SeqCst);
            }
            std::thread::sleep(Duration::from_millis(10));
            active.fetch_sub(1, Ordering::SeqCst);
        }
    };
    let (tx, rx) = mpsc::channel();
    let rounds = 8;
    for _ in 0..rounds {
        let (file_tx, file_enter) = (tx.clone(), enter.clone());
        client.send_file(1, 2, 50, FILE).with_callback(
            move |_: i64, _: i64, e: Option<QuestError>| {
                file_enter();
                file_tx
                    .send(("file", std::thread::current().id(), e))
                    .unwrap();
            },
        );
        let (call_tx, call_enter) = (tx.clone(), enter.clone());
        client
            .add_room_member(1, 2)
            .with_callback(move |e: Option<QuestError>| {
                call_enter();
                call_tx
                    .send(("call", std::thread::current().id(), e))
                    .unwrap();
            });
    }
    for _ in 0..rounds * 2 {
        let (kind, thread, error) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(error, None, "{kind}");
        assert_eq!(
            thread, callback_thread,
            "{kind}: on the client's callback thread"
        );
    }
    assert!(!overlapped.load(Ordering::SeqCst), "callbacks overlapped");
}

/// Starts a callback-form file send whose callback sleeps for `sleep`; returns once the
/// callback runs.
fn sleeping_file_callback(client: &RtmServerClient, sleep: Duration) {
    let (tx, rx) = mpsc::channel();
    client
        .send_file(1, 2, 50, FILE)
        .with_callback(move |_: i64, _: i64, _: Option<QuestError>| {
            tx.send(()).unwrap();
            std::thread::sleep(sleep);
        });
    rx.recv_timeout(Duration::from_secs(10)).unwrap();
}

#[test]
fn close_async_does_not_wait_for_a_file_callback() {
    let server = mock();
    let client = client_for(&server);
    sleeping_file_callback(&client, Duration::from_secs(3));
    let (_, elapsed) = timed(|| pollster::block_on(client.close_async()));
    assert!(elapsed < PROMPT, "close_async took {elapsed:?}");
    assert!(client.is_closed());
    let error = client.send_file(1, 2, 50, FILE).call().unwrap_err();
    assert!(error.error().is_connection_closed(), "{error}");
}

#[test]
fn dropping_the_last_handle_does_not_wait_for_a_file_callback() {
    let server = mock();
    let client = client_for(&server);
    sleeping_file_callback(&client, Duration::from_secs(3));
    let (_, elapsed) = timed(|| drop(client));
    assert!(elapsed < PROMPT, "the drop took {elapsed:?}");
}

#[test]
fn a_gateway_that_stops_answering_is_replaced_but_not_under_another_send() {
    let server = mock();
    let client = client_for(&server);
    client.send_file(1, 2, 50, FILE).call().unwrap();
    assert_eq!(server.stats().connections, 2);

    // A slow send in flight, then one the gateway never answers.
    let slow = Duration::from_millis(1200);
    server.add_fault(
        FaultRule::new(Fault::Delay(slow))
            .method("sendfile")
            .times(1),
    );
    server.add_fault(FaultRule::new(Fault::NoAnswer).method("sendfile").times(1));
    let slow_send = {
        let client = client.clone();
        std::thread::spawn(move || client.send_file(1, 2, 50, FILE).call())
    };
    assert!(eventually(PROMPT, || server.quest_count("sendfile") == 2));
    let timeout = Duration::from_millis(300);
    let started = Instant::now();
    let error = client
        .send_file(1, 2, 50, FILE)
        .timeout(timeout)
        .call()
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(error.error().is_timeout(), "{error}");
    assert!(
        elapsed >= timeout && elapsed < timeout + PROMPT,
        "{elapsed:?}"
    );
    // The next send opens a new gateway connection.
    client.send_file(1, 2, 50, FILE).call().unwrap();
    assert_eq!(server.stats().connections, 3, "a fresh gateway connection");
    // The slow send on the old one was not cut short.
    assert!(slow_send.join().unwrap().is_ok());
    assert!(
        eventually(PROMPT, || client.file_gateways_open() == 1),
        "the old gateway closed after its last send: {}",
        client.file_gateways_open()
    );
}

#[test]
fn a_silent_gateway_is_detected_by_keep_alive() {
    let main = TcpListener::bind("127.0.0.1:0").unwrap();
    let gateway = TcpListener::bind("127.0.0.1:0").unwrap();
    let gateway_endpoint = gateway.local_addr().unwrap().to_string();
    let keep_alive = Duration::from_millis(100);
    let ping_timeout = Duration::from_millis(50);
    let client = RtmServerClient::new(
        ClientConfig::builder(main.local_addr().unwrap().to_string(), 11_000_001, "s")
            .keep_alive(Some(keep_alive))
            .keep_alive_timeout(ping_timeout),
    )
    .unwrap();
    let peers = std::thread::spawn(move || {
        let mut main = ScriptedPeer::accept(&main);
        let (method, _, seq) = main.next_quest().expect("filetoken");
        assert_eq!(method, "filetoken");
        let mut out = Vec::new();
        let mut w = rtm_server_sdk::codec::msgpack::PayloadWriter::new(&mut out);
        w.map_len(2)
            .key("token")
            .str("0123456789abcdef")
            .key("endpoint")
            .str(&gateway_endpoint);
        main.answer(seq, &out);
        // A gateway that accepts and then says nothing, not even to `*ping`, until the
        // client lets go.
        let (mut silent, _) = gateway.accept().unwrap();
        let mut sink = [0u8; 4096];
        while matches!(std::io::Read::read(&mut silent, &mut sink), Ok(n) if n > 0) {}
        drop(main);
    });
    let timeout = Duration::from_secs(4);
    let started = Instant::now();
    let error = client
        .send_file(1, 2, 50, FILE)
        .timeout(timeout)
        .call()
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        error.error().is_connection_closed(),
        "the silence was noticed before the deadline: {error} after {elapsed:?}"
    );
    let lost_after = keep_alive + ping_timeout * 3;
    assert!(
        elapsed >= lost_after && elapsed < lost_after + PROMPT,
        "{elapsed:?}"
    );
    drop(client);
    peers.join().unwrap();
}

#[test]
fn an_async_file_send_does_not_keep_the_client_alive() {
    let server = mock();
    let client = client_for(&server);
    server.add_fault(FaultRule::new(Fault::NoAnswer).method("sendfile").times(1));
    let future = client
        .send_file(1, 2, 50, FILE)
        .timeout(Duration::from_secs(30))
        .into_future();
    let send = std::thread::spawn(move || {
        let started = Instant::now();
        (pollster::block_on(future), started.elapsed())
    });
    assert!(eventually(PROMPT, || server.quest_count("sendfile") == 1));
    let weak = client.downgrade();
    drop(client);
    assert!(weak.upgrade().is_none(), "the pending send kept the client");
    let (outcome, elapsed) = send.join().unwrap();
    let error = outcome.unwrap_err();
    assert!(error.error().is_connection_closed(), "{error}");
    assert!(elapsed < PROMPT * 2, "{elapsed:?}");
}

struct Events(mpsc::Sender<&'static str>);

impl rtm_server_sdk::ConnectionCallback for Events {
    fn connected(&self, _: u64, _: &str, _: bool) {
        let _ = self.0.send("connected");
    }
    fn closed(&self, _: u64, _: &str, _: bool, _: bool) {
        let _ = self.0.send("closed");
    }
}

#[test]
fn the_clients_hooks_hear_nothing_of_gateway_connections() {
    let server = mock();
    let client = client_for(&server);
    let (events_tx, events) = mpsc::channel();
    client.set_connection_callback(Events(events_tx));
    let (pushes_tx, pushes) = mpsc::channel();
    client.set_push_callback(move |method: &str, _: &rtm_server_sdk::rmpv::Value| {
        let _ = pushes_tx.send(method.to_string());
    });
    client.send_file(1, 2, 50, FILE).call().unwrap();
    assert_eq!(client.file_gateways_open(), 1);
    // The mock pushes to every connection, the gateway's included: both answer.
    let payload = rtm_server_sdk::rmpv::Value::Map(vec![("rid".into(), 1.into())]);
    server.push("pushroommsg", &payload, true, 1);
    assert!(eventually(PROMPT, || server.stats().answers == 2));
    client.close().unwrap();
    assert_eq!(
        events.try_iter().collect::<Vec<_>>(),
        ["connected", "closed"]
    );
    assert_eq!(pushes.try_iter().collect::<Vec<_>>(), ["pushroommsg"]);
}
