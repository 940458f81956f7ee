//! The frame decoder and the msgpack reader over any bytes, fed in any chunk size.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&chunk, rest)) = data.split_first() else {
        return;
    };
    rtm_server_sdk::fuzzing::read_frames(rest, usize::from(chunk) + 1, 64 * 1024, 0);
});
