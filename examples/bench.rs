//! Throughput and latency of `add_room_member`, blocking or callback, against the embedded
//! mock (in-process, on its own thread) or any endpoint.
//!
//! ```text
//! cargo run --release --example bench -- --mode blocking --count 200000 --threads 1
//! cargo run --release --example bench -- --mode callback --count 1000000 --inflight 1000
//! cargo run --release --example bench -- --mode async --count 1000000 --inflight 1000
//! cargo run --release --example bench -- --mode raw --count 200000       # the floor: a bare socket
//! cargo run --release --example bench -- --mode memory --count 200000   # bytes per call in flight
//! # server and client on their own cores:
//! taskset -c 0 target/release/examples/mock_server --bind 127.0.0.1:13315 &
//! taskset -c 1 target/release/examples/bench --endpoint 127.0.0.1:13315 --mode blocking --json
//! ```
//!
//! `--mock-answers each` makes the in-process mock write each answer on its own, as FPNN's
//! C++ server does (answers reach the client one by one); `batched` (the default) answers
//! what one read brought in one write.
//!
//! Without `--pid`/`--secret` it uses the mock's defaults. `--encrypt` (with `--curve`,
//! `--bits`, `--stream`) runs over an encrypted connection to an in-process mock.
//! Latency is per call, from the call to its outcome; percentiles come from an HDR histogram.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use parking_lot::Mutex;
use rtm_server_sdk::codec::{Frame, FrameDecoder, QuestBuilder, set_seq};
use rtm_server_sdk::crypto::{Curve, Mode, Strength};
use rtm_server_sdk::mock::{DEFAULT_MOCK_PID, DEFAULT_MOCK_SECRET, Fault, FaultRule, MockServer};
use rtm_server_sdk::sign::{SaltGenerator, Secret, sign, unix_seconds};
use rtm_server_sdk::{ClientConfig, ClientConfigBuilder, QuestError, RtmServerClient};

#[derive(Clone)]
struct Options {
    mode: String,
    count: u64,
    threads: u64,
    inflight: u64,
    endpoint: Option<String>,
    pid: i32,
    secret: String,
    json: bool,
    encrypt: bool,
    curve: Curve,
    bits: i64,
    stream: bool,
    /// The in-process mock writes each answer on its own.
    answers_each: bool,
}

fn parse() -> Options {
    let mut o = Options {
        mode: "blocking".into(),
        count: 100_000,
        threads: 1,
        inflight: 1000,
        endpoint: None,
        pid: DEFAULT_MOCK_PID,
        secret: DEFAULT_MOCK_SECRET.into(),
        json: false,
        encrypt: false,
        curve: Curve::Secp256k1,
        bits: 128,
        stream: false,
        answers_each: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| fail(&format!("{flag} needs a value")))
        };
        let num = |v: String| {
            v.parse::<u64>()
                .unwrap_or_else(|e| fail(&format!("{flag}: {e}")))
        };
        match flag.as_str() {
            "--mode" => o.mode = value(),
            "--count" => o.count = num(value()).max(1),
            "--threads" => o.threads = num(value()).max(1),
            "--inflight" => o.inflight = num(value()).max(1),
            "--endpoint" => o.endpoint = Some(value()),
            "--pid" => o.pid = num(value()) as i32,
            "--secret" => o.secret = value(),
            "--json" => o.json = true,
            "--encrypt" => o.encrypt = true,
            "--curve" => {
                o.curve = Curve::from_name(&value()).unwrap_or_else(|| fail("unknown curve"))
            }
            "--bits" => o.bits = num(value()) as i64,
            "--stream" => o.stream = true,
            "--mock-answers" => {
                o.answers_each = match value().as_str() {
                    "each" => true,
                    "batched" => false,
                    _ => fail("--mock-answers is each or batched"),
                }
            }
            "--bench" => {} // passed by `cargo bench`
            other => fail(&format!("unknown argument {other}")),
        }
    }
    if !["blocking", "callback", "refill", "async", "raw", "memory"].contains(&o.mode.as_str()) {
        fail("--mode is blocking, callback, refill, async, raw or memory");
    }
    o
}

fn fail(message: &str) -> ! {
    eprintln!(
        "{message}\nusage: bench [--mode blocking|callback|refill|async|raw|memory] [--count N] [--threads T] \
         [--inflight W] [--endpoint HOST:PORT --pid N --secret S] [--encrypt [--curve C] [--bits B] [--stream]] [--mock-answers each|batched] [--json]"
    );
    std::process::exit(2)
}

/// Where to send: the given endpoint, or a mock started here (kept alive by the caller).
fn target(o: &Options) -> (ClientConfigBuilder, Option<MockServer>) {
    if let Some(endpoint) = &o.endpoint {
        return (
            ClientConfig::builder(endpoint.clone(), o.pid, o.secret.as_str()),
            None,
        );
    }
    let mut builder = MockServer::builder()
        .pid(o.pid)
        .secret(o.secret.as_str())
        .check_replay(o.mode != "memory")
        .write_each_answer(o.answers_each);
    if o.encrypt {
        builder = builder
            .encryption_key(o.curve, &vec![0x1f; o.curve.field_size()])
            .unwrap_or_else(|e| fail(&e.to_string()));
    }
    let mock = builder
        .start()
        .unwrap_or_else(|e| fail(&format!("mock: {e}")));
    let config = if o.encrypt {
        let strength = Strength::from_bits(o.bits).unwrap_or_else(|| fail("--bits is 128 or 256"));
        let mode = if o.stream {
            Mode::Stream
        } else {
            Mode::Package
        };
        mock.encrypted_client_config(strength, mode).unwrap()
    } else {
        mock.client_config()
    };
    (config, Some(mock))
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid bounds")
}

fn record(h: &mut Histogram<u64>, started: Instant) {
    let us = started.elapsed().as_micros().max(1) as u64;
    let _ = h.record(us.min(60_000_000));
}

struct Outcome {
    seconds: f64,
    latency: Histogram<u64>,
    errors: u64,
}

/// Waits for threads that each return their latencies and error count, and merges them.
fn join_all(
    threads: Vec<std::thread::JoinHandle<(Histogram<u64>, u64)>>,
    started: Instant,
) -> Outcome {
    let mut latency = histogram();
    let mut errors = 0;
    for thread in threads {
        let (h, e) = thread.join().unwrap();
        latency.add(h).unwrap();
        errors += e;
    }
    Outcome {
        seconds: started.elapsed().as_secs_f64(),
        latency,
        errors,
    }
}

fn blocking(o: &Options, client: &RtmServerClient) -> Outcome {
    let per_thread = o.count / o.threads;
    let started = Instant::now();
    let threads: Vec<_> = (0..o.threads)
        .map(|t| {
            let client = client.clone();
            std::thread::spawn(move || {
                let mut h = histogram();
                let mut errors = 0;
                for i in 0..per_thread {
                    let call_started = Instant::now();
                    if client.add_room_member(t as i64, i as i64).call().is_some() {
                        errors += 1;
                    }
                    record(&mut h, call_started);
                }
                (h, errors)
            })
        })
        .collect();
    join_all(threads, started)
}

fn callback(o: &Options, client: &RtmServerClient) -> Outcome {
    let (tokens_tx, tokens_rx) = crossbeam_channel::bounded::<()>(o.inflight as usize);
    let latency = Arc::new(Mutex::new(histogram()));
    let errors = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicU64::new(0));
    let per_thread = o.count / o.threads;
    let total = per_thread * o.threads;
    let started = Instant::now();
    let threads: Vec<_> = (0..o.threads)
        .map(|t| {
            let (client, tokens_tx, tokens_rx) =
                (client.clone(), tokens_tx.clone(), tokens_rx.clone());
            let (latency, errors, done) = (latency.clone(), errors.clone(), done.clone());
            std::thread::spawn(move || {
                for i in 0..per_thread {
                    tokens_tx.send(()).unwrap();
                    let (latency, errors, done, tokens_rx) = (
                        latency.clone(),
                        errors.clone(),
                        done.clone(),
                        tokens_rx.clone(),
                    );
                    let call_started = Instant::now();
                    client.add_room_member(t as i64, i as i64).with_callback(
                        move |error: Option<QuestError>| {
                            record(&mut latency.lock(), call_started);
                            if error.is_some() {
                                errors.fetch_add(1, Ordering::Relaxed);
                            }
                            done.fetch_add(1, Ordering::Release);
                            let _ = tokens_rx.recv();
                        },
                    );
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    while done.load(Ordering::Acquire) < total {
        std::thread::sleep(Duration::from_micros(200));
    }
    let seconds = started.elapsed().as_secs_f64();
    let latency = latency.lock().clone();
    Outcome {
        seconds,
        latency,
        errors: errors.load(Ordering::Relaxed),
    }
}

/// Shared state of a refill run: each callback starts the next call, as FPNN's own
/// pipelined client does, so that no submitting thread sits between completions.
struct Refill {
    client: RtmServerClient,
    next: AtomicU64,
    total: u64,
    done: AtomicU64,
    errors: AtomicU64,
    latency: Mutex<Histogram<u64>>,
    finished: Mutex<Option<crossbeam_channel::Sender<()>>>,
}

fn refill_start(run: Arc<Refill>) {
    let i = run.next.fetch_add(1, Ordering::Relaxed);
    if i >= run.total {
        return;
    }
    let started = Instant::now();
    let again = run.clone();
    run.client
        .add_room_member(1, i as i64)
        .with_callback(move |error: Option<QuestError>| {
            record(&mut again.latency.lock(), started);
            if error.is_some() {
                again.errors.fetch_add(1, Ordering::Relaxed);
            }
            if again.done.fetch_add(1, Ordering::AcqRel) + 1 == again.total {
                if let Some(finished) = again.finished.lock().take() {
                    let _ = finished.send(());
                }
            } else {
                refill_start(again);
            }
        });
}

/// `--inflight` calls started at once, each callback starting the next one.
fn refill(o: &Options, client: &RtmServerClient) -> Outcome {
    let (finished_tx, finished) = crossbeam_channel::bounded(1);
    let run = Arc::new(Refill {
        client: client.clone(),
        next: AtomicU64::new(0),
        total: o.count,
        done: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        latency: Mutex::new(histogram()),
        finished: Mutex::new(Some(finished_tx)),
    });
    let started = Instant::now();
    for _ in 0..o.inflight.min(o.count) {
        refill_start(run.clone());
    }
    finished.recv().unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let latency = run.latency.lock().clone();
    Outcome {
        seconds,
        latency,
        errors: run.errors.load(Ordering::Relaxed),
    }
}

/// The async form on tokio (one worker thread): `--inflight` tasks, each awaiting its
/// calls one after the other, so that as many calls are in flight as in callback mode.
fn async_mode(o: &Options, client: &RtmServerClient) -> Outcome {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let tasks = o.inflight.max(1);
    let per_task = o.count / tasks;
    let started = Instant::now();
    let (latency, errors) = runtime.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for task in 0..tasks {
            let client = client.clone();
            set.spawn(async move {
                let mut latency = histogram();
                let mut errors = 0;
                for i in 0..per_task {
                    let call_started = Instant::now();
                    if client.add_room_member(task as i64, i as i64).await.is_err() {
                        errors += 1;
                    }
                    record(&mut latency, call_started);
                }
                (latency, errors)
            });
        }
        let mut latency = histogram();
        let mut errors = 0;
        while let Some(done) = set.join_next().await {
            let (h, e) = done.unwrap();
            latency.add(h).unwrap();
            errors += e;
        }
        (latency, errors)
    });
    Outcome {
        seconds: started.elapsed().as_secs_f64(),
        latency,
        errors,
    }
}

/// The floor: one blocking socket per thread sending pre-encoded, pre-signed quests and
/// reading each answer, with no SDK in between.
fn raw(o: &Options, config: &ClientConfig) -> Outcome {
    let per_thread = o.count / o.threads;
    let secret = Secret::new(o.secret.clone());
    let frames: Vec<Vec<Vec<u8>>> = (0..o.threads)
        .map(|t| {
            (0..per_thread)
                .map(|i| {
                    let salt = SaltGenerator::global().next();
                    let ts = unix_seconds();
                    let signature = sign(o.pid, &secret, salt, "addroommember", ts);
                    let mut b = QuestBuilder::twoway_with_capacity("addroommember", 96).unwrap();
                    b.params()
                        .map_len(6)
                        .key("pid")
                        .int(i64::from(o.pid))
                        .key("sign")
                        .str(std::str::from_utf8(&signature).unwrap())
                        .key("salt")
                        .int(salt)
                        .key("ts")
                        .int(ts)
                        .key("rid")
                        .int(t as i64)
                        .key("uid")
                        .int(i as i64);
                    let mut frame = b.finish(usize::MAX).unwrap();
                    set_seq(&mut frame, i as u32 + 1);
                    frame
                })
                .collect()
        })
        .collect();
    let endpoint = config.endpoint().to_string();
    let started = Instant::now();
    let threads: Vec<_> = frames
        .into_iter()
        .map(|frames| {
            let endpoint = endpoint.clone();
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(&endpoint).expect("connect");
                stream.set_nodelay(true).unwrap();
                let decoder = FrameDecoder::default();
                let mut h = histogram();
                let mut errors = 0;
                let mut buf = vec![0u8; 4096];
                for frame in frames {
                    let call_started = Instant::now();
                    stream.write_all(&frame).unwrap();
                    let mut have = 0;
                    loop {
                        have += stream.read(&mut buf[have..]).unwrap();
                        if let Some((Frame::Answer(a), _)) = decoder.decode(&buf[..have]).unwrap() {
                            if a.is_error() {
                                errors += 1;
                            }
                            break;
                        }
                    }
                    record(&mut h, call_started);
                }
                (h, errors)
            })
        })
        .collect();
    join_all(threads, started)
}

fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

/// Bytes of resident memory per call in flight: `count` callback calls parked on a mock
/// that never answers and keeps nothing per quest (same room and user, no replay memory),
/// so that the growth is the client's.
fn memory(o: &Options, client: &RtmServerClient, mock: Option<&MockServer>) {
    let Some(mock) = mock else {
        fail("--mode memory needs the in-process mock (no --endpoint)");
    };
    assert_eq!(client.add_room_member(1, 1).call(), None);
    mock.add_fault(FaultRule::new(Fault::NoAnswer));
    let done = Arc::new(AtomicU64::new(0));
    let before = rss_bytes();
    for _ in 0..o.count {
        let done = done.clone();
        client
            .add_room_member(1, 1)
            .with_callback(move |_: Option<QuestError>| {
                done.fetch_add(1, Ordering::Relaxed);
            });
    }
    // Let the I/O thread take and write every call.
    let deadline = Instant::now() + Duration::from_secs(60);
    while mock.quest_count("addroommember") < o.count + 1 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    let after = rss_bytes();
    let per_call = after.saturating_sub(before) as f64 / o.count as f64;
    let quest_len = 100; // an addroommember frame, for scale
    if o.json {
        println!(
            "{{\"mode\":\"memory\",\"count\":{},\"rss_before\":{before},\"rss_after\":{after},\"bytes_per_call\":{per_call:.1}}}",
            o.count
        );
    } else {
        println!(
            "{} calls in flight: RSS {} -> {} KiB, {per_call:.1} bytes per call (the quest itself is about {quest_len} bytes and is not kept once written)",
            o.count,
            before / 1024,
            after / 1024
        );
    }
    let _ = client.close();
    assert_eq!(
        done.load(Ordering::Relaxed),
        o.count,
        "every call ended at close"
    );
}

fn main() {
    let o = parse();
    let (config, mock) = target(&o);
    let config = config
        .quest_timeout(Duration::from_secs(60))
        .max_queued_quests(10_000_000)
        .build();
    let client = RtmServerClient::new(config.clone()).unwrap_or_else(|e| fail(&e.to_string()));
    if o.mode == "memory" {
        memory(&o, &client, mock.as_ref());
        return;
    }
    if o.mode != "raw" {
        // Connect (and warm up) outside the measurement.
        for i in 0..1000 {
            let _ = client.add_room_member(-1, i).call();
        }
    }
    let outcome = match o.mode.as_str() {
        "blocking" => blocking(&o, &client),
        "callback" => callback(&o, &client),
        "async" => async_mode(&o, &client),
        "refill" => refill(&o, &client),
        _ => raw(&o, &config),
    };
    let count = outcome.latency.len();
    let qps = count as f64 / outcome.seconds;
    let (p50, p99, p999) = (
        outcome.latency.value_at_quantile(0.50),
        outcome.latency.value_at_quantile(0.99),
        outcome.latency.value_at_quantile(0.999),
    );
    if o.json {
        println!(
            "{{\"mode\":\"{}\",\"count\":{count},\"threads\":{},\"inflight\":{},\"seconds\":{:.3},\"qps\":{qps:.0},\"p50_us\":{p50},\"p99_us\":{p99},\"p999_us\":{p999},\"errors\":{},\"encrypted\":{}}}",
            o.mode, o.threads, o.inflight, outcome.seconds, outcome.errors, o.encrypt
        );
    } else {
        println!(
            "{} x{count} threads={} inflight={}{}: {:.3} s, {qps:.0} calls/s, p50 {p50} us, p99 {p99} us, p99.9 {p999} us, {} errors",
            o.mode,
            o.threads,
            o.inflight,
            if o.encrypt { " encrypted" } else { "" },
            outcome.seconds,
            outcome.errors
        );
    }
    let _ = client.close();
}
