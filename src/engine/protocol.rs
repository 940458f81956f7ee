//! The protocol on a connection: frames read from the socket, answers matched to their
//! calls, error answers read, server quests answered and handed on as pushes.

use std::io;
use std::sync::Arc;
use std::time::Instant;

use super::conn::Connection;
use super::dispatch::{JobBatch, JobSender};
use super::pending::PendingTable;
use super::{Completer, Job, PushBacklog};
use crate::error::{QuestError, codes};
use crate::wire::codec::{
    AnswerFrame, Frame, FrameDecoder, QuestFrame, encode_answer, encode_error_answer, msgpack,
};

/// Reads of the socket per wake-up at most (64 KiB or more each), so that a server that
/// streams cannot starve timers and new calls.
const READ_BUDGET: usize = 16;

/// Server quests answered with an empty map: RTM's `ping` and the pushes.
const KNOWN_SERVER_METHODS: [&str; 8] = [
    "ping",
    "pushmsg",
    "pushgroupmsg",
    "pushroommsg",
    "pushevent",
    "pushfile",
    "pushgroupfile",
    "pushroomfile",
];

/// Reads until the socket is drained (`Ok(true)`: a read returned `WouldBlock`, or came up
/// short where that proves it, see `SHORT_READ_DRAINS`) or the budget is spent
/// (`Ok(false)`: the loop comes back without waiting for an event), handling every whole
/// frame.
///
/// Reading stops (`Ok(true)`, `conn.read_paused`) while the answers to the server's own
/// quests waiting for the socket reach `max_send_buffer` bytes: the server sends quests
/// (pushes) but does not read their answers, so the client stops reading too and TCP
/// pushes back on the server, instead of holding ever more answers. The loop reads again
/// once the socket took them. (The user's quests have their own cap: a call that does not
/// fit ends with 20007.)
#[allow(clippy::too_many_arguments)]
pub(super) fn read_and_process(
    conn: &mut Connection,
    decoder: &FrameDecoder,
    pending: &mut PendingTable,
    jobs: &JobSender,
    pushes: &PushBacklog,
    endpoint: &Arc<str>,
    max_send_buffer: usize,
) -> Result<bool, String> {
    // Sent to the callback thread when this returns, whichever way.
    let mut jobs = JobBatch::new(jobs);
    for _ in 0..READ_BUDGET {
        if conn.writer.answer_bytes() >= max_send_buffer {
            if !conn.read_paused {
                tracing::warn!(
                    "the server does not read: {} bytes of answers to its quests wait for the socket; reading paused",
                    conn.writer.answer_bytes()
                );
            }
            conn.read_paused = true;
            return Ok(true);
        }
        conn.read_paused = false;
        match conn.reader.read_from(&mut conn.stream, decoder) {
            Ok((0, _)) => return Err("closed by the server".into()),
            Ok((_, drained)) => {
                conn.last_received = Instant::now();
                process_frames(conn, decoder, pending, &mut jobs, pushes, endpoint)?;
                if drained && !conn.peer_ended {
                    return Ok(true);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                // Drained with the stream still open: short reads prove it again.
                conn.peer_ended = false;
                return Ok(true);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("read failed: {e}")),
        }
    }
    Ok(false)
}

fn process_frames(
    conn: &mut Connection,
    decoder: &FrameDecoder,
    pending: &mut PendingTable,
    jobs: &mut JobBatch<'_>,
    pushes: &PushBacklog,
    endpoint: &Arc<str>,
) -> Result<(), String> {
    let mut scratch = Vec::new();
    while let Some(frame) = conn
        .reader
        .next_frame(decoder)
        .map_err(|e| format!("protocol error: {e}"))?
    {
        match frame {
            Frame::Answer(answer) => match on_answer(answer, pending, jobs) {
                Some(Own::Handshake(outcome)) => {
                    outcome.map_err(|e| format!("the server refused *key: {e}"))?;
                    conn.handshaking = false;
                    // `connected` first, in order with this read's outcomes.
                    jobs.push(Job::Connected {
                        id: conn.id,
                        endpoint: endpoint.clone(),
                        is_reconnect: conn.is_reconnect,
                    });
                    if let Some(job) = conn.restored_early.take() {
                        jobs.push(job);
                    }
                }
                Some(Own::Restore(outcome)) => {
                    if let Some(job) = conn.restore_outcome(outcome) {
                        jobs.push(job);
                    }
                }
                None => {}
            },
            Frame::Quest(quest) => {
                scratch.clear();
                on_server_quest(quest, &mut scratch, jobs, pushes);
                if !scratch.is_empty() {
                    conn.writer.push(std::mem::take(&mut scratch), None);
                }
            }
        }
    }
    Ok(())
}

/// The outcome of one of the client's own quests.
enum Own {
    Handshake(Result<(), QuestError>),
    Restore(Result<(), QuestError>),
}

/// Completes the call an answer belongs to; for the client's own quests, returns their
/// outcome.
fn on_answer(
    answer: AnswerFrame<'_>,
    pending: &mut PendingTable,
    jobs: &mut JobBatch<'_>,
) -> Option<Own> {
    let Some(entry) = pending.remove_answered(answer.seq, !answer.is_error()) else {
        tracing::debug!(
            "dropped an answer for seq {} that nobody waits for",
            answer.seq
        );
        return None;
    };
    let reply = if answer.is_error() {
        Err(error_from_answer(answer.payload))
    } else {
        Ok(answer.payload.to_vec())
    };
    match entry.completer {
        Completer::Blocking(waiter) => {
            let _ = waiter.send(reply);
        }
        Completer::Callback(callback) => {
            jobs.push(Job::Complete(callback, reply));
        }
        Completer::Ping | Completer::Detached => {}
        Completer::Handshake => return Some(Own::Handshake(reply.map(|_| ()))),
        Completer::Restore => return Some(Own::Restore(reply.map(|_| ()))),
    }
    None
}

/// Reads `{code, ex}` from an error answer: a missing or non-integer code reads as 20001,
/// a missing `ex` as "unknown error", an `ex` of another type as its msgpack text.
pub(crate) fn error_from_answer(payload: &[u8]) -> QuestError {
    let Ok([code, ex]) = msgpack::lookup(payload, ["code", "ex"]) else {
        return QuestError::from_server(codes::CORE_UNKNOWN_ERROR, "undecodable error answer");
    };
    let code = code
        .and_then(|c| c.as_i64().ok())
        .and_then(|c| i32::try_from(c).ok())
        .unwrap_or(codes::CORE_UNKNOWN_ERROR);
    let message = match ex {
        None => "unknown error".to_string(),
        Some(ex) => match ex.as_str_lossy() {
            Ok(text) => text.into_owned(),
            Err(_) => ex
                .as_i64()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "unknown error".into()),
        },
    };
    QuestError::from_server(code, message)
}

fn on_server_quest(
    quest: QuestFrame<'_>,
    outbuf: &mut Vec<u8>,
    jobs: &mut JobBatch<'_>,
    pushes: &PushBacklog,
) {
    let method = String::from_utf8_lossy(quest.method);
    let known = KNOWN_SERVER_METHODS.contains(&method.as_ref());
    if let Some(seq) = quest.seq {
        if known {
            encode_answer(outbuf, seq, 0, &[0x80]);
        } else {
            encode_error_answer(
                outbuf,
                seq,
                codes::CORE_UNKNOWN_METHOD,
                &format!("unknown method: {method}"),
            );
        }
    }
    if !known {
        tracing::debug!("server quest for unknown method {method}");
    }
    // Every server quest, twoway or oneway, known or not, goes on to the processor.
    if pushes.admit(quest.payload.len()) {
        jobs.push(Job::Push {
            method: method.into_owned(),
            payload: quest.payload.to_vec(),
            known,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_answers_tolerate_missing_and_odd_fields() {
        // {"code": 20004, "ex": 20004}: the Python SDK's bug.
        let odd = hex_payload("82a4636f6465cd4e24a26578cd4e24");
        assert_eq!(
            error_from_answer(&odd),
            QuestError::from_server(20004, "20004")
        );
        assert_eq!(
            error_from_answer(&[0x80]),
            QuestError::from_server(codes::CORE_UNKNOWN_ERROR, "unknown error")
        );
        assert_eq!(error_from_answer(&[0xc1]).code, codes::CORE_UNKNOWN_ERROR);
    }

    fn hex_payload(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }
}
