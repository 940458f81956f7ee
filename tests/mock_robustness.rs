//! No input stops the mock: values past its clock's range (a ban of `i64::MAX` seconds, a
//! `ts` of `i64::MIN`, a fault delay or clock window of `Duration::MAX`) are served like
//! any other, and the mock answers the calls that follow.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::*;
use rmpv::Value;
use rtm_server_sdk::codec::msgpack::{PayloadWriter, lookup};
use rtm_server_sdk::codec::{Frame, FrameDecoder, encode_quest};
use rtm_server_sdk::error::codes;
use rtm_server_sdk::mock::{Fault, FaultRule, MockServer};

const SOON: Duration = Duration::from_secs(5);

/// The mock still serves: it says it runs, and a new client's call succeeds.
fn assert_still_serving(server: &MockServer) {
    assert!(server.is_running());
    let client = client_for(server);
    assert_eq!(
        client.add_room_member(1, 2).timeout(SOON).call(),
        None,
        "the mock answers"
    );
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
fn bans_of_i64_max_seconds_are_bans_without_end_and_the_mock_serves_on() {
    let server = mock();
    let client = client_for(&server);
    let max = i64::MAX;

    let room = client
        .send_quest(
            "addroomban",
            params(&[("rid", 1), ("uid", 2), ("btime", max)]),
        )
        .timeout(SOON)
        .call();
    assert!(room.is_ok(), "{room:?}");
    assert_eq!(client.is_ban_of_room(1, 2).timeout(SOON).call(), Ok(true));

    let group = client
        .send_quest(
            "addgroupban",
            params(&[("gid", 3), ("uid", 4), ("btime", max)]),
        )
        .timeout(SOON)
        .call();
    assert!(group.is_ok(), "{group:?}");
    assert_eq!(client.is_ban_of_group(3, 4).timeout(SOON).call(), Ok(true));

    let black = client
        .send_quest("addprojectblack", params(&[("uid", 5), ("btime", max)]))
        .timeout(SOON)
        .call();
    assert!(black.is_ok(), "{black:?}");
    assert_eq!(client.is_project_black(5).timeout(SOON).call(), Ok(true));

    assert_eq!(
        client.add_room_member(1, 9).timeout(SOON).call(),
        None,
        "the same client"
    );
    assert_still_serving(&server);
}

/// A correctly signed `addroommember` with `ts = i64::MIN`, sent by hand: refused for its
/// clock (200008), and the mock serves on.
#[test]
fn a_signed_quest_with_the_smallest_ts_is_refused_for_its_clock() {
    let server = mock();
    let (salt, ts) = (12345, i64::MIN);
    let sign = rtm_server_sdk::sign::sign(server.pid(), server.secret(), salt, "addroommember", ts);
    let mut payload = Vec::new();
    PayloadWriter::new(&mut payload)
        .map_len(6)
        .key("pid")
        .int(server.pid().into())
        .key("sign")
        .str(std::str::from_utf8(&sign).unwrap())
        .key("salt")
        .int(salt)
        .key("ts")
        .int(ts)
        .key("rid")
        .int(1)
        .key("uid")
        .int(2);
    let quest = encode_quest(Some(1), "addroommember", &payload, usize::MAX).unwrap();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(&quest).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let code = loop {
        if let Some((Frame::Answer(answer), _)) = FrameDecoder::default().decode(&buf).unwrap() {
            assert!(answer.is_error());
            let [code] = lookup(answer.payload, ["code"]).unwrap();
            break code.unwrap().as_i64().unwrap();
        }
        let n = stream
            .read(&mut chunk)
            .expect("an answer before the timeout");
        assert!(n > 0, "the mock closed the connection without answering");
        buf.extend_from_slice(&chunk[..n]);
    };
    assert_eq!(code, i64::from(codes::RTM_INVALID_SERVER_TIME));
    assert_still_serving(&server);
}

#[test]
fn a_fault_delay_of_duration_max_is_an_answer_that_never_comes() {
    let server = mock();
    let client = client_for(&server);
    server.add_fault(FaultRule::new(Fault::Delay(Duration::MAX)).times(1));
    let error = client
        .add_room_member(1, 2)
        .timeout(Duration::from_millis(200))
        .call()
        .expect("no answer");
    assert!(error.is_timeout(), "{error}");
    assert_eq!(
        client.add_room_member(1, 3).timeout(SOON).call(),
        None,
        "the same connection"
    );
    assert_still_serving(&server);
}

#[test]
fn a_trickle_of_one_byte_per_duration_max_stalls_only_its_connection() {
    let server = mock();
    let client = client_for(&server);
    server.add_fault(FaultRule::new(Fault::ByteByByte(Duration::MAX)).times(1));
    let error = client
        .add_room_member(1, 2)
        .timeout(Duration::from_millis(200))
        .call()
        .expect("no whole answer");
    assert!(error.is_timeout(), "{error}");
    assert_still_serving(&server);
}

#[test]
fn a_clock_window_of_duration_max_takes_every_ts() {
    let server = MockServer::builder()
        .ts_window(Duration::MAX)
        .start()
        .unwrap();
    let client = client_for(&server);
    for uid in 1..=3 {
        assert_eq!(client.add_room_member(1, uid).timeout(SOON).call(), None);
    }
    assert_still_serving(&server);
}
