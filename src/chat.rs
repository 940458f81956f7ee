//! Chat (Python SDK: `Chat.md`): text chat, audio and commands (messages of the types 30,
//! 31 and 32), their history, and the service's text tools: translation, profanity
//! filtering and transcription.
//!
//! The chat calls are the [message](crate::message) calls with a fixed type, so their wire
//! is the message calls' wire: text and commands go out as msgpack str, audio as bin.

use crate::answer;
use crate::callbacks::{
    deliver_broadcast_messages, deliver_group_messages, deliver_message_info, deliver_p2p_messages,
    deliver_profanity, deliver_room_messages, deliver_transcription, deliver_translation,
};
use crate::calls::{calls, quest};
use crate::message::{Body, MessageKind, Target, sends};

/// The type of a text chat message.
pub const TEXT: i64 = 30;
/// The type of an audio message.
pub const AUDIO: i64 = 31;
/// The type of a command message.
pub const CMD: i64 = 32;
/// The chat types, as `get_*_chat` sends them.
const CHAT_TYPES: [i64; 3] = [TEXT, AUDIO, CMD];

/// What `translate` gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TranslateResult {
    /// The source language (detected when not given).
    pub source: String,
    /// The target language.
    pub target: String,
    /// The text translated.
    pub source_text: String,
    /// The translation.
    pub target_text: String,
}

/// What `profanity` gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProfanityResult {
    /// The text with profanities masked.
    pub text: String,
    /// The classes found (with `classify`).
    pub classification: Vec<String>,
}

/// What `transcribe` gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TranscribeResult {
    /// The text heard.
    pub text: String,
    /// Its language.
    pub lang: String,
}

sends! {
    /// Sends a text chat message (type 30) from one user to another. FPNN method `sendmsg`.
    fn send_chat / send_chat_with_callback / send_chat_async(from_uid: i64, to_uid: i64, msg: &str)
        => Target::User(to_uid), TEXT, from_uid, Body::Text(msg);
    example { client.send_chat(2002, 2003, "你好, chat", "", None, None)?; }

    /// Sends a text chat message to several users. FPNN method `sendmsgs`.
    fn send_chats / send_chats_with_callback / send_chats_async(from_uid: i64, to_uids: &[i64], msg: &str)
        => Target::Users(to_uids), TEXT, from_uid, Body::Text(msg);
    example { client.send_chats(2002, &[2003, 3003], "chat many", "", None, None)?; }

    /// Sends a text chat message to a group. FPNN method `sendgroupmsg`.
    fn send_group_chat / send_group_chat_with_callback / send_group_chat_async(from_uid: i64, gid: i64, msg: &str)
        => Target::Group(gid), TEXT, from_uid, Body::Text(msg);
    example { client.send_group_chat(2002, 5005, "chat group", "", None, None)?; }

    /// Sends a text chat message to a room. FPNN method `sendroommsg`.
    fn send_room_chat / send_room_chat_with_callback / send_room_chat_async(from_uid: i64, rid: i64, msg: &str)
        => Target::Room(rid), TEXT, from_uid, Body::Text(msg);
    example { client.send_room_chat(2002, 1001, "chat room", "", None, None)?; }

    /// Sends a text chat message to every user. FPNN method `broadcastmsg`.
    fn broadcast_chat / broadcast_chat_with_callback / broadcast_chat_async(from_uid: i64, msg: &str)
        => Target::Broadcast, TEXT, from_uid, Body::Text(msg);
    example { client.broadcast_chat(2002, "chat all", "", None, None)?; }

    /// Sends audio (type 31, bytes) from one user to another. FPNN method `sendmsg`.
    fn send_audio / send_audio_with_callback / send_audio_async(from_uid: i64, to_uid: i64, msg: &[u8])
        => Target::User(to_uid), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_audio(2002, 2003, b"\x01\x02\x03fake-audio", "", None, None)?; }

    /// Sends audio to several users. FPNN method `sendmsgs`.
    fn send_audios / send_audios_with_callback / send_audios_async(from_uid: i64, to_uids: &[i64], msg: &[u8])
        => Target::Users(to_uids), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_audios(2002, &[2003, 3003], b"\x01\x02\x03fake-audio", "", None, None)?; }

    /// Sends audio to a group. FPNN method `sendgroupmsg`.
    fn send_group_audio / send_group_audio_with_callback / send_group_audio_async(from_uid: i64, gid: i64, msg: &[u8])
        => Target::Group(gid), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_group_audio(2002, 5005, b"\x01\x02\x03fake-audio", "", None, None)?; }

    /// Sends audio to a room. FPNN method `sendroommsg`.
    fn send_room_audio / send_room_audio_with_callback / send_room_audio_async(from_uid: i64, rid: i64, msg: &[u8])
        => Target::Room(rid), AUDIO, from_uid, Body::Binary(msg);
    example { client.send_room_audio(2002, 1001, b"\x01\x02\x03fake-audio", "", None, None)?; }

    /// Sends audio to every user. FPNN method `broadcastmsg`.
    fn broadcast_audio / broadcast_audio_with_callback / broadcast_audio_async(from_uid: i64, msg: &[u8])
        => Target::Broadcast, AUDIO, from_uid, Body::Binary(msg);
    example { client.broadcast_audio(2002, b"\x01\x02\x03fake-audio", "", None, None)?; }

    /// Sends a command (type 32) from one user to another. FPNN method `sendmsg`.
    fn send_cmd / send_cmd_with_callback / send_cmd_async(from_uid: i64, to_uid: i64, msg: &str)
        => Target::User(to_uid), CMD, from_uid, Body::Text(msg);
    example { client.send_cmd(2002, 2003, "cmd-kick", "", None, None)?; }

    /// Sends a command to several users. FPNN method `sendmsgs`.
    fn send_cmds / send_cmds_with_callback / send_cmds_async(from_uid: i64, to_uids: &[i64], msg: &str)
        => Target::Users(to_uids), CMD, from_uid, Body::Text(msg);
    example { client.send_cmds(2002, &[2003, 3003], "cmd-kick", "", None, None)?; }

    /// Sends a command to a group. FPNN method `sendgroupmsg`.
    fn send_group_cmd / send_group_cmd_with_callback / send_group_cmd_async(from_uid: i64, gid: i64, msg: &str)
        => Target::Group(gid), CMD, from_uid, Body::Text(msg);
    example { client.send_group_cmd(2002, 5005, "cmd-kick", "", None, None)?; }

    /// Sends a command to a room. FPNN method `sendroommsg`.
    fn send_room_cmd / send_room_cmd_with_callback / send_room_cmd_async(from_uid: i64, rid: i64, msg: &str)
        => Target::Room(rid), CMD, from_uid, Body::Text(msg);
    example { client.send_room_cmd(2002, 1001, "cmd-kick", "", None, None)?; }

    /// Sends a command to every user. FPNN method `broadcastmsg`.
    fn broadcast_cmd / broadcast_cmd_with_callback / broadcast_cmd_async(from_uid: i64, msg: &str)
        => Target::Broadcast, CMD, from_uid, Body::Text(msg);
    example { client.broadcast_cmd(2002, "cmd-kick", "", None, None)?; }
}

calls! {
    /// One page of a group's chat history (types 30, 31, 32). FPNN method `getgroupmsg`;
    /// arguments as [`get_group_message`](Self::get_group_message).
    value fn get_group_chat / get_group_chat_with_callback / get_group_chat_async(uid: i64, gid: i64, desc: bool, num: i64, begin: Option<i64>, end: Option<i64>, lastid: Option<i64>) -> crate::message::GroupMessages, GetGroupMessageCallback => deliver_group_messages;
    example {
        client.send_group_chat(2002, 5005, "hi", "", None, None)?;
        client.send_group_message(51, 2002, 5005, "not chat", "", None, None)?;
        assert_eq!(client.get_group_chat(2002, 5005, true, 10, None, None, None, None)?.num, 1);
    }
    { Ok(quest("getgroupmsg", (("uid", uid), ("gid", gid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", &CHAT_TYPES[..])), answer::messages)) }

    /// One page of a room's chat history. FPNN method `getroommsg`.
    value fn get_room_chat / get_room_chat_with_callback / get_room_chat_async(uid: i64, rid: i64, desc: bool, num: i64, begin: Option<i64>, end: Option<i64>, lastid: Option<i64>) -> crate::message::RoomMessages, GetRoomMessageCallback => deliver_room_messages;
    example {
        client.send_room_chat(2002, 1001, "hi", "", None, None)?;
        assert_eq!(client.get_room_chat(2002, 1001, true, 10, None, None, None, None)?.num, 1);
    }
    { Ok(quest("getroommsg", (("uid", uid), ("rid", rid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", &CHAT_TYPES[..])), answer::messages)) }

    /// One page of the broadcast chat history. FPNN method `getbroadcastmsg`.
    value fn get_broadcast_chat / get_broadcast_chat_with_callback / get_broadcast_chat_async(uid: i64, desc: bool, num: i64, begin: Option<i64>, end: Option<i64>, lastid: Option<i64>) -> crate::message::BroadcastMessages, GetBroadcastMessageCallback => deliver_broadcast_messages;
    example {
        client.broadcast_chat(2002, "hi all", "", None, None)?;
        assert_eq!(client.get_broadcast_chat(2002, true, 10, None, None, None, None)?.num, 1);
    }
    { Ok(quest("getbroadcastmsg", (("uid", uid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", &CHAT_TYPES[..])), answer::messages)) }

    /// One page of the p2p chat history between `uid` and `ouid`. FPNN method `getp2pmsg`.
    value fn get_p2p_chat / get_p2p_chat_with_callback / get_p2p_chat_async(uid: i64, ouid: i64, desc: bool, num: i64, begin: Option<i64>, end: Option<i64>, lastid: Option<i64>) -> crate::message::P2PMessages, GetP2PMessageCallback => deliver_p2p_messages;
    example {
        client.send_chat(2002, 2003, "hi", "", None, None)?;
        assert_eq!(client.get_p2p_chat(2002, 2003, true, 10, None, None, None, None)?.msgs[0].direction, 1);
    }
    { Ok(quest("getp2pmsg", (("uid", uid), ("ouid", ouid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", &CHAT_TYPES[..])), answer::p2p_messages)) }

    /// Deletes a p2p chat message. FPNN method `delmsg` (type 1).
    basic fn delete_p2p_chat / delete_p2p_chat_with_callback / delete_p2p_chat_async(mid: i64, from_uid: i64, to_uid: i64)
    example {
        let sent = client.send_chat(2002, 2003, "oops", "", None, None)?;
        assert_eq!(client.delete_p2p_chat(sent.mid, 2002, 2003, None), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", to_uid), ("type", MessageKind::P2P.code())), answer::nothing)) }

    /// Deletes a group chat message. FPNN method `delmsg` (type 2).
    basic fn delete_group_chat / delete_group_chat_with_callback / delete_group_chat_async(mid: i64, from_uid: i64, gid: i64)
    example {
        let sent = client.send_group_chat(2002, 5005, "oops", "", None, None)?;
        assert_eq!(client.delete_group_chat(sent.mid, 2002, 5005, None), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", gid), ("type", MessageKind::Group.code())), answer::nothing)) }

    /// Deletes a room chat message. FPNN method `delmsg` (type 3).
    basic fn delete_room_chat / delete_room_chat_with_callback / delete_room_chat_async(mid: i64, from_uid: i64, rid: i64)
    example {
        let sent = client.send_room_chat(2002, 1001, "oops", "", None, None)?;
        assert_eq!(client.delete_room_chat(sent.mid, 2002, 1001, None), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", rid), ("type", MessageKind::Room.code())), answer::nothing)) }

    /// Deletes a broadcast chat message. FPNN method `delmsg` (type 4, `xid` 0).
    basic fn delete_broadcast_chat / delete_broadcast_chat_with_callback / delete_broadcast_chat_async(mid: i64, from_uid: i64)
    example {
        let sent = client.broadcast_chat(2002, "oops", "", None, None)?;
        assert_eq!(client.delete_broadcast_chat(sent.mid, 2002, None), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", 0i64), ("type", MessageKind::Broadcast.code())), answer::nothing)) }

    /// One p2p chat message. FPNN method `getmsg` (type 1).
    value fn get_p2p_chat_info / get_p2p_chat_info_with_callback / get_p2p_chat_info_async(mid: i64, from_uid: i64, to_uid: i64) -> crate::message::MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.send_chat(2002, 2003, "hello", "", None, None)?;
        assert_eq!(client.get_p2p_chat_info(sent.mid, 2002, 2003, None)?.mtype, 30);
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", to_uid), ("type", MessageKind::P2P.code())), answer::message_info)) }

    /// One group chat message. FPNN method `getmsg` (type 2).
    value fn get_group_chat_info / get_group_chat_info_with_callback / get_group_chat_info_async(mid: i64, from_uid: i64, gid: i64) -> crate::message::MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.send_group_chat(2002, 5005, "hello", "", None, None)?;
        assert_eq!(client.get_group_chat_info(sent.mid, 2002, 5005, None)?.msg.as_text(), Some("hello"));
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", gid), ("type", MessageKind::Group.code())), answer::message_info)) }

    /// One room chat message. FPNN method `getmsg` (type 3).
    value fn get_room_chat_info / get_room_chat_info_with_callback / get_room_chat_info_async(mid: i64, from_uid: i64, rid: i64) -> crate::message::MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.send_room_audio(2002, 1001, b"\x01\x02", "", None, None)?;
        assert_eq!(client.get_room_chat_info(sent.mid, 2002, 1001, None)?.msg.as_bytes(), b"\x01\x02");
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", rid), ("type", MessageKind::Room.code())), answer::message_info)) }

    /// One broadcast chat message. FPNN method `getmsg` (type 4, `xid` 0).
    value fn get_broadcast_chat_info / get_broadcast_chat_info_with_callback / get_broadcast_chat_info_async(mid: i64, from_uid: i64) -> crate::message::MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.broadcast_chat(2002, "hello", "", None, None)?;
        assert_eq!(client.get_broadcast_chat_info(sent.mid, 2002, None)?.mtype, 30);
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", 0i64), ("type", MessageKind::Broadcast.code())), answer::message_info)) }

    /// Translates `text` into `dst` (e.g. `"zh-CN"`). FPNN method `translate`. `src`: the
    /// source language (`None`: detected); `ttype`: `"chat"` (the default) or `"mail"`;
    /// `profanity`: `"off"` (the default), `"stop"` or `"censor"`; `post_profanity`
    /// (default false); `uid`. The type, profanity and post-profanity values are always
    /// sent, defaults included, as the Python SDK does.
    value fn translate / translate_with_callback / translate_async(text: &str, dst: &str, src: Option<&str>, ttype: Option<&str>, profanity: Option<&str>, post_profanity: Option<bool>, uid: Option<i64>) -> TranslateResult, TranslateCallback => deliver_translation;
    example {
        let result = client.translate("hello world", "zh-CN", None, None, None, None, None, None)?;
        assert_eq!(result.target, "zh-CN");
    }
    {
        Ok(quest("translate", (
            ("text", text), ("dst", dst),
            ("type", ttype.unwrap_or("chat")),
            ("profanity", profanity.unwrap_or("off")),
            ("postProfanity", post_profanity.unwrap_or(false)),
            ("src", src), ("uid", uid),
        ), answer::translation))
    }

    /// Filters profanities out of `text`; with `classify`, also says which classes were
    /// found. FPNN method `profanity` (`classify` is always sent, false by default).
    value fn profanity / profanity_with_callback / profanity_async(text: &str, classify: Option<bool>, uid: Option<i64>) -> ProfanityResult, ProfanityCallback => deliver_profanity;
    example {
        assert_eq!(client.profanity("this is a badword", None, None, None)?.text, "this is a *******");
    }
    { Ok(quest("profanity", (("text", text), ("classify", classify.unwrap_or(false)), ("uid", uid)), answer::profanity)) }

    /// Transcribes audio to text. FPNN method `transcribe` (`profanityFilter` is always
    /// sent, false by default; the audio goes out as bin).
    value fn transcribe / transcribe_with_callback / transcribe_async(audio: &[u8], uid: Option<i64>, profanity_filter: Option<bool>) -> TranscribeResult, TranscribeCallback => deliver_transcription;
    example {
        assert_eq!(client.transcribe(b"\x01\x02\x03fake-audio", None, None, None)?.lang, "en");
    }
    { Ok(quest("transcribe", (("audio", audio), ("profanityFilter", profanity_filter.unwrap_or(false)), ("uid", uid)), answer::transcription)) }
}
