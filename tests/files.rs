//! Files: the official SDK's quests on the wire (PF1-PF11), sends stored and pushed by the
//! mock, gateways that fail, one reused gateway connection closed when idle, and files that
//! cannot be sent.

#[allow(dead_code)]
#[path = "../examples/api_tour/calls.rs"]
mod calls;
mod common;

use std::net::TcpListener;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use rtm_server_sdk::file::FileContent;
use rtm_server_sdk::mock::{Fault, FaultRule};
use rtm_server_sdk::rmpv::Value as Mp;
use rtm_server_sdk::{ClientConfig, QuestError, RtmServerClient};
use serde_json::Value;

fn file_vectors() -> Vec<Value> {
    let json: Value = serde_json::from_str(include_str!("data/rtm-api-quests.json")).unwrap();
    json["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().starts_with("PF"))
        .cloned()
        .collect()
}

/// The keys of a payload in order, with their values.
fn entries(payload: &[u8]) -> Vec<(String, Mp)> {
    let value = rtm_server_sdk::rmpv::decode::read_value(&mut &payload[..]).unwrap();
    value
        .as_map()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_string(), v.clone()))
        .collect()
}

/// Checks a captured quest against a vector quest: method, key order, and every value but
/// the varying ones (whose msgpack family is checked instead).
fn check(id: &str, form: &str, quest: &Value, method: &str, payload: &[u8]) {
    assert_eq!(method, quest["method"].as_str().unwrap(), "{id} {form}");
    for (key, format, _) in common::api::entries(payload) {
        assert_eq!(
            format,
            quest["formats"][&key].as_str().unwrap(),
            "{id} {form}: format of {key}"
        );
    }
    let got = entries(payload);
    let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    let want: Vec<&str> = common::api::strs(&quest["key_order"]);
    assert_eq!(keys, want, "{id} {form}: key order");
    let varying: Vec<&str> = common::api::strs(&quest["varying"]);
    for (key, value) in &got {
        let want = &quest["params"][key.as_str()];
        if varying.contains(&key.as_str()) {
            assert!(value.is_str() == want.is_string(), "{id} {form}: {key}");
            continue;
        }
        let want = match want {
            Value::Object(m) if m.contains_key("bin") => {
                Mp::Binary(hex::decode(m["bin"].as_str().unwrap()).unwrap())
            }
            Value::Number(n) => Mp::from(n.as_i64().unwrap()),
            Value::String(s) => Mp::from(s.as_str()),
            Value::Array(a) => Mp::Array(a.iter().map(|n| Mp::from(n.as_i64().unwrap())).collect()),
            other => panic!("{id}: unexpected {other}"),
        };
        assert_eq!(*value, want, "{id} {form}: value of {key}");
    }
}

#[test]
fn file_quests_and_gateway_quests_are_the_official_sdks_on_the_wire() {
    let main = TcpListener::bind("127.0.0.1:0").unwrap();
    let gateway = TcpListener::bind("127.0.0.1:0").unwrap();
    let gateway_endpoint = gateway.local_addr().unwrap().to_string();
    let client = RtmServerClient::new(
        ClientConfig::builder(main.local_addr().unwrap().to_string(), 11_000_001, "s")
            .keep_alive(None),
    )
    .unwrap();
    let vectors = file_vectors();
    let server_vectors = vectors.clone();
    let server = std::thread::spawn(move || {
        let mut main = ScriptedPeer::accept(&main);
        let mut gateway_peer: Option<ScriptedPeer> = None;
        for vector in &server_vectors {
            let id = vector["id"].as_str().unwrap();
            for form in ["blocking", "callback", "async"] {
                let token_quest = &vector["quests"][0];
                let (method, payload, seq) = main.next_quest().expect("filetoken");
                check(id, form, token_quest, &method, &payload);
                // The vector's token, with this test's gateway as the endpoint.
                let token = token_quest["answer"]["params"]["token"].as_str().unwrap();
                let mut out = Vec::new();
                let mut w = rtm_server_sdk::codec::msgpack::PayloadWriter::new(&mut out);
                w.map_len(2)
                    .key("token")
                    .str(token)
                    .key("endpoint")
                    .str(&gateway_endpoint);
                main.answer(seq, &out);
                let Some(gateway_quest) = vector["quests"].get(1) else {
                    continue;
                };
                let peer = gateway_peer.get_or_insert_with(|| ScriptedPeer::accept(&gateway));
                let (method, payload, seq) = peer.next_quest().expect("the file");
                check(id, form, gateway_quest, &method, &payload);
                let answer = gateway_quest["answer"]["payload_hex"].as_str().unwrap();
                peer.answer(seq, &hex::decode(answer).unwrap());
            }
        }
    });
    let tour: Vec<_> = calls::calls()
        .into_iter()
        .filter(|c| c.id.starts_with("PF"))
        .collect();
    assert_eq!(tour.len(), vectors.len());
    for (call, vector) in tour.iter().zip(&vectors) {
        let timeout = Some(Duration::from_secs(10));
        let blocking = (call.blocking)(&client, timeout);
        let (tx, rx) = mpsc::channel();
        (call.callback)(&client, timeout, Box::new(move |o| tx.send(o).unwrap()));
        let callback = rx.recv_timeout(Duration::from_secs(20)).unwrap();
        let asynchronous = pollster::block_on((call.async_form)(&client, timeout));
        for (form, outcome) in [
            ("blocking", blocking),
            ("callback", callback),
            ("async", asynchronous),
        ] {
            let value = outcome.unwrap_or_else(|e| panic!("{} {form}: {e}", call.id));
            let returned = &vector["returned"];
            if call.id.as_bytes()[2] <= b'5' && call.id.len() == 3 {
                assert_eq!(value[0], returned[0], "{} {form}: the token", call.id);
            } else {
                assert_eq!(value[1], returned[0], "{} {form}: the mtime", call.id);
                assert!(
                    value[0].as_i64().unwrap() > 0,
                    "{} {form}: a generated mid",
                    call.id
                );
            }
        }
    }
    server.join().expect("every quest matched its vector");
    assert_eq!(
        client.file_gateways_open(),
        1,
        "one gateway connection for every send"
    );
}

#[test]
fn files_are_stored_in_history_and_pushed_to_listeners_in_every_form() {
    let server = mock();
    let sender = client_for(&server);
    let listener = client_for(&server);
    let (tx, rx) = mpsc::channel();
    listener.set_push_callback(move |method: &str, payload: &Mp| {
        let _ = tx.send((method.to_string(), payload["mid"].as_i64().unwrap_or(0)));
    });
    assert_eq!(
        listener.add_listen().rids(&[1001]).uids(&[2002]).call(),
        None
    );
    let content = b"the file's content";
    let file = FileContent::bytes("notes.txt", content);
    let mids = [
        sender
            .send_room_file(2002, 1001, 60, file)
            .call()
            .unwrap()
            .mid,
        {
            let (done_tx, done) = mpsc::channel();
            sender.send_room_file(2002, 1001, 61, file).with_callback(
                move |mid: i64, mtime: i64, e: Option<QuestError>| {
                    done_tx.send((mid, mtime, e)).unwrap();
                },
            );
            let (mid, mtime, error) = done.recv_timeout(Duration::from_secs(10)).unwrap();
            assert_eq!(error, None);
            assert!(mtime > 0);
            mid
        },
        pollster::block_on(sender.send_room_file(2002, 1001, 62, file).into_future())
            .unwrap()
            .mid,
    ];
    let page = sender
        .get_room_message(2002, 1001, false, 10)
        .call()
        .unwrap();
    assert_eq!(page.msgs.len(), 3);
    for (row, mid) in page.msgs.iter().zip(mids) {
        assert_eq!(row.mid, mid);
        assert!(
            row.msg
                .as_text()
                .unwrap()
                .contains(&format!("size={}", content.len()))
        );
        assert!(row.attrs.contains("\"ext\":\"txt\""), "{}", row.attrs);
    }
    let mut pushed = Vec::new();
    while let Ok(push) = rx.recv_timeout(Duration::from_secs(2)) {
        pushed.push(push);
        if pushed.len() == 3 {
            break;
        }
    }
    assert_eq!(
        pushed,
        mids.iter()
            .map(|&m| ("pushroomfile".to_string(), m))
            .collect::<Vec<_>>()
    );
    // A p2p file reaches the listener of the sender.
    sender.send_file(2002, 2003, 50, file).call().unwrap();
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(5)).unwrap().0,
        "pushfile"
    );
}

#[test]
fn a_failing_gateway_ends_the_call_once_in_time_and_the_next_send_works() {
    let server = mock();
    let client = client_for(&server);
    let file = FileContent::bytes("a.bin", &[1, 2, 3]);
    let timeout = Duration::from_millis(400);

    server.add_fault(FaultRule::new(Fault::NoAnswer).method("sendfile").times(1));
    let started = Instant::now();
    let error = client
        .send_file(1, 2, 50, file)
        .timeout(timeout)
        .call()
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(error.error().is_timeout(), "{error}");
    assert!(
        elapsed >= timeout && elapsed < timeout + PROMPT,
        "{elapsed:?}: one deadline for both steps"
    );

    server.add_fault(
        FaultRule::new(Fault::CloseAfterRead)
            .method("sendfile")
            .times(1),
    );
    let error = client.send_file(1, 2, 50, file).call().unwrap_err();
    assert!(error.error().is_connection_closed(), "{error}");

    server.add_fault(
        FaultRule::new(Fault::ErrorAnswer {
            code: 200_002,
            ex: "invalid token".into(),
        })
        .method("sendfile")
        .times(1),
    );
    let error = client.send_file(1, 2, 50, file).call().unwrap_err();
    assert!(
        error.error().is_server_error() && error.error().code == 200_002,
        "{error}"
    );

    // The token step failing ends the call before the gateway.
    server.add_fault(FaultRule::new(Fault::NoAnswer).method("filetoken").times(1));
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    client
        .send_file(1, 2, 50, file)
        .timeout(timeout)
        .with_callback(move |mid: i64, _: i64, e: Option<QuestError>| {
            tx.send((mid, e, started.elapsed())).unwrap();
        });
    let (mid, error, elapsed) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(mid > 0 && error.unwrap().is_timeout());
    assert!(
        elapsed >= timeout && elapsed < timeout + PROMPT,
        "{elapsed:?}"
    );

    assert!(
        client.send_file(1, 2, 50, file).call().is_ok(),
        "the next send works"
    );
}

/// Open file descriptors of this process.
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn a_hundred_sends_share_one_gateway_connection_closed_when_idle() {
    let server = mock();
    let idle = Duration::from_millis(500);
    let client = client_with(server.client_config().file_gateway_idle(idle));
    assert_eq!(client.add_room_member(1, 2).call(), None);
    let fds_before = open_fds();
    for i in 0..100 {
        client
            .send_file(1, 2, 50, FileContent::bytes("a.bin", &[i]))
            .call()
            .unwrap();
    }
    assert_eq!(
        server.stats().connections,
        2,
        "the main connection and one gateway"
    );
    assert_eq!(client.file_gateways_open(), 1);
    assert!(
        eventually(idle + PROMPT * 2, || client.file_gateways_open() == 0),
        "the idle gateway was closed"
    );
    assert!(
        eventually(PROMPT, || open_fds() <= fds_before),
        "fds: {fds_before} before, {} after",
        open_fds()
    );
    // The next send opens a gateway again.
    client
        .send_file(1, 2, 50, FileContent::bytes("a.bin", &[1]))
        .call()
        .unwrap();
    assert_eq!(server.stats().connections, 3);
}

#[test]
fn files_that_cannot_be_sent_are_refused_before_anything_is_sent() {
    let server = mock();
    let client = client_with(server.client_config().max_frame_len(64 * 1024));
    let big = vec![7u8; 100 * 1024];
    let error = client
        .send_file(1, 2, 50, FileContent::bytes("big.bin", &big))
        .call()
        .unwrap_err();
    assert_does_not_fit(error.error());
    let error = client
        .send_file(1, 2, 50, FileContent::bytes("empty.bin", &[]))
        .call()
        .unwrap_err();
    assert!(
        error.error().is_invalid_argument() && error.error().message.contains("empty"),
        "{error}"
    );
    let missing = std::env::temp_dir().join("rtm-no-such-file-here.bin");
    let error = client
        .send_file(1, 2, 50, FileContent::path(&missing))
        .call()
        .unwrap_err();
    assert!(
        error.error().is_invalid_argument() && error.error().message.contains("cannot read"),
        "{error}"
    );
    let (tx, rx) = mpsc::channel();
    client
        .send_group_file(1, 5, 50, FileContent::path(&missing))
        .with_callback(move |mid: i64, _: i64, e: Option<QuestError>| {
            tx.send((mid, e)).unwrap();
        });
    let (mid, error) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(mid > 0 && error.unwrap().is_invalid_argument());
    assert_eq!(server.quest_count("filetoken"), 0, "nothing was sent");
    // A real file from disk goes through.
    let path = std::env::temp_dir().join(format!("rtm-file-{}.txt", std::process::id()));
    std::fs::write(&path, b"from disk").unwrap();
    assert!(
        client
            .send_file(1, 2, 50, FileContent::path(&path))
            .call()
            .is_ok()
    );
    let _ = std::fs::remove_file(path);
}

/// The peak resident memory of this process, in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_file_over_the_limit_is_refused_without_being_read() {
    let server = mock();
    let client = client_for(&server);
    // Sparse: a gibibyte on paper, no disk used.
    let size: u64 = 1 << 30;
    let path = std::env::temp_dir().join(format!("rtm-sparse-{}.bin", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(size).unwrap();
    drop(file);
    let peak_before = peak_rss_kib();
    let (outcome, elapsed) = timed(|| client.send_file(1, 2, 50, FileContent::path(&path)).call());
    let peak_after = peak_rss_kib();
    let _ = std::fs::remove_file(&path);
    let error = outcome.unwrap_err();
    assert_does_not_fit(error.error());
    assert!(elapsed < PROMPT, "{elapsed:?}");
    assert!(
        peak_after < peak_before + 64 * 1024,
        "the peak memory grew from {peak_before} KiB to {peak_after} KiB: the file was read"
    );
    assert_eq!(server.quest_count("filetoken"), 0, "nothing was sent");
}

#[test]
fn the_size_limit_counts_the_whole_gateway_quest() {
    let server = mock();
    let max_frame_len = 64 * 1024;
    let client = client_with(server.client_config().max_frame_len(max_frame_len));
    let tos: Vec<i64> = (1_000_000..1_002_000).collect();
    let name = format!("report.{}", "x".repeat(300));
    // Fits a frame by the content alone, not with 2000 targets and a long extension.
    let content = vec![7u8; max_frame_len - 1024];
    let error = client
        .send_files(1, &tos, 50, FileContent::bytes(&name, &content))
        .call()
        .unwrap_err();
    assert_does_not_fit(error.error());
    assert_eq!(
        server.quest_count("filetoken"),
        0,
        "refused before a token was taken"
    );
    // Every size is either refused before its token is taken or sent whole: the largest
    // one let through is sent too, and it is not far below the frame size.
    let fits = |len: usize| {
        let tokens = server.quest_count("filetoken");
        let content = vec![7u8; len];
        match client
            .send_files(1, &tos, 50, FileContent::bytes(&name, &content))
            .call()
        {
            Ok(_) => true,
            Err(error) => {
                assert_eq!(
                    server.quest_count("filetoken"),
                    tokens,
                    "{len} bytes: refused after its token was taken ({error})"
                );
                assert!(error.error().message.contains("does not fit"), "{error}");
                false
            }
        }
    };
    let (mut sent, mut refused) = (1, max_frame_len);
    assert!(fits(sent) && !fits(refused));
    while refused - sent > 1 {
        let len = (sent + refused) / 2;
        if fits(len) {
            sent = len;
        } else {
            refused = len;
        }
    }
    assert!(sent > max_frame_len - 16 * 1024, "{sent} bytes at most");
}

/// A file refused before sending because its gateway quest would not fit in a frame.
fn assert_does_not_fit(error: &QuestError) {
    assert_eq!(
        error.code,
        rtm_server_sdk::error::codes::CORE_ENCODING,
        "{error}"
    );
    assert!(error.message.contains("does not fit"), "{error}");
}
