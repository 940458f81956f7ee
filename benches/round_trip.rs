//! `add_room_member` against the in-process mock server: one blocking round trip, and
//! pipelined batches (100 callback-form calls in flight, each callback starting the next)
//! with the mock answering a read at once or writing each answer on its own, as FPNN's
//! C++ server does.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::{QuestError, RtmServerClient};

/// Calls per pipelined batch, and how many of them are in flight at once.
const BATCH: i64 = 1000;
const IN_FLIGHT: i64 = 100;

fn round_trip(c: &mut Criterion) {
    let server = MockServer::start().expect("mock");
    let client = RtmServerClient::new(server.client_config()).expect("client");
    client.connect().expect("connected");
    let mut uid = 0;
    c.bench_function("blocking add_room_member round trip", |b| {
        b.iter(|| {
            uid += 1;
            assert!(client.add_room_member(1, uid).call().is_none());
        })
    });
}

/// A pipelined batch: calls started and ended, and who waits for its end.
struct Batch {
    started: AtomicI64,
    ended: AtomicI64,
    done: crossbeam_channel::Sender<()>,
}

/// Starts the batch's next call, if any is left; its callback starts the one after.
fn start(client: &RtmServerClient, batch: Arc<Batch>) {
    let n = batch.started.fetch_add(1, Ordering::Relaxed);
    if n >= BATCH {
        return;
    }
    let again = client.clone();
    client
        .add_room_member(2, n)
        .with_callback(move |error: Option<QuestError>| {
            assert!(error.is_none(), "{error:?}");
            if batch.ended.fetch_add(1, Ordering::Relaxed) == BATCH - 1 {
                let _ = batch.done.send(());
            }
            start(&again, batch);
        });
}

fn pipelined(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipelined add_room_member");
    group.throughput(Throughput::Elements(BATCH as u64));
    for (name, each) in [
        ("answers batched", false),
        ("each answer written alone", true),
    ] {
        let server = MockServer::builder()
            .check_replay(false)
            .write_each_answer(each)
            .start()
            .expect("mock");
        let client = RtmServerClient::new(server.client_config()).expect("client");
        client.connect().expect("connected");
        group.bench_function(name, |b| {
            b.iter_custom(|batches| {
                let mut spent = Duration::ZERO;
                for _ in 0..batches {
                    let (done, done_rx) = crossbeam_channel::bounded(1);
                    let batch = Arc::new(Batch {
                        started: AtomicI64::new(0),
                        ended: AtomicI64::new(0),
                        done,
                    });
                    let began = Instant::now();
                    for _ in 0..IN_FLIGHT {
                        start(&client, batch.clone());
                    }
                    done_rx
                        .recv_timeout(Duration::from_secs(30))
                        .expect("the batch ended");
                    spent += began.elapsed();
                }
                spent
            })
        });
    }
    group.finish();
}

criterion_group!(benches, round_trip, pipelined);
criterion_main!(benches);
