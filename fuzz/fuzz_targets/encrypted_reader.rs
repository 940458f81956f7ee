//! The decrypting frame reader, package and stream mode: over any bytes, and over any
//! plaintext encrypted as a server would send it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else {
        return;
    };
    let cipher = 1 + (control & 1);
    let chunk = usize::from(control >> 2) + 1;
    if control & 2 == 0 {
        rtm_server_sdk::fuzzing::read_frames(rest, chunk, 64 * 1024, cipher);
    } else {
        rtm_server_sdk::fuzzing::read_encrypted(rest, chunk, cipher);
    }
});
