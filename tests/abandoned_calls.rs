//! Async calls whose future was dropped: nobody waits, so their slots and their room in
//! the send queue are let go, and `calls_in_flight()` counts only calls someone waits for.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use common::*;
use rtm_server_sdk::QuestError;
use rtm_server_sdk::error::codes;
use rtm_server_sdk::mock::MockServer;

#[test]
fn dropped_futures_free_their_queue_room_and_their_slots_before_their_deadline() {
    let server = MockServer::builder()
        .recv_buffer(64 * 1024)
        .check_replay(false)
        .start()
        .unwrap();
    let client = client_with(server.client_config().max_send_buffer(64 * 1024));
    assert_eq!(client.add_room_member(1, 2).call(), None);
    server.pause_reading();

    // More than the kernels and the queue hold; long deadlines.
    let info = "x".repeat(10_000);
    let long = Duration::from_secs(60);
    let futures: Vec<_> = (0..1000)
        .map(|_| {
            client
                .set_room_info(1)
                .oinfo(&info)
                .timeout(long)
                .into_future()
        })
        .collect();
    assert!(eventually(PROMPT, || client.calls_in_flight() > 0));
    drop(futures);
    assert!(
        eventually(PROMPT, || client.calls_in_flight() == 0),
        "{} abandoned calls still counted",
        client.calls_in_flight()
    );

    // The queue is not full of calls nobody waits for: a new call waits for the socket
    // (and times out at its deadline) instead of being refused at once with 20007.
    let (tx, rx) = mpsc::channel();
    let timeout = Duration::from_millis(300);
    let (error, elapsed) = timed(|| {
        client
            .set_room_info(1)
            .oinfo(&info)
            .timeout(timeout)
            .with_callback(move |e| tx.send(e).unwrap());
        rx.recv_timeout(Duration::from_secs(10)).unwrap()
    });
    let error: QuestError = error.expect("the server does not read");
    assert_ne!(error.code, codes::CORE_SEND_ERROR, "{error}");
    assert!(error.is_timeout(), "{error}");
    assert!(
        elapsed >= timeout && elapsed < timeout + PROMPT,
        "{elapsed:?}"
    );
    server.resume_reading();
    assert_eq!(client.add_room_member(1, 3).call(), None);
}

#[test]
fn the_clients_own_quests_are_not_calls_in_flight() {
    // A peer that accepts and never answers: the keep-alive `*ping` stays unanswered.
    let (client, mut peer) = client_of_raw_peer(|config| {
        config
            .keep_alive(Some(Duration::from_millis(100)))
            .keep_alive_timeout(Duration::from_secs(5))
    });
    // Wait for the ping to arrive at the peer.
    let mut buf = [0u8; 64];
    peer.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let n = std::io::Read::read(&mut peer, &mut buf).unwrap();
    assert!(n > 0 && buf[..n].windows(5).any(|w| w == b"*ping"));
    assert_eq!(client.calls_in_flight(), 0);
}
