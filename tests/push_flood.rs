//! A server that keeps sending quests but never reads their answers: the client stops
//! reading once the answers waiting for the socket reach `max_send_buffer`, so TCP pushes
//! back on the server and the client's memory stays bounded.

mod common;

use std::io::{ErrorKind, Write};
use std::time::{Duration, Instant};

use common::*;
use rtm_server_sdk::codec::encode_quest;

#[test]
fn a_server_that_pushes_without_reading_is_pushed_back_on() {
    let cap = 64 * 1024;
    let (client, mut peer) =
        client_of_raw_peer(|config| config.max_send_buffer(cap).keep_alive(None));

    // Quests of a method the client does not know: each answer (an error naming the
    // method) is about as large as the quest.
    let method = "m".repeat(200);
    let mut frames = Vec::new();
    for seq in 1..=256u32 {
        frames.extend(encode_quest(Some(seq), &method, &[0x80], usize::MAX).unwrap());
    }
    peer.set_nonblocking(true).unwrap();
    let rss_before = rss_kib();
    let limit = 256 * 1024 * 1024;
    let started = Instant::now();
    let mut written = 0usize;
    let mut pos = 0;
    let mut blocked_since: Option<Instant> = None;
    while written < limit && started.elapsed() < Duration::from_secs(60) {
        match peer.write(&frames[pos..]) {
            Ok(n) => {
                written += n;
                pos = (pos + n) % frames.len();
                blocked_since = None;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                let since = *blocked_since.get_or_insert_with(Instant::now);
                if since.elapsed() > Duration::from_secs(2) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("the client closed the connection: {e}"),
        }
    }
    // What the client took: the kernels' buffers both ways, plus the answers it holds
    // (at most the cap, plus one read's worth of quests).
    assert!(
        written < 64 * 1024 * 1024,
        "the client kept reading: {written} bytes of quests taken in {:?}",
        started.elapsed()
    );
    let grown_kib = rss_kib().saturating_sub(rss_before);
    assert!(grown_kib < 64 * 1024, "memory grew by {grown_kib} KiB");
    assert_eq!(client.close(), Ok(()));
}
