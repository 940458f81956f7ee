//! The engine: one `rtm-io` thread owns the socket and every call in flight; one
//! `rtm-callback` thread runs user callbacks. Callers hand work to the I/O thread through a
//! channel and a `mio::Waker`.

mod conn;
mod connect;
mod dispatch;
mod event_loop;
pub(crate) mod listen;
mod pending;
mod protocol;
pub(crate) mod push;
pub(crate) mod pushes;
mod timers;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{JoinHandle, ThreadId};
use std::time::{Duration, Instant};

use crossbeam_channel::Sender;
use parking_lot::{Mutex, RwLock};

use crate::callbacks::{ConnectionCallback, PushCallback};
use crate::config::ClientConfig;
use crate::error::QuestError;

pub(crate) use dispatch::{GuardedReply, Job, JobSender, PushBacklog, run_guarded};
pub(crate) use protocol::error_from_answer;

/// What a call ends with: the payload of an OK answer, or the error.
pub(crate) type Reply = Result<Vec<u8>, QuestError>;

/// A callback-form completion: parses the reply and runs the user's callback.
pub(crate) type ReplyFn = Box<dyn FnOnce(Reply) + Send>;

/// The crate's own bookkeeping run on the I/O thread when a call's OK answer is matched,
/// before anyone learns of the answer (the listen calls record what the service
/// acknowledged this way, in the order the service answered). Never user code.
pub(crate) use crate::wire::call::OnOk;

/// Who learns how a call ended.
pub(crate) enum Completer {
    /// A blocking caller parked on a one-shot channel (no spinning, so many waiting
    /// threads do not steal the I/O thread's core).
    Blocking(oneshot::Sender<Reply>),
    /// A callback, run on the callback thread.
    Callback(ReplyFn),
    /// The client's own keep-alive `*ping`.
    Ping,
    /// The client's own `*key` (encryption handshake).
    #[cfg_attr(not(feature = "encryption"), allow(dead_code))]
    Handshake,
    /// The client's own `setlisten` that restores the listen state on a new connection.
    Restore,
    /// A call that was sent but whose caller is gone, kept only so that its OK answer
    /// still runs its `on_ok` (a listen call's state update).
    Detached,
}

/// A call handed to the I/O thread.
pub(crate) struct Quest {
    /// The encoded twoway quest; the I/O thread writes its sequence number.
    pub frame: Vec<u8>,
    pub deadline: Instant,
    pub timeout: Duration,
    pub completer: Completer,
    /// Runs on the I/O thread if the call's answer is OK.
    pub on_ok: Option<OnOk>,
    /// The call's tracing span, when a subscriber listens: the I/O thread records the
    /// connection and the seq in it.
    pub span: Option<Box<tracing::Span>>,
}

/// Work for the I/O thread.
pub(crate) enum Command {
    Quest(Quest),
    Connect(oneshot::Sender<Result<(), QuestError>>),
    Reconnect,
}

/// User hooks read by the callback thread.
#[derive(Default)]
pub(crate) struct Hooks {
    pub connection: RwLock<Option<Arc<dyn ConnectionCallback>>>,
    pub push: RwLock<Option<Arc<dyn PushCallback>>>,
    pub processor: RwLock<Option<Arc<dyn crate::callbacks::QuestProcessor>>>,
    /// The push streams ([`RtmServerClient::pushes`](crate::RtmServerClient::pushes)).
    pub streams: Arc<pushes::Streams>,
}

/// How long a call made by a callback may wait for the I/O thread while the callback
/// thread goes on with other callbacks: the I/O thread sleeps no longer than this while
/// such calls may wait, so a slow callback never holds them back.
pub(crate) const DEFERRED_WAKE_BOUND: Duration = Duration::from_micros(200);

/// Wakes the I/O thread when it may be asleep, shared by the callers and the I/O thread.
pub(crate) struct WakeHandle {
    pub(super) waker: Arc<mio::Waker>,
    /// True while a wake-up is pending: see `EventLoop::notified`.
    pub(super) notified: AtomicBool,
    /// The callback thread handed on calls without waking the I/O thread.
    pub(super) deferred: AtomicBool,
    /// The I/O thread is asleep, or about to be, with no bound on its sleep.
    pub(super) sleeps_unbounded: AtomicBool,
}

impl WakeHandle {
    pub(super) fn new(waker: Arc<mio::Waker>) -> WakeHandle {
        WakeHandle {
            waker,
            notified: AtomicBool::new(false),
            deferred: AtomicBool::new(false),
            sleeps_unbounded: AtomicBool::new(false),
        }
    }

    /// Wakes the I/O thread unless a wake-up is already pending.
    pub fn wake(&self) {
        // Pairs with the fence in the loop's inbox drain (a store-buffer pattern): either
        // the loop sees the command handed on before this, or this swap sees the loop's
        // `false` and wakes it.
        std::sync::atomic::fence(Ordering::SeqCst);
        if !self.notified.swap(true, Ordering::SeqCst)
            && let Err(e) = self.waker.wake()
        {
            // Let the next caller try again rather than leave the flag set.
            self.notified.store(false, Ordering::SeqCst);
            tracing::error!("cannot wake the I/O thread: {e}");
        }
    }

    /// After the callback thread handed on a call: wakes the I/O thread only if it sleeps
    /// without a bound. Otherwise the call goes out when the callback thread runs out of
    /// jobs ([`flush`](Self::flush)), when the I/O thread wakes for anything else, or at
    /// the latest after [`DEFERRED_WAKE_BOUND`].
    pub fn defer(&self) {
        // A store-buffer pair with the loop's check before it sleeps: either the loop sees
        // `deferred` and bounds its sleep, or this sees `sleeps_unbounded` and wakes it.
        self.deferred.store(true, Ordering::SeqCst);
        std::sync::atomic::fence(Ordering::SeqCst);
        if self.sleeps_unbounded.load(Ordering::SeqCst) {
            self.wake();
        }
    }

    /// Wakes the I/O thread for the calls handed on by [`defer`](Self::defer), if any.
    pub fn flush(&self) {
        if self.deferred.swap(false, Ordering::SeqCst) {
            self.wake();
        }
    }
}

/// How long `close()` waits for each thread to stop.
pub(crate) const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// State the client's handles and the I/O thread share, besides the command channel.
pub(crate) struct Shared {
    /// The default call timeout ([`set_quest_timeout`](crate::RtmServerClient::set_quest_timeout)),
    /// in nanoseconds: read by callers and by the listen restore.
    default_timeout_nanos: std::sync::atomic::AtomicU64,
    /// Async calls whose future was dropped before they ended, not swept yet.
    abandoned: std::sync::atomic::AtomicUsize,
    /// Wakes the I/O thread so that it sweeps abandoned calls.
    wake: Arc<WakeHandle>,
    /// The id of the usable connection, 0 while there is none.
    connection: std::sync::atomic::AtomicU64,
}

impl Shared {
    /// The default call timeout.
    pub fn default_timeout(&self) -> Duration {
        Duration::from_nanos(self.default_timeout_nanos.load(Ordering::Relaxed))
    }

    /// Sets the default call timeout (clamped to `FOREVER`).
    pub fn set_default_timeout(&self, timeout: Duration) {
        self.default_timeout_nanos
            .store(duration_nanos(timeout), Ordering::Relaxed);
    }

    /// The id of the usable connection, if there is one.
    pub fn connection(&self) -> Option<u64> {
        Some(self.connection.load(Ordering::Acquire)).filter(|id| *id != 0)
    }

    /// Records the usable connection (0: none).
    pub(super) fn set_connection(&self, id: u64) {
        self.connection.store(id, Ordering::Release);
    }

    /// An async call's future was dropped before the call ended: nobody waits for it.
    pub fn abandon(&self) {
        self.abandoned.fetch_add(1, Ordering::Relaxed);
        self.wake.wake();
    }

    /// How many abandoned calls wait to be swept.
    pub(super) fn abandoned(&self) -> usize {
        self.abandoned.load(Ordering::Relaxed)
    }

    /// Takes the count of abandoned calls before a sweep.
    pub(super) fn take_abandoned(&self) -> usize {
        self.abandoned.swap(0, Ordering::Relaxed)
    }
}

/// Nanoseconds of a duration clamped to `FOREVER` (a century fits in a `u64`).
fn duration_nanos(d: Duration) -> u64 {
    u64::try_from(crate::config::saturate(d).as_nanos()).unwrap_or(u64::MAX)
}

/// Set once a thread has stopped. Every close path waits on it, blocking or async, so a
/// close never returns while a thread it stops still runs, whichever path came first.
#[derive(Default)]
pub(crate) struct Stopped {
    state: Mutex<(bool, Vec<std::task::Waker>)>,
    cond: parking_lot::Condvar,
}

impl Stopped {
    fn set(&self) {
        let mut state = self.state.lock();
        state.0 = true;
        for waker in state.1.drain(..) {
            waker.wake();
        }
        self.cond.notify_all();
    }

    /// Waits at most `limit`; true once stopped.
    fn wait_timeout(&self, limit: Duration) -> bool {
        let deadline = crate::config::deadline_after(Instant::now(), limit);
        let mut state = self.state.lock();
        while !state.0 {
            if self.cond.wait_until(&mut state, deadline).timed_out() {
                return state.0;
            }
        }
        true
    }

    /// Resolves once stopped.
    fn wait(self: Arc<Self>) -> impl std::future::Future<Output = ()> + Send + 'static {
        std::future::poll_fn(move |cx| {
            let mut state = self.state.lock();
            if state.0 {
                return std::task::Poll::Ready(());
            }
            if !state.1.iter().any(|w| w.will_wake(cx.waker())) {
                state.1.push(cx.waker().clone());
            }
            std::task::Poll::Pending
        })
    }
}

/// Sets its signal when dropped: when the thread that holds it ends, however it ends.
struct SetOnDrop(Arc<Stopped>);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.set();
    }
}

/// A thread of the engine: its handle (until joined) and its stop signal.
struct Worker {
    name: &'static str,
    handle: Mutex<Option<JoinHandle<()>>>,
    stopped: Arc<Stopped>,
}

impl Worker {
    fn spawn(name: &'static str, body: impl FnOnce() + Send + 'static) -> std::io::Result<Worker> {
        let stopped = Arc::new(Stopped::default());
        let signal = SetOnDrop(stopped.clone());
        let handle = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let _signal = signal;
                body();
            })?;
        Ok(Worker {
            name,
            handle: Mutex::new(Some(handle)),
            stopped,
        })
    }

    fn thread_id(&self) -> Option<ThreadId> {
        self.handle.lock().as_ref().map(|h| h.thread().id())
    }

    /// Waits (at most [`CLOSE_WAIT`]) until the thread stopped, and reaps it.
    fn join_bounded(&self) -> Result<(), QuestError> {
        if !self.stopped.wait_timeout(CLOSE_WAIT) {
            tracing::warn!(
                "{} thread did not stop within {CLOSE_WAIT:?}; leaving it",
                self.name
            );
            return Err(QuestError::new(
                crate::error::codes::CORE_UNKNOWN_ERROR,
                format!("{} thread did not stop within {CLOSE_WAIT:?}", self.name),
            ));
        }
        if let Some(handle) = self.handle.lock().take() {
            let _ = handle.join();
        }
        Ok(())
    }
}

/// The handle the client holds: the command gate, the waker and the threads.
pub(crate) struct Engine {
    /// `None` once closed: taking the sender under the write lock is what closes the client,
    /// so no command can slip in after the I/O thread's last look at its inbox.
    gate: Arc<RwLock<Option<Sender<Command>>>>,
    waker: Arc<mio::Waker>,
    /// Wakes the I/O thread, now or (from the callback thread) at the end of a burst.
    wake: Arc<WakeHandle>,
    hooks: Arc<Hooks>,
    pushes: Arc<PushBacklog>,
    /// What the service acknowledged the client listens to.
    listen: crate::engine::listen::SharedListen,
    shared: Arc<Shared>,
    /// How many calls wait in the I/O thread's table.
    in_flight: Arc<std::sync::atomic::AtomicUsize>,
    /// The callback thread's queue, for calls that end before reaching the I/O thread;
    /// taken at close, so that the callback thread can finish.
    jobs: RwLock<Option<dispatch::JobSender>>,
    io: Worker,
    /// `None` for a file gateway's engine, whose callbacks run on the client's thread.
    callback: Option<Worker>,
    /// Held through a close, so that a second `close()` returns only once the first has
    /// stopped the threads.
    closing: Mutex<()>,
    callback_thread: Option<ThreadId>,
}

impl Engine {
    pub fn start(config: Arc<ClientConfig>) -> std::io::Result<Engine> {
        Engine::start_with(config, None)
    }

    /// An engine for a file gateway connection: only an I/O thread. The outcomes of its
    /// callback-form calls run on the client's callback thread, through `jobs`, in order
    /// with the client's other callbacks; its connection events and server quests are not
    /// delivered (server quests are still answered). Its calls are never deferred, and its
    /// close waits for its I/O thread only.
    pub fn start_gateway(config: Arc<ClientConfig>, jobs: JobSender) -> std::io::Result<Engine> {
        Engine::start_with(config, Some(jobs.completions_only()))
    }

    /// Starts the I/O thread, and a callback thread unless `gateway_jobs` names the
    /// client's.
    fn start_with(
        config: Arc<ClientConfig>,
        gateway_jobs: Option<JobSender>,
    ) -> std::io::Result<Engine> {
        let (commands_tx, commands_rx) = crossbeam_channel::unbounded();
        let (jobs_tx, jobs_rx) = match gateway_jobs {
            Some(jobs) => (jobs, None),
            None => {
                let (jobs_tx, jobs_rx) = dispatch::job_channel();
                (jobs_tx, Some(jobs_rx))
            }
        };
        let gate = Arc::new(RwLock::new(Some(commands_tx)));
        let hooks = Arc::new(Hooks::default());

        let pushes = Arc::new(match jobs_rx {
            Some(_) => PushBacklog::new(config.max_push_backlog()),
            None => PushBacklog::undelivered(),
        });
        let filter = push::DupFilter::new(
            config.push_dedup_ttl(),
            crate::config::DEFAULT_PUSH_DEDUP_CAPACITY,
        );
        let listen = crate::engine::listen::SharedListen::default();
        let default_timeout = config.quest_timeout();
        let mut event_loop = event_loop::EventLoop::new(
            config,
            commands_rx,
            jobs_tx.clone(),
            pushes.clone(),
            listen.clone(),
        )?;
        let wake = event_loop.wake_handle();
        let shared = Arc::new(Shared {
            default_timeout_nanos: std::sync::atomic::AtomicU64::new(duration_nanos(
                default_timeout,
            )),
            abandoned: std::sync::atomic::AtomicUsize::new(0),
            wake: wake.clone(),
            connection: std::sync::atomic::AtomicU64::new(0),
        });
        event_loop.set_shared(shared.clone());
        let waker = wake.waker.clone();
        let callback = match jobs_rx {
            Some(jobs_rx) => {
                let (hooks, pushes, wake) = (hooks.clone(), pushes.clone(), wake.clone());
                Some(Worker::spawn("rtm-callback", move || {
                    dispatch::run(jobs_rx, hooks, pushes, filter, wake);
                })?)
            }
            None => None,
        };
        let callback_thread = callback.as_ref().and_then(Worker::thread_id);

        let in_flight = event_loop.in_flight();
        let io_gate = gate.clone();
        let io = Worker::spawn("rtm-io", move || event_loop::run(event_loop, io_gate))?;

        Ok(Engine {
            gate,
            waker,
            wake,
            hooks,
            pushes,
            listen,
            shared,
            in_flight,
            jobs: RwLock::new(Some(jobs_tx)),
            io,
            callback,
            closing: Mutex::new(()),
            callback_thread,
        })
    }

    pub fn hooks(&self) -> &Hooks {
        &self.hooks
    }

    /// What the handles and the I/O thread share: the default timeout, abandoned calls.
    pub fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// How many of the user's calls are in flight (sent or waiting to be, not yet ended;
    /// abandoned async calls and the client's own quests are not counted).
    pub fn calls_in_flight(&self) -> usize {
        self.in_flight
            .load(Ordering::Relaxed)
            .saturating_sub(self.shared.abandoned())
    }

    /// The listen state, shared with the I/O thread.
    pub fn listen(&self) -> &crate::engine::listen::SharedListen {
        &self.listen
    }

    /// How many server pushes were dropped because the callback thread was behind, or a
    /// push stream's queue was full.
    pub fn dropped_pushes(&self) -> u64 {
        self.pushes.dropped() + self.hooks.streams.dropped()
    }

    /// Hands a command to the I/O thread; gives it back when the client is closed.
    pub fn submit(&self, command: Command) -> Result<(), Command> {
        // A callback-form call made by a callback: the callback thread wakes the I/O thread
        // once for all the calls of its burst of callbacks (see `dispatch::run`), instead
        // of once per call.
        let defer = matches!(&command, Command::Quest(q) if matches!(q.completer, Completer::Callback(_)))
            && Some(std::thread::current().id()) == self.callback_thread;
        let gate = self.gate.read();
        let Some(sender) = gate.as_ref() else {
            return Err(command);
        };
        sender.send(command).map_err(|e| e.0)?;
        drop(gate);
        if defer {
            self.wake.defer();
        } else {
            self.wake.wake();
        }
        Ok(())
    }

    /// The callback thread's queue, `None` once the client closed.
    pub fn jobs(&self) -> Option<dispatch::JobSender> {
        self.jobs.read().clone()
    }

    /// Runs `f` on the callback thread, behind the jobs already queued; on the calling
    /// thread once the callback thread is gone (the client is closed).
    pub fn run_on_callback_thread(&self, f: Box<dyn FnOnce() + Send>) {
        let job = match self.jobs.read().as_ref() {
            Some(jobs) => match jobs.send(Job::Run(f)) {
                Ok(()) => return,
                Err(e) => e.0,
            },
            None => Job::Run(f),
        };
        if let Job::Run(f) = job {
            run_guarded(f);
        }
    }

    pub fn is_closed(&self) -> bool {
        self.gate.read().is_none()
    }

    /// Stops the I/O thread (every call in flight ends with 20002), lets the callback
    /// thread run what is queued, and joins both, waiting at most [`CLOSE_WAIT`] for each.
    /// Never joins the thread it is called on.
    pub fn close(&self) -> Result<(), QuestError> {
        self.close_waiting(true)
    }

    /// Stops the I/O thread and waits for it without blocking: the future resolves once
    /// every call in flight has ended. The callback thread finishes what is queued on its
    /// own.
    pub fn close_async(&self) -> impl std::future::Future<Output = ()> + Send + 'static + use<> {
        self.begin_close();
        self.io.stopped.clone().wait()
    }

    /// Closes the gate, wakes the I/O thread and lets the callback thread's queue end.
    fn begin_close(&self) {
        drop(self.gate.write().take());
        let _ = self.waker.wake();
        drop(self.jobs.write().take());
    }

    /// Closes; waits for the I/O thread (bounded), and for the callback thread too when
    /// `for_callbacks` (not from a drop: a callback may take long, and a drop inside an
    /// async runtime must not block it). Every caller waits on the same stop signals, so
    /// no close returns while a thread it waits for still runs.
    fn close_waiting(&self, for_callbacks: bool) -> Result<(), QuestError> {
        let on_callback_thread = Some(std::thread::current().id()) == self.callback_thread;
        // The callback thread cannot wait for a close that waits for it.
        let _closing = (!on_callback_thread).then(|| self.closing.lock());
        self.begin_close();
        let result = self.io.join_bounded();
        if on_callback_thread || !for_callbacks {
            // Called from a callback: the callback thread ends by itself once it returns.
            return result;
        }
        match &self.callback {
            Some(callback) => result.and(callback.join_bounded()),
            None => result,
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        let _ = self.close_waiting(false);
    }
}
