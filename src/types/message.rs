//! Messages as data: bodies, history rows and pages, send outcomes, targets.

use crate::error::QuestError;
use crate::types::file::FileInfo;

/// What a message carries: text (msgpack str) or bytes (msgpack bin, audio).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageBody {
    /// A text message (chat, cmd, and most user messages).
    Text(String),
    /// A binary message (audio).
    Binary(Vec<u8>),
}

impl Default for MessageBody {
    fn default() -> Self {
        MessageBody::Text(String::new())
    }
}

impl MessageBody {
    /// The text, for a text message.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            MessageBody::Text(text) => Some(text),
            MessageBody::Binary(_) => None,
        }
    }

    /// The bytes: the UTF-8 of a text, or the binary body.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            MessageBody::Text(text) => text.as_bytes(),
            MessageBody::Binary(bytes) => bytes,
        }
    }
}

/// A group, room or broadcast message of a history page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Message {
    /// The row id (the cursor of history paging).
    pub id: i64,
    /// The sender.
    pub from_uid: i64,
    /// The message type.
    pub mtype: i64,
    /// The message id.
    pub mid: i64,
    /// Whether the message was deleted.
    pub deleted: bool,
    /// The body.
    pub msg: MessageBody,
    /// The attributes.
    pub attrs: String,
    /// The server's time of the message (opaque: milliseconds on the current service).
    pub mtime: i64,
    /// A file message's file (types 40..=50, [`FILE_MTYPES`](crate::file::FILE_MTYPES)),
    /// read from `msg` and `attrs` by [`FileInfo::parse`]; `None` for other types and for
    /// a `msg` that does not describe a file.
    pub file_info: Option<FileInfo>,
}

/// A p2p message of a history page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct P2PMessage {
    /// The row id (the cursor of history paging).
    pub id: i64,
    /// 1: sent by `uid` (the user whose history is read), 2: sent by `ouid`.
    pub direction: i64,
    /// The message type.
    pub mtype: i64,
    /// The message id.
    pub mid: i64,
    /// Whether the message was deleted.
    pub deleted: bool,
    /// The body.
    pub msg: MessageBody,
    /// The attributes.
    pub attrs: String,
    /// The server's time of the message.
    pub mtime: i64,
    /// A file message's file (types 40..=50, [`FILE_MTYPES`](crate::file::FILE_MTYPES)),
    /// read from `msg` and `attrs` by [`FileInfo::parse`]; `None` for other types and for
    /// a `msg` that does not describe a file.
    pub file_info: Option<FileInfo>,
}

/// One page of history. Rows that are not 8-item arrays are skipped (as the official SDKs
/// do), and so are rows with an item of the wrong type (logged as a warning): the page
/// keeps its other rows. `num` is the server's count.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MessagePage<M> {
    /// How many messages the server says the page holds.
    pub num: i64,
    /// The cursor for the next page (pass it as `lastid`).
    pub lastid: i64,
    /// The earliest message time of the page.
    pub begin: i64,
    /// The latest message time of the page.
    pub end: i64,
    /// The messages.
    pub msgs: Vec<M>,
}

impl<M> Default for MessagePage<M> {
    fn default() -> Self {
        MessagePage {
            num: 0,
            lastid: 0,
            begin: 0,
            end: 0,
            msgs: Vec::new(),
        }
    }
}

/// A page of group history.
pub type GroupMessages = MessagePage<Message>;
/// A page of room history.
pub type RoomMessages = MessagePage<Message>;
/// A page of broadcast history.
pub type BroadcastMessages = MessagePage<Message>;
/// A page of p2p history.
pub type P2PMessages = MessagePage<P2PMessage>;

/// One message, as `get_message_info` returns it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MessageInfo {
    /// The row id.
    pub id: i64,
    /// The message type.
    pub mtype: i64,
    /// The body.
    pub msg: MessageBody,
    /// The attributes.
    pub attrs: String,
    /// The server's time of the message.
    pub mtime: i64,
    /// A file message's file (types 40..=50, [`FILE_MTYPES`](crate::file::FILE_MTYPES)),
    /// read from `msg` and `attrs` by [`FileInfo::parse`]; `None` for other types and for
    /// a `msg` that does not describe a file.
    pub file_info: Option<FileInfo>,
}

/// A message the server took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MessageSent {
    /// The message id (given, or generated).
    pub mid: i64,
    /// The server's time of the message.
    pub mtime: i64,
}

/// A send that failed, with the id of the message it sent (or would have sent), so that
/// it can be retried or deleted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error} (message id {mid})")]
pub struct SendError {
    mid: i64,
    error: QuestError,
}

impl SendError {
    /// A failed send of message `mid`.
    pub(crate) fn new(mid: i64, error: QuestError) -> Self {
        SendError { mid, error }
    }

    /// The message id.
    pub fn mid(&self) -> i64 {
        self.mid
    }

    /// What went wrong.
    pub fn error(&self) -> &QuestError {
        &self.error
    }

    /// What went wrong, taken out.
    pub fn into_error(self) -> QuestError {
        self.error
    }
}

impl From<SendError> for QuestError {
    fn from(e: SendError) -> QuestError {
        e.error
    }
}

/// The kind of conversation a message belongs to: the `type` of `delmsg` and `getmsg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageKind {
    /// Between two users (1).
    P2P,
    /// In a group (2).
    Group,
    /// In a room (3).
    Room,
    /// To everyone (4).
    Broadcast,
}

impl MessageKind {
    /// The wire value.
    pub fn code(self) -> i64 {
        match self {
            MessageKind::P2P => 1,
            MessageKind::Group => 2,
            MessageKind::Room => 3,
            MessageKind::Broadcast => 4,
        }
    }
}

/// Where a message or a file goes: the target of [`file_token`](crate::RtmServerClient::file_token)
/// (which picks the gateway command from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Recipient<'a> {
    /// One user (`sendfile`, key `to`).
    User(i64),
    /// Several users (`sendfiles`, key `tos`).
    Users(&'a [i64]),
    /// A group (`sendgroupfile`, key `gid`).
    Group(i64),
    /// A room (`sendroomfile`, key `rid`).
    Room(i64),
    /// Every user (`broadcastfile`, no key).
    Broadcast,
}

/// What `get_message_num` gives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MessageNum {
    /// How many users sent the messages counted.
    pub sender: i64,
    /// How many messages.
    pub num: i64,
}

/// What `clear_project_message` deletes, in the whole project (its own numbering, unlike
/// [`MessageKind`]'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClearType {
    /// Every p2p message (0).
    P2P,
    /// Every room message (1).
    Room,
    /// Every group message (2).
    Group,
    /// Every broadcast message (3).
    Broadcast,
    /// Every message (4).
    All,
}

impl ClearType {
    /// The wire value.
    pub fn code(self) -> i64 {
        match self {
            ClearType::P2P => 0,
            ClearType::Room => 1,
            ClearType::Group => 2,
            ClearType::Broadcast => 3,
            ClearType::All => 4,
        }
    }
}
