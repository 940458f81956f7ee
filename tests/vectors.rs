//! The byte-exact vectors of the FPNN spec (`tests/data/fpnn-frames.json`) and the signature vectors
//! of RTM-ROOM.md section 2.1.

use rtm_server_sdk::codec::msgpack::{PayloadWriter, lookup};
use rtm_server_sdk::codec::{
    Frame, FrameDecoder, QuestBuilder, encode_answer, encode_error_answer, encode_quest, set_seq,
};
use rtm_server_sdk::sign::{Secret, sign};
use serde_json::Value;

/// The vectors, copied from the spec into `tests/data` (CI checks the copy against the
/// spec when the spec is there).
fn vectors() -> Vec<Value> {
    let text = include_str!("data/fpnn-frames.json");
    let json: Value = serde_json::from_str(text).expect("vectors are JSON");
    json["vectors"].as_array().expect("a vectors array").clone()
}

fn vector(name: &str) -> Value {
    vectors()
        .into_iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no vector named {name}"))
}

fn bytes(v: &Value, field: &str) -> Vec<u8> {
    hex::decode(v[field].as_str().expect("a hex string")).expect("valid hex")
}

/// The same frame with the version byte we send (1) instead of the Python SDK's (0).
fn as_sent_by_us(mut frame: Vec<u8>) -> Vec<u8> {
    frame[4] = 1;
    frame
}

#[test]
fn every_plaintext_frame_decodes_to_its_parts() {
    let decoder = FrameDecoder::default();
    let mut decoded = 0;
    for v in vectors() {
        let name = v["name"].as_str().unwrap();
        if name.starts_with("enc_") && name != "enc_key_quest_plain" {
            continue;
        }
        let raw = bytes(&v, "hex");
        let (frame, used) = decoder
            .decode(&raw)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .unwrap_or_else(|| panic!("{name}: incomplete"));
        assert_eq!(used, raw.len(), "{name}: one whole frame");
        let payload = match frame {
            Frame::Quest(q) => q.payload,
            Frame::Answer(a) => a.payload,
        };
        // Every payload is one msgpack map.
        rtm_server_sdk::codec::msgpack::MapEntries::new(payload)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .for_each(|entry| {
                entry.unwrap_or_else(|e| panic!("{name}: {e}"));
            });
        decoded += 1;
    }
    assert!(decoded >= 12, "decoded only {decoded} vectors");
}

#[test]
fn frames_decode_from_any_prefix_as_not_yet() {
    let decoder = FrameDecoder::default();
    let raw = bytes(&vector("py_twoway_addroommember"), "hex");
    for cut in 0..raw.len() {
        assert_eq!(
            decoder.decode(&raw[..cut]),
            Ok(None),
            "prefix of {cut} bytes"
        );
    }
}

#[test]
fn addroommember_quest_is_byte_exact_and_correctly_signed() {
    let v = vector("py_twoway_addroommember");
    let params = &v["params_json"];
    let secret = Secret::new("ZGVtby1zZWNyZXQtZm9yLXZlY3RvcnM=");
    let salt = params["salt"].as_i64().unwrap();
    let signature = sign(11_000_001, &secret, salt, "addroommember", 1_700_000_000);
    assert_eq!(
        std::str::from_utf8(&signature).unwrap(),
        params["sign"].as_str().unwrap()
    );

    let mut builder = QuestBuilder::twoway("addroommember").unwrap();
    builder
        .params()
        .map_len(6)
        .key("pid")
        .int(11_000_001)
        .key("sign")
        .str(std::str::from_utf8(&signature).unwrap())
        .key("salt")
        .int(salt)
        .key("ts")
        .int(1_700_000_000)
        .key("rid")
        .int(5001)
        .key("uid")
        .int(123_456);
    let mut frame = builder.finish(usize::MAX).unwrap();
    set_seq(&mut frame, 1);
    assert_eq!(
        hex::encode(&frame),
        hex::encode(as_sent_by_us(bytes(&v, "hex")))
    );
}

#[test]
fn oneway_quest_has_no_sequence_number() {
    let v = vector("py_oneway_notify");
    let mut payload = Vec::new();
    PayloadWriter::new(&mut payload)
        .map_len(2)
        .key("uid")
        .int(1001)
        .key("text")
        .str("hello");
    let frame = encode_quest(None, "notify", &payload, usize::MAX).unwrap();
    assert_eq!(frame, as_sent_by_us(bytes(&v, "hex")));
}

#[test]
fn answers_are_byte_exact() {
    let mut out = Vec::new();
    encode_answer(&mut out, 7, 0, &[]);
    assert_eq!(
        out,
        as_sent_by_us(bytes(&vector("py_answer_empty_ok"), "hex"))
    );

    let mut out = Vec::new();
    encode_answer(&mut out, 1000, 0, &[0x80]);
    assert_eq!(
        out,
        as_sent_by_us(bytes(&vector("py_answer_to_push"), "hex"))
    );

    let mut payload = Vec::new();
    PayloadWriter::new(&mut payload)
        .map_len(1)
        .key("mtime")
        .int(1_700_000_000_123);
    let mut out = Vec::new();
    encode_answer(&mut out, 2, 0, &payload);
    assert_eq!(
        out,
        as_sent_by_us(bytes(&vector("py_answer_ok_mtime"), "hex"))
    );
}

#[test]
fn cpp_frames_are_byte_exact() {
    let mut out = Vec::new();
    encode_error_answer(
        &mut out,
        9,
        20004,
        "Unknow method:foo, Socket: 12, address: 10.0.0.1:40000",
    );
    assert_eq!(
        out,
        bytes(&vector("cpp_error_answer_unknown_method"), "hex")
    );

    let frame = encode_quest(Some(1), "*ping", &[0x80], usize::MAX).unwrap();
    assert_eq!(frame, bytes(&vector("cpp_ping_quest"), "hex"));

    let mut payload = Vec::new();
    PayloadWriter::new(&mut payload)
        .map_len(1)
        .key("ts")
        .int(1_700_000_000_123);
    let mut out = Vec::new();
    encode_answer(&mut out, 1, 0, &payload);
    assert_eq!(out, bytes(&vector("cpp_ping_answer"), "hex"));

    let mut payload = Vec::new();
    PayloadWriter::new(&mut payload)
        .map_len(3)
        .key("code")
        .int(20013)
        .key("ex")
        .str("Forbidden")
        .key("raiser")
        .str("");
    let mut out = Vec::new();
    encode_answer(&mut out, 10, 1, &payload);
    assert_eq!(out, bytes(&vector("cpp_error_answer_with_raiser"), "hex"));
}

#[test]
fn key_quest_payloads_decode_with_str_or_bin_public_key() {
    let decoder = FrameDecoder::default();
    for name in ["enc_key_quest_plain", "cpp_key_quest_stream_plain"] {
        let raw = bytes(&vector(name), "hex");
        let Some((Frame::Quest(quest), _)) = decoder.decode(&raw).unwrap() else {
            panic!("{name}: not a quest");
        };
        assert_eq!(quest.method, b"*key");
        let [key, stream, bits] =
            lookup(quest.payload, ["publicKey", "streamMode", "bits"]).unwrap();
        assert_eq!(key.unwrap().as_str_bytes().unwrap().len(), 64, "{name}");
        assert_eq!(stream.unwrap().as_bool().unwrap(), name.starts_with("cpp"));
        assert_eq!(bits.unwrap().as_i64().unwrap(), 128);
    }
}

#[test]
fn server_push_decodes_and_is_twoway() {
    let raw = bytes(&vector("server_push_pushroommsg"), "hex");
    let Some((Frame::Quest(quest), _)) = FrameDecoder::default().decode(&raw).unwrap() else {
        panic!("not a quest");
    };
    assert_eq!(quest.seq, Some(1000));
    assert_eq!(quest.method, b"pushroommsg");
    let [msg, mid] = lookup(quest.payload, ["msg", "mid"]).unwrap();
    assert_eq!(msg.unwrap().as_str_lossy().unwrap(), "hi room");
    assert!(mid.unwrap().as_i64().unwrap() > 0);
}

#[test]
fn error_answer_with_the_python_sdk_bug_still_decodes() {
    let raw = bytes(&vector("py_answer_error_sdk_bug"), "hex");
    let Some((Frame::Answer(answer), _)) = FrameDecoder::default().decode(&raw).unwrap() else {
        panic!("not an answer");
    };
    assert!(answer.is_error());
    let [code, ex] = lookup(answer.payload, ["code", "ex"]).unwrap();
    assert_eq!(code.unwrap().as_i64().unwrap(), 20004);
    assert_eq!(ex.unwrap().as_i64().unwrap(), 20004);
}

#[test]
fn sign_vectors_of_the_room_spec() {
    let secret = Secret::new("0123456789abcdef0123456789abcdef");
    let salt = 7_301_444_403_200_000_001;
    for (cmd, expected) in [
        ("addroommember", "3B6B5B906FD11F4A697E343C068D8263"),
        ("getroominfo", "C1D0262BACACFF2505348A71CC2DA428"),
        ("isbanofroom", "6DD553B18B29FEB80CEB62F4B2DAD707"),
    ] {
        let got = sign(1_000_001, &secret, salt, cmd, 1_700_000_000);
        assert_eq!(std::str::from_utf8(&got).unwrap(), expected, "{cmd}");
    }
}
