//! close() and drop: calls in flight end with 20002, nothing hangs, later calls fail at once.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use common::*;
use rtm_server_sdk::error::codes;
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::{QuestError, RtmServerClient};

#[test]
fn close_ends_calls_in_flight_with_connection_closed() {
    let server = mock();
    let client = client_for(&server);
    server.add_fault(FaultRule::new(Fault::NoAnswer));
    let (tx, rx) = mpsc::channel();
    for _ in 0..5 {
        let tx = tx.clone();
        client
            .add_room_member(1, 2)
            .timeout(Duration::from_secs(60))
            .with_callback(move |e: Option<QuestError>| {
                tx.send(e).unwrap();
            });
    }
    let blocking = {
        let client = client.clone();
        std::thread::spawn(move || {
            client
                .is_ban_of_room(1, 2)
                .timeout(Duration::from_secs(60))
                .call()
        })
    };
    assert!(eventually(PROMPT, || server.stats().quests >= 6));
    let (closed, elapsed) = timed(|| client.close());
    assert_eq!(closed, Ok(()));
    assert!(elapsed < PROMPT, "close took {elapsed:?}");
    // close() waited for the callback thread: every callback already ran.
    for _ in 0..5 {
        let error = rx.try_recv().expect("ran before close returned").unwrap();
        assert_eq!(error.code, codes::CORE_CONNECTION_CLOSED);
    }
    let error = blocking.join().unwrap().unwrap_err();
    assert_eq!(error.code, codes::CORE_CONNECTION_CLOSED);
}

#[test]
fn calls_after_close_fail_at_once() {
    let server = mock();
    let client = client_for(&server);
    assert_eq!(client.add_room_member(1, 2).call(), None);
    client.close().unwrap();
    assert!(client.is_closed());
    let (error, elapsed) = timed(|| client.add_room_member(1, 2).call());
    assert_eq!(error.unwrap().code, codes::CORE_CONNECTION_CLOSED);
    assert!(elapsed < Duration::from_millis(100), "{elapsed:?}");
    let (error, _) = basic_cb(|cb| client.add_room_member(1, 2).with_callback(cb));
    assert_eq!(error.unwrap().code, codes::CORE_CONNECTION_CLOSED);
    assert_eq!(
        client.connect().unwrap_err().code,
        codes::CORE_CONNECTION_CLOSED
    );
    assert_eq!(client.close(), Ok(()), "closing twice is harmless");
}

#[test]
fn dropping_the_last_handle_ends_calls_in_flight() {
    let server = mock();
    let client = client_for(&server);
    server.add_fault(FaultRule::new(Fault::NoAnswer));
    let (tx, rx) = mpsc::channel();
    client
        .add_room_member(1, 2)
        .timeout(Duration::from_secs(60))
        .with_callback(move |e: Option<QuestError>| {
            tx.send(e).unwrap();
        });
    assert!(eventually(PROMPT, || server.stats().quests >= 1));
    within(PROMPT * 4, move || drop(client));
    let error = rx.recv_timeout(PROMPT).unwrap().unwrap();
    assert_eq!(error.code, codes::CORE_CONNECTION_CLOSED);
}

#[test]
fn close_from_inside_a_callback_does_not_hang() {
    let server = mock();
    let client = client_for(&server);
    let (tx, rx) = mpsc::channel();
    let inner = client.clone();
    client
        .add_room_member(1, 2)
        .with_callback(move |error: Option<QuestError>| {
            assert!(error.is_none());
            tx.send(inner.close()).unwrap();
        });
    let closed = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("close returned");
    assert_eq!(closed, Ok(()));
    assert!(client.is_closed());
}

#[test]
fn dropping_the_last_handle_inside_a_callback_does_not_hang() {
    let server = mock();
    let client = client_for(&server);
    let (tx, rx) = mpsc::channel();
    let last = client.clone();
    drop(client);
    // The closure owns the last handle: it is dropped on the callback thread.
    let keep = last.clone();
    keep.add_room_member(1, 2)
        .with_callback(move |error: Option<QuestError>| {
            let _owned: RtmServerClient = last;
            tx.send(error).unwrap();
        });
    drop(keep);
    let outcome = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the callback ran");
    // Either the call finished first, or the client closed under it: both end it once.
    if let Some(error) = outcome {
        assert_eq!(error.code, codes::CORE_CONNECTION_CLOSED);
    }
    assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
}

#[test]
fn close_after_close_async_waits_for_the_threads_too() {
    let server = mock();
    let client = client_for(&server);
    let finished = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (entered_tx, entered) = std::sync::mpsc::channel();
    let done = finished.clone();
    client
        .add_room_member(1, 3)
        .with_callback(move |_: Option<QuestError>| {
            entered_tx.send(()).unwrap();
            std::thread::sleep(Duration::from_millis(500));
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
    entered.recv_timeout(PROMPT).unwrap();
    pollster::block_on(client.close_async());
    assert_eq!(client.close(), Ok(()));
    assert!(
        finished.load(std::sync::atomic::Ordering::SeqCst),
        "close() returned while the callback thread still ran"
    );
}
