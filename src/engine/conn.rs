//! The connection's state, apart from the loop that drives it: where the client is
//! (idle, resolving, connecting, connected), the state of one connection, and when the
//! next reconnect attempt and keep-alive ping are due. Nothing here touches a socket.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use mio::net::TcpStream;

use super::Job;
use crate::config::{ClientConfig, KEEP_ALIVE_MAX_MISSED, deadline_after};
use crate::error::QuestError;
use crate::wire::transport::{FrameQueue, FrameReader};

/// A connection that dies younger than this counts as a failed connect for the backoff.
pub(super) const MIN_HEALTHY_CONNECTION: Duration = Duration::from_millis(1500);

pub(super) enum State {
    Idle,
    Resolving,
    Connecting(Connecting),
    Connected(Box<Connection>),
}

pub(super) struct Connecting {
    pub(super) stream: TcpStream,
    pub(super) addr: SocketAddr,
    pub(super) rest: VecDeque<SocketAddr>,
}

pub(super) struct Connection {
    pub(super) id: u64,
    pub(super) stream: TcpStream,
    pub(super) reader: FrameReader,
    pub(super) writer: FrameQueue,
    pub(super) established: Instant,
    pub(super) last_received: Instant,
    pub(super) last_ping_sent: Option<Instant>,
    pub(super) is_reconnect: bool,
    /// The `*key` answer has not come yet.
    pub(super) handshaking: bool,
    /// Read to `WouldBlock`, not to a short read: the peer closed (or the connection is
    /// new and its first bytes may have come before it was watched).
    pub(super) peer_ended: bool,
    /// The socket is registered for writability (it was full).
    pub(super) wants_writable: bool,
    /// The listen state is being restored: how many quests are still out, the first error.
    pub(super) restoring: Option<Box<(usize, Option<QuestError>)>>,
    /// The restore ended before the server accepted `*key`: reported right after
    /// `connected`, never before it (and never for a handshake that failed).
    pub(super) restored_early: Option<Job>,
    /// Reading stopped because the answers to the server's quests fill the send buffer:
    /// the server is not reading, and TCP pushes back on it until it does.
    pub(super) read_paused: bool,
}

impl Connection {
    /// Counts one restore quest's outcome; the job that reports the restore once all ended.
    pub fn restore_outcome(&mut self, outcome: Result<(), QuestError>) -> Option<Job> {
        let (left, error) = &mut **self.restoring.as_mut()?;
        *left = left.saturating_sub(1);
        if let Err(e) = outcome {
            error.get_or_insert(e);
        }
        if *left > 0 {
            return None;
        }
        let (_, error) = *self.restoring.take()?;
        match &error {
            None => tracing::info!(connection = self.id, "listen state restored"),
            Some(e) => tracing::warn!(connection = self.id, "listen state not restored: {e}"),
        }
        let job = Job::ListenRestored { id: self.id, error };
        if self.handshaking {
            self.restored_early = Some(job);
            return None;
        }
        Some(job)
    }
}

/// When the next `*ping` is due: after `interval` of silence, then every `ping_timeout`.
pub(super) fn keep_alive_due(
    conn: &Connection,
    interval: Duration,
    ping_timeout: Duration,
) -> Instant {
    let idle_at = deadline_after(conn.last_received, interval);
    let lost_at = deadline_after(idle_at, ping_timeout.saturating_mul(KEEP_ALIVE_MAX_MISSED));
    let ping_at = match conn.last_ping_sent {
        Some(sent) if sent >= conn.last_received => idle_at.max(deadline_after(sent, ping_timeout)),
        _ => idle_at,
    };
    ping_at.min(lost_at)
}

/// When to try connecting again: the reconnect state machine, with no socket. In lazy mode
/// (no `auto_reconnect`) it never schedules anything: the next call connects. With
/// `auto_reconnect`, a failed connect or a lost connection schedules the next attempt
/// after [`ClientConfig::reconnect_delay`]; a connection that lived less than
/// [`MIN_HEALTHY_CONNECTION`] counts as a failure, a longer one starts the count again.
/// An explicit `connect()` or `reconnect()` cuts any wait short.
#[derive(Debug, Default)]
pub(super) struct Backoff {
    failures: u32,
    next_attempt: Option<Instant>,
}

impl Backoff {
    /// True when a connect may start now (no scheduled attempt in the future).
    pub fn may_connect(&self, now: Instant) -> bool {
        self.next_attempt.is_none_or(|at| at <= now)
    }

    /// The scheduled attempt, if one waits.
    pub fn next_attempt(&self) -> Option<Instant> {
        self.next_attempt
    }

    /// The user asked to connect: no more waiting.
    pub fn connect_now(&mut self) {
        self.next_attempt = None;
    }

    /// A scheduled attempt is due at `now`: takes it (true) or says it is not time (false).
    pub fn take_due(&mut self, now: Instant) -> bool {
        let due = self.next_attempt.is_some_and(|at| at <= now);
        if due {
            self.next_attempt = None;
        }
        due
    }

    /// A connect attempt failed.
    pub fn connect_failed(&mut self, config: &ClientConfig, now: Instant) {
        if config.auto_reconnect() {
            let delay = config.reconnect_delay(self.failures);
            self.failures = self.failures.saturating_add(1);
            self.next_attempt = Some(deadline_after(now, delay));
        }
    }

    /// A connection ended after living `lived`. True when the client should reconnect by
    /// itself (auto mode, not closed by the user).
    pub fn connection_lost(
        &mut self,
        config: &ClientConfig,
        now: Instant,
        lived: Duration,
        by_user: bool,
    ) -> bool {
        if !config.auto_reconnect() || by_user {
            return false;
        }
        if lived < MIN_HEALTHY_CONNECTION {
            self.failures = self.failures.saturating_add(1);
        } else {
            self.failures = 0;
        }
        self.next_attempt = Some(deadline_after(now, config.reconnect_delay(self.failures)));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto() -> ClientConfig {
        ClientConfig::builder("h:1", 1, "s")
            .auto_reconnect(true)
            .reconnect_backoff(2, Duration::from_millis(100), Duration::from_secs(1), 2.0)
            .build()
    }

    #[test]
    fn lazy_mode_never_schedules_an_attempt() {
        let config = ClientConfig::new("h:1", 1, "s");
        let mut backoff = Backoff::default();
        let now = Instant::now();
        backoff.connect_failed(&config, now);
        assert!(!backoff.connection_lost(&config, now, Duration::ZERO, false));
        assert!(backoff.may_connect(now));
        assert_eq!(backoff.next_attempt(), None);
    }

    #[test]
    fn failed_connects_retry_at_once_then_back_off_to_the_cap() {
        let config = auto();
        let mut backoff = Backoff::default();
        let now = Instant::now();
        let mut delays = Vec::new();
        for _ in 0..7 {
            backoff.connect_failed(&config, now);
            delays.push(backoff.next_attempt().unwrap() - now);
            assert!(backoff.take_due(now + Duration::from_secs(2)));
        }
        let ms: Vec<u128> = delays.iter().map(Duration::as_millis).collect();
        assert_eq!(ms, [0, 0, 100, 200, 400, 800, 1000]);
    }

    #[test]
    fn a_huge_count_of_immediate_attempts_still_backs_off() {
        let config = ClientConfig::builder("h:1", 1, "s")
            .auto_reconnect(true)
            .reconnect_backoff(
                u32::MAX,
                Duration::from_millis(100),
                Duration::from_secs(1),
                2.0,
            )
            .build();
        let mut backoff = Backoff::default();
        let now = Instant::now();
        let mut immediate = 0;
        for _ in 0..1000 {
            backoff.connect_failed(&config, now);
            if backoff.next_attempt() == Some(now) {
                immediate += 1;
                assert!(backoff.take_due(now));
            } else {
                break;
            }
        }
        assert_eq!(immediate, crate::config::MAX_RECONNECT_IMMEDIATE_ATTEMPTS);
        assert!(!backoff.may_connect(now), "the next attempt waits");
    }

    #[test]
    fn a_short_lived_connection_counts_as_a_failure_and_a_long_one_resets() {
        let config = auto();
        let mut backoff = Backoff::default();
        let now = Instant::now();
        for _ in 0..3 {
            assert!(backoff.connection_lost(&config, now, Duration::from_millis(10), false));
        }
        // Three short lives: past the two immediate attempts.
        assert_eq!(
            backoff.next_attempt().unwrap() - now,
            Duration::from_millis(200)
        );
        assert!(!backoff.may_connect(now));
        assert!(backoff.connection_lost(&config, now, MIN_HEALTHY_CONNECTION, false));
        assert_eq!(backoff.next_attempt(), Some(now));
        assert!(backoff.may_connect(now));
    }

    #[test]
    fn a_user_close_schedules_nothing_and_connect_now_cuts_a_wait() {
        let config = auto();
        let mut backoff = Backoff::default();
        let now = Instant::now();
        assert!(!backoff.connection_lost(&config, now, Duration::ZERO, true));
        assert_eq!(backoff.next_attempt(), None);
        for _ in 0..5 {
            backoff.connect_failed(&config, now);
        }
        assert!(!backoff.may_connect(now));
        assert!(!backoff.take_due(now));
        backoff.connect_now();
        assert!(backoff.may_connect(now));
    }
}
