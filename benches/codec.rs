//! Encoding and decoding a typical `addroommember` quest and its answer, and signing.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rtm_server_sdk::codec::msgpack::lookup;
use rtm_server_sdk::codec::{Frame, FrameDecoder, QuestBuilder, encode_answer, set_seq};
use rtm_server_sdk::sign::{SaltGenerator, Secret, sign};

const SIGN: &str = "3A9BEA6DB224A2AB0937B7755E5BB652";

fn encode_addroommember(seq: u32) -> Vec<u8> {
    let mut builder = QuestBuilder::twoway_with_capacity("addroommember", 96).unwrap();
    builder
        .params()
        .map_len(6)
        .key("pid")
        .int(11_000_001)
        .key("sign")
        .str(SIGN)
        .key("salt")
        .int(7_301_444_403_200_000_001)
        .key("ts")
        .int(1_700_000_000)
        .key("rid")
        .int(5001)
        .key("uid")
        .int(123_456);
    let mut frame = builder.finish(usize::MAX).unwrap();
    set_seq(&mut frame, seq);
    frame
}

fn codec(c: &mut Criterion) {
    c.bench_function("encode addroommember quest", |b| {
        b.iter(|| encode_addroommember(black_box(1)))
    });

    let quest = encode_addroommember(1);
    let decoder = FrameDecoder::default();
    c.bench_function("decode addroommember quest and read its params", |b| {
        b.iter(|| {
            let (frame, _) = decoder.decode(black_box(&quest)).unwrap().unwrap();
            let Frame::Quest(q) = frame else {
                unreachable!()
            };
            let fields = lookup(q.payload, ["pid", "sign", "salt", "ts", "rid", "uid"]).unwrap();
            black_box(fields[5].unwrap().as_i64().unwrap())
        })
    });

    c.bench_function("encode empty answer", |b| {
        let mut out = Vec::with_capacity(64);
        b.iter(|| {
            out.clear();
            encode_answer(&mut out, black_box(7), 0, &[0x80]);
            black_box(out.len())
        })
    });

    let mut answer = Vec::new();
    encode_answer(&mut answer, 7, 0, &[0x80]);
    c.bench_function("decode empty answer", |b| {
        b.iter(|| {
            let (frame, used) = decoder.decode(black_box(&answer)).unwrap().unwrap();
            black_box((frame, used))
        })
    });

    let secret = Secret::new("ZGVtby1zZWNyZXQtZm9yLXZlY3RvcnM=");
    c.bench_function("sign", |b| {
        b.iter(|| {
            sign(
                black_box(11_000_001),
                &secret,
                black_box(7_301_444_403_200_000_001),
                "addroommember",
                1_700_000_000,
            )
        })
    });

    let salts = SaltGenerator::new();
    c.bench_function("salt", |b| b.iter(|| black_box(salts.next())));
}

criterion_group!(benches, codec);
criterion_main!(benches);
