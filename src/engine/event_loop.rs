//! The `rtm-io` thread. It owns the poller, the socket, the buffers, the table of calls in
//! flight and every deadline; nothing here is shared, so nothing is locked. It never runs
//! user code: outcomes go to blocking waiters through one-shot channels, and to callbacks
//! through the callback thread.

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TryRecvError};
use mio::{Events, Poll, Token, Waker};
use parking_lot::RwLock;

use super::conn::{Backoff, State};
use super::dispatch::JobSender;
use super::pending::{Pending, PendingTable};
use super::{
    Command, Completer, DEFERRED_WAKE_BOUND, Job, PushBacklog, Quest, Reply, Shared, WakeHandle,
};
use crate::config::ClientConfig;
use crate::error::{QuestError, codes};
use crate::wire::codec::{FrameDecoder, set_seq};

pub(super) const WAKER: Token = Token(0);
pub(super) const SOCKET: Token = Token(1);
/// Commands taken from the inbox per wake-up at most.
const INBOX_BUDGET: usize = 4096;

pub(crate) struct EventLoop {
    pub(super) poll: Poll,
    pub(super) waker: Arc<Waker>,
    /// Its `notified` is set by a caller that woke the loop and cleared before the loop
    /// looks at its inbox, so callers wake it only when it may be asleep; see also
    /// [`WakeHandle::defer`].
    pub(super) wake: Arc<WakeHandle>,
    /// The last sleep was bounded for the callback thread's sake and nothing came.
    pub(super) bound_expired_idle: bool,
    pub(super) commands: Receiver<Command>,
    pub(super) resolved_tx: Sender<(u64, io::Result<Vec<SocketAddr>>)>,
    pub(super) resolved_rx: Receiver<(u64, io::Result<Vec<SocketAddr>>)>,
    pub(super) jobs: JobSender,
    /// The bound on pushes waiting for the callback thread.
    pub(super) pushes: Arc<PushBacklog>,
    /// What the service acknowledged the client listens to: restored on every connection.
    pub(super) listen: crate::engine::listen::SharedListen,
    pub(super) config: Arc<ClientConfig>,
    pub(super) endpoint: Arc<str>,
    pub(super) decoder: FrameDecoder,
    pub(super) pending: PendingTable,
    /// Quests waiting for a connection, oldest first (those whose call ended are skipped).
    pub(super) queued: VecDeque<(u32, Vec<u8>)>,
    /// The bytes of `queued`.
    pub(super) queued_bytes: usize,
    /// A call ended while its frame was still queued: a purge may free room.
    pub(super) ended_while_queued: bool,
    /// A call ended before its frame's first byte was written: the next flush takes its
    /// frame back out of the write batch.
    pub(super) recall_due: bool,
    pub(super) state: State,
    pub(super) connections_made: u64,
    /// The socket was not read to `WouldBlock` (budget spent): read again without waiting.
    pub(super) more_to_read: bool,
    /// The inbox was not emptied (budget spent).
    pub(super) more_in_inbox: bool,
    pub(super) resolve_generation: u64,
    pub(super) connect_deadline: Option<Instant>,
    pub(super) connect_waiters: Vec<oneshot::Sender<Result<(), QuestError>>>,
    pub(super) last_connect_error: Option<String>,
    pub(super) backoff: Backoff,
    /// The default timeout and the count of abandoned calls, shared with the handles.
    pub(super) shared: Option<Arc<Shared>>,
}

/// The thread body: runs the loop; whatever way it ends (close or panic), closes the gate
/// and ends every call still in flight or still in the inbox.
pub(crate) fn run(mut event_loop: EventLoop, gate: Arc<RwLock<Option<Sender<Command>>>>) {
    let outcome = catch_unwind(AssertUnwindSafe(|| event_loop.run()));
    let reason = match &outcome {
        Ok(()) => "client closed".to_string(),
        Err(panic) => {
            let message = super::dispatch::panic_message(panic).to_string();
            tracing::error!("the I/O thread failed: {message}");
            format!("I/O thread failed: {message}")
        }
    };
    drop(gate.write().take());
    let finished = catch_unwind(AssertUnwindSafe(|| event_loop.shutdown(&reason)));
    if finished.is_err() {
        tracing::error!("the I/O thread failed while shutting down");
    }
}

impl EventLoop {
    pub fn new(
        config: Arc<ClientConfig>,
        commands: Receiver<Command>,
        jobs: JobSender,
        pushes: Arc<PushBacklog>,
        listen: crate::engine::listen::SharedListen,
    ) -> io::Result<EventLoop> {
        let poll = Poll::new()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        let (resolved_tx, resolved_rx) = crossbeam_channel::unbounded();
        Ok(EventLoop {
            poll,
            wake: Arc::new(WakeHandle::new(waker.clone())),
            bound_expired_idle: false,
            waker,
            commands,
            resolved_tx,
            resolved_rx,
            jobs,
            pushes,
            listen,
            endpoint: Arc::from(config.endpoint()),
            decoder: FrameDecoder::new(config.max_frame_len()),
            config,
            pending: PendingTable::default(),
            queued: VecDeque::new(),
            queued_bytes: 0,
            ended_while_queued: false,
            recall_due: false,
            state: State::Idle,
            connections_made: 0,
            more_to_read: false,
            more_in_inbox: false,
            resolve_generation: 0,
            connect_deadline: None,
            connect_waiters: Vec::new(),
            last_connect_error: None,
            backoff: Backoff::default(),
            shared: None,
        })
    }

    /// Shares the handles' state (set before the thread starts).
    pub(super) fn set_shared(&mut self, shared: Arc<Shared>) {
        self.shared = Some(shared);
    }

    /// The current default call timeout (`set_quest_timeout`, else the configuration's).
    pub(super) fn default_timeout(&self) -> Duration {
        self.shared
            .as_ref()
            .map_or_else(|| self.config.quest_timeout(), |s| s.default_timeout())
    }

    /// Frees the slots of calls nobody waits for (dropped async futures) once they are a
    /// sizeable part of the table, or at once when `force` (room is needed): each sweep
    /// looks at every call, so sweeping only then keeps the cost per abandoned call small.
    pub(super) fn sweep_abandoned(&mut self, force: bool) {
        let Some(shared) = &self.shared else {
            return;
        };
        let abandoned = shared.abandoned();
        if abandoned == 0 || !(force || abandoned.saturating_mul(16) >= self.pending.len_all()) {
            return;
        }
        shared.take_abandoned();
        if self.pending.sweep_abandoned() > 0 {
            // Their frames may still wait in a queue: a purge may free room.
            self.ended_while_queued = true;
            self.recall_due = true;
        }
    }

    pub fn wake_handle(&self) -> Arc<WakeHandle> {
        self.wake.clone()
    }

    /// The number of calls in flight, readable from any thread.
    pub fn in_flight(&self) -> Arc<std::sync::atomic::AtomicUsize> {
        self.pending.gauge()
    }

    pub(super) fn run(&mut self) {
        let mut events = Events::with_capacity(64);
        loop {
            let mut timeout = if self.more_to_read || self.more_in_inbox {
                // Work was left for fairness: look at timers and events, then go on.
                Some(Duration::ZERO)
            } else {
                self.next_wakeup()
                    .map(|at| at.saturating_duration_since(Instant::now()))
            };
            let mut bounded_for_deferred = false;
            if timeout.is_none_or(|t| t > DEFERRED_WAKE_BOUND) {
                // Pairs with `WakeHandle::defer`: calls handed on without a wake-up wait
                // no longer than the bound. Callbacks about to run will likely make calls:
                // a bounded sleep spares them a wake-up each (once per quiet spell).
                self.wake.sleeps_unbounded.store(true, Ordering::SeqCst);
                std::sync::atomic::fence(Ordering::SeqCst);
                let callbacks_due = !self.jobs.is_empty() && !self.bound_expired_idle;
                if callbacks_due || self.wake.deferred.load(Ordering::SeqCst) {
                    self.wake.sleeps_unbounded.store(false, Ordering::SeqCst);
                    timeout = Some(DEFERRED_WAKE_BOUND);
                    bounded_for_deferred = true;
                }
            }
            let polled = self.poll.poll(&mut events, timeout);
            self.wake.sleeps_unbounded.store(false, Ordering::SeqCst);
            if let Err(e) = polled {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                panic!("poll failed: {e}");
            }
            self.bound_expired_idle = bounded_for_deferred && events.is_empty();
            if self.bound_expired_idle {
                // The bound passed: the drain below takes the deferred calls, so the
                // callback thread need not wake the loop for them. A swap, not a store:
                // it reads the last call's `true`, so the drain sees that call.
                self.wake.deferred.swap(false, Ordering::SeqCst);
            }
            let mut socket_event = false;
            let mut peer_ended = false;
            for event in events.iter().filter(|e| e.token() == SOCKET) {
                socket_event = true;
                peer_ended |= event.is_read_closed() || event.is_error();
            }
            if socket_event || self.more_to_read {
                self.on_socket_ready(peer_ended);
            }
            if !self.drain_inbox() {
                return;
            }
            self.sweep_abandoned(false);
            self.on_timers(Instant::now());
            self.flush();
        }
    }

    /// Takes the commands waiting (at most [`INBOX_BUDGET`]); false once the client is
    /// closed.
    pub(super) fn drain_inbox(&mut self) -> bool {
        // Pairs with the fence in `Engine::submit`: either this drain sees a caller's
        // command, or that caller sees `false` and wakes the loop.
        self.wake.notified.store(false, Ordering::SeqCst);
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

    pub(super) fn on_command(&mut self, command: Command) {
        match command {
            Command::Quest(quest) => self.on_quest(quest),
            Command::Connect(reply) => match &self.state {
                State::Connected(conn) if !conn.handshaking => {
                    let _ = reply.send(Ok(()));
                }
                _ => {
                    self.connect_waiters.push(reply);
                    self.backoff.connect_now();
                    self.ensure_connecting();
                }
            },
            Command::Reconnect => {
                if matches!(self.state, State::Connected(_)) {
                    self.connection_lost("reconnect requested".into(), true);
                }
                self.backoff.connect_now();
                self.ensure_connecting();
            }
        }
    }

    pub(super) fn on_quest(&mut self, quest: Quest) {
        let Quest {
            mut frame,
            deadline,
            timeout,
            completer,
            on_ok,
            span,
        } = quest;
        if matches!(&completer, Completer::Blocking(waiter) if waiter.is_closed()) {
            // Its future was dropped before the call got here: nobody waits, nothing is sent.
            return;
        }
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
            .insert_with(Pending::new(deadline, timeout, completer, true), on_ok);
        set_seq(&mut frame, seq);
        if let Some(span) = span {
            // 0: not connected yet (the call waits for a connection).
            let connection = match &self.state {
                State::Connected(conn) => conn.id,
                _ => 0,
            };
            span.record("seq", seq);
            span.record("connection", connection);
        }
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
    pub(super) fn refuse_when_full(&mut self, len: usize) -> Option<QuestError> {
        let cap = self.config.max_send_buffer();
        let fits = |held: usize| held == 0 || held + len <= cap;
        let full = match &self.state {
            State::Connected(conn) => !fits(conn.writer.held_bytes()),
            _ => {
                self.queued.len() >= self.config.max_queued_quests()
                    || (self.queued_bytes > 0 && self.queued_bytes + len > cap)
            }
        };
        if full {
            // Room is needed: calls nobody waits for give theirs up now.
            self.sweep_abandoned(true);
        }
        let pending = &mut self.pending;
        if let State::Connected(conn) = &mut self.state {
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

    pub(super) fn complete(&self, completer: Completer, reply: Reply) {
        match completer {
            Completer::Blocking(waiter) => {
                // A one-shot send never blocks; a waiter that gave up is gone.
                let _ = waiter.send(reply);
            }
            Completer::Callback(callback) => {
                if self.jobs.send(Job::Complete(callback, reply)).is_err() {
                    tracing::error!("the callback thread is gone; a callback was not run");
                }
            }
            Completer::Ping => {
                if let Err(e) = reply {
                    tracing::debug!("keep-alive ping failed: {e}");
                }
            }
            Completer::Handshake => {
                if let Err(e) = reply {
                    tracing::debug!("encryption handshake ended: {e}");
                }
            }
            // Counted where the connection is at hand (`on_timers`, `connection_lost`).
            Completer::Restore => {}
            // Nobody waits.
            Completer::Detached => {}
        }
    }

    /// Ends everything: the connection, the calls in flight, the calls still in the inbox.
    pub(super) fn shutdown(&mut self, reason: &str) {
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
