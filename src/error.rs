//! The one error type every call ends with, and the error codes it can carry.
//!
//! A call ends with a [`QuestError`] in these situations ([`QuestError::origin`] says
//! whether the server sent it):
//!
//! | situation | code | predicate |
//! |---|---|---|
//! | the server answered with an error | the server's own code, passed through | [`QuestError::is_server_error`] |
//! | no answer before the call's deadline | [`codes::CORE_TIMEOUT`] (20003) | [`QuestError::is_timeout`] |
//! | the connection closed with the call in flight, or the client was closed | [`codes::CORE_CONNECTION_CLOSED`] (20002) | [`QuestError::is_connection_error`] |
//! | the client could not connect | [`codes::CORE_INVALID_CONNECTION`] (20012) | [`QuestError::is_connection_error`] |
//! | the arguments were refused before anything was sent | the code the server would have answered, see below | [`QuestError::is_invalid_argument`] |
//! | the answer could not be read | [`codes::CORE_DECODING`] (20006) | — |
//! | the quest could not be encoded or queued | [`codes::CORE_ENCODING`] (20005), [`codes::CORE_SEND_ERROR`] (20007) | — |
//! | the configuration can never work (a malformed endpoint, a pid of 0, an empty secret): refused when the client is made, nothing is sent | [`codes::CLIENT_INVALID_CONFIG`] (40001) | [`QuestError::is_config_error`] |
//!
//! # Coming from the Python 2.0 SDK
//!
//! The Python SDK 2.0 reports client-side situations with private numbers that collide with
//! FPNN's own protocol codes. This crate uses the standard FPNN numbers instead:
//!
//! | Python 2.0 code | meaning | code here |
//! |---|---|---|
//! | 10001 `FPNN_EC_UNKNOWN_ERROR` | error answer without `code` | 20001 [`codes::CORE_UNKNOWN_ERROR`] |
//! | 10002 `FPNN_EC_CONNECTION_NOT_CONNECTED` | not connected | 20012 [`codes::CORE_INVALID_CONNECTION`] |
//! | 10003 `FPNN_EC_CONNECTION_IS_CLOSE` | connection closed with the call in flight | 20002 [`codes::CORE_CONNECTION_CLOSED`] |
//! | 10004 `FPNN_EC_QUEST_TIMEOUT` | timed out | 20003 [`codes::CORE_TIMEOUT`] |
//! | 10005 `FPNN_EC_CONNECT_ERROR` | connect failed | 20012 [`codes::CORE_INVALID_CONNECTION`] |
//!
//! A code that a server sends and this crate does not name is passed through untouched.

use std::fmt;

/// The error a call ends with: a numeric code, a human-readable message, and where it
/// came from.
///
/// The code is either the server's (passed through untouched) or one of the FPNN client-side
/// codes in [`codes`]. Prefer the predicates (`is_timeout()`, ...) to comparing numbers.
/// `QuestError` is `Clone + Send + Sync`, so one disconnect can end many calls.
///
/// ```
/// use rtm_server_sdk::QuestError;
/// use rtm_server_sdk::error::{ErrorOrigin, codes};
///
/// let local = QuestError::timeout("timeout: no answer within 5s");
/// assert!(local.is_timeout() && !local.is_server_error());
///
/// // A server (or a gateway in front of it) that answers 20003 did not time out here.
/// let remote = QuestError::from_server(codes::CORE_TIMEOUT, "backend timeout");
/// assert!(remote.is_server_error() && !remote.is_timeout());
/// assert_eq!(remote.origin, ErrorOrigin::Server);
/// ```
#[derive(Clone, Eq)]
#[non_exhaustive]
pub struct QuestError {
    /// The error code: the server's, or one of [`codes`] for client-side situations.
    pub code: i32,
    /// What went wrong, in words (the server's `ex` for server errors).
    pub message: String,
    /// Whether the server sent this error or the client decided it.
    pub origin: ErrorOrigin,
    /// The FPNN method of the call that ended with it ([`method`](Self::method)).
    method: Option<std::sync::Arc<str>>,
}

/// `quest error CODE in METHOD: MESSAGE` (without `in METHOD` when the error belongs to
/// no call).
impl fmt::Display for QuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.method {
            Some(method) => write!(f, "quest error {} in {method}: {}", self.code, self.message),
            None => write!(f, "quest error {}: {}", self.code, self.message),
        }
    }
}

impl std::error::Error for QuestError {}

/// Two errors are equal when their code, message and origin are: the method is context.
impl PartialEq for QuestError {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code && self.message == other.message && self.origin == other.origin
    }
}

/// Where a [`QuestError`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorOrigin {
    /// The server answered the call with this error.
    Server,
    /// The client decided it: a timeout, a closed or failed connection, arguments refused
    /// before sending, an answer it could not read.
    Client,
}

impl fmt::Debug for QuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuestError")
            .field("code", &self.code)
            .field("name", &codes::name(self.code).unwrap_or("?"))
            .field("message", &self.message)
            .field("origin", &self.origin)
            .field("method", &self.method)
            .finish()
    }
}

impl QuestError {
    /// A client-side error with the given code and message.
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        QuestError {
            code,
            message: message.into(),
            origin: ErrorOrigin::Client,
            method: None,
        }
    }

    /// An error the server answered with.
    pub fn from_server(code: i32, message: impl Into<String>) -> Self {
        QuestError {
            code,
            message: message.into(),
            origin: ErrorOrigin::Server,
            method: None,
        }
    }

    /// The FPNN method of the call that ended with this error (`"addroommember"`), when
    /// it belongs to one; [`Display`](fmt::Display) names it too.
    ///
    /// ```
    /// # let server = rtm_server_sdk::mock::MockServer::start()?;
    /// # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
    /// let error = client.get_room_info(1).timeout(std::time::Duration::ZERO).call().unwrap_err();
    /// assert_eq!(error.method(), Some("getroominfo"));
    /// assert!(error.to_string().contains("in getroominfo"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn method(&self) -> Option<&str> {
        self.method.as_deref()
    }

    /// The same error, naming the call's FPNN method (kept if it names one already).
    pub(crate) fn in_method(mut self, method: &str) -> Self {
        if self.method.is_none() {
            self.method = Some(method.into());
        }
        self
    }

    /// The call did not get an answer before its deadline (20003).
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(codes::CORE_TIMEOUT, message)
    }

    /// The connection closed while the call was in flight, or the client is closed (20002).
    pub fn connection_closed(message: impl Into<String>) -> Self {
        Self::new(codes::CORE_CONNECTION_CLOSED, message)
    }

    /// The client could not connect (20012).
    pub fn not_connected(message: impl Into<String>) -> Self {
        Self::new(codes::CORE_INVALID_CONNECTION, message)
    }

    /// The answer could not be decoded (20006).
    pub fn decoding(message: impl Into<String>) -> Self {
        Self::new(codes::CORE_DECODING, message)
    }

    /// The configuration was refused (40001): the message names the bad value.
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Self::new(codes::CLIENT_INVALID_CONFIG, message)
    }

    /// The name of the code, when it is one this crate knows (`"CORE_TIMEOUT"`, `"NOT_IN_ROOM"`, ...).
    pub fn code_name(&self) -> Option<&'static str> {
        codes::name(self.code)
    }

    /// True when the call timed out here: no answer before its deadline (20003). A server
    /// that answers with 20003 is a server error, not this.
    pub fn is_timeout(&self) -> bool {
        self.origin == ErrorOrigin::Client && self.code == codes::CORE_TIMEOUT
    }

    /// True when the call ended because this client's connection closed or could not be
    /// made (20002, 20012).
    pub fn is_connection_error(&self) -> bool {
        self.origin == ErrorOrigin::Client
            && matches!(
                self.code,
                codes::CORE_CONNECTION_CLOSED | codes::CORE_INVALID_CONNECTION
            )
    }

    /// True when the configuration was refused before any connection was tried
    /// ([`codes::CLIENT_INVALID_CONFIG`], 40001): a malformed endpoint, a pid of 0 or less,
    /// an empty secret. Retrying cannot help; fix the configuration. Never a connection
    /// error.
    pub fn is_config_error(&self) -> bool {
        self.origin == ErrorOrigin::Client && self.code == codes::CLIENT_INVALID_CONFIG
    }

    /// True when this client's connection closed with the call in flight, or the client is
    /// closed (20002).
    pub fn is_connection_closed(&self) -> bool {
        self.origin == ErrorOrigin::Client && self.code == codes::CORE_CONNECTION_CLOSED
    }

    /// True for every error the server answered with, whatever its code (RTM's 200000+,
    /// and FPNN's own codes such as 10009 for a missing parameter).
    pub fn is_server_error(&self) -> bool {
        self.origin == ErrorOrigin::Server
    }

    /// True when the arguments were refused, locally or by the server: missing or empty
    /// parameters, wrong types, values too large.
    pub fn is_invalid_argument(&self) -> bool {
        matches!(
            self.code,
            codes::PROTO_KEY_NOT_FOUND
                | codes::PROTO_TYPE_CONVERT
                | codes::RTM_LARGE_MESSAGE_OR_ATTRS
                | codes::RTM_TOO_MANY_ITEMS_IN_PARAMETERS
                | codes::RTM_EMPTY_PARAMETER
                | codes::RTM_INVALID_PARAMETER
        )
    }

    /// True when the service refused the signature, pid or clock (200001, 200002, 200006,
    /// 200008): check the project id, the secret and the machine's clock.
    pub fn is_auth_error(&self) -> bool {
        matches!(
            self.code,
            codes::RTM_INVALID_PID_OR_UID
                | codes::RTM_INVALID_PID_OR_SIGN
                | codes::RTM_SAME_SIGN
                | codes::RTM_INVALID_SERVER_TIME
        )
    }
}

/// Named error codes: the FPNN framework's (`PROTO_*`, `CORE_*`) and the RTM service's (`RTM_*`).
pub mod codes {
    macro_rules! codes {
        ($( $(#[$doc:meta])* $name:ident = $value:expr; )*) => {
            $( $(#[$doc])* pub const $name: i32 = $value; )*

            /// The name of a known code, without its family prefix for RTM codes
            /// (`20003` → `"CORE_TIMEOUT"`, `200040` → `"NOT_IN_ROOM"`).
            pub fn name(code: i32) -> Option<&'static str> {
                match code {
                    $( $value => Some(stringify!($name).trim_start_matches("RTM_")), )*
                    _ => None,
                }
            }
        };
    }

    codes! {
        /// Unknown encode/decode error (server side).
        PROTO_UNKNOWN_ERROR = 10001;
        /// Unsupported protocol or encoding.
        PROTO_NOT_SUPPORTED = 10002;
        /// The server received an invalid package.
        PROTO_INVALID_PACKAGE = 10003;
        /// JSON conversion failed.
        PROTO_JSON_CONVERT = 10004;
        /// A map key is not a string.
        PROTO_STRING_KEY = 10005;
        /// The payload root is not a map.
        PROTO_MAP_VALUE = 10006;
        /// Wrong message type.
        PROTO_METHOD_TYPE = 10007;
        /// Unsupported protocol type.
        PROTO_PROTO_TYPE = 10008;
        /// A required parameter is missing.
        PROTO_KEY_NOT_FOUND = 10009;
        /// A parameter has the wrong type.
        PROTO_TYPE_CONVERT = 10010;
        /// Bad file signature.
        PROTO_FILE_SIGN = 10011;
        /// File not found.
        PROTO_FILE_NOT_EXIST = 10012;
        /// Unknown error: also an error answer without a `code`.
        CORE_UNKNOWN_ERROR = 20001;
        /// The connection closed with the call in flight, or the client is closed.
        CORE_CONNECTION_CLOSED = 20002;
        /// No answer before the call's deadline.
        CORE_TIMEOUT = 20003;
        /// The server does not serve this method.
        CORE_UNKNOWN_METHOD = 20004;
        /// The quest could not be encoded (for example, larger than the maximum frame size).
        CORE_ENCODING = 20005;
        /// The answer could not be decoded.
        CORE_DECODING = 20006;
        /// The quest could not be sent (for example, the queue of calls waiting for a connection is full).
        CORE_SEND_ERROR = 20007;
        /// Receive error.
        CORE_RECV_ERROR = 20008;
        /// Invalid package.
        CORE_INVALID_PACKAGE = 20009;
        /// HTTP error.
        CORE_HTTP_ERROR = 20010;
        /// The server's work queue is full.
        CORE_WORK_QUEUE_FULL = 20011;
        /// The client could not connect, or the connection is not usable.
        CORE_INVALID_CONNECTION = 20012;
        /// Forbidden.
        CORE_FORBIDDEN = 20013;
        /// The server is stopping.
        CORE_SERVER_STOPPING = 20014;
        /// Cancelled.
        CORE_CANCELLED = 20015;
        /// Compression failed.
        ZIP_COMPRESS = 30001;
        /// Decompression failed.
        ZIP_DECOMPRESS = 30002;
        /// This crate's own: the configuration was refused when the client was made
        /// ([`ClientConfig::validate`](crate::ClientConfig::validate)); nothing was sent.
        /// Outside FPNN's (10000s, 20000s, 30000s) and RTM's (200000s) ranges.
        CLIENT_INVALID_CONFIG = 40001;
        /// Invalid project id or user id.
        RTM_INVALID_PID_OR_UID = 200001;
        /// Invalid project id or signature (wrong secret, method or clock).
        RTM_INVALID_PID_OR_SIGN = 200002;
        /// Invalid file, signature or token.
        RTM_INVALID_FILE_OR_SIGN_OR_TOKEN = 200003;
        /// Attributes without sign or ext.
        RTM_ATTRS_WITHOUT_SIGN_OR_EXT = 200004;
        /// Invalid message type.
        RTM_INVALID_MTYPE = 200005;
        /// The same signature was used twice (replayed salt).
        RTM_SAME_SIGN = 200006;
        /// Invalid file message type.
        RTM_INVALID_FILE_MTYPE = 200007;
        /// The `ts` sent is too far from the server's clock.
        RTM_INVALID_SERVER_TIME = 200008;
        /// Too many calls: rate limited.
        RTM_FREQUENCY_LIMITED = 200010;
        /// Refresh rate limited.
        RTM_REFRESH_SCREEN_LIMITED = 200011;
        /// Kicked out by the same user.
        RTM_KICKOUT_SELF = 200012;
        /// The method is forbidden for this project.
        RTM_FORBIDDEN_METHOD = 200020;
        /// Permission denied.
        RTM_PERMISSION_DENIED = 200021;
        /// Unauthorized.
        RTM_UNAUTHORIZED = 200022;
        /// Duplicated authentication.
        RTM_DUPLCATED_AUTH = 200023;
        /// Authentication denied.
        RTM_AUTH_DENIED = 200024;
        /// Admin login.
        RTM_ADMIN_LOGIN = 200025;
        /// Admin only.
        RTM_ADMIN_ONLY = 200026;
        /// Invalid authentication token.
        RTM_INVALID_AUTH_TOEKN = 200027;
        /// Message or attributes too large.
        RTM_LARGE_MESSAGE_OR_ATTRS = 200030;
        /// File or attributes too large.
        RTM_LARGE_FILE_OR_ATTRS = 200031;
        /// Too many items in a parameter.
        RTM_TOO_MANY_ITEMS_IN_PARAMETERS = 200032;
        /// An empty parameter.
        RTM_EMPTY_PARAMETER = 200033;
        /// An invalid parameter.
        RTM_INVALID_PARAMETER = 200034;
        /// The user is not in the room.
        RTM_NOT_IN_ROOM = 200040;
        /// The user is not a group member.
        RTM_NOT_GROUP_MEMBER = 200041;
        /// The group is full.
        RTM_MAX_GROUP_MEMBER_COUNT = 200042;
        /// Not a friend.
        RTM_NOT_FRIEND = 200043;
        /// Banned in the group.
        RTM_BANNED_IN_GROUP = 200044;
        /// Banned in the room.
        RTM_BANNED_IN_ROOM = 200045;
        /// Empty group.
        RTM_EMPTY_GROUP = 200046;
        /// The user is already in too many rooms.
        RTM_MAX_ROOM_COUNT = 200047;
        /// Too many friends.
        RTM_MAX_FRIEND_COUNT = 200048;
        /// Blocked user.
        RTM_BLOCKED_USER = 200049;
        /// Unsupported language.
        RTM_UNSUPPORTED_LANGUAGE = 200050;
        /// Empty translation.
        RTM_EMPTY_TRANSLATION = 200051;
        /// Sending to oneself.
        RTM_SEND_TO_SELF = 200052;
        /// Duplicated message id.
        RTM_DUPLCATED_MID = 200053;
        /// Sensitive words.
        RTM_SENSITIVE_WORDS = 200054;
        /// The user is not online.
        RTM_NOT_ONLINE = 200055;
        /// Translation error.
        RTM_TRANSLATION_ERROR = 200056;
        /// Profanity stop.
        RTM_PROFANITY_STOP = 200057;
        /// No configuration in the console.
        RTM_NO_CONFIG_IN_CONSOLE = 200060;
        /// Unsupported transcribe type.
        RTM_UNSUPPORTED_TRASNCRIBE_TYPE = 200061;
        /// Message not found.
        RTM_MESSAGE_NOT_FOUND = 200070;
        /// Unknown error in the service.
        RTM_UNKNOWN_ERROR = 200999;
    }
}

/// `?` for the blocking basic calls, whose outcome is `Option<QuestError>` (`None`: success).
///
/// ```
/// use rtm_server_sdk::{mock::MockServer, IntoResult, QuestError, RtmServerClient};
///
/// fn join(client: &RtmServerClient) -> Result<(), QuestError> {
///     client.add_room_member(1001, 2002).call().into_result()?;
///     client.add_room_member(1001, 2003).call().into_result()
/// }
/// # let server = MockServer::start()?;
/// # let client = RtmServerClient::new(server.client_config())?;
/// join(&client)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait IntoResult {
    /// `Ok(())` for `None`, `Err(error)` for `Some(error)`.
    fn into_result(self) -> Result<(), QuestError>;
}

impl IntoResult for Option<QuestError> {
    fn into_result(self) -> Result<(), QuestError> {
        self.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_code_and_message() {
        let e = QuestError::timeout("timeout");
        assert_eq!(e.to_string(), "quest error 20003: timeout");
        assert!(e.is_timeout() && !e.is_connection_error());
    }

    #[test]
    fn known_codes_have_names_and_unknown_ones_pass_through() {
        assert_eq!(codes::name(20002), Some("CORE_CONNECTION_CLOSED"));
        assert_eq!(codes::name(200040), Some("NOT_IN_ROOM"));
        let e = QuestError::new(123_456_789, "new server code");
        assert_eq!(e.code, 123_456_789);
        assert_eq!(e.code_name(), None);
    }

    #[test]
    fn predicates_sort_the_families() {
        assert!(QuestError::not_connected("x").is_connection_error());
        assert!(QuestError::connection_closed("x").is_connection_closed());
        assert!(QuestError::from_server(200045, "banned").is_server_error());
        assert!(QuestError::new(200033, "empty").is_invalid_argument());
        assert!(QuestError::from_server(200033, "empty").is_invalid_argument());
        assert!(QuestError::from_server(200002, "sign").is_auth_error());
        // Every code the server sends is a server error, FPNN's own included.
        assert!(QuestError::from_server(20004, "unknown method").is_server_error());
        assert!(QuestError::from_server(10009, "missing key").is_server_error());
        assert!(!QuestError::new(200045, "made here").is_server_error());
        // A server's 20003 or 20002 is not a timeout or a closed connection of ours.
        let remote = QuestError::from_server(20003, "gateway timeout");
        assert!(!remote.is_timeout() && !remote.is_connection_error());
        let remote = QuestError::from_server(20002, "upstream closed");
        assert!(!remote.is_connection_closed());
    }

    #[test]
    fn quest_error_is_clone_send_sync_and_small() {
        fn assert_traits<T: Clone + Send + Sync + std::error::Error>() {}
        assert_traits::<QuestError>();
        assert!(std::mem::size_of::<QuestError>() <= 48);
    }
}
