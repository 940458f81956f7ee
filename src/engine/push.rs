//! Server quests read into pushes, the duplicate filter, and pushes handed to a processor.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use rmpv::Value;

use crate::callbacks::QuestProcessor;
use crate::types::file::{FILE_MTYPES, FileInfo};
use crate::types::message::MessageBody;
use crate::types::push::{ContentKind, Event, EventPush, FilePush, MessagePush, Push, Target};

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
/// [`DupFilter`](DupFilter)), and for a known method without a push form. File pushes, and
/// message pushes of a file type, are [`Push::File`] with their file info.
pub(crate) fn parse(
    filter: &mut DupFilter,
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
    // The interface 2.7 service pushes files as messages of the file types.
    Some(
        if method.ends_with("file") || FILE_MTYPES.contains(&mtype) {
            Push::File(FilePush {
                target,
                from_uid,
                mtype,
                mid,
                info: FileInfo::of_body(&msg, &attrs),
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
        },
    )
}

/// Hands a push to the processor's method for it.
pub(crate) fn hand_to(p: &dyn QuestProcessor, push: Push) {
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
        Push::File(f) => p.file_push(f),
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
        Push::File(f) => {
            let info = f.info.as_ref().map_or(0, |i| {
                let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
                std::mem::size_of::<FileInfo>()
                    + i.url.len()
                    + i.surl.len()
                    + i.language.len()
                    + opt(&i.codec)
                    + opt(&i.ext)
                    + opt(&i.file_name)
                    + opt(&i.custom_attrs)
            });
            f.msg.as_bytes().len() + f.attrs.len() + info
        }
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

/// One of the duplicate filter's caches: key → first sighting, expiring in sighting order.
struct Cache {
    seen: HashMap<(i64, i64, i64), Instant>,
    order: VecDeque<((i64, i64, i64), Instant)>,
}

/// Remembers message pushes for a time-to-live, in three caches (p2p, group, room) shared
/// by message and file pushes, each holding at most `capacity` keys. Owned by the callback
/// thread.
pub(crate) struct DupFilter {
    ttl: Duration,
    capacity: usize,
    caches: [Cache; 3],
}

impl DupFilter {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        let cache = || Cache {
            seen: HashMap::new(),
            order: VecDeque::new(),
        };
        DupFilter {
            ttl,
            capacity: capacity.max(1),
            caches: [cache(), cache(), cache()],
        }
    }

    /// True the first time `key` is seen in cache `which` within the time-to-live.
    pub fn first_sighting(&mut self, which: usize, key: (i64, i64, i64), now: Instant) -> bool {
        let cache = &mut self.caches[which];
        while let Some(&(old, at)) = cache.order.front() {
            if now.saturating_duration_since(at) < self.ttl && cache.order.len() < self.capacity {
                break;
            }
            cache.order.pop_front();
            if cache.seen.get(&old) == Some(&at) {
                cache.seen.remove(&old);
            }
        }
        if cache.seen.contains_key(&key) {
            return false;
        }
        cache.seen.insert(key, now);
        cache.order.push_back((key, now));
        true
    }

    /// Keys remembered, over the three caches.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.caches.iter().map(|c| c.seen.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_delivered_once_within_the_ttl_and_again_after_it() {
        let mut filter = DupFilter::new(Duration::from_secs(300), 1000);
        let t0 = Instant::now();
        assert!(filter.first_sighting(0, (1, 2, 3), t0));
        assert!(!filter.first_sighting(0, (1, 2, 3), t0 + Duration::from_secs(299)));
        // The same key in another cache is another key.
        assert!(filter.first_sighting(1, (1, 2, 3), t0));
        assert!(filter.first_sighting(0, (1, 2, 3), t0 + Duration::from_secs(300)));
    }

    #[test]
    fn a_million_distinct_pushes_keep_the_filter_bounded() {
        let mut filter = DupFilter::new(Duration::from_secs(300), 10_000);
        let t0 = Instant::now();
        for mid in 0..1_000_000 {
            assert!(filter.first_sighting((mid % 3) as usize, (1, 2, mid), t0));
        }
        assert!(filter.len() <= 3 * 10_000, "{} keys", filter.len());
        for cache in &filter.caches {
            assert!(cache.order.len() <= 10_000);
        }
    }
}
