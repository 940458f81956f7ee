//! # rtm-server-sdk
//!
//! The Rust server-side SDK for the RTM real-time messaging service: issue login tokens,
//! manage users, rooms, groups and friends, send and read messages and chat, keep per-user
//! data, translate and filter text, and choose what the service pushes to the back end.
//! Every call of the official Python SDK 2.0 is here under the same name, one module per
//! family ([`token`], [`user`], [`device`], [`message`], [`chat`], [`file`](mod@file), [`friend`],
//! [`group`], [`data`], [`listen`], [`room`]; each module's page lists its calls), and the
//! service's pushes reach a [`push::QuestProcessor`] or a [`Pushes`] stream
//! ([`RtmServerClient::pushes`]); [`RtmServerClient::send_quest`] calls anything else.
//!
//! **One request per call.** A call is a method of [`RtmServerClient`] with the Python
//! name, taking the Python signature's arguments that have no default, in order. It
//! returns a request: each Python keyword argument is a setter of the same name, plus
//! `timeout` (without it: the client's default, 30 s). Nothing is sent until the request
//! ends, one of three ways:
//! - **`.call()`** blocks until the outcome. Calls without values give
//!   `Option<QuestError>` (`None`: success; [`IntoResult`] turns it into a `Result`), calls
//!   with values `Result<T, QuestError>`, sends `Result<MessageSent, SendError>`.
//! - **`.with_callback(callback)`** returns at once; the callback (the call's callback
//!   trait, such as [`BasicCallback`] or [`GetRoomInfoCallback`], or a closure) runs once,
//!   on the client's callback thread.
//! - **`.await`**: the request is a future ([`IntoFuture`]) for
//!   any executor; calls without values give `Result<(), QuestError>`, so `?` works.
//!
//! Every call ends exactly once: with its answer, a server error, a timeout, or a
//! connection error ([`QuestError`]).
//!
//! The crate ships an embedded mock RTM server (`mock::MockServer`, feature `mock`), so this example runs
//! anywhere, and so you can test your own code offline:
//!
//! ```
//! use std::time::Duration;
//! use rtm_server_sdk::{mock::MockServer, ClientConfig, QuestError, RtmServerClient};
//!
//! let server = MockServer::start()?;
//! let config = ClientConfig::new(server.endpoint(), server.pid(), server.secret().clone());
//! let client = RtmServerClient::new(config)?;
//!
//! // Blocking: `None` means success.
//! if let Some(error) = client.add_room_member(1001, 2002).call() {
//!     eprintln!("add_room_member failed: {error}");
//! }
//! let info = client.get_room_info(1001).timeout(Duration::from_secs(5)).call()?;
//! println!("public info: {:?}", info.oinfo);
//! let page = client.get_room_message(2002, 1001, true, 10).mtypes(&[30]).call()?;
//! assert!(page.msgs.is_empty());
//!
//! // Callback: returns at once; the closure runs on the client's callback thread.
//! let (tx, rx) = std::sync::mpsc::channel();
//! client.is_ban_of_room(1001, 2002).with_callback(move |banned: bool, error: Option<QuestError>| {
//!     tx.send((banned, error)).unwrap();
//! });
//! assert_eq!(rx.recv()?, (false, None));
//!
//! // Async, on any executor.
//! pollster::block_on(async {
//!     client.add_room_member(1001, 2003).await?;
//!     let sent = client.send_room_chat(2002, 1001, "hello", "").mid(42).await?;
//!     assert_eq!(sent.mid, 42);
//!     Ok::<(), Box<dyn std::error::Error>>(())
//! })?;
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

mod api;
pub mod callbacks;
mod client;
pub mod config;
mod engine;
pub mod error;
#[cfg(feature = "unstable-internals")]
#[doc(hidden)]
pub mod fuzzing;
#[cfg(feature = "mock")]
pub mod mock;
pub mod push;
mod time;
mod types;
mod wire;

#[doc(inline)]
pub use api::{chat, data, device, file, friend, group, listen, message, room, token, user};

#[cfg(feature = "encryption")]
#[doc(inline)]
pub use wire::crypto;
#[cfg(feature = "unstable-internals")]
#[doc(hidden)]
pub use wire::{codec, sign};

pub use api::generic::SendQuestRequest;
pub use api::message::{MessageBody, MessageSent, SendError, SendFuture};
pub use api::room::{Info, RoomInfo};
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
pub use client::{CallFuture, RtmServerClient, WeakRtmServerClient};
pub use config::{ClientConfig, ClientConfigBuilder};
pub use error::{IntoResult, QuestError};
pub use push::{Push, Pushes};
/// The msgpack value type of [`RtmServerClient::send_quest`] and of pushes, re-exported so
/// that its version always matches.
pub use rmpv;
pub use wire::sign::Secret;

/// The README's examples, compiled and run as doc tests.
#[cfg(all(doctest, feature = "encryption"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
