//! Connecting, and the connection's end: resolving, connecting without blocking, the
//! encryption handshake, and what happens to the calls when a connect fails or a
//! connection is lost; also the socket's reads and writes.

use std::collections::VecDeque;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::{Duration, Instant};

use mio::Interest;
use mio::net::TcpStream;

use super::conn::{Connecting, Connection, State};
use super::event_loop::{EventLoop, SOCKET};
use super::pending::Pending;
use super::protocol::read_and_process;
use super::{Completer, Job};
use crate::config::deadline_after;
use crate::error::QuestError;
use crate::wire::transport::{FrameQueue, FrameReader};

impl EventLoop {
    /// Starts connecting when idle, unless a background reconnect is waiting for its time.
    pub(super) fn ensure_connecting(&mut self) {
        if !matches!(self.state, State::Idle) {
            return;
        }
        if !self.backoff.may_connect(Instant::now()) {
            return;
        }
        self.backoff.connect_now();
        self.connect_deadline = Some(deadline_after(
            Instant::now(),
            self.config.connect_timeout(),
        ));
        if let Ok(addr) = self.endpoint.parse::<SocketAddr>() {
            self.connect_to(VecDeque::from([addr]));
            return;
        }
        self.resolve_generation += 1;
        self.state = State::Resolving;
        let generation = self.resolve_generation;
        let endpoint = self.endpoint.to_string();
        let results = self.resolved_tx.clone();
        let waker = self.waker.clone();
        let spawned = std::thread::Builder::new()
            .name("rtm-resolve".into())
            .spawn(move || {
                let result = endpoint.to_socket_addrs().map(|a| a.collect());
                if results.send((generation, result)).is_ok() {
                    let _ = waker.wake();
                }
            });
        if let Err(e) = spawned {
            self.connect_failed(format!("cannot start name resolution: {e}"));
        }
    }

    pub(super) fn connect_to(&mut self, mut addrs: VecDeque<SocketAddr>) {
        let mut last_error = String::from("no address to connect to");
        while let Some(addr) = addrs.pop_front() {
            match TcpStream::connect(addr) {
                Ok(mut stream) => {
                    let interest = Interest::READABLE | Interest::WRITABLE;
                    if let Err(e) = self.poll.registry().register(&mut stream, SOCKET, interest) {
                        last_error = format!("cannot register the socket: {e}");
                        continue;
                    }
                    self.state = State::Connecting(Connecting {
                        stream,
                        addr,
                        rest: addrs,
                    });
                    return;
                }
                Err(e) => last_error = self.describe(addr, &e),
            }
        }
        self.connect_failed(last_error);
    }

    /// A connecting socket became ready: connected, failed, or not yet.
    pub(super) fn check_connecting(&mut self) {
        let State::Connecting(connecting) = &mut self.state else {
            return;
        };
        let error = match connecting.stream.take_error() {
            Ok(Some(e)) | Err(e) => Some(e),
            Ok(None) => match connecting.stream.peer_addr() {
                Ok(_) => None,
                Err(e) if e.kind() == io::ErrorKind::NotConnected => return,
                Err(e) => Some(e),
            },
        };
        let State::Connecting(mut connecting) = std::mem::replace(&mut self.state, State::Idle)
        else {
            unreachable!("checked above");
        };
        match error {
            None => self.connection_established(connecting.stream),
            Some(e) => {
                let _ = self.poll.registry().deregister(&mut connecting.stream);
                if connecting.rest.is_empty() {
                    let reason = self.describe(connecting.addr, &e);
                    self.connect_failed(reason);
                } else {
                    self.connect_to(connecting.rest);
                }
            }
        }
    }

    /// A connect error, naming the address when the endpoint is a name.
    pub(super) fn describe(&self, addr: SocketAddr, error: &io::Error) -> String {
        if addr.to_string() == *self.endpoint {
            error.to_string()
        } else {
            format!("{addr}: {error}")
        }
    }

    pub(super) fn connection_established(&mut self, stream: TcpStream) {
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {e}");
        }
        let now = Instant::now();
        let mut conn = Connection {
            id: self.connections_made + 1,
            stream,
            reader: FrameReader::new(),
            writer: FrameQueue::default(),
            established: now,
            last_received: now,
            last_ping_sent: None,
            is_reconnect: self.connections_made > 0,
            handshaking: false,
            restoring: None,
            restored_early: None,
            read_paused: false,
            // Bytes or the close may have come before this: read to `WouldBlock` first.
            peer_ended: true,
            // Registered for both while connecting; the first flush narrows it.
            wants_writable: true,
        };
        if let Err(reason) = self.start_encryption(&mut conn) {
            let _ = self.poll.registry().deregister(&mut conn.stream);
            self.connect_failed(reason);
            return;
        }
        self.connections_made += 1;
        self.connect_deadline = None;
        self.last_connect_error = None;
        // The listen state first (behind `*key`), then the calls made while disconnected:
        // a listen call among them applies on top of the restored state.
        self.restore_listen(&mut conn);
        self.queued_bytes = 0;
        for (seq, frame) in self.queued.drain(..) {
            if self.pending.get_mut(seq).is_some() {
                conn.writer.push(frame, Some(seq));
            }
        }
        tracing::debug!("connection {} to {} established", conn.id, self.endpoint);
        let handshaking = conn.handshaking;
        self.state = State::Connected(Box::new(conn));
        if !handshaking {
            self.announce_connected(false);
        }
        // Bytes may already be waiting (or the close); the edge has passed.
        self.read_socket();
    }

    /// Queues the quests that give the new connection the listen state the service had
    /// acknowledged: behind `*key`, before any call of the user.
    fn restore_listen(&mut self, conn: &mut Connection) {
        let quests = self.listen.lock().restore_quests(&self.config);
        if quests.is_empty() {
            return;
        }
        // The current default timeout; zero would end the restore at once, so the connect
        // timeout stands in for it then.
        let timeout = Some(self.default_timeout())
            .filter(|t| !t.is_zero())
            .unwrap_or_else(|| self.config.connect_timeout().max(Duration::from_secs(1)));
        let deadline = deadline_after(Instant::now(), timeout);
        let mut sent = 0;
        let mut error = None;
        for quest in quests {
            match quest {
                Ok(mut frame) => {
                    let pending = Pending::new(deadline, timeout, Completer::Restore, true);
                    let seq = self.pending.insert(pending);
                    crate::wire::codec::set_seq(&mut frame, seq);
                    conn.writer.push(frame, Some(seq));
                    sent += 1;
                }
                Err(e) => {
                    error.get_or_insert(e);
                }
            }
        }
        conn.restoring = Some(Box::new((sent, error)));
        if sent == 0
            && let Some(job) = conn.restore_outcome(Ok(()))
        {
            // Nothing could be sent: reported right after `connected`.
            conn.restored_early = Some(job);
        }
    }

    /// Counts the outcome of a restore quest that ended without an answer.
    pub(super) fn restore_outcome(&mut self, outcome: Result<(), QuestError>) {
        if let State::Connected(conn) = &mut self.state
            && let Some(job) = conn.restore_outcome(outcome)
        {
            let _ = self.jobs.send(job);
        }
    }

    /// The connection is usable (with encryption: the server accepted `*key`): tells the
    /// connection callback (unless `told`: the read that took the `*key` answer queued
    /// `connected` in order with that read's outcomes) and the `connect()` callers.
    fn announce_connected(&mut self, told: bool) {
        let State::Connected(conn) = &self.state else {
            return;
        };
        if let Some(shared) = &self.shared {
            shared.set_connection(conn.id);
        }
        tracing::info!(
            connection = conn.id,
            endpoint = %self.endpoint,
            reconnect = conn.is_reconnect,
            "connected"
        );
        if !told {
            let _ = self.jobs.send(Job::Connected {
                id: conn.id,
                endpoint: self.endpoint.clone(),
                is_reconnect: conn.is_reconnect,
            });
        }
        let restored = match &mut self.state {
            State::Connected(conn) => conn.restored_early.take(),
            _ => None,
        };
        if let Some(job) = restored {
            let _ = self.jobs.send(job);
        }
        for waiter in self.connect_waiters.drain(..) {
            let _ = waiter.send(Ok(()));
        }
    }

    /// Sends `*key` in plaintext and switches both directions to the cipher; the calls
    /// queued behind it go out encrypted at once (the server switches at the frame
    /// boundary).
    #[cfg(feature = "encryption")]
    pub(super) fn start_encryption(&mut self, conn: &mut Connection) -> Result<(), String> {
        use super::Completer;
        use super::pending::Pending;
        use crate::wire::codec::encode_quest;
        use crate::wire::crypto::{Decrypt, Encrypt, client_handshake};
        let Some(config) = self.config.encryption() else {
            return Ok(());
        };
        let handshake = client_handshake(config).map_err(|e| format!("encryption: {e}"))?;
        tracing::debug!(
            connection = conn.id,
            "sending *key: the encryption handshake"
        );
        let timeout = self.config.connect_timeout();
        let seq = self.pending.insert(Pending::new(
            deadline_after(Instant::now(), timeout),
            timeout,
            Completer::Handshake,
            false,
        ));
        let frame = encode_quest(Some(seq), "*key", &handshake.key_payload, usize::MAX)
            .map_err(|e| format!("encryption: {e}"))?;
        conn.writer.push_plain(frame);
        conn.writer
            .set_encrypt(Encrypt::new(&handshake.key, handshake.mode));
        conn.reader
            .set_decrypt(Decrypt::new(&handshake.key, handshake.mode));
        conn.handshaking = true;
        Ok(())
    }

    #[cfg(not(feature = "encryption"))]
    pub(super) fn start_encryption(&mut self, _conn: &mut Connection) -> Result<(), String> {
        Ok(())
    }

    pub(super) fn connect_failed(&mut self, reason: String) {
        tracing::warn!("cannot connect to {}: {reason}", self.endpoint);
        self.state = State::Idle;
        self.connect_deadline = None;
        let error =
            QuestError::not_connected(format!("cannot connect to {}: {reason}", self.endpoint));
        // With auto_reconnect the calls made meanwhile wait for a later attempt, each up to
        // its deadline (its timeout then names this error); without it, the attempt was
        // theirs and they end with it.
        if !self.config.auto_reconnect() {
            self.queued_bytes = 0;
            for (seq, _) in std::mem::take(&mut self.queued) {
                if let Some(pending) = self.pending.remove(seq) {
                    self.complete(pending.completer, Err(error.clone()));
                }
            }
        }
        for waiter in self.connect_waiters.drain(..) {
            let _ = waiter.send(Err(error.clone()));
        }
        self.last_connect_error = Some(reason);
        self.backoff.connect_failed(&self.config, Instant::now());
    }

    /// Ends the connection: every call in flight ends with 20002.
    pub(super) fn connection_lost(&mut self, cause: String, by_user: bool) {
        let State::Connected(mut conn) = std::mem::replace(&mut self.state, State::Idle) else {
            return;
        };
        let _ = self.poll.registry().deregister(&mut conn.stream);
        if let Some(shared) = &self.shared {
            shared.set_connection(0);
        }
        if by_user {
            tracing::debug!("connection {} closed: {cause}", conn.id);
        } else {
            tracing::warn!("connection {} to {} lost: {cause}", conn.id, self.endpoint);
        }
        let error = if conn.handshaking {
            QuestError::not_connected(format!(
                "encryption handshake failed with {}: {cause} (check the server key, curve and strength)",
                self.endpoint
            ))
        } else {
            QuestError::connection_closed(format!(
                "connection to {} closed: {cause}",
                self.endpoint
            ))
        };
        for (_, pending) in self.pending.drain() {
            if matches!(pending.completer, Completer::Restore) {
                // A connection that was never announced reports no restore either.
                if let Some(job) = conn.restore_outcome(Err(error.clone()))
                    && !conn.handshaking
                {
                    let _ = self.jobs.send(job);
                }
                continue;
            }
            self.complete(pending.completer, Err(error.clone()));
        }
        self.queued.clear();
        self.queued_bytes = 0;
        if conn.handshaking {
            // Never announced as connected: `connect()` fails, and no `closed` event.
            for waiter in self.connect_waiters.drain(..) {
                let _ = waiter.send(Err(error.clone()));
            }
            self.last_connect_error = Some(cause.clone());
        } else {
            // `*key` was accepted but the read that took it also found the end: the
            // `connect()` callers were not told yet.
            for waiter in self.connect_waiters.drain(..) {
                let _ = waiter.send(Err(error.clone()));
            }
            let _ = self.jobs.send(Job::Closed {
                id: conn.id,
                endpoint: self.endpoint.clone(),
                caused_by_error: !by_user,
                is_reconnect: conn.is_reconnect,
            });
        }
        let lived = conn.established.elapsed();
        if self
            .backoff
            .connection_lost(&self.config, Instant::now(), lived, by_user)
        {
            tracing::info!(endpoint = %self.endpoint, "reconnecting");
            self.ensure_connecting();
        }
    }

    // ---- socket I/O -------------------------------------------------------------------

    /// The socket is ready; `peer_ended` when the event says the peer closed its side or
    /// the socket failed.
    pub(super) fn on_socket_ready(&mut self, peer_ended: bool) {
        self.more_to_read = false;
        match &mut self.state {
            State::Connecting(_) => self.check_connecting(),
            State::Connected(conn) => {
                // After the peer's close, a short read no longer proves the socket drained:
                // the end of the stream waits behind it, with no further event.
                conn.peer_ended |= peer_ended;
                self.read_socket();
                self.flush();
            }
            State::Idle | State::Resolving => {}
        }
    }

    /// Reads what arrived until the socket would block, or until [`READ_BUDGET`] reads
    /// (then the loop comes back after a look at timers and the inbox).
    pub(super) fn read_socket(&mut self) {
        let State::Connected(conn) = &mut self.state else {
            return;
        };
        let was_handshaking = conn.handshaking;
        let outcome = read_and_process(
            conn,
            &self.decoder,
            &mut self.pending,
            &self.jobs,
            &self.pushes,
            &self.endpoint,
            self.config.max_send_buffer(),
        );
        let handshake_accepted = was_handshaking && !conn.handshaking;
        match outcome {
            Ok(drained) => self.more_to_read = !drained,
            Err(cause) => return self.connection_lost(cause, false),
        }
        if handshake_accepted {
            self.announce_connected(true);
        }
    }

    pub(super) fn flush(&mut self) {
        let State::Connected(conn) = &mut self.state else {
            return;
        };
        let pending = std::cell::RefCell::new(&mut self.pending);
        let now = Instant::now();
        // A call's frame goes out only while the call waits: not after it ended, nor once
        // its deadline passed (its timer ends it next), nor once nobody waits for it.
        let admit = |seq: u32| {
            let mut pending = pending.borrow_mut();
            let abandoned = match pending.get_mut(seq) {
                Some(p) if p.deadline > now => match &p.completer {
                    // A dropped async call (or a blocking caller gone): nobody waits.
                    Completer::Blocking(waiter) => waiter.is_closed(),
                    _ => false,
                },
                _ => return false,
            };
            if abandoned {
                pending.remove(seq);
                return false;
            }
            true
        };
        // Its first byte reached the kernel: the call's quest is sent.
        let committed = |seq: u32| {
            if let Some(p) = pending.borrow_mut().get_mut(seq) {
                p.queued = false;
            }
        };
        let recall = std::mem::take(&mut self.recall_due);
        let flushed = conn
            .writer
            .flush_to(&mut conn.stream, recall, admit, committed);
        // Room was made: read again what waited behind the answers.
        if conn.read_paused && conn.writer.answer_bytes() < self.config.max_send_buffer() {
            self.more_to_read = true;
        }
        match flushed {
            // Ask for writability only while the socket is full, so that acknowledged
            // bytes do not wake the loop for nothing.
            Ok(all_out) if all_out == conn.wants_writable => {
                conn.wants_writable = !all_out;
                let interest = if all_out {
                    Interest::READABLE
                } else {
                    Interest::READABLE | Interest::WRITABLE
                };
                if let Err(e) = self
                    .poll
                    .registry()
                    .reregister(&mut conn.stream, SOCKET, interest)
                {
                    self.connection_lost(format!("cannot watch the socket: {e}"), false);
                }
            }
            Ok(_) => {}
            Err(e) => self.connection_lost(format!("write failed: {e}"), false),
        }
    }
}
