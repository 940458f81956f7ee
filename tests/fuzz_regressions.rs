//! The fuzz targets' entry points over the inputs kept in `tests/fuzz_inputs/<target>/`
//! (a minimized corpus; any input that ever crashed a target belongs there too), so that
//! `cargo test` replays them without a fuzzer.

use rtm_server_sdk::fuzzing;

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = manifest_dir().join("tests/fuzz_inputs").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read(path).unwrap())
        .collect()
}

/// The frame_decoder target's body.
fn frame_decoder(data: &[u8]) -> usize {
    match data.split_first() {
        Some((&chunk, rest)) => fuzzing::read_frames(rest, usize::from(chunk) + 1, 64 * 1024, 0),
        None => 0,
    }
}

#[test]
fn frame_decoder_inputs_replay() {
    let inputs = inputs("frame_decoder");
    assert!(!inputs.is_empty());
    let frames: usize = inputs.iter().map(|input| frame_decoder(input)).sum();
    assert!(frames > 0, "the corpus holds whole frames");
}

#[test]
fn answer_parser_inputs_replay() {
    let inputs = inputs("answer_parsers");
    assert!(!inputs.is_empty());
    for input in inputs {
        fuzzing::parse_answers(&input);
    }
}

#[cfg(feature = "encryption")]
#[test]
fn encrypted_reader_inputs_replay() {
    let inputs = inputs("encrypted_reader");
    assert!(!inputs.is_empty());
    let mut frames = 0;
    for input in inputs {
        let Some((&control, rest)) = input.split_first() else {
            continue;
        };
        let cipher = 1 + (control & 1);
        let chunk = usize::from(control >> 2) + 1;
        frames += if control & 2 == 0 {
            fuzzing::read_frames(rest, chunk, 64 * 1024, cipher)
        } else {
            fuzzing::read_encrypted(rest, chunk, cipher)
        };
    }
    assert!(frames > 0, "the corpus holds whole encrypted frames");
}

#[test]
fn hand_made_hostile_inputs() {
    // A header declaring 4 GiB, one declaring just over the limit, a package prefix of 4 GiB.
    let mut huge = b"FPNN\x01\x80\x02\x00".to_vec();
    huge.extend_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(fuzzing::read_frames(&huge, 3, 64 * 1024, 0), 0);
    let mut over = b"FPNN\x01\x80\x02\x00".to_vec();
    over.extend_from_slice(&(64 * 1024u32).to_le_bytes());
    assert_eq!(fuzzing::read_frames(&over, 1000, 64 * 1024, 0), 0);
    assert_eq!(fuzzing::read_frames(&[0xff; 64], 7, 64 * 1024, 1), 0);
    // Answers: deep nesting, huge declared lengths, wrong types.
    let mut deep = vec![0x81, 0xa4, b'u', b'i', b'd', b's'];
    deep.extend(std::iter::repeat_n(0x91, 50_000));
    fuzzing::parse_answers(&deep);
    fuzzing::parse_answers(&[
        0x81, 0xa4, b'u', b'i', b'd', b's', 0xdd, 0xff, 0xff, 0xff, 0xff,
    ]);
    fuzzing::parse_answers(&[0xdf, 0xff, 0xff, 0xff, 0xff]);
    fuzzing::parse_answers(&[0x81, 0xa2, b'c', b'n', 0x81, 0xc0, 0xc0]);
}

/// The crate's folder: cargo's variable at run time (a test binary reused from another copy
/// of the crate must read this copy's files), else the one it was built with.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}
