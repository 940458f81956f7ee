//! The callback traits of the callback forms, and the connection-event callback.
//!
//! Each callback is consumed when it runs, so the type system says what the client
//! promises: it runs exactly once. Callbacks run on the client's `rtm-callback` thread, never
//! on the I/O thread; a panic inside one is caught and logged, and the client keeps working.
//! A closure works wherever a callback trait is expected; name its parameter types
//! (`|error: Option<QuestError>| ...`), since Rust cannot infer them through a trait.

use std::collections::HashMap;

use rmpv::Value;

use crate::error::QuestError;
use crate::types::chat::{ProfanityResult, TranscribeResult, TranslateResult};
use crate::types::check::{CheckResult, SpeechToTextResult, TextCheckResult};
use crate::types::device::DevicePushOption;
use crate::types::imlib::InviteGrant;
use crate::types::info::Info;
use crate::types::message::{
    BroadcastMessages, GroupMessages, MessageBody, MessageInfo, MessageNum, P2PMessages,
    RoomMessages,
};
use crate::types::push::{FilePush, Target};
use crate::types::rtc::RtcRoomMembers;

/// The callback of calls that return nothing but an outcome (`add_room_member`, ...).
///
/// ```
/// use rtm_server_sdk::{mock::MockServer, BasicCallback, QuestError, RtmServerClient};
///
/// struct LogOutcome(&'static str);
///
/// impl BasicCallback for LogOutcome {
///     fn callback(self, error: Option<QuestError>) {
///         match error {
///             None => println!("{}: ok", self.0),
///             Some(e) => println!("{}: {e}", self.0),
///         }
///     }
/// }
///
/// let server = MockServer::start()?;
/// let client = RtmServerClient::new(server.client_config())?;
/// client.add_room_member(1, 2).with_callback(LogOutcome("add_room_member"));
/// client.add_room_member(1, 3).with_callback(|error: Option<QuestError>| {
///     assert!(error.is_none());
/// });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait BasicCallback: Send + 'static {
    /// Called once with `None` on success or the error the call ended with.
    fn callback(self, error: Option<QuestError>);
}

impl<F> BasicCallback for F
where
    F: FnOnce(Option<QuestError>) + Send + 'static,
{
    fn callback(self, error: Option<QuestError>) {
        self(error)
    }
}

/// Declares value callbacks: the trait, its closure impl, and the function that hands a
/// call's outcome to it (empty values and the error when the call failed).
macro_rules! callbacks {
    ($(
        $(#[$doc:meta])*
        $name:ident / $deliver:ident ($($arg:ident : $ty:ty),+) <- $out:ty = |$v:ident| ($($e:expr),+);
    )*) => {$(
        $(#[$doc])*
        pub trait $name: Send + 'static {
            /// Called once: the values on success, or empty values and the error.
            fn callback(self, $($arg: $ty,)+ error: Option<QuestError>);
        }

        impl<F> $name for F
        where
            F: FnOnce($($ty,)+ Option<QuestError>) + Send + 'static,
        {
            fn callback(self, $($arg: $ty,)+ error: Option<QuestError>) {
                self($($arg,)+ error)
            }
        }

        pub(crate) fn $deliver(callback: impl $name, outcome: Result<$out, QuestError>) {
            match outcome {
                Ok($v) => callback.callback($($e,)+ None),
                Err(error) => callback.callback($(<$ty>::default(),)+ Some(error)),
            }
        }
    )*};
}

callbacks! {
    /// The callback of `get_token`: the login token.
    GetTokenCallback / deliver_token (token: String) <- String = |v| (v);
    /// The callback of `get_room_info`: public and private info (`None` when the answer
    /// lacks one).
    GetRoomInfoCallback / deliver_room_info (oinfo: Option<String>, pinfo: Option<String>) <- Info = |v| (v.oinfo, v.pinfo);
    /// The callback of `is_ban_of_room`: whether the user is banned.
    IsBanOfRoomCallback / deliver_room_ban (ok: bool) <- bool = |v| (v);
    /// The callback of `get_room_members`: the member ids.
    GetRoomMembersCallback / deliver_room_members (uids: Vec<i64>) <- Vec<i64> = |v| (v);
    /// The callback of `get_room_count`: the member count of each room.
    GetRoomCountCallback / deliver_room_count (counts: HashMap<i64, i64>) <- HashMap<i64, i64> = |v| (v);
    /// The callback of `get_online_users`: the online subset of the uids.
    GetOnlineUsersCallback / deliver_online_users (uids: Vec<i64>) <- Vec<i64> = |v| (v);
    /// The callback of `is_project_black`: whether the user is blocked project-wide.
    IsProjectBlackCallback / deliver_project_black (ok: bool) <- bool = |v| (v);
    /// The callback of `get_user_info`: public and private info (`None` when unset).
    GetUserInfoCallback / deliver_user_info (oinfo: Option<String>, pinfo: Option<String>) <- Info = |v| (v.oinfo, v.pinfo);
    /// The callback of `get_user_open_info`: uid → public info.
    GetUserOpenInfoCallback / deliver_open_info (info: HashMap<i64, String>) <- HashMap<i64, String> = |v| (v);
    /// The callback of `get_friends`: the friends' uids.
    GetFriendsCallback / deliver_friends (uids: Vec<i64>) <- Vec<i64> = |v| (v);
    /// The callback of `is_friend`.
    IsFriendCallback / deliver_is_friend (ok: bool) <- bool = |v| (v);
    /// The callback of `is_friends`: the uids asked about that are friends.
    IsFriendsCallback / deliver_are_friends (fuids: Vec<i64>) <- Vec<i64> = |v| (v);
    /// The callback of `get_group_members`: the members' uids.
    GetGroupMembersCallback / deliver_group_members (uids: Vec<i64>) <- Vec<i64> = |v| (v);
    /// The callback of `is_group_member`.
    IsGroupMemberCallback / deliver_is_group_member (ok: bool) <- bool = |v| (v);
    /// The callback of `get_user_groups`: the groups' gids.
    GetUserGroupsCallback / deliver_user_groups (gids: Vec<i64>) <- Vec<i64> = |v| (v);
    /// The callback of `is_ban_of_group`: whether the user is banned from the group.
    IsBanOfGroupCallback / deliver_group_ban (ok: bool) <- bool = |v| (v);
    /// The callback of `get_group_info`: public and private info (`None` when unset).
    GetGroupInfoCallback / deliver_group_info (oinfo: Option<String>, pinfo: Option<String>) <- Info = |v| (v.oinfo, v.pinfo);
    /// The callback of `data_get`: the value, `None` when the key is not set.
    DataGetCallback / deliver_data (value: Option<String>) <- Option<String> = |v| (v);
    /// The callback of `get_group_message` and `get_group_chat`: one page of history.
    GetGroupMessageCallback / deliver_group_messages (result: GroupMessages) <- GroupMessages = |v| (v);
    /// The callback of `get_room_message` and `get_room_chat`: one page of history.
    GetRoomMessageCallback / deliver_room_messages (result: RoomMessages) <- RoomMessages = |v| (v);
    /// The callback of `get_broadcast_message` and `get_broadcast_chat`: one page of history.
    GetBroadcastMessageCallback / deliver_broadcast_messages (result: BroadcastMessages) <- BroadcastMessages = |v| (v);
    /// The callback of `get_p2p_message` and `get_p2p_chat`: one page of history.
    GetP2PMessageCallback / deliver_p2p_messages (result: P2PMessages) <- P2PMessages = |v| (v);
    /// The callback of `get_message_info` and its wrappers: one message.
    GetMessageInfoCallback / deliver_message_info (result: MessageInfo) <- MessageInfo = |v| (v);
    /// The callback of `translate`.
    TranslateCallback / deliver_translation (result: TranslateResult) <- TranslateResult = |v| (v);
    /// The callback of `profanity`.
    ProfanityCallback / deliver_profanity (result: ProfanityResult) <- ProfanityResult = |v| (v);
    /// The callback of `transcribe`.
    TranscribeCallback / deliver_transcription (result: TranscribeResult) <- TranscribeResult = |v| (v);
    /// The callback of `file_token`: the token and the file gateway's endpoint.
    FileTokenCallback / deliver_file_token (token: String, endpoint: String) <- crate::types::file::FileToken = |v| (v.token, v.endpoint);
    /// The callback of `text_check` (interface 2.7).
    TextCheckCallback / deliver_text_check (result: TextCheckResult) <- TextCheckResult = |v| (v);
    /// The callback of `image_check`, `audio_check` and `video_check` (interface 2.7).
    CheckCallback / deliver_check (result: CheckResult) <- CheckResult = |v| (v);
    /// The callback of `speech_to_text` (interface 2.7).
    SpeechToTextCallback / deliver_speech_to_text (result: SpeechToTextResult) <- SpeechToTextResult = |v| (v);
    /// The callback of `get_blacks` (interface 2.7): the uids the user blocked.
    GetBlacksCallback / deliver_blacks (uids: Vec<i64>) <- Vec<i64> = |v| (v);
    /// The callback of `is_black` (interface 2.7): whether the user blocked the other.
    IsBlackCallback / deliver_is_black (ok: bool) <- bool = |v| (v);
    /// The callback of `is_blacks` (interface 2.7): the uids asked about that the user blocked.
    IsBlacksCallback / deliver_are_blacks (buids: Vec<i64>) <- Vec<i64> = |v| (v);
    /// The callback of `get_device_push_option` (interface 2.7).
    GetDevicePushOptionCallback / deliver_device_push_option (result: DevicePushOption) <- DevicePushOption = |v| (v);
    /// The callback of `add_room_members` and `delete_room_members` (interface 2.7): the uids
    /// the call changed.
    RoomMembersChangedCallback / deliver_room_members_changed (uids: Vec<i64>) <- Vec<i64> = |v| (v);
    /// The callback of `get_message_num` (interface 2.7).
    GetMessageNumCallback / deliver_message_num (result: MessageNum) <- MessageNum = |v| (v);
    /// The callback of `is_project_ban` (interface 2.7): whether the user is muted project-wide.
    IsProjectBanCallback / deliver_project_ban (ok: bool) <- bool = |v| (v);
    /// The callback of `get_group_count` (interface 2.7): the group's member count.
    GetGroupCountCallback / deliver_group_count (count: i64) <- i64 = |v| (v);
    /// The callback of `get_rtc_room_list` (interface 2.7): the RTC rooms' ids.
    GetRtcRoomListCallback / deliver_rtc_room_list (rids: Vec<i64>) <- Vec<i64> = |v| (v);
    /// The callback of `get_rtc_room_members` (interface 2.7).
    GetRtcRoomMembersCallback / deliver_rtc_room_members (result: RtcRoomMembers) <- RtcRoomMembers = |v| (v);
    /// The callback of `get_rtc_room_member_count` (interface 2.7).
    GetRtcRoomMemberCountCallback / deliver_rtc_room_member_count (count: i64) <- i64 = |v| (v);
    /// The callback of `imserver_get_apply_grant` (interface 2.7): the grant type.
    GetApplyGrantCallback / deliver_apply_grant (grant_type: i32) <- i32 = |v| (v);
    /// The callback of `imserver_get_invite_grant` (interface 2.7).
    GetInviteGrantCallback / deliver_invite_grant (result: InviteGrant) <- InviteGrant = |v| (v);
    /// The callback of `imserver_get_user_infos` and `imserver_get_group_infos` (interface
    /// 2.7): id → key → value.
    GetImInfosCallback / deliver_im_infos (infos: HashMap<i64, HashMap<String, String>>) <- HashMap<i64, HashMap<String, String>> = |v| (v);
}

/// The callback of every send (`send_message`, `send_chat`, `broadcast_audio`, ...): the
/// message id, and the server's time of the message (0 on an error). The message id is
/// given with every outcome, errors included, so that a failed send can be retried or
/// deleted by its id.
pub trait SendMessageCallback: Send + 'static {
    /// Called once with the message id, the server's `mtime` (0 on an error) and the
    /// error, if any.
    fn callback(self, mid: i64, mtime: i64, error: Option<QuestError>);
}

impl<F> SendMessageCallback for F
where
    F: FnOnce(i64, i64, Option<QuestError>) + Send + 'static,
{
    fn callback(self, mid: i64, mtime: i64, error: Option<QuestError>) {
        self(mid, mtime, error)
    }
}

/// Told when a connection opens or closes. Set with
/// [`RtmServerClient::set_connection_callback`](crate::RtmServerClient::set_connection_callback).
/// Both methods run on the `rtm-callback` thread.
pub trait ConnectionCallback: Send + Sync + 'static {
    /// A connection was established. `connection_id` counts connections from 1;
    /// `is_reconnect` is true for every connection after the first.
    fn connected(&self, connection_id: u64, endpoint: &str, is_reconnect: bool);

    /// A connection closed. `caused_by_error` is false only when the user closed it
    /// (`close()`, `reconnect()`, drop); `is_reconnect` is true when this connection was
    /// itself a reconnection.
    fn closed(&self, connection_id: u64, endpoint: &str, caused_by_error: bool, is_reconnect: bool);

    /// The listen state the service had acknowledged (see [`listen`](crate::listen)) was sent
    /// again on connection `connection_id`, before any other call: `None` when the service
    /// accepted it, or the error (then the connection hears less than before; calling the
    /// listen methods again fixes it). Not called when there was nothing to restore.
    fn listen_restored(&self, connection_id: u64, error: Option<QuestError>) {
        let _ = (connection_id, error);
    }
}

/// Told about quests the server pushes (`pushroommsg`, `pushevent`, ...). The client has
/// already answered them when this runs. Set with
/// [`RtmServerClient::set_push_callback`](crate::RtmServerClient::set_push_callback).
///
/// ```
/// use rtm_server_sdk::mock::MockServer;
/// use rtm_server_sdk::RtmServerClient;
///
/// let server = MockServer::start()?;
/// let client = RtmServerClient::new(server.client_config())?;
/// client.set_push_callback(|method: &str, payload: &rmpv::Value| {
///     let text = payload["msg"].as_str().unwrap_or_default();
///     println!("{method}: {text}");
/// });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait PushCallback: Send + Sync + 'static {
    /// A push arrived: its FPNN method and its payload, decoded (a payload that is not
    /// msgpack is logged and not delivered).
    fn push(&self, method: &str, payload: &rmpv::Value);
}

impl<F> PushCallback for F
where
    F: Fn(&str, &rmpv::Value) + Send + Sync + 'static,
{
    fn push(&self, method: &str, payload: &rmpv::Value) {
        self(method, payload)
    }
}

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

    /// A p2p message of a type other than 30, 31, 32 and the file types 40..=50
    /// (`pushmsg`).
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
    /// A group message of a type other than 30, 31, 32 and the file types 40..=50
    /// (`pushgroupmsg`).
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
    /// A room message of a type other than 30, 31, 32 and the file types 40..=50
    /// (`pushroommsg`).
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

    /// Every pushed file, with its [`FileInfo`](crate::file::FileInfo) in
    /// [`FilePush::info`]: a `pushfile`, `pushgroupfile` or `pushroomfile`, or a `pushmsg`,
    /// `pushgroupmsg` or `pushroommsg` of a file type (40..=50), as the interface 2.7
    /// service pushes files. By default it calls [`push_file`](Self::push_file) (p2p, and
    /// broadcasts with `to_uid` 0), [`push_group_file`](Self::push_group_file) or
    /// [`push_room_file`](Self::push_room_file) by the push's target; implement it to get
    /// the file info (those three are then not called, unless it calls them).
    fn file_push(&self, push: FilePush) {
        let FilePush {
            target,
            from_uid: from,
            mtype,
            mid,
            msg,
            attrs,
            mtime,
            ..
        } = push;
        match target {
            Target::P2P { to } => self.push_file(from, to, mtype, mid, msg, attrs, mtime),
            Target::Broadcast => self.push_file(from, 0, mtype, mid, msg, attrs, mtime),
            Target::Group { gid } => self.push_group_file(from, gid, mtype, mid, msg, attrs, mtime),
            Target::Room { rid } => self.push_room_file(from, rid, mtype, mid, msg, attrs, mtime),
        }
    }

    /// A p2p file (`pushfile`, or `pushmsg` of a file type), through the default
    /// [`file_push`](Self::file_push): `msg` is what the service stores for the file (a
    /// JSON description, or its URL), `attrs` its JSON attributes.
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
    /// A group file (`pushgroupfile`, or `pushgroupmsg` of a file type), through the
    /// default [`file_push`](Self::file_push).
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
    /// A room file (`pushroomfile`, or `pushroommsg` of a file type), through the default
    /// [`file_push`](Self::file_push).
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
