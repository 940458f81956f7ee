//! The client handle and the one generic path every call takes: sign, encode, hand to the
//! I/O thread, then wait (blocking form) or return (callback form).

pub(crate) mod gateways;
#[cfg(feature = "tokio")]
mod runtime;

use std::future::IntoFuture;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::callbacks::{ConnectionCallback, PushCallback};
use crate::config::{ClientConfig, deadline_after, saturate};
use crate::engine::{Command, Completer, Engine, GuardedReply, Quest, Reply};
use crate::error::{QuestError, codes};
use crate::wire::call::Call;

/// How long after its deadline a blocking caller stops waiting for the I/O thread on its
/// own. The I/O thread ends every call at its deadline; this only guards against a wedged
/// thread.
const BLOCKING_BACKSTOP: Duration = Duration::from_secs(2);

/// A client of the RTM server API.
///
/// A cheap handle: clone it freely and use it from any thread (`Send + Sync`); all clones
/// share one connection. It connects on the first call (or [`connect`](Self::connect)) and
/// reconnects on the next call after a disconnect, or in the background when
/// [`ClientConfig::auto_reconnect`] is on.
///
/// # Threads and shutdown
///
/// The client owns two threads: `rtm-io`, which owns the socket and every call in flight
/// and never runs user code, and `rtm-callback`, which runs callbacks and connection events
/// one at a time. A file gateway connection (see [`file`](crate::file)) adds an `rtm-io`
/// thread of its own, and none for callbacks: file sends' callbacks run on `rtm-callback`
/// too. [`close`](Self::close) ends every call in flight with 20002, stops the threads and
/// waits for each at most 5 s; it never hangs, even when called from a callback.
/// Dropping the last handle does the same but waits only for the I/O threads (milliseconds):
/// callbacks still queued then run on the callback thread, which stops after them, so a
/// drop inside an async runtime never blocks it for long. [`close_async`](Self::close_async)
/// awaits the I/O threads without blocking at all. After that every call fails at once with
/// 20002.
///
/// # Async
///
/// Every request can be awaited (`IntoFuture`): the future is `Send + 'static` and gives a
/// `Result` (`Result<(), QuestError>` for calls without values). It depends on no runtime
/// (tokio, async-std, smol, a ten-line `block_on`): the I/O thread enforces the deadline and
/// wakes the task. The call is encoded and handed to the I/O thread when the future is made
/// (`.await`, or `.into_future()` to send it now and await it later), so borrowed arguments
/// need not outlive it. Dropping the future abandons the call: if its quest was not written yet
/// it is never sent and its slot is freed at once; if it was, the answer is discarded and
/// the slot freed at the answer or the deadline ([`calls_in_flight`](Self::calls_in_flight)
/// shows it).
///
/// A blocking call made inside a callback works: blocking calls wait on their own channel,
/// not on the callback thread. A callback that blocks for long delays the callbacks after
/// it. A callback-form call refused before anything is sent (invalid arguments) also runs
/// its callback on the callback thread, never on the calling thread (where a lock the
/// caller holds could deadlock it); only once the client is closed and its callback thread
/// has stopped does a refused callback run on the calling thread.
#[derive(Clone)]
pub struct RtmServerClient {
    inner: Arc<Inner>,
}

/// A handle that does not keep the client alive, as [`std::sync::Weak`] for `Arc`: for
/// hooks (connection and push callbacks) that need to make calls. A strong clone captured
/// in a hook keeps the client, its threads and its socket alive until
/// [`close`](RtmServerClient::close); a weak one lets the client stop when the last user
/// handle is dropped.
///
/// ```
/// use rtm_server_sdk::mock::MockServer;
/// use rtm_server_sdk::{ConnectionCallback, RtmServerClient, WeakRtmServerClient};
///
/// struct Rejoin(WeakRtmServerClient);
///
/// impl ConnectionCallback for Rejoin {
///     fn connected(&self, _id: u64, _endpoint: &str, is_reconnect: bool) {
///         if let (true, Some(client)) = (is_reconnect, self.0.upgrade()) {
///             let _ = client.add_room_member(1001, 42).call();
///         }
///     }
///     fn closed(&self, _id: u64, _endpoint: &str, _by_error: bool, _is_reconnect: bool) {}
/// }
///
/// let server = MockServer::start()?;
/// let client = RtmServerClient::new(server.client_config())?;
/// client.set_connection_callback(Rejoin(client.downgrade()));
/// let weak = client.downgrade();
/// drop(client); // the hook does not keep it alive: the threads stop now
/// assert!(weak.upgrade().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct WeakRtmServerClient {
    inner: std::sync::Weak<Inner>,
}

impl WeakRtmServerClient {
    /// The client, while some [`RtmServerClient`] handle still exists; `None` after.
    pub fn upgrade(&self) -> Option<RtmServerClient> {
        self.inner.upgrade().map(|inner| RtmServerClient { inner })
    }
}

impl std::fmt::Debug for WeakRtmServerClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WeakRtmServerClient")
            .field("alive", &(self.inner.strong_count() > 0))
            .finish()
    }
}

struct Inner {
    config: Arc<ClientConfig>,
    /// A blocking call on a tokio runtime's thread was warned about.
    #[cfg(feature = "tokio")]
    warned_blocking: std::sync::atomic::AtomicBool,
    /// The file gateway connections (closed before the engine).
    gateways: gateways::Gateways,
    engine: Engine,
}

impl std::fmt::Debug for RtmServerClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RtmServerClient")
            .field("config", &self.inner.config)
            .field("closed", &self.is_closed())
            .finish()
    }
}

impl RtmServerClient {
    /// Starts a client: spawns its two threads; connects on the first call.
    ///
    /// Fails when the configuration is not usable (40001, [`QuestError::is_config_error`]:
    /// an endpoint that is not `host:port`, a pid below 1, an empty secret; see
    /// [`ClientConfig::validate`]), or when the operating system refuses a thread or a
    /// poller (20001).
    pub fn new(config: impl Into<ClientConfig>) -> Result<Self, QuestError> {
        let config = config.into();
        config.validate()?;
        RtmServerClient::with_engine(config, Engine::start)
    }

    /// A client for a file gateway connection: an I/O thread of its own, and the callback
    /// thread of the client whose queue `jobs` is (see [`Engine::start_gateway`]).
    pub(crate) fn gateway(
        config: ClientConfig,
        jobs: crate::engine::JobSender,
    ) -> Result<Self, QuestError> {
        RtmServerClient::with_engine(config, |config| Engine::start_gateway(config, jobs))
    }

    fn with_engine(
        config: ClientConfig,
        start: impl FnOnce(Arc<ClientConfig>) -> std::io::Result<Engine>,
    ) -> Result<Self, QuestError> {
        let config = Arc::new(config);
        let engine = start(config.clone()).map_err(|e| {
            QuestError::new(
                codes::CORE_UNKNOWN_ERROR,
                format!("cannot start the client: {e}"),
            )
        })?;
        Ok(RtmServerClient {
            inner: Arc::new(Inner {
                config,
                #[cfg(feature = "tokio")]
                warned_blocking: std::sync::atomic::AtomicBool::new(false),
                gateways: gateways::Gateways::new(),
                engine,
            }),
        })
    }

    /// A handle that does not keep the client alive: see [`WeakRtmServerClient`].
    pub fn downgrade(&self) -> WeakRtmServerClient {
        WeakRtmServerClient {
            inner: Arc::downgrade(&self.inner),
        }
    }

    /// The configuration the client was built with, with the default timeout as
    /// [`set_quest_timeout`](Self::set_quest_timeout) last set it.
    pub fn config(&self) -> ClientConfig {
        let mut config = (*self.inner.config).clone();
        config.set_quest_timeout(self.quest_timeout());
        config
    }

    /// Connects now and waits until connected or failed. With encryption, connected means
    /// the server accepted the key exchange: a wrong server key is this call's error
    /// (20012, "encryption handshake failed"). Calls connect by themselves, so this is only
    /// needed to fail early.
    pub fn connect(&self) -> Result<(), QuestError> {
        let (tx, rx) = oneshot::channel();
        self.inner
            .engine
            .submit(Command::Connect(tx))
            .map_err(|_| closed_error())?;
        match rx.recv_timeout(self.connect_wait()) {
            Ok(result) => result,
            Err(oneshot::RecvTimeoutError::Timeout) => Err(QuestError::timeout("timeout: connect")),
            Err(oneshot::RecvTimeoutError::Disconnected) => Err(closed_error()),
        }
    }

    /// The async form of [`connect`](Self::connect): resolves once connected (with
    /// encryption, once the server accepted the key exchange) or failed, without blocking
    /// the executor's thread.
    pub fn connect_async(
        &self,
    ) -> impl std::future::Future<Output = Result<(), QuestError>> + Send + 'static + use<> {
        let (tx, rx) = oneshot::channel();
        let submitted = self.inner.engine.submit(Command::Connect(tx)).is_ok();
        async move {
            if !submitted {
                return Err(closed_error());
            }
            // The I/O thread ends the attempt by the connect timeout (twice, with the key
            // exchange); a gone I/O thread drops the sender.
            rx.await.unwrap_or_else(|_| Err(closed_error()))
        }
    }

    /// How long `connect()` waits: the TCP connect, then (with encryption) the key
    /// exchange, each within the connect timeout, and a backstop.
    fn connect_wait(&self) -> Duration {
        saturate(self.inner.config.connect_timeout()) * 2 + BLOCKING_BACKSTOP
    }

    /// Drops the current connection (its calls in flight end with 20002) and connects again.
    pub fn reconnect(&self) {
        let _ = self.inner.engine.submit(Command::Reconnect);
    }

    /// Closes the client: every call in flight ends with 20002, the threads stop (waiting
    /// at most 5 s for each). Calls made afterwards fail at once with 20002. Closing twice
    /// is harmless. An error says a thread did not stop in time.
    pub fn close(&self) -> Result<(), QuestError> {
        self.inner.gateways.close();
        self.inner.engine.close()
    }

    /// The file gateway connections.
    pub(crate) fn gateways(&self) -> &gateways::Gateways {
        &self.inner.gateways
    }

    /// [`close_async`](Self::close_async) for a file gateway's client, which has no
    /// gateways of its own: closes its engine only.
    pub(crate) fn close_gateway_async(
        &self,
    ) -> impl std::future::Future<Output = ()> + Send + 'static + use<> {
        self.inner.engine.close_async()
    }

    /// The callback thread's queue, for the file gateways' engines; `None` once closed.
    pub(crate) fn callback_jobs(&self) -> Option<crate::engine::JobSender> {
        self.inner.engine.jobs()
    }

    /// The configuration as built (the default timeout aside).
    pub(crate) fn config_ref(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The async form of [`close`](Self::close): every call in flight ends with 20002 and
    /// the future resolves once the I/O threads (the client's and its file gateways') have
    /// stopped; neither this call nor the future blocks the executor's thread. Callbacks
    /// still queued run on the callback thread afterwards; it then stops by itself.
    pub fn close_async(&self) -> impl std::future::Future<Output = ()> + Send + 'static + use<> {
        let gateways = self.inner.gateways.close_async();
        let engine = self.inner.engine.close_async();
        async move {
            gateways.await;
            engine.await;
        }
    }

    /// True while the client has a usable connection (with encryption: the server accepted
    /// the key exchange): for readiness probes. It turns false as soon as the I/O thread
    /// sees the connection end, and true again on the next connection.
    pub fn is_connected(&self) -> bool {
        !self.is_closed() && self.connection_id().is_some()
    }

    /// The id of the current connection (the one [`ConnectionCallback::connected`]
    /// announced, counting from 1), `None` while not connected.
    pub fn connection_id(&self) -> Option<u64> {
        self.inner
            .engine
            .shared()
            .connection()
            .filter(|_| !self.is_closed())
    }

    /// True once [`close`](Self::close) was called (or the I/O thread failed).
    pub fn is_closed(&self) -> bool {
        self.inner.engine.is_closed()
    }

    /// Sets the default timeout of requests without `.timeout(..)` from now on. Any
    /// duration is accepted: longer than [`FOREVER`](crate::config::FOREVER) is taken as
    /// that, and zero means those requests end at once with 20003, unsent (as
    /// [`ClientConfigBuilder::quest_timeout`](crate::ClientConfigBuilder::quest_timeout)).
    /// The listen restore on a new connection uses it too.
    pub fn set_quest_timeout(&self, timeout: Duration) {
        self.inner.engine.shared().set_default_timeout(timeout);
    }

    /// The default timeout of requests without `.timeout(..)`.
    pub fn quest_timeout(&self) -> Duration {
        self.inner.engine.shared().default_timeout()
    }

    /// How many of your calls are in flight: handed to the I/O thread and not ended yet (a
    /// call ends with its answer, an error, its deadline, or the connection's end). The
    /// client's own quests (keep-alive `*ping`, `*key`, the listen restore) and async calls
    /// whose future was dropped are not counted. For metrics, and to see that abandoned
    /// async calls are let go.
    pub fn calls_in_flight(&self) -> usize {
        self.inner.engine.calls_in_flight()
    }

    /// How many server pushes were not delivered because the callback thread was behind
    /// (see [`ClientConfigBuilder::max_push_backlog`](crate::ClientConfigBuilder::max_push_backlog)),
    /// plus those a push stream ([`pushes`](Self::pushes)) missed because its queue was full.
    pub fn dropped_pushes(&self) -> u64 {
        self.inner.engine.dropped_pushes()
    }

    /// Sets the callback told when connections open and close (in place of the one set
    /// before); [`clear_connection_callback`](Self::clear_connection_callback) removes it.
    ///
    /// A strong clone of the client captured in the callback keeps the client alive until
    /// [`close`](Self::close); capture a [`WeakRtmServerClient`]
    /// ([`downgrade`](Self::downgrade)) instead, as its example shows.
    pub fn set_connection_callback(&self, callback: impl ConnectionCallback) {
        *self.inner.engine.hooks().connection.write() = Some(Arc::new(callback));
    }

    /// Removes the connection callback.
    pub fn clear_connection_callback(&self) {
        *self.inner.engine.hooks().connection.write() = None;
    }

    /// Sets the processor of server pushes (in place of the one set before;
    /// [`clear_quest_processor`](Self::clear_quest_processor) removes it): the messages, files
    /// and events the service sends to a back end that listens (see
    /// [`push`](crate::push)), typed, in order, after the duplicate filter. As the Python
    /// SDK's `set_quest_processor`. A strong clone of the client captured in the processor
    /// keeps the client alive until [`close`](Self::close); capture a
    /// [`WeakRtmServerClient`] instead.
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, push::QuestProcessor, RtmServerClient};
    /// struct Printer;
    /// impl QuestProcessor for Printer {
    ///     fn push_room_chat(&self, from_uid: i64, rid: i64, _mid: i64, msg: String, _attrs: String, _mtime: i64) {
    ///         println!("room {rid}: {from_uid}: {msg}");
    ///     }
    /// }
    /// # let server = MockServer::start()?;
    /// let client = RtmServerClient::new(server.client_config())?;
    /// client.set_quest_processor(Printer);
    /// assert_eq!(client.add_listen().rids(&[1001]).call(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_quest_processor(&self, processor: impl crate::callbacks::QuestProcessor) {
        *self.inner.engine.hooks().processor.write() = Some(Arc::new(processor));
    }

    /// Removes the quest processor: pushes are still answered, and still reach the push
    /// callback and the push streams.
    pub fn clear_quest_processor(&self) {
        *self.inner.engine.hooks().processor.write() = None;
    }

    /// A new subscription to the server pushes: every push that arrives from now on, as a
    /// [`Push`](crate::push::Push) value, answered already, after the duplicate filter, in
    /// arrival order (see [`push`](crate::push)). [`Pushes`](crate::push::Pushes) is a
    /// [`Stream`](futures_core::Stream) for any executor and a blocking receiver; it ends
    /// once the client is closed and its queue is drained. Pushes are queued for it on the
    /// callback thread, never on the I/O thread. Each call makes another subscription that
    /// gets every push; the [quest processor](Self::set_quest_processor) and the push
    /// callback get them too. Dropping it unsubscribes.
    ///
    /// **When it is not read**, its queue fills up to
    /// [`max_push_backlog`](crate::ClientConfigBuilder::max_push_backlog) bytes (16 MiB by
    /// default); pushes that do not fit are then dropped for this subscription only,
    /// counted in [`dropped_pushes`](Self::dropped_pushes) (and
    /// [`Pushes::dropped`](crate::push::Pushes::dropped)) and logged once per burst, until
    /// it is read again. Nothing else waits for it: the processor, the other subscriptions
    /// and your calls go on. Drop a subscription you no longer read.
    ///
    /// **Each subscription has its own bound**: subscriptions share one copy of a push, but
    /// each counts it against its own `max_push_backlog`, so n subscriptions that stopped
    /// reading at different times can hold up to n times that, and the callback thread
    /// queues each push n times. For many consumers (one per HTTP client, say), take one
    /// subscription and fan it out
    /// (a `tokio::sync::broadcast` channel, whose lagging receivers skip), as
    /// `examples/axum_backend` does.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use rtm_server_sdk::{mock::MockServer, push::{Push, Target}, RtmServerClient};
    /// # let server = MockServer::start()?;
    /// let client = RtmServerClient::new(server.client_config())?;
    /// let pushes = client.pushes();
    /// assert_eq!(client.add_listen().rids(&[1001]).call(), None);
    /// client.send_room_chat(2002, 1001, "hello", "").call()?;
    /// let Push::Message(chat) = pushes.recv_timeout(Duration::from_secs(10))? else {
    ///     panic!("a message");
    /// };
    /// assert_eq!((chat.target, chat.from_uid), (Target::Room { rid: 1001 }, 2002));
    /// assert_eq!(chat.msg.as_text(), Some("hello"));
    /// client.close()?;
    /// assert_eq!(pushes.recv(), None, "the end, once closed");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pushes(&self) -> crate::engine::pushes::Pushes {
        self.inner
            .engine
            .hooks()
            .streams
            .subscribe(self.inner.config.max_push_backlog())
    }

    /// The listen state the service acknowledged, restored on every new connection.
    pub(crate) fn listen_state(&self) -> &crate::engine::listen::SharedListen {
        self.inner.engine.listen()
    }

    /// Sets the callback told about server pushes (in place of the one set before;
    /// [`clear_push_callback`](Self::clear_push_callback) removes it). Pushes are answered
    /// whether or not a callback is set.
    /// It hears every server quest but `ping` raw, duplicates included; the
    /// [quest processor](Self::set_quest_processor) is the typed way.
    ///
    /// A strong clone of the client captured in the callback keeps the client alive until
    /// [`close`](Self::close); capture a [`WeakRtmServerClient`]
    /// ([`downgrade`](Self::downgrade)) instead:
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, rmpv::Value, RtmServerClient};
    /// # let server = MockServer::start()?;
    /// let client = RtmServerClient::new(server.client_config())?;
    /// let weak = client.downgrade();
    /// client.set_push_callback(move |method: &str, payload: &Value| {
    ///     if let (Some(client), Some(rid)) = (weak.upgrade(), payload["rid"].as_i64()) {
    ///         println!("{method} in room {rid}: {} members", client.get_room_members(rid).call().map_or(0, |m| m.len()));
    ///     }
    /// });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_push_callback(&self, callback: impl PushCallback) {
        *self.inner.engine.hooks().push.write() = Some(Arc::new(callback));
    }

    /// Removes the push callback.
    pub fn clear_push_callback(&self) {
        *self.inner.engine.hooks().push.write() = None;
    }

    /// The blocking form of a call.
    pub(crate) fn call<C: Call>(
        &self,
        call: C,
        timeout: Option<Duration>,
    ) -> Result<C::Output, QuestError> {
        let parse = call.parser();
        let trace = CallTrace::new(call.name(), "blocking");
        self.warn_if_on_async_runtime(&trace.method);
        let (tx, rx) = oneshot::channel();
        let deadline = match self.submit(&call, timeout, Completer::Blocking(tx), &trace) {
            Ok(deadline) => deadline,
            Err(error) => return trace.finish(Err(error)),
        };
        let reply = match rx.recv_deadline(deadline_after(deadline, BLOCKING_BACKSTOP)) {
            Ok(reply) => reply,
            Err(oneshot::RecvTimeoutError::Timeout) => Err(QuestError::timeout(
                "timeout: the I/O thread did not answer",
            )),
            Err(oneshot::RecvTimeoutError::Disconnected) => Err(closed_error()),
        };
        trace.finish(reply.and_then(|payload| parse(&payload)))
    }

    /// With the `tokio` feature: warns once per client when a blocking call is made where
    /// it stalls a tokio runtime (in an async task or `block_on`; not in `spawn_blocking`).
    fn warn_if_on_async_runtime(&self, method: &str) {
        #[cfg(feature = "tokio")]
        if !self
            .inner
            .warned_blocking
            .load(std::sync::atomic::Ordering::Relaxed)
            && runtime::on_async_runtime_thread()
            && !self
                .inner
                .warned_blocking
                .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            tracing::warn!(
                method,
                "a blocking call was made on a thread of a tokio runtime: it stalls that thread \
                 until the answer (and with it every task the thread runs); use the call's \
                 `.await` form, or move it into `tokio::task::spawn_blocking`"
            );
        }
        #[cfg(not(feature = "tokio"))]
        let _ = method;
    }

    /// The async form of a call: encodes and hands it to the I/O thread now (so borrowed
    /// arguments need not outlive the call), and returns a future of its outcome.
    pub(crate) fn call_async<C: Call>(
        &self,
        call: C,
        timeout: Option<Duration>,
    ) -> CallFuture<C::Output> {
        let parse = call.parser();
        let trace = CallTrace::new(call.name(), "async");
        let (tx, rx) = oneshot::channel();
        match self.submit(&call, timeout, Completer::Blocking(tx), &trace) {
            Ok(_) => CallFuture {
                state: FutureState::Waiting(
                    rx.into_future(),
                    parse,
                    self.inner.engine.shared().clone(),
                ),
                trace,
            },
            Err(error) => CallFuture {
                state: FutureState::Ready(error),
                trace,
            },
        }
    }

    /// The callback form of a call. When the call is refused before anything is sent
    /// (invalid arguments, closed client), `done` runs on the callback thread too.
    pub(crate) fn call_with_callback<C: Call>(
        &self,
        call: C,
        timeout: Option<Duration>,
        done: impl FnOnce(Result<C::Output, QuestError>) + Send + 'static,
    ) {
        // A plain function pointer, so the callback does not borrow the call's arguments.
        let parse = call.parser();
        let trace = CallTrace::new(call.name(), "callback");
        let io_trace = trace.for_io_thread();
        let guarded = GuardedReply::new(
            move |reply: Reply| done(trace.finish(reply.and_then(|payload| parse(&payload)))),
            self.inner.engine.jobs(),
        );
        let completer = Completer::Callback(Box::new(move |reply: Reply| guarded.run(reply)));
        if let Err((error, Completer::Callback(callback))) =
            self.submit_or_return(&call, timeout, completer, io_trace)
        {
            self.inner
                .engine
                .run_on_callback_thread(Box::new(move || callback(Err(error))));
        }
    }

    /// The callback form of a call that may have been refused before it was built (`Err`):
    /// either way, `done` runs once, on the callback thread.
    pub(crate) fn call_or_refuse_with_callback<C: Call>(
        &self,
        call: Result<C, QuestError>,
        timeout: Option<Duration>,
        done: impl FnOnce(Result<C::Output, QuestError>) + Send + 'static,
    ) {
        match call {
            Ok(call) => self.call_with_callback(call, timeout, done),
            Err(error) => self.refuse_with_callback(error, done),
        }
    }

    /// The async form of a call that may have been refused before it was built: the call
    /// handed on at once, or a future that gives the refusal.
    pub(crate) fn call_or_refuse_future<C: Call>(
        &self,
        call: Result<C, QuestError>,
        timeout: Option<Duration>,
    ) -> CallFuture<C::Output> {
        match call {
            Ok(call) => self.call_async(call, timeout),
            Err(error) => CallFuture::refused(error),
        }
    }

    /// Ends a callback-form call refused before it was built: the callback runs on the
    /// callback thread, as every other outcome.
    pub(crate) fn refuse_with_callback<T: 'static>(
        &self,
        error: QuestError,
        done: impl FnOnce(Result<T, QuestError>) + Send + 'static,
    ) {
        self.inner
            .engine
            .run_on_callback_thread(Box::new(move || done(Err(error))));
    }

    fn submit<C: Call>(
        &self,
        call: &C,
        timeout: Option<Duration>,
        completer: Completer,
        trace: &CallTrace,
    ) -> Result<Instant, QuestError> {
        self.submit_or_return(call, timeout, completer, trace.for_io_thread())
            .map_err(|(error, _)| error)
    }

    /// Signs and encodes the call and hands it to the I/O thread; on refusal gives the
    /// completer back with the error.
    fn submit_or_return<C: Call>(
        &self,
        call: &C,
        timeout: Option<Duration>,
        completer: Completer,
        span: Option<tracing::Span>,
    ) -> Result<Instant, (QuestError, Completer)> {
        if self.is_closed() {
            return Err((closed_error(), completer));
        }
        let frame = match call.validate().and_then(|()| self.encode(call)) {
            Ok(frame) => frame,
            Err(error) => return Err((error, completer)),
        };
        let timeout = timeout.unwrap_or_else(|| self.quest_timeout());
        let deadline = deadline_after(Instant::now(), timeout);
        let quest = Quest {
            frame,
            deadline,
            timeout,
            completer,
            on_ok: call.on_ok(),
            span: span.map(Box::new),
        };
        match self.inner.engine.submit(Command::Quest(quest)) {
            Ok(()) => Ok(deadline),
            Err(Command::Quest(quest)) => Err((closed_error(), quest.completer)),
            Err(_) => unreachable!("submit gives back the command it was given"),
        }
    }

    fn encode<C: Call>(&self, call: &C) -> Result<Vec<u8>, QuestError> {
        let config = &self.inner.config;
        crate::wire::call::encode(config.pid(), config.secret(), config.max_frame_len(), call)
    }
}

/// An awaited call: what `.await` on a request gives. The call was encoded and handed to
/// the I/O thread when the future was made (`IntoFuture`); the future resolves when the
/// I/O thread ends the call (answer, error, timeout at its deadline, connection loss).
/// Runtime-agnostic: the I/O thread wakes the task. Dropped before that, it abandons the
/// call: its quest is not sent if it was not yet, and its slot is let go.
#[must_use = "the call was handed on already; dropping its future abandons it and loses its outcome"]
pub struct CallFuture<T> {
    state: FutureState<T>,
    trace: CallTrace,
}

enum FutureState<T> {
    Waiting(
        oneshot::AsyncReceiver<Reply>,
        crate::wire::call::Reader<T>,
        Arc<crate::engine::Shared>,
    ),
    Ready(QuestError),
    Done,
}

impl<T> CallFuture<T> {
    /// A future that gives a refusal made before anything was sent.
    pub(crate) fn refused(error: QuestError) -> Self {
        CallFuture {
            state: FutureState::Ready(error),
            trace: CallTrace::unnamed(),
        }
    }
}

impl<T> std::fmt::Debug for CallFuture<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallFuture")
            .field("method", &self.trace.method)
            .finish_non_exhaustive()
    }
}

impl<T> std::future::Future for CallFuture<T> {
    type Output = Result<T, QuestError>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let outcome = match &mut self.state {
            FutureState::Done => {
                return std::task::Poll::Ready(Err(QuestError::new(
                    codes::CORE_UNKNOWN_ERROR,
                    "the call's future was polled after it had completed",
                )));
            }
            FutureState::Ready(_) => None,
            FutureState::Waiting(rx, parse, _) => match std::pin::Pin::new(rx).poll(cx) {
                std::task::Poll::Pending => return std::task::Poll::Pending,
                std::task::Poll::Ready(Ok(reply)) => {
                    Some(reply.and_then(|payload| parse(&payload)))
                }
                std::task::Poll::Ready(Err(_)) => Some(Err(closed_error())),
            },
        };
        let state = std::mem::replace(&mut self.state, FutureState::Done);
        let outcome = match (outcome, state) {
            (Some(outcome), _) => outcome,
            (None, FutureState::Ready(error)) => Err(error),
            (None, _) => unreachable!("only a ready future has no outcome here"),
        };
        std::task::Poll::Ready(self.trace.finish(outcome))
    }
}

impl<T> Drop for CallFuture<T> {
    fn drop(&mut self) {
        if let FutureState::Waiting(rx, _, shared) =
            std::mem::replace(&mut self.state, FutureState::Done)
            && !rx.has_message()
            && !rx.is_closed()
        {
            // Nobody will take the outcome: the I/O thread frees the call's slot. The
            // receiver goes first, so that the sweep this wakes sees the call as abandoned.
            drop(rx);
            shared.abandon();
        }
    }
}

/// What a call's outcome is recorded against: its FPNN method (named in its error) and
/// its `rtm_call` tracing span (method, ending, connection, seq, then the outcome's code
/// and the latency). With no subscriber interested, the span is disabled and costs a
/// check; no clock is read.
pub(crate) struct CallTrace {
    method: std::borrow::Cow<'static, str>,
    /// The span and when the call started, only while a subscriber listens (boxed: a
    /// callback-form call carries this for its whole flight).
    live: Option<Box<(tracing::Span, Instant)>>,
}

impl CallTrace {
    /// The trace of a call refused before it was built: no method, no span (as the
    /// blocking and callback endings of a refusal).
    pub(crate) fn unnamed() -> Self {
        CallTrace {
            method: "".into(),
            live: None,
        }
    }

    pub(crate) fn new(method: std::borrow::Cow<'static, str>, ending: &'static str) -> Self {
        let span = tracing::debug_span!(
            "rtm_call",
            method = %method,
            ending,
            connection = tracing::field::Empty,
            seq = tracing::field::Empty,
            code = tracing::field::Empty,
            latency_us = tracing::field::Empty,
        );
        let live = (!span.is_disabled()).then(|| Box::new((span, Instant::now())));
        CallTrace { method, live }
    }

    /// The span, for the I/O thread to record the connection and seq in; `None` when
    /// nobody listens.
    pub(crate) fn for_io_thread(&self) -> Option<tracing::Span> {
        self.live.as_ref().map(|live| live.0.clone())
    }

    /// Names the method in an error and records the outcome in the span.
    pub(crate) fn finish<T>(&self, outcome: Result<T, QuestError>) -> Result<T, QuestError> {
        let outcome = if self.method.is_empty() {
            outcome
        } else {
            outcome.map_err(|e| e.in_method(&self.method))
        };
        if let Some(live) = &self.live {
            let (span, started) = &**live;
            let code = outcome.as_ref().err().map_or(0, |e| e.code);
            span.record("code", code);
            let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
            span.record("latency_us", micros);
        }
        outcome
    }
}

fn closed_error() -> QuestError {
    QuestError::connection_closed("client closed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_send_sync_and_cheap_to_clone() {
        fn assert_traits<T: Send + Sync + Clone>() {}
        assert_traits::<RtmServerClient>();
        assert_eq!(
            std::mem::size_of::<RtmServerClient>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn a_call_future_polled_after_it_completed_says_so() {
        use std::future::Future;
        let mut future: CallFuture<()> = CallFuture {
            state: FutureState::Ready(QuestError::new(200030, "refused")),
            trace: CallTrace::new("getroominfo".into(), "async"),
        };
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut pinned = std::pin::Pin::new(&mut future);
        let first = pinned.as_mut().poll(&mut cx);
        assert!(
            matches!(first, std::task::Poll::Ready(Err(e)) if e.code == 200030 && e.method() == Some("getroominfo"))
        );
        let std::task::Poll::Ready(Err(again)) = pinned.as_mut().poll(&mut cx) else {
            panic!("a completed future is ready");
        };
        assert!(
            again.message.contains("polled after it had completed"),
            "{again}"
        );
        assert!(!again.is_connection_closed());
    }
}
