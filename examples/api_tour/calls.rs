//! Every call of the official SDK's vector file (`rtm-api-quests.json`, ids T1 ... L6, then
//! the file calls PF1 ... PF11), in the file's order and with the arguments of its `python`
//! column (the sample file's content and names), in every form. Shared by the tour (`main.rs`) and the crate's tests (`tests/api_calls.rs`).

use std::collections::HashMap;
use std::time::Duration;

use rtm_server_sdk::chat::{
    ProfanityMode, ProfanityResult, TranscribeResult, TranslateResult, TranslateType,
};
use rtm_server_sdk::device::AppType;
use rtm_server_sdk::file::{FileContent, FileToken};
use rtm_server_sdk::listen::ListenEvent;
use rtm_server_sdk::message::{Message, MessageInfo, MessageKind, MessagePage, P2PMessage, Target};
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

plain_json!(bool, i64, String, Option<String>, Vec<i64>, Vec<String>);

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
            |c| c.file_token(2002, Target::User(2003));
        "PF2" "Files" "filetoken" file_token [pair String, String]
            |c| c.file_token(2002, Target::Users(&[2003, 3003]));
        "PF3" "Files" "filetoken" file_token [pair String, String]
            |c| c.file_token(2002, Target::Room(1001));
        "PF4" "Files" "filetoken" file_token [pair String, String]
            |c| c.file_token(2002, Target::Group(5005));
        "PF5" "Files" "filetoken" file_token [pair String, String]
            |c| c.file_token(2002, Target::Broadcast);
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
