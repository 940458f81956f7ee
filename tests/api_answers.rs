//! How answers read: the documented defaults of an empty answer (RTM-API.md section 0.5),
//! and the Python SDK's client-side bugs of section 14 that this SDK fixes (each test fails
//! on the Python SDK's behaviour).

#[allow(dead_code)]
#[path = "../examples/api_tour/calls.rs"]
mod calls;
mod common;

use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

use common::*;
use rtm_server_sdk::codec::msgpack::PayloadWriter;
use rtm_server_sdk::error::codes;
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::{ClientConfig, MessageBody, QuestError, RtmServerClient};
use serde_json::{Value, json};

/// A client of a server that answers every quest with `answer(method)`.
fn answering(answer: impl Fn(&str) -> Vec<u8> + Send + 'static) -> RtmServerClient {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let mut peer = ScriptedPeer::accept(&listener);
        while let Some((method, _, seq)) = peer.next_quest() {
            peer.answer(seq, &answer(&method));
        }
    });
    RtmServerClient::new(ClientConfig::builder(endpoint, 1, "s").keep_alive(None)).unwrap()
}

fn by_callback(call: &calls::TourCall, client: &RtmServerClient) -> calls::Outcome {
    let (tx, rx) = mpsc::channel();
    (call.callback)(
        client,
        None,
        Box::new(move |outcome| {
            let _ = tx.send(outcome);
        }),
    );
    rx.recv_timeout(Duration::from_secs(10))
        .expect("the callback runs, also for an unreadable answer")
}

/// What an empty answer gives, per call (RTM-API.md section 0.5).
fn default_of(call: &calls::TourCall) -> Result<Value, i32> {
    let page = json!({"num": 0, "lastid": 0, "begin": 0, "end": 0, "msgs": []});
    Ok(match call.method {
        // Mandatory keys: `token`, and `mtime` of every send.
        "gettoken" | "sendmsg" | "sendmsgs" | "sendgroupmsg" | "sendroommsg" | "broadcastmsg" => {
            return Err(codes::CORE_DECODING);
        }
        "getonlineusers" | "getfriends" | "isfriends" | "getgroupmembers" | "getusergroups" => {
            json!([])
        }
        "isprojectblack" | "isfriend" | "isgroupmember" | "isbanofgroup" | "isbanofroom" => {
            json!(false)
        }
        "getuserinfo" | "getgroupinfo" | "getroominfo" => json!([null, null]),
        "getuseropeninfo" => json!({}),
        "dataget" => Value::Null,
        "getgroupmsg" | "getroommsg" | "getbroadcastmsg" | "getp2pmsg" => page,
        "getmsg" => json!({"id": 0, "mtype": 0, "msg": "", "attrs": "", "mtime": 0}),
        "translate" => json!({"source": "", "target": "", "source_text": "", "target_text": ""}),
        "profanity" => json!({"text": "", "classification": []}),
        "transcribe" => json!({"text": "", "lang": ""}),
        _ => Value::Null,
    })
}

#[test]
fn an_empty_answer_gives_the_documented_defaults_in_both_forms() {
    let client = answering(|_| vec![0x80]);
    for call in api_calls() {
        let want = default_of(&call);
        for (form, outcome) in [
            ("blocking", (call.blocking)(&client, None)),
            ("callback", by_callback(&call, &client)),
        ] {
            match (&want, outcome) {
                (Ok(want), Ok(got)) => assert_eq!(&got, want, "{} {form}", call.id),
                (Err(code), Err(e)) => assert_eq!(e.code, *code, "{} {form}: {e}", call.id),
                (want, got) => panic!("{} {form}: {got:?}, expected {want:?}", call.id),
            }
        }
    }
}

/// Q3: a `gettoken` answer without `token`, or a send's without `mtime`, raised `NameError`
/// in the Python SDK (in callback form the callback never ran). Here: 20006, through the
/// callback too, and the send keeps its mid.
#[test]
fn a_missing_mandatory_key_is_an_unreadable_answer_through_the_callback_too() {
    let client = answering(|_| vec![0x80]);
    let error = client.get_token(7).call().unwrap_err();
    assert_eq!(error.code, codes::CORE_DECODING, "{error}");
    let (tx, rx) = mpsc::channel();
    client
        .get_token(7)
        .with_callback(move |token: String, e: Option<QuestError>| {
            tx.send((token, e)).unwrap();
        });
    let (token, error) = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the callback ran");
    assert_eq!(
        (token.as_str(), error.map(|e| e.code)),
        ("", Some(codes::CORE_DECODING))
    );

    let error = client.send_chat(1, 2, "hi", "").mid(42).call().unwrap_err();
    assert_eq!(
        (error.mid(), error.error().code),
        (42, codes::CORE_DECODING)
    );
}

/// Q5: a map with a non-string key anywhere in an answer killed the Python SDK's I/O
/// thread. Here it reads, and the client works on.
#[test]
fn an_answer_with_integer_map_keys_reads_correctly() {
    let client = answering(|method| {
        let mut out = Vec::new();
        let mut w = PayloadWriter::new(&mut out);
        match method {
            // {"info": {2002: "a", "2003": "b"}, 7: {1: 2}}
            "getuseropeninfo" => {
                w.map_len(2).key("info").map_len(2);
                w.int(2002).str("a").key("2003").str("b");
                w.int(7).map_len(1).int(1).int(2);
            }
            _ => {
                w.map_len(1).int(1).str("odd key at the top");
            }
        }
        out
    });
    let info = client.get_user_open_info(&[2002, 2003]).call().unwrap();
    assert_eq!(
        info,
        HashMap::from([(2002, "a".to_string()), (2003, "b".to_string())])
    );
    assert!(
        !client.is_friend(1, 2).call().unwrap(),
        "an odd key is skipped, `ok` defaults"
    );
    assert_eq!(client.add_friends(1, &[2]).call(), None);
}

/// Q6: one string that is not UTF-8 made the Python SDK decode the whole answer raw, every
/// string turning into bytes. Here only that field is read lossily; the others are intact.
#[test]
fn a_non_utf8_string_spoils_only_its_own_field() {
    let client = answering(|_| {
        let mut out = vec![0x82, 0xa5];
        out.extend_from_slice(b"oinfo");
        out.extend_from_slice(&[0xa3, b'a', 0xff, b'b']);
        out.push(0xa5);
        out.extend_from_slice(b"pinfo");
        out.extend_from_slice(&[0xa2, b'o', b'k']);
        out
    });
    let info = client.get_user_info(1).call().unwrap();
    assert_eq!(info.oinfo.as_deref(), Some("a\u{fffd}b"));
    assert_eq!(info.pinfo.as_deref(), Some("ok"));
}

/// Q14: on an error answer the Python SDK's sends returned `mid = None` though the message
/// id was sent. Here the id comes back with the error, in both forms, given or generated.
#[test]
fn a_failed_send_gives_back_its_message_id_in_both_forms() {
    let server = mock();
    let client = client_for(&server);
    server.add_fault(
        FaultRule::new(Fault::ErrorAnswer {
            code: 200_010,
            ex: "slow down".into(),
        })
        .method("sendroommsg"),
    );
    let error = client
        .send_room_message(51, 1, 1001, "x", "")
        .mid(77)
        .call()
        .unwrap_err();
    assert_eq!((error.mid(), error.error().code), (77, 200_010));
    assert!(error.error().is_server_error());
    let generated = client.send_room_chat(1, 1001, "x", "").call().unwrap_err();
    assert!(generated.mid() > 0);
    let (tx, rx) = mpsc::channel();
    client
        .send_room_message(51, 1, 1001, "x", "")
        .mid(78)
        .with_callback(move |mid: i64, mtime: i64, e: Option<QuestError>| {
            tx.send((mid, mtime, e.map(|e| e.code))).unwrap();
        });
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(10)).unwrap(),
        (78, 0, Some(200_010))
    );
}

/// Q15: the Python SDK's generated mids came from a per-client counter of a seconds clock
/// and collided across clients. Here they come from the process-wide generator.
#[test]
fn generated_message_ids_are_unique_across_clients() {
    let server = mock();
    let clients = [client_for(&server), client_for(&server)];
    let mut seen = HashSet::new();
    for round in 0..500 {
        for client in &clients {
            let sent = client.send_chat(1, 2, "hi", "").call().unwrap();
            assert!(
                seen.insert(sent.mid),
                "mid {} came twice (round {round})",
                sent.mid
            );
        }
    }
}

/// Q23: history rows that are not 8-item arrays are skipped; `num` is the server's.
#[test]
fn history_rows_of_the_wrong_shape_are_skipped() {
    let client = answering(|_| {
        let mut out = Vec::new();
        let mut w = PayloadWriter::new(&mut out);
        w.map_len(2).key("num").int(3).key("msgs").array_len(3);
        w.array_len(8)
            .int(1001)
            .int(7)
            .int(51)
            .int(9)
            .bool(false)
            .str("kept")
            .str("")
            .int(5);
        w.array_len(2).int(1).int(2);
        w.array_len(8)
            .int(1002)
            .int(7)
            .int(31)
            .int(9)
            .bool(false)
            .bin(&[1, 2])
            .str("a")
            .int(6);
        out
    });
    let page = client.get_room_message(1, 1001, true, 10).call().unwrap();
    assert_eq!(page.num, 3);
    assert_eq!(page.msgs.len(), 2);
    assert_eq!(page.msgs[0].msg, MessageBody::Text("kept".into()));
    assert_eq!(
        page.msgs[1].msg,
        MessageBody::Binary(vec![1, 2]),
        "bin bodies are bytes"
    );
}

/// The tour's calls but the file calls (PF*), which `tests/files.rs` covers.
fn api_calls() -> Vec<calls::TourCall> {
    calls::calls()
        .into_iter()
        .filter(|c| !c.id.starts_with("PF"))
        .collect()
}
