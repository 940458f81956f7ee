//! Server pushes (spec: RTM-API.md section 12): the messages and events the service sends
//! to a back end that listens ([`listen`](crate::listen)), handed to a [`QuestProcessor`]
//! and, as [`Push`] values, to every [`Pushes`] stream
//! ([`RtmServerClient::pushes`](crate::RtmServerClient::pushes)). The processor and the
//! streams can be used together: each gets every push.
//!
//! - Every push is answered by the I/O thread before anything else happens: `{}` for the
//!   known methods (`ping` included), error 20004 for unknown ones, nothing for oneway
//!   pushes. A slow processor never makes the server wait.
//! - Every push, twoway or oneway, known or not, then reaches the processor (and the
//!   streams' queues) on the client's callback thread, never on the I/O thread, **in the
//!   order it arrived**, one at a time (the same thread as
//!   callbacks, so a push never overtakes the outcome of a call answered before it). A slow
//!   processor delays later pushes and callbacks, never the calls themselves; pushes waiting
//!   beyond [`max_push_backlog`](crate::ClientConfigBuilder::max_push_backlog) are dropped
//!   and counted.
//! - Message and file pushes pass a duplicate filter first ([`DEFAULT_PUSH_DEDUP_TTL`],
//!   [`DEFAULT_PUSH_DEDUP_CAPACITY`]): three caches, p2p `(from, to, mid)`, group `(from,
//!   gid, mid)` and room `(from, rid, mid)`, shared by message and file pushes. A key seen
//!   within the time-to-live is answered but not delivered again.
//! - Fields are read one by one: a missing or nil field reads as 0 or empty, a string may
//!   come as str or bin (bytes that are not UTF-8 are read lossily), map keys may be of any
//!   type. No payload can stop the client.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use rmpv::Value;

use crate::message::MessageBody;

mod stream;
mod types;

pub(crate) use stream::Streams;
pub use stream::{Pushes, RecvTimeoutError, TryRecvError};
pub use types::{ContentKind, Event, EventPush, FilePush, MessagePush, Push, Target};
pub(crate) use types::{hand_to, parse};

/// How long a message push is remembered by the duplicate filter: 300 s.
pub const DEFAULT_PUSH_DEDUP_TTL: Duration = Duration::from_secs(300);
/// How many keys each of the duplicate filter's three caches holds at most; the oldest go
/// first beyond it.
pub const DEFAULT_PUSH_DEDUP_CAPACITY: usize = 100_000;

/// Handles what the service pushes. Every method has a default body that does nothing:
/// implement the ones you need. Set with
/// [`RtmServerClient::set_quest_processor`](crate::RtmServerClient::set_quest_processor).
///
/// Methods run on the client's callback thread, one at a time, in the order the pushes
/// arrived; a panic is caught and logged. `mtime` is the server's time of the message,
/// opaque (milliseconds on the current service).
///
/// ```
/// use rtm_server_sdk::push::QuestProcessor;
///
/// struct RoomLog;
///
/// impl QuestProcessor for RoomLog {
///     fn push_room_chat(&self, from_uid: i64, rid: i64, mid: i64, msg: String, _attrs: String, _mtime: i64) {
///         println!("room {rid}: {from_uid} says {msg} ({mid})");
///     }
///     fn push_event(&self, _pid: i64, event: String, uid: i64, _time: i64, _endpoint: String, _data: Option<String>) {
///         println!("{uid} {event}");
///     }
/// }
///
/// # let server = rtm_server_sdk::mock::MockServer::start()?;
/// # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
/// client.set_quest_processor(RoomLog);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(unused_variables, clippy::too_many_arguments)]
pub trait QuestProcessor: Send + Sync + 'static {
    /// The service's `ping` (already answered).
    fn ping(&self) {}

    /// A p2p message of a type other than 30, 31, 32 (`pushmsg`).
    fn push_message(
        &self,
        from_uid: i64,
        to_uid: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A group message of a type other than 30, 31, 32 (`pushgroupmsg`).
    fn push_group_message(
        &self,
        from_uid: i64,
        gid: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A room message of a type other than 30, 31, 32 (`pushroommsg`).
    fn push_room_message(
        &self,
        from_uid: i64,
        rid: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        attrs: String,
        mtime: i64,
    ) {
    }

    /// A p2p text chat message (`pushmsg`, type 30).
    fn push_chat(
        &self,
        from_uid: i64,
        to_uid: i64,
        mid: i64,
        msg: String,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A p2p audio message (`pushmsg`, type 31).
    fn push_audio(
        &self,
        from_uid: i64,
        to_uid: i64,
        mid: i64,
        msg: Vec<u8>,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A p2p command (`pushmsg`, type 32).
    fn push_cmd(
        &self,
        from_uid: i64,
        to_uid: i64,
        mid: i64,
        msg: String,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A group text chat message (`pushgroupmsg`, type 30).
    fn push_group_chat(
        &self,
        from_uid: i64,
        gid: i64,
        mid: i64,
        msg: String,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A group audio message (`pushgroupmsg`, type 31).
    fn push_group_audio(
        &self,
        from_uid: i64,
        gid: i64,
        mid: i64,
        msg: Vec<u8>,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A group command (`pushgroupmsg`, type 32).
    fn push_group_cmd(
        &self,
        from_uid: i64,
        gid: i64,
        mid: i64,
        msg: String,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A room text chat message (`pushroommsg`, type 30).
    fn push_room_chat(
        &self,
        from_uid: i64,
        rid: i64,
        mid: i64,
        msg: String,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A room audio message (`pushroommsg`, type 31).
    fn push_room_audio(
        &self,
        from_uid: i64,
        rid: i64,
        mid: i64,
        msg: Vec<u8>,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A room command (`pushroommsg`, type 32).
    fn push_room_cmd(
        &self,
        from_uid: i64,
        rid: i64,
        mid: i64,
        msg: String,
        attrs: String,
        mtime: i64,
    ) {
    }

    /// A p2p file (`pushfile`): `msg` is what the service stores for the file (its URL),
    /// `attrs` its JSON attributes.
    fn push_file(
        &self,
        from_uid: i64,
        to_uid: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A group file (`pushgroupfile`).
    fn push_group_file(
        &self,
        from_uid: i64,
        gid: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        attrs: String,
        mtime: i64,
    ) {
    }
    /// A room file (`pushroomfile`).
    fn push_room_file(
        &self,
        from_uid: i64,
        rid: i64,
        mtype: i64,
        mid: i64,
        msg: MessageBody,
        attrs: String,
        mtime: i64,
    ) {
    }

    /// An event (`pushevent`): `event` is `"login"` or `"logout"`, `time` in seconds, `data`
    /// when the service sends some.
    fn push_event(
        &self,
        pid: i64,
        event: String,
        uid: i64,
        time: i64,
        endpoint: String,
        data: Option<String>,
    ) {
    }

    /// A server quest this SDK does not know (the service adds some): it was answered with
    /// 20004 (when twoway); here it is, raw.
    fn unknown_push(&self, method: &str, payload: Value) {}
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
