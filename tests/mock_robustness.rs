//! No input stops the mock: the mock answers the calls that follow.

mod common;

use std::time::Duration;

use common::*;
use rmpv::Value;
use rtm_server_sdk::mock::MockServer;

const SOON: Option<Duration> = Some(Duration::from_secs(5));

/// The mock still serves: it says it runs, and a new client's call succeeds.
fn assert_still_serving(server: &MockServer) {
    assert!(server.is_running());
    let client = client_for(server);
    assert_eq!(client.add_room_member(1, 2, SOON), None, "the mock answers");
    client.close().unwrap();
}

fn params(entries: &[(&str, i64)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| (Value::from(*k), Value::from(*v)))
            .collect(),
    )
}

#[test]
fn bans_past_the_clocks_range_do_not_stop_the_mock() {
    let server = mock();
    let client = client_for(&server);
    let max = i64::MAX;
    let quests = [
        (
            "addroomban",
            params(&[("rid", 1), ("uid", 2), ("btime", max)]),
        ),
        (
            "addgroupban",
            params(&[("gid", 3), ("uid", 4), ("btime", max)]),
        ),
        ("addprojectblack", params(&[("uid", 5), ("btime", max)])),
    ];
    for (method, params) in quests {
        // Answered, whatever the answer: the call ends in time.
        let _ = client.send_quest(method, params, SOON);
        assert_eq!(client.add_room_member(1, 9, SOON), None, "after {method}");
        assert_still_serving(&server);
    }
}
