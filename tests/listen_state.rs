//! The listen state the client restores on a new connection is what the service
//! acknowledged, in the order it answered, whatever became of the caller; the restore is
//! the first thing on a new connection, reported after `connected`, with the current
//! default timeout.

mod common;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::push::QuestProcessor;
use rtm_server_sdk::{ConnectionCallback, QuestError, RtmServerClient};

/// The rooms whose chat reached the processor, in order.
#[derive(Clone, Default)]
struct Heard(Arc<Mutex<Vec<i64>>>);

impl QuestProcessor for Heard {
    fn push_room_chat(&self, _: i64, rid: i64, _: i64, _: String, _: String, _: i64) {
        self.0.lock().unwrap().push(rid);
    }
}

impl Heard {
    /// Sends a chat to each room, then one to `marker` (listened to), and returns the
    /// rooms heard once the marker arrived.
    fn probe(&self, server: &MockServer, rooms: &[i64], marker: i64) -> Vec<i64> {
        let sender = client_for(server);
        self.0.lock().unwrap().clear();
        for &rid in rooms.iter().chain([&marker]) {
            sender.send_room_chat(1, rid, "probe", "").call().unwrap();
        }
        assert!(
            eventually(Duration::from_secs(10), || self
                .0
                .lock()
                .unwrap()
                .contains(&marker)),
            "the marker room {marker} was not heard: {:?}",
            self.0.lock().unwrap()
        );
        let heard = self.0.lock().unwrap().clone();
        heard.into_iter().filter(|r| *r != marker).collect()
    }
}

/// Connection events in the order the callback thread saw them.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<String>>>);

impl ConnectionCallback for Events {
    fn connected(&self, id: u64, _: &str, _: bool) {
        self.0.lock().unwrap().push(format!("connected {id}"));
    }
    fn closed(&self, id: u64, _: &str, _: bool, _: bool) {
        self.0.lock().unwrap().push(format!("closed {id}"));
    }
    fn listen_restored(&self, id: u64, error: Option<QuestError>) {
        let outcome = error.map_or("ok".to_string(), |e| e.code.to_string());
        self.0
            .lock()
            .unwrap()
            .push(format!("restored {id} {outcome}"));
    }
}

impl Events {
    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    fn wait_for(&self, line: &str) {
        assert!(
            eventually(Duration::from_secs(10), || self
                .lines()
                .iter()
                .any(|l| l == line)),
            "no {line:?} in {:?}",
            self.lines()
        );
    }
}

fn listening_client(server: &MockServer, auto: bool) -> (RtmServerClient, Heard, Events) {
    let client = client_with(server.client_config().auto_reconnect(auto));
    let (heard, events) = (Heard::default(), Events::default());
    client.set_quest_processor(heard.clone());
    client.set_connection_callback(events.clone());
    (client, heard, events)
}

/// Closes connection `id` at the server; the next call reconnects, and the restore of
/// connection `id + 1` succeeds.
fn blip(server: &MockServer, client: &RtmServerClient, events: &Events, id: u64) {
    server.close_connections();
    events.wait_for(&format!("closed {id}"));
    assert_eq!(client.get_room_members(1).call(), Ok(vec![]));
    events.wait_for(&format!("restored {} ok", id + 1));
}

/// Holds the callback thread in a callback until the returned sender is dropped.
fn hold_callback_thread(client: &RtmServerClient) -> mpsc::Sender<()> {
    let (release, held) = mpsc::channel::<()>();
    let (entered_tx, entered) = mpsc::channel();
    client
        .add_room_member(7, 7)
        .with_callback(move |_: Option<QuestError>| {
            entered_tx.send(()).unwrap();
            let _ = held.recv();
        });
    entered.recv_timeout(PROMPT).expect("the callback runs");
    release
}

#[test]
fn a_listen_call_made_while_disconnected_applies_on_top_of_the_restore() {
    let server = mock();
    let (client, heard, events) = listening_client(&server, false);
    assert_eq!(client.set_listen().rids(&[1001]).call(), None);
    server.close_connections();
    events.wait_for("closed 1");

    // Made while disconnected: queued, then sent on the new connection after the restore.
    assert_eq!(client.set_listen().rids(&[2002]).call(), None);
    events.wait_for("restored 2 ok");
    assert_eq!(heard.probe(&server, &[1001], 2002), Vec::<i64>::new());

    // And the next connection restores what the client now believes: 2002 only.
    blip(&server, &client, &events, 2);
    assert_eq!(heard.probe(&server, &[1001], 2002), Vec::<i64>::new());
}

#[test]
fn an_acknowledged_listen_is_restored_though_the_callback_thread_was_busy_at_the_blip() {
    let server = mock();
    let (client, heard, events) = listening_client(&server, true);
    let release = hold_callback_thread(&client);
    let (done_tx, done) = mpsc::channel();
    client
        .add_listen()
        .rids(&[1001])
        .with_callback(move |e| done_tx.send(e).unwrap());
    // The service acknowledged it (answers come in order) while its callback still waits.
    assert_eq!(client.get_room_members(1).call(), Ok(vec![]));
    server.close_connections();
    // The reconnect (auto) restores first; a call on the new connection proves it is done.
    assert!(eventually(Duration::from_secs(10), || client
        .get_room_members(1)
        .timeout(Duration::from_secs(1))
        .call()
        .is_ok()));
    drop(release);
    assert_eq!(done.recv_timeout(PROMPT).unwrap(), None);
    events.wait_for("restored 2 ok");
    assert_eq!(heard.probe(&server, &[], 1001), Vec::<i64>::new());
}

#[test]
fn an_add_listen_future_dropped_after_the_answer_is_still_remembered() {
    let server = mock();
    let (client, heard, events) = listening_client(&server, false);
    let future = client.add_listen().rids(&[1001]).into_future();
    // Answers come in order: once this returns, the add_listen answer was matched.
    assert_eq!(client.get_room_members(1).call(), Ok(vec![]));
    drop(future);
    blip(&server, &client, &events, 1);
    assert_eq!(heard.probe(&server, &[], 1001), Vec::<i64>::new());
}

#[test]
fn an_add_then_a_remove_are_recorded_in_the_order_the_service_answered() {
    let server = mock();
    let (client, heard, events) = listening_client(&server, false);
    assert_eq!(client.add_listen().rids(&[2002]).call(), None);
    let release = hold_callback_thread(&client);
    let (done_tx, done) = mpsc::channel();
    client
        .add_listen()
        .rids(&[1001])
        .with_callback(move |e| done_tx.send(e).unwrap());
    assert_eq!(client.remove_listen().rids(&[1001]).call(), None);
    drop(release);
    assert_eq!(done.recv_timeout(PROMPT).unwrap(), None);

    blip(&server, &client, &events, 1);
    assert_eq!(heard.probe(&server, &[1001], 2002), Vec::<i64>::new());
}

#[test]
fn the_restore_uses_the_default_timeout_set_on_the_client() {
    let server = mock();
    let client = RtmServerClient::new(
        server
            .client_config()
            .quest_timeout(Duration::ZERO)
            .auto_reconnect(true),
    )
    .unwrap();
    let events = Events::default();
    client.set_connection_callback(events.clone());
    client.set_quest_timeout(Duration::from_secs(10));
    assert_eq!(client.add_listen().rids(&[1001]).call(), None);
    server.close_connections();
    events.wait_for("connected 2");
    events.wait_for("restored 2 ok");
}

/// An encrypting mock and a client of it whose connection events are recorded.
#[cfg(feature = "encryption")]
fn encrypted(mode: rtm_server_sdk::crypto::Mode) -> (MockServer, RtmServerClient, Events) {
    use rtm_server_sdk::crypto::{Curve, Strength};
    let server = MockServer::builder()
        .encryption_key(Curve::Secp256k1, &[0x1f; 32])
        .unwrap()
        .start()
        .unwrap();
    let config = server
        .encrypted_client_config(Strength::Aes128, mode)
        .unwrap();
    let client = RtmServerClient::new(config.connect_timeout(Duration::from_secs(2))).unwrap();
    let events = Events::default();
    client.set_connection_callback(events.clone());
    (server, client, events)
}

#[cfg(feature = "encryption")]
#[test]
fn with_encryption_connected_comes_before_the_restore_and_the_calls_of_that_read() {
    let (server, client, events) = encrypted(rtm_server_sdk::crypto::Mode::Stream);
    assert_eq!(client.add_listen().rids(&[1001]).call(), None);
    server.close_connections();
    events.wait_for("closed 1");
    // Queued behind `*key` and the restore; likely answered in the same read as `*key`.
    let log = events.0.clone();
    client
        .add_room_member(1, 2)
        .with_callback(move |e: Option<QuestError>| {
            log.lock().unwrap().push(format!("call {}", e.is_none()));
        });
    assert!(eventually(Duration::from_secs(10), || events.lines().len() >= 5));
    assert_eq!(
        events.lines(),
        [
            "connected 1",
            "closed 1",
            "connected 2",
            "restored 2 ok",
            "call true"
        ]
    );
}

#[cfg(feature = "encryption")]
#[test]
fn a_failed_handshake_reports_no_restore() {
    let (server, client, events) = encrypted(rtm_server_sdk::crypto::Mode::Package);
    assert_eq!(client.add_listen().rids(&[1001]).call(), None);
    let addr = server.addr();
    server.stop();
    events.wait_for("closed 1");
    // Whatever listens now closes every connection at once: the handshake fails.
    let listener = std::net::TcpListener::bind(addr).unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            drop(stream);
        }
    });
    let error = client
        .get_room_members(1)
        .timeout(Duration::from_secs(5))
        .call()
        .unwrap_err();
    assert!(
        error.is_connection_error() || error.is_connection_closed(),
        "{error}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(events.lines(), ["connected 1", "closed 1"]);
}

#[test]
fn an_add_listen_future_dropped_before_the_answer_is_remembered_once_acknowledged() {
    use rtm_server_sdk::mock::{Fault, FaultRule};
    let server = mock();
    let (client, heard, events) = listening_client(&server, false);
    server.add_fault(
        FaultRule::new(Fault::Delay(Duration::from_millis(300)))
            .method("addlisten")
            .times(1),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let call = client.add_listen().rids(&[1001]).into_future();
    let gave_up =
        runtime.block_on(async { tokio::time::timeout(Duration::from_millis(50), call).await });
    assert!(
        gave_up.is_err(),
        "the caller stopped waiting before the answer"
    );
    // The answer comes later; answers come in order, so after this one it was matched.
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(client.get_room_members(1).call(), Ok(vec![]));
    blip(&server, &client, &events, 1);
    assert_eq!(heard.probe(&server, &[], 1001), Vec::<i64>::new());
}
