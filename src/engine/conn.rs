//! The connection's state, apart from the loop that drives it: where the client is
//! (idle, resolving, connecting, connected), the state of one connection, and when the
//! next reconnect attempt and keep-alive ping are due. Nothing here touches a socket.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use mio::net::TcpStream;

use crate::config::{KEEP_ALIVE_MAX_MISSED, deadline_after};
use crate::transport::{FrameQueue, FrameReader};

/// A connection that dies younger than this counts as a failed connect for the backoff.
pub(super) const MIN_HEALTHY_CONNECTION: Duration = Duration::from_millis(1500);

pub(super) enum State {
    Idle,
    Resolving,
    Connecting(Connecting),
    Connected(Connection),
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
    /// The socket is registered for writability (it was full).
    pub(super) wants_writable: bool,
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
