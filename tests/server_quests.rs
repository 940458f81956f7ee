//! Quests the server sends: known ones are answered with an empty map, unknown twoway ones
//! with 20004, oneway ones never.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use rtm_server_sdk::codec::msgpack::lookup;
use rtm_server_sdk::codec::{Frame, FrameDecoder, encode_quest};
use rtm_server_sdk::{ClientConfig, RtmServerClient};

/// A connected client and the server's end of its socket.
fn connected_pair() -> (RtmServerClient, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = RtmServerClient::new(
        ClientConfig::builder(listener.local_addr().unwrap().to_string(), 1, "secret")
            .keep_alive(None),
    )
    .unwrap();
    client.connect().unwrap();
    let (stream, _) = listener.accept().unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    (client, stream)
}

/// Reads answers until the socket is quiet for the read timeout.
fn read_answers(stream: &mut TcpStream) -> Vec<(u32, u8, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let decoder = FrameDecoder::default();
    let mut answers = Vec::new();
    let mut rest = &buf[..];
    while let Some((frame, used)) = decoder.decode(rest).unwrap() {
        match frame {
            Frame::Answer(a) => answers.push((a.seq, a.status, a.payload.to_vec())),
            Frame::Quest(q) => panic!("unexpected quest {:?}", q.method),
        }
        rest = &rest[used..];
    }
    answers
}

#[test]
fn known_server_quests_get_an_empty_ok_answer() {
    let (_client, mut stream) = connected_pair();
    for (seq, method) in [
        (1, "ping"),
        (2, "pushmsg"),
        (3, "pushroommsg"),
        (4, "pushevent"),
    ] {
        stream
            .write_all(&encode_quest(Some(seq), method, &[0x80], usize::MAX).unwrap())
            .unwrap();
    }
    let answers = read_answers(&mut stream);
    assert_eq!(
        answers,
        (1..=4).map(|seq| (seq, 0, vec![0x80])).collect::<Vec<_>>()
    );
}

#[test]
fn unknown_twoway_quest_gets_error_20004_and_oneway_gets_nothing() {
    let (client, mut stream) = connected_pair();
    stream
        .write_all(&encode_quest(None, "pushmsg", &[0x80], usize::MAX).unwrap())
        .unwrap();
    stream
        .write_all(&encode_quest(None, "whatever", &[0x80], usize::MAX).unwrap())
        .unwrap();
    stream
        .write_all(&encode_quest(Some(77), "nosuchmethod", &[0x80], usize::MAX).unwrap())
        .unwrap();
    let answers = read_answers(&mut stream);
    assert_eq!(answers.len(), 1, "oneway quests are never answered");
    let (seq, status, payload) = &answers[0];
    assert_eq!((*seq, *status), (77, 1));
    let [code, ex] = lookup(payload, ["code", "ex"]).unwrap();
    assert_eq!(code.unwrap().as_i64().unwrap(), 20004);
    assert!(ex.unwrap().as_str_lossy().unwrap().contains("nosuchmethod"));
    // The connection is still good for calls: answer one by hand.
    drop(client);
}
