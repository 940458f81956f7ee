//! Properties of the frame codec: round trips, chunking, and hostile bytes.

use proptest::prelude::*;
use rtm_server_sdk::codec::msgpack::{MapEntries, PayloadWriter, lookup};
use rtm_server_sdk::codec::{
    DecodeError, Frame, FrameDecoder, HEADER_LEN, encode_answer, encode_quest,
};

/// A frame description to encode.
#[derive(Debug, Clone)]
enum Spec {
    Quest {
        seq: Option<u32>,
        method: String,
        payload: Vec<u8>,
    },
    Answer {
        seq: u32,
        status: u8,
        payload: Vec<u8>,
    },
}

fn payload() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(("[a-z]{1,8}", any::<i64>(), ".{0,40}"), 0..6).prop_map(|entries| {
        let mut out = Vec::new();
        let mut w = PayloadWriter::new(&mut out);
        w.map_len(entries.len() as u32 * 2);
        for (key, int, text) in &entries {
            w.key(&format!("{key}i")).int(*int);
            w.key(&format!("{key}s")).str(text);
        }
        out
    })
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        (any::<Option<u32>>(), "[a-z*]{1,40}", payload()).prop_map(|(seq, method, payload)| {
            Spec::Quest {
                seq,
                method,
                payload,
            }
        }),
        (any::<u32>(), any::<u8>(), payload()).prop_map(|(seq, status, payload)| Spec::Answer {
            seq,
            status,
            payload
        }),
    ]
}

fn encode(spec: &Spec) -> Vec<u8> {
    match spec {
        Spec::Quest {
            seq,
            method,
            payload,
        } => encode_quest(*seq, method, payload, usize::MAX).unwrap(),
        Spec::Answer {
            seq,
            status,
            payload,
        } => {
            let mut out = Vec::new();
            encode_answer(&mut out, *seq, *status, payload);
            out
        }
    }
}

fn matches(spec: &Spec, frame: &Frame<'_>) -> bool {
    let non_empty = |p: &Vec<u8>| if p.is_empty() { vec![0x80] } else { p.clone() };
    match (spec, frame) {
        (
            Spec::Quest {
                seq,
                method,
                payload,
            },
            Frame::Quest(q),
        ) => q.seq == *seq && q.method == method.as_bytes() && q.payload == non_empty(payload),
        (
            Spec::Answer {
                seq,
                status,
                payload,
            },
            Frame::Answer(a),
        ) => a.seq == *seq && a.status == *status && a.payload == non_empty(payload),
        _ => false,
    }
}

proptest! {
    #[test]
    fn encode_then_decode_round_trips(spec in spec()) {
        let bytes = encode(&spec);
        let (frame, used) = FrameDecoder::default().decode(&bytes).unwrap().unwrap();
        prop_assert_eq!(used, bytes.len());
        prop_assert!(matches(&spec, &frame), "{:?} vs {:?}", spec, frame);
        // The payload's fields read back.
        let entries: Vec<_> = match frame { Frame::Quest(q) => q.payload, Frame::Answer(a) => a.payload }
            .to_vec();
        prop_assert!(MapEntries::new(&entries).unwrap().all(|e| e.is_ok()));
    }

    #[test]
    fn a_stream_cut_into_random_chunks_decodes_to_the_same_frames(
        specs in prop::collection::vec(spec(), 1..12),
        cuts in prop::collection::vec(1usize..64, 1..40),
    ) {
        let stream: Vec<u8> = specs.iter().flat_map(encode).collect();
        let decoder = FrameDecoder::default();
        let mut buffer = Vec::new();
        let mut fed = 0;
        let mut cut = cuts.iter().cycle();
        let mut seen = 0;
        while fed < stream.len() || !buffer.is_empty() {
            let n = (*cut.next().unwrap()).min(stream.len() - fed);
            buffer.extend_from_slice(&stream[fed..fed + n]);
            fed += n;
            while let Some((frame, used)) = decoder.decode(&buffer).unwrap() {
                prop_assert!(matches(&specs[seen], &frame));
                seen += 1;
                buffer.drain(..used);
            }
            if fed == stream.len() {
                prop_assert!(buffer.is_empty());
                break;
            }
        }
        prop_assert_eq!(seen, specs.len());
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_never_pass_the_limit(
        bytes in prop::collection::vec(any::<u8>(), 0..256),
        fpnn_prefix in any::<bool>(),
    ) {
        let mut bytes = bytes;
        if fpnn_prefix && bytes.len() >= 4 {
            bytes[..4].copy_from_slice(b"FPNN");
        }
        let decoder = FrameDecoder::new(1024);
        match decoder.decode(&bytes) {
            Ok(Some((_, used))) => prop_assert!(used <= 1024 && used <= bytes.len()),
            Ok(None) => prop_assert!(bytes.len() < 1024 + HEADER_LEN),
            Err(_) => {}
        }
        // The lazy msgpack reader is as robust.
        let _ = lookup(&bytes, ["a", "b"]);
        if let Ok(entries) = MapEntries::new(&bytes) {
            for (k, v) in entries.take(1000).flatten() {
                let _ = (k.as_str_lossy(), v.as_i64(), v.as_i64_array(), v.as_bool());
            }
        }
    }
}

#[test]
fn a_declared_size_over_the_limit_is_refused_before_the_body_arrives() {
    let mut header = b"FPNN\x01\x80\x02\x00".to_vec();
    header.extend_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    let err = FrameDecoder::default().decode(&header).unwrap_err();
    assert!(matches!(err, DecodeError::TooLarge { .. }), "{err}");
}

#[test]
fn header_checks_give_typed_errors() {
    let decoder = FrameDecoder::default();
    let ok = encode_quest(Some(1), "m", &[0x80], usize::MAX).unwrap();
    let mut bad = ok.clone();
    bad[0] = b'X';
    assert!(matches!(
        decoder.decode(&bad),
        Err(DecodeError::BadMagic(_))
    ));
    let mut bad = ok.clone();
    bad[6] = 7;
    assert_eq!(
        decoder.decode(&bad),
        Err(DecodeError::UnknownMessageType(7))
    );
    let mut bad = ok.clone();
    bad[5] = 0x40;
    assert_eq!(
        decoder.decode(&bad),
        Err(DecodeError::UnsupportedFlag(0x40))
    );
    let mut bad = ok.clone();
    bad[7] = 0;
    assert_eq!(decoder.decode(&bad), Err(DecodeError::EmptyMethod));
}

#[test]
fn encoder_refuses_bad_method_names_and_oversize_frames() {
    assert!(encode_quest(Some(1), "", &[0x80], usize::MAX).is_err());
    assert!(encode_quest(Some(1), &"m".repeat(256), &[0x80], usize::MAX).is_err());
    assert!(encode_quest(Some(1), "m", &[0x80; 100], 64).is_err());
}

#[test]
fn deeply_nested_payloads_are_skipped_without_recursion() {
    // {"x": [[[[...]]]] 100 000 deep}, then "y": 1
    let mut payload = vec![0x82, 0xa1, b'x'];
    payload.extend(std::iter::repeat_n(0x91, 100_000));
    payload.push(0x01);
    payload.extend_from_slice(&[0xa1, b'y', 0x01]);
    let [y] = lookup(&payload, ["y"]).unwrap();
    assert_eq!(y.unwrap().as_i64().unwrap(), 1);
}
