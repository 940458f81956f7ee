//! Every call of the official SDK's vector file (`rtm-api-quests.json`, ids T1 ... L6, then
//! the file calls PF1 ... PF11), in the file's order and with the arguments of its `python`
//! column (the sample file's content and names), in every form. Shared by the tour (`main.rs`) and the crate's tests (`tests/api_calls.rs`).

use std::collections::HashMap;
use std::time::Duration;

use std::sync::LazyLock;

use rtm_server_sdk::chat::{
    CheckResult, CheckSource, ProfanityMode, ProfanityResult, SpeechToTextResult, TextCheckResult,
    TranscribeResult, TranslateResult, TranslateType,
};
use rtm_server_sdk::device::{AppType, DevicePushOption, PushOptionType};
use rtm_server_sdk::file::{FileContent, FileToken};
use rtm_server_sdk::imlib::InviteGrant;
use rtm_server_sdk::listen::ListenEvent;
use rtm_server_sdk::message::{
    ClearType, Message, MessageInfo, MessageKind, MessageNum, MessagePage, P2PMessage, Recipient,
};
use rtm_server_sdk::rtc::{RtcAdminCommand, RtcRoomMembers, RtcRoomType};
use rtm_server_sdk::{Info, MessageBody, MessageSent, QuestError, RtmServerClient, SendError};
use serde_json::{Value, json};

/// How a call ended: its values as JSON, in the shape of the vector file's `returned`
/// column (without its error slot), or its error.
pub type Outcome = Result<Value, QuestError>;
/// Where a callback-form call reports its outcome.
pub type Done = Box<dyn FnOnce(Outcome) + Send>;
/// An async-form call's outcome.
pub type Pending = std::pin::Pin<Box<dyn std::future::Future<Output = Outcome> + Send>>;

/// One call of the tour.
pub struct TourCall {
    /// The vector's id (T1, U1, ...).
    pub id: &'static str,
    /// The family (Token, User, Device, Message, Chat, Friend, Group, Room, Data, Listen,
    /// Files).
    pub family: &'static str,
    /// The Rust call.
    pub call: &'static str,
    /// The FPNN method it sends.
    pub method: &'static str,
    /// The blocking form.
    pub blocking: fn(&RtmServerClient, Option<Duration>) -> Outcome,
    /// The callback form.
    pub callback: fn(&RtmServerClient, Option<Duration>, Done),
    /// The async form.
    pub async_form: fn(&RtmServerClient, Option<Duration>) -> Pending,
}

/// A call's values as JSON.
pub trait Json {
    /// The JSON form.
    fn json(&self) -> Value;
}

macro_rules! plain_json {
    ($($t:ty),*) => {$(
        impl Json for $t {
            fn json(&self) -> Value {
                json!(self)
            }
        }
    )*};
}

plain_json!(
    bool,
    i32,
    i64,
    String,
    Option<String>,
    Vec<i64>,
    Vec<String>
);

/// Id → key → value, as the IM-lib calls give profiles.
type InfoMaps = HashMap<i64, HashMap<String, String>>;

impl Json for HashMap<i64, i64> {
    fn json(&self) -> Value {
        Value::Object(
            self.iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect(),
        )
    }
}

impl Json for InfoMaps {
    fn json(&self) -> Value {
        Value::Object(
            self.iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect(),
        )
    }
}

impl Json for TextCheckResult {
    fn json(&self) -> Value {
        json!({"result": self.result, "text": self.text, "tags": self.tags, "wlist": self.wlist})
    }
}

impl Json for CheckResult {
    fn json(&self) -> Value {
        json!({"result": self.result, "tags": self.tags})
    }
}

impl Json for SpeechToTextResult {
    fn json(&self) -> Value {
        json!({"text": self.text, "lang": self.lang})
    }
}

impl Json for DevicePushOption {
    fn json(&self) -> Value {
        let map = |m: &HashMap<i64, Vec<i64>>| -> Value {
            Value::Object(m.iter().map(|(k, v)| (k.to_string(), json!(v))).collect())
        };
        json!({"p2p": map(&self.p2p), "group": map(&self.group)})
    }
}

impl Json for MessageNum {
    fn json(&self) -> Value {
        json!({"sender": self.sender, "num": self.num})
    }
}

impl Json for RtcRoomMembers {
    fn json(&self) -> Value {
        json!({"uids": self.uids, "administrators": self.administrators, "owner": self.owner})
    }
}

impl Json for InviteGrant {
    fn json(&self) -> Value {
        json!({"invite_type": self.invite_type, "invite_manage_type": self.invite_manage_type})
    }
}

impl Json for HashMap<i64, String> {
    fn json(&self) -> Value {
        Value::Object(
            self.iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect(),
        )
    }
}

impl Json for Info {
    fn json(&self) -> Value {
        json!([self.oinfo, self.pinfo])
    }
}

impl Json for MessageBody {
    fn json(&self) -> Value {
        match self {
            MessageBody::Text(text) => json!(text),
            MessageBody::Binary(bytes) => json!(bytes),
        }
    }
}

impl Json for Message {
    fn json(&self) -> Value {
        json!({"id": self.id, "from_uid": self.from_uid, "mtype": self.mtype, "mid": self.mid,
               "msg": self.msg.json(), "attrs": self.attrs, "mtime": self.mtime})
    }
}

impl Json for P2PMessage {
    fn json(&self) -> Value {
        json!({"id": self.id, "direction": self.direction, "mtype": self.mtype, "mid": self.mid,
               "msg": self.msg.json(), "attrs": self.attrs, "mtime": self.mtime})
    }
}

impl<M: Json> Json for MessagePage<M> {
    fn json(&self) -> Value {
        let msgs: Vec<Value> = self.msgs.iter().map(Json::json).collect();
        json!({"num": self.num, "lastid": self.lastid, "begin": self.begin, "end": self.end, "msgs": msgs})
    }
}

impl Json for MessageInfo {
    fn json(&self) -> Value {
        json!({"id": self.id, "mtype": self.mtype, "msg": self.msg.json(), "attrs": self.attrs,
               "mtime": self.mtime})
    }
}

impl Json for TranslateResult {
    fn json(&self) -> Value {
        json!({"source": self.source, "target": self.target, "source_text": self.source_text,
               "target_text": self.target_text})
    }
}

impl Json for ProfanityResult {
    fn json(&self) -> Value {
        json!({"text": self.text, "classification": self.classification})
    }
}

impl Json for FileToken {
    fn json(&self) -> Value {
        json!([self.token, self.endpoint])
    }
}

impl Json for TranscribeResult {
    fn json(&self) -> Value {
        json!({"text": self.text, "lang": self.lang})
    }
}

fn basic(error: Option<QuestError>) -> Outcome {
    error.map_or(Ok(Value::Null), Err)
}

fn value<T: Json>(result: Result<T, QuestError>) -> Outcome {
    result.map(|v| v.json())
}

fn sent(result: Result<MessageSent, SendError>) -> Outcome {
    result
        .map(|s| json!([s.mid, s.mtime]))
        .map_err(QuestError::from)
}

fn ab(call: impl std::future::Future<Output = Result<(), QuestError>> + Send + 'static) -> Pending {
    Box::pin(async move { call.await.map(|()| Value::Null) })
}

fn av<T: Json>(
    call: impl std::future::Future<Output = Result<T, QuestError>> + Send + 'static,
) -> Pending {
    Box::pin(async move { value(call.await) })
}

fn asent(
    call: impl std::future::Future<Output = Result<MessageSent, SendError>> + Send + 'static,
) -> Pending {
    Box::pin(async move { sent(call.await) })
}

fn k0(done: Done) -> impl FnOnce(Option<QuestError>) + Send + 'static {
    move |e| done(basic(e))
}

fn k1<T: Json>(done: Done) -> impl FnOnce(T, Option<QuestError>) + Send + 'static {
    move |v, e| done(e.map_or_else(|| Ok(v.json()), Err))
}

fn k2<A: Json, B: Json>(done: Done) -> impl FnOnce(A, B, Option<QuestError>) + Send + 'static {
    move |a, b, e| done(e.map_or_else(|| Ok(json!([a.json(), b.json()])), Err))
}

fn ks(done: Done) -> impl FnOnce(i64, i64, Option<QuestError>) + Send + 'static {
    move |mid, mtime, e| done(e.map_or_else(|| Ok(json!([mid, mtime])), Err))
}

const AUDIO: &[u8] = b"\x01\x02\x03fake-audio";
/// The vector file's sample file.
const SAMPLE: &[u8] = b"harness file content\x00\x01\x02\xff";
const BEGIN: i64 = 1_700_000_000_000;
const END: i64 = 1_700_000_100_000;

/// A request with the tour's timeout, if it has one.
macro_rules! timed {
    ($request:expr, $t:ident) => {{
        let request = $request;
        match $t {
            Some(timeout) => request.timeout(timeout),
            None => request,
        }
    }};
}

/// One row: the call's request, made once per form and ended three ways.
macro_rules! row {
    ($id:literal $family:literal $method:literal $call:ident [$($kind:tt)*] |$c:ident| $request:expr) => {
        TourCall {
            id: $id,
            family: $family,
            call: stringify!($call),
            method: $method,
            blocking: |$c, t| row!(@blocking [$($kind)*] timed!($request, t).call()),
            callback: |$c, t, k| timed!($request, t).with_callback(row!(@callback [$($kind)*] k)),
            async_form: |$c, t| row!(@async [$($kind)*] timed!($request, t).into_future()),
        }
    };
    (@blocking [basic] $e:expr) => { basic($e) };
    (@blocking [sent] $e:expr) => { sent($e) };
    (@blocking [$($value:tt)*] $e:expr) => { value($e) };
    (@callback [basic] $k:ident) => { k0($k) };
    (@callback [sent] $k:ident) => { ks($k) };
    (@callback [value $t:ty] $k:ident) => { k1::<$t>($k) };
    (@callback [pair $a:ty, $b:ty] $k:ident) => { k2::<$a, $b>($k) };
    (@async [basic] $e:expr) => { ab($e) };
    (@async [sent] $e:expr) => { asent($e) };
    (@async [$($value:tt)*] $e:expr) => { av($e) };
}

/// The calls of the tour, one row each: id, family, FPNN method, call, kind of outcome
/// (`basic`, `value T`, `pair A, B` for the callbacks with two values, `sent`), request.
macro_rules! tour {
    ($(
        $id:literal $family:literal $method:literal $call:ident [$($kind:tt)*] |$c:ident| $request:expr;
    )*) => {
        vec![$(row!($id $family $method $call [$($kind)*] |$c| $request),)*]
    };
}

/// The calls, in the vector file's order.
pub fn calls() -> Vec<TourCall> {
    tour! {
        "T1" "Token" "gettoken" get_token [value String]
            |c| c.get_token(2002);
        "U1" "User" "getonlineusers" get_online_users [value Vec<i64>]
            |c| c.get_online_users(&[2002, 2003]);
        "T2" "Token" "removetoken" remove_token [basic]
            |c| c.remove_token(2002);
        "U2" "User" "kickout" kickout [basic]
            |c| c.kickout(2003);
        "U3" "User" "kickout" kickout [basic]
            |c| c.kickout(2003).ce("127.0.0.1:13321");
        "U4" "User" "addprojectblack" add_project_black [basic]
            |c| c.add_project_black(123456789, 60);
        "U5" "User" "isprojectblack" is_project_black [value bool]
            |c| c.is_project_black(123456789);
        "U6" "User" "removeprojectblack" remove_project_black [basic]
            |c| c.remove_project_black(123456789);
        "U7" "User" "setuserinfo" set_user_info [basic]
            |c| c.set_user_info(2002).oinfo("user-public").pinfo("user-private");
        "U8" "User" "getuserinfo" get_user_info [pair Option<String>, Option<String>]
            |c| c.get_user_info(2002);
        "U9" "User" "getuseropeninfo" get_user_open_info [value HashMap<i64, String>]
            |c| c.get_user_open_info(&[2002, 2003]);
        "U10" "User" "setuserinfo" set_user_info [basic]
            |c| c.set_user_info(2002).oinfo("");
        "U11" "User" "setuserinfo" set_user_info [basic]
            |c| c.set_user_info(2002).pinfo("");
        "D1" "Device" "adddevice" add_device [basic]
            |c| c.add_device(2002, AppType::Apns, "device-token-0001");
        "D2" "Device" "removedevice" remove_device [basic]
            |c| c.remove_device(2002, "device-token-0001");
        "M1" "Message" "sendmsg" send_message [sent]
            |c| c.send_message(51, 2002, 2003, "hello p2p", "attrs-1").mid(1234567890123);
        "M2" "Message" "sendmsg" send_message [sent]
            |c| c.send_message(51, 2002, 2003, "hello p2p", "");
        "M3" "Message" "sendmsgs" send_messages [sent]
            |c| c.send_messages(52, 2002, &[2003, 3003], "hello many", "").mid(1234567890124);
        "M4" "Message" "sendgroupmsg" send_group_message [sent]
            |c| c.send_group_message(53, 2002, 5005, "hello group", "").mid(1234567890125);
        "M5" "Message" "sendroommsg" send_room_message [sent]
            |c| c.send_room_message(54, 2002, 1001, "hello room", "").mid(1234567890126);
        "M6" "Message" "broadcastmsg" broadcast_message [sent]
            |c| c.broadcast_message(55, 2002, "hello all", "").mid(1234567890127);
        "M7" "Message" "getgroupmsg" get_group_message [value MessagePage<Message>]
            |c| c.get_group_message(2002, 5005, true, 10);
        "M8" "Message" "getgroupmsg" get_group_message [value MessagePage<Message>]
            |c| c.get_group_message(2002, 5005, false, 2).begin(BEGIN).end(END).lastid(1001).mtypes(&[51, 30]);
        "M9" "Message" "getroommsg" get_room_message [value MessagePage<Message>]
            |c| c.get_room_message(2002, 1001, true, 10);
        "M10" "Message" "getroommsg" get_room_message [value MessagePage<Message>]
            |c| c.get_room_message(2002, 1001, false, 2).begin(BEGIN).end(END).lastid(1001).mtypes(&[51, 30]);
        "M11" "Message" "getbroadcastmsg" get_broadcast_message [value MessagePage<Message>]
            |c| c.get_broadcast_message(2002, true, 10);
        "M12" "Message" "getbroadcastmsg" get_broadcast_message [value MessagePage<Message>]
            |c| c.get_broadcast_message(2002, false, 2).begin(BEGIN).end(END).lastid(1001).mtypes(&[51, 30]);
        "M13" "Message" "getp2pmsg" get_p2p_message [value MessagePage<P2PMessage>]
            |c| c.get_p2p_message(2002, 2003, true, 10);
        "M14" "Message" "getp2pmsg" get_p2p_message [value MessagePage<P2PMessage>]
            |c| c.get_p2p_message(2002, 2003, false, 2).begin(BEGIN).end(END).lastid(1001).mtypes(&[51, 30]);
        "M15" "Message" "delmsg" delete_message [basic]
            |c| c.delete_message(1234567890123, 2002, 2003, MessageKind::P2P);
        "M16" "Message" "delmsg" delete_p2p_message [basic]
            |c| c.delete_p2p_message(1234567890123, 2002, 2003);
        "M17" "Message" "delmsg" delete_group_message [basic]
            |c| c.delete_group_message(1234567890125, 2002, 5005);
        "M18" "Message" "delmsg" delete_room_message [basic]
            |c| c.delete_room_message(1234567890126, 2002, 1001);
        "M19" "Message" "delmsg" delete_broadcast_message [basic]
            |c| c.delete_broadcast_message(1234567890127, 2002);
        "M20" "Message" "getmsg" get_message_info [value MessageInfo]
            |c| c.get_message_info(1234567890123, 2002, 2003, MessageKind::P2P);
        "M21" "Message" "getmsg" get_p2p_message_info [value MessageInfo]
            |c| c.get_p2p_message_info(1234567890123, 2002, 2003);
        "M22" "Message" "getmsg" get_group_message_info [value MessageInfo]
            |c| c.get_group_message_info(1234567890125, 2002, 5005);
        "M23" "Message" "getmsg" get_room_message_info [value MessageInfo]
            |c| c.get_room_message_info(1234567890126, 2002, 1001);
        "M24" "Message" "getmsg" get_broadcast_message_info [value MessageInfo]
            |c| c.get_broadcast_message_info(1234567890127, 2002);
        "C1" "Chat" "sendmsg" send_chat [sent]
            |c| c.send_chat(2002, 2003, "你好, chat", "").mid(1234567890133);
        "C2" "Chat" "sendmsg" send_chat [sent]
            |c| c.send_chat(2002, 2003, "chat with a generated mid", "");
        "C3" "Chat" "sendmsgs" send_chats [sent]
            |c| c.send_chats(2002, &[2003, 3003], "chat many", "").mid(1234567890134);
        "C4" "Chat" "sendgroupmsg" send_group_chat [sent]
            |c| c.send_group_chat(2002, 5005, "chat group", "").mid(1234567890135);
        "C5" "Chat" "sendroommsg" send_room_chat [sent]
            |c| c.send_room_chat(2002, 1001, "chat room", "").mid(1234567890136);
        "C6" "Chat" "broadcastmsg" broadcast_chat [sent]
            |c| c.broadcast_chat(2002, "chat all", "").mid(1234567890137);
        "C7" "Chat" "sendmsg" send_audio [sent]
            |c| c.send_audio(2002, 2003, AUDIO, "").mid(1234567890138);
        "C8" "Chat" "sendmsgs" send_audios [sent]
            |c| c.send_audios(2002, &[2003, 3003], AUDIO, "").mid(1234567890139);
        "C9" "Chat" "sendgroupmsg" send_group_audio [sent]
            |c| c.send_group_audio(2002, 5005, AUDIO, "").mid(1234567890140);
        "C10" "Chat" "sendroommsg" send_room_audio [sent]
            |c| c.send_room_audio(2002, 1001, AUDIO, "").mid(1234567890141);
        "C11" "Chat" "broadcastmsg" broadcast_audio [sent]
            |c| c.broadcast_audio(2002, AUDIO, "").mid(1234567890142);
        "C12" "Chat" "sendmsg" send_cmd [sent]
            |c| c.send_cmd(2002, 2003, "cmd-kick", "").mid(1234567890143);
        "C13" "Chat" "sendmsgs" send_cmds [sent]
            |c| c.send_cmds(2002, &[2003, 3003], "cmd-kick", "").mid(1234567890144);
        "C14" "Chat" "sendgroupmsg" send_group_cmd [sent]
            |c| c.send_group_cmd(2002, 5005, "cmd-kick", "").mid(1234567890145);
        "C15" "Chat" "sendroommsg" send_room_cmd [sent]
            |c| c.send_room_cmd(2002, 1001, "cmd-kick", "").mid(1234567890146);
        "C16" "Chat" "broadcastmsg" broadcast_cmd [sent]
            |c| c.broadcast_cmd(2002, "cmd-kick", "").mid(1234567890147);
        "C17" "Chat" "getgroupmsg" get_group_chat [value MessagePage<Message>]
            |c| c.get_group_chat(2002, 5005, true, 10);
        "C18" "Chat" "getgroupmsg" get_group_chat [value MessagePage<Message>]
            |c| c.get_group_chat(2002, 5005, false, 2).begin(BEGIN).end(END).lastid(1001);
        "C19" "Chat" "getroommsg" get_room_chat [value MessagePage<Message>]
            |c| c.get_room_chat(2002, 1001, true, 10);
        "C20" "Chat" "getroommsg" get_room_chat [value MessagePage<Message>]
            |c| c.get_room_chat(2002, 1001, false, 2).begin(BEGIN).end(END).lastid(1001);
        "C21" "Chat" "getbroadcastmsg" get_broadcast_chat [value MessagePage<Message>]
            |c| c.get_broadcast_chat(2002, true, 10);
        "C22" "Chat" "getbroadcastmsg" get_broadcast_chat [value MessagePage<Message>]
            |c| c.get_broadcast_chat(2002, false, 2).begin(BEGIN).end(END).lastid(1001);
        "C23" "Chat" "getp2pmsg" get_p2p_chat [value MessagePage<P2PMessage>]
            |c| c.get_p2p_chat(2002, 2003, true, 10);
        "C24" "Chat" "getp2pmsg" get_p2p_chat [value MessagePage<P2PMessage>]
            |c| c.get_p2p_chat(2002, 2003, false, 2).begin(BEGIN).end(END).lastid(1001);
        "C25" "Chat" "delmsg" delete_p2p_chat [basic]
            |c| c.delete_p2p_chat(1234567890133, 2002, 2003);
        "C26" "Chat" "delmsg" delete_group_chat [basic]
            |c| c.delete_group_chat(1234567890135, 2002, 5005);
        "C27" "Chat" "delmsg" delete_room_chat [basic]
            |c| c.delete_room_chat(1234567890136, 2002, 1001);
        "C28" "Chat" "delmsg" delete_broadcast_chat [basic]
            |c| c.delete_broadcast_chat(1234567890137, 2002);
        "C29" "Chat" "getmsg" get_p2p_chat_info [value MessageInfo]
            |c| c.get_p2p_chat_info(1234567890133, 2002, 2003);
        "C30" "Chat" "getmsg" get_group_chat_info [value MessageInfo]
            |c| c.get_group_chat_info(1234567890135, 2002, 5005);
        "C31" "Chat" "getmsg" get_room_chat_info [value MessageInfo]
            |c| c.get_room_chat_info(1234567890136, 2002, 1001);
        "C32" "Chat" "getmsg" get_broadcast_chat_info [value MessageInfo]
            |c| c.get_broadcast_chat_info(1234567890137, 2002);
        "C33" "Chat" "translate" translate [value TranslateResult]
            |c| c.translate("hello world", "zh-CN");
        "C34" "Chat" "translate" translate [value TranslateResult]
            |c| c.translate("hello world", "zh-CN").src("en").ttype(TranslateType::Mail).profanity(ProfanityMode::Censor).post_profanity(true).uid(2002);
        "C35" "Chat" "profanity" profanity [value ProfanityResult]
            |c| c.profanity("this is a badword");
        "C36" "Chat" "profanity" profanity [value ProfanityResult]
            |c| c.profanity("this is a badword").classify(true).uid(2002);
        "C37" "Chat" "transcribe" transcribe [value TranscribeResult]
            |c| c.transcribe(AUDIO);
        "C38" "Chat" "transcribe" transcribe [value TranscribeResult]
            |c| c.transcribe(b"a test audio binary").uid(2002).profanity_filter(true);
        "FR1" "Friend" "addfriends" add_friends [basic]
            |c| c.add_friends(2002, &[2003, 3003]);
        "FR2" "Friend" "getfriends" get_friends [value Vec<i64>]
            |c| c.get_friends(2002);
        "FR3" "Friend" "isfriend" is_friend [value bool]
            |c| c.is_friend(2002, 2003);
        "FR4" "Friend" "isfriends" is_friends [value Vec<i64>]
            |c| c.is_friends(2002, &[2003, 4004]);
        "FR5" "Friend" "delfriends" delete_friends [basic]
            |c| c.delete_friends(2002, &[2003, 3003]);
        "G1" "Group" "addgroupmembers" add_group_members [basic]
            |c| c.add_group_members(5005, &[2002, 2003]);
        "G2" "Group" "getgroupmembers" get_group_members [value Vec<i64>]
            |c| c.get_group_members(5005);
        "G3" "Group" "isgroupmember" is_group_member [value bool]
            |c| c.is_group_member(5005, 2002);
        "G4" "Group" "getusergroups" get_user_groups [value Vec<i64>]
            |c| c.get_user_groups(2002);
        "G5" "Group" "addgroupban" add_group_ban [basic]
            |c| c.add_group_ban(5005, 2003, 60);
        "G6" "Group" "isbanofgroup" is_ban_of_group [value bool]
            |c| c.is_ban_of_group(5005, 2003);
        "G7" "Group" "removegroupban" remove_group_ban [basic]
            |c| c.remove_group_ban(5005, 2003);
        "G8" "Group" "setgroupinfo" set_group_info [basic]
            |c| c.set_group_info(5005).oinfo("group-public").pinfo("group-private");
        "G9" "Group" "getgroupinfo" get_group_info [pair Option<String>, Option<String>]
            |c| c.get_group_info(5005);
        "G10" "Group" "setgroupinfo" set_group_info [basic]
            |c| c.set_group_info(5005).pinfo("");
        "G11" "Group" "delgroupmembers" delete_group_members [basic]
            |c| c.delete_group_members(5005, &[2002, 2003]);
        "G12" "Group" "delgroup" delete_group [basic]
            |c| c.delete_group(5005);
        "R1" "Room" "addroommember" add_room_member [basic]
            |c| c.add_room_member(1001, 2003);
        "R2" "Room" "setroominfo" set_room_info [basic]
            |c| c.set_room_info(1001).oinfo("public").pinfo("private");
        "R3" "Room" "getroominfo" get_room_info [pair Option<String>, Option<String>]
            |c| c.get_room_info(1001);
        "R4" "Room" "addroomban" add_room_ban [basic]
            |c| c.add_room_ban(1001, 2003, 60);
        "R5" "Room" "isbanofroom" is_ban_of_room [value bool]
            |c| c.is_ban_of_room(1001, 2003);
        "R6" "Room" "removeroomban" remove_room_ban [basic]
            |c| c.remove_room_ban(1001, 2003);
        "R7" "Room" "delroommember" delete_room_member [basic]
            |c| c.delete_room_member(1001, 2003);
        "DA1" "Data" "dataset" data_set [basic]
            |c| c.data_set(2002, "key-1", "value-1");
        "DA2" "Data" "dataget" data_get [value Option<String>]
            |c| c.data_get(2002, "key-1");
        "DA3" "Data" "datadel" data_delete [basic]
            |c| c.data_delete(2002, "key-1");
        "DA4" "Data" "dataget" data_get [value Option<String>]
            |c| c.data_get(2002, "key-1");
        "L1" "Listen" "addlisten" add_listen [basic]
            |c| c.add_listen().gids(&[5005]).rids(&[1001]).uids(&[2002]).events(&[ListenEvent::Login, ListenEvent::Logout]);
        "L2" "Listen" "removelisten" remove_listen [basic]
            |c| c.remove_listen().gids(&[5005]);
        "L3" "Listen" "setlisten" set_listen [basic]
            |c| c.set_listen().rids(&[1001]).events(&[ListenEvent::Login]);
        "L4" "Listen" "addlisten" add_listen [basic]
            |c| c.add_listen().uids(&[2003]);
        "L5" "Listen" "setlisten" set_all_listen [basic]
            |c| c.set_all_listen().p2p(true).group(true).room(true).ev(true);
        "L6" "Listen" "setlisten" set_all_listen [basic]
            |c| c.set_all_listen().p2p(false).ev(false);
        "PF1" "Files" "filetoken" file_token [pair String, String]
            |c| c.file_token(2002, Recipient::User(2003));
        "PF2" "Files" "filetoken" file_token [pair String, String]
            |c| c.file_token(2002, Recipient::Users(&[2003, 3003]));
        "PF3" "Files" "filetoken" file_token [pair String, String]
            |c| c.file_token(2002, Recipient::Room(1001));
        "PF4" "Files" "filetoken" file_token [pair String, String]
            |c| c.file_token(2002, Recipient::Group(5005));
        "PF5" "Files" "filetoken" file_token [pair String, String]
            |c| c.file_token(2002, Recipient::Broadcast);
        "PF6" "Files" "sendfile" send_file [sent]
            |c| c.send_file(2002, 2003, 50, FileContent::bytes("sample-file.bin", SAMPLE));
        "PF7" "Files" "sendfile" send_file [sent]
            |c| c.send_file(2002, 2003, 50, FileContent::bytes("samplefile", SAMPLE));
        "PF8" "Files" "sendfiles" send_files [sent]
            |c| c.send_files(2002, &[2003, 3003], 51, FileContent::bytes("sample-file.bin", SAMPLE));
        "PF9" "Files" "sendroomfile" send_room_file [sent]
            |c| c.send_room_file(2002, 1001, 52, FileContent::bytes("sample-file.bin", SAMPLE));
        "PF10" "Files" "sendgroupfile" send_group_file [sent]
            |c| c.send_group_file(2002, 5005, 53, FileContent::bytes("sample-file.bin", SAMPLE));
        "PF11" "Files" "broadcastfile" broadcast_file [sent]
            |c| c.broadcast_file(2002, 54, FileContent::bytes("sample-file.bin", SAMPLE));
    }
}

/// The IM-lib maps of the vector file.
static NICK_ALICE: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| HashMap::from([("nick".into(), "alice".into())]));
static NAME_G1: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| HashMap::from([("name".into(), "g1".into())]));
static TYPE_0: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| HashMap::from([("type".into(), "0".into())]));

/// The calls of the interface 2.7 vector file (`rtm-api-2.7-quests.json`: N*, the methods
/// the Python SDK 2.2 added; CH*, shared methods it changed; GO*, the methods only the Go
/// SDK has; S* and GS*, the ordinary calls that build their state), in the file's order.
/// A vector's Python-only options map to the Rust call's: `file_token`'s extra targets are
/// not sent, the history and translate calls keep the Python 2.0 keys.
pub fn calls_27() -> Vec<TourCall> {
    tour! {
        "N1" "Chat" "tcheck" text_check [value TextCheckResult]
            |c| c.text_check("hello world").uid(2002);
        "N1b" "Chat" "tcheck" text_check [value TextCheckResult]
            |c| c.text_check("this is a badword");
        "N2" "Chat" "icheck" image_check [value CheckResult]
            |c| c.image_check(CheckSource::Url("https://example.com/a.png")).uid(2002);
        "N2b" "Chat" "icheck" image_check [value CheckResult]
            |c| c.image_check(CheckSource::Content(b"fake-png-bytes with bad pixels"));
        "N3" "Chat" "acheck" audio_check [value CheckResult]
            |c| c.audio_check(CheckSource::Url("https://example.com/a.amr"), "en").codec("AMR_WB").srate(16000).uid(2002);
        "N3b" "Chat" "acheck" audio_check [value CheckResult]
            |c| c.audio_check(CheckSource::Url("https://example.com/a.amr"), "en");
        "N4" "Chat" "vcheck" video_check [value CheckResult]
            |c| c.video_check(CheckSource::Url("https://example.com/v.mp4"), "v.mp4").uid(2002);
        "N4b" "Chat" "vcheck" video_check [value CheckResult]
            |c| c.video_check(CheckSource::Url("https://example.com/bad.mp4"), "bad.mp4");
        "N5" "Chat" "speech2text" speech_to_text [value SpeechToTextResult]
            |c| c.speech_to_text(CheckSource::Url("https://example.com/a.amr"), "en");
        "N5b" "Chat" "speech2text" speech_to_text [value SpeechToTextResult]
            |c| c.speech_to_text(CheckSource::Content(b"fake-amr-bytes"), "zh-CN").codec("AMR_WB").srate(16000).uid(2002);
        "N6" "Friend" "addblacks" add_blacks [basic]
            |c| c.add_blacks(2002, &[2003, 2004]);
        "N7" "Friend" "delblacks" delete_blacks [basic]
            |c| c.delete_blacks(2002, &[2003]);
        "N8" "Friend" "getblacks" get_blacks [value Vec<i64>]
            |c| c.get_blacks(2002);
        "N9" "Friend" "isblack" is_black [value bool]
            |c| c.is_black(2002, 2003);
        "N9b" "Friend" "isblack" is_black [value bool]
            |c| c.is_black(2002, 2004);
        "N10" "Friend" "isblacks" is_blacks [value Vec<i64>]
            |c| c.is_blacks(2002, &[2003, 2004]);
        "N7b" "Friend" "delblacks" delete_blacks [basic]
            |c| c.delete_blacks(2002, &[2004]);
        "N11" "Device" "addoption" add_device_push_option [basic]
            |c| c.add_device_push_option(2002, PushOptionType::P2P, 2003).mtypes(&[30, 32]);
        "N11b" "Device" "addoption" add_device_push_option [basic]
            |c| c.add_device_push_option(2002, PushOptionType::Group, 5005);
        "N11c" "Device" "addoption" add_device_push_option [basic]
            |c| c.add_device_push_option(2002, PushOptionType::Group, 5006).mtypes(&[]);
        "N13" "Device" "getoption" get_device_push_option [value DevicePushOption]
            |c| c.get_device_push_option(2002);
        "N12" "Device" "removeoption" remove_device_push_option [basic]
            |c| c.remove_device_push_option(2002, PushOptionType::Group, 5005);
        "N12b" "Device" "removeoption" remove_device_push_option [basic]
            |c| c.remove_device_push_option(2002, PushOptionType::P2P, 2003).mtypes(&[30]);
        "N13b" "Device" "getoption" get_device_push_option [value DevicePushOption]
            |c| c.get_device_push_option(2002);
        "N12c" "Device" "removeoption" remove_device_push_option [basic]
            |c| c.remove_device_push_option(2002, PushOptionType::P2P, 2003).mtypes(&[32]);
        "N12d" "Device" "removeoption" remove_device_push_option [basic]
            |c| c.remove_device_push_option(2002, PushOptionType::Group, 5006).mtypes(&[]);
        "N21" "RTC" "pullIntoRTCRoom" pull_into_rtc_room [basic]
            |c| c.pull_into_rtc_room(123456, &[123, 456], RtcRoomType::Voice);
        "N14" "RTC" "inviteUserIntoRTCRoom" invite_user_into_rtc_room [basic]
            |c| c.invite_user_into_rtc_room(123456, &[321, 654], 111);
        "N20" "RTC" "setRTCRoomMicStatus" set_rtc_room_mic_status [basic]
            |c| c.set_rtc_room_mic_status(123456, true);
        "N22" "RTC" "adminCommand" admin_command [basic]
            |c| c.admin_command(123456, &[123, 456], RtcAdminCommand::ForbidAudio);
        "N22b" "RTC" "adminCommand" admin_command [basic]
            |c| c.admin_command(123456, &[456], RtcAdminCommand::AppointAdministrator);
        "N17" "RTC" "getRTCRoomList" get_rtc_room_list [value Vec<i64>]
            |c| c.get_rtc_room_list();
        "N18" "RTC" "getRTCRoomMembers" get_rtc_room_members [value RtcRoomMembers]
            |c| c.get_rtc_room_members(123456);
        "N19" "RTC" "getRTCRoomMemberCount" get_rtc_room_member_count [value i64]
            |c| c.get_rtc_room_member_count(123456);
        "N16" "RTC" "kickoutFromRTCRoom" kick_out_from_rtc_room [basic]
            |c| c.kick_out_from_rtc_room(2003, 123456, 2002);
        "N16b" "RTC" "kickoutFromRTCRoom" kick_out_from_rtc_room [basic]
            |c| c.kick_out_from_rtc_room(456, 123456, 123);
        "N19b" "RTC" "getRTCRoomMemberCount" get_rtc_room_member_count [value i64]
            |c| c.get_rtc_room_member_count(123456);
        "N15" "RTC" "closeRTCRoom" close_rtc_room [basic]
            |c| c.close_rtc_room(123456);
        "N17b" "RTC" "getRTCRoomList" get_rtc_room_list [value Vec<i64>]
            |c| c.get_rtc_room_list();
        "S1" "Room" "addroommember" add_room_member [basic]
            |c| c.add_room_member(1001, 2002);
        "S2" "Room" "addroommember" add_room_member [basic]
            |c| c.add_room_member(1001, 2003);
        "N23" "Room" "getroommembers" get_room_members [value Vec<i64>]
            |c| c.get_room_members(1001);
        "N24" "Room" "getroomcount" get_room_count [value HashMap<i64, i64>]
            |c| c.get_room_count(&[1001, 1002]);
        "S3" "Room" "delroommember" delete_room_member [basic]
            |c| c.delete_room_member(1001, 2002);
        "S4" "Room" "delroommember" delete_room_member [basic]
            |c| c.delete_room_member(1001, 2003);
        "S5" "Chat" "sendgroupmsg" send_group_chat [sent]
            |c| c.send_group_chat(2002, 5005, "count me", "").mid(1234567890153);
        "S6" "Message" "sendgroupmsg" send_group_message [sent]
            |c| c.send_group_message(51, 2003, 5005, "count me too", "").mid(1234567890154);
        "N25" "Message" "getmsgnum" get_message_num [value MessageNum]
            |c| c.get_message_num(MessageKind::Group, 5005).mtypes(&[30, 32]).begin(1700000000000).end(1700000100000);
        "N25b" "Message" "getmsgnum" get_message_num [value MessageNum]
            |c| c.get_message_num(MessageKind::Group, 5005);
        "N25c" "Message" "getmsgnum" get_message_num [value MessageNum]
            |c| c.get_message_num(MessageKind::Group, 5005).mtypes(&[30]);
        "N26" "User" "clearusermsg" clear_user_message [basic]
            |c| c.clear_user_message(2002);
        "N25d" "Message" "getmsgnum" get_message_num [value MessageNum]
            |c| c.get_message_num(MessageKind::Group, 5005);
        "N26b" "User" "clearusermsg" clear_user_message [basic]
            |c| c.clear_user_message(2003);
        "CH7" "Token" "gettoken" get_token [value String]
            |c| c.get_token(2002);
        "CH1" "User" "kickout" kickout [basic]
            |c| c.kickout(2002);
        "CH2" "Chat" "getgroupmsg" get_group_chat [value MessagePage<Message>]
            |c| c.get_group_chat(2002, 5005, true, 10);
        "CH2b" "Chat" "getroommsg" get_room_chat [value MessagePage<Message>]
            |c| c.get_room_chat(2002, 1001, true, 10);
        "CH2c" "Chat" "getbroadcastmsg" get_broadcast_chat [value MessagePage<Message>]
            |c| c.get_broadcast_chat(2002, false, 2).begin(1700000000000).end(1700000100000).lastid(1001);
        "CH2d" "Chat" "getp2pmsg" get_p2p_chat [value MessagePage<P2PMessage>]
            |c| c.get_p2p_chat(2002, 2003, true, 10);
        "CH3" "Chat" "translate" translate [value TranslateResult]
            |c| c.translate("hello world", "zh-CN").src("en").uid(2002);
        "CH3b" "Chat" "translate" translate [value TranslateResult]
            |c| c.translate("hello world", "zh-CN");
        "CH4" "Files" "filetoken" file_token [pair String, String]
            |c| c.file_token(2002, Recipient::User(2003));
        "CH5" "Group" "addgroupban" add_group_ban [basic]
            |c| c.add_group_ban(None, 2002, 60);
        "CH5b" "Group" "addgroupban" add_group_ban [basic]
            |c| c.add_group_ban(5005, 2003, 60);
        "CH5c" "Group" "removegroupban" remove_group_ban [basic]
            |c| c.remove_group_ban(None, 2002);
        "CH5d" "Group" "removegroupban" remove_group_ban [basic]
            |c| c.remove_group_ban(5005, 2003);
        "CH6b" "Room" "addroomban" add_room_ban [basic]
            |c| c.add_room_ban(None, 2002, 60);
        "CH6" "Room" "removeroomban" remove_room_ban [basic]
            |c| c.remove_room_ban(None, 2002);
        "CH6c" "Room" "addroomban" add_room_ban [basic]
            |c| c.add_room_ban(1001, 2003, 60);
        "CH6d" "Room" "removeroomban" remove_room_ban [basic]
            |c| c.remove_room_ban(1001, 2003);
        "CH8" "Listen" "setlisten" set_all_listen [basic]
            |c| c.set_all_listen().p2p(true).ev(false);
        "CH9" "Message" "sendmsg" send_message [sent]
            |c| c.send_message(51, 2002, 2003, "hi", "").mid(1234567890123);
        "CH10" "Files" "sendfile" send_file [sent]
            |c| c.send_file(2002, 2003, 50, FileContent::bytes("sample-file.bin", SAMPLE));
        "CH11" "Files" "sendroomfile" send_room_file [sent]
            |c| c.send_room_file(2002, 1001, 40, FileContent::bytes("sample-file.bin", SAMPLE));
        "CH11b" "Files" "sendgroupfile" send_group_file [sent]
            |c| c.send_group_file(2002, 5005, 50, FileContent::bytes("sample-file.bin", SAMPLE));
        "CH12" "Files" "sendfiles" send_files [sent]
            |c| c.send_files(2002, &[2003, 2004], 50, FileContent::bytes("sample-file.bin", SAMPLE));
        "CH13" "Files" "broadcastfile" broadcast_file [sent]
            |c| c.broadcast_file(2002, 50, FileContent::bytes("sample-file.bin", SAMPLE));
        "S12" "Message" "sendgroupmsg" send_group_message [sent]
            |c| c.send_group_message(41, 2003, 5005, "{\"url\":\"https://f/x.amr\",\"size\":10}", "{\"rtm\":{\"type\":\"audiomsg\",\"lang\":\"en\",\"duration\":900},\"custom\":{\"k\":1}}").mid(1234567890163);
        "CH14" "Message" "getgroupmsg" get_group_message [value MessagePage<Message>]
            |c| c.get_group_message(2002, 5005, true, 10).mtypes(&[40, 41, 50]);
        "CH14b" "Message" "getroommsg" get_room_message [value MessagePage<Message>]
            |c| c.get_room_message(2002, 1001, true, 10).mtypes(&[40]);
        "CH14c" "Message" "getp2pmsg" get_p2p_message [value MessagePage<P2PMessage>]
            |c| c.get_p2p_message(2002, 2003, true, 10).mtypes(&[50]);
        "CH14d" "Message" "getbroadcastmsg" get_broadcast_message [value MessagePage<Message>]
            |c| c.get_broadcast_message(2002, true, 10).mtypes(&[50]);
        "S13" "User" "clearusermsg" clear_user_message [basic]
            |c| c.clear_user_message(2002);
        "S14" "User" "clearusermsg" clear_user_message [basic]
            |c| c.clear_user_message(2003);
        "GO3" "Room" "adduserrooms" add_user_rooms [basic]
            |c| c.add_user_rooms(2002, &[1001, 1002]);
        "GO1" "Room" "addroommembers" add_room_members [value Vec<i64>]
            |c| c.add_room_members(1001, &[2002, 2003]);
        "GO2" "Room" "delroommembers" delete_room_members [value Vec<i64>]
            |c| c.delete_room_members(1001, &[2003]);
        "GO4" "Room" "deleteuserrooms" delete_user_rooms [basic]
            |c| c.delete_user_rooms(2002, &[1001]);
        "GS1" "Message" "sendgroupmsg" send_group_message [sent]
            |c| c.send_group_message(30, 2002, 5005, "original", "").mid(1234567890123);
        "GO11" "Message" "editmsg" edit_message [basic]
            |c| c.edit_message(1234567890123, 2002, 5005, MessageKind::Group, "edited", "", 600000);
        "GO10" "Message" "delconversationmsgs" delete_conversation_messages [basic]
            |c| c.delete_conversation_messages(2002, 5005, MessageKind::Group);
        "GS2" "Message" "sendmsg" send_message [sent]
            |c| c.send_message(30, 2002, 2003, "p2p", "").mid(1234567890124);
        "GO5" "Message" "cleanmsg" clean_p2p_message [basic]
            |c| c.clean_p2p_message(2002, 2003, 1700000000000, 1700000100000);
        "GO5b" "Message" "cleanmsg" clean_p2p_message [basic]
            |c| c.clean_p2p_message(2002, 2003, 1700000000000, 4102444800000);
        "GS3" "Message" "broadcastmsg" broadcast_message [sent]
            |c| c.broadcast_message(30, 2002, "all", "").mid(1234567890125);
        "GO6" "Message" "cleanmsg" clean_group_message [basic]
            |c| c.clean_group_message(5005, 1700000000000, 1700000100000);
        "GO7" "Message" "cleanmsg" clean_room_message [basic]
            |c| c.clean_room_message(1001, 1700000000000, 1700000100000);
        "GO8" "Message" "cleanmsg" clean_broadcast_message [basic]
            |c| c.clean_broadcast_message(2002, 1700000000000, 1700000100000);
        "GO9" "Message" "clearprojectmsg" clear_project_message [basic]
            |c| c.clear_project_message(ClearType::All);
        "GO12" "User" "addprojectban" add_project_ban [basic]
            |c| c.add_project_ban(2002, 60);
        "GO14" "User" "isprojectban" is_project_ban [value bool]
            |c| c.is_project_ban(2002);
        "GO13" "User" "removeprojectban" remove_project_ban [basic]
            |c| c.remove_project_ban(2002);
        "GO14b" "User" "isprojectban" is_project_ban [value bool]
            |c| c.is_project_ban(2002);
        "GO15" "User" "addsessions" add_sessions [basic]
            |c| c.add_sessions(2002, &[2003, 2004]);
        "GO16" "User" "removesessions" remove_sessions [basic]
            |c| c.remove_sessions(2002, &[2003]);
        "GO23" "IMLib" "imserver_creategroup" imserver_create_group [basic]
            |c| c.imserver_create_group(5005, 2002, &NAME_G1, &TYPE_0);
        "GO19" "IMLib" "imserver_setuserinfos" imserver_set_user_infos [basic]
            |c| c.imserver_set_user_infos(2002, &NICK_ALICE);
        "GO20" "IMLib" "imserver_setgroupinfos" imserver_set_group_infos [basic]
            |c| c.imserver_set_group_infos(5005, &NAME_G1);
        "GO21" "IMLib" "imserver_setapplygrant" imserver_set_apply_grant [basic]
            |c| c.imserver_set_apply_grant(1, 5005, 3).extra("333");
        "GO25" "IMLib" "imserver_getapplygrant" imserver_get_apply_grant [value i32]
            |c| c.imserver_get_apply_grant(1, 5005);
        "GO22" "IMLib" "imserver_setinvitegrant" imserver_set_invite_grant [basic]
            |c| c.imserver_set_invite_grant(1, 5005, 1, 1);
        "GO26" "IMLib" "imserver_getinvitegrant" imserver_get_invite_grant [value InviteGrant]
            |c| c.imserver_get_invite_grant(1, 5005);
        "GO27" "IMLib" "imserver_getuserinfos" imserver_get_user_infos [value InfoMaps]
            |c| c.imserver_get_user_infos(&[2002, 2003]);
        "GO28" "IMLib" "imserver_getgroupinfos" imserver_get_group_infos [value InfoMaps]
            |c| c.imserver_get_group_infos(&[5005]);
        "GO29" "IMLib" "imserver_addgroupmembers" imserver_add_group_members [basic]
            |c| c.imserver_add_group_members(5005, &[2002, 2003]);
        "GO17" "Group" "getgroupcount" get_group_count [value i64]
            |c| c.get_group_count(5005);
        "GO24" "IMLib" "imserver_dismissgroup" imserver_dismiss_group [basic]
            |c| c.imserver_dismiss_group(5005);
        "GO17b" "Group" "getgroupcount" get_group_count [value i64]
            |c| c.get_group_count(5005);
        "GS4" "Group" "addgroupmembers" add_group_members [basic]
            |c| c.add_group_members(5006, &[2002]);
        "GO18" "Group" "clearprojectgroup" clear_project_group [basic]
            |c| c.clear_project_group();
        "GO30" "RTC" "pullIntoRTCRoom" pull_into_rtc_room [basic]
            |c| c.pull_into_rtc_room(123456, &[123, 456], RtcRoomType::Voice).voice_range(50).max_receive_streams(8);
    }
}
