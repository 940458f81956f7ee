//! Every room call, in both forms, ending in success, a server error and a timeout; and
//! what each puts on the wire.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use common::*;
use rtm_server_sdk::codec::msgpack::MapEntries;
use rtm_server_sdk::codec::{Frame, FrameDecoder, encode_answer};
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::{ClientConfig, QuestError, RtmServerClient};

type Done = Box<dyn FnOnce(Option<QuestError>) + Send>;

/// One room call in both forms, reduced to its error.
struct Case {
    method: &'static str,
    blocking: fn(&RtmServerClient, Option<Duration>) -> Option<QuestError>,
    callback: fn(&RtmServerClient, Option<Duration>, Done),
}

/// Sets the request's timeout when there is one (`None`: the client's default).
macro_rules! timeout {
    ($request:expr, $timeout:expr) => {{
        let request = $request;
        match $timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        }
    }};
}

const RID: i64 = 1001;
const UID: i64 = 2002;

fn cases() -> Vec<Case> {
    vec![
        Case {
            method: "addroommember",
            blocking: |c, t| timeout!(c.add_room_member(RID, UID), t).call(),
            callback: |c, t, done| timeout!(c.add_room_member(RID, UID), t).with_callback(done),
        },
        Case {
            method: "delroommember",
            blocking: |c, t| timeout!(c.delete_room_member(RID, UID), t).call(),
            callback: |c, t, done| timeout!(c.delete_room_member(RID, UID), t).with_callback(done),
        },
        Case {
            method: "setroominfo",
            blocking: |c, t| timeout!(c.set_room_info(RID).oinfo("o").pinfo("p"), t).call(),
            callback: |c, t, done| {
                timeout!(c.set_room_info(RID).oinfo("o").pinfo("p"), t).with_callback(done)
            },
        },
        Case {
            method: "getroominfo",
            blocking: |c, t| timeout!(c.get_room_info(RID), t).call().err(),
            callback: |c, t, done| {
                timeout!(c.get_room_info(RID), t)
                    .with_callback(move |_: Option<String>, _: Option<String>, e| done(e))
            },
        },
        Case {
            method: "addroomban",
            blocking: |c, t| timeout!(c.add_room_ban(RID, UID, 60), t).call(),
            callback: |c, t, done| timeout!(c.add_room_ban(RID, UID, 60), t).with_callback(done),
        },
        Case {
            method: "removeroomban",
            blocking: |c, t| timeout!(c.remove_room_ban(RID, UID), t).call(),
            callback: |c, t, done| timeout!(c.remove_room_ban(RID, UID), t).with_callback(done),
        },
        Case {
            method: "isbanofroom",
            blocking: |c, t| timeout!(c.is_ban_of_room(RID, UID), t).call().err(),
            callback: |c, t, done| {
                timeout!(c.is_ban_of_room(RID, UID), t).with_callback(move |_: bool, e| done(e))
            },
        },
        Case {
            method: "getroommembers",
            blocking: |c, t| timeout!(c.get_room_members(RID), t).call().err(),
            callback: |c, t, done| {
                timeout!(c.get_room_members(RID), t).with_callback(move |_: Vec<i64>, e| done(e))
            },
        },
        Case {
            method: "getroomcount",
            blocking: |c, t| timeout!(c.get_room_count(&[RID]), t).call().err(),
            callback: |c, t, done| {
                timeout!(c.get_room_count(&[RID]), t)
                    .with_callback(move |_: HashMap<i64, i64>, e| done(e))
            },
        },
    ]
}

fn run(
    case: &Case,
    form: &str,
    client: &RtmServerClient,
    timeout: Option<Duration>,
) -> (Option<QuestError>, Duration) {
    match form {
        "blocking" => timed(|| (case.blocking)(client, timeout)),
        _ => basic_cb(|done| (case.callback)(client, timeout, done)),
    }
}

#[test]
fn every_call_in_both_forms_succeeds_fails_with_the_server_code_and_times_out() {
    let server = mock();
    let client = client_for(&server);
    for case in cases() {
        for form in ["blocking", "callback"] {
            let what = format!("{} ({form})", case.method);
            let (error, _) = run(&case, form, &client, None);
            assert_eq!(error, None, "{what}: success");

            server.add_fault(
                FaultRule::new(Fault::ErrorAnswer {
                    code: 200010,
                    ex: "frequency limited".into(),
                })
                .method(case.method)
                .times(1),
            );
            let (error, _) = run(&case, form, &client, None);
            let error = error.unwrap_or_else(|| panic!("{what}: expected a server error"));
            assert_eq!(
                (error.code, error.message.as_str()),
                (200010, "frequency limited"),
                "{what}"
            );

            server.add_fault(FaultRule::new(Fault::NoAnswer).method(case.method).times(1));
            let timeout = Duration::from_millis(100);
            let (error, elapsed) = run(&case, form, &client, Some(timeout));
            let error = error.unwrap_or_else(|| panic!("{what}: expected a timeout"));
            assert!(error.is_timeout(), "{what}: {error}");
            assert!(
                elapsed >= timeout && elapsed < timeout + PROMPT,
                "{what}: {elapsed:?}"
            );
        }
        assert_eq!(
            server.quest_count(case.method),
            6,
            "{}: six quests sent",
            case.method
        );
    }
}

#[test]
fn room_state_round_trips_through_the_calls() {
    let server = mock();
    let client = client_for(&server);
    assert_eq!(client.add_room_member(RID, UID).call(), None);
    assert_eq!(client.add_room_member(RID, UID + 1).call(), None);
    assert_eq!(client.get_room_members(RID).call(), Ok(vec![UID, UID + 1]));
    assert_eq!(
        client.get_room_count(&[RID, 9999]).call(),
        Ok(HashMap::from([(RID, 2), (9999, 0)]))
    );
    assert_eq!(client.delete_room_member(RID, UID + 1).call(), None);
    assert_eq!(client.get_room_members(RID).call(), Ok(vec![UID]));

    assert_eq!(
        client
            .set_room_info(RID)
            .oinfo("public")
            .pinfo("private")
            .call(),
        None
    );
    assert_eq!(
        client.set_room_info(RID).pinfo("changed").call(),
        None,
        "oinfo untouched"
    );
    let info = client.get_room_info(RID).call().unwrap();
    assert_eq!(
        (info.oinfo.as_deref(), info.pinfo.as_deref()),
        (Some("public"), Some("changed"))
    );
    assert_eq!(
        client.set_room_info(RID).oinfo("").call(),
        None,
        "Some(\"\") clears"
    );
    assert_eq!(
        client.get_room_info(RID).call().unwrap().oinfo.as_deref(),
        Some("")
    );

    assert_eq!(client.is_ban_of_room(RID, UID).call(), Ok(false));
    assert_eq!(client.add_room_ban(RID, UID, 1).call(), None);
    assert_eq!(client.is_ban_of_room(RID, UID).call(), Ok(true));
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(
        client.is_ban_of_room(RID, UID).call(),
        Ok(false),
        "the ban expired"
    );
    assert_eq!(client.add_room_ban(RID, UID, 0).call(), None);
    assert_eq!(
        client.is_ban_of_room(RID, UID).call(),
        Ok(true),
        "btime 0 is permanent"
    );
    assert_eq!(client.remove_room_ban(RID, UID).call(), None);
    assert_eq!(client.is_ban_of_room(RID, UID).call(), Ok(false));
}

#[test]
fn arguments_the_server_would_refuse_are_refused_before_sending() {
    let server = mock();
    let client = client_for(&server);
    let error = client.set_room_info(RID).call().unwrap();
    assert_eq!(
        error.code,
        rtm_server_sdk::error::codes::RTM_EMPTY_PARAMETER
    );
    assert!(error.is_invalid_argument() && error.message.contains("nothing was sent"));
    let big = "x".repeat(rtm_server_sdk::room::MAX_ROOM_INFO_LEN + 1);
    let error = client.set_room_info(RID).oinfo(&big).call().unwrap();
    assert_eq!(
        error.code,
        rtm_server_sdk::error::codes::RTM_LARGE_MESSAGE_OR_ATTRS
    );
    let error = client.get_room_count(&[]).call().unwrap_err();
    assert!(error.is_invalid_argument());
    assert_eq!(server.stats().quests, 0, "nothing reached the server");
}

#[test]
fn the_mock_checks_the_signature_project_and_clock() {
    let server = mock();
    let wrong_secret = client_with(ClientConfig::builder(
        server.endpoint(),
        server.pid(),
        "wrong",
    ));
    let error = wrong_secret.add_room_member(RID, UID).call().unwrap();
    assert_eq!(error.code, 200002);
    assert!(error.is_auth_error());
    let wrong_pid = client_with(ClientConfig::builder(
        server.endpoint(),
        42,
        server.secret().clone(),
    ));
    assert_eq!(
        wrong_pid.add_room_member(RID, UID).call().unwrap().code,
        200002
    );
}

#[test]
fn a_quest_too_large_for_the_frame_limit_fails_locally_and_keeps_the_connection() {
    let server = mock();
    let client = client_with(server.client_config().max_frame_len(200));
    assert_eq!(client.add_room_member(RID, UID).call(), None);
    let error = client
        .set_room_info(RID)
        .oinfo(&"x".repeat(300))
        .call()
        .unwrap();
    assert_eq!(
        error.code,
        rtm_server_sdk::error::codes::CORE_ENCODING,
        "{error}"
    );
    assert_eq!(client.add_room_member(RID, UID).call(), None);
    assert_eq!(server.stats().connections, 1);
}

/// The frames a client sends for one call, captured by a bare socket that answers `{}`.
fn capture(call: impl FnOnce(&RtmServerClient) + Send + 'static) -> (String, Vec<(String, u8)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = RtmServerClient::new(
        ClientConfig::builder(listener.local_addr().unwrap().to_string(), 11_000_001, "s")
            .keep_alive(None),
    )
    .unwrap();
    let caller = std::thread::spawn(move || call(&client));
    let (mut stream, _) = listener.accept().unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let decoder = FrameDecoder::default();
    let (method, keys, seq) = loop {
        let n = stream.read(&mut chunk).unwrap();
        assert!(n > 0, "the client closed");
        buf.extend_from_slice(&chunk[..n]);
        if let Some((Frame::Quest(q), _)) = decoder.decode(&buf).unwrap() {
            let keys = MapEntries::new(q.payload)
                .unwrap()
                .map(|e| {
                    let (k, v) = e.unwrap();
                    (k.as_str_lossy().unwrap().into_owned(), v.as_bytes()[0])
                })
                .collect::<Vec<_>>();
            break (
                String::from_utf8(q.method.to_vec()).unwrap(),
                keys,
                q.seq.unwrap(),
            );
        }
    };
    let mut answer = Vec::new();
    encode_answer(&mut answer, seq, 0, &[0x80]);
    stream.write_all(&answer).unwrap();
    caller.join().unwrap();
    (method, keys)
}

fn key_names(keys: &[(String, u8)]) -> Vec<&str> {
    keys.iter().map(|(k, _)| k.as_str()).collect()
}

fn is_int(marker: u8) -> bool {
    marker <= 0x7f || marker >= 0xe0 || (0xcc..=0xd3).contains(&marker)
}

fn is_str(marker: u8) -> bool {
    (0xa0..=0xbf).contains(&marker) || (0xd9..=0xdb).contains(&marker)
}

#[test]
fn each_call_sends_its_method_and_exactly_its_keys_with_msgpack_types() {
    let auth = ["pid", "sign", "salt", "ts"];
    type Caller = Box<dyn FnOnce(&RtmServerClient) + Send>;
    let expectations: Vec<(&str, Vec<&str>, Caller)> = vec![
        (
            "addroommember",
            vec!["rid", "uid"],
            Box::new(|c| assert!(c.add_room_member(1, 2).call().is_none())),
        ),
        (
            "delroommember",
            vec!["rid", "uid"],
            Box::new(|c| assert!(c.delete_room_member(1, 2).call().is_none())),
        ),
        (
            "setroominfo",
            vec!["rid", "pinfo"],
            Box::new(|c| assert!(c.set_room_info(1).pinfo("p").call().is_none())),
        ),
        (
            "setroominfo",
            vec!["rid", "oinfo", "pinfo"],
            Box::new(|c| assert!(c.set_room_info(1).oinfo("").pinfo("p").call().is_none())),
        ),
        (
            "getroominfo",
            vec!["rid"],
            Box::new(|c| assert!(c.get_room_info(1).call().is_ok())),
        ),
        (
            "addroomban",
            vec!["rid", "uid", "btime"],
            Box::new(|c| assert!(c.add_room_ban(1, 2, 60).call().is_none())),
        ),
        (
            "removeroomban",
            vec!["rid", "uid"],
            Box::new(|c| assert!(c.remove_room_ban(1, 2).call().is_none())),
        ),
        (
            "isbanofroom",
            vec!["rid", "uid"],
            Box::new(|c| assert!(c.is_ban_of_room(1, 2).call().is_ok())),
        ),
        (
            "getroommembers",
            vec!["rid"],
            Box::new(|c| assert!(c.get_room_members(1).call().is_ok())),
        ),
        (
            "getroomcount",
            vec!["rids"],
            Box::new(|c| assert!(c.get_room_count(&[1, 2]).call().is_ok())),
        ),
    ];
    for (method, own_keys, call) in expectations {
        let (sent_method, keys) = capture(call);
        assert_eq!(sent_method, method);
        let expected: Vec<&str> = auth
            .iter()
            .copied()
            .chain(own_keys.iter().copied())
            .collect();
        assert_eq!(key_names(&keys), expected, "{method}");
        for (key, marker) in &keys {
            match key.as_str() {
                "sign" | "oinfo" | "pinfo" => assert!(is_str(*marker), "{method}.{key}: str"),
                "rids" => assert_eq!(*marker, 0x92, "{method}.rids: array of 2"),
                _ => assert!(
                    is_int(*marker),
                    "{method}.{key}: integer, got 0x{marker:02x}"
                ),
            }
        }
    }
}
