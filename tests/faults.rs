//! Every fault the mock can inject, for the blocking and the callback form: the call ends
//! once, with the right code, in the right time, and the next call succeeds.

mod common;

use std::time::Duration;

use common::*;
use rtm_server_sdk::error::codes;
use rtm_server_sdk::mock::{Fault, FaultRule, MockServer};
use rtm_server_sdk::{QuestError, RtmServerClient};

const RID: i64 = 1001;
const UID: i64 = 2002;

/// Runs one faulted call in each form and hands each outcome to `check`; after each, an
/// unfaulted call must succeed.
fn each_form(
    fault: Fault,
    timeout: Duration,
    check: impl Fn(&str, Option<QuestError>, Duration, &MockServer),
) {
    let server = mock();
    let client = client_for(&server);
    assert_eq!(
        client.add_room_member(RID, UID).call(),
        None,
        "warm-up call"
    );
    for form in ["blocking", "callback"] {
        server.add_fault(
            FaultRule::new(fault.clone())
                .method("addroommember")
                .times(1),
        );
        let (error, elapsed) = match form {
            "blocking" => timed(|| client.add_room_member(RID, UID).timeout(timeout).call()),
            _ => basic_cb(|cb| {
                client
                    .add_room_member(RID, UID)
                    .timeout(timeout)
                    .with_callback(cb)
            }),
        };
        check(form, error, elapsed, &server);
        next_call_succeeds(&client, form);
    }
}

fn next_call_succeeds(client: &RtmServerClient, form: &str) {
    assert_eq!(
        client
            .add_room_member(RID, UID)
            .timeout(Duration::from_secs(5))
            .call(),
        None,
        "{form}: the call after the fault"
    );
}

fn expect_code(form: &str, error: Option<QuestError>, code: i32) -> QuestError {
    let error = error.unwrap_or_else(|| panic!("{form}: expected error {code}, got success"));
    assert_eq!(error.code, code, "{form}: {error}");
    error
}

#[test]
fn delayed_answer_within_the_timeout_succeeds_after_the_delay() {
    each_form(
        Fault::Delay(Duration::from_millis(200)),
        Duration::from_secs(5),
        |form, error, elapsed, _| {
            assert_eq!(error, None, "{form}");
            assert!(elapsed >= Duration::from_millis(200), "{form}: {elapsed:?}");
        },
    );
}

#[test]
fn silent_server_ends_the_call_at_its_deadline_and_keeps_the_connection() {
    let timeout = Duration::from_millis(300);
    each_form(Fault::NoAnswer, timeout, |form, error, elapsed, server| {
        let error = expect_code(form, error, codes::CORE_TIMEOUT);
        assert!(error.is_timeout());
        assert!(elapsed >= timeout, "{form}: ended early, {elapsed:?}");
        assert!(
            elapsed < timeout + PROMPT,
            "{form}: ended late, {elapsed:?}"
        );
        assert_eq!(
            server.stats().connections,
            1,
            "{form}: a timeout ends one call only"
        );
    });
}

#[test]
fn error_answer_passes_the_server_code_through() {
    let fault = Fault::ErrorAnswer {
        code: 200047,
        ex: "max room count".into(),
    };
    each_form(fault, Duration::from_secs(5), |form, error, _, _| {
        let error = expect_code(form, error, 200047);
        assert_eq!(error.message, "max room count");
        assert!(error.is_server_error());
    });
}

/// Faults that break the connection: the call ends promptly with 20002 and the next call
/// reconnects.
fn connection_breaking(fault: Fault) {
    each_form(fault, Duration::from_secs(20), |form, error, elapsed, _| {
        let error = expect_code(form, error, codes::CORE_CONNECTION_CLOSED);
        assert!(error.is_connection_error());
        assert!(elapsed < PROMPT, "{form}: took {elapsed:?}");
    });
}

#[test]
fn close_after_read_fails_the_call_with_connection_closed() {
    connection_breaking(Fault::CloseAfterRead);
}

#[test]
fn reset_fails_the_call_with_connection_closed() {
    connection_breaking(Fault::Reset);
}

#[test]
fn garbage_bytes_close_the_connection() {
    connection_breaking(Fault::Garbage);
}

#[test]
fn bad_magic_closes_the_connection() {
    connection_breaking(Fault::BadMagic);
}

#[test]
fn truncated_frame_closes_the_connection() {
    connection_breaking(Fault::Truncated);
}

#[test]
fn oversize_declared_frame_closes_the_connection_without_waiting_for_it() {
    connection_breaking(Fault::OversizeHeader);
}

#[test]
fn duplicate_answer_completes_the_call_once() {
    each_form(
        Fault::DuplicateAnswer,
        Duration::from_secs(5),
        |form, error, _, server| {
            assert_eq!(error, None, "{form}");
            assert_eq!(
                server.stats().connections,
                1,
                "{form}: the duplicate is dropped quietly"
            );
        },
    );
}

#[test]
fn answer_with_an_unknown_seq_is_dropped_and_the_call_times_out() {
    let timeout = Duration::from_millis(300);
    each_form(
        Fault::UnknownSeqAnswer,
        timeout,
        |form, error, elapsed, server| {
            expect_code(form, error, codes::CORE_TIMEOUT);
            assert!(elapsed >= timeout, "{form}: {elapsed:?}");
            assert_eq!(server.stats().connections, 1, "{form}");
        },
    );
}

#[test]
fn byte_by_byte_answer_is_reassembled() {
    each_form(
        Fault::ByteByByte(Duration::from_millis(2)),
        Duration::from_secs(5),
        |form, error, _, _| {
            assert_eq!(error, None, "{form}");
        },
    );
}

#[test]
fn push_before_the_answer_is_answered_and_the_call_succeeds() {
    each_form(
        Fault::PushFirst,
        Duration::from_secs(5),
        |form, error, _, server| {
            assert_eq!(error, None, "{form}");
            assert!(
                eventually(PROMPT, || server.stats().answers >= 1),
                "{form}: push answered"
            );
        },
    );
}

#[test]
fn out_of_order_answers_reach_their_own_calls() {
    let server = mock();
    let client = client_for(&server);
    for rid in [1, 2] {
        let info = format!("room {rid}");
        assert_eq!(client.set_room_info(rid).oinfo(&info).call(), None);
    }
    server.add_fault(
        FaultRule::new(Fault::OutOfOrder)
            .method("getroominfo")
            .times(1),
    );
    let (tx, rx) = std::sync::mpsc::channel();
    for rid in [1, 2] {
        let tx = tx.clone();
        client.get_room_info(rid).with_callback(
            move |oinfo: Option<String>, _: Option<String>, error: Option<QuestError>| {
                tx.send((rid, oinfo, error)).unwrap();
            },
        );
    }
    let mut outcomes: Vec<_> = (0..2)
        .map(|_| {
            rx.recv_timeout(Duration::from_secs(5))
                .expect("both callbacks run")
        })
        .collect();
    outcomes.sort_by_key(|(rid, _, _)| *rid);
    for (rid, oinfo, error) in outcomes {
        assert_eq!(error, None);
        assert_eq!(oinfo, Some(format!("room {rid}")));
    }
    // The blocking form too: the held answer is released after a later one or 50 ms.
    server.add_fault(
        FaultRule::new(Fault::OutOfOrder)
            .method("getroominfo")
            .times(1),
    );
    let info = client
        .get_room_info(2)
        .timeout(Duration::from_secs(5))
        .call()
        .unwrap();
    assert_eq!(info.oinfo.as_deref(), Some("room 2"));
}

#[test]
fn late_answer_after_timeout_is_dropped() {
    let server = mock();
    let client = client_for(&server);
    for rid in [1, 2] {
        let info = format!("room {rid}");
        assert_eq!(client.set_room_info(rid).oinfo(&info).call(), None);
    }
    server.add_fault(
        FaultRule::new(Fault::Delay(Duration::from_millis(300)))
            .method("getroominfo")
            .times(1),
    );
    let late = client
        .get_room_info(1)
        .timeout(Duration::from_millis(100))
        .call();
    assert!(late.unwrap_err().is_timeout());
    std::thread::sleep(Duration::from_millis(400));
    // The late answer for room 1 arrived meanwhile; it must not be taken for this call.
    let info = client.get_room_info(2).call().unwrap();
    assert_eq!(info.oinfo.as_deref(), Some("room 2"));
    assert_eq!(server.stats().connections, 1);
}

#[test]
fn every_room_method_can_be_faulted_independently() {
    let server = mock();
    let client = client_for(&server);
    server.add_fault(
        FaultRule::new(Fault::ErrorAnswer {
            code: codes::RTM_NOT_IN_ROOM,
            ex: "not in room".into(),
        })
        .method("delroommember"),
    );
    assert_eq!(client.add_room_member(RID, UID).call(), None);
    for _ in 0..3 {
        let error = client.delete_room_member(RID, UID).call().unwrap();
        assert_eq!(error.code, codes::RTM_NOT_IN_ROOM);
    }
    server.clear_faults();
    assert_eq!(client.delete_room_member(RID, UID).call(), None);
}
