//! Many threads, mixed calls, a server that drops connections now and then: every call ends
//! exactly once, the counts add up, and nothing grows across reconnects.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use rtm_server_sdk::error::codes;
use rtm_server_sdk::{QuestError, RtmServerClient};

const THREADS: usize = 16;
const CALLS_PER_THREAD: usize = 2_000;

#[derive(Default)]
struct Tally {
    ok: AtomicUsize,
    closed: AtomicUsize,
    other: AtomicUsize,
}

impl Tally {
    fn record(&self, error: Option<&QuestError>) {
        match error {
            None => self.ok.fetch_add(1, Ordering::Relaxed),
            Some(e) if e.code == codes::CORE_CONNECTION_CLOSED => {
                self.closed.fetch_add(1, Ordering::Relaxed)
            }
            Some(e) => {
                eprintln!("unexpected error: {e}");
                self.other.fetch_add(1, Ordering::Relaxed)
            }
        };
    }
    fn total(&self) -> usize {
        self.ok.load(Ordering::Relaxed)
            + self.closed.load(Ordering::Relaxed)
            + self.other.load(Ordering::Relaxed)
    }
}

/// Runs `CALLS_PER_THREAD` mixed calls on each of `THREADS` threads; returns when every
/// blocking call returned and every callback ran.
fn mixed_load(client: &RtmServerClient, tally: &Arc<Tally>, runs: &Arc<Vec<AtomicU8>>) {
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let (client, tally, runs) = (client.clone(), tally.clone(), runs.clone());
            std::thread::spawn(move || {
                for i in 0..CALLS_PER_THREAD {
                    let id = t * CALLS_PER_THREAD + i;
                    let (rid, uid) = ((t % 4) as i64, id as i64);
                    let mark = {
                        let (tally, runs) = (tally.clone(), runs.clone());
                        move |error: Option<&QuestError>| {
                            runs[id].fetch_add(1, Ordering::SeqCst);
                            tally.record(error);
                        }
                    };
                    match i % 4 {
                        0 => mark(client.add_room_member(rid, uid).call().as_ref()),
                        1 => mark(client.is_ban_of_room(rid, uid).call().err().as_ref()),
                        2 => client.get_room_info(rid).with_callback(
                            move |_: Option<String>, _: Option<String>, e: Option<QuestError>| {
                                mark(e.as_ref())
                            },
                        ),
                        _ => client
                            .add_room_ban(rid, uid, 1)
                            .with_callback(move |e: Option<QuestError>| mark(e.as_ref())),
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let total = THREADS * CALLS_PER_THREAD;
    assert!(
        eventually(Duration::from_secs(60), || tally.total() >= total),
        "only {} of {total} calls ended",
        tally.total()
    );
}

#[test]
fn sixteen_threads_of_mixed_calls_through_dropped_connections_all_end_exactly_once() {
    within(Duration::from_secs(300), || {
        let server = Arc::new(mock());
        let client = client_for(&server);
        let tally = Arc::new(Tally::default());
        let total = THREADS * CALLS_PER_THREAD;
        let runs: Arc<Vec<AtomicU8>> = Arc::new((0..total).map(|_| AtomicU8::new(0)).collect());

        let stop = Arc::new(AtomicBool::new(false));
        let dropper = {
            let (server, stop) = (server.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut drops = 0;
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(40));
                    server.close_connections();
                    drops += 1;
                }
                drops
            })
        };
        mixed_load(&client, &tally, &runs);
        stop.store(true, Ordering::Relaxed);
        let drops = dropper.join().unwrap();

        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(tally.total(), total, "every call ended, none twice");
        assert!(
            runs.iter().all(|r| r.load(Ordering::SeqCst) == 1),
            "each call ended exactly once"
        );
        assert_eq!(
            tally.other.load(Ordering::Relaxed),
            0,
            "only answers or 20002"
        );
        assert!(tally.ok.load(Ordering::Relaxed) > 0);
        eprintln!(
            "{total} calls: {} ok, {} closed by {drops} drops, {} connections",
            tally.ok.load(Ordering::Relaxed),
            tally.closed.load(Ordering::Relaxed),
            server.stats().connections
        );

        // Ten more reconnects with load in between: threads and memory stay flat.
        let threads_before = thread_count();
        let rss_before = rss_kib();
        for _ in 0..10 {
            server.close_connections();
            for uid in 0..300 {
                let error = client.add_room_member(9, uid).call();
                assert!(error.is_none_or(|e| e.is_connection_closed()));
            }
        }
        let threads_after = thread_count();
        let rss_after = rss_kib();
        eprintln!(
            "threads {threads_before} -> {threads_after}, RSS {rss_before} -> {rss_after} KiB"
        );
        assert!(threads_after <= threads_before, "threads grew");
        assert!(
            rss_after < rss_before + 32 * 1024,
            "RSS grew by more than 32 MiB"
        );
    });
}
