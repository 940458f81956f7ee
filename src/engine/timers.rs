//! Time on the I/O thread: when to wake next (the nearest call deadline, connect
//! deadline, reconnect attempt or keep-alive ping), and what to do when it is time.

use std::time::Instant;

use super::Completer;
use super::conn::{State, keep_alive_due};
use super::event_loop::EventLoop;
use super::pending::Pending;
use crate::config::{KEEP_ALIVE_MAX_MISSED, deadline_after};
use crate::error::QuestError;
use crate::wire::codec::{QuestBuilder, set_seq};

impl EventLoop {
    pub(super) fn next_wakeup(&mut self) -> Option<Instant> {
        let mut next = self.pending.next_deadline();
        let mut consider = |at: Option<Instant>| {
            if let Some(at) = at {
                next = Some(next.map_or(at, |n| n.min(at)));
            }
        };
        consider(self.connect_deadline.filter(|_| self.is_connecting()));
        consider(
            self.backoff
                .next_attempt()
                .filter(|_| matches!(self.state, State::Idle)),
        );
        if let (State::Connected(conn), Some(interval)) = (&self.state, self.config.keep_alive()) {
            consider(Some(keep_alive_due(
                conn,
                interval,
                self.config.keep_alive_timeout(),
            )));
        }
        next
    }

    pub(super) fn is_connecting(&self) -> bool {
        matches!(self.state, State::Connecting(_) | State::Resolving)
    }

    pub(super) fn on_timers(&mut self, now: Instant) {
        let mut handshake_expired = false;
        let mut queued_expired = false;
        for (_, pending) in self.pending.expire(now) {
            if matches!(pending.completer, Completer::Handshake) {
                handshake_expired = true;
                continue;
            }
            queued_expired |= pending.queued;
            let error = if pending.queued && matches!(self.state, State::Connected(_)) {
                QuestError::timeout(format!(
                    "timeout: the socket did not take the quest within {:?}; it was not sent",
                    pending.timeout()
                ))
            } else if pending.queued {
                let why = self
                    .last_connect_error
                    .as_deref()
                    .map(|e| format!(" (last connect error: {e})"))
                    .unwrap_or_default();
                QuestError::timeout(format!(
                    "timeout: no connection within {:?}; the quest was not sent{why}",
                    pending.timeout()
                ))
            } else {
                QuestError::timeout(format!("timeout: no answer within {:?}", pending.timeout()))
            };
            if matches!(pending.completer, Completer::Restore) {
                self.restore_outcome(Err(error));
                continue;
            }
            self.complete(pending.completer, Err(error));
        }
        if queued_expired {
            // Their frames will never be sent; they are dropped when room is needed or
            // when they reach the front of the queue (or, in the write batch, at the next
            // flush).
            self.ended_while_queued = true;
            self.recall_due = true;
        }
        if handshake_expired {
            let timeout = self.config.connect_timeout();
            self.connection_lost(format!("no answer to *key within {timeout:?}"), false);
        }
        if self.is_connecting() && self.connect_deadline.is_some_and(|d| d <= now) {
            if let State::Connecting(mut connecting) =
                std::mem::replace(&mut self.state, State::Idle)
            {
                let _ = self.poll.registry().deregister(&mut connecting.stream);
            }
            // A late resolution result for this attempt will be ignored.
            self.resolve_generation += 1;
            let timeout = self.config.connect_timeout();
            self.connect_failed(format!("connect timeout after {timeout:?}"));
        }
        if matches!(self.state, State::Idle) && self.backoff.take_due(now) {
            self.ensure_connecting();
        }
        self.keep_alive(now);
    }

    pub(super) fn keep_alive(&mut self, now: Instant) {
        let Some(interval) = self.config.keep_alive() else {
            return;
        };
        let ping_timeout = self.config.keep_alive_timeout();
        let State::Connected(conn) = &mut self.state else {
            return;
        };
        let silent = now.saturating_duration_since(conn.last_received);
        if silent > interval.saturating_add(ping_timeout.saturating_mul(KEEP_ALIVE_MAX_MISSED)) {
            self.connection_lost(
                format!("keep-alive: nothing received for {silent:?}"),
                false,
            );
            return;
        }
        if now >= keep_alive_due(conn, interval, ping_timeout) {
            let Ok(frame) = QuestBuilder::twoway("*ping").and_then(|b| b.finish(usize::MAX)) else {
                return;
            };
            let seq = self.pending.insert(Pending::new(
                deadline_after(now, ping_timeout),
                ping_timeout,
                Completer::Ping,
                false,
            ));
            let mut frame = frame;
            set_seq(&mut frame, seq);
            conn.writer.push(frame, Some(seq));
            conn.last_ping_sent = Some(now);
        }
    }
}
