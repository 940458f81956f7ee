//! Disconnects, reconnects (lazy and in the background), connection events and keep-alive.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use common::*;
use parking_lot::Mutex;
use rtm_server_sdk::error::codes;
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::{ConnectionCallback, QuestError, RtmServerClient};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    Connected { id: u64, reconnect: bool },
    Closed { id: u64, by_error: bool },
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Event>>>);

impl ConnectionCallback for Recorder {
    fn connected(&self, connection_id: u64, _endpoint: &str, is_reconnect: bool) {
        self.0.lock().push(Event::Connected {
            id: connection_id,
            reconnect: is_reconnect,
        });
    }
    fn closed(&self, connection_id: u64, _endpoint: &str, caused_by_error: bool, _: bool) {
        self.0.lock().push(Event::Closed {
            id: connection_id,
            by_error: caused_by_error,
        });
    }
}

#[test]
fn a_dropped_connection_fails_calls_in_flight_and_the_next_call_reconnects() {
    let server = mock();
    let client = client_for(&server);
    let events = Recorder::default();
    client.set_connection_callback(events.clone());
    assert_eq!(client.add_room_member(1, 2).call(), None);

    server.add_fault(FaultRule::new(Fault::NoAnswer).times(3));
    let (tx, rx) = mpsc::channel();
    for _ in 0..3 {
        let tx = tx.clone();
        client
            .add_room_member(1, 2)
            .with_callback(move |e: Option<QuestError>| {
                tx.send(e).unwrap();
            });
    }
    assert!(eventually(PROMPT, || server.quest_count("addroommember") == 4));
    server.close_connections();
    for _ in 0..3 {
        let error = rx
            .recv_timeout(PROMPT)
            .expect("each call ends at once")
            .unwrap();
        assert_eq!(error.code, codes::CORE_CONNECTION_CLOSED, "{error}");
    }
    assert!(
        rx.recv_timeout(Duration::from_millis(200)).is_err(),
        "each call ends once"
    );

    assert_eq!(client.add_room_member(1, 2).call(), None);
    assert_eq!(server.stats().connections, 2);
    assert!(eventually(PROMPT, || events.0.lock().len() == 3));
    assert_eq!(
        *events.0.lock(),
        vec![
            Event::Connected {
                id: 1,
                reconnect: false
            },
            Event::Closed {
                id: 1,
                by_error: true
            },
            Event::Connected {
                id: 2,
                reconnect: true
            },
        ]
    );
}

#[test]
fn a_stopped_server_fails_calls_fast_and_a_restart_on_the_same_port_serves_again() {
    let server = mock();
    let client = client_for(&server);
    assert_eq!(client.set_room_info(7).oinfo("kept").call(), None);
    server.stop();
    let (error, elapsed) = timed(|| {
        client
            .add_room_member(1, 2)
            .timeout(Duration::from_secs(10))
            .call()
    });
    let error = error.expect("no server");
    assert!(error.is_connection_error(), "{error}");
    assert!(elapsed < PROMPT, "{elapsed:?}");
    // Not connected at the time of the call: 20012, named after the endpoint.
    let (error, _) = timed(|| client.add_room_member(1, 2).call());
    let error = error.unwrap();
    assert_eq!(error.code, codes::CORE_INVALID_CONNECTION, "{error}");
    assert!(error.message.contains(&server.endpoint()), "{error}");

    server.restart().unwrap();
    assert_eq!(client.add_room_member(1, 2).call(), None);
    let info = client.get_room_info(7).call().unwrap();
    assert_eq!(
        info.oinfo.as_deref(),
        Some("kept"),
        "the mock keeps its state"
    );
}

#[test]
fn background_reconnect_restores_the_connection_without_a_call() {
    let server = mock();
    let client = client_with(server.client_config().auto_reconnect(true));
    let events = Recorder::default();
    client.set_connection_callback(events.clone());
    client.connect().unwrap();
    // The handshake completes before the mock's thread accepts.
    assert!(eventually(PROMPT, || server.stats().connections == 1));
    server.close_connections();
    assert!(
        eventually(Duration::from_secs(5), || server.stats().connections == 2),
        "reconnected by itself"
    );
    assert!(eventually(PROMPT, || events.0.lock().len() == 3));
    assert_eq!(
        events.0.lock()[2],
        Event::Connected {
            id: 2,
            reconnect: true
        }
    );
}

#[test]
fn background_reconnect_backs_off_while_the_server_is_down() {
    let server = mock();
    let client = client_with(
        server
            .client_config()
            .auto_reconnect(true)
            .reconnect_backoff(1, Duration::from_millis(300), Duration::from_secs(1), 2.0),
    );
    client.connect().unwrap();
    server.stop();
    // While down, attempts are refused; a call waits for the next attempt or its deadline.
    let (error, elapsed) = timed(|| {
        client
            .add_room_member(1, 2)
            .timeout(Duration::from_millis(100))
            .call()
    });
    assert!(error.unwrap().is_connection_error() || elapsed >= Duration::from_millis(100));
    server.restart().unwrap();
    assert!(
        eventually(Duration::from_secs(5), || server.stats().connections >= 2),
        "reconnected after the restart"
    );
    assert_eq!(client.add_room_member(1, 2).call(), None);
}

#[test]
fn explicit_reconnect_replaces_the_connection() {
    let server = mock();
    let client = client_for(&server);
    let events = Recorder::default();
    client.set_connection_callback(events.clone());
    client.connect().unwrap();
    client.reconnect();
    assert!(eventually(PROMPT, || server.stats().connections == 2));
    assert!(eventually(PROMPT, || events.0.lock().len() == 3));
    assert_eq!(
        events.0.lock()[1],
        Event::Closed {
            id: 1,
            by_error: false
        }
    );
    assert_eq!(client.add_room_member(1, 2).call(), None);
}

#[test]
fn connect_reports_an_unreachable_endpoint() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = RtmServerClient::new(rtm_server_sdk::ClientConfig::builder(
        format!("127.0.0.1:{port}"),
        1,
        "secret",
    ))
    .unwrap();
    let error = within(PROMPT * 2, move || client.connect()).unwrap_err();
    assert_eq!(error.code, codes::CORE_INVALID_CONNECTION, "{error}");
}

#[test]
fn dns_names_and_ipv6_literals_are_accepted_endpoints() {
    let server = mock();
    let named = client_with(rtm_server_sdk::ClientConfig::builder(
        format!("localhost:{}", server.addr().port()),
        server.pid(),
        server.secret().clone(),
    ));
    assert_eq!(named.add_room_member(1, 2).call(), None);

    if let Ok(v6) = rtm_server_sdk::mock::MockServer::builder()
        .bind("[::1]:0".parse().unwrap())
        .start()
    {
        let client = client_for(&v6);
        assert!(v6.endpoint().starts_with("[::1]:"));
        assert_eq!(client.add_room_member(1, 2).call(), None);
    }
}

#[test]
fn keep_alive_pings_an_idle_connection() {
    let server = mock();
    let client = client_with(
        server
            .client_config()
            .keep_alive(Some(Duration::from_millis(100)))
            .keep_alive_timeout(Duration::from_millis(100)),
    );
    client.connect().unwrap();
    assert!(
        eventually(Duration::from_secs(3), || server.quest_count("*ping") >= 3),
        "pings sent while idle"
    );
    assert_eq!(
        server.stats().connections,
        1,
        "answered pings keep the connection"
    );
}

#[test]
fn keep_alive_closes_a_connection_that_went_silent() {
    // A server that accepts and then never sends a byte.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            let mut reader = stream.try_clone().unwrap();
            std::thread::spawn(move || {
                let mut sink = [0u8; 1024];
                while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
            });
            held.push(stream);
        }
    });
    let client = RtmServerClient::new(
        rtm_server_sdk::ClientConfig::builder(addr.to_string(), 1, "secret")
            .keep_alive(Some(Duration::from_millis(100)))
            .keep_alive_timeout(Duration::from_millis(50)),
    )
    .unwrap();
    let (error, elapsed) = within(Duration::from_secs(10), move || {
        timed(|| {
            client
                .add_room_member(1, 2)
                .timeout(Duration::from_secs(30))
                .call()
        })
    });
    let error = error.unwrap();
    assert_eq!(error.code, codes::CORE_CONNECTION_CLOSED, "{error}");
    assert!(error.message.contains("keep-alive"), "{error}");
    assert!(
        elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
}

#[test]
fn with_auto_reconnect_calls_made_while_down_wait_for_the_reconnect_up_to_their_deadline() {
    let server = mock();
    let client = client_with(
        server
            .client_config()
            .auto_reconnect(true)
            .reconnect_backoff(
                1,
                Duration::from_millis(50),
                Duration::from_millis(100),
                2.0,
            ),
    );
    client.connect().unwrap();
    server.stop();
    // Failed attempts do not end it: it waits for a connection until its deadline.
    let timeout = Duration::from_millis(600);
    let (error, elapsed) = timed(|| client.add_room_member(1, 2).timeout(timeout).call());
    let error = error.expect("no server");
    assert!(error.is_timeout(), "{error}");
    assert!(
        elapsed >= timeout && elapsed < timeout + PROMPT,
        "{elapsed:?}"
    );
    assert!(error.message.contains("last connect error"), "{error}");

    // The server comes back while a call waits: it goes out then.
    let waiting = std::thread::spawn({
        let client = client.clone();
        move || {
            client
                .add_room_member(1, 3)
                .timeout(Duration::from_secs(10))
                .call()
        }
    });
    std::thread::sleep(Duration::from_millis(400));
    server.restart().unwrap();
    assert_eq!(waiting.join().unwrap(), None);
    assert_eq!(client.get_room_members(1).call(), Ok(vec![3]));
}

#[test]
fn without_auto_reconnect_a_failed_connect_ends_the_calls_that_caused_it() {
    let server = mock();
    let client = client_for(&server);
    client.connect().unwrap();
    server.stop();
    let (error, elapsed) = timed(|| {
        client
            .add_room_member(1, 2)
            .timeout(Duration::from_secs(10))
            .call()
    });
    assert!(error.unwrap().is_connection_error());
    assert!(elapsed < PROMPT, "{elapsed:?}");
}
