//! Chat (Python SDK: `Chat.md`): text chat, audio and commands (messages of the types 30,
//! 31 and 32), their history, and the service's text tools: translation, profanity
//! filtering and transcription.
//!
//! The chat calls are the [message](crate::message) calls with a fixed type, so their wire
//! is the message calls' wire: text and commands go out as msgpack str, audio as bin.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`send_chat`](crate::RtmServerClient::send_chat) → [`SendChatRequest`]
//! - [`send_chats`](crate::RtmServerClient::send_chats) → [`SendChatsRequest`]
//! - [`send_group_chat`](crate::RtmServerClient::send_group_chat) → [`SendGroupChatRequest`]
//! - [`send_room_chat`](crate::RtmServerClient::send_room_chat) → [`SendRoomChatRequest`]
//! - [`broadcast_chat`](crate::RtmServerClient::broadcast_chat) → [`BroadcastChatRequest`]
//! - [`send_audio`](crate::RtmServerClient::send_audio) → [`SendAudioRequest`]
//! - [`send_audios`](crate::RtmServerClient::send_audios) → [`SendAudiosRequest`]
//! - [`send_group_audio`](crate::RtmServerClient::send_group_audio) → [`SendGroupAudioRequest`]
//! - [`send_room_audio`](crate::RtmServerClient::send_room_audio) → [`SendRoomAudioRequest`]
//! - [`broadcast_audio`](crate::RtmServerClient::broadcast_audio) → [`BroadcastAudioRequest`]
//! - [`send_cmd`](crate::RtmServerClient::send_cmd) → [`SendCmdRequest`]
//! - [`send_cmds`](crate::RtmServerClient::send_cmds) → [`SendCmdsRequest`]
//! - [`send_group_cmd`](crate::RtmServerClient::send_group_cmd) → [`SendGroupCmdRequest`]
//! - [`send_room_cmd`](crate::RtmServerClient::send_room_cmd) → [`SendRoomCmdRequest`]
//! - [`broadcast_cmd`](crate::RtmServerClient::broadcast_cmd) → [`BroadcastCmdRequest`]
//! - [`get_group_chat`](crate::RtmServerClient::get_group_chat) → [`GetGroupChatRequest`]
//! - [`get_room_chat`](crate::RtmServerClient::get_room_chat) → [`GetRoomChatRequest`]
//! - [`get_broadcast_chat`](crate::RtmServerClient::get_broadcast_chat) → [`GetBroadcastChatRequest`]
//! - [`get_p2p_chat`](crate::RtmServerClient::get_p2p_chat) → [`GetP2PChatRequest`]
//! - [`delete_p2p_chat`](crate::RtmServerClient::delete_p2p_chat) → [`DeleteP2PChatRequest`]
//! - [`delete_group_chat`](crate::RtmServerClient::delete_group_chat) → [`DeleteGroupChatRequest`]
//! - [`delete_room_chat`](crate::RtmServerClient::delete_room_chat) → [`DeleteRoomChatRequest`]
//! - [`delete_broadcast_chat`](crate::RtmServerClient::delete_broadcast_chat) → [`DeleteBroadcastChatRequest`]
//! - [`get_p2p_chat_info`](crate::RtmServerClient::get_p2p_chat_info) → [`GetP2PChatInfoRequest`]
//! - [`get_group_chat_info`](crate::RtmServerClient::get_group_chat_info) → [`GetGroupChatInfoRequest`]
//! - [`get_room_chat_info`](crate::RtmServerClient::get_room_chat_info) → [`GetRoomChatInfoRequest`]
//! - [`get_broadcast_chat_info`](crate::RtmServerClient::get_broadcast_chat_info) → [`GetBroadcastChatInfoRequest`]
//! - [`translate`](crate::RtmServerClient::translate) → [`TranslateRequest`]
//! - [`profanity`](crate::RtmServerClient::profanity) → [`ProfanityRequest`]
//! - [`transcribe`](crate::RtmServerClient::transcribe) → [`TranscribeRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::api::message::{MessageKind, Target, sends};
use crate::callbacks::{
    deliver_broadcast_messages, deliver_group_messages, deliver_message_info, deliver_p2p_messages,
    deliver_profanity, deliver_room_messages, deliver_transcription, deliver_translation,
};
use crate::wire::answer;
use crate::wire::call::quest;
use crate::wire::send::Body;

pub use crate::types::chat::{
    ProfanityMode, ProfanityResult, TranscribeResult, TranslateResult, TranslateType,
};

/// The type of a text chat message.
pub const TEXT: i64 = 30;
/// The type of an audio message.
pub const AUDIO: i64 = 31;
/// The type of a command message.
pub const CMD: i64 = 32;
/// The chat types, as `get_*_chat` sends them.
const CHAT_TYPES: [i64; 3] = [TEXT, AUDIO, CMD];

sends! {
    /// Sends a text chat message (type 30) from one user to another. FPNN method `sendmsg`.
    SendChatRequest fn send_chat(from_uid: i64, to_uid: i64, msg: &'a str)
        => Target::User(to_uid), TEXT, from_uid, Body::Text(msg);
    example { client.send_chat(2002, 2003, "你好, chat", "").call()?; }

    /// Sends a text chat message to several users. FPNN method `sendmsgs`.
    SendChatsRequest fn send_chats(from_uid: i64, to_uids: &'a [i64], msg: &'a str)
        => Target::Users(to_uids), TEXT, from_uid, Body::Text(msg);
    example { client.send_chats(2002, &[2003, 3003], "chat many", "").call()?; }

    /// Sends a text chat message to a group. FPNN method `sendgroupmsg`.
    SendGroupChatRequest fn send_group_chat(from_uid: i64, gid: i64, msg: &'a str)
        => Target::Group(gid), TEXT, from_uid, Body::Text(msg);
    example { client.send_group_chat(2002, 5005, "chat group", "").call()?; }

    /// Sends a text chat message to a room. FPNN method `sendroommsg`.
    SendRoomChatRequest fn send_room_chat(from_uid: i64, rid: i64, msg: &'a str)
        => Target::Room(rid), TEXT, from_uid, Body::Text(msg);
    example { client.send_room_chat(2002, 1001, "chat room", "").call()?; }

    /// Sends a text chat message to every user. FPNN method `broadcastmsg`.
    BroadcastChatRequest fn broadcast_chat(from_uid: i64, msg: &'a str)
        => Target::Broadcast, TEXT, from_uid, Body::Text(msg);
    example { client.broadcast_chat(2002, "chat all", "").call()?; }

    /// Sends audio (type 31, bytes) from one user to another. FPNN method `sendmsg`.
    SendAudioRequest fn send_audio(from_uid: i64, to_uid: i64, msg: &'a [u8])
        => Target::User(to_uid), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_audio(2002, 2003, b"\x01\x02\x03fake-audio", "").call()?; }

    /// Sends audio to several users. FPNN method `sendmsgs`.
    SendAudiosRequest fn send_audios(from_uid: i64, to_uids: &'a [i64], msg: &'a [u8])
        => Target::Users(to_uids), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_audios(2002, &[2003, 3003], b"\x01\x02\x03fake-audio", "").call()?; }

    /// Sends audio to a group. FPNN method `sendgroupmsg`.
    SendGroupAudioRequest fn send_group_audio(from_uid: i64, gid: i64, msg: &'a [u8])
        => Target::Group(gid), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_group_audio(2002, 5005, b"\x01\x02\x03fake-audio", "").call()?; }

    /// Sends audio to a room. FPNN method `sendroommsg`.
    SendRoomAudioRequest fn send_room_audio(from_uid: i64, rid: i64, msg: &'a [u8])
        => Target::Room(rid), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_room_audio(2002, 1001, b"\x01\x02\x03fake-audio", "").call()?; }

    /// Sends audio to every user. FPNN method `broadcastmsg`.
    BroadcastAudioRequest fn broadcast_audio(from_uid: i64, msg: &'a [u8])
        => Target::Broadcast, AUDIO, from_uid, Body::Binary(msg);
    example { client.broadcast_audio(2002, b"\x01\x02\x03fake-audio", "").call()?; }

    /// Sends a command (type 32) from one user to another. FPNN method `sendmsg`.
    SendCmdRequest fn send_cmd(from_uid: i64, to_uid: i64, msg: &'a str)
        => Target::User(to_uid), CMD, from_uid, Body::Text(msg);
    example { client.send_cmd(2002, 2003, "cmd-kick", "").call()?; }

    /// Sends a command to several users. FPNN method `sendmsgs`.
    SendCmdsRequest fn send_cmds(from_uid: i64, to_uids: &'a [i64], msg: &'a str)
        => Target::Users(to_uids), CMD, from_uid, Body::Text(msg);
    example { client.send_cmds(2002, &[2003, 3003], "cmd-kick", "").call()?; }

    /// Sends a command to a group. FPNN method `sendgroupmsg`.
    SendGroupCmdRequest fn send_group_cmd(from_uid: i64, gid: i64, msg: &'a str)
        => Target::Group(gid), CMD, from_uid, Body::Text(msg);
    example { client.send_group_cmd(2002, 5005, "cmd-kick", "").call()?; }

    /// Sends a command to a room. FPNN method `sendroommsg`.
    SendRoomCmdRequest fn send_room_cmd(from_uid: i64, rid: i64, msg: &'a str)
        => Target::Room(rid), CMD, from_uid, Body::Text(msg);
    example { client.send_room_cmd(2002, 1001, "cmd-kick", "").call()?; }

    /// Sends a command to every user. FPNN method `broadcastmsg`.
    BroadcastCmdRequest fn broadcast_cmd(from_uid: i64, msg: &'a str)
        => Target::Broadcast, CMD, from_uid, Body::Text(msg);
    example { client.broadcast_cmd(2002, "cmd-kick", "").call()?; }
}

calls! {
    /// One page of a group's chat history (types 30, 31, 32). FPNN method `getgroupmsg`;
    /// arguments as [`get_group_message`](Self::get_group_message).
    value GetGroupChatRequest fn get_group_chat(uid: i64, gid: i64, desc: bool, num: i64) [begin: i64, end: i64, lastid: i64] -> crate::api::message::GroupMessages, GetGroupMessageCallback => deliver_group_messages;
    example {
        client.send_group_chat(2002, 5005, "hi", "").call()?;
        client.send_group_message(51, 2002, 5005, "not chat", "").call()?;
        assert_eq!(client.get_group_chat(2002, 5005, true, 10).call()?.num, 1);
    }
    { Ok(quest("getgroupmsg", (("uid", uid), ("gid", gid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", &CHAT_TYPES[..])), answer::messages)) }

    /// One page of a room's chat history. FPNN method `getroommsg`.
    value GetRoomChatRequest fn get_room_chat(uid: i64, rid: i64, desc: bool, num: i64) [begin: i64, end: i64, lastid: i64] -> crate::api::message::RoomMessages, GetRoomMessageCallback => deliver_room_messages;
    example {
        client.send_room_chat(2002, 1001, "hi", "").call()?;
        assert_eq!(client.get_room_chat(2002, 1001, true, 10).call()?.num, 1);
    }
    { Ok(quest("getroommsg", (("uid", uid), ("rid", rid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", &CHAT_TYPES[..])), answer::messages)) }

    /// One page of the broadcast chat history. FPNN method `getbroadcastmsg`.
    value GetBroadcastChatRequest fn get_broadcast_chat(uid: i64, desc: bool, num: i64) [begin: i64, end: i64, lastid: i64] -> crate::api::message::BroadcastMessages, GetBroadcastMessageCallback => deliver_broadcast_messages;
    example {
        client.broadcast_chat(2002, "hi all", "").call()?;
        assert_eq!(client.get_broadcast_chat(2002, true, 10).call()?.num, 1);
    }
    { Ok(quest("getbroadcastmsg", (("uid", uid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", &CHAT_TYPES[..])), answer::messages)) }

    /// One page of the p2p chat history between `uid` and `ouid`. FPNN method `getp2pmsg`.
    value GetP2PChatRequest fn get_p2p_chat(uid: i64, ouid: i64, desc: bool, num: i64) [begin: i64, end: i64, lastid: i64] -> crate::api::message::P2PMessages, GetP2PMessageCallback => deliver_p2p_messages;
    example {
        client.send_chat(2002, 2003, "hi", "").call()?;
        assert_eq!(client.get_p2p_chat(2002, 2003, true, 10).call()?.msgs[0].direction, 1);
    }
    { Ok(quest("getp2pmsg", (("uid", uid), ("ouid", ouid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", &CHAT_TYPES[..])), answer::p2p_messages)) }

    /// Deletes a p2p chat message. FPNN method `delmsg` (type 1).
    basic DeleteP2PChatRequest fn delete_p2p_chat(mid: i64, from_uid: i64, to_uid: i64) []
    example {
        let sent = client.send_chat(2002, 2003, "oops", "").call()?;
        assert_eq!(client.delete_p2p_chat(sent.mid, 2002, 2003).call(), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", to_uid), ("type", MessageKind::P2P.code())), answer::nothing)) }

    /// Deletes a group chat message. FPNN method `delmsg` (type 2).
    basic DeleteGroupChatRequest fn delete_group_chat(mid: i64, from_uid: i64, gid: i64) []
    example {
        let sent = client.send_group_chat(2002, 5005, "oops", "").call()?;
        assert_eq!(client.delete_group_chat(sent.mid, 2002, 5005).call(), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", gid), ("type", MessageKind::Group.code())), answer::nothing)) }

    /// Deletes a room chat message. FPNN method `delmsg` (type 3).
    basic DeleteRoomChatRequest fn delete_room_chat(mid: i64, from_uid: i64, rid: i64) []
    example {
        let sent = client.send_room_chat(2002, 1001, "oops", "").call()?;
        assert_eq!(client.delete_room_chat(sent.mid, 2002, 1001).call(), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", rid), ("type", MessageKind::Room.code())), answer::nothing)) }

    /// Deletes a broadcast chat message. FPNN method `delmsg` (type 4, `xid` 0).
    basic DeleteBroadcastChatRequest fn delete_broadcast_chat(mid: i64, from_uid: i64) []
    example {
        let sent = client.broadcast_chat(2002, "oops", "").call()?;
        assert_eq!(client.delete_broadcast_chat(sent.mid, 2002).call(), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", 0i64), ("type", MessageKind::Broadcast.code())), answer::nothing)) }

    /// One p2p chat message. FPNN method `getmsg` (type 1).
    value GetP2PChatInfoRequest fn get_p2p_chat_info(mid: i64, from_uid: i64, to_uid: i64) [] -> crate::api::message::MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.send_chat(2002, 2003, "hello", "").call()?;
        assert_eq!(client.get_p2p_chat_info(sent.mid, 2002, 2003).call()?.mtype, 30);
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", to_uid), ("type", MessageKind::P2P.code())), answer::message_info)) }

    /// One group chat message. FPNN method `getmsg` (type 2).
    value GetGroupChatInfoRequest fn get_group_chat_info(mid: i64, from_uid: i64, gid: i64) [] -> crate::api::message::MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.send_group_chat(2002, 5005, "hello", "").call()?;
        assert_eq!(client.get_group_chat_info(sent.mid, 2002, 5005).call()?.msg.as_text(), Some("hello"));
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", gid), ("type", MessageKind::Group.code())), answer::message_info)) }

    /// One room chat message. FPNN method `getmsg` (type 3).
    value GetRoomChatInfoRequest fn get_room_chat_info(mid: i64, from_uid: i64, rid: i64) [] -> crate::api::message::MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.send_room_audio(2002, 1001, b"\x01\x02", "").call()?;
        assert_eq!(client.get_room_chat_info(sent.mid, 2002, 1001).call()?.msg.as_bytes(), b"\x01\x02");
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", rid), ("type", MessageKind::Room.code())), answer::message_info)) }

    /// One broadcast chat message. FPNN method `getmsg` (type 4, `xid` 0).
    value GetBroadcastChatInfoRequest fn get_broadcast_chat_info(mid: i64, from_uid: i64) [] -> crate::api::message::MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.broadcast_chat(2002, "hello", "").call()?;
        assert_eq!(client.get_broadcast_chat_info(sent.mid, 2002).call()?.mtype, 30);
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", 0i64), ("type", MessageKind::Broadcast.code())), answer::message_info)) }

    /// Translates `text` into `dst` (e.g. `"zh-CN"`). FPNN method `translate`. Keyword
    /// arguments: `src`, the source language (without it: detected); `ttype`,
    /// [`TranslateType::Chat`] (the default) or [`Mail`](TranslateType::Mail);
    /// `profanity`, [`ProfanityMode::Off`] (the default), [`Stop`](ProfanityMode::Stop) or
    /// [`Censor`](ProfanityMode::Censor); `post_profanity` (default false); `uid`. The
    /// type, profanity and post-profanity values are always sent, defaults included, as
    /// the Python SDK does.
    value TranslateRequest fn translate(text: &'a str, dst: &'a str) [src: &'a str, ttype: TranslateType, profanity: ProfanityMode, post_profanity: bool, uid: i64] -> TranslateResult, TranslateCallback => deliver_translation;
    example {
        let result = client.translate("hello world", "zh-CN").call()?;
        assert_eq!(result.target, "zh-CN");
    }
    {
        Ok(quest("translate", (
            ("text", text), ("dst", dst),
            ("type", ttype.unwrap_or_default().as_str()),
            ("profanity", profanity.unwrap_or_default().as_str()),
            ("postProfanity", post_profanity.unwrap_or(false)),
            ("src", src), ("uid", uid),
        ), answer::translation))
    }

    /// Filters profanities out of `text`; with `classify`, also says which classes were
    /// found. FPNN method `profanity` (`classify` is always sent, false by default).
    value ProfanityRequest fn profanity(text: &'a str) [classify: bool, uid: i64] -> ProfanityResult, ProfanityCallback => deliver_profanity;
    example {
        assert_eq!(client.profanity("this is a badword").call()?.text, "this is a *******");
    }
    { Ok(quest("profanity", (("text", text), ("classify", classify.unwrap_or(false)), ("uid", uid)), answer::profanity)) }

    /// Transcribes audio to text. FPNN method `transcribe` (`profanityFilter` is always
    /// sent, false by default; the audio goes out as bin).
    value TranscribeRequest fn transcribe(audio: &'a [u8]) [uid: i64, profanity_filter: bool] -> TranscribeResult, TranscribeCallback => deliver_transcription;
    example {
        assert_eq!(client.transcribe(b"\x01\x02\x03fake-audio").call()?.lang, "en");
    }
    { Ok(quest("transcribe", (("audio", audio), ("profanityFilter", profanity_filter.unwrap_or(false)), ("uid", uid)), answer::transcription)) }
}
