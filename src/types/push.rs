//! Pushes as values: what a push stream gives, one [`Push`] per server push.

use rmpv::Value;

use crate::types::file::FileInfo;
use crate::types::message::MessageBody;

/// A server push, typed: each message, file, event or unknown server quest the service
/// pushes to a client that listens, once (after the duplicate filter), as
/// [`RtmServerClient::pushes`](crate::RtmServerClient::pushes) gives them. The service's
/// `ping` is not a push here.
///
/// ```
/// use rtm_server_sdk::push::{ContentKind, Event, Push, Target};
///
/// fn describe(push: &Push) -> String {
///     match push {
///         Push::Message(m) => match (m.target, m.kind) {
///             (Target::Room { rid }, ContentKind::Chat) => format!("room {rid}: {:?}", m.msg),
///             (target, kind) => format!("{kind:?} to {target:?}"),
///         },
///         Push::File(f) => format!("a file to {:?}: {:?}", f.target, f.msg),
///         Push::Event(e) if e.event == Event::Login => format!("{} logged in", e.uid),
///         Push::Event(e) => format!("{} {}", e.uid, e.event.as_str()),
///         Push::Unknown { method, .. } => format!("{method}?"),
///         _ => "something newer".to_string(),
///     }
/// }
/// # let _ = describe;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Push {
    /// A message: `pushmsg`, `pushgroupmsg`, `pushroommsg` (a broadcast comes as a
    /// `pushmsg` to user 0) of a type that is not a file type.
    Message(MessagePush),
    /// A file: `pushfile`, `pushgroupfile`, `pushroomfile`, and `pushmsg`, `pushgroupmsg`,
    /// `pushroommsg` of a file type (40..=50,
    /// [`FILE_MTYPES`](crate::file::FILE_MTYPES)), as the interface 2.7 service pushes
    /// files.
    File(FilePush),
    /// A user's `login` or `logout` (`pushevent`).
    Event(EventPush),
    /// A server quest this SDK does not know (the service adds some): answered with error
    /// 20004 when twoway, and handed on raw.
    Unknown {
        /// The quest's method.
        method: String,
        /// Its payload, decoded.
        payload: Value,
    },
}

/// Where a pushed message or file went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// To user `to` (from user `from_uid`).
    P2P {
        /// The receiver.
        to: i64,
    },
    /// To group `gid`.
    Group {
        /// The group.
        gid: i64,
    },
    /// To room `rid`.
    Room {
        /// The room.
        rid: i64,
    },
    /// To everyone: a `pushmsg` or `pushfile` whose `to` is 0 (or missing), as the service
    /// pushes a broadcast.
    Broadcast,
}

/// What a message's type says it holds: the chat types 30, 31 and 32 of the `send_chat`,
/// `send_audio` and `send_cmd` families, or any other. (Messages of the file types 40..=50
/// are pushed as [`Push::File`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentKind {
    /// A text chat message (type 30): the body is text.
    Chat,
    /// An audio message (type 31): the body is bytes.
    Audio,
    /// A command (type 32): the body is text.
    Cmd,
    /// Any other type (your own, 51 and up): the body is text or bytes, as sent.
    Custom,
}

impl ContentKind {
    /// The kind of a message of type `mtype`.
    pub fn of(mtype: i64) -> ContentKind {
        match mtype {
            30 => ContentKind::Chat,
            31 => ContentKind::Audio,
            32 => ContentKind::Cmd,
            _ => ContentKind::Custom,
        }
    }
}

/// A pushed message. A chat or command body is always [`MessageBody::Text`] (bytes that are
/// not UTF-8 read lossily), an audio body always [`MessageBody::Binary`], any other type's
/// body as the service sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MessagePush {
    /// Where it went.
    pub target: Target,
    /// The sender.
    pub from_uid: i64,
    /// The message type.
    pub mtype: i64,
    /// What the type says the body holds.
    pub kind: ContentKind,
    /// The message id.
    pub mid: i64,
    /// The body.
    pub msg: MessageBody,
    /// The attributes.
    pub attrs: String,
    /// The server's time of the message (opaque: milliseconds on the current service).
    pub mtime: i64,
}

/// A pushed file: a `pushfile`, `pushgroupfile` or `pushroomfile` (any type), or a
/// `pushmsg`, `pushgroupmsg` or `pushroommsg` of a file type (40..=50).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FilePush {
    /// Where it went.
    pub target: Target,
    /// The sender.
    pub from_uid: i64,
    /// The message type the file was sent with.
    pub mtype: i64,
    /// The message id.
    pub mid: i64,
    /// What the service stores for the file, as text: a JSON description
    /// (`{"url": .., "size": .., "surl": ..}`) or, from older services, its URL.
    pub msg: MessageBody,
    /// The file's attributes (JSON text).
    pub attrs: String,
    /// The server's time of the message.
    pub mtime: i64,
    /// The file, read from `msg` and `attrs` by
    /// [`FileInfo::parse`](crate::file::FileInfo::parse): `None` when `msg` does not
    /// describe a file (the push is delivered all the same).
    pub info: Option<FileInfo>,
}

/// A pushed event.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventPush {
    /// The project.
    pub pid: i64,
    /// What happened.
    pub event: Event,
    /// To whom.
    pub uid: i64,
    /// When, in seconds.
    pub time: i64,
    /// The user's endpoint, when the service sends it.
    pub endpoint: String,
    /// The event's data, when the service sends some.
    pub data: Option<String>,
}

/// What an [`EventPush`] says happened.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Event {
    /// `login`.
    Login,
    /// `logout`.
    Logout,
    /// Another event name, as the service sent it.
    Other(String),
}

impl Event {
    /// The event as named on the wire (`"login"`, `"logout"`, or the other name).
    pub fn as_str(&self) -> &str {
        match self {
            Event::Login => "login",
            Event::Logout => "logout",
            Event::Other(name) => name,
        }
    }

    pub(crate) fn from_wire(name: String) -> Event {
        match name.as_str() {
            "login" => Event::Login,
            "logout" => Event::Logout,
            _ => Event::Other(name),
        }
    }

    pub(crate) fn into_wire(self) -> String {
        match self {
            Event::Other(name) => name,
            named => named.as_str().to_owned(),
        }
    }
}
