//! Timeouts: at the call's own deadline (not at the next tick), per call, default and
//! per-call, and a call whose deadline passes before it is sent is never written.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::time::Duration;

use common::*;
use rtm_server_sdk::error::codes;
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::{ClientConfig, RtmServerClient};

#[test]
fn a_one_second_timeout_ends_after_one_second_not_at_a_tick() {
    let server = mock();
    let client = client_for(&server);
    assert_eq!(client.add_room_member(1, 2).call(), None);
    server.add_fault(FaultRule::new(Fault::NoAnswer));
    let timeout = Duration::from_secs(1);
    let (error, elapsed) = timed(|| client.add_room_member(1, 2).timeout(timeout).call());
    assert_eq!(error.unwrap().code, codes::CORE_TIMEOUT);
    assert!(elapsed >= timeout, "ended early: {elapsed:?}");
    assert!(
        elapsed < timeout + Duration::from_millis(500),
        "ended late: {elapsed:?}"
    );
}

#[test]
fn sub_second_timeouts_are_honoured_to_the_millisecond_scale() {
    let server = mock();
    let client = client_for(&server);
    server.add_fault(FaultRule::new(Fault::NoAnswer));
    for ms in [30u64, 120, 250] {
        let timeout = Duration::from_millis(ms);
        let (error, elapsed) = timed(|| client.is_ban_of_room(1, 2).timeout(timeout).call());
        assert!(error.unwrap_err().is_timeout());
        assert!(elapsed >= timeout, "{ms} ms ended early: {elapsed:?}");
        assert!(
            elapsed < timeout + Duration::from_millis(500),
            "{ms} ms ended late: {elapsed:?}"
        );
    }
}

#[test]
fn calls_with_different_deadlines_end_in_deadline_order() {
    let server = mock();
    let client = client_for(&server);
    server.add_fault(FaultRule::new(Fault::NoAnswer));
    let (tx, rx) = std::sync::mpsc::channel();
    for ms in [400u64, 100, 250] {
        let tx = tx.clone();
        client
            .add_room_member(1, 2)
            .timeout(Duration::from_millis(ms))
            .with_callback(move |error: Option<rtm_server_sdk::QuestError>| {
                assert!(error.unwrap().is_timeout());
                tx.send(ms).unwrap();
            });
    }
    let order: Vec<u64> = (0..3)
        .map(|_| rx.recv_timeout(Duration::from_secs(5)).unwrap())
        .collect();
    assert_eq!(order, vec![100, 250, 400]);
}

#[test]
fn default_timeout_applies_when_none_and_can_be_changed() {
    let server = mock();
    let client = RtmServerClient::new(
        server
            .client_config()
            .quest_timeout(Duration::from_millis(150)),
    )
    .unwrap();
    assert_eq!(client.quest_timeout(), Duration::from_millis(150));
    server.add_fault(FaultRule::new(Fault::NoAnswer));
    let (error, elapsed) = timed(|| client.add_room_member(1, 2).call());
    assert!(error.unwrap().is_timeout());
    assert!(
        elapsed >= Duration::from_millis(150) && elapsed < PROMPT,
        "{elapsed:?}"
    );

    client.set_quest_timeout(Duration::from_millis(300));
    let (error, elapsed) = timed(|| client.add_room_member(1, 2).call());
    assert!(error.unwrap().is_timeout());
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < PROMPT,
        "{elapsed:?}"
    );
}

#[test]
fn a_zero_timeout_expires_at_once_and_never_waits_forever() {
    let server = mock();
    let client = client_for(&server);
    let (error, elapsed) = timed(|| client.add_room_member(1, 2).timeout(Duration::ZERO).call());
    assert!(error.unwrap().is_timeout());
    assert!(elapsed < PROMPT);
    assert_eq!(
        server.quest_count("addroommember"),
        0,
        "an expired call is not sent"
    );
}

/// A listener whose accept queue is full: a new client's SYN gets no answer, so the client
/// stays in "connecting" until the queue drains.
#[test]
fn a_call_whose_deadline_passes_while_connecting_is_never_written() {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket.set_reuse_address(true).unwrap();
    socket
        .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    socket.listen(0).unwrap();
    let listener: TcpListener = socket.into();
    let addr = listener.local_addr().unwrap();
    // Fill the accept queue.
    let fillers: Vec<_> = (0..4)
        .filter_map(|_| {
            let s =
                socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).ok()?;
            s.set_nonblocking(true).ok()?;
            let _ = s.connect(&addr.into());
            Some(s)
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));

    let client = RtmServerClient::new(
        ClientConfig::builder(addr.to_string(), 1, "secret")
            .connect_timeout(Duration::from_secs(10)),
    )
    .unwrap();
    let timeout = Duration::from_millis(200);
    let (error, elapsed) = timed(|| client.add_room_member(1, 2).timeout(timeout).call());
    let error = error.expect("the call cannot succeed");
    assert!(error.is_timeout(), "{error}");
    assert!(error.message.contains("not sent"), "{error}");
    assert!(elapsed >= timeout && elapsed < PROMPT, "{elapsed:?}");

    // Let the connection complete, send a probe call, and read everything the server gets.
    drop(fillers);
    client
        .is_ban_of_room(1, 2)
        .timeout(Duration::from_secs(10))
        .with_callback(|_: bool, _| {});
    listener.set_nonblocking(true).unwrap();
    let mut received = Vec::new();
    let mut streams = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(8);
    while std::time::Instant::now() < deadline && !received.windows(11).any(|w| w == b"isbanofroom")
    {
        if let Ok((stream, _)) = listener.accept() {
            stream.set_nonblocking(true).unwrap();
            streams.push(stream);
        }
        for stream in &mut streams {
            let mut buf = [0u8; 512];
            if let Ok(n) = stream.read(&mut buf) {
                received.extend_from_slice(&buf[..n]);
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        received.windows(11).any(|w| w == b"isbanofroom"),
        "the probe call never arrived"
    );
    assert!(
        !received.windows(13).any(|w| w == b"addroommember"),
        "the expired quest was written"
    );
}
