//! `send_quest`: any method, with `rmpv` values both ways, in both forms.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

use common::*;
use rtm_server_sdk::codec::{Frame, FrameDecoder, encode_answer};
use rtm_server_sdk::rmpv::Value;
use rtm_server_sdk::{ClientConfig, QuestError, RtmServerClient};

/// Parameters with every shape a user may send: nested maps, arrays, binary, integer keys.
fn odd_params() -> Value {
    Value::Map(vec![
        ("text".into(), "héllo".into()),
        (Value::from(7), Value::Binary(vec![0, 159, 146, 150])),
        (
            "nested".into(),
            Value::Map(vec![(
                "list".into(),
                Value::Array(vec![
                    1.into(),
                    (-2).into(),
                    Value::Nil,
                    2.5.into(),
                    true.into(),
                ]),
            )]),
        ),
        ("big".into(), Value::from(u64::MAX)),
    ])
}

/// A server that answers each quest with `{"method": m, "params": <its params without the
/// four auth keys>, 9: bin}` and reports the auth keys it saw.
fn echo_server() -> (String, mpsc::Receiver<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = listener.local_addr().unwrap().to_string();
    let (seen_tx, seen_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let decoder = FrameDecoder::default();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let Ok(n) = stream.read(&mut chunk) else {
                return;
            };
            if n == 0 {
                return;
            }
            buf.extend_from_slice(&chunk[..n]);
            while let Some((Frame::Quest(q), used)) = decoder.decode(&buf).unwrap() {
                let params = rtm_server_sdk::rmpv::decode::read_value(&mut &q.payload[..]).unwrap();
                let Value::Map(entries) = params else {
                    panic!("params are a map")
                };
                let (auth, rest): (Vec<_>, Vec<_>) = entries
                    .into_iter()
                    .partition(|(k, _)| matches!(k.as_str(), Some("pid" | "sign" | "salt" | "ts")));
                let _ = seen_tx.send(
                    auth.iter()
                        .map(|(k, _)| k.as_str().unwrap().to_string())
                        .collect(),
                );
                let answer = Value::Map(vec![
                    (
                        "method".into(),
                        String::from_utf8_lossy(q.method).as_ref().into(),
                    ),
                    ("params".into(), Value::Map(rest)),
                    (Value::from(9), Value::Binary(vec![1, 2, 3])),
                ]);
                let mut payload = Vec::new();
                rtm_server_sdk::rmpv::encode::write_value(&mut payload, &answer).unwrap();
                let mut out = Vec::new();
                encode_answer(&mut out, q.seq.unwrap(), 0, &payload);
                stream.write_all(&out).unwrap();
                buf.drain(..used);
            }
        }
    });
    (endpoint, seen_rx)
}

fn client(endpoint: String) -> RtmServerClient {
    RtmServerClient::new(ClientConfig::builder(endpoint, 11_000_001, "s").keep_alive(None)).unwrap()
}

fn expect_echo(answer: Value, method: &str) {
    assert_eq!(answer["method"], Value::from(method));
    assert_eq!(answer["params"], odd_params());
    let Value::Map(entries) = &answer else {
        panic!("a map")
    };
    assert!(entries.contains(&(Value::from(9), Value::Binary(vec![1, 2, 3]))));
}

#[test]
fn send_quest_carries_any_values_both_ways_in_both_forms() {
    let (endpoint, seen) = echo_server();
    let client = client(endpoint);

    let answer = client
        .send_quest("anewmethod", odd_params())
        .call()
        .unwrap();
    expect_echo(answer, "anewmethod");
    assert_eq!(seen.recv().unwrap(), ["pid", "sign", "salt", "ts"]);

    let (tx, rx) = mpsc::channel();
    client.send_quest("another", odd_params()).with_callback(
        move |r: Result<Value, QuestError>| {
            tx.send(r).unwrap();
        },
    );
    expect_echo(
        rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap(),
        "another",
    );
}

#[test]
fn send_quest_reaches_the_mock_and_passes_server_errors_through() {
    let server = mock();
    let client = client_for(&server);
    let params = Value::Map(vec![("rid".into(), 5.into()), ("uid".into(), 6.into())]);
    assert_eq!(
        client.send_quest("addroommember", params).call(),
        Ok(Value::Map(vec![]))
    );
    assert_eq!(client.get_room_members(5).call(), Ok(vec![6]));

    // The mock answers a missing key as the service does.
    let error = client
        .send_quest("addroommember", Value::Map(vec![("rid".into(), 5.into())]))
        .call()
        .unwrap_err();
    assert!(error.is_server_error(), "{error:?}");
    assert_eq!(error.code, 10009);
}

#[test]
fn send_quest_refuses_what_cannot_be_a_quest_without_sending() {
    let server = mock();
    let client = client_for(&server);
    let refused = [
        ("", Value::Nil),
        ("addroommember", Value::from(3)),
        (
            "addroommember",
            Value::Map(vec![("sign".into(), "x".into())]),
        ),
    ];
    for (method, params) in refused {
        let error = client
            .send_quest(method, params.clone())
            .call()
            .unwrap_err();
        assert!(
            error.is_invalid_argument() && !error.is_server_error(),
            "{error:?}"
        );
        let (tx, rx) = mpsc::channel();
        client
            .send_quest(method, params)
            .with_callback(move |r: Result<Value, QuestError>| {
                let thread = std::thread::current().name().map(str::to_string);
                tx.send((r, thread)).unwrap();
            });
        let (r, thread) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(r.unwrap_err().is_invalid_argument());
        assert_eq!(thread.as_deref(), Some("rtm-callback"));
    }
    assert_eq!(server.quest_count("addroommember"), 0);
}
