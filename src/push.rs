//! Server pushes (spec: RTM-API.md section 12, RTM-API-2.7.md section 3.14): the messages,
//! files and events the service sends to a back end that listens
//! ([`listen`](crate::listen)), handed to a [`QuestProcessor`] and, as [`Push`] values, to
//! every [`Pushes`] stream
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
//! - **Files** come two ways: the file pushes `pushfile`, `pushgroupfile`, `pushroomfile`
//!   (Python 2.0), and, as the interface 2.7 service pushes them, `pushmsg`, `pushgroupmsg`,
//!   `pushroommsg` of a file type (40..=50, [`FILE_MTYPES`](crate::file::FILE_MTYPES); 31
//!   stays audio chat, as in the Python 2.0 SDK). Both are [`Push::File`], with the file's
//!   [`FileInfo`](crate::file::FileInfo) parsed from `msg` and `attrs` in
//!   [`FilePush::info`] (`None` when `msg` describes no file: the push is delivered all the
//!   same), and reach [`QuestProcessor::file_push`], whose default body calls
//!   [`push_file`](QuestProcessor::push_file),
//!   [`push_group_file`](QuestProcessor::push_group_file) or
//!   [`push_room_file`](QuestProcessor::push_room_file) by target: a processor written for
//!   the older pushes keeps working, and one that implements `file_push` gets the info.
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
