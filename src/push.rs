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

pub use crate::callbacks::QuestProcessor;
pub use crate::config::{DEFAULT_PUSH_DEDUP_CAPACITY, DEFAULT_PUSH_DEDUP_TTL};
pub use crate::engine::pushes::{Pushes, RecvTimeoutError, TryRecvError};
pub use crate::types::push::{ContentKind, Event, EventPush, FilePush, MessagePush, Push, Target};
