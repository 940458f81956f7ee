//! # rtm-server-sdk
//!
//! The Rust server-side SDK for the RTM real-time messaging service: issue login tokens,
//! manage users, rooms, groups and friends, send and read messages and chat, keep per-user
//! data, translate and filter text, and choose what the service pushes to the back end.
//! Every call of the official Python SDK 2.0 is here under the same name, and every method
//! the service's interface 2.7 adds (content checks, blacklists, push options, message
//! counts and edits, RTC rooms, the IM library), one module per family ([`token`], [`user`],
//! [`device`], [`message`], [`chat`], [`file`](mod@file), [`friend`], [`group`], [`data`],
//! [`listen`], [`room`], [`rtc`], [`imlib`]; each module's page lists its calls), and the
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
//! <!-- calls: begin -->
//! ## The calls, by family
//!
//! - [`token`](mod@token): [`get_token`](RtmServerClient::get_token), [`remove_token`](RtmServerClient::remove_token)
//! - [`user`](mod@user): [`kickout`](RtmServerClient::kickout), [`get_online_users`](RtmServerClient::get_online_users), [`add_project_black`](RtmServerClient::add_project_black), [`remove_project_black`](RtmServerClient::remove_project_black), [`is_project_black`](RtmServerClient::is_project_black), [`set_user_info`](RtmServerClient::set_user_info), [`get_user_info`](RtmServerClient::get_user_info), [`get_user_open_info`](RtmServerClient::get_user_open_info), [`clear_user_message`](RtmServerClient::clear_user_message), [`add_project_ban`](RtmServerClient::add_project_ban), [`remove_project_ban`](RtmServerClient::remove_project_ban), [`is_project_ban`](RtmServerClient::is_project_ban), [`add_sessions`](RtmServerClient::add_sessions), [`remove_sessions`](RtmServerClient::remove_sessions)
//! - [`device`](mod@device): [`add_device`](RtmServerClient::add_device), [`remove_device`](RtmServerClient::remove_device), [`add_device_push_option`](RtmServerClient::add_device_push_option), [`remove_device_push_option`](RtmServerClient::remove_device_push_option), [`get_device_push_option`](RtmServerClient::get_device_push_option)
//! - [`message`](mod@message): [`send_message`](RtmServerClient::send_message), [`send_messages`](RtmServerClient::send_messages), [`send_group_message`](RtmServerClient::send_group_message), [`send_room_message`](RtmServerClient::send_room_message), [`broadcast_message`](RtmServerClient::broadcast_message), [`get_group_message`](RtmServerClient::get_group_message), [`get_room_message`](RtmServerClient::get_room_message), [`get_broadcast_message`](RtmServerClient::get_broadcast_message), [`get_p2p_message`](RtmServerClient::get_p2p_message), [`delete_message`](RtmServerClient::delete_message), [`delete_p2p_message`](RtmServerClient::delete_p2p_message), [`delete_group_message`](RtmServerClient::delete_group_message), [`delete_room_message`](RtmServerClient::delete_room_message), [`delete_broadcast_message`](RtmServerClient::delete_broadcast_message), [`get_message_info`](RtmServerClient::get_message_info), [`get_p2p_message_info`](RtmServerClient::get_p2p_message_info), [`get_group_message_info`](RtmServerClient::get_group_message_info), [`get_room_message_info`](RtmServerClient::get_room_message_info), [`get_broadcast_message_info`](RtmServerClient::get_broadcast_message_info), [`get_message_num`](RtmServerClient::get_message_num), [`clean_message`](RtmServerClient::clean_message), [`clean_p2p_message`](RtmServerClient::clean_p2p_message), [`clean_group_message`](RtmServerClient::clean_group_message), [`clean_room_message`](RtmServerClient::clean_room_message), [`clean_broadcast_message`](RtmServerClient::clean_broadcast_message), [`clear_project_message`](RtmServerClient::clear_project_message), [`delete_conversation_messages`](RtmServerClient::delete_conversation_messages), [`edit_message`](RtmServerClient::edit_message)
//! - [`chat`](mod@chat): [`send_chat`](RtmServerClient::send_chat), [`send_chats`](RtmServerClient::send_chats), [`send_group_chat`](RtmServerClient::send_group_chat), [`send_room_chat`](RtmServerClient::send_room_chat), [`broadcast_chat`](RtmServerClient::broadcast_chat), [`send_audio`](RtmServerClient::send_audio), [`send_audios`](RtmServerClient::send_audios), [`send_group_audio`](RtmServerClient::send_group_audio), [`send_room_audio`](RtmServerClient::send_room_audio), [`broadcast_audio`](RtmServerClient::broadcast_audio), [`send_cmd`](RtmServerClient::send_cmd), [`send_cmds`](RtmServerClient::send_cmds), [`send_group_cmd`](RtmServerClient::send_group_cmd), [`send_room_cmd`](RtmServerClient::send_room_cmd), [`broadcast_cmd`](RtmServerClient::broadcast_cmd), [`get_group_chat`](RtmServerClient::get_group_chat), [`get_room_chat`](RtmServerClient::get_room_chat), [`get_broadcast_chat`](RtmServerClient::get_broadcast_chat), [`get_p2p_chat`](RtmServerClient::get_p2p_chat), [`delete_p2p_chat`](RtmServerClient::delete_p2p_chat), [`delete_group_chat`](RtmServerClient::delete_group_chat), [`delete_room_chat`](RtmServerClient::delete_room_chat), [`delete_broadcast_chat`](RtmServerClient::delete_broadcast_chat), [`get_p2p_chat_info`](RtmServerClient::get_p2p_chat_info), [`get_group_chat_info`](RtmServerClient::get_group_chat_info), [`get_room_chat_info`](RtmServerClient::get_room_chat_info), [`get_broadcast_chat_info`](RtmServerClient::get_broadcast_chat_info), [`translate`](RtmServerClient::translate), [`profanity`](RtmServerClient::profanity), [`transcribe`](RtmServerClient::transcribe), [`text_check`](RtmServerClient::text_check), [`image_check`](RtmServerClient::image_check), [`audio_check`](RtmServerClient::audio_check), [`video_check`](RtmServerClient::video_check), [`speech_to_text`](RtmServerClient::speech_to_text)
//! - [`file`](mod@file): [`file_token`](RtmServerClient::file_token), [`send_file`](RtmServerClient::send_file), [`send_files`](RtmServerClient::send_files), [`send_room_file`](RtmServerClient::send_room_file), [`send_group_file`](RtmServerClient::send_group_file), [`broadcast_file`](RtmServerClient::broadcast_file)
//! - [`friend`](mod@friend): [`add_friends`](RtmServerClient::add_friends), [`delete_friends`](RtmServerClient::delete_friends), [`get_friends`](RtmServerClient::get_friends), [`is_friend`](RtmServerClient::is_friend), [`is_friends`](RtmServerClient::is_friends), [`add_blacks`](RtmServerClient::add_blacks), [`delete_blacks`](RtmServerClient::delete_blacks), [`get_blacks`](RtmServerClient::get_blacks), [`is_black`](RtmServerClient::is_black), [`is_blacks`](RtmServerClient::is_blacks)
//! - [`group`](mod@group): [`add_group_members`](RtmServerClient::add_group_members), [`delete_group_members`](RtmServerClient::delete_group_members), [`delete_group`](RtmServerClient::delete_group), [`get_group_members`](RtmServerClient::get_group_members), [`is_group_member`](RtmServerClient::is_group_member), [`get_user_groups`](RtmServerClient::get_user_groups), [`add_group_ban`](RtmServerClient::add_group_ban), [`remove_group_ban`](RtmServerClient::remove_group_ban), [`is_ban_of_group`](RtmServerClient::is_ban_of_group), [`set_group_info`](RtmServerClient::set_group_info), [`get_group_info`](RtmServerClient::get_group_info), [`get_group_count`](RtmServerClient::get_group_count), [`clear_project_group`](RtmServerClient::clear_project_group)
//! - [`data`](mod@data): [`data_set`](RtmServerClient::data_set), [`data_get`](RtmServerClient::data_get), [`data_delete`](RtmServerClient::data_delete)
//! - [`listen`](mod@listen): [`add_listen`](RtmServerClient::add_listen), [`remove_listen`](RtmServerClient::remove_listen), [`set_listen`](RtmServerClient::set_listen), [`set_all_listen`](RtmServerClient::set_all_listen)
//! - [`room`](mod@room): [`add_room_member`](RtmServerClient::add_room_member), [`delete_room_member`](RtmServerClient::delete_room_member), [`set_room_info`](RtmServerClient::set_room_info), [`get_room_info`](RtmServerClient::get_room_info), [`add_room_ban`](RtmServerClient::add_room_ban), [`remove_room_ban`](RtmServerClient::remove_room_ban), [`is_ban_of_room`](RtmServerClient::is_ban_of_room), [`get_room_members`](RtmServerClient::get_room_members), [`get_room_count`](RtmServerClient::get_room_count), [`add_room_members`](RtmServerClient::add_room_members), [`delete_room_members`](RtmServerClient::delete_room_members), [`add_user_rooms`](RtmServerClient::add_user_rooms), [`delete_user_rooms`](RtmServerClient::delete_user_rooms)
//! - [`rtc`](mod@rtc): [`invite_user_into_rtc_room`](RtmServerClient::invite_user_into_rtc_room), [`close_rtc_room`](RtmServerClient::close_rtc_room), [`kick_out_from_rtc_room`](RtmServerClient::kick_out_from_rtc_room), [`get_rtc_room_list`](RtmServerClient::get_rtc_room_list), [`get_rtc_room_members`](RtmServerClient::get_rtc_room_members), [`get_rtc_room_member_count`](RtmServerClient::get_rtc_room_member_count), [`set_rtc_room_mic_status`](RtmServerClient::set_rtc_room_mic_status), [`pull_into_rtc_room`](RtmServerClient::pull_into_rtc_room), [`admin_command`](RtmServerClient::admin_command)
//! - [`imlib`](mod@imlib): [`imserver_set_user_infos`](RtmServerClient::imserver_set_user_infos), [`imserver_set_group_infos`](RtmServerClient::imserver_set_group_infos), [`imserver_set_apply_grant`](RtmServerClient::imserver_set_apply_grant), [`imserver_set_invite_grant`](RtmServerClient::imserver_set_invite_grant), [`imserver_create_group`](RtmServerClient::imserver_create_group), [`imserver_dismiss_group`](RtmServerClient::imserver_dismiss_group), [`imserver_get_apply_grant`](RtmServerClient::imserver_get_apply_grant), [`imserver_get_invite_grant`](RtmServerClient::imserver_get_invite_grant), [`imserver_get_user_infos`](RtmServerClient::imserver_get_user_infos), [`imserver_get_group_infos`](RtmServerClient::imserver_get_group_infos), [`imserver_add_group_members`](RtmServerClient::imserver_add_group_members)
//! - any other method: [`send_quest`](RtmServerClient::send_quest)
//!
//! <!-- calls: end -->
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
pub use api::{
    chat, data, device, file, friend, group, imlib, listen, message, room, rtc, token, user,
};

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
    BasicCallback, CheckCallback, ConnectionCallback, DataGetCallback, FileTokenCallback,
    GetApplyGrantCallback, GetBlacksCallback, GetBroadcastMessageCallback,
    GetDevicePushOptionCallback, GetFriendsCallback, GetGroupCountCallback, GetGroupInfoCallback,
    GetGroupMembersCallback, GetGroupMessageCallback, GetImInfosCallback, GetInviteGrantCallback,
    GetMessageInfoCallback, GetMessageNumCallback, GetOnlineUsersCallback, GetP2PMessageCallback,
    GetRoomCountCallback, GetRoomInfoCallback, GetRoomMembersCallback, GetRoomMessageCallback,
    GetRtcRoomListCallback, GetRtcRoomMemberCountCallback, GetRtcRoomMembersCallback,
    GetTokenCallback, GetUserGroupsCallback, GetUserInfoCallback, GetUserOpenInfoCallback,
    IsBanOfGroupCallback, IsBanOfRoomCallback, IsBlackCallback, IsBlacksCallback, IsFriendCallback,
    IsFriendsCallback, IsGroupMemberCallback, IsProjectBanCallback, IsProjectBlackCallback,
    ProfanityCallback, PushCallback, RoomMembersChangedCallback, SendMessageCallback,
    SpeechToTextCallback, TextCheckCallback, TranscribeCallback, TranslateCallback,
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
