//! The async forms: every call under tokio's multi-thread runtime and under a minimal
//! single-thread executor (success, server error, timeout at the deadline); many at once;
//! dropped futures let go of their calls; the three forms send the same quest; connecting
//! and closing inside a runtime never block it.

#[allow(dead_code)]
#[path = "../examples/api_tour/calls.rs"]
mod calls;
mod common;

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::api::{SAME_AS_REFERENCE, expected, vectors};
use common::*;
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::{ClientConfig, QuestError, RtmServerClient};

fn multi_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Runs every call's async form in order against a fresh mock: success with the right
/// value, then a server error, then a timeout, each driven by `run`.
fn every_call_three_ways(run: impl Fn(calls::Pending) -> calls::Outcome) {
    let server = mock();
    // User 2002's client is logged in, as in the reference run: U1 finds it online.
    server.user_login(2002);
    let client = client_for(&server);
    for (call, vector) in api_calls().iter().zip(vectors()) {
        let value =
            run((call.async_form)(&client, None)).unwrap_or_else(|e| panic!("{}: {e}", call.id));
        if SAME_AS_REFERENCE.contains(&call.id) {
            assert_eq!(Some(value), expected(&vector), "{}", call.id);
        }
    }
    for call in api_calls() {
        server.add_fault(
            FaultRule::new(Fault::ErrorAnswer {
                code: 200_999,
                ex: "no".into(),
            })
            .method(call.method)
            .times(1),
        );
        let error = run((call.async_form)(&client, None)).expect_err(call.id);
        assert!(
            error.code == 200_999 && error.is_server_error(),
            "{}: {error:?}",
            call.id
        );
    }
    server.add_fault(FaultRule::new(Fault::NoAnswer));
    let timeout = Duration::from_millis(100);
    for call in api_calls() {
        let started = Instant::now();
        let error = run((call.async_form)(&client, Some(timeout))).expect_err(call.id);
        let elapsed = started.elapsed();
        assert!(error.is_timeout(), "{}: {error}", call.id);
        assert!(
            elapsed >= timeout && elapsed < timeout + PROMPT,
            "{}: {elapsed:?}",
            call.id
        );
    }
}

#[test]
fn every_call_in_async_form_under_tokios_multi_thread_runtime() {
    let runtime = multi_thread();
    every_call_three_ways(|pending| runtime.block_on(pending));
}

#[test]
fn every_call_in_async_form_under_a_minimal_single_thread_executor() {
    // No runtime, no reactor: an executor that polls when woken is all the forms need.
    every_call_three_ways(pollster::block_on);
}

#[test]
fn ten_thousand_concurrent_async_calls_all_complete_once() {
    let server = mock();
    let client = client_for(&server);
    let runtime = multi_thread();
    let ended = Arc::new(AtomicUsize::new(0));
    runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for uid in 0..10_000 {
            let call = client.add_room_member(1, uid).into_future();
            let ended = ended.clone();
            tasks.spawn(async move {
                assert_eq!(call.await, Ok(()));
                ended.fetch_add(1, Ordering::SeqCst);
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap();
        }
    });
    assert_eq!(ended.load(Ordering::SeqCst), 10_000);
    assert_eq!(client.get_room_count(&[1]).call().unwrap()[&1], 10_000);
    assert_eq!(client.calls_in_flight(), 0);
}

#[test]
fn dropped_futures_let_go_of_their_calls_and_memory_stays_flat() {
    let server = mock();
    let client = client_for(&server);
    assert_eq!(client.add_room_member(1, 1).call(), None);
    // The mock holds every answer for 50 ms, so calls are in flight when dropped.
    server.add_fault(FaultRule::new(Fault::Delay(Duration::from_millis(50))));
    let runtime = multi_thread();
    let timeout = Duration::from_millis(300);
    let mut rss = Vec::new();
    for _round in 0..3 {
        runtime.block_on(async {
            for uid in 0..10_000i64 {
                let call = client
                    .add_room_member(2, uid)
                    .timeout(timeout)
                    .into_future();
                match uid % 3 {
                    // Dropped unpolled.
                    0 => drop(call),
                    // Polled once, then dropped.
                    1 => {
                        let _ = tokio::time::timeout(Duration::ZERO, call).await;
                    }
                    // Dropped a little later.
                    _ => {
                        tokio::spawn(async move {
                            let _ = tokio::time::timeout(Duration::from_millis(10), call).await;
                        });
                    }
                }
            }
        });
        assert!(
            eventually(Duration::from_secs(5), || client.calls_in_flight() == 0),
            "{} calls still in flight after their deadlines",
            client.calls_in_flight()
        );
        rss.push(rss_kib());
    }
    assert!(rss[2] <= rss[1] + 4 * 1024, "memory grew: {rss:?} KiB");
    // Abandoned before being written: some were never sent at all.
    assert!(server.quest_count("addroommember") < 1 + 3 * 10_000);
    server.clear_faults();
    assert_eq!(client.add_room_member(1, 2).call(), None);
}

/// The key order, formats and values of a captured quest, the varying keys blanked.
fn shape(payload: &[u8]) -> Vec<(String, String)> {
    let value = rtm_server_sdk::rmpv::decode::read_value(&mut &payload[..]).unwrap();
    value
        .as_map()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let key = k.as_str().unwrap().to_string();
            let shown = match key.as_str() {
                "sign" | "salt" | "ts" => (if v.is_str() { "str" } else { "int" }).to_string(),
                _ => format!("{v:?}"),
            };
            (key, shown)
        })
        .collect()
}

#[test]
fn the_three_forms_of_a_call_send_the_same_quest() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = RtmServerClient::new(
        ClientConfig::builder(listener.local_addr().unwrap().to_string(), 1, "s").keep_alive(None),
    )
    .unwrap();
    let (quests_tx, quests) = mpsc::channel();
    std::thread::spawn(move || {
        let mut peer = ScriptedPeer::accept(&listener);
        while let Some((_, payload, seq)) = peer.next_quest() {
            quests_tx.send(shape(&payload)).unwrap();
            peer.answer(seq, &[0x81, 0xa5, b'm', b't', b'i', b'm', b'e', 1]);
        }
    });
    for call in api_calls() {
        let _ = (call.blocking)(&client, None);
        let (tx, rx) = mpsc::channel();
        (call.callback)(&client, None, Box::new(move |o| tx.send(o).unwrap()));
        let _ = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        let _ = pollster::block_on((call.async_form)(&client, None));
        let forms: Vec<_> = (0..3)
            .map(|_| quests.recv_timeout(Duration::from_secs(10)).unwrap())
            .collect();
        // A generated mid differs per call; everything else is the same.
        let strip_mid = |q: &Vec<(String, String)>| -> Vec<(String, String)> {
            q.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        if k == "mid" && call.id.ends_with('2') {
                            String::new()
                        } else {
                            v.clone()
                        },
                    )
                })
                .collect()
        };
        assert_eq!(
            strip_mid(&forms[0]),
            strip_mid(&forms[1]),
            "{}: blocking vs callback",
            call.id
        );
        assert_eq!(
            strip_mid(&forms[0]),
            strip_mid(&forms[2]),
            "{}: blocking vs async",
            call.id
        );
    }
}

#[test]
fn connecting_closing_and_dropping_inside_a_runtime_do_not_block_it() {
    let server = mock();
    let runtime = multi_thread();
    runtime.block_on(async {
        let client = RtmServerClient::new(server.client_config()).unwrap();
        assert_eq!(client.connect_async().await, Ok(()));
        assert_eq!(client.add_room_member(1, 2).await, Ok(()));

        // A callback that holds the callback thread for 3 s.
        client
            .add_room_member(1, 3)
            .with_callback(|_: Option<QuestError>| {
                std::thread::sleep(Duration::from_secs(3));
            });
        tokio::time::sleep(Duration::from_millis(100)).await;
        let other = client.clone();
        let started = Instant::now();
        drop(client);
        drop(other); // the last handle: stops the I/O thread, does not wait for callbacks
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );

        let client = RtmServerClient::new(server.client_config()).unwrap();
        let in_flight = client
            .add_room_member(1, 4)
            .timeout(Duration::from_secs(60))
            .into_future();
        server.add_fault(FaultRule::new(Fault::NoAnswer).times(1));
        let started = Instant::now();
        client.close_async().await;
        assert!(started.elapsed() < Duration::from_secs(1));
        let error = in_flight.await.unwrap_err();
        assert!(error.is_connection_closed(), "{error}");
        assert!(
            client
                .add_room_member(1, 5)
                .await
                .unwrap_err()
                .is_connection_closed()
        );
        assert!(
            client
                .connect_async()
                .await
                .unwrap_err()
                .is_connection_closed()
        );
    });
}

/// The tour's calls but the file calls (PF*), which `tests/files.rs` covers.
fn api_calls() -> Vec<calls::TourCall> {
    calls::calls()
        .into_iter()
        .filter(|c| !c.id.starts_with("PF"))
        .collect()
}
