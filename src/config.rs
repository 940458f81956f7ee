//! Client configuration: the three required values and documented defaults for the rest.

use std::fmt;
use std::time::Duration;

use crate::error::QuestError;
#[cfg(feature = "encryption")]
use crate::wire::crypto::{Curve, EncryptionConfig, EncryptionError, Mode, ServerKey, Strength};
use crate::wire::sign::Secret;

/// Default largest frame sent or accepted: 8 MiB.
pub const DEFAULT_MAX_FRAME_LEN: usize = crate::wire::codec::DEFAULT_MAX_FRAME_LEN;
/// Default time a call waits for its answer: 30 s, as every current official SDK.
pub const DEFAULT_QUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time allowed to establish a TCP connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default idle time after which the client sends FPNN's `*ping`: well under the FPNN
/// server's 60 s idle timeout.
pub const DEFAULT_KEEP_ALIVE_INTERVAL: Duration = Duration::from_secs(20);
/// Default time a `*ping` waits for its answer before another is sent.
pub const DEFAULT_KEEP_ALIVE_TIMEOUT: Duration = Duration::from_secs(5);
/// How many unanswered `*ping` periods (after the idle interval) make the connection lost.
pub const KEEP_ALIVE_MAX_MISSED: u32 = 3;
/// Default for background reconnection: off (the next call reconnects, as the Python SDK).
pub const DEFAULT_AUTO_RECONNECT: bool = false;
/// Default number of background reconnect attempts made at once before backing off.
pub const DEFAULT_RECONNECT_IMMEDIATE_ATTEMPTS: u32 = 3;
/// Default first backoff delay between background reconnect attempts.
pub const DEFAULT_RECONNECT_MIN_DELAY: Duration = Duration::from_millis(500);
/// Default longest backoff delay between background reconnect attempts.
pub const DEFAULT_RECONNECT_MAX_DELAY: Duration = Duration::from_secs(30);
/// Default growth factor of the backoff delay.
pub const DEFAULT_RECONNECT_FACTOR: f64 = 2.0;
/// Default number of calls that may wait for a connection; further calls fail at once
/// with 20007.
pub const DEFAULT_MAX_QUEUED_QUESTS: usize = 100_000;

/// Default number of bytes of quests the client holds for a connection's socket; a call
/// that does not fit ends at once with 20007.
pub const DEFAULT_MAX_SEND_BUFFER: usize = 16 * 1024 * 1024;
/// Default bytes of server pushes that may wait for the callback thread; further pushes
/// are dropped and counted until it catches up.
pub const DEFAULT_MAX_PUSH_BACKLOG: usize = 16 * 1024 * 1024;
/// Default time a file gateway connection stays open without a file sent through it:
/// 30 s, clearly shorter than the FPNN server's own 60 s idle close.
pub const DEFAULT_FILE_GATEWAY_IDLE: Duration = Duration::from_secs(30);
pub use crate::time::FOREVER;
/// How long a message push is remembered by the duplicate filter: 300 s.
pub const DEFAULT_PUSH_DEDUP_TTL: Duration = Duration::from_secs(300);
/// How many keys each of the duplicate filter's three caches holds at most; the oldest go
/// first beyond it.
pub const DEFAULT_PUSH_DEDUP_CAPACITY: usize = 100_000;

/// The largest `max_frame_len` accepted (2 GiB); larger values are taken as this.
pub const MAX_FRAME_LEN_LIMIT: usize = 1 << 31;
/// The shortest keep-alive `*ping` timeout; shorter ones (zero included) are taken as this.
pub const MIN_KEEP_ALIVE_TIMEOUT: Duration = Duration::from_millis(1);
/// The most background reconnect attempts made at once, without a delay, before backing
/// off; larger counts given to
/// [`reconnect_backoff`](ClientConfigBuilder::reconnect_backoff) are taken as this, so a
/// dead server is never retried in a loop that keeps a core busy.
pub const MAX_RECONNECT_IMMEDIATE_ATTEMPTS: u32 = 10;
/// The shortest keep-alive interval; shorter ones given to
/// [`keep_alive`](ClientConfigBuilder::keep_alive) (other than zero, which turns keep-alive
/// off) are taken as this, so `*ping` is never sent in a loop, once per answer.
pub const MIN_KEEP_ALIVE_INTERVAL: Duration = Duration::from_millis(100);
/// The shortest delay between background reconnect attempts once backing off; shorter
/// ones (zero included) are taken as this, so a dead server is never retried in a hot loop.
pub const MIN_RECONNECT_DELAY: Duration = Duration::from_millis(10);

pub(crate) use crate::time::{deadline_after, saturate};

/// Why `endpoint` is not `host:port` as [`ClientConfig::validate`] documents it.
fn check_endpoint(endpoint: &str) -> Result<(), &'static str> {
    if endpoint.is_empty() {
        return Err("it is empty; give host:port");
    }
    if endpoint
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err("it contains whitespace or control characters");
    }
    if endpoint.contains("://") {
        return Err("give host:port, without a scheme");
    }
    let Some((host, port)) = endpoint.rsplit_once(':') else {
        return Err("it has no port; give host:port");
    };
    let port_ok = !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u16>().is_ok_and(|p| p != 0);
    if !port_ok {
        return Err("the port is not in 1..=65535");
    }
    if host.is_empty() {
        return Err("the host is empty");
    }
    if host.starts_with('[') {
        // Only what the standard library can connect to: an IPv6 address (with a numeric
        // scope id) in brackets.
        if endpoint.parse::<std::net::SocketAddrV6>().is_err() {
            return Err("the host is not an IPv6 address in brackets");
        }
        return Ok(());
    }
    if host.contains(':') {
        return Err("an IPv6 address goes in brackets: [addr]:port");
    }
    if !host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    {
        return Err("the host is not a DNS name or an IP address");
    }
    Ok(())
}

/// What an [`RtmServerClient`](crate::RtmServerClient) connects to and how it behaves.
///
/// [`ClientConfig::new`] gives every default; [`ClientConfig::builder`] changes them. The
/// getters read the values back.
///
/// ```
/// use std::time::Duration;
/// use rtm_server_sdk::ClientConfig;
///
/// let config = ClientConfig::builder("rtm.example.com:13315", 11000001, "secret-key")
///     .quest_timeout(Duration::from_secs(5))
///     .auto_reconnect(true)
///     .build();
/// assert_eq!(config.pid(), 11000001);
/// assert_eq!(config.quest_timeout(), Duration::from_secs(5));
/// assert!(!format!("{config:?}").contains("secret-key"));
/// ```
///
/// # Durations and sizes
///
/// Every duration is accepted, [`Duration::ZERO`] and [`Duration::MAX`] included: anything
/// longer than [`FOREVER`] (about a century) is taken as `FOREVER`, "as good as never".
/// What zero means is said at each setter.
#[derive(Clone)]
pub struct ClientConfig {
    endpoint: String,
    pid: i32,
    secret: Secret,
    quest_timeout: Duration,
    connect_timeout: Duration,
    keep_alive_interval: Option<Duration>,
    keep_alive_timeout: Duration,
    auto_reconnect: bool,
    reconnect_immediate_attempts: u32,
    reconnect_min_delay: Duration,
    reconnect_max_delay: Duration,
    reconnect_factor: f64,
    max_frame_len: usize,
    max_queued_quests: usize,
    max_send_buffer: usize,
    max_push_backlog: usize,
    push_dedup_ttl: Duration,
    file_gateway_idle: Duration,
    #[cfg(feature = "encryption")]
    encryption: Option<EncryptionConfig>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Destructured so that a new field has to be thought about here.
        let ClientConfig {
            endpoint,
            pid,
            secret: _,
            quest_timeout,
            connect_timeout,
            keep_alive_interval,
            keep_alive_timeout,
            auto_reconnect,
            reconnect_immediate_attempts,
            reconnect_min_delay,
            reconnect_max_delay,
            reconnect_factor,
            max_frame_len,
            max_queued_quests,
            max_send_buffer,
            max_push_backlog,
            push_dedup_ttl,
            file_gateway_idle,
            #[cfg(feature = "encryption")]
            encryption,
        } = self;
        let mut f = f.debug_struct("ClientConfig");
        #[cfg(feature = "encryption")]
        f.field("encryption", encryption);
        f.field("endpoint", endpoint)
            .field("pid", pid)
            .field("secret", &"<redacted>")
            .field("quest_timeout", quest_timeout)
            .field("connect_timeout", connect_timeout)
            .field("keep_alive_interval", keep_alive_interval)
            .field("keep_alive_timeout", keep_alive_timeout)
            .field("auto_reconnect", auto_reconnect)
            .field("reconnect_immediate_attempts", reconnect_immediate_attempts)
            .field("reconnect_min_delay", reconnect_min_delay)
            .field("reconnect_max_delay", reconnect_max_delay)
            .field("reconnect_factor", reconnect_factor)
            .field("max_frame_len", max_frame_len)
            .field("max_queued_quests", max_queued_quests)
            .field("max_send_buffer", max_send_buffer)
            .field("max_push_backlog", max_push_backlog)
            .field("push_dedup_ttl", push_dedup_ttl)
            .field("file_gateway_idle", file_gateway_idle)
            .finish()
    }
}

impl ClientConfig {
    /// A configuration with the required values and every default.
    ///
    /// `endpoint` is `host:port`: a DNS name, an IPv4 address or a bracketed IPv6 address
    /// (`[::1]:13315`). `pid` is the project id and `secret` the project's secret key.
    ///
    /// ```
    /// use rtm_server_sdk::ClientConfig;
    ///
    /// let config = ClientConfig::new("[::1]:13315", 11000001, "secret-key");
    /// assert_eq!(config.endpoint(), "[::1]:13315");
    /// ```
    pub fn new(endpoint: impl Into<String>, pid: i32, secret: impl Into<Secret>) -> Self {
        ClientConfig {
            endpoint: endpoint.into(),
            pid,
            secret: secret.into(),
            quest_timeout: DEFAULT_QUEST_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            keep_alive_interval: Some(DEFAULT_KEEP_ALIVE_INTERVAL),
            keep_alive_timeout: DEFAULT_KEEP_ALIVE_TIMEOUT,
            auto_reconnect: DEFAULT_AUTO_RECONNECT,
            reconnect_immediate_attempts: DEFAULT_RECONNECT_IMMEDIATE_ATTEMPTS,
            reconnect_min_delay: DEFAULT_RECONNECT_MIN_DELAY,
            reconnect_max_delay: DEFAULT_RECONNECT_MAX_DELAY,
            reconnect_factor: DEFAULT_RECONNECT_FACTOR,
            max_frame_len: DEFAULT_MAX_FRAME_LEN,
            max_queued_quests: DEFAULT_MAX_QUEUED_QUESTS,
            max_send_buffer: DEFAULT_MAX_SEND_BUFFER,
            max_push_backlog: DEFAULT_MAX_PUSH_BACKLOG,
            push_dedup_ttl: DEFAULT_PUSH_DEDUP_TTL,
            file_gateway_idle: DEFAULT_FILE_GATEWAY_IDLE,
            #[cfg(feature = "encryption")]
            encryption: None,
        }
    }

    /// A builder starting from [`ClientConfig::new`]'s defaults.
    pub fn builder(
        endpoint: impl Into<String>,
        pid: i32,
        secret: impl Into<Secret>,
    ) -> ClientConfigBuilder {
        ClientConfigBuilder {
            config: ClientConfig::new(endpoint, pid, secret),
        }
    }

    /// A builder from the environment, for services configured the twelve-factor way:
    /// `RTM_ENDPOINT` (`host:port`), `RTM_PID` and `RTM_SECRET`, and optionally
    /// `RTM_QUEST_TIMEOUT` and `RTM_CONNECT_TIMEOUT` (seconds, fractions allowed: `2.5`).
    ///
    /// `Ok(None)` when none of the three required variables is set (a program can then
    /// fall back to the embedded mock, as the examples do); an error (40001,
    /// [`QuestError::is_config_error`]) when only some are, or a value does not parse,
    /// naming the variable and never the secret's value. [`RtmServerClient::new`](crate::RtmServerClient::new)
    /// checks the values themselves.
    ///
    /// ```
    /// use rtm_server_sdk::ClientConfig;
    ///
    /// match ClientConfig::from_env()? {
    ///     Some(config) => println!("the service at {}", config.build().endpoint()),
    ///     None => println!("RTM_ENDPOINT, RTM_PID and RTM_SECRET are not set"),
    /// }
    /// # Ok::<(), rtm_server_sdk::QuestError>(())
    /// ```
    pub fn from_env() -> Result<Option<ClientConfigBuilder>, QuestError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) over any source of variables.
    fn from_vars(
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<ClientConfigBuilder>, QuestError> {
        let (endpoint, pid, secret) = (var("RTM_ENDPOINT"), var("RTM_PID"), var("RTM_SECRET"));
        let (endpoint, pid, secret) = match (endpoint, pid, secret) {
            (None, None, None) => return Ok(None),
            // Values mounted from files often end with a newline.
            (Some(endpoint), Some(pid), Some(secret)) => {
                (endpoint.trim().to_string(), pid, secret.trim().to_string())
            }
            (endpoint, pid, secret) => {
                let missing: Vec<&str> = [
                    ("RTM_ENDPOINT", endpoint.is_none()),
                    ("RTM_PID", pid.is_none()),
                    ("RTM_SECRET", secret.is_none()),
                ]
                .into_iter()
                .filter_map(|(name, missing)| missing.then_some(name))
                .collect();
                return Err(QuestError::invalid_config(format!(
                    "{} not set (RTM_ENDPOINT, RTM_PID and RTM_SECRET go together)",
                    missing.join(", ")
                )));
            }
        };
        // The value is not quoted: were the variables swapped, it would be the secret.
        let pid = pid.trim().parse::<i32>().map_err(|_| {
            QuestError::invalid_config("RTM_PID is not a project id (a whole number)")
        })?;
        let mut builder = ClientConfig::builder(endpoint, pid, secret);
        let seconds = |name: &str| -> Result<Option<Duration>, QuestError> {
            let Some(text) = var(name) else {
                return Ok(None);
            };
            text.trim()
                .parse::<f64>()
                .ok()
                .and_then(|s| Duration::try_from_secs_f64(s).ok())
                .map(Some)
                .ok_or_else(|| {
                    QuestError::invalid_config(format!(
                        "{name} {text:?} is not a number of seconds"
                    ))
                })
        };
        if let Some(timeout) = seconds("RTM_QUEST_TIMEOUT")? {
            builder = builder.quest_timeout(timeout);
        }
        if let Some(timeout) = seconds("RTM_CONNECT_TIMEOUT")? {
            builder = builder.connect_timeout(timeout);
        }
        Ok(Some(builder))
    }

    /// A builder starting from this configuration.
    pub fn to_builder(&self) -> ClientConfigBuilder {
        ClientConfigBuilder {
            config: self.clone(),
        }
    }

    /// The endpoint, `host:port`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The project id.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// The project secret (its `Debug` prints `<redacted>`).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The default call timeout, for requests without `.timeout(..)`.
    pub fn quest_timeout(&self) -> Duration {
        self.quest_timeout
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The keep-alive interval, `None` when keep-alive is off.
    pub fn keep_alive(&self) -> Option<Duration> {
        self.keep_alive_interval
    }

    /// The keep-alive `*ping` timeout.
    pub fn keep_alive_timeout(&self) -> Duration {
        self.keep_alive_timeout
    }

    /// Whether the client reconnects in the background.
    pub fn auto_reconnect(&self) -> bool {
        self.auto_reconnect
    }

    /// The backoff: `(immediate_attempts, min_delay, max_delay, factor)`.
    pub fn reconnect_backoff(&self) -> (u32, Duration, Duration, f64) {
        (
            self.reconnect_immediate_attempts,
            self.reconnect_min_delay,
            self.reconnect_max_delay,
            self.reconnect_factor,
        )
    }

    /// The largest frame sent or accepted.
    pub fn max_frame_len(&self) -> usize {
        self.max_frame_len
    }

    /// How many calls may wait for a connection.
    pub fn max_queued_quests(&self) -> usize {
        self.max_queued_quests
    }

    /// How many bytes of quests the client holds for the socket.
    pub fn max_send_buffer(&self) -> usize {
        self.max_send_buffer
    }

    /// How many bytes of server pushes may wait for the callback thread.
    pub fn max_push_backlog(&self) -> usize {
        self.max_push_backlog
    }

    /// How long the duplicate filter remembers a message push.
    pub fn push_dedup_ttl(&self) -> Duration {
        self.push_dedup_ttl
    }

    /// How long a file gateway connection stays open after its last send ended.
    pub fn file_gateway_idle(&self) -> Duration {
        self.file_gateway_idle
    }

    /// The encryption settings, `None` when connections are not encrypted.
    #[cfg(feature = "encryption")]
    pub fn encryption(&self) -> Option<&EncryptionConfig> {
        self.encryption.as_ref()
    }

    /// Checks the values that no connection could work with, before any is tried:
    ///
    /// - the endpoint is `host:port`: a DNS name (letters, digits, `-`, `.`, `_`), an IPv4
    ///   address or a bracketed IPv6 address (`[::1]:13315`), then a port in `1..=65535`;
    ///   no scheme (`http://`), path or whitespace;
    /// - the pid is positive;
    /// - the secret is not empty.
    ///
    /// The error ([`QuestError::is_config_error`], code
    /// [`CLIENT_INVALID_CONFIG`](crate::error::codes::CLIENT_INVALID_CONFIG)) names the bad
    /// value, never the secret. It is not a connection error: retrying cannot help.
    /// [`RtmServerClient::new`](crate::RtmServerClient::new) calls it first.
    ///
    /// ```
    /// use rtm_server_sdk::ClientConfig;
    ///
    /// assert!(ClientConfig::new("rtm.example.com:13315", 11000001, "key").validate().is_ok());
    /// let error = ClientConfig::new("rtm.example.com", 11000001, "key").validate().unwrap_err();
    /// assert!(error.is_config_error() && !error.is_connection_error());
    /// assert!(error.message.contains("\"rtm.example.com\""));
    /// ```
    pub fn validate(&self) -> Result<(), QuestError> {
        if let Err(why) = check_endpoint(&self.endpoint) {
            return Err(QuestError::invalid_config(format!(
                "invalid endpoint {:?}: {why}",
                self.endpoint
            )));
        }
        if self.pid <= 0 {
            return Err(QuestError::invalid_config(format!(
                "invalid pid {}: a project id is positive",
                self.pid
            )));
        }
        if self.secret.is_empty() {
            return Err(QuestError::invalid_config("invalid secret: it is empty"));
        }
        Ok(())
    }

    pub(crate) fn set_quest_timeout(&mut self, timeout: Duration) {
        self.quest_timeout = saturate(timeout);
    }

    /// The delay before background reconnect attempt number `failures + 1`.
    pub(crate) fn reconnect_delay(&self, failures: u32) -> Duration {
        if failures < self.reconnect_immediate_attempts {
            return Duration::ZERO;
        }
        let steps = (failures - self.reconnect_immediate_attempts).min(64) as i32;
        let secs = self.reconnect_min_delay.as_secs_f64() * self.reconnect_factor.powi(steps);
        let capped = secs.min(self.reconnect_max_delay.as_secs_f64());
        Duration::try_from_secs_f64(capped).map_or(self.reconnect_max_delay, saturate)
    }
}

/// Builds a [`ClientConfig`]: consuming setters, each with a documented default.
///
/// [`RtmServerClient::new`](crate::RtmServerClient::new) takes the builder as it is, or
/// call [`build`](Self::build).
///
/// ```
/// use std::time::Duration;
/// use rtm_server_sdk::{ClientConfig, RtmServerClient};
///
/// let builder = ClientConfig::builder("127.0.0.1:13315", 11000001, "secret-key")
///     .connect_timeout(Duration::from_secs(2))
///     .keep_alive(None);
/// let client = RtmServerClient::new(builder)?; // connects on the first call
/// assert_eq!(client.config().keep_alive(), None);
/// # Ok::<(), rtm_server_sdk::QuestError>(())
/// ```
#[derive(Clone)]
pub struct ClientConfigBuilder {
    config: ClientConfig,
}

impl fmt::Debug for ClientConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ClientConfigBuilder")
            .field(&self.config)
            .finish()
    }
}

impl From<ClientConfigBuilder> for ClientConfig {
    fn from(builder: ClientConfigBuilder) -> Self {
        builder.build()
    }
}

impl ClientConfigBuilder {
    /// The configuration, as it is: [`RtmServerClient::new`](crate::RtmServerClient::new)
    /// validates it ([`ClientConfig::validate`]). [`try_build`](Self::try_build) validates
    /// it now.
    pub fn build(self) -> ClientConfig {
        self.config
    }

    /// The configuration, once [`ClientConfig::validate`] accepts it: a malformed endpoint,
    /// a pid of 0 or less or an empty secret is a configuration error
    /// ([`QuestError::is_config_error`]) naming the bad value (never the secret).
    ///
    /// ```
    /// use rtm_server_sdk::ClientConfig;
    ///
    /// let config = ClientConfig::builder("[::1]:13315", 11000001, "key").try_build()?;
    /// assert_eq!(config.endpoint(), "[::1]:13315");
    /// let error = ClientConfig::builder("[::1]:13315", 0, "key").try_build().unwrap_err();
    /// assert!(error.is_config_error());
    /// # Ok::<(), rtm_server_sdk::QuestError>(())
    /// ```
    pub fn try_build(self) -> Result<ClientConfig, QuestError> {
        self.config.validate()?;
        Ok(self.config)
    }

    /// Sets the default time a call waits for its answer (used by a request without
    /// `.timeout(..)`). Default [`DEFAULT_QUEST_TIMEOUT`]. Zero means what a request's own
    /// `.timeout(Duration::ZERO)` means: the call ends at once with 20003 and is not sent.
    /// (Coming from the Python SDK, where `timeout = 0` meant "the default": here the
    /// default is a request without `.timeout(..)`.)
    pub fn quest_timeout(mut self, timeout: Duration) -> Self {
        self.config.quest_timeout = saturate(timeout);
        self
    }

    /// Sets the time allowed to establish a connection (name resolution, TCP and, with
    /// encryption, the key exchange). Default [`DEFAULT_CONNECT_TIMEOUT`]. Zero makes every
    /// connect attempt fail at once with 20012.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = saturate(timeout);
        self
    }

    /// Sets the idle interval after which `*ping` is sent, or `None` to send none.
    /// Default [`DEFAULT_KEEP_ALIVE_INTERVAL`]. When nothing at all is received for
    /// `interval + KEEP_ALIVE_MAX_MISSED × keep_alive_timeout`, the connection is closed as
    /// lost. `Some(Duration::ZERO)` turns keep-alive off, as `None` does; any other
    /// interval below [`MIN_KEEP_ALIVE_INTERVAL`] (100 ms) is taken as that.
    pub fn keep_alive(mut self, interval: Option<Duration>) -> Self {
        self.config.keep_alive_interval = interval
            .filter(|d| !d.is_zero())
            .map(|d| saturate(d).max(MIN_KEEP_ALIVE_INTERVAL));
        self
    }

    /// Sets how long a `*ping` waits for its answer. Default [`DEFAULT_KEEP_ALIVE_TIMEOUT`].
    /// Below [`MIN_KEEP_ALIVE_TIMEOUT`] (zero included) it is taken as that.
    pub fn keep_alive_timeout(mut self, timeout: Duration) -> Self {
        self.config.keep_alive_timeout = saturate(timeout).max(MIN_KEEP_ALIVE_TIMEOUT);
        self
    }

    /// Reconnect in the background after an unexpected close, with backoff. Off by default:
    /// then the next call reconnects. Default [`DEFAULT_AUTO_RECONNECT`].
    pub fn auto_reconnect(mut self, on: bool) -> Self {
        self.config.auto_reconnect = on;
        self
    }

    /// Sets the background reconnect backoff: `immediate_attempts` attempts at once, then
    /// delays from `min_delay` growing by `factor` up to `max_delay`. A connection that
    /// lives less than 1.5 s counts as a failed attempt. More than
    /// [`MAX_RECONNECT_IMMEDIATE_ATTEMPTS`] (10) immediate attempts are taken as that;
    /// delays below [`MIN_RECONNECT_DELAY`] (zero included) as that; a factor below 1 (or
    /// not a number) as 1.
    pub fn reconnect_backoff(
        mut self,
        immediate_attempts: u32,
        min_delay: Duration,
        max_delay: Duration,
        factor: f64,
    ) -> Self {
        let min_delay = saturate(min_delay).max(MIN_RECONNECT_DELAY);
        self.config.reconnect_immediate_attempts =
            immediate_attempts.min(MAX_RECONNECT_IMMEDIATE_ATTEMPTS);
        self.config.reconnect_min_delay = min_delay;
        self.config.reconnect_max_delay = saturate(max_delay).max(min_delay);
        self.config.reconnect_factor = if factor.is_finite() && factor >= 1.0 {
            factor
        } else {
            1.0
        };
        self
    }

    /// Sets the largest whole frame sent or accepted. A call whose quest is larger fails
    /// with 20005 and the connection stays; a received frame declaring more closes the
    /// connection. Default [`DEFAULT_MAX_FRAME_LEN`] (8 MiB); at most
    /// [`MAX_FRAME_LEN_LIMIT`], at least a header's worth.
    pub fn max_frame_len(mut self, len: usize) -> Self {
        self.config.max_frame_len =
            len.clamp(crate::wire::codec::HEADER_LEN + 5, MAX_FRAME_LEN_LIMIT);
        self
    }

    /// Sets how many calls may wait for a connection. Default [`DEFAULT_MAX_QUEUED_QUESTS`];
    /// at least 1.
    pub fn max_queued_quests(mut self, n: usize) -> Self {
        self.config.max_queued_quests = n.max(1);
        self
    }

    /// Sets how many bytes of quests the client holds for a connected socket that does not
    /// take them fast enough (a slow or stalled link). A call whose quest does not fit ends
    /// at once with 20007 ("send queue full"). Default [`DEFAULT_MAX_SEND_BUFFER`]
    /// (16 MiB); at least 64 KiB. A single quest larger than the cap is still sent when
    /// nothing else waits.
    pub fn max_send_buffer(mut self, bytes: usize) -> Self {
        self.config.max_send_buffer = bytes.max(64 * 1024);
        self
    }

    /// Sets how many bytes of server pushes (payloads, plus 64 bytes each) may wait for
    /// the callback thread. Pushes arriving while it is full are answered as usual but not
    /// delivered: they are dropped, counted
    /// ([`RtmServerClient::dropped_pushes`](crate::RtmServerClient::dropped_pushes)) and
    /// logged. The outcomes of your own calls are never dropped. Each push stream
    /// ([`RtmServerClient::pushes`](crate::RtmServerClient::pushes)) queues at most as many
    /// bytes too. Default [`DEFAULT_MAX_PUSH_BACKLOG`] (16 MiB); at least 64 KiB.
    pub fn max_push_backlog(mut self, bytes: usize) -> Self {
        self.config.max_push_backlog = bytes.max(64 * 1024);
        self
    }

    /// Sets how long a file gateway connection stays open after its last send ended, with
    /// no send in flight (a send is never cut short; the connection opens again on the
    /// next send). Default [`DEFAULT_FILE_GATEWAY_IDLE`] (30 s); at
    /// least 1 ms.
    pub fn file_gateway_idle(mut self, idle: Duration) -> Self {
        self.config.file_gateway_idle = saturate(idle).max(Duration::from_millis(1));
        self
    }

    /// The same configuration for another endpoint.
    pub(crate) fn endpoint(mut self, endpoint: String) -> Self {
        self.config.endpoint = endpoint;
        self
    }

    /// Sets how long the duplicate filter remembers a message or file push (a push with the
    /// same sender, target and message id within it is answered but not delivered again).
    /// Default [`DEFAULT_PUSH_DEDUP_TTL`] (300 s); zero
    /// turns the filter off.
    pub fn push_dedup_ttl(mut self, ttl: Duration) -> Self {
        self.config.push_dedup_ttl = saturate(ttl);
        self
    }

    /// Encrypts every connection (FPNN's `*key` exchange, then AES-CFB), or with `None`
    /// stops encrypting. Off by default. Read the security model at [`EncryptionConfig`].
    #[cfg(feature = "encryption")]
    pub fn encryption(mut self, encryption: Option<EncryptionConfig>) -> Self {
        self.config.encryption = encryption;
        self
    }

    /// Encrypts every connection with the server public key in a PEM (or DER) file, as the
    /// Python SDK's `enable_encryptor_by_pem_file(pem_pub_file, curve_name, strength)`, in
    /// package mode ([`encryption_mode`](Self::encryption_mode) changes it). A file that
    /// cannot be read or parsed, or a key on another curve than `curve`, is an error now.
    #[cfg(feature = "encryption")]
    pub fn enable_encryptor_by_pem_file(
        self,
        path: impl AsRef<std::path::Path>,
        curve: Curve,
        strength: Strength,
    ) -> Result<Self, EncryptionError> {
        let key = ServerKey::from_file(path)?;
        self.with_server_key(key, curve, strength)
    }

    /// As [`enable_encryptor_by_pem_file`](Self::enable_encryptor_by_pem_file), from PEM text.
    #[cfg(feature = "encryption")]
    pub fn enable_encryptor_by_pem(
        self,
        pem: &str,
        curve: Curve,
        strength: Strength,
    ) -> Result<Self, EncryptionError> {
        let key = ServerKey::from_pem(pem)?;
        self.with_server_key(key, curve, strength)
    }

    /// As [`enable_encryptor_by_pem_file`](Self::enable_encryptor_by_pem_file), from DER bytes.
    #[cfg(feature = "encryption")]
    pub fn enable_encryptor_by_der(
        self,
        der: &[u8],
        curve: Curve,
        strength: Strength,
    ) -> Result<Self, EncryptionError> {
        let key = ServerKey::from_der(der)?;
        self.with_server_key(key, curve, strength)
    }

    #[cfg(feature = "encryption")]
    fn with_server_key(
        self,
        key: ServerKey,
        curve: Curve,
        strength: Strength,
    ) -> Result<Self, EncryptionError> {
        if key.curve() != curve {
            return Err(EncryptionError::CurveMismatch {
                key: key.curve(),
                expected: curve,
            });
        }
        Ok(self.encryption(Some(EncryptionConfig::new(key, strength, Mode::Package))))
    }

    /// Sets package or stream mode for encrypted connections (no effect without encryption).
    #[cfg(feature = "encryption")]
    pub fn encryption_mode(mut self, mode: Mode) -> Self {
        if let Some(encryption) = &mut self.config.encryption {
            encryption.mode = mode;
        }
        self
    }
}

/// The client configurations of a mock server (feature `mock`).
#[cfg(feature = "mock")]
impl crate::mock::MockServer {
    /// A client configuration pointing at this mock, with every default, as a builder to
    /// change them ([`RtmServerClient::new`](crate::RtmServerClient::new) takes it as it is).
    pub fn client_config(&self) -> ClientConfigBuilder {
        ClientConfig::builder(self.endpoint(), self.pid(), self.secret().clone())
    }

    /// A client configuration pointing at this mock with encryption on (package or stream
    /// mode, AES-128 or 256); `None` when the mock has no key.
    #[cfg(feature = "encryption")]
    pub fn encrypted_client_config(
        &self,
        strength: crate::wire::crypto::Strength,
        mode: crate::wire::crypto::Mode,
    ) -> Option<ClientConfigBuilder> {
        let server_key = self.server_key()?;
        Some(
            self.client_config()
                .encryption(Some(crate::wire::crypto::EncryptionConfig::new(
                    server_key, strength, mode,
                ))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let config = ClientConfig::new("127.0.0.1:1", 1, "hunter2-very-secret");
        let text = format!("{config:?} {config:#?}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("<redacted>"));
    }

    #[test]
    fn backoff_starts_immediate_then_grows_to_the_cap() {
        let config = ClientConfig::builder("h:1", 1, "s")
            .reconnect_backoff(2, Duration::from_millis(100), Duration::from_secs(1), 2.0)
            .build();
        let delays: Vec<_> = (0..7).map(|n| config.reconnect_delay(n)).collect();
        assert_eq!(delays[0], Duration::ZERO);
        assert_eq!(delays[1], Duration::ZERO);
        assert_eq!(delays[2], Duration::from_millis(100));
        assert_eq!(delays[3], Duration::from_millis(200));
        assert_eq!(delays[6], Duration::from_secs(1));
    }

    #[test]
    fn every_duration_and_size_is_accepted() {
        for d in [Duration::ZERO, Duration::from_nanos(1), Duration::MAX] {
            let config = ClientConfig::builder("h:1", 1, "s")
                .quest_timeout(d)
                .connect_timeout(d)
                .keep_alive(Some(d))
                .keep_alive_timeout(d)
                .reconnect_backoff(0, d, d, f64::MAX)
                .max_frame_len(usize::MAX)
                .max_send_buffer(usize::MAX)
                .build();
            assert!(config.quest_timeout() <= FOREVER);
            assert!(config.keep_alive_timeout() >= MIN_KEEP_ALIVE_TIMEOUT);
            assert_eq!(config.max_frame_len(), MAX_FRAME_LEN_LIMIT);
            for failures in [0, 1, 10, 1000, u32::MAX] {
                let delay = config.reconnect_delay(failures);
                assert!(
                    (MIN_RECONNECT_DELAY..=FOREVER).contains(&delay),
                    "{delay:?}"
                );
            }
            let now = std::time::Instant::now();
            assert!(deadline_after(now, d) >= now);
        }
        let off = ClientConfig::builder("h:1", 1, "s")
            .keep_alive(Some(Duration::ZERO))
            .build();
        assert_eq!(off.keep_alive(), None);
    }

    #[test]
    fn immediate_attempts_are_clamped_so_a_dead_server_is_soon_retried_with_delays() {
        for asked in [MAX_RECONNECT_IMMEDIATE_ATTEMPTS + 1, 1000, u32::MAX] {
            let config = ClientConfig::builder("h:1", 1, "s")
                .reconnect_backoff(
                    asked,
                    Duration::from_millis(100),
                    Duration::from_secs(1),
                    2.0,
                )
                .build();
            assert_eq!(
                config.reconnect_backoff().0,
                MAX_RECONNECT_IMMEDIATE_ATTEMPTS
            );
            assert_eq!(
                config.reconnect_delay(MAX_RECONNECT_IMMEDIATE_ATTEMPTS - 1),
                Duration::ZERO
            );
            assert_eq!(
                config.reconnect_delay(MAX_RECONNECT_IMMEDIATE_ATTEMPTS),
                Duration::from_millis(100)
            );
        }
        let config = ClientConfig::builder("h:1", 1, "s")
            .reconnect_backoff(7, Duration::from_millis(100), Duration::from_secs(1), 2.0)
            .build();
        assert_eq!(config.reconnect_backoff().0, 7, "values in range are kept");
    }

    #[test]
    fn a_tiny_keep_alive_interval_is_taken_as_the_minimum() {
        for asked in [
            Duration::from_nanos(1),
            Duration::from_millis(1),
            Duration::from_millis(99),
        ] {
            let config = ClientConfig::builder("h:1", 1, "s")
                .keep_alive(Some(asked))
                .build();
            assert_eq!(
                config.keep_alive(),
                Some(MIN_KEEP_ALIVE_INTERVAL),
                "{asked:?}"
            );
        }
        let config = ClientConfig::builder("h:1", 1, "s")
            .keep_alive(Some(Duration::from_secs(3)))
            .build();
        assert_eq!(config.keep_alive(), Some(Duration::from_secs(3)));
    }

    #[test]
    fn file_gateways_close_well_before_the_servers_idle_close() {
        let config = ClientConfig::new("h:1", 1, "s");
        assert_eq!(config.file_gateway_idle(), Duration::from_secs(30));
    }

    #[test]
    fn the_environment_gives_a_config_or_says_which_variable_is_wrong() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(ClientConfig::from_vars(vars(&[])).unwrap().is_none());
        let config = ClientConfig::from_vars(vars(&[
            ("RTM_ENDPOINT", "rtm.example.com:13315\n"),
            ("RTM_PID", " 11000001 "),
            ("RTM_SECRET", "s3cr3t-value\n"),
            ("RTM_QUEST_TIMEOUT", "2.5"),
            ("RTM_CONNECT_TIMEOUT", "1"),
        ]))
        .unwrap()
        .unwrap()
        .build();
        assert_eq!(config.endpoint(), "rtm.example.com:13315");
        assert_eq!(config.pid(), 11000001);
        assert_eq!(config.secret().clone(), "s3cr3t-value".into());
        assert_eq!(config.quest_timeout(), Duration::from_millis(2500));
        assert_eq!(config.connect_timeout(), Duration::from_secs(1));
        let partial = ClientConfig::from_vars(vars(&[("RTM_SECRET", "s3cr3t-value")])).unwrap_err();
        assert!(partial.is_config_error());
        assert!(
            partial.message.contains("RTM_ENDPOINT, RTM_PID not set"),
            "{partial}"
        );
        assert!(!partial.to_string().contains("s3cr3t-value"));
        let bad = ClientConfig::from_vars(vars(&[
            ("RTM_ENDPOINT", "h:1"),
            ("RTM_PID", "x"),
            ("RTM_SECRET", "s3cr3t-value"),
        ]))
        .unwrap_err();
        assert!(bad.message.contains("RTM_PID is not a project id"), "{bad}");
        let bad = ClientConfig::from_vars(vars(&[
            ("RTM_ENDPOINT", "h:1"),
            ("RTM_PID", "1"),
            ("RTM_SECRET", "s3cr3t-value"),
            ("RTM_QUEST_TIMEOUT", "-1"),
        ]))
        .unwrap_err();
        assert!(bad.message.contains("RTM_QUEST_TIMEOUT"), "{bad}");
    }
}
