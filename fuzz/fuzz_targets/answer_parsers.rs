//! Every room call's answer parser, and the error-answer reader, over any payload.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    rtm_server_sdk::fuzzing::parse_answers(data);
});
