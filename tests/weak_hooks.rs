//! Hooks that hold a weak handle do not keep the client alive (alone in its binary, so
//! that the thread count is not disturbed by other tests).

mod common;

use std::sync::mpsc;
use std::time::Duration;

use common::*;
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::{ConnectionCallback, WeakRtmServerClient};

struct Hook {
    client: WeakRtmServerClient,
    seen: mpsc::Sender<&'static str>,
}

impl ConnectionCallback for Hook {
    fn connected(&self, _id: u64, _endpoint: &str, _is_reconnect: bool) {
        if let Some(client) = self.client.upgrade() {
            let _ = self.seen.send(if client.is_closed() {
                "closed"
            } else {
                "connected"
            });
        }
    }

    fn closed(&self, _id: u64, _endpoint: &str, _by_error: bool, _is_reconnect: bool) {}
}

#[test]
fn hooks_holding_weak_handles_let_the_last_drop_stop_the_client() {
    let before = thread_count();
    let server = mock();
    let client = client_for(&server);
    let (tx, rx) = mpsc::channel();
    client.set_connection_callback(Hook {
        client: client.downgrade(),
        seen: tx.clone(),
    });
    let weak = client.downgrade();
    client.set_push_callback(
        move |method: &str, _payload: &rtm_server_sdk::rmpv::Value| {
            if weak.upgrade().is_some() {
                let _ = tx.send(if method == "pushroommsg" {
                    "push"
                } else {
                    "other"
                });
            }
        },
    );
    server.add_fault(FaultRule::new(Fault::PushFirst).times(1));
    assert_eq!(client.add_room_member(1, 2).call(), None);
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok("connected"));
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok("push"));

    let weak = client.downgrade();
    let (_, elapsed) = timed(|| drop(client));
    assert!(elapsed < Duration::from_secs(10), "drop took {elapsed:?}");
    assert!(weak.upgrade().is_none());
    drop(server);
    assert!(
        eventually(PROMPT, || thread_count() <= before),
        "threads before {before}, after {}",
        thread_count()
    );
}
