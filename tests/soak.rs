//! The soak test, run by hand (it is ignored by default):
//!
//! ```text
//! cargo test --release --test soak -- --ignored --nocapture            # 10 minutes
//! SOAK_SECS=60 cargo test --release --test soak -- --ignored --nocapture
//! ```
//!
//! 32 threads make mixed calls, blocking and callback, with random timeouts, against the mock
//! while every fault is switched on at random and connections are dropped. At the end every
//! call is accounted for, each ended once, none ended later than its deadline + 50 ms, and
//! the thread count and resident memory are flat.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::*;
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::{QuestError, RtmServerClient};

const THREADS: usize = 32;
const LATE: Duration = Duration::from_millis(50);

#[derive(Default)]
struct Counts {
    started: AtomicU64,
    ok: AtomicU64,
    timeout: AtomicU64,
    closed: AtomicU64,
    not_connected: AtomicU64,
    server_error: AtomicU64,
    other: AtomicU64,
    late: AtomicU64,
    worst_overrun_us: AtomicU64,
}

impl Counts {
    fn ended(&self) -> u64 {
        [
            &self.ok,
            &self.timeout,
            &self.closed,
            &self.not_connected,
            &self.server_error,
            &self.other,
        ]
        .iter()
        .map(|c| c.load(Ordering::SeqCst))
        .sum()
    }

    fn record(&self, error: Option<&QuestError>, elapsed: Duration, timeout: Duration) {
        let counter = match error {
            None => &self.ok,
            Some(e) if e.is_timeout() => &self.timeout,
            Some(e) if e.is_connection_closed() => &self.closed,
            Some(e) if e.is_connection_error() => &self.not_connected,
            Some(e) if e.code >= 200_000 || e.code == 20004 => &self.server_error,
            Some(e) => {
                eprintln!("unexpected: {e}");
                &self.other
            }
        };
        counter.fetch_add(1, Ordering::SeqCst);
        if elapsed > timeout {
            let over = (elapsed - timeout).as_micros() as u64;
            self.worst_overrun_us.fetch_max(over, Ordering::SeqCst);
            if elapsed > timeout + LATE {
                self.late.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

fn random_fault() -> Fault {
    match fastrand::u8(0..14) {
        0 => Fault::Delay(Duration::from_millis(fastrand::u64(1..1500))),
        1 => Fault::NoAnswer,
        2 => Fault::ErrorAnswer {
            code: 200010,
            ex: "frequency limited".into(),
        },
        3 => Fault::CloseAfterRead,
        4 => Fault::Reset,
        5 => Fault::Garbage,
        6 => Fault::BadMagic,
        7 => Fault::Truncated,
        8 => Fault::OversizeHeader,
        9 => Fault::DuplicateAnswer,
        10 => Fault::UnknownSeqAnswer,
        11 => Fault::OutOfOrder,
        12 => Fault::ByteByByte(Duration::from_millis(fastrand::u64(1..40))),
        _ => Fault::PushFirst,
    }
}

/// One random call, waited for; records its outcome.
fn one_call(client: &RtmServerClient, counts: &Counts) {
    let timeout = Duration::from_millis(fastrand::u64(50..2000));
    let (rid, uid) = (fastrand::i64(1..50), fastrand::i64(1..1000));
    counts.started.fetch_add(1, Ordering::SeqCst);
    let started = Instant::now();
    let t = timeout;
    let error = match fastrand::u8(0..6) {
        0 => client.add_room_member(rid, uid).timeout(t).call(),
        1 => client.get_room_info(rid).timeout(t).call().err(),
        2 => client.is_ban_of_room(rid, uid).timeout(t).call().err(),
        3 => {
            basic_cb(|cb| {
                client
                    .add_room_ban(rid, uid, 1)
                    .timeout(t)
                    .with_callback(cb)
            })
            .0
        }
        4 => {
            basic_cb(|cb| {
                client
                    .get_room_members(rid)
                    .timeout(t)
                    .with_callback(move |_: Vec<i64>, e| cb(e))
            })
            .0
        }
        _ => {
            basic_cb(|cb| {
                client
                    .set_room_info(rid)
                    .oinfo("o")
                    .timeout(t)
                    .with_callback(cb)
            })
            .0
        }
    };
    counts.record(error.as_ref(), started.elapsed(), timeout);
}

#[test]
#[ignore = "a 10-minute soak; run by hand"]
fn soak_every_call_ends_once_in_time_and_nothing_grows() {
    let seconds: u64 = std::env::var("SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    // The mock's memory of signatures grows with the calls by design: off, so that RSS
    // speaks of the client.
    let server = Arc::new(
        rtm_server_sdk::mock::MockServer::builder()
            .check_replay(false)
            .start()
            .unwrap(),
    );
    let client = client_for(&server);
    let counts = Arc::new(Counts::default());
    let stop = Arc::new(AtomicBool::new(false));

    let chaos = {
        let (server, stop) = (server.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut faults = 0u64;
            let mut drops = 0u64;
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(fastrand::u64(20..200)));
                server.add_fault(FaultRule::new(random_fault()).times(fastrand::u64(1..4)));
                faults += 1;
                if fastrand::u8(0..20) == 0 {
                    server.close_connections();
                    drops += 1;
                }
                if fastrand::u8(0..50) == 0 {
                    server.clear_faults();
                }
            }
            (faults, drops)
        })
    };
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (client, counts, stop) = (client.clone(), counts.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    one_call(&client, &counts);
                }
            })
        })
        .collect();

    let started = Instant::now();
    let warm_up = Duration::from_secs((seconds / 10).max(5));
    std::thread::sleep(warm_up);
    let (threads_early, rss_early) = (thread_count(), rss_kib());
    let mut samples = Vec::new();
    while started.elapsed() < Duration::from_secs(seconds) {
        std::thread::sleep(Duration::from_secs(5).min(Duration::from_secs(seconds)));
        samples.push((thread_count(), rss_kib()));
    }
    let (threads_late, rss_late) = (thread_count(), rss_kib());
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.join().unwrap();
    }
    let (faults, drops) = chaos.join().unwrap();

    let c = &counts;
    let load = |a: &AtomicU64| a.load(Ordering::SeqCst);
    eprintln!(
        "soak {seconds} s: {} calls ({:.0}/s): {} ok, {} timeout, {} closed, {} not connected, \
         {} server error, {} other; {} late (> deadline + 50 ms), worst overrun {:.1} ms; \
         {faults} faults, {drops} drops, {} connections; threads {threads_early} -> {threads_late}, \
         RSS {rss_early} -> {rss_late} KiB (max {} KiB)",
        load(&c.started),
        load(&c.started) as f64 / seconds as f64,
        load(&c.ok),
        load(&c.timeout),
        load(&c.closed),
        load(&c.not_connected),
        load(&c.server_error),
        load(&c.other),
        load(&c.late),
        load(&c.worst_overrun_us) as f64 / 1000.0,
        server.stats().connections,
        samples.iter().map(|s| s.1).max().unwrap_or(0),
    );
    assert_eq!(c.ended(), load(&c.started), "every call ended exactly once");
    assert_eq!(load(&c.other), 0, "only the expected kinds of outcome");
    assert_eq!(load(&c.late), 0, "no call ended past its deadline + 50 ms");
    assert!(threads_late <= threads_early, "threads grew");
    assert!(rss_late < rss_early + rss_early / 2 + 16 * 1024, "RSS grew");
}
