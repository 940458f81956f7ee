//! Every duration setter and a call's own timeout take `Duration::ZERO` and `Duration::MAX`
//! without a panic, and the client keeps working.

mod common;

use std::time::Duration;

use common::*;
use rtm_server_sdk::config::FOREVER;
use rtm_server_sdk::{ClientConfigBuilder, RtmServerClient};

type Setter = fn(ClientConfigBuilder, Duration) -> ClientConfigBuilder;

fn setters() -> Vec<(&'static str, Setter)> {
    vec![
        ("quest_timeout", |b, d| b.quest_timeout(d)),
        ("connect_timeout", |b, d| b.connect_timeout(d)),
        ("keep_alive", |b, d| b.keep_alive(Some(d))),
        ("keep_alive_timeout", |b, d| b.keep_alive_timeout(d)),
        ("reconnect min delay", |b, d| {
            b.auto_reconnect(true)
                .reconnect_backoff(0, d, Duration::from_secs(1), 2.0)
        }),
        ("reconnect max delay", |b, d| {
            b.auto_reconnect(true)
                .reconnect_backoff(0, Duration::from_millis(10), d, 2.0)
        }),
        ("reconnect both delays", |b, d| {
            b.auto_reconnect(true).reconnect_backoff(0, d, d, f64::MAX)
        }),
    ]
}

#[test]
fn every_duration_setter_takes_zero_and_max() {
    let server = mock();
    for (name, set) in setters() {
        for d in [Duration::ZERO, Duration::MAX] {
            let what = format!("{name} = {d:?}");
            let client = RtmServerClient::new(set(server.client_config(), d)).unwrap();
            let timeout = Duration::from_secs(5);
            let error = client.add_room_member(1, 2).timeout(timeout).call();
            if name == "connect_timeout" && d.is_zero() {
                // No time to connect: every connect fails, at once and clearly.
                let error = error.expect("cannot connect in no time");
                assert!(error.is_connection_error(), "{what}: {error}");
            } else {
                assert_eq!(error, None, "{what}");
                // A drop and a reconnect under the setting. With a century of backoff the
                // client waits for a century, as asked: `connect()` cuts it short.
                server.close_connections();
                if name.starts_with("reconnect") && !d.is_zero() {
                    std::thread::sleep(Duration::from_millis(50));
                    assert_eq!(client.connect(), Ok(()), "{what}");
                }
                assert!(
                    eventually(Duration::from_secs(5), || client
                        .add_room_member(1, 2)
                        .timeout(timeout)
                        .call()
                        .is_none()),
                    "{what}: works after a reconnect"
                );
            }
            assert!(!client.is_closed(), "{what}: the client is alive");
            client.close().unwrap();
        }
    }
}

#[test]
fn a_calls_own_timeout_takes_zero_and_max() {
    let server = mock();
    let client = client_for(&server);
    let (error, elapsed) = timed(|| client.add_room_member(1, 2).timeout(Duration::ZERO).call());
    assert!(error.unwrap().is_timeout());
    assert!(elapsed < PROMPT);
    assert_eq!(
        client.add_room_member(1, 2).timeout(Duration::MAX).call(),
        None
    );
    assert_eq!(
        client.get_room_members(1).timeout(Duration::MAX).call(),
        Ok(vec![2])
    );
    let (error, _) = basic_cb(|cb| {
        client
            .add_room_member(1, 3)
            .timeout(Duration::MAX)
            .with_callback(cb)
    });
    assert_eq!(error, None);
    let (error, _) = basic_cb(|cb| {
        client
            .add_room_member(1, 3)
            .timeout(Duration::ZERO)
            .with_callback(cb)
    });
    assert!(error.unwrap().is_timeout());
    assert_eq!(
        server.quest_count("addroommember"),
        2,
        "zero-timeout calls are not sent"
    );
}

#[test]
fn set_quest_timeout_takes_zero_and_max_and_config_agrees() {
    let server = mock();
    let client = client_for(&server);
    client.set_quest_timeout(Duration::MAX);
    assert_eq!(client.quest_timeout(), FOREVER);
    assert_eq!(client.config().quest_timeout(), FOREVER);
    assert_eq!(client.add_room_member(1, 2).call(), None);

    client.set_quest_timeout(Duration::ZERO);
    assert_eq!(client.config().quest_timeout(), Duration::ZERO);
    assert!(client.add_room_member(1, 2).call().unwrap().is_timeout());

    client.set_quest_timeout(Duration::from_micros(1500));
    assert_eq!(client.config().quest_timeout(), Duration::from_micros(1500));
    assert_eq!(client.quest_timeout(), client.config().quest_timeout());
}

#[test]
fn max_frame_len_takes_any_size() {
    let server = mock();
    for len in [0, usize::MAX] {
        let client = RtmServerClient::new(server.client_config().max_frame_len(len)).unwrap();
        let error = client.add_room_member(1, 2).call();
        if len == 0 {
            // The smallest frame allowed cannot hold the quest: refused, not sent.
            assert_eq!(
                error.unwrap().code,
                rtm_server_sdk::error::codes::CORE_ENCODING
            );
        } else {
            assert_eq!(error, None);
        }
    }
}
