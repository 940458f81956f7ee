//! # rtm-server-sdk
//!
//! The Rust server-side SDK for the RTM real-time messaging service: issue login tokens,
//! manage users, rooms, groups and friends, send and read messages and chat, keep per-user
//! data, translate and filter text, and choose what the service pushes to the back end.
//! Every call of the official Python SDK 2.0 is here under the same name, one module per
//! family ([`token`], [`user`], [`device`], [`message`], [`chat`], [`file`](mod@file), [`friend`],
//! [`group`], [`data`], [`listen`], [`room`]), and the service's pushes reach a
//! [`push::QuestProcessor`] or a [`Pushes`] stream ([`RtmServerClient::pushes`]);
//! [`RtmServerClient::send_quest`] calls anything else. Every call
//! is blocking, `_with_callback` or `_async`.
//!
//! Every call exists three times: a **blocking** form that returns the outcome, a
//! **callback** form (`_with_callback`) that returns at once and runs a callback when the
//! outcome is known, and an **async** form (`_async`), a future for any executor. Every call takes a timeout; `None` means the client's default (30 s).
//! Every call ends exactly once: with its answer, a server error, a timeout, or a
//! connection error ([`QuestError`]).
//!
//! The crate ships an embedded mock RTM server (`mock::MockServer`, feature `mock`), so this example runs
//! anywhere, and so you can test your own code offline:
//!
//! ```
//! use std::time::Duration;
//! use rtm_server_sdk::{mock::MockServer, ClientConfig, RtmServerClient};
//!
//! let server = MockServer::start()?;
//! let config = ClientConfig::new(server.endpoint(), server.pid(), server.secret().clone());
//! let client = RtmServerClient::new(config)?;
//!
//! // Blocking form: `None` means success.
//! if let Some(error) = client.add_room_member(1001, 2002, None) {
//!     eprintln!("add_room_member failed: {error}");
//! }
//! let info = client.get_room_info(1001, Some(Duration::from_secs(5)))?;
//! println!("public info: {:?}", info.oinfo);
//!
//! // Callback form: returns at once; the closure runs on the client's callback thread.
//! let (tx, rx) = std::sync::mpsc::channel();
//! client.is_ban_of_room_with_callback(1001, 2002, None, move |banned: bool, error| {
//!     tx.send((banned, error)).unwrap();
//! });
//! assert_eq!(rx.recv()?, (false, None));
//! client.close()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! See [`RtmServerClient`] for threads and shutdown, [`error`] for every code a call can
//! end with (and how they map from the Python 2.0 SDK's), and [`ClientConfig`] for timeouts,
//! keep-alive and reconnection.

#![deny(missing_docs)]
// Parts of the codec and the transport serve only the mock and the internals; unused-code
// lints run on the build with every feature (the one tests and clippy use).
#![cfg_attr(
    not(all(feature = "mock", feature = "unstable-internals")),
    allow(dead_code, unused_imports)
)]
#![forbid(unsafe_code)]
#![doc(test(attr(deny(warnings))))]

mod answer;
pub mod callbacks;
mod calls;
pub mod chat;
mod client;
#[cfg(feature = "unstable-internals")]
#[doc(hidden)]
pub mod codec;
#[cfg(not(feature = "unstable-internals"))]
mod codec;
pub mod config;
#[cfg(feature = "encryption")]
pub mod crypto;
pub mod data;
pub mod device;
mod engine;
pub mod error;
pub mod file;
pub mod friend;
#[cfg(feature = "unstable-internals")]
#[doc(hidden)]
pub mod fuzzing;
mod generic;
pub mod group;
pub mod listen;
pub mod message;
#[cfg(feature = "mock")]
pub mod mock;
pub mod push;
pub mod room;
#[cfg(feature = "tokio")]
mod runtime;
#[cfg(feature = "unstable-internals")]
#[doc(hidden)]
pub mod sign;
#[cfg(not(feature = "unstable-internals"))]
mod sign;
pub mod token;
mod transport;
pub mod user;

pub use callbacks::{
    BasicCallback, ConnectionCallback, DataGetCallback, FileTokenCallback,
    GetBroadcastMessageCallback, GetFriendsCallback, GetGroupInfoCallback, GetGroupMembersCallback,
    GetGroupMessageCallback, GetMessageInfoCallback, GetOnlineUsersCallback, GetP2PMessageCallback,
    GetRoomCountCallback, GetRoomInfoCallback, GetRoomMembersCallback, GetRoomMessageCallback,
    GetTokenCallback, GetUserGroupsCallback, GetUserInfoCallback, GetUserOpenInfoCallback,
    IsBanOfGroupCallback, IsBanOfRoomCallback, IsFriendCallback, IsFriendsCallback,
    IsGroupMemberCallback, IsProjectBlackCallback, ProfanityCallback, PushCallback,
    SendMessageCallback, TranscribeCallback, TranslateCallback,
};
pub use client::{RtmServerClient, WeakRtmServerClient};
pub use config::{ClientConfig, ClientConfigBuilder};
pub use error::QuestError;
pub use message::{MessageBody, MessageSent, SendError};
pub use push::{Push, Pushes};
/// The msgpack value type of [`RtmServerClient::send_quest`] and of pushes, re-exported so
/// that its version always matches.
pub use rmpv;
pub use room::{Info, RoomInfo};
pub use sign::Secret;

/// The README's examples, compiled and run as doc tests.
#[cfg(all(doctest, feature = "encryption"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
