//! A server that stops reading: calls end at their deadlines, the frames of calls that
//! ended are never sent once it reads again, and the client holds at most its byte cap.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use rtm_server_sdk::QuestError;
use rtm_server_sdk::error::codes;
use rtm_server_sdk::mock::MockServer;

/// `SO_RCVBUF` asked of the mock: what its kernel may hold for it (doubled by Linux).
const MOCK_RCVBUF: usize = 64 * 1024;

/// What the client's kernel may hold for a socket at most (`tcp_wmem`'s maximum).
fn kernel_send_max() -> usize {
    std::fs::read_to_string("/proc/sys/net/ipv4/tcp_wmem")
        .ok()
        .and_then(|s| s.split_whitespace().nth(2)?.parse().ok())
        .unwrap_or(4 * 1024 * 1024)
}

fn stalled_mock() -> MockServer {
    MockServer::builder()
        .recv_buffer(MOCK_RCVBUF)
        .check_replay(false)
        .start()
        .unwrap()
}

#[test]
fn calls_that_time_out_in_the_clients_queue_never_reach_the_server() {
    let server = stalled_mock();
    let client = client_for(&server);
    assert_eq!(client.add_room_member(1, 2).call(), None);
    server.pause_reading();

    let info = "x".repeat(60_000);
    let timeout = Duration::from_millis(300);
    let calls = 1000;
    let (tx, rx) = std::sync::mpsc::channel();
    let started = Instant::now();
    for _ in 0..calls {
        let tx = tx.clone();
        client
            .set_room_info(1)
            .oinfo(&info)
            .timeout(timeout)
            .with_callback(move |e: Option<QuestError>| {
                tx.send((e, started.elapsed())).unwrap();
            });
    }
    let mut timeouts = 0;
    let mut full = 0;
    for _ in 0..calls {
        let (error, elapsed) = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("every call ends");
        let error = error.expect("nothing can succeed while the server does not read");
        if error.is_timeout() {
            timeouts += 1;
            assert!(elapsed >= timeout, "ended before its deadline: {elapsed:?}");
            assert!(elapsed < timeout + PROMPT, "ended late: {elapsed:?}");
        } else {
            assert_eq!(error.code, codes::CORE_SEND_ERROR, "{error}");
            full += 1;
        }
    }
    assert!(timeouts > 0 && full > 0, "timeouts {timeouts}, full {full}");

    server.resume_reading();
    // Wait until the mock has read everything that was handed to the kernels.
    let mut last = u64::MAX;
    assert!(eventually(Duration::from_secs(10), || {
        let now = server.quest_count("setroominfo");
        let settled = now == last;
        last = now;
        std::thread::sleep(Duration::from_millis(100));
        settled
    }));
    // Only frames already in the kernels' buffers (the client's send buffer, the mock's
    // receive buffer) or in the client's last write batch can still arrive.
    let frame = info.len() + 120;
    let in_kernels = kernel_send_max() + 2 * MOCK_RCVBUF + 64 * 1024;
    let bound = in_kernels / frame + 2;
    let received = server.quest_count("setroominfo") as usize;
    assert!(
        received <= bound,
        "{received} ended calls reached the server; the kernels held at most {bound}"
    );
    // The connection is still good.
    assert_eq!(client.add_room_member(1, 3).call(), None);
}

#[test]
fn a_stalled_link_holds_no_more_than_the_cap_and_refuses_the_rest_with_20007() {
    let server = stalled_mock();
    let cap = 1024 * 1024;
    let client = client_with(server.client_config().max_send_buffer(cap));
    assert_eq!(client.add_room_member(1, 2).call(), None);
    server.pause_reading();

    let rss_before = rss_kib();
    let attempts = 200_000;
    let refused = Arc::new(AtomicUsize::new(0));
    let closed = Arc::new(AtomicUsize::new(0));
    let other = Arc::new(AtomicUsize::new(0));
    for uid in 0..attempts {
        let (refused, closed, other) = (refused.clone(), closed.clone(), other.clone());
        client
            .add_room_member(1, uid)
            .timeout(Duration::from_secs(120))
            .with_callback(move |e: Option<QuestError>| {
                match e {
                    Some(e) if e.code == codes::CORE_SEND_ERROR => {
                        refused.fetch_add(1, Ordering::SeqCst)
                    }
                    Some(e) if e.is_connection_closed() => closed.fetch_add(1, Ordering::SeqCst),
                    _ => other.fetch_add(1, Ordering::SeqCst),
                };
            });
    }
    // The quests that fit are the cap's worth plus what the kernels took.
    let frame = 90;
    let fit = (cap + kernel_send_max() + 2 * MOCK_RCVBUF + 64 * 1024) / frame;
    assert!(
        eventually(Duration::from_secs(30), || {
            refused.load(Ordering::SeqCst) >= attempts as usize - fit
        }),
        "refused {} of {attempts}",
        refused.load(Ordering::SeqCst)
    );
    let grown_kib = rss_kib().saturating_sub(rss_before);
    assert!(grown_kib < 64 * 1024, "memory grew by {grown_kib} KiB");

    client.close().unwrap();
    let ended = || {
        refused.load(Ordering::SeqCst)
            + closed.load(Ordering::SeqCst)
            + other.load(Ordering::SeqCst)
    };
    assert!(eventually(Duration::from_secs(10), || ended() == attempts as usize));
    assert_eq!(other.load(Ordering::SeqCst), 0);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(ended(), attempts as usize, "every call ends exactly once");
}
