//! Client configuration: the three required values and documented defaults for the rest.

use std::fmt;
use std::time::Duration;

use crate::codec::DEFAULT_MAX_FRAME_LEN;
#[cfg(feature = "encryption")]
use crate::crypto::{Curve, EncryptionConfig, EncryptionError, Mode, ServerKey, Strength};
use crate::sign::Secret;

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

/// What an [`RtmServerClient`](crate::RtmServerClient) connects to and how it behaves.
///
/// ```
/// use std::time::Duration;
/// use rtm_server_sdk::ClientConfig;
///
/// let config = ClientConfig::new("rtm.example.com:13315", 11000001, "secret-key")
///     .quest_timeout(Duration::from_secs(5))
///     .auto_reconnect(true);
/// assert_eq!(config.pid(), 11000001);
/// assert!(!format!("{config:?}").contains("secret-key"));
/// ```
#[derive(Clone)]
#[non_exhaustive]
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
            .finish()
    }
}

impl ClientConfig {
    /// A configuration with the required values and every default.
    ///
    /// `endpoint` is `host:port`: a DNS name, an IPv4 address or a bracketed IPv6 address
    /// (`[::1]:13315`). `pid` is the project id and `secret` the project's secret key.
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
            #[cfg(feature = "encryption")]
            encryption: None,
        }
    }

    /// Sets the default time a call waits for its answer (used when a call's timeout is
    /// `None`). Default [`DEFAULT_QUEST_TIMEOUT`].
    pub fn quest_timeout(mut self, timeout: Duration) -> Self {
        self.quest_timeout = timeout;
        self
    }

    /// Sets the time allowed to establish a connection. Default [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the idle interval after which `*ping` is sent, or `None` to send none.
    /// Default [`DEFAULT_KEEP_ALIVE_INTERVAL`]. When nothing at all is received for
    /// `interval + KEEP_ALIVE_MAX_MISSED × keep_alive_timeout`, the connection is closed as lost.
    pub fn keep_alive(mut self, interval: Option<Duration>) -> Self {
        self.keep_alive_interval = interval;
        self
    }

    /// Sets how long a `*ping` waits for its answer. Default [`DEFAULT_KEEP_ALIVE_TIMEOUT`].
    pub fn keep_alive_timeout(mut self, timeout: Duration) -> Self {
        self.keep_alive_timeout = timeout;
        self
    }

    /// Reconnect in the background after an unexpected close, with backoff. Off by default:
    /// then the next call reconnects. Default [`DEFAULT_AUTO_RECONNECT`].
    pub fn auto_reconnect(mut self, on: bool) -> Self {
        self.auto_reconnect = on;
        self
    }

    /// Sets the background reconnect backoff: `immediate_attempts` attempts at once, then
    /// delays from `min_delay` growing by `factor` up to `max_delay`. A connection that
    /// lives less than 1.5 s counts as a failed attempt.
    pub fn reconnect_backoff(
        mut self,
        immediate_attempts: u32,
        min_delay: Duration,
        max_delay: Duration,
        factor: f64,
    ) -> Self {
        self.reconnect_immediate_attempts = immediate_attempts;
        self.reconnect_min_delay = min_delay;
        self.reconnect_max_delay = max_delay.max(min_delay);
        self.reconnect_factor = if factor.is_finite() && factor >= 1.0 {
            factor
        } else {
            1.0
        };
        self
    }

    /// Sets the largest whole frame sent or accepted. A call whose quest is larger fails
    /// with 20005 and the connection stays; a received frame declaring more closes the
    /// connection. Default [`DEFAULT_MAX_FRAME_LEN`] (8 MiB).
    pub fn max_frame_len(mut self, len: usize) -> Self {
        self.max_frame_len = len.max(crate::codec::HEADER_LEN + 5);
        self
    }

    /// Sets how many calls may wait for a connection. Default [`DEFAULT_MAX_QUEUED_QUESTS`].
    pub fn max_queued_quests(mut self, n: usize) -> Self {
        self.max_queued_quests = n.max(1);
        self
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

    /// The default call timeout.
    pub fn get_quest_timeout(&self) -> Duration {
        self.quest_timeout
    }

    /// The connect timeout.
    pub fn get_connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The keep-alive interval, `None` when keep-alive is off.
    pub fn get_keep_alive(&self) -> Option<Duration> {
        self.keep_alive_interval
    }

    /// The keep-alive `*ping` timeout.
    pub fn get_keep_alive_timeout(&self) -> Duration {
        self.keep_alive_timeout
    }

    /// Whether the client reconnects in the background.
    pub fn get_auto_reconnect(&self) -> bool {
        self.auto_reconnect
    }

    /// The backoff: `(immediate_attempts, min_delay, max_delay, factor)`.
    pub fn get_reconnect_backoff(&self) -> (u32, Duration, Duration, f64) {
        (
            self.reconnect_immediate_attempts,
            self.reconnect_min_delay,
            self.reconnect_max_delay,
            self.reconnect_factor,
        )
    }

    /// The largest frame sent or accepted.
    pub fn get_max_frame_len(&self) -> usize {
        self.max_frame_len
    }

    /// How many calls may wait for a connection.
    pub fn get_max_queued_quests(&self) -> usize {
        self.max_queued_quests
    }

    /// Encrypts every connection (FPNN's `*key` exchange, then AES-CFB), or with `None`
    /// stops encrypting. Off by default.
    #[cfg(feature = "encryption")]
    pub fn encryption(mut self, encryption: Option<EncryptionConfig>) -> Self {
        self.encryption = encryption;
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
        Ok(self.encryption(Some(EncryptionConfig {
            server_key: key,
            strength,
            mode: Mode::Package,
        })))
    }

    /// Sets package or stream mode for encrypted connections (no effect without encryption).
    #[cfg(feature = "encryption")]
    pub fn encryption_mode(mut self, mode: Mode) -> Self {
        if let Some(encryption) = &mut self.encryption {
            encryption.mode = mode;
        }
        self
    }

    /// The encryption settings, `None` when connections are not encrypted.
    #[cfg(feature = "encryption")]
    pub fn get_encryption(&self) -> Option<&EncryptionConfig> {
        self.encryption.as_ref()
    }

    /// The delay before background reconnect attempt number `failures + 1`.
    pub(crate) fn reconnect_delay(&self, failures: u32) -> Duration {
        if failures < self.reconnect_immediate_attempts {
            return Duration::ZERO;
        }
        let steps = (failures - self.reconnect_immediate_attempts).min(64) as i32;
        let secs = self.reconnect_min_delay.as_secs_f64() * self.reconnect_factor.powi(steps);
        Duration::from_secs_f64(secs.min(self.reconnect_max_delay.as_secs_f64()))
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
        let config = ClientConfig::new("h:1", 1, "s").reconnect_backoff(
            2,
            Duration::from_millis(100),
            Duration::from_secs(1),
            2.0,
        );
        let delays: Vec<_> = (0..7).map(|n| config.reconnect_delay(n)).collect();
        assert_eq!(delays[0], Duration::ZERO);
        assert_eq!(delays[1], Duration::ZERO);
        assert_eq!(delays[2], Duration::from_millis(100));
        assert_eq!(delays[3], Duration::from_millis(200));
        assert_eq!(delays[6], Duration::from_secs(1));
    }
}
