//! Callbacks run off the I/O thread, once each; a panicking one does not hurt the client;
//! a blocking call inside one does not deadlock.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use common::*;
use rtm_server_sdk::{BasicCallback, QuestError};

#[test]
fn callbacks_run_on_the_callback_thread() {
    let server = mock();
    let client = client_for(&server);
    let (tx, rx) = mpsc::channel();
    client
        .add_room_member(1, 2)
        .with_callback(move |_: Option<QuestError>| {
            tx.send(std::thread::current().name().map(str::to_string))
                .unwrap();
        });
    let name = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(name.as_deref(), Some("rtm-callback"));
}

#[test]
fn a_panicking_callback_is_contained_and_the_client_keeps_working() {
    let server = mock();
    let client = client_for(&server);
    client
        .add_room_member(1, 2)
        .with_callback(|_: Option<QuestError>| {
            panic!("a user callback that panics");
        });
    let (tx, rx) = mpsc::channel();
    client
        .is_ban_of_room(1, 2)
        .with_callback(move |banned: bool, error: Option<QuestError>| {
            tx.send((banned, error)).unwrap();
        });
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(5)).unwrap(),
        (false, None)
    );
    assert_eq!(client.add_room_member(1, 3).call(), None);
}

#[test]
fn a_blocking_call_inside_a_callback_does_not_deadlock() {
    let server = mock();
    let client = client_for(&server);
    let (tx, rx) = mpsc::channel();
    let inner = client.clone();
    client
        .add_room_member(1, 2)
        .with_callback(move |error: Option<QuestError>| {
            assert!(error.is_none());
            tx.send(
                inner
                    .get_room_members(1)
                    .timeout(Duration::from_secs(5))
                    .call(),
            )
            .unwrap();
        });
    let members = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("no deadlock");
    assert_eq!(members, Ok(vec![2]));
}

/// A callback struct, as a Python user would write one.
struct Count(Arc<AtomicUsize>);

impl BasicCallback for Count {
    fn callback(self, error: Option<QuestError>) {
        assert!(error.is_none());
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn trait_implementations_and_closures_both_work_and_run_exactly_once() {
    let server = mock();
    let client = client_for(&server);
    let count = Arc::new(AtomicUsize::new(0));
    for uid in 0..100 {
        client
            .add_room_member(1, uid)
            .with_callback(Count(count.clone()));
        let count = count.clone();
        client
            .delete_room_member(1, uid)
            .with_callback(move |error: Option<QuestError>| {
                assert!(error.is_none());
                count.fetch_add(1, Ordering::SeqCst);
            });
    }
    assert!(eventually(Duration::from_secs(5), || count
        .load(Ordering::SeqCst)
        == 200));
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(count.load(Ordering::SeqCst), 200, "no callback runs twice");
}

#[test]
fn refused_arguments_reach_the_callback_without_sending() {
    let server = mock();
    let client = client_for(&server);
    let (error, _) = basic_cb(|cb| client.set_room_info(1).with_callback(cb));
    assert!(error.unwrap().is_invalid_argument());
    assert_eq!(server.quest_count("setroominfo"), 0);
}

#[test]
fn a_refused_callback_form_call_runs_its_callback_on_the_callback_thread() {
    let server = mock();
    let client = client_for(&server);
    // A lock the caller holds while calling: a callback run on the calling thread would
    // deadlock on it (the test's watchdog would catch that).
    let lock = std::sync::Arc::new(std::sync::Mutex::new(()));
    let (tx, rx) = mpsc::channel();
    let held = lock.lock().unwrap();
    let in_callback = lock.clone();
    client
        .set_room_info(1)
        .with_callback(move |error: Option<QuestError>| {
            let _guard = in_callback.lock().unwrap();
            let thread = std::thread::current().name().map(str::to_string);
            tx.send((error, thread)).unwrap();
        });
    drop(held);
    let (error, thread) = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the callback ran");
    assert!(error.unwrap().is_invalid_argument());
    assert_eq!(thread.as_deref(), Some("rtm-callback"));
}

#[test]
fn push_callback_hears_server_pushes() {
    use rtm_server_sdk::mock::{Fault, FaultRule};
    let server = mock();
    let client = client_for(&server);
    let (tx, rx) = mpsc::channel();
    client.set_push_callback(move |method: &str, payload: &rmpv::Value| {
        let msg = payload["msg"].as_str().unwrap().to_string();
        tx.send((method.to_string(), msg)).unwrap();
    });
    server.add_fault(FaultRule::new(Fault::PushFirst).times(1));
    assert_eq!(client.add_room_member(1, 2).call(), None);
    let (method, msg) = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(method, "pushroommsg");
    assert_eq!(msg, "pushed by the mock");
}

#[test]
fn a_call_made_by_a_callback_goes_out_while_that_callback_still_runs() {
    // The callback thread hands such calls on in bursts; a callback that keeps the thread
    // busy after its call must not hold the call back.
    let server = mock();
    let client = client_for(&server);
    let inner = client.clone();
    // Another client looks, so nothing else wakes this client's I/O thread.
    let observer = client_for(&server);
    let (tx, rx) = mpsc::channel();
    client
        .add_room_member(1, 2)
        .with_callback(move |error: Option<QuestError>| {
            assert!(error.is_none());
            inner
                .add_room_member(1, 3)
                .with_callback(|_: Option<QuestError>| {});
            std::thread::sleep(Duration::from_secs(2));
            tx.send(()).unwrap();
        });
    let (landed, elapsed) = timed(|| {
        eventually(PROMPT, || {
            observer
                .get_room_members(1)
                .call()
                .is_ok_and(|members| members.contains(&3))
        })
    });
    assert!(landed, "the call waited for its callback to end");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    rx.recv_timeout(Duration::from_secs(5)).unwrap();
}

#[test]
fn pipelined_calls_started_by_callbacks_each_end_once_when_answers_arrive_one_by_one() {
    // FPNN's server writes each answer on its own; callbacks start the next calls.
    const CALLS: usize = 2000;
    let server = rtm_server_sdk::mock::MockServer::builder()
        .write_each_answer(true)
        .start()
        .unwrap();
    let client = client_for(&server);
    let ended = Arc::new(AtomicUsize::new(0));
    let started = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();
    fn start(
        client: &rtm_server_sdk::RtmServerClient,
        started: Arc<AtomicUsize>,
        ended: Arc<AtomicUsize>,
        tx: mpsc::Sender<usize>,
    ) {
        let n = started.fetch_add(1, Ordering::SeqCst);
        if n >= CALLS {
            return;
        }
        let again = client.clone();
        client
            .add_room_member(7, n as i64)
            .with_callback(move |e: Option<QuestError>| {
                assert!(e.is_none(), "{e:?}");
                ended.fetch_add(1, Ordering::SeqCst);
                tx.send(n).unwrap();
                start(&again, started, ended, tx);
            });
    }
    for _ in 0..100 {
        start(&client, started.clone(), ended.clone(), tx.clone());
    }
    let mut seen = vec![false; CALLS];
    for _ in 0..CALLS {
        let n = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(!seen[n], "call {n} ended twice");
        seen[n] = true;
    }
    assert_eq!(client.get_room_members(7).call().unwrap().len(), CALLS);
    assert_eq!(ended.load(Ordering::SeqCst), CALLS);
}
