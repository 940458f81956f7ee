//! The mock serves the calls of interface 2.7 (RTM-API-2.7.md) with real state: the
//! reference server's vectors (`tests/data/rtm-api-2.7-quests.json`, a copy of the spec's)
//! replayed in order through `send_quest` give the reference's answers, but for the
//! differences listed in [`DIFFERENCES`]; the state behind each family is checked on its
//! own; and no parameter, missing, mistyped, out of range or extreme, stops the mock.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::*;
use md5::{Digest, Md5};
use rtm_server_sdk::error::codes;
use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::rmpv::Value;
use rtm_server_sdk::{QuestError, RtmServerClient};
use serde_json::{Value as Json, json};

/// The keys the client writes itself.
const AUTH_KEYS: [&str; 4] = ["pid", "sign", "salt", "ts"];

/// Vector answers the mock does not give, and why. Everything else must be equal, but the
/// values a vector lists as varying.
const DIFFERENCES: &[(&str, &str)] = &[
    (
        "CH2 CH2b CH2c CH2d",
        "history of chats and cmds: the reference's group 5005, room 1001, broadcasts and \
         p2p 2002-2003 held rows 1001-1004 from 3003 (at 1700000000001-4 ms) of an earlier \
         run, which no entry of this file builds; the mock answers the rows it has: none",
    ),
    (
        "CH7",
        "gettoken: the token is the issuing server's own; the mock's is 32 hex digits too",
    ),
    (
        "CH4 CH10 CH11 CH11b CH12 CH13",
        "filetoken: the token is the issuing server's own (the endpoint varies anyway); the \
         gateway quests that follow use the mock's, with the content's sign made for it",
    ),
    (
        "CH14 CH14b CH14c CH14d",
        "history of files: the reference's cursor ids start 1000 higher (2001 for S5; the \
         mock's at 1001), so `lastid` and the rows' ids are compared less 1000; the rows of \
         files carry the mock's made-up URL (the size, and `surl` for images, as the \
         reference's); the rest of each row is equal",
    ),
];

fn vectors() -> Vec<Json> {
    let json: Json =
        serde_json::from_str(include_str!("data/rtm-api-2.7-quests.json")).expect("JSON");
    json["calls"].as_array().expect("calls").clone()
}

/// A vector value as msgpack: `{"bin": hex}` is bytes.
fn to_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Value::from(u),
            (_, Some(i)) => Value::from(i),
            _ => Value::from(n.as_f64().unwrap()),
        },
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        Json::Object(map) => match (map.len(), map.get("bin")) {
            (1, Some(Json::String(hex))) => Value::Binary(hex::decode(hex).unwrap()),
            _ => Value::Map(
                map.iter()
                    .map(|(k, v)| (Value::from(k.as_str()), to_value(v)))
                    .collect(),
            ),
        },
    }
}

/// A msgpack answer as the vectors write it.
fn to_json(value: &Value) -> Json {
    match value {
        Value::Nil => Json::Null,
        Value::Boolean(b) => json!(b),
        Value::Integer(i) => match (i.as_i64(), i.as_u64()) {
            (Some(i), _) => json!(i),
            (_, Some(u)) => json!(u),
            _ => unreachable!(),
        },
        Value::F32(f) => json!(f),
        Value::F64(f) => json!(f),
        Value::String(s) => json!(s.as_str().expect("UTF-8")),
        Value::Binary(b) => json!({ "bin": hex::encode(b) }),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Value::String(s) => s.as_str().unwrap().to_string(),
                        other => other.to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Value::Ext(..) => panic!("an ext value in an answer"),
    }
}

/// A quest's parameters but the auth keys, in the vector's key order.
fn quest_params(quest: &Json) -> Vec<(String, Value)> {
    let params = &quest["params"];
    quest["key_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .filter(|k| !AUTH_KEYS.contains(k))
        .map(|k| (k.to_string(), to_value(&params[k])))
        .collect()
}

fn as_map(entries: Vec<(String, Value)>) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (Value::from(k), v))
            .collect(),
    )
}

fn params(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

fn ids(values: &[i64]) -> Value {
    Value::Array(values.iter().map(|&v| Value::from(v)).collect())
}

/// The sign of a file's content for a gateway token (RTM-API §13).
fn content_sign(content: &[u8], token: &str) -> String {
    let inner = hex::encode(Md5::digest(content));
    hex::encode(Md5::digest(format!("{inner}:{token}").as_bytes()))
}

fn is_hex_token(token: &Json) -> bool {
    token
        .as_str()
        .is_some_and(|t| t.len() == 32 && t.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The vector's answer and the mock's, without the values the vector lists as varying
/// (which must be there).
fn without_varying(answer: &Json, mock: &Json, varying: &[&str], id: &str) -> (Json, Json) {
    let (mut expected, mut got) = (answer.clone(), mock.clone());
    for key in varying {
        assert!(got.get(key).is_some(), "{id}: no varying {key} in {mock}");
        expected.as_object_mut().unwrap().remove(*key);
        got.as_object_mut().unwrap().remove(*key);
    }
    (expected, got)
}

/// Compares a history page of files with the reference's (see [`DIFFERENCES`]).
fn compare_file_page(id: &str, expected: &Json, got: &Json) {
    let less_1000 = |v: &Json| v.as_i64().unwrap() - 1000;
    assert_eq!(got["num"], expected["num"], "{id}: {got}");
    assert_eq!(json!(less_1000(&expected["lastid"])), got["lastid"], "{id}");
    let (rows, mock_rows) = (
        expected["msgs"].as_array().unwrap(),
        got["msgs"].as_array().unwrap(),
    );
    assert_eq!(rows.len(), mock_rows.len(), "{id}: {got}");
    for (row, mock) in rows.iter().zip(mock_rows) {
        assert_eq!(json!(less_1000(&row[0])), mock[0], "{id}: id of {mock}");
        for item in [1, 2, 3, 4, 6] {
            assert_eq!(row[item], mock[item], "{id}: item {item} of {mock}");
        }
        assert!(mock[7].as_i64().unwrap() > 0, "{id}: mtime of {mock}");
        let (msg, mock_msg) = (row[5].as_str().unwrap(), mock[5].as_str().unwrap());
        if msg.contains("files.example") {
            let msg: Json = serde_json::from_str(msg).unwrap();
            let mock_msg: Json = serde_json::from_str(mock_msg).unwrap();
            assert_eq!(msg["size"], mock_msg["size"], "{id}: {mock_msg}");
            let url = mock_msg["url"].as_str().unwrap();
            assert!(url.starts_with("https://"), "{id}: {url}");
            assert_eq!(
                msg.get("surl").is_some(),
                mock_msg.get("surl").is_some(),
                "{id}: {mock_msg}"
            );
        } else {
            assert_eq!(msg, mock_msg, "{id}");
        }
    }
}

/// The answer of one vector quest checked against the reference's, differences aside.
fn check_answer(id: &str, method: &str, quest: &Json, answer: &Result<Value, QuestError>) {
    let reference = &quest["answer"];
    assert_eq!(
        reference["status"], 0,
        "{id}: every vector answer is an OK one"
    );
    let got = match answer {
        Ok(value) => to_json(value),
        Err(e) => panic!("{id} {method}: refused: {e:?}"),
    };
    let varying: Vec<&str> = reference["varying"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let (expected, got) = without_varying(&reference["params"], &got, &varying, id);
    let differs = |ids: &str| ids.split(' ').any(|i| i == id);
    let listed = DIFFERENCES.iter().find(|(ids, _)| differs(ids));
    match listed.map(|(ids, _)| *ids) {
        None => assert_eq!(got, expected, "{id} {method}"),
        Some("CH2 CH2b CH2c CH2d") => {
            assert_eq!(
                (&got["num"], &got["lastid"]),
                (&json!(0), &json!(0)),
                "{id}"
            );
            assert_eq!(got["msgs"], json!([]), "{id}");
        }
        Some("CH7") => {
            assert!(is_hex_token(&got["token"]), "{id}: {got}");
            assert_eq!(got.as_object().unwrap().len(), 1, "{id}: {got}");
        }
        Some("CH4 CH10 CH11 CH11b CH12 CH13") if method == "filetoken" => {
            assert!(is_hex_token(&got["token"]), "{id}: {got}");
            assert_eq!(got.as_object().unwrap().len(), 1, "{id}: {got}");
        }
        Some("CH4 CH10 CH11 CH11b CH12 CH13") => assert_eq!(got, expected, "{id} {method}"),
        Some(_) => {
            // The file pages: compared with the varying values put back.
            let full = to_json(answer.as_ref().unwrap());
            compare_file_page(id, &reference["params"], &full);
        }
    }
}

#[test]
fn the_vectors_replayed_in_order_give_the_reference_answers() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 121);
    let server = mock();
    let client = client_for(&server);
    let mut replayed = 0;
    for vector in &vectors {
        let id = vector["id"].as_str().unwrap();
        let mut token = None;
        for quest in vector["quests"].as_array().unwrap() {
            let method = quest["method"].as_str().unwrap();
            let mut entries = quest_params(quest);
            if quest["connection"] != "main" {
                // The file gateway: the endpoint `filetoken` named, the mock's own. The
                // token is the mock's, and so the content's sign in `attrs` (nested form).
                let token = token.as_deref().expect("a filetoken first");
                let file = match &entries.iter().find(|(k, _)| k == "file").unwrap().1 {
                    Value::Binary(b) => b.clone(),
                    other => panic!("{id}: file {other}"),
                };
                let sign = content_sign(&file, token);
                for (key, value) in &mut entries {
                    if key == "token" {
                        *value = Value::from(token);
                    }
                    if key == "attrs" {
                        let attrs = value.as_str().unwrap();
                        let old = attrs.split("\"sign\":\"").nth(1).unwrap();
                        let old = &old[..32];
                        *value = Value::from(attrs.replace(old, &sign));
                    }
                }
            }
            let answer = client.send_quest(method, as_map(entries)).call();
            check_answer(id, method, quest, &answer);
            if method == "filetoken" {
                token = answer.unwrap()["token"].as_str().map(str::to_string);
            }
            replayed += 1;
        }
    }
    assert_eq!(replayed, 126, "every quest of every vector");
    assert!(server.is_running());
}

#[test]
fn large_blacklists_are_looked_up_without_stalling_the_mock() {
    let server = mock();
    let client = client_for(&server);
    for batch in 0..200 {
        let blacks: Vec<Value> = (0..100)
            .map(|i| Value::from(10_000 + batch * 100 + i))
            .collect();
        call(
            &client,
            "addblacks",
            vec![("uid", 1.into()), ("blacks", Value::Array(blacks))],
        );
    }
    let buids: Vec<Value> = (0..100_000).map(|i| Value::from(i + 5_000)).collect();
    let answer = client
        .send_quest(
            "isblacks",
            params(vec![("uid", 1.into()), ("buids", Value::Array(buids))]),
        )
        .timeout(Duration::from_secs(20))
        .call()
        .expect("the mock answers");
    assert_eq!(answer["buids"].as_array().unwrap().len(), 20_000);
    assert!(server.is_running());
}

#[test]
fn a_history_bound_of_zero_is_no_bound() {
    // The Go, Java and C++ SDKs always send begin, end and lastid, 0 for none.
    let server = mock();
    let client = client_for(&server);
    client
        .send_group_chat(2002, 5005, "hello", "")
        .call()
        .unwrap();
    let page = client
        .get_group_message(2002, 5005, true, 10)
        .begin(0)
        .end(0)
        .lastid(0)
        .call()
        .unwrap();
    assert_eq!(page.msgs.len(), 1);
}

/// Calls `method` with `entries` on `client`.
fn call(client: &RtmServerClient, method: &str, entries: Vec<(&str, Value)>) -> Value {
    client
        .send_quest(method, params(entries))
        .call()
        .unwrap_or_else(|e| panic!("{method}: {e:?}"))
}

/// The code the mock refused `method` with.
fn refused(client: &RtmServerClient, method: &str, entries: Vec<(&str, Value)>) -> i32 {
    let error = client
        .send_quest(method, params(entries))
        .call()
        .expect_err(method);
    assert!(error.is_server_error(), "{method}: {error:?}");
    error.code
}

fn ok_of(answer: Value) -> bool {
    answer["ok"].as_bool().expect("an ok")
}

#[test]
fn bans_without_a_group_or_room_hold_in_every_one_until_lifted() {
    let server = mock();
    let client = client_for(&server);
    let is_banned = |method: &str, key: &str, id: i64, uid: i64| {
        ok_of(call(
            &client,
            method,
            vec![(key, id.into()), ("uid", uid.into())],
        ))
    };
    for (add, remove, is, key) in [
        ("addgroupban", "removegroupban", "isbanofgroup", "gid"),
        ("addroomban", "removeroomban", "isbanofroom", "rid"),
    ] {
        call(
            &client,
            add,
            vec![("uid", 2002.into()), ("btime", 60.into())],
        );
        call(
            &client,
            add,
            vec![("uid", 2003.into()), ("btime", 0.into()), (key, 7.into())],
        );
        for id in [1, 5005, -9, 0, i64::MAX] {
            assert!(is_banned(is, key, id, 2002), "{add}: 2002 in {id}");
            assert_eq!(is_banned(is, key, id, 2003), id == 7, "{add}: 2003 in {id}");
        }
        // Lifting the ban of one group or room leaves the ban in every one.
        call(&client, remove, vec![("uid", 2002.into()), (key, 1.into())]);
        assert!(is_banned(is, key, 1, 2002), "{remove} with {key}");
        // Lifting it without one lifts it everywhere, with the ones of single groups/rooms.
        call(
            &client,
            add,
            vec![("uid", 2002.into()), ("btime", 60.into()), (key, 8.into())],
        );
        call(&client, remove, vec![("uid", 2002.into())]);
        for id in [1, 8, 5005] {
            assert!(!is_banned(is, key, id, 2002), "{remove}: 2002 in {id}");
        }
        assert!(is_banned(is, key, 7, 2003), "the others' bans stay");
        // A ban everywhere that ended is no ban.
        call(
            &client,
            add,
            vec![("uid", 2004.into()), ("btime", 1.into())],
        );
        assert!(is_banned(is, key, 3, 2004));
        std::thread::sleep(Duration::from_millis(1100));
        assert!(!is_banned(is, key, 3, 2004), "{add}: expired");
    }
    // A user banned in every group cannot send to any group.
    call(
        &client,
        "addgroupban",
        vec![("uid", 2005.into()), ("btime", 60.into())],
    );
    let sent = client
        .send_group_message(51, 2005, 4242, "m", "")
        .call()
        .unwrap_err();
    assert_eq!(QuestError::from(sent).code, codes::RTM_BANNED_IN_GROUP);
    assert!(
        client
            .send_group_message(51, 2006, 4242, "m", "")
            .call()
            .is_ok()
    );
}

/// Sends a file through the gateway by hand, with `attrs` made by `attrs(sign)`; the mtime,
/// or the refusal.
fn send_file(
    client: &RtmServerClient,
    mtype: i64,
    mid: i64,
    content: &[u8],
    attrs: impl FnOnce(&str) -> String,
) -> Result<Value, QuestError> {
    let token = call(
        client,
        "filetoken",
        vec![("from", 2002.into()), ("cmd", "sendgroupfile".into())],
    )["token"]
        .as_str()
        .unwrap()
        .to_string();
    let attrs = attrs(&content_sign(content, &token));
    client
        .send_quest(
            "sendgroupfile",
            params(vec![
                ("token", token.as_str().into()),
                ("mtype", mtype.into()),
                ("from", 2002.into()),
                ("gid", 77.into()),
                ("mid", mid.into()),
                ("file", Value::Binary(content.to_vec())),
                ("attrs", attrs.into()),
            ]),
        )
        .call()
}

#[test]
fn the_gateway_takes_both_attrs_forms_and_history_keeps_files_as_the_service_does() {
    let server = mock();
    let client = client_for(&server);
    let content = b"file content";
    let nested = |sign: &str| {
        format!(
            r#"{{"rtm": {{"sign": "{sign}", "ext": "png", "filename": "a.png"}}, "custom": {{"k": [1, "x"]}}}}"#
        )
    };
    let flat = |sign: &str| format!(r#"{{"sign":"{sign}", "ext":"txt"}}"#);
    assert!(send_file(&client, 40, 1, content, nested).is_ok());
    assert!(send_file(&client, 50, 2, content, flat).is_ok());
    assert!(send_file(&client, 60, 3, content, flat).is_ok());
    // The sign is checked in either form; attrs must be a JSON object.
    for attrs in [
        r#"{"rtm":{"sign":"0123456789abcdef0123456789abcdef","ext":"png"}}"#,
        r#"{"sign":"0123456789abcdef0123456789abcdef"}"#,
        r#"{"rtm":{"ext":"png"}}"#,
        r#"not json "sign":"x""#,
        "[]",
    ] {
        let error = send_file(&client, 50, 4, content, |_| attrs.to_string()).unwrap_err();
        assert_eq!(error.code, codes::RTM_INVALID_PID_OR_SIGN, "{attrs}");
    }
    let wrong_place = send_file(&client, 50, 5, content, |sign| {
        format!(r#"{{"rtm":{{"ext":"png"}},"custom":{{"sign":"{sign}"}}}}"#)
    });
    assert!(
        wrong_place.is_err(),
        "the sign of the nested form is in rtm"
    );

    let page = call(
        &client,
        "getgroupmsg",
        vec![
            ("uid", 2002.into()),
            ("gid", 77.into()),
            ("desc", false.into()),
            ("num", 10.into()),
        ],
    );
    let rows = to_json(&page)["msgs"].clone();
    assert_eq!(rows.as_array().unwrap().len(), 3, "{rows}");
    let url = |mid: i64| {
        format!(
            "https://files.rtm-mock.invalid/{mid}?size={}",
            content.len()
        )
    };
    // An image: url, size and a thumbnail; attrs nested without the sign, custom kept.
    let image: Json = serde_json::from_str(rows[0][5].as_str().unwrap()).unwrap();
    assert_eq!(
        image,
        json!({"url": url(1), "size": content.len(), "surl": format!("{}&thumbnail", url(1))})
    );
    assert_eq!(
        rows[0][6],
        json!(r#"{"rtm":{"ext":"png","filename":"a.png"},"custom":{"k":[1,"x"]}}"#)
    );
    // A file sent with flat attrs: the same shape, custom "".
    let file: Json = serde_json::from_str(rows[1][5].as_str().unwrap()).unwrap();
    assert_eq!(file, json!({"url": url(2), "size": content.len()}));
    assert_eq!(rows[1][6], json!(r#"{"rtm":{"ext":"txt"},"custom":""}"#));
    // Outside 40-50, a gateway message keeps the URL as msg and its attrs as sent.
    assert_eq!(rows[2][5], json!(url(3)));
    assert!(rows[2][6].as_str().unwrap().starts_with("{\"sign\":"));
    // getmsg gives the stored form too.
    let got = call(
        &client,
        "getmsg",
        vec![
            ("mid", 2.into()),
            ("from", 2002.into()),
            ("xid", 77.into()),
            ("type", 2.into()),
        ],
    );
    assert_eq!(
        got["attrs"].as_str(),
        Some(r#"{"rtm":{"ext":"txt"},"custom":""}"#)
    );
}

#[test]
fn plain_sends_take_the_file_types_and_store_them_as_sent() {
    let server = mock();
    let client = client_for(&server);
    for mtype in 40..=50 {
        let sent = client
            .send_group_message(mtype, 2003, 5005, "{}", "{}")
            .call();
        assert!(sent.is_ok(), "mtype {mtype}: {sent:?}");
    }
    let page = client
        .get_group_message(2002, 5005, false, 20)
        .call()
        .unwrap();
    assert_eq!(page.msgs.len(), 11);
    assert!(page.msgs.iter().all(|m| m.attrs == "{}"));
}

#[test]
fn blacklists_keep_their_order_and_bound_each_call() {
    let server = mock();
    let client = client_for(&server);
    let blacks = |uid: i64| call(&client, "getblacks", vec![("uid", uid.into())])["uids"].clone();
    call(
        &client,
        "addblacks",
        vec![("uid", 1.into()), ("blacks", ids(&[9, 3, 7]))],
    );
    call(
        &client,
        "addblacks",
        vec![("uid", 1.into()), ("blacks", ids(&[3, 5, 5]))],
    );
    assert_eq!(blacks(1), ids(&[9, 3, 7, 5]), "insertion order, once each");
    call(
        &client,
        "delblacks",
        vec![("uid", 1.into()), ("blacks", ids(&[3, 42]))],
    );
    assert_eq!(blacks(1), ids(&[9, 7, 5]));
    assert_eq!(blacks(2), ids(&[]), "another user's list");
    let answer = call(
        &client,
        "isblacks",
        vec![("uid", 1.into()), ("buids", ids(&[5, 6, 9]))],
    );
    assert_eq!(answer["buids"], ids(&[5, 9]));
    assert!(ok_of(call(
        &client,
        "isblack",
        vec![("uid", 1.into()), ("buid", 7.into())]
    )));
    assert!(!ok_of(call(
        &client,
        "isblack",
        vec![("uid", 7.into()), ("buid", 1.into())]
    )));
    let many: Vec<i64> = (0..101).collect();
    for method in ["addblacks", "delblacks"] {
        let code = refused(
            &client,
            method,
            vec![("uid", 1.into()), ("blacks", ids(&many))],
        );
        assert_eq!(code, codes::RTM_TOO_MANY_ITEMS_IN_PARAMETERS, "{method}");
        let code = refused(
            &client,
            method,
            vec![("uid", 1.into()), ("blacks", ids(&[]))],
        );
        assert_eq!(code, codes::RTM_EMPTY_PARAMETER, "{method}");
    }
    call(
        &client,
        "addblacks",
        vec![("uid", 1.into()), ("blacks", ids(&many[..100]))],
    );
    assert_eq!(blacks(1).as_array().unwrap().len(), 100);
}

#[test]
fn push_options_add_and_remove_mtypes_and_the_all_switch() {
    let server = mock();
    let client = client_for(&server);
    let option = |method: &str, kind: i64, xid: i64, mtypes: Option<&[i64]>| {
        let mut entries = vec![
            ("uid", 1.into()),
            ("type", kind.into()),
            ("xid", xid.into()),
        ];
        if let Some(mtypes) = mtypes {
            entries.push(("mtypes", ids(mtypes)));
        }
        call(&client, method, entries);
    };
    let options = || to_json(&call(&client, "getoption", vec![("uid", 1.into())]));
    assert_eq!(options(), json!({"p2p": {}, "group": {}}));
    option("addoption", 0, 2, Some(&[32, 30]));
    option("addoption", 0, 2, None);
    option("addoption", 1, 3, Some(&[]));
    option("addoption", 1, 4, Some(&[51]));
    assert_eq!(
        options(),
        json!({"p2p": {"2": [0, 30, 32]}, "group": {"3": [0], "4": [51]}})
    );
    // Removing "all" leaves the mtypes added one by one.
    option("removeoption", 0, 2, None);
    option("removeoption", 1, 4, Some(&[52]));
    assert_eq!(
        options(),
        json!({"p2p": {"2": [30, 32]}, "group": {"3": [0], "4": [51]}})
    );
    option("removeoption", 0, 2, Some(&[30, 32]));
    option("removeoption", 1, 3, Some(&[]));
    option("removeoption", 1, 4, Some(&[51]));
    assert_eq!(options(), json!({"p2p": {}, "group": {}}));
    let code = refused(
        &client,
        "addoption",
        vec![("uid", 1.into()), ("type", 2.into()), ("xid", 3.into())],
    );
    assert_eq!(code, codes::RTM_INVALID_PARAMETER);
    assert_eq!(options(), json!({"p2p": {}, "group": {}}));
}

#[test]
fn rooms_in_batches_name_who_was_added_or_removed() {
    let server = mock();
    let client = client_for(&server);
    let members =
        |rid: i64| call(&client, "getroommembers", vec![("rid", rid.into())])["uids"].clone();
    let batch = |method: &str, uids: &[i64]| {
        call(
            &client,
            method,
            vec![("rid", 1.into()), ("uids", ids(uids))],
        )["successedUids"]
            .clone()
    };
    assert_eq!(batch("addroommembers", &[3, 1, 3]), ids(&[3, 1]));
    assert_eq!(batch("addroommembers", &[1, 2]), ids(&[2]));
    assert_eq!(batch("delroommembers", &[2, 9]), ids(&[2]));
    assert_eq!(members(1), ids(&[1, 3]));
    assert_eq!(
        call(
            &client,
            "delroommembers",
            vec![("rid", 404.into()), ("uids", ids(&[1]))]
        )["successedUids"],
        ids(&[])
    );
    call(
        &client,
        "adduserrooms",
        vec![("rids", ids(&[1, 2, 3])), ("uid", 7.into())],
    );
    assert_eq!((members(1), members(2)), (ids(&[1, 3, 7]), ids(&[7])));
    call(
        &client,
        "deleteuserrooms",
        vec![("rids", ids(&[1, 2])), ("uid", 7.into())],
    );
    assert_eq!(
        (members(1), members(2), members(3)),
        (ids(&[1, 3]), ids(&[]), ids(&[7]))
    );
    for (method, key) in [
        ("addroommembers", "uids"),
        ("delroommembers", "uids"),
        ("adduserrooms", "rids"),
        ("deleteuserrooms", "rids"),
    ] {
        let entries = vec![("rid", 1.into()), ("uid", 1.into()), (key, ids(&[]))];
        assert_eq!(
            refused(&client, method, entries),
            codes::RTM_EMPTY_PARAMETER,
            "{method}"
        );
    }
}

fn count(client: &RtmServerClient, kind: i64, xid: i64, extra: Vec<(&str, Value)>) -> (i64, i64) {
    let mut entries = vec![("type", kind.into()), ("xid", xid.into())];
    entries.extend(extra);
    let answer = call(client, "getmsgnum", entries);
    (
        answer["sender"].as_i64().unwrap(),
        answer["num"].as_i64().unwrap(),
    )
}

#[test]
fn message_counts_and_cleaning_work_on_the_stored_history() {
    let server = mock();
    let client = client_for(&server);
    let group = |from: i64, mtype: i64, mid: i64| {
        client
            .send_group_message(mtype, from, 5, "m", "")
            .mid(mid)
            .call()
            .unwrap()
            .mtime
    };
    let first = group(1, 30, 101);
    group(2, 51, 102);
    group(1, 32, 103);
    client.send_room_message(51, 3, 6, "r", "").call().unwrap();
    assert_eq!(count(&client, 2, 5, vec![]), (2, 3));
    assert_eq!(
        count(&client, 2, 5, vec![("mtypes", ids(&[30, 32]))]),
        (1, 2)
    );
    assert_eq!(
        count(&client, 2, 5, vec![("mtypes", ids(&[]))]),
        (2, 3),
        "[] is all"
    );
    assert_eq!(count(&client, 3, 6, vec![]), (1, 1));
    assert_eq!(count(&client, 2, 6, vec![]), (0, 0));
    let far = 4_102_444_800_000i64;
    let range = |b: i64, e: i64| vec![("begin", b.into()), ("end", e.into())];
    assert_eq!(count(&client, 2, 5, range(first, far)), (2, 3));
    assert_eq!(count(&client, 2, 5, range(far, far + 1)), (0, 0));
    assert_eq!(count(&client, 2, 5, range(0, 0)), (2, 3), "0: no bound");
    for kind in [1, 4, 0, 5] {
        let code = refused(
            &client,
            "getmsgnum",
            vec![("type", kind.into()), ("xid", 5.into())],
        );
        assert_eq!(code, codes::RTM_INVALID_PARAMETER, "getmsgnum type {kind}");
    }
    // A deleted message is not counted.
    call(
        &client,
        "delmsg",
        vec![
            ("mid", 102.into()),
            ("from", 2.into()),
            ("xid", 5.into()),
            ("type", 2.into()),
        ],
    );
    assert_eq!(count(&client, 2, 5, vec![]), (1, 2));

    // cleanmsg: the conversation's messages in the range; a `from` keeps it to the sender.
    let clean = |from: i64, xid: i64, kind: i64, begin: i64, end: i64| {
        call(
            &client,
            "cleanmsg",
            vec![
                ("from", from.into()),
                ("xid", xid.into()),
                ("type", kind.into()),
                ("begin", begin.into()),
                ("end", end.into()),
            ],
        );
    };
    group(3, 51, 104);
    clean(0, 5, 2, far, far + 1);
    assert_eq!(count(&client, 2, 5, vec![]), (2, 3), "out of range");
    clean(3, 5, 2, 1, far);
    assert_eq!(count(&client, 2, 5, vec![]), (1, 2), "only 3's");
    clean(0, 5, 2, 1, far);
    assert_eq!(count(&client, 2, 5, vec![]), (0, 0));
    assert_eq!(count(&client, 3, 6, vec![]), (1, 1), "another conversation");
    client.send_message(51, 1, 2, "p", "").call().unwrap();
    clean(2, 1, 1, 0, 0);
    let page = client.get_p2p_message(1, 2, true, 10).call().unwrap();
    assert!(page.msgs.is_empty(), "p2p 1-2 named from either side");
}

#[test]
fn project_and_conversation_clears_delete_what_they_name() {
    let server = mock();
    let client = client_for(&server);
    let fill = || {
        client.send_message(51, 1, 2, "p", "").call().unwrap();
        client.send_group_message(51, 1, 5, "g", "").call().unwrap();
        client.send_group_message(51, 2, 5, "g", "").call().unwrap();
        client.send_room_message(51, 1, 6, "r", "").call().unwrap();
        client.broadcast_message(51, 1, "b", "").call().unwrap();
    };
    let counts = || {
        let p2p = client
            .get_p2p_message(1, 2, true, 10)
            .call()
            .unwrap()
            .msgs
            .len();
        let group = client
            .get_group_message(1, 5, true, 10)
            .call()
            .unwrap()
            .msgs
            .len();
        let room = client
            .get_room_message(1, 6, true, 10)
            .call()
            .unwrap()
            .msgs
            .len();
        let all = client
            .get_broadcast_message(1, true, 10)
            .call()
            .unwrap()
            .msgs
            .len();
        [p2p, group, room, all]
    };
    fill();
    assert_eq!(counts(), [1, 2, 1, 1]);
    // clearprojectmsg numbers kinds its own way: 0 p2p, 1 room, 2 group, 3 broadcast, 4 all.
    for (kind, left) in [
        (1, [1, 2, 0, 1]),
        (0, [0, 2, 0, 1]),
        (3, [0, 2, 0, 0]),
        (2, [0; 4]),
    ] {
        call(&client, "clearprojectmsg", vec![("type", kind.into())]);
        assert_eq!(counts(), left, "clearprojectmsg {kind}");
    }
    fill();
    call(&client, "clearprojectmsg", vec![("type", 4.into())]);
    assert_eq!(counts(), [0; 4]);
    let code = refused(&client, "clearprojectmsg", vec![("type", 5.into())]);
    assert_eq!(code, codes::RTM_INVALID_PARAMETER);

    fill();
    call(
        &client,
        "delconversationmsgs",
        vec![("from", 2.into()), ("xid", 5.into()), ("type", 2.into())],
    );
    assert_eq!(counts(), [1, 1, 1, 1], "only 2's messages in group 5");
    call(&client, "clearusermsg", vec![("uid", 1.into())]);
    assert_eq!(counts(), [0; 4], "every message 1 sent");
}

#[test]
fn edit_message_changes_a_young_enough_message() {
    let server = mock();
    let client = client_for(&server);
    client
        .send_group_message(51, 2002, 5005, "original", "a")
        .mid(7)
        .call()
        .unwrap();
    let edit = |mid: i64, limit: i64| {
        client
            .send_quest(
                "editmsg",
                params(vec![
                    ("mid", mid.into()),
                    ("from", 2002.into()),
                    ("xid", 5005.into()),
                    ("type", 2.into()),
                    ("msg", "edited".into()),
                    ("attrs", "b".into()),
                    ("timeLimit", limit.into()),
                ]),
            )
            .call()
    };
    let get = || {
        let m = call(
            &client,
            "getmsg",
            vec![
                ("mid", 7.into()),
                ("from", 2002.into()),
                ("xid", 5005.into()),
                ("type", 2.into()),
            ],
        );
        (
            m["msg"].as_str().unwrap().to_string(),
            m["attrs"].as_str().unwrap().to_string(),
        )
    };
    assert!(edit(7, 600_000).is_ok());
    assert_eq!(get(), ("edited".into(), "b".into()));
    assert_eq!(
        edit(8, 600_000).unwrap_err().code,
        codes::RTM_MESSAGE_NOT_FOUND
    );
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(
        edit(7, 5).unwrap_err().code,
        codes::RTM_MESSAGE_NOT_FOUND,
        "too old"
    );
    assert!(edit(7, 0).is_ok(), "0: no limit");
    assert_eq!(edit(7, -1).map(|_| ()), Ok(()), "no limit either");
}

#[test]
fn project_bans_last_their_btime_and_sessions_are_kept() {
    let server = mock();
    let client = client_for(&server);
    let banned = |uid: i64| ok_of(call(&client, "isprojectban", vec![("uid", uid.into())]));
    call(
        &client,
        "addprojectban",
        vec![("uid", 1.into()), ("btime", 1.into())],
    );
    call(
        &client,
        "addprojectban",
        vec![("uid", 2.into()), ("btime", 0.into())],
    );
    call(
        &client,
        "addprojectban",
        vec![("uid", 3.into()), ("btime", i64::MAX.into())],
    );
    assert!(banned(1) && banned(2) && banned(3) && !banned(4));
    std::thread::sleep(Duration::from_millis(1100));
    assert!(!banned(1) && banned(2) && banned(3));
    call(&client, "removeprojectban", vec![("uid", 2.into())]);
    assert!(!banned(2));
    // A project ban (mute) is not the project black list.
    assert_eq!(client.is_project_black(3).call(), Ok(false));
    for method in ["addsessions", "removesessions"] {
        call(
            &client,
            method,
            vec![("uid", 1.into()), ("uids", ids(&[2, 3]))],
        );
        let code = refused(&client, method, vec![("uid", 1.into()), ("uids", ids(&[]))]);
        assert_eq!(code, codes::RTM_EMPTY_PARAMETER);
    }
}

#[test]
fn rtc_rooms_have_members_administrators_and_an_owner() {
    let server = mock();
    let client = client_for(&server);
    let members = |rid: i64| {
        to_json(&call(
            &client,
            "getRTCRoomMembers",
            vec![("rid", rid.into())],
        ))
    };
    let rtc_count = |rid: i64| {
        call(&client, "getRTCRoomMemberCount", vec![("rid", rid.into())])["count"]
            .as_i64()
            .unwrap()
    };
    let list = || to_json(&call(&client, "getRTCRoomList", vec![]))["rids"].clone();
    let pull = |rid: i64, uids: &[i64]| {
        call(
            &client,
            "pullIntoRTCRoom",
            vec![
                ("rid", rid.into()),
                ("toUids", ids(uids)),
                ("type", 2.into()),
            ],
        );
    };
    let admin = |rid: i64, uids: &[i64], command: i64| {
        call(
            &client,
            "adminCommand",
            vec![
                ("rid", rid.into()),
                ("uids", ids(uids)),
                ("command", command.into()),
            ],
        );
    };
    assert_eq!(list(), json!([]));
    assert_eq!(
        members(9),
        json!({"uids": [], "administrators": [], "owner": 0})
    );
    pull(9, &[30, 10]);
    pull(9, &[20]);
    pull(8, &[1]);
    assert_eq!(list(), json!([8, 9]));
    assert_eq!(
        members(9),
        json!({"uids": [10, 20, 30], "administrators": [], "owner": 30})
    );
    admin(9, &[20, 10, 99], 0);
    admin(9, &[10], 1);
    admin(9, &[30], 4);
    assert_eq!(members(9)["administrators"], json!([20]), "99 is no member");
    call(
        &client,
        "inviteUserIntoRTCRoom",
        vec![
            ("rid", 9.into()),
            ("toUids", ids(&[40])),
            ("fromUid", 10.into()),
        ],
    );
    call(
        &client,
        "setRTCRoomMicStatus",
        vec![("rid", 9.into()), ("status", false.into())],
    );
    assert_eq!(rtc_count(9), 3, "an invitee joins when its client accepts");
    call(
        &client,
        "kickoutFromRTCRoom",
        vec![
            ("uid", 20.into()),
            ("rid", 9.into()),
            ("fromUid", 30.into()),
        ],
    );
    assert_eq!(
        members(9),
        json!({"uids": [10, 30], "administrators": [], "owner": 30})
    );
    assert_eq!(rtc_count(9), 2);
    call(&client, "closeRTCRoom", vec![("rid", 9.into())]);
    assert_eq!((list(), rtc_count(9)), (json!([8]), 0));
    for (method, entries) in [
        (
            "pullIntoRTCRoom",
            vec![("rid", 1.into()), ("toUids", ids(&[1])), ("type", 3.into())],
        ),
        (
            "adminCommand",
            vec![
                ("rid", 8.into()),
                ("uids", ids(&[1])),
                ("command", 8.into()),
            ],
        ),
    ] {
        assert_eq!(
            refused(&client, method, entries),
            codes::RTM_INVALID_PARAMETER,
            "{method}"
        );
    }
    assert_eq!(list(), json!([8]), "a refused pull makes no room");
}

#[test]
fn im_lib_infos_grants_and_groups_are_kept() {
    let server = mock();
    let client = client_for(&server);
    let infos = |entries: &[(&str, &str)]| {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
        )
    };
    call(
        &client,
        "imserver_setuserinfos",
        vec![
            ("uid", 1.into()),
            ("infos", infos(&[("nick", "a"), ("level", "3")])),
        ],
    );
    call(
        &client,
        "imserver_setuserinfos",
        vec![("uid", 1.into()), ("infos", infos(&[("nick", "b")]))],
    );
    let users = call(
        &client,
        "imserver_getuserinfos",
        vec![("uids", ids(&[2, 1, 1]))],
    );
    assert_eq!(
        to_json(&users),
        json!({"infos": {"1": {"level": "3", "nick": "b"}}})
    );
    call(
        &client,
        "imserver_creategroup",
        vec![
            ("gid", 5.into()),
            ("owner_uid", 1.into()),
            ("infos", infos(&[("name", "g")])),
            ("permissions", infos(&[("type", "3"), ("extra", "pw")])),
        ],
    );
    let grant = |kind: i64, xid: i64| {
        call(
            &client,
            "imserver_getapplygrant",
            vec![("type", kind.into()), ("xid", xid.into())],
        )["grant_type"]
            .as_i64()
            .unwrap()
    };
    assert_eq!((grant(1, 5), grant(0, 5), grant(2, 5)), (3, 0, 0));
    let count = |gid: i64| {
        call(&client, "getgroupcount", vec![("gid", gid.into())])["cn"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(count(5), 1, "the owner is a member");
    call(
        &client,
        "imserver_addgroupmembers",
        vec![("gid", 5.into()), ("uids", ids(&[2, 3, 1]))],
    );
    assert_eq!(count(5), 3);
    assert_eq!(
        client.get_group_members(5).call(),
        Ok(vec![1, 2, 3]),
        "the RTM group"
    );
    call(
        &client,
        "imserver_setinvitegrant",
        vec![
            ("type", 2.into()),
            ("xid", 5.into()),
            ("invite_type", 1.into()),
            ("invite_manage_type", 0.into()),
        ],
    );
    let invite = |kind: i64| {
        to_json(&call(
            &client,
            "imserver_getinvitegrant",
            vec![("type", kind.into()), ("xid", 5.into())],
        ))
    };
    assert_eq!(
        invite(2),
        json!({"invite_type": 1, "invite_manage_type": 0})
    );
    assert_eq!(
        invite(1),
        json!({"invite_type": 0, "invite_manage_type": 0})
    );
    call(&client, "imserver_dismissgroup", vec![("gid", 5.into())]);
    assert_eq!((count(5), grant(1, 5)), (0, 0));
    let groups = call(&client, "imserver_getgroupinfos", vec![("gids", ids(&[5]))]);
    assert_eq!(to_json(&groups), json!({"infos": {}}));

    // clearprojectgroup: every group, its members and its IM-lib info and grants.
    assert_eq!(client.add_group_members(6, &[1]).call(), None);
    call(
        &client,
        "imserver_setgroupinfos",
        vec![("gid", 6.into()), ("infos", infos(&[("name", "x")]))],
    );
    call(
        &client,
        "imserver_setapplygrant",
        vec![
            ("type", 1.into()),
            ("xid", 6.into()),
            ("grant_type", 2.into()),
        ],
    );
    call(
        &client,
        "imserver_setapplygrant",
        vec![
            ("type", 0.into()),
            ("xid", 1.into()),
            ("grant_type", 1.into()),
        ],
    );
    call(&client, "clearprojectgroup", vec![]);
    assert_eq!(
        (count(6), grant(1, 6), grant(0, 1)),
        (0, 0, 1),
        "a user's grant stays"
    );
    assert_eq!(client.get_user_groups(1).call(), Ok(vec![]));
    let groups = call(&client, "imserver_getgroupinfos", vec![("gids", ids(&[6]))]);
    assert_eq!(to_json(&groups), json!({"infos": {}}));

    for (method, entries) in [
        (
            "imserver_setapplygrant",
            vec![
                ("type", 3.into()),
                ("xid", 1.into()),
                ("grant_type", 0.into()),
            ],
        ),
        (
            "imserver_setapplygrant",
            vec![
                ("type", 1.into()),
                ("xid", 1.into()),
                ("grant_type", 4.into()),
            ],
        ),
        (
            "imserver_getinvitegrant",
            vec![("type", 0.into()), ("xid", 1.into())],
        ),
        (
            "imserver_creategroup",
            vec![
                ("gid", 7.into()),
                ("owner_uid", 1.into()),
                ("infos", infos(&[])),
                ("permissions", infos(&[("type", "open")])),
            ],
        ),
    ] {
        assert_eq!(
            refused(&client, method, entries),
            codes::RTM_INVALID_PARAMETER,
            "{method}"
        );
    }
    assert_eq!(count(7), 0, "a refused creategroup makes no group");
    let code = refused(
        &client,
        "imserver_setuserinfos",
        vec![
            ("uid", 1.into()),
            ("infos", Value::Map(vec![("nick".into(), 7.into())])),
        ],
    );
    assert_eq!(code, codes::PROTO_TYPE_CONVERT);
}

#[test]
fn the_stand_ins_answer_by_their_rules() {
    let server = mock();
    let client = client_for(&server);
    let check = to_json(&call(
        &client,
        "tcheck",
        vec![("text", "heck darn heck, badword".into())],
    ));
    assert_eq!(
        check,
        json!({"result": 2, "text": "**** **** heck, *******", "tags": ["4"], "wlist": ["heck", "darn", "badword"]})
    );
    for (method, key, extra) in [
        ("icheck", "image", vec![]),
        ("acheck", "audio", vec![("lang", Value::from("en"))]),
        ("vcheck", "video", vec![("videoName", Value::from("v.mp4"))]),
    ] {
        for (media, kind, result) in [
            (Value::from("https://x/ok.png"), 1, 0),
            (Value::Binary(b"some bad bytes".to_vec()), 2, 2),
            (Value::from("https://x/BAD.png"), 1, 0),
        ] {
            let mut entries = vec![(key, media), ("type", kind.into())];
            entries.extend(extra.clone());
            let answer = to_json(&call(&client, method, entries));
            let tags = if result == 2 { json!(["1"]) } else { json!([]) };
            assert_eq!(answer, json!({"result": result, "tags": tags}), "{method}");
        }
        let code = refused(&client, method, {
            let mut entries = vec![(key, Value::from("u")), ("type", 3.into())];
            entries.extend(extra.clone());
            entries
        });
        assert_eq!(code, codes::RTM_INVALID_PARAMETER, "{method} type 3");
    }
    let speech = to_json(&call(
        &client,
        "speech2text",
        vec![
            ("audio", Value::Binary(vec![0; 5])),
            ("type", 2.into()),
            ("lang", "fr".into()),
        ],
    ));
    assert_eq!(
        speech,
        json!({"text": "recognized speech of 5 bytes", "lang": "fr"})
    );
}

/// For every method of interface 2.7 and the four ban calls it changed, the parameters of
/// its vector quests, merged: the first quest's, then the keys later quests add.
fn templates() -> Vec<(String, Vec<(String, Value)>)> {
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<(String, Vec<(String, Value)>)> = Vec::new();
    for vector in vectors() {
        if vector["setup"] == true {
            continue;
        }
        let quest = &vector["quests"][0];
        let method = quest["method"].as_str().unwrap().to_string();
        let new_or_changed = vector["id"].as_str().unwrap().starts_with(['N', 'G'])
            || [
                "addgroupban",
                "removegroupban",
                "addroomban",
                "removeroomban",
            ]
            .contains(&method.as_str());
        if quest["connection"] != "main" || !new_or_changed {
            continue;
        }
        let index = *at.entry(method.clone()).or_insert_with(|| {
            out.push((method.clone(), Vec::new()));
            out.len() - 1
        });
        let entries = &mut out[index].1;
        for (key, value) in quest_params(quest) {
            if !entries.iter().any(|(k, _)| *k == key) {
                entries.push((key, value));
            }
        }
    }
    out
}

const OPTIONAL: &[(&str, &[&str])] = &[
    ("tcheck", &["uid"]),
    ("icheck", &["uid"]),
    ("acheck", &["codec", "srate", "uid"]),
    ("vcheck", &["uid"]),
    ("speech2text", &["codec", "srate", "uid"]),
    ("addoption", &["mtypes"]),
    ("removeoption", &["mtypes"]),
    ("getmsgnum", &["mtypes", "begin", "end"]),
    ("pullIntoRTCRoom", &["voiceRange", "maxReceiveStreams"]),
    ("imserver_setapplygrant", &["extra"]),
    ("imserver_creategroup", &["permissions"]),
    ("addgroupban", &["gid"]),
    ("removegroupban", &["gid"]),
    ("addroomban", &["rid"]),
    ("removeroomban", &["rid"]),
];

fn optional(method: &str, key: &str) -> bool {
    OPTIONAL
        .iter()
        .any(|(m, keys)| *m == method && keys.contains(&key))
}

/// A value of another type than `value`.
fn mistyped(value: &Value) -> Value {
    match value {
        Value::Boolean(_) => "x".into(),
        _ => true.into(),
    }
}

#[test]
fn missing_and_mistyped_keys_are_refused_and_the_mock_serves_on() {
    let server = mock();
    let client = client_for(&server);
    let templates = templates();
    assert_eq!(templates.len(), 56, "52 new methods and the 4 ban calls");
    let mut checked = 0;
    for (method, entries) in &templates {
        for (i, (key, value)) in entries.iter().enumerate() {
            let without: Vec<_> = entries
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, e)| e.clone())
                .collect();
            let answer = client.send_quest(method, as_map(without)).call();
            match answer {
                Err(e) if !optional(method, key) => {
                    assert_eq!(
                        e.code,
                        codes::PROTO_KEY_NOT_FOUND,
                        "{method} without {key}: {e:?}"
                    )
                }
                Err(e) => assert!(
                    e.code != codes::PROTO_KEY_NOT_FOUND && e.code != codes::CORE_UNKNOWN_ERROR,
                    "{method} without optional {key}: {e:?}"
                ),
                Ok(_) => assert!(optional(method, key), "{method} without {key} taken"),
            }
            let mut changed = entries.clone();
            changed[i].1 = mistyped(value);
            let error = client
                .send_quest(method, as_map(changed.clone()))
                .call()
                .expect_err(method);
            assert_eq!(
                error.code,
                codes::PROTO_TYPE_CONVERT,
                "{method} {key}: {error:?}"
            );
            if let Value::Array(items) = value {
                let mut items = items.clone();
                items.push("x".into());
                changed[i].1 = Value::Array(items);
                let error = client
                    .send_quest(method, as_map(changed))
                    .call()
                    .expect_err(method);
                assert_eq!(error.code, codes::PROTO_TYPE_CONVERT, "{method} {key}[]");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 134, "every key of every template");
    assert_still_serving(&server);
}

#[test]
fn extreme_values_and_empty_lists_never_stop_the_mock() {
    let server = mock();
    let client = client_for(&server);
    let id_lists = ["blacks", "buids", "uids", "toUids", "rids", "gids"];
    for (method, entries) in templates() {
        for i in 0..entries.len() {
            let (key, value) = &entries[i];
            let mut extremes = Vec::new();
            if value.is_i64() || value.is_u64() {
                extremes.extend([i64::MIN, i64::MAX, -1, 0].map(Value::from));
                extremes.push(Value::from(u64::MAX));
            }
            if value.is_array() {
                extremes.push(ids(&[i64::MIN, i64::MAX, -1, 0]));
                extremes.push(ids(&(0..5000).collect::<Vec<_>>()));
            }
            if value.is_str() {
                extremes.push(Value::from(""));
                extremes.push(Value::from("é".repeat(50_000)));
            }
            for extreme in extremes {
                let mut changed = entries.clone();
                changed[i].1 = extreme.clone();
                let answer = client.send_quest(&method, as_map(changed)).call();
                if let Err(e) = &answer {
                    assert!(e.is_server_error(), "{method} {key}={extreme}: {e:?}");
                    assert_ne!(e.code, codes::CORE_UNKNOWN_ERROR, "{method} {key}: {e:?}");
                }
            }
            if id_lists.contains(&key.as_str()) {
                let mut changed = entries.clone();
                changed[i].1 = Value::Array(vec![]);
                let error = client
                    .send_quest(&method, as_map(changed))
                    .call()
                    .expect_err(&method);
                assert_eq!(error.code, codes::RTM_EMPTY_PARAMETER, "{method} {key} []");
            }
        }
        // A nil is a missing key; a payload of another shape is refused.
        let answer = client.send_quest(&method, Value::Map(vec![])).call();
        if let Err(e) = answer {
            assert_eq!(e.code, codes::PROTO_KEY_NOT_FOUND, "{method} with nothing");
        }
    }
    assert_still_serving(&server);
}

/// The mock still serves: it says it runs, and a new client's calls succeed.
fn assert_still_serving(server: &MockServer) {
    assert!(server.is_running());
    let client = client_for(server);
    assert_eq!(client.add_room_member(1, 2).call(), None);
    let answer = call(&client, "getRTCRoomList", vec![]);
    assert!(answer["rids"].is_array());
    client.close().unwrap();
}
