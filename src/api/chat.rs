//! Chat (Python SDK: `Chat.md`): text chat, audio and commands (messages of the types 30,
//! 31 and 32), their history, and the service's text tools: translation, profanity
//! filtering and transcription.
//!
//! The chat calls are the [message](crate::message) calls with a fixed type, so their wire
//! is the message calls' wire: text and commands go out as msgpack str, audio as bin. The
//! `get_*_chat` calls ask for the types 30, 31 and 32 (as the Python SDK 2.0; files, 40-50,
//! are not among them: read them with the `get_*_message` calls and their `mtypes`).
//!
//! Interface 2.7 adds the content checks ([`text_check`](crate::RtmServerClient::text_check),
//! [`image_check`](crate::RtmServerClient::image_check),
//! [`audio_check`](crate::RtmServerClient::audio_check),
//! [`video_check`](crate::RtmServerClient::video_check)) and
//! [`speech_to_text`](crate::RtmServerClient::speech_to_text), which the newer SDKs use in
//! place of `profanity` and `transcribe`; they also dropped the audio chat calls (a voice
//! message is now a file of type 41). Those calls stay here, documented as deprecated.
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
//! - [`text_check`](crate::RtmServerClient::text_check) → [`TextCheckRequest`]
//! - [`image_check`](crate::RtmServerClient::image_check) → [`ImageCheckRequest`]
//! - [`audio_check`](crate::RtmServerClient::audio_check) → [`AudioCheckRequest`]
//! - [`video_check`](crate::RtmServerClient::video_check) → [`VideoCheckRequest`]
//! - [`speech_to_text`](crate::RtmServerClient::speech_to_text) → [`SpeechToTextRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::api::message::{MessageKind, Recipient, sends};
use crate::callbacks::*;
use crate::wire::answer;
use crate::wire::call::quest;
use crate::wire::send::Body;

pub use crate::types::chat::{
    ProfanityMode, ProfanityResult, TranscribeResult, TranslateResult, TranslateType,
};
pub use crate::types::check::{CheckResult, CheckSource, SpeechToTextResult, TextCheckResult};

/// How long the content checks and `speech_to_text` wait at least without a timeout of their
/// own: 120 s, as the Go, Java and C++ SDKs (the client's default when it is longer).
pub const CHECK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

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
        => Recipient::User(to_uid), TEXT, from_uid, Body::Text(msg);
    example { client.send_chat(2002, 2003, "你好, chat", "").call()?; }

    /// Sends a text chat message to several users. FPNN method `sendmsgs`.
    SendChatsRequest fn send_chats(from_uid: i64, to_uids: &'a [i64], msg: &'a str)
        => Recipient::Users(to_uids), TEXT, from_uid, Body::Text(msg);
    example { client.send_chats(2002, &[2003, 3003], "chat many", "").call()?; }

    /// Sends a text chat message to a group. FPNN method `sendgroupmsg`.
    SendGroupChatRequest fn send_group_chat(from_uid: i64, gid: i64, msg: &'a str)
        => Recipient::Group(gid), TEXT, from_uid, Body::Text(msg);
    example { client.send_group_chat(2002, 5005, "chat group", "").call()?; }

    /// Sends a text chat message to a room. FPNN method `sendroommsg`.
    SendRoomChatRequest fn send_room_chat(from_uid: i64, rid: i64, msg: &'a str)
        => Recipient::Room(rid), TEXT, from_uid, Body::Text(msg);
    example { client.send_room_chat(2002, 1001, "chat room", "").call()?; }

    /// Sends a text chat message to every user. FPNN method `broadcastmsg`.
    BroadcastChatRequest fn broadcast_chat(from_uid: i64, msg: &'a str)
        => Recipient::Broadcast, TEXT, from_uid, Body::Text(msg);
    example { client.broadcast_chat(2002, "chat all", "").call()?; }

    /// Sends audio (type 31, bytes) from one user to another. FPNN method `sendmsg`.
    ///
    /// **Deprecated by the service's newer SDKs** (interface 2.7 has no audio chat): send a
    /// voice message as a file of type 41 instead. The wire is unchanged and still served.
    SendAudioRequest fn send_audio(from_uid: i64, to_uid: i64, msg: &'a [u8])
        => Recipient::User(to_uid), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_audio(2002, 2003, b"\x01\x02\x03fake-audio", "").call()?; }

    /// Sends audio to several users. FPNN method `sendmsgs`.
    ///
    /// **Deprecated by the service's newer SDKs** (interface 2.7 has no audio chat): send a
    /// voice message as a file of type 41 instead. The wire is unchanged and still served.
    SendAudiosRequest fn send_audios(from_uid: i64, to_uids: &'a [i64], msg: &'a [u8])
        => Recipient::Users(to_uids), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_audios(2002, &[2003, 3003], b"\x01\x02\x03fake-audio", "").call()?; }

    /// Sends audio to a group. FPNN method `sendgroupmsg`.
    ///
    /// **Deprecated by the service's newer SDKs** (interface 2.7 has no audio chat): send a
    /// voice message as a file of type 41 instead. The wire is unchanged and still served.
    SendGroupAudioRequest fn send_group_audio(from_uid: i64, gid: i64, msg: &'a [u8])
        => Recipient::Group(gid), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_group_audio(2002, 5005, b"\x01\x02\x03fake-audio", "").call()?; }

    /// Sends audio to a room. FPNN method `sendroommsg`.
    ///
    /// **Deprecated by the service's newer SDKs** (interface 2.7 has no audio chat): send a
    /// voice message as a file of type 41 instead. The wire is unchanged and still served.
    SendRoomAudioRequest fn send_room_audio(from_uid: i64, rid: i64, msg: &'a [u8])
        => Recipient::Room(rid), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_room_audio(2002, 1001, b"\x01\x02\x03fake-audio", "").call()?; }

    /// Sends audio to every user. FPNN method `broadcastmsg`.
    ///
    /// **Deprecated by the service's newer SDKs** (interface 2.7 has no audio chat): send a
    /// voice message as a file of type 41 instead. The wire is unchanged and still served.
    BroadcastAudioRequest fn broadcast_audio(from_uid: i64, msg: &'a [u8])
        => Recipient::Broadcast, AUDIO, from_uid, Body::Binary(msg);
    example { client.broadcast_audio(2002, b"\x01\x02\x03fake-audio", "").call()?; }

    /// Sends a command (type 32) from one user to another. FPNN method `sendmsg`.
    SendCmdRequest fn send_cmd(from_uid: i64, to_uid: i64, msg: &'a str)
        => Recipient::User(to_uid), CMD, from_uid, Body::Text(msg);
    example { client.send_cmd(2002, 2003, "cmd-kick", "").call()?; }

    /// Sends a command to several users. FPNN method `sendmsgs`.
    SendCmdsRequest fn send_cmds(from_uid: i64, to_uids: &'a [i64], msg: &'a str)
        => Recipient::Users(to_uids), CMD, from_uid, Body::Text(msg);
    example { client.send_cmds(2002, &[2003, 3003], "cmd-kick", "").call()?; }

    /// Sends a command to a group. FPNN method `sendgroupmsg`.
    SendGroupCmdRequest fn send_group_cmd(from_uid: i64, gid: i64, msg: &'a str)
        => Recipient::Group(gid), CMD, from_uid, Body::Text(msg);
    example { client.send_group_cmd(2002, 5005, "cmd-kick", "").call()?; }

    /// Sends a command to a room. FPNN method `sendroommsg`.
    SendRoomCmdRequest fn send_room_cmd(from_uid: i64, rid: i64, msg: &'a str)
        => Recipient::Room(rid), CMD, from_uid, Body::Text(msg);
    example { client.send_room_cmd(2002, 1001, "cmd-kick", "").call()?; }

    /// Sends a command to every user. FPNN method `broadcastmsg`.
    BroadcastCmdRequest fn broadcast_cmd(from_uid: i64, msg: &'a str)
        => Recipient::Broadcast, CMD, from_uid, Body::Text(msg);
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
    ///
    /// **Deprecated by the service's newer SDKs** (interface 2.7): use
    /// [`text_check`](Self::text_check). Still served as far as is known.
    value ProfanityRequest fn profanity(text: &'a str) [classify: bool, uid: i64] -> ProfanityResult, ProfanityCallback => deliver_profanity;
    example {
        assert_eq!(client.profanity("this is a badword").call()?.text, "this is a *******");
    }
    { Ok(quest("profanity", (("text", text), ("classify", classify.unwrap_or(false)), ("uid", uid)), answer::profanity)) }

    /// Transcribes audio to text. FPNN method `transcribe` (`profanityFilter` is always
    /// sent, false by default; the audio goes out as bin).
    ///
    /// **Deprecated by the service's newer SDKs** (interface 2.7): use
    /// [`speech_to_text`](Self::speech_to_text); whether the service still serves
    /// `transcribe` is not known.
    value TranscribeRequest fn transcribe(audio: &'a [u8]) [uid: i64, profanity_filter: bool] -> TranscribeResult, TranscribeCallback => deliver_transcription;
    example {
        assert_eq!(client.transcribe(b"\x01\x02\x03fake-audio").call()?.lang, "en");
    }
    { Ok(quest("transcribe", (("audio", audio), ("profanityFilter", profanity_filter.unwrap_or(false)), ("uid", uid)), answer::transcription)) }
}

calls! {
    /// Checks a text for sensitive content (the successor of [`profanity`](Self::profanity)):
    /// `result` 0 passes, 2 does not; the masked text, the categories and the words found.
    /// FPNN method `tcheck` (interface 2.7). Without a timeout of its own, it waits up to
    /// 120 s ([`CHECK_TIMEOUT`], as the Go, Java and C++ SDKs), or the client's default when
    /// that is longer.
    value TextCheckRequest fn text_check(text: &'a str) [uid: i64] -> TextCheckResult, TextCheckCallback => deliver_text_check;
    default_timeout CHECK_TIMEOUT;
    example {
        assert_eq!(client.text_check("hello world").uid(2002).call()?.result, 0);
        assert_eq!(client.text_check("this is a badword").call()?.result, 2);
    }
    { Ok(quest("tcheck", (("text", text), ("uid", uid)), answer::text_check)) }

    /// Checks an image, by URL or content: `result` 0 passes, 2 does not. FPNN method
    /// `icheck` (interface 2.7); 120 s without a timeout of its own.
    value ImageCheckRequest fn image_check(image: CheckSource<'a>) [uid: i64] -> CheckResult, CheckCallback => deliver_check;
    default_timeout CHECK_TIMEOUT;
    example {
        use rtm_server_sdk::chat::CheckSource;
        let checked = client.image_check(CheckSource::Url("https://example.com/a.png")).call()?;
        assert_eq!(checked.result, 0);
    }
    { Ok(quest("icheck", (("image", image), ("type", image.code()), ("uid", uid)), answer::check)) }

    /// Checks speech, by URL or content, in language `lang` (`"en"`, `"zh-CN"`, ...);
    /// `codec` (the service's default `AMR_WB`) and `srate` (16000) describe content. FPNN
    /// method `acheck` (interface 2.7); 120 s without a timeout of its own.
    value AudioCheckRequest fn audio_check(audio: CheckSource<'a>, lang: &'a str) [codec: &'a str, srate: i32, uid: i64] -> CheckResult, CheckCallback => deliver_check;
    default_timeout CHECK_TIMEOUT;
    example {
        use rtm_server_sdk::chat::CheckSource;
        let checked = client.audio_check(CheckSource::Url("https://example.com/a.amr"), "en").call()?;
        assert_eq!(checked.result, 0);
    }
    { Ok(quest("acheck", (("audio", audio), ("type", audio.code()), ("lang", lang), ("codec", codec), ("srate", srate), ("uid", uid)), answer::check)) }

    /// Checks a video, by URL or content; `video_name` gives the format (the service needs
    /// it for content). FPNN method `vcheck` (interface 2.7; key `videoName`); 120 s without
    /// a timeout of its own.
    value VideoCheckRequest fn video_check(video: CheckSource<'a>, video_name: &'a str) [uid: i64] -> CheckResult, CheckCallback => deliver_check;
    default_timeout CHECK_TIMEOUT;
    example {
        use rtm_server_sdk::chat::CheckSource;
        let checked = client.video_check(CheckSource::Url("https://example.com/v.mp4"), "v.mp4").call()?;
        assert_eq!(checked.result, 0);
    }
    { Ok(quest("vcheck", (("video", video), ("type", video.code()), ("videoName", video_name), ("uid", uid)), answer::check)) }

    /// Recognizes speech, by URL or content, in language `lang` (the successor of
    /// [`transcribe`](Self::transcribe)); `codec` and `srate` as
    /// [`audio_check`](Self::audio_check). FPNN method `speech2text` (interface 2.7); 120 s
    /// without a timeout of its own.
    value SpeechToTextRequest fn speech_to_text(audio: CheckSource<'a>, lang: &'a str) [codec: &'a str, srate: i32, uid: i64] -> SpeechToTextResult, SpeechToTextCallback => deliver_speech_to_text;
    default_timeout CHECK_TIMEOUT;
    example {
        use rtm_server_sdk::chat::CheckSource;
        let heard = client.speech_to_text(CheckSource::Url("https://example.com/a.amr"), "en").call()?;
        assert_eq!(heard.lang, "en");
    }
    { Ok(quest("speech2text", (("audio", audio), ("type", audio.code()), ("lang", lang), ("codec", codec), ("srate", srate), ("uid", uid)), answer::speech_to_text)) }
}
