//! Pushes as values: what [`Pushes`](super::Pushes) gives, one [`Push`] per server push.

use rmpv::Value;

use crate::message::MessageBody;

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
    /// `pushmsg` to user 0).
    Message(MessagePush),
    /// A file: `pushfile`, `pushgroupfile`, `pushroomfile`.
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
/// `send_audio` and `send_cmd` families, or any other.
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

/// A pushed file.
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
    /// What the service stores for the file: its URL, as text.
    pub msg: MessageBody,
    /// The file's attributes (JSON text).
    pub attrs: String,
    /// The server's time of the message.
    pub mtime: i64,
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

    fn from_wire(name: String) -> Event {
        match name.as_str() {
            "login" => Event::Login,
            "logout" => Event::Logout,
            _ => Event::Other(name),
        }
    }

    fn into_wire(self) -> String {
        match self {
            Event::Other(name) => name,
            named => named.as_str().to_owned(),
        }
    }
}

/// A pushed message's body as it is read for its kind (see [`MessagePush`]).
fn body_of(kind: ContentKind, msg: MessageBody) -> MessageBody {
    match (kind, msg) {
        (ContentKind::Chat | ContentKind::Cmd, MessageBody::Binary(b)) => {
            MessageBody::Text(String::from_utf8_lossy(&b).into_owned())
        }
        (ContentKind::Audio, MessageBody::Text(t)) => MessageBody::Binary(t.into_bytes()),
        (_, msg) => msg,
    }
}

fn into_text(msg: MessageBody) -> String {
    match msg {
        MessageBody::Text(t) => t,
        MessageBody::Binary(b) => String::from_utf8_lossy(&b).into_owned(),
    }
}

fn into_bytes(msg: MessageBody) -> Vec<u8> {
    match msg {
        MessageBody::Text(t) => t.into_bytes(),
        MessageBody::Binary(b) => b,
    }
}

/// A push's fields, read one by one.
struct Fields<'a>(&'a [(Value, Value)]);

impl Fields<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| match k {
                Value::String(s) => s.as_bytes() == key.as_bytes(),
                Value::Binary(b) => b == key.as_bytes(),
                _ => false,
            })
            .map(|(_, v)| v)
            .filter(|v| !v.is_nil())
    }

    fn int(&self, key: &str) -> i64 {
        self.get(key).and_then(Value::as_i64).unwrap_or(0)
    }

    fn bytes(&self, key: &str) -> Option<&[u8]> {
        match self.get(key)? {
            Value::String(s) => Some(s.as_bytes()),
            Value::Binary(b) => Some(b),
            _ => None,
        }
    }

    fn text(&self, key: &str) -> String {
        self.bytes(key)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }

    fn body(&self, key: &str) -> MessageBody {
        match self.get(key) {
            Some(Value::Binary(b)) => MessageBody::Binary(b.clone()),
            _ => MessageBody::Text(self.text(key)),
        }
    }
}

/// What a server quest is, read field by field: `None` for `ping`, for a duplicate (see
/// [`DupFilter`](super::DupFilter)), and for a known method without a push form.
pub(crate) fn parse(
    filter: &mut super::DupFilter,
    method: &str,
    known: bool,
    payload: Value,
    now: std::time::Instant,
) -> Option<Push> {
    if !known {
        return Some(Push::Unknown {
            method: method.to_owned(),
            payload,
        });
    }
    let empty = Vec::new();
    let f = Fields(payload.as_map().unwrap_or(&empty));
    let (cache, target) = match method {
        "pushmsg" | "pushfile" => (0, f.int("to")),
        "pushgroupmsg" | "pushgroupfile" => (1, f.int("gid")),
        "pushroommsg" | "pushroomfile" => (2, f.int("rid")),
        "pushevent" => {
            return Some(Push::Event(EventPush {
                pid: f.int("pid"),
                event: Event::from_wire(f.text("event")),
                uid: f.int("uid"),
                time: f.int("time"),
                endpoint: f.text("endpoint"),
                data: f.get("data").map(|_| f.text("data")),
            }));
        }
        _ => return None,
    };
    let (from_uid, mtype, mid) = (f.int("from"), f.int("mtype"), f.int("mid"));
    if !filter.first_sighting(cache, (from_uid, target, mid), now) {
        tracing::debug!("duplicate {method} from {from_uid} to {target}, mid {mid}: not delivered");
        return None;
    }
    let target = match (cache, target) {
        (0, 0) => Target::Broadcast,
        (0, to) => Target::P2P { to },
        (1, gid) => Target::Group { gid },
        (_, rid) => Target::Room { rid },
    };
    let (msg, attrs, mtime) = (f.body("msg"), f.text("attrs"), f.int("mtime"));
    Some(if method.ends_with("file") {
        Push::File(FilePush {
            target,
            from_uid,
            mtype,
            mid,
            msg,
            attrs,
            mtime,
        })
    } else {
        let kind = ContentKind::of(mtype);
        Push::Message(MessagePush {
            target,
            from_uid,
            mtype,
            kind,
            mid,
            msg: body_of(kind, msg),
            attrs,
            mtime,
        })
    })
}

/// Hands a push to the processor's method for it.
pub(crate) fn hand_to(p: &dyn super::QuestProcessor, push: Push) {
    match push {
        Push::Unknown { method, payload } => p.unknown_push(&method, payload),
        Push::Event(e) => p.push_event(
            e.pid,
            e.event.into_wire(),
            e.uid,
            e.time,
            e.endpoint,
            e.data,
        ),
        Push::File(FilePush {
            target,
            from_uid: from,
            mtype,
            mid,
            msg,
            attrs,
            mtime,
        }) => match target {
            Target::P2P { to } => p.push_file(from, to, mtype, mid, msg, attrs, mtime),
            Target::Broadcast => p.push_file(from, 0, mtype, mid, msg, attrs, mtime),
            Target::Group { gid } => p.push_group_file(from, gid, mtype, mid, msg, attrs, mtime),
            Target::Room { rid } => p.push_room_file(from, rid, mtype, mid, msg, attrs, mtime),
        },
        Push::Message(MessagePush {
            target,
            from_uid: from,
            mtype,
            kind,
            mid,
            msg,
            attrs,
            mtime,
        }) => {
            use ContentKind::{Audio, Chat, Cmd, Custom};
            enum To {
                User(i64),
                Group(i64),
                Room(i64),
            }
            let to = match target {
                Target::P2P { to } => To::User(to),
                Target::Broadcast => To::User(0),
                Target::Group { gid } => To::Group(gid),
                Target::Room { rid } => To::Room(rid),
            };
            match (to, kind) {
                (To::User(to), Chat) => p.push_chat(from, to, mid, into_text(msg), attrs, mtime),
                (To::User(to), Audio) => p.push_audio(from, to, mid, into_bytes(msg), attrs, mtime),
                (To::User(to), Cmd) => p.push_cmd(from, to, mid, into_text(msg), attrs, mtime),
                (To::User(to), Custom) => p.push_message(from, to, mtype, mid, msg, attrs, mtime),
                (To::Group(gid), Chat) => {
                    p.push_group_chat(from, gid, mid, into_text(msg), attrs, mtime)
                }
                (To::Group(gid), Audio) => {
                    p.push_group_audio(from, gid, mid, into_bytes(msg), attrs, mtime)
                }
                (To::Group(gid), Cmd) => {
                    p.push_group_cmd(from, gid, mid, into_text(msg), attrs, mtime)
                }
                (To::Group(gid), Custom) => {
                    p.push_group_message(from, gid, mtype, mid, msg, attrs, mtime)
                }
                (To::Room(rid), Chat) => {
                    p.push_room_chat(from, rid, mid, into_text(msg), attrs, mtime)
                }
                (To::Room(rid), Audio) => {
                    p.push_room_audio(from, rid, mid, into_bytes(msg), attrs, mtime)
                }
                (To::Room(rid), Cmd) => {
                    p.push_room_cmd(from, rid, mid, into_text(msg), attrs, mtime)
                }
                (To::Room(rid), Custom) => {
                    p.push_room_message(from, rid, mtype, mid, msg, attrs, mtime)
                }
            }
        }
    }
}

/// About what a push holds in memory beyond its own size: its strings and, for an unknown
/// one, its decoded payload (walked without recursion).
pub(crate) fn heap_size(push: &Push) -> usize {
    match push {
        Push::Message(m) => m.msg.as_bytes().len() + m.attrs.len(),
        Push::File(f) => f.msg.as_bytes().len() + f.attrs.len(),
        Push::Event(e) => {
            e.event.as_str().len() + e.endpoint.len() + e.data.as_ref().map_or(0, String::len)
        }
        Push::Unknown { method, payload } => {
            let mut size = method.len();
            let mut stack = vec![payload];
            while let Some(value) = stack.pop() {
                size += std::mem::size_of::<Value>();
                match value {
                    Value::String(s) => size += s.as_bytes().len(),
                    Value::Binary(b) | Value::Ext(_, b) => size += b.len(),
                    Value::Array(items) => stack.extend(items),
                    Value::Map(entries) => stack.extend(entries.iter().flat_map(|(k, v)| [k, v])),
                    _ => {}
                }
            }
            size
        }
    }
}
