//! The callback traits of the callback forms, and the connection-event callback.
//!
//! Each callback is consumed when it runs, so the type system says what the client
//! promises: it runs exactly once. Callbacks run on the client's `rtm-callback` thread, never
//! on the I/O thread; a panic inside one is caught and logged, and the client keeps working.
//! A closure works wherever a callback trait is expected; name its parameter types
//! (`|error: Option<QuestError>| ...`), since Rust cannot infer them through a trait.

use std::collections::HashMap;

use crate::error::QuestError;

/// The callback of calls that return nothing but an outcome (`add_room_member`, ...).
///
/// ```
/// use rtm_server_sdk::{mock::MockServer, BasicCallback, QuestError, RtmServerClient};
///
/// struct LogOutcome(&'static str);
///
/// impl BasicCallback for LogOutcome {
///     fn callback(self, error: Option<QuestError>) {
///         match error {
///             None => println!("{}: ok", self.0),
///             Some(e) => println!("{}: {e}", self.0),
///         }
///     }
/// }
///
/// let server = MockServer::start()?;
/// let client = RtmServerClient::new(server.client_config())?;
/// client.add_room_member_with_callback(1, 2, None, LogOutcome("add_room_member"));
/// client.add_room_member_with_callback(1, 3, None, |error: Option<QuestError>| {
///     assert!(error.is_none());
/// });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait BasicCallback: Send + 'static {
    /// Called once with `None` on success or the error the call ended with.
    fn callback(self, error: Option<QuestError>);
}

impl<F> BasicCallback for F
where
    F: FnOnce(Option<QuestError>) + Send + 'static,
{
    fn callback(self, error: Option<QuestError>) {
        self(error)
    }
}

/// The callback of `get_room_info`.
pub trait GetRoomInfoCallback: Send + 'static {
    /// Called once with the public and private info (`None` when the answer lacks one,
    /// both `None` on error) and the error, if any.
    fn callback(self, oinfo: Option<String>, pinfo: Option<String>, error: Option<QuestError>);
}

impl<F> GetRoomInfoCallback for F
where
    F: FnOnce(Option<String>, Option<String>, Option<QuestError>) + Send + 'static,
{
    fn callback(self, oinfo: Option<String>, pinfo: Option<String>, error: Option<QuestError>) {
        self(oinfo, pinfo, error)
    }
}

/// The callback of `is_ban_of_room`.
pub trait IsBanOfRoomCallback: Send + 'static {
    /// Called once with whether the user is banned (`false` on error) and the error, if any.
    fn callback(self, ok: bool, error: Option<QuestError>);
}

impl<F> IsBanOfRoomCallback for F
where
    F: FnOnce(bool, Option<QuestError>) + Send + 'static,
{
    fn callback(self, ok: bool, error: Option<QuestError>) {
        self(ok, error)
    }
}

/// The callback of `get_room_members`.
pub trait GetRoomMembersCallback: Send + 'static {
    /// Called once with the member ids (empty on error) and the error, if any.
    fn callback(self, uids: Vec<i64>, error: Option<QuestError>);
}

impl<F> GetRoomMembersCallback for F
where
    F: FnOnce(Vec<i64>, Option<QuestError>) + Send + 'static,
{
    fn callback(self, uids: Vec<i64>, error: Option<QuestError>) {
        self(uids, error)
    }
}

/// The callback of `get_room_count`.
pub trait GetRoomCountCallback: Send + 'static {
    /// Called once with the member count of each room (empty on error) and the error, if any.
    fn callback(self, counts: HashMap<i64, i64>, error: Option<QuestError>);
}

impl<F> GetRoomCountCallback for F
where
    F: FnOnce(HashMap<i64, i64>, Option<QuestError>) + Send + 'static,
{
    fn callback(self, counts: HashMap<i64, i64>, error: Option<QuestError>) {
        self(counts, error)
    }
}

/// Told when a connection opens or closes. Set with
/// [`RtmServerClient::set_connection_callback`](crate::RtmServerClient::set_connection_callback).
/// Both methods run on the `rtm-callback` thread.
pub trait ConnectionCallback: Send + Sync + 'static {
    /// A connection was established. `connection_id` counts connections from 1;
    /// `is_reconnect` is true for every connection after the first.
    fn connected(&self, connection_id: u64, endpoint: &str, is_reconnect: bool);

    /// A connection closed. `caused_by_error` is false only when the user closed it
    /// (`close()`, `reconnect()`, drop); `is_reconnect` is true when this connection was
    /// itself a reconnection.
    fn closed(&self, connection_id: u64, endpoint: &str, caused_by_error: bool, is_reconnect: bool);
}

/// Told about quests the server pushes (`pushroommsg`, `pushevent`, ...). The client has
/// already answered them when this runs. Set with
/// [`RtmServerClient::set_push_callback`](crate::RtmServerClient::set_push_callback).
///
/// ```
/// use rtm_server_sdk::mock::MockServer;
/// use rtm_server_sdk::RtmServerClient;
///
/// let server = MockServer::start()?;
/// let client = RtmServerClient::new(server.client_config())?;
/// client.set_push_callback(Some(|method: &str, payload: &rmpv::Value| {
///     let text = payload["msg"].as_str().unwrap_or_default();
///     println!("{method}: {text}");
/// }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait PushCallback: Send + Sync + 'static {
    /// A push arrived: its FPNN method and its payload, decoded (a payload that is not
    /// msgpack is logged and not delivered).
    fn push(&self, method: &str, payload: &rmpv::Value);
}

impl<F> PushCallback for F
where
    F: Fn(&str, &rmpv::Value) + Send + Sync + 'static,
{
    fn push(&self, method: &str, payload: &rmpv::Value) {
        self(method, payload)
    }
}
