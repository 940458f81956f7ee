//! The `rtm-io` thread. It owns the poller, the socket, the buffers, the table of calls in
//! flight and every deadline; nothing here is shared, so nothing is locked. It never runs
//! user code: outcomes go to blocking waiters through one-shot channels, and to callbacks
//! through the callback thread.

use std::collections::VecDeque;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TryRecvError};
use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token, Waker};
use parking_lot::RwLock;

use super::pending::{Pending, PendingTable};
use super::{Command, Completer, Job, Quest, Reply};
use crate::codec::{
    AnswerFrame, Frame, FrameDecoder, QuestBuilder, QuestFrame, encode_answer, encode_error_answer,
    msgpack, set_seq,
};
use crate::config::{ClientConfig, KEEP_ALIVE_MAX_MISSED, deadline_after};
use crate::error::{QuestError, codes};
use crate::transport::{FrameQueue, FrameReader};

const WAKER: Token = Token(0);
const SOCKET: Token = Token(1);
/// Reads of the socket per wake-up at most (64 KiB or more each), so that a server that
/// streams cannot starve timers and new calls.
const READ_BUDGET: usize = 16;
/// Commands taken from the inbox per wake-up at most.
const INBOX_BUDGET: usize = 4096;
/// A connection that dies younger than this counts as a failed connect for the backoff.
const MIN_HEALTHY_CONNECTION: Duration = Duration::from_millis(1500);

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

enum State {
    Idle,
    Resolving,
    Connecting(Connecting),
    Connected(Connection),
}

struct Connecting {
    stream: TcpStream,
    addr: SocketAddr,
    rest: VecDeque<SocketAddr>,
}

struct Connection {
    id: u64,
    stream: TcpStream,
    reader: FrameReader,
    writer: FrameQueue,
    established: Instant,
    last_received: Instant,
    last_ping_sent: Option<Instant>,
    is_reconnect: bool,
    /// The `*key` answer has not come yet.
    handshaking: bool,
    /// The socket is registered for writability (it was full).
    wants_writable: bool,
}

pub(crate) struct EventLoop {
    poll: Poll,
    waker: Arc<Waker>,
    /// Set by a caller that woke the loop; cleared before the loop looks at its inbox, so
    /// callers wake it only when it may be asleep.
    notified: Arc<AtomicBool>,
    commands: Receiver<Command>,
    resolved_tx: Sender<(u64, io::Result<Vec<SocketAddr>>)>,
    resolved_rx: Receiver<(u64, io::Result<Vec<SocketAddr>>)>,
    jobs: Sender<Job>,
    config: Arc<ClientConfig>,
    endpoint: Arc<str>,
    decoder: FrameDecoder,
    pending: PendingTable,
    /// Quests waiting for a connection, oldest first (those whose call ended are skipped).
    queued: VecDeque<(u32, Vec<u8>)>,
    /// The bytes of `queued`.
    queued_bytes: usize,
    /// A call ended while its frame was still queued: a purge may free room.
    ended_while_queued: bool,
    state: State,
    connections_made: u64,
    /// The socket was not read to `WouldBlock` (budget spent): read again without waiting.
    more_to_read: bool,
    /// The inbox was not emptied (budget spent).
    more_in_inbox: bool,
    resolve_generation: u64,
    connect_deadline: Option<Instant>,
    connect_waiters: Vec<Sender<Result<(), QuestError>>>,
    last_connect_error: Option<String>,
    reconnect_failures: u32,
    next_attempt: Option<Instant>,
}

/// The thread body: runs the loop; whatever way it ends (close or panic), closes the gate
/// and ends every call still in flight or still in the inbox.
pub(crate) fn run(mut event_loop: EventLoop, gate: Arc<RwLock<Option<Sender<Command>>>>) {
    let outcome = catch_unwind(AssertUnwindSafe(|| event_loop.run()));
    let reason = match &outcome {
        Ok(()) => "client closed".to_string(),
        Err(panic) => {
            let message = super::dispatch::panic_message(panic).to_string();
            log::error!("the I/O thread failed: {message}");
            format!("I/O thread failed: {message}")
        }
    };
    drop(gate.write().take());
    let finished = catch_unwind(AssertUnwindSafe(|| event_loop.shutdown(&reason)));
    if finished.is_err() {
        log::error!("the I/O thread failed while shutting down");
    }
}

impl EventLoop {
    pub fn new(
        config: Arc<ClientConfig>,
        commands: Receiver<Command>,
        jobs: Sender<Job>,
    ) -> io::Result<EventLoop> {
        let poll = Poll::new()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        let (resolved_tx, resolved_rx) = crossbeam_channel::unbounded();
        Ok(EventLoop {
            poll,
            waker,
            notified: Arc::new(AtomicBool::new(false)),
            commands,
            resolved_tx,
            resolved_rx,
            jobs,
            endpoint: Arc::from(config.endpoint()),
            decoder: FrameDecoder::new(config.max_frame_len()),
            config,
            pending: PendingTable::default(),
            queued: VecDeque::new(),
            queued_bytes: 0,
            ended_while_queued: false,
            state: State::Idle,
            connections_made: 0,
            more_to_read: false,
            more_in_inbox: false,
            resolve_generation: 0,
            connect_deadline: None,
            connect_waiters: Vec::new(),
            last_connect_error: None,
            reconnect_failures: 0,
            next_attempt: None,
        })
    }

    pub fn waker(&self) -> (Arc<Waker>, Arc<AtomicBool>) {
        (self.waker.clone(), self.notified.clone())
    }

    fn run(&mut self) {
        let mut events = Events::with_capacity(64);
        loop {
            let timeout = if self.more_to_read || self.more_in_inbox {
                // Work was left for fairness: look at timers and events, then go on.
                Some(Duration::ZERO)
            } else {
                self.next_wakeup()
                    .map(|at| at.saturating_duration_since(Instant::now()))
            };
            if let Err(e) = self.poll.poll(&mut events, timeout) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                panic!("poll failed: {e}");
            }
            let socket_event = events.iter().any(|e| e.token() == SOCKET);
            if socket_event || self.more_to_read {
                self.on_socket_ready();
            }
            if !self.drain_inbox() {
                return;
            }
            self.on_timers(Instant::now());
            self.flush();
        }
    }

    /// Takes the commands waiting (at most [`INBOX_BUDGET`]); false once the client is
    /// closed.
    fn drain_inbox(&mut self) -> bool {
        // Pairs with the fence in `Engine::submit`: either this drain sees a caller's
        // command, or that caller sees `false` and wakes the loop.
        self.notified.store(false, Ordering::SeqCst);
        std::sync::atomic::fence(Ordering::SeqCst);
        self.more_in_inbox = false;
        while let Ok((generation, result)) = self.resolved_rx.try_recv() {
            if generation == self.resolve_generation && matches!(self.state, State::Resolving) {
                match result {
                    Ok(addrs) if !addrs.is_empty() => self.connect_to(addrs.into()),
                    Ok(_) => self.connect_failed("the name resolved to no address".into()),
                    Err(e) => self.connect_failed(format!("cannot resolve: {e}")),
                }
            }
        }
        for _ in 0..INBOX_BUDGET {
            match self.commands.try_recv() {
                Ok(command) => self.on_command(command),
                Err(TryRecvError::Empty) => return true,
                Err(TryRecvError::Disconnected) => return false,
            }
        }
        self.more_in_inbox = true;
        true
    }

    fn on_command(&mut self, command: Command) {
        match command {
            Command::Quest(quest) => self.on_quest(quest),
            Command::Connect(reply) => match self.state {
                State::Connected(_) => {
                    let _ = reply.send(Ok(()));
                }
                _ => {
                    self.connect_waiters.push(reply);
                    self.next_attempt = None;
                    self.ensure_connecting();
                }
            },
            Command::Reconnect => {
                if matches!(self.state, State::Connected(_)) {
                    self.connection_lost("reconnect requested".into(), true);
                }
                self.next_attempt = None;
                self.ensure_connecting();
            }
        }
    }

    fn on_quest(&mut self, quest: Quest) {
        let Quest {
            mut frame,
            deadline,
            timeout,
            completer,
        } = quest;
        if deadline <= Instant::now() {
            let error = QuestError::timeout(format!(
                "timeout: the deadline ({timeout:?}) passed before the quest was sent"
            ));
            self.complete(completer, Err(error));
            return;
        }
        if let Some(error) = self.refuse_when_full(frame.len()) {
            self.complete(completer, Err(error));
            return;
        }
        let seq = self
            .pending
            .insert(Pending::new(deadline, timeout, completer, true));
        set_seq(&mut frame, seq);
        if let State::Connected(conn) = &mut self.state {
            conn.writer.push(frame, Some(seq));
            return;
        }
        self.queued_bytes += frame.len();
        self.queued.push_back((seq, frame));
        self.ensure_connecting();
    }

    /// 20007 when a quest of `len` bytes does not fit: the bytes held for the socket (or,
    /// while disconnected, the calls and bytes waiting for a connection) are at their cap.
    /// Frames of calls that ended are dropped first.
    fn refuse_when_full(&mut self, len: usize) -> Option<QuestError> {
        let cap = self.config.max_send_buffer();
        let pending = &mut self.pending;
        if let State::Connected(conn) = &mut self.state {
            let fits = |held: usize| held == 0 || held + len <= cap;
            if !fits(conn.writer.held_bytes()) && self.ended_while_queued {
                self.ended_while_queued = false;
                conn.writer.retain(|seq| pending.get_mut(seq).is_some());
            }
            if fits(conn.writer.held_bytes()) {
                return None;
            }
            return Some(QuestError::new(
                codes::CORE_SEND_ERROR,
                format!(
                    "send queue full: {} bytes already wait for the socket (max_send_buffer {cap})",
                    conn.writer.held_bytes()
                ),
            ));
        }
        let full = |count: usize, bytes: usize| {
            count >= self.config.max_queued_quests() || (bytes > 0 && bytes + len > cap)
        };
        if full(self.queued.len(), self.queued_bytes) && self.ended_while_queued {
            self.ended_while_queued = false;
            self.queued
                .retain(|(seq, _)| pending.get_mut(*seq).is_some());
            self.queued_bytes = self.queued.iter().map(|(_, f)| f.len()).sum();
        }
        if !full(self.queued.len(), self.queued_bytes) {
            return None;
        }
        Some(QuestError::new(
            codes::CORE_SEND_ERROR,
            format!(
                "send queue full: {} calls ({} bytes) already wait for a connection",
                self.queued.len(),
                self.queued_bytes
            ),
        ))
    }

    fn complete(&self, completer: Completer, reply: Reply) {
        match completer {
            Completer::Blocking(waiter) => {
                // A one-shot send never blocks; a waiter that gave up is gone.
                let _ = waiter.send(reply);
            }
            Completer::Callback(callback) => {
                if self.jobs.send(Job::Complete(callback, reply)).is_err() {
                    log::error!("the callback thread is gone; a callback was not run");
                }
            }
            Completer::Ping => {
                if let Err(e) = reply {
                    log::debug!("keep-alive ping failed: {e}");
                }
            }
            Completer::Handshake => {
                if let Err(e) = reply {
                    log::debug!("encryption handshake ended: {e}");
                }
            }
        }
    }

    // ---- connecting -------------------------------------------------------------------

    /// Starts connecting when idle, unless a background reconnect is waiting for its time.
    fn ensure_connecting(&mut self) {
        if !matches!(self.state, State::Idle) {
            return;
        }
        if self.next_attempt.is_some_and(|at| at > Instant::now()) {
            return;
        }
        self.next_attempt = None;
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

    fn connect_to(&mut self, mut addrs: VecDeque<SocketAddr>) {
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
    fn check_connecting(&mut self) {
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
    fn describe(&self, addr: SocketAddr, error: &io::Error) -> String {
        if addr.to_string() == *self.endpoint {
            error.to_string()
        } else {
            format!("{addr}: {error}")
        }
    }

    fn connection_established(&mut self, stream: TcpStream) {
        if let Err(e) = stream.set_nodelay(true) {
            log::debug!("cannot set TCP_NODELAY: {e}");
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
        self.queued_bytes = 0;
        for (seq, frame) in self.queued.drain(..) {
            if self.pending.get_mut(seq).is_some() {
                conn.writer.push(frame, Some(seq));
            }
        }
        log::debug!("connection {} to {} established", conn.id, self.endpoint);
        let _ = self.jobs.send(Job::Connected {
            id: conn.id,
            endpoint: self.endpoint.clone(),
            is_reconnect: conn.is_reconnect,
        });
        self.state = State::Connected(conn);
        for waiter in self.connect_waiters.drain(..) {
            let _ = waiter.send(Ok(()));
        }
        // Bytes may already be waiting (or the close); the edge has passed.
        self.read_socket();
    }

    /// Sends `*key` in plaintext and switches both directions to the cipher; the calls
    /// queued behind it go out encrypted at once (the server switches at the frame
    /// boundary).
    #[cfg(feature = "encryption")]
    fn start_encryption(&mut self, conn: &mut Connection) -> Result<(), String> {
        use crate::codec::encode_quest;
        use crate::crypto::{Decrypt, Encrypt, client_handshake};
        let Some(config) = self.config.encryption() else {
            return Ok(());
        };
        let handshake = client_handshake(config).map_err(|e| format!("encryption: {e}"))?;
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
    fn start_encryption(&mut self, _conn: &mut Connection) -> Result<(), String> {
        Ok(())
    }

    fn connect_failed(&mut self, reason: String) {
        log::warn!("cannot connect to {}: {reason}", self.endpoint);
        self.state = State::Idle;
        self.connect_deadline = None;
        let error =
            QuestError::not_connected(format!("cannot connect to {}: {reason}", self.endpoint));
        self.queued_bytes = 0;
        for (seq, _) in std::mem::take(&mut self.queued) {
            if let Some(pending) = self.pending.remove(seq) {
                self.complete(pending.completer, Err(error.clone()));
            }
        }
        for waiter in self.connect_waiters.drain(..) {
            let _ = waiter.send(Err(error.clone()));
        }
        self.last_connect_error = Some(reason);
        if self.config.auto_reconnect() {
            let delay = self.config.reconnect_delay(self.reconnect_failures);
            self.reconnect_failures = self.reconnect_failures.saturating_add(1);
            self.next_attempt = Some(deadline_after(Instant::now(), delay));
        }
    }

    /// Ends the connection: every call in flight ends with 20002.
    fn connection_lost(&mut self, cause: String, by_user: bool) {
        let State::Connected(mut conn) = std::mem::replace(&mut self.state, State::Idle) else {
            return;
        };
        let _ = self.poll.registry().deregister(&mut conn.stream);
        if by_user {
            log::debug!("connection {} closed: {cause}", conn.id);
        } else {
            log::warn!("connection {} to {} lost: {cause}", conn.id, self.endpoint);
        }
        let error = if conn.handshaking {
            QuestError::not_connected(format!(
                "encryption handshake failed: {cause} (check the server key, curve and strength)"
            ))
        } else {
            QuestError::connection_closed(format!("connection closed: {cause}"))
        };
        for (_, pending) in self.pending.drain() {
            self.complete(pending.completer, Err(error.clone()));
        }
        self.queued.clear();
        self.queued_bytes = 0;
        let _ = self.jobs.send(Job::Closed {
            id: conn.id,
            endpoint: self.endpoint.clone(),
            caused_by_error: !by_user,
            is_reconnect: conn.is_reconnect,
        });
        if self.config.auto_reconnect() && !by_user {
            if conn.established.elapsed() < MIN_HEALTHY_CONNECTION {
                self.reconnect_failures = self.reconnect_failures.saturating_add(1);
            } else {
                self.reconnect_failures = 0;
            }
            let delay = self.config.reconnect_delay(self.reconnect_failures);
            self.next_attempt = Some(deadline_after(Instant::now(), delay));
            self.ensure_connecting();
        }
    }

    // ---- socket I/O -------------------------------------------------------------------

    fn on_socket_ready(&mut self) {
        self.more_to_read = false;
        match self.state {
            State::Connecting(_) => self.check_connecting(),
            State::Connected(_) => {
                self.read_socket();
                self.flush();
            }
            State::Idle | State::Resolving => {}
        }
    }

    /// Reads what arrived until the socket would block, or until [`READ_BUDGET`] reads
    /// (then the loop comes back after a look at timers and the inbox).
    fn read_socket(&mut self) {
        let State::Connected(conn) = &mut self.state else {
            return;
        };
        match read_and_process(conn, &self.decoder, &mut self.pending, &self.jobs) {
            Ok(drained) => self.more_to_read = !drained,
            Err(cause) => self.connection_lost(cause, false),
        }
    }

    fn flush(&mut self) {
        let State::Connected(conn) = &mut self.state else {
            return;
        };
        let pending = &mut self.pending;
        let now = Instant::now();
        // A call's frame goes out only while the call waits: not after it ended, nor once
        // its deadline passed (its timer ends it next).
        let admit = |seq: u32| match pending.get_mut(seq) {
            Some(p) if p.deadline > now => {
                p.queued = false;
                true
            }
            _ => false,
        };
        match conn.writer.flush_to(&mut conn.stream, admit) {
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

    // ---- time -------------------------------------------------------------------------

    fn next_wakeup(&mut self) -> Option<Instant> {
        let mut next = self.pending.next_deadline();
        let mut consider = |at: Option<Instant>| {
            if let Some(at) = at {
                next = Some(next.map_or(at, |n| n.min(at)));
            }
        };
        consider(self.connect_deadline.filter(|_| self.is_connecting()));
        consider(
            self.next_attempt
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

    fn is_connecting(&self) -> bool {
        matches!(self.state, State::Connecting(_) | State::Resolving)
    }

    fn on_timers(&mut self, now: Instant) {
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
            self.complete(pending.completer, Err(error));
        }
        if queued_expired {
            // Their frames will never be sent; they are dropped when room is needed or
            // when they reach the front of the queue.
            self.ended_while_queued = true;
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
        if matches!(self.state, State::Idle) && self.next_attempt.is_some_and(|at| at <= now) {
            self.next_attempt = None;
            self.ensure_connecting();
        }
        self.keep_alive(now);
    }

    fn keep_alive(&mut self, now: Instant) {
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

    /// Ends everything: the connection, the calls in flight, the calls still in the inbox.
    fn shutdown(&mut self, reason: &str) {
        if matches!(self.state, State::Connected(_)) {
            self.connection_lost(reason.to_string(), true);
        }
        if let State::Connecting(mut connecting) = std::mem::replace(&mut self.state, State::Idle) {
            let _ = self.poll.registry().deregister(&mut connecting.stream);
        }
        let error = QuestError::connection_closed(reason);
        for (_, pending) in self.pending.drain() {
            self.complete(pending.completer, Err(error.clone()));
        }
        self.queued.clear();
        for waiter in self.connect_waiters.drain(..) {
            let _ = waiter.send(Err(error.clone()));
        }
        while let Ok(command) = self.commands.try_recv() {
            match command {
                Command::Quest(quest) => self.complete(quest.completer, Err(error.clone())),
                Command::Connect(waiter) => {
                    let _ = waiter.send(Err(error.clone()));
                }
                Command::Reconnect => {}
            }
        }
    }
}

/// When the next `*ping` is due: after `interval` of silence, then every `ping_timeout`.
fn keep_alive_due(conn: &Connection, interval: Duration, ping_timeout: Duration) -> Instant {
    let idle_at = deadline_after(conn.last_received, interval);
    let lost_at = deadline_after(idle_at, ping_timeout.saturating_mul(KEEP_ALIVE_MAX_MISSED));
    let ping_at = match conn.last_ping_sent {
        Some(sent) if sent >= conn.last_received => idle_at.max(deadline_after(sent, ping_timeout)),
        _ => idle_at,
    };
    ping_at.min(lost_at)
}

/// Reads until the socket is drained (`Ok(true)`: a read returned `WouldBlock`, or came up
/// short where that proves it, see `SHORT_READ_DRAINS`) or the budget is spent
/// (`Ok(false)`: the loop comes back without waiting for an event), handling every whole
/// frame.
fn read_and_process(
    conn: &mut Connection,
    decoder: &FrameDecoder,
    pending: &mut PendingTable,
    jobs: &Sender<Job>,
) -> Result<bool, String> {
    for _ in 0..READ_BUDGET {
        match conn.reader.read_from(&mut conn.stream, decoder) {
            Ok((0, _)) => return Err("closed by the server".into()),
            Ok((_, drained)) => {
                conn.last_received = Instant::now();
                process_frames(conn, decoder, pending, jobs)?;
                if drained {
                    return Ok(true);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(true),
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
    jobs: &Sender<Job>,
) -> Result<(), String> {
    let mut scratch = Vec::new();
    while let Some(frame) = conn
        .reader
        .next_frame(decoder)
        .map_err(|e| format!("protocol error: {e}"))?
    {
        match frame {
            Frame::Answer(answer) => {
                if let Some(handshake) = on_answer(answer, pending, jobs) {
                    handshake.map_err(|e| format!("the server refused *key: {e}"))?;
                    conn.handshaking = false;
                }
            }
            Frame::Quest(quest) => {
                scratch.clear();
                on_server_quest(quest, &mut scratch, jobs);
                if !scratch.is_empty() {
                    conn.writer.push(std::mem::take(&mut scratch), None);
                }
            }
        }
    }
    Ok(())
}

/// Completes the call an answer belongs to; for the `*key` answer, returns its outcome.
fn on_answer(
    answer: AnswerFrame<'_>,
    pending: &mut PendingTable,
    jobs: &Sender<Job>,
) -> Option<Result<(), QuestError>> {
    let Some(entry) = pending.remove(answer.seq) else {
        log::debug!(
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
            let _ = jobs.send(Job::Complete(callback, reply));
        }
        Completer::Ping => {}
        Completer::Handshake => return Some(reply.map(|_| ())),
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

fn on_server_quest(quest: QuestFrame<'_>, outbuf: &mut Vec<u8>, jobs: &Sender<Job>) {
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
    if known && method != "ping" {
        let _ = jobs.send(Job::Push {
            method: method.into_owned(),
            payload: quest.payload.to_vec(),
        });
    } else if !known {
        log::debug!("server quest for unknown method {method}");
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
