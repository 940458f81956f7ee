//! Servers that accept and then stall, trickle, or lie about sizes cannot hold a call past
//! its deadline, nor `close()` past its bound.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use common::*;
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::{ClientConfig, QuestError, RtmServerClient};

/// A server that accepts, reads everything, and writes `reply` one byte per `pace`.
fn trickling_server(reply: Vec<u8>, pace: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let reply = reply.clone();
            let mut reader = stream.try_clone().unwrap();
            std::thread::spawn(move || {
                let mut sink = [0u8; 4096];
                while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
            });
            std::thread::spawn(move || {
                let mut stream = stream;
                for byte in reply {
                    std::thread::sleep(pace);
                    if stream.write_all(&[byte]).is_err() {
                        return;
                    }
                }
                std::thread::sleep(Duration::from_secs(3600));
            });
        }
    });
    addr
}

fn client(addr: String) -> RtmServerClient {
    RtmServerClient::new(ClientConfig::builder(addr, 1, "secret").keep_alive(None)).unwrap()
}

fn assert_ends_at_deadline(client: &RtmServerClient, timeout: Duration) {
    let (error, elapsed) = timed(|| client.add_room_member(1, 2).timeout(timeout).call());
    assert!(error.unwrap().is_timeout());
    assert!(
        elapsed >= timeout && elapsed < timeout + PROMPT,
        "{elapsed:?}"
    );
    let (error, elapsed) = basic_cb(|cb| {
        client
            .is_ban_of_room(1, 2)
            .timeout(timeout)
            .with_callback(move |_: bool, e: Option<QuestError>| cb(e))
    });
    assert!(error.unwrap().is_timeout());
    assert!(
        elapsed >= timeout && elapsed < timeout + PROMPT,
        "{elapsed:?}"
    );
}

fn assert_close_is_bounded(client: &RtmServerClient) {
    let (closed, elapsed) = timed(|| client.close());
    assert_eq!(closed, Ok(()));
    assert!(elapsed < PROMPT, "close took {elapsed:?}");
}

#[test]
fn a_server_that_accepts_and_never_answers_holds_no_call_past_its_deadline() {
    let addr = trickling_server(Vec::new(), Duration::ZERO);
    let client = client(addr);
    assert_ends_at_deadline(&client, Duration::from_millis(300));
    assert_close_is_bounded(&client);
}

#[test]
fn a_server_answering_a_byte_per_second_holds_no_call_past_its_deadline() {
    // A well-formed answer header, sent one byte per second: never whole in time.
    let mut reply = Vec::new();
    rtm_server_sdk::codec::encode_answer(&mut reply, 1, 0, &[0x80]);
    let addr = trickling_server(reply, Duration::from_secs(1));
    let client = client(addr);
    assert_ends_at_deadline(&client, Duration::from_millis(500));
    assert_close_is_bounded(&client);
}

#[test]
fn a_trickled_answer_through_the_mock_is_bounded_by_the_deadline() {
    let server = mock();
    let client = client_for(&server);
    assert_eq!(client.add_room_member(1, 2).call(), None);
    server.add_fault(FaultRule::new(Fault::ByteByByte(Duration::from_secs(1))));
    assert_ends_at_deadline(&client, Duration::from_millis(400));
    assert_close_is_bounded(&client);
}

#[test]
fn a_header_declaring_more_than_the_maximum_closes_the_connection_at_once() {
    // 12 bytes claiming a 1 GiB answer, then silence.
    let mut header = b"FPNN\x01\x80\x02\x00".to_vec();
    header.extend_from_slice(&(1u32 << 30).to_le_bytes());
    let addr = trickling_server(header, Duration::ZERO);
    let client = client(addr);
    let (error, elapsed) = timed(|| {
        client
            .add_room_member(1, 2)
            .timeout(Duration::from_secs(30))
            .call()
    });
    let error = error.unwrap();
    assert!(error.is_connection_closed(), "{error}");
    assert!(error.message.contains("exceeds the maximum"), "{error}");
    assert!(elapsed < PROMPT, "{elapsed:?}");
}
