//! Every call of the official SDK's vector file (`rtm-api-quests.json`, ids T1 ... L6, then
//! the file calls PF1 ... PF11), in the file's order and with the arguments of its `python`
//! column (the sample file's content and names), in every form. Shared by the tour (`main.rs`) and the crate's tests (`tests/api_calls.rs`).

use std::collections::HashMap;
use std::time::Duration;

use rtm_server_sdk::chat::{ProfanityResult, TranscribeResult, TranslateResult};
use rtm_server_sdk::file::{FileContent, FileToken};
use rtm_server_sdk::message::{Message, MessageInfo, MessageKind, MessagePage, P2PMessage};
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

fn ab(call: impl std::future::Future<Output = Option<QuestError>> + Send + 'static) -> Pending {
    Box::pin(async move { basic(call.await) })
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
const BEGIN: Option<i64> = Some(1_700_000_000_000);
const END: Option<i64> = Some(1_700_000_100_000);

macro_rules! tour {
    ($(
        $id:literal $family:literal $method:literal $call:ident
            |$c:ident, $t:ident| $blocking:expr ;
            |$c2:ident, $t2:ident, $k:ident| $callback:expr ;
            |$c3:ident, $t3:ident| $async_form:expr ;
    )*) => {
        vec![$(
            TourCall {
                id: $id,
                family: $family,
                call: stringify!($call),
                method: $method,
                blocking: |$c, $t| $blocking,
                callback: |$c2, $t2, $k| $callback,
                async_form: |$c3, $t3| $async_form,
            },
        )*]
    };
}

/// The calls, in the vector file's order.
pub fn calls() -> Vec<TourCall> {
    tour! {
        "T1" "Token" "gettoken" get_token
            |c, t| value(c.get_token(2002, t));
            |c, t, k| c.get_token_with_callback(2002, t, k1::<String>(k));
            |c, t| av(c.get_token_async(2002, t));
        "U1" "User" "getonlineusers" get_online_users
            |c, t| value(c.get_online_users(&[2002, 2003], t));
            |c, t, k| c.get_online_users_with_callback(&[2002, 2003], t, k1::<Vec<i64>>(k));
            |c, t| av(c.get_online_users_async(&[2002, 2003], t));
        "T2" "Token" "removetoken" remove_token
            |c, t| basic(c.remove_token(2002, t));
            |c, t, k| c.remove_token_with_callback(2002, t, k0(k));
            |c, t| ab(c.remove_token_async(2002, t));
        "U2" "User" "kickout" kickout
            |c, t| basic(c.kickout(2003, None, t));
            |c, t, k| c.kickout_with_callback(2003, None, t, k0(k));
            |c, t| ab(c.kickout_async(2003, None, t));
        "U3" "User" "kickout" kickout
            |c, t| basic(c.kickout(2003, Some("127.0.0.1:13321"), t));
            |c, t, k| c.kickout_with_callback(2003, Some("127.0.0.1:13321"), t, k0(k));
            |c, t| ab(c.kickout_async(2003, Some("127.0.0.1:13321"), t));
        "U4" "User" "addprojectblack" add_project_black
            |c, t| basic(c.add_project_black(123456789, 60, t));
            |c, t, k| c.add_project_black_with_callback(123456789, 60, t, k0(k));
            |c, t| ab(c.add_project_black_async(123456789, 60, t));
        "U5" "User" "isprojectblack" is_project_black
            |c, t| value(c.is_project_black(123456789, t));
            |c, t, k| c.is_project_black_with_callback(123456789, t, k1::<bool>(k));
            |c, t| av(c.is_project_black_async(123456789, t));
        "U6" "User" "removeprojectblack" remove_project_black
            |c, t| basic(c.remove_project_black(123456789, t));
            |c, t, k| c.remove_project_black_with_callback(123456789, t, k0(k));
            |c, t| ab(c.remove_project_black_async(123456789, t));
        "U7" "User" "setuserinfo" set_user_info
            |c, t| basic(c.set_user_info(2002, Some("user-public"), Some("user-private"), t));
            |c, t, k| c.set_user_info_with_callback(2002, Some("user-public"), Some("user-private"), t, k0(k));
            |c, t| ab(c.set_user_info_async(2002, Some("user-public"), Some("user-private"), t));
        "U8" "User" "getuserinfo" get_user_info
            |c, t| value(c.get_user_info(2002, t));
            |c, t, k| c.get_user_info_with_callback(2002, t, k2::<Option<String>, Option<String>>(k));
            |c, t| av(c.get_user_info_async(2002, t));
        "U9" "User" "getuseropeninfo" get_user_open_info
            |c, t| value(c.get_user_open_info(&[2002, 2003], t));
            |c, t, k| c.get_user_open_info_with_callback(&[2002, 2003], t, k1::<HashMap<i64, String>>(k));
            |c, t| av(c.get_user_open_info_async(&[2002, 2003], t));
        "U10" "User" "setuserinfo" set_user_info
            |c, t| basic(c.set_user_info(2002, Some(""), None, t));
            |c, t, k| c.set_user_info_with_callback(2002, Some(""), None, t, k0(k));
            |c, t| ab(c.set_user_info_async(2002, Some(""), None, t));
        "U11" "User" "setuserinfo" set_user_info
            |c, t| basic(c.set_user_info(2002, None, Some(""), t));
            |c, t, k| c.set_user_info_with_callback(2002, None, Some(""), t, k0(k));
            |c, t| ab(c.set_user_info_async(2002, None, Some(""), t));
        "D1" "Device" "adddevice" add_device
            |c, t| basic(c.add_device(2002, "apns", "device-token-0001", t));
            |c, t, k| c.add_device_with_callback(2002, "apns", "device-token-0001", t, k0(k));
            |c, t| ab(c.add_device_async(2002, "apns", "device-token-0001", t));
        "D2" "Device" "removedevice" remove_device
            |c, t| basic(c.remove_device(2002, "device-token-0001", t));
            |c, t, k| c.remove_device_with_callback(2002, "device-token-0001", t, k0(k));
            |c, t| ab(c.remove_device_async(2002, "device-token-0001", t));
        "M1" "Message" "sendmsg" send_message
            |c, t| sent(c.send_message(51, 2002, 2003, "hello p2p", "attrs-1", Some(1234567890123), t));
            |c, t, k| c.send_message_with_callback(51, 2002, 2003, "hello p2p", "attrs-1", Some(1234567890123), t, ks(k));
            |c, t| asent(c.send_message_async(51, 2002, 2003, "hello p2p", "attrs-1", Some(1234567890123), t));
        "M2" "Message" "sendmsg" send_message
            |c, t| sent(c.send_message(51, 2002, 2003, "hello p2p", "", None, t));
            |c, t, k| c.send_message_with_callback(51, 2002, 2003, "hello p2p", "", None, t, ks(k));
            |c, t| asent(c.send_message_async(51, 2002, 2003, "hello p2p", "", None, t));
        "M3" "Message" "sendmsgs" send_messages
            |c, t| sent(c.send_messages(52, 2002, &[2003, 3003], "hello many", "", Some(1234567890124), t));
            |c, t, k| c.send_messages_with_callback(52, 2002, &[2003, 3003], "hello many", "", Some(1234567890124), t, ks(k));
            |c, t| asent(c.send_messages_async(52, 2002, &[2003, 3003], "hello many", "", Some(1234567890124), t));
        "M4" "Message" "sendgroupmsg" send_group_message
            |c, t| sent(c.send_group_message(53, 2002, 5005, "hello group", "", Some(1234567890125), t));
            |c, t, k| c.send_group_message_with_callback(53, 2002, 5005, "hello group", "", Some(1234567890125), t, ks(k));
            |c, t| asent(c.send_group_message_async(53, 2002, 5005, "hello group", "", Some(1234567890125), t));
        "M5" "Message" "sendroommsg" send_room_message
            |c, t| sent(c.send_room_message(54, 2002, 1001, "hello room", "", Some(1234567890126), t));
            |c, t, k| c.send_room_message_with_callback(54, 2002, 1001, "hello room", "", Some(1234567890126), t, ks(k));
            |c, t| asent(c.send_room_message_async(54, 2002, 1001, "hello room", "", Some(1234567890126), t));
        "M6" "Message" "broadcastmsg" broadcast_message
            |c, t| sent(c.broadcast_message(55, 2002, "hello all", "", Some(1234567890127), t));
            |c, t, k| c.broadcast_message_with_callback(55, 2002, "hello all", "", Some(1234567890127), t, ks(k));
            |c, t| asent(c.broadcast_message_async(55, 2002, "hello all", "", Some(1234567890127), t));
        "M7" "Message" "getgroupmsg" get_group_message
            |c, t| value(c.get_group_message(2002, 5005, true, 10, None, None, None, None, t));
            |c, t, k| c.get_group_message_with_callback(2002, 5005, true, 10, None, None, None, None, t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_group_message_async(2002, 5005, true, 10, None, None, None, None, t));
        "M8" "Message" "getgroupmsg" get_group_message
            |c, t| value(c.get_group_message(2002, 5005, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t));
            |c, t, k| c.get_group_message_with_callback(2002, 5005, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_group_message_async(2002, 5005, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t));
        "M9" "Message" "getroommsg" get_room_message
            |c, t| value(c.get_room_message(2002, 1001, true, 10, None, None, None, None, t));
            |c, t, k| c.get_room_message_with_callback(2002, 1001, true, 10, None, None, None, None, t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_room_message_async(2002, 1001, true, 10, None, None, None, None, t));
        "M10" "Message" "getroommsg" get_room_message
            |c, t| value(c.get_room_message(2002, 1001, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t));
            |c, t, k| c.get_room_message_with_callback(2002, 1001, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_room_message_async(2002, 1001, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t));
        "M11" "Message" "getbroadcastmsg" get_broadcast_message
            |c, t| value(c.get_broadcast_message(2002, true, 10, None, None, None, None, t));
            |c, t, k| c.get_broadcast_message_with_callback(2002, true, 10, None, None, None, None, t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_broadcast_message_async(2002, true, 10, None, None, None, None, t));
        "M12" "Message" "getbroadcastmsg" get_broadcast_message
            |c, t| value(c.get_broadcast_message(2002, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t));
            |c, t, k| c.get_broadcast_message_with_callback(2002, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_broadcast_message_async(2002, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t));
        "M13" "Message" "getp2pmsg" get_p2p_message
            |c, t| value(c.get_p2p_message(2002, 2003, true, 10, None, None, None, None, t));
            |c, t, k| c.get_p2p_message_with_callback(2002, 2003, true, 10, None, None, None, None, t, k1::<MessagePage<P2PMessage>>(k));
            |c, t| av(c.get_p2p_message_async(2002, 2003, true, 10, None, None, None, None, t));
        "M14" "Message" "getp2pmsg" get_p2p_message
            |c, t| value(c.get_p2p_message(2002, 2003, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t));
            |c, t, k| c.get_p2p_message_with_callback(2002, 2003, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t, k1::<MessagePage<P2PMessage>>(k));
            |c, t| av(c.get_p2p_message_async(2002, 2003, false, 2, BEGIN, END, Some(1001), Some(&[51, 30]), t));
        "M15" "Message" "delmsg" delete_message
            |c, t| basic(c.delete_message(1234567890123, 2002, 2003, MessageKind::P2P, t));
            |c, t, k| c.delete_message_with_callback(1234567890123, 2002, 2003, MessageKind::P2P, t, k0(k));
            |c, t| ab(c.delete_message_async(1234567890123, 2002, 2003, MessageKind::P2P, t));
        "M16" "Message" "delmsg" delete_p2p_message
            |c, t| basic(c.delete_p2p_message(1234567890123, 2002, 2003, t));
            |c, t, k| c.delete_p2p_message_with_callback(1234567890123, 2002, 2003, t, k0(k));
            |c, t| ab(c.delete_p2p_message_async(1234567890123, 2002, 2003, t));
        "M17" "Message" "delmsg" delete_group_message
            |c, t| basic(c.delete_group_message(1234567890125, 2002, 5005, t));
            |c, t, k| c.delete_group_message_with_callback(1234567890125, 2002, 5005, t, k0(k));
            |c, t| ab(c.delete_group_message_async(1234567890125, 2002, 5005, t));
        "M18" "Message" "delmsg" delete_room_message
            |c, t| basic(c.delete_room_message(1234567890126, 2002, 1001, t));
            |c, t, k| c.delete_room_message_with_callback(1234567890126, 2002, 1001, t, k0(k));
            |c, t| ab(c.delete_room_message_async(1234567890126, 2002, 1001, t));
        "M19" "Message" "delmsg" delete_broadcast_message
            |c, t| basic(c.delete_broadcast_message(1234567890127, 2002, t));
            |c, t, k| c.delete_broadcast_message_with_callback(1234567890127, 2002, t, k0(k));
            |c, t| ab(c.delete_broadcast_message_async(1234567890127, 2002, t));
        "M20" "Message" "getmsg" get_message_info
            |c, t| value(c.get_message_info(1234567890123, 2002, 2003, MessageKind::P2P, t));
            |c, t, k| c.get_message_info_with_callback(1234567890123, 2002, 2003, MessageKind::P2P, t, k1::<MessageInfo>(k));
            |c, t| av(c.get_message_info_async(1234567890123, 2002, 2003, MessageKind::P2P, t));
        "M21" "Message" "getmsg" get_p2p_message_info
            |c, t| value(c.get_p2p_message_info(1234567890123, 2002, 2003, t));
            |c, t, k| c.get_p2p_message_info_with_callback(1234567890123, 2002, 2003, t, k1::<MessageInfo>(k));
            |c, t| av(c.get_p2p_message_info_async(1234567890123, 2002, 2003, t));
        "M22" "Message" "getmsg" get_group_message_info
            |c, t| value(c.get_group_message_info(1234567890125, 2002, 5005, t));
            |c, t, k| c.get_group_message_info_with_callback(1234567890125, 2002, 5005, t, k1::<MessageInfo>(k));
            |c, t| av(c.get_group_message_info_async(1234567890125, 2002, 5005, t));
        "M23" "Message" "getmsg" get_room_message_info
            |c, t| value(c.get_room_message_info(1234567890126, 2002, 1001, t));
            |c, t, k| c.get_room_message_info_with_callback(1234567890126, 2002, 1001, t, k1::<MessageInfo>(k));
            |c, t| av(c.get_room_message_info_async(1234567890126, 2002, 1001, t));
        "M24" "Message" "getmsg" get_broadcast_message_info
            |c, t| value(c.get_broadcast_message_info(1234567890127, 2002, t));
            |c, t, k| c.get_broadcast_message_info_with_callback(1234567890127, 2002, t, k1::<MessageInfo>(k));
            |c, t| av(c.get_broadcast_message_info_async(1234567890127, 2002, t));
        "C1" "Chat" "sendmsg" send_chat
            |c, t| sent(c.send_chat(2002, 2003, "你好, chat", "", Some(1234567890133), t));
            |c, t, k| c.send_chat_with_callback(2002, 2003, "你好, chat", "", Some(1234567890133), t, ks(k));
            |c, t| asent(c.send_chat_async(2002, 2003, "你好, chat", "", Some(1234567890133), t));
        "C2" "Chat" "sendmsg" send_chat
            |c, t| sent(c.send_chat(2002, 2003, "chat with a generated mid", "", None, t));
            |c, t, k| c.send_chat_with_callback(2002, 2003, "chat with a generated mid", "", None, t, ks(k));
            |c, t| asent(c.send_chat_async(2002, 2003, "chat with a generated mid", "", None, t));
        "C3" "Chat" "sendmsgs" send_chats
            |c, t| sent(c.send_chats(2002, &[2003, 3003], "chat many", "", Some(1234567890134), t));
            |c, t, k| c.send_chats_with_callback(2002, &[2003, 3003], "chat many", "", Some(1234567890134), t, ks(k));
            |c, t| asent(c.send_chats_async(2002, &[2003, 3003], "chat many", "", Some(1234567890134), t));
        "C4" "Chat" "sendgroupmsg" send_group_chat
            |c, t| sent(c.send_group_chat(2002, 5005, "chat group", "", Some(1234567890135), t));
            |c, t, k| c.send_group_chat_with_callback(2002, 5005, "chat group", "", Some(1234567890135), t, ks(k));
            |c, t| asent(c.send_group_chat_async(2002, 5005, "chat group", "", Some(1234567890135), t));
        "C5" "Chat" "sendroommsg" send_room_chat
            |c, t| sent(c.send_room_chat(2002, 1001, "chat room", "", Some(1234567890136), t));
            |c, t, k| c.send_room_chat_with_callback(2002, 1001, "chat room", "", Some(1234567890136), t, ks(k));
            |c, t| asent(c.send_room_chat_async(2002, 1001, "chat room", "", Some(1234567890136), t));
        "C6" "Chat" "broadcastmsg" broadcast_chat
            |c, t| sent(c.broadcast_chat(2002, "chat all", "", Some(1234567890137), t));
            |c, t, k| c.broadcast_chat_with_callback(2002, "chat all", "", Some(1234567890137), t, ks(k));
            |c, t| asent(c.broadcast_chat_async(2002, "chat all", "", Some(1234567890137), t));
        "C7" "Chat" "sendmsg" send_audio
            |c, t| sent(c.send_audio(2002, 2003, AUDIO, "", Some(1234567890138), t));
            |c, t, k| c.send_audio_with_callback(2002, 2003, AUDIO, "", Some(1234567890138), t, ks(k));
            |c, t| asent(c.send_audio_async(2002, 2003, AUDIO, "", Some(1234567890138), t));
        "C8" "Chat" "sendmsgs" send_audios
            |c, t| sent(c.send_audios(2002, &[2003, 3003], AUDIO, "", Some(1234567890139), t));
            |c, t, k| c.send_audios_with_callback(2002, &[2003, 3003], AUDIO, "", Some(1234567890139), t, ks(k));
            |c, t| asent(c.send_audios_async(2002, &[2003, 3003], AUDIO, "", Some(1234567890139), t));
        "C9" "Chat" "sendgroupmsg" send_group_audio
            |c, t| sent(c.send_group_audio(2002, 5005, AUDIO, "", Some(1234567890140), t));
            |c, t, k| c.send_group_audio_with_callback(2002, 5005, AUDIO, "", Some(1234567890140), t, ks(k));
            |c, t| asent(c.send_group_audio_async(2002, 5005, AUDIO, "", Some(1234567890140), t));
        "C10" "Chat" "sendroommsg" send_room_audio
            |c, t| sent(c.send_room_audio(2002, 1001, AUDIO, "", Some(1234567890141), t));
            |c, t, k| c.send_room_audio_with_callback(2002, 1001, AUDIO, "", Some(1234567890141), t, ks(k));
            |c, t| asent(c.send_room_audio_async(2002, 1001, AUDIO, "", Some(1234567890141), t));
        "C11" "Chat" "broadcastmsg" broadcast_audio
            |c, t| sent(c.broadcast_audio(2002, AUDIO, "", Some(1234567890142), t));
            |c, t, k| c.broadcast_audio_with_callback(2002, AUDIO, "", Some(1234567890142), t, ks(k));
            |c, t| asent(c.broadcast_audio_async(2002, AUDIO, "", Some(1234567890142), t));
        "C12" "Chat" "sendmsg" send_cmd
            |c, t| sent(c.send_cmd(2002, 2003, "cmd-kick", "", Some(1234567890143), t));
            |c, t, k| c.send_cmd_with_callback(2002, 2003, "cmd-kick", "", Some(1234567890143), t, ks(k));
            |c, t| asent(c.send_cmd_async(2002, 2003, "cmd-kick", "", Some(1234567890143), t));
        "C13" "Chat" "sendmsgs" send_cmds
            |c, t| sent(c.send_cmds(2002, &[2003, 3003], "cmd-kick", "", Some(1234567890144), t));
            |c, t, k| c.send_cmds_with_callback(2002, &[2003, 3003], "cmd-kick", "", Some(1234567890144), t, ks(k));
            |c, t| asent(c.send_cmds_async(2002, &[2003, 3003], "cmd-kick", "", Some(1234567890144), t));
        "C14" "Chat" "sendgroupmsg" send_group_cmd
            |c, t| sent(c.send_group_cmd(2002, 5005, "cmd-kick", "", Some(1234567890145), t));
            |c, t, k| c.send_group_cmd_with_callback(2002, 5005, "cmd-kick", "", Some(1234567890145), t, ks(k));
            |c, t| asent(c.send_group_cmd_async(2002, 5005, "cmd-kick", "", Some(1234567890145), t));
        "C15" "Chat" "sendroommsg" send_room_cmd
            |c, t| sent(c.send_room_cmd(2002, 1001, "cmd-kick", "", Some(1234567890146), t));
            |c, t, k| c.send_room_cmd_with_callback(2002, 1001, "cmd-kick", "", Some(1234567890146), t, ks(k));
            |c, t| asent(c.send_room_cmd_async(2002, 1001, "cmd-kick", "", Some(1234567890146), t));
        "C16" "Chat" "broadcastmsg" broadcast_cmd
            |c, t| sent(c.broadcast_cmd(2002, "cmd-kick", "", Some(1234567890147), t));
            |c, t, k| c.broadcast_cmd_with_callback(2002, "cmd-kick", "", Some(1234567890147), t, ks(k));
            |c, t| asent(c.broadcast_cmd_async(2002, "cmd-kick", "", Some(1234567890147), t));
        "C17" "Chat" "getgroupmsg" get_group_chat
            |c, t| value(c.get_group_chat(2002, 5005, true, 10, None, None, None, t));
            |c, t, k| c.get_group_chat_with_callback(2002, 5005, true, 10, None, None, None, t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_group_chat_async(2002, 5005, true, 10, None, None, None, t));
        "C18" "Chat" "getgroupmsg" get_group_chat
            |c, t| value(c.get_group_chat(2002, 5005, false, 2, BEGIN, END, Some(1001), t));
            |c, t, k| c.get_group_chat_with_callback(2002, 5005, false, 2, BEGIN, END, Some(1001), t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_group_chat_async(2002, 5005, false, 2, BEGIN, END, Some(1001), t));
        "C19" "Chat" "getroommsg" get_room_chat
            |c, t| value(c.get_room_chat(2002, 1001, true, 10, None, None, None, t));
            |c, t, k| c.get_room_chat_with_callback(2002, 1001, true, 10, None, None, None, t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_room_chat_async(2002, 1001, true, 10, None, None, None, t));
        "C20" "Chat" "getroommsg" get_room_chat
            |c, t| value(c.get_room_chat(2002, 1001, false, 2, BEGIN, END, Some(1001), t));
            |c, t, k| c.get_room_chat_with_callback(2002, 1001, false, 2, BEGIN, END, Some(1001), t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_room_chat_async(2002, 1001, false, 2, BEGIN, END, Some(1001), t));
        "C21" "Chat" "getbroadcastmsg" get_broadcast_chat
            |c, t| value(c.get_broadcast_chat(2002, true, 10, None, None, None, t));
            |c, t, k| c.get_broadcast_chat_with_callback(2002, true, 10, None, None, None, t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_broadcast_chat_async(2002, true, 10, None, None, None, t));
        "C22" "Chat" "getbroadcastmsg" get_broadcast_chat
            |c, t| value(c.get_broadcast_chat(2002, false, 2, BEGIN, END, Some(1001), t));
            |c, t, k| c.get_broadcast_chat_with_callback(2002, false, 2, BEGIN, END, Some(1001), t, k1::<MessagePage<Message>>(k));
            |c, t| av(c.get_broadcast_chat_async(2002, false, 2, BEGIN, END, Some(1001), t));
        "C23" "Chat" "getp2pmsg" get_p2p_chat
            |c, t| value(c.get_p2p_chat(2002, 2003, true, 10, None, None, None, t));
            |c, t, k| c.get_p2p_chat_with_callback(2002, 2003, true, 10, None, None, None, t, k1::<MessagePage<P2PMessage>>(k));
            |c, t| av(c.get_p2p_chat_async(2002, 2003, true, 10, None, None, None, t));
        "C24" "Chat" "getp2pmsg" get_p2p_chat
            |c, t| value(c.get_p2p_chat(2002, 2003, false, 2, BEGIN, END, Some(1001), t));
            |c, t, k| c.get_p2p_chat_with_callback(2002, 2003, false, 2, BEGIN, END, Some(1001), t, k1::<MessagePage<P2PMessage>>(k));
            |c, t| av(c.get_p2p_chat_async(2002, 2003, false, 2, BEGIN, END, Some(1001), t));
        "C25" "Chat" "delmsg" delete_p2p_chat
            |c, t| basic(c.delete_p2p_chat(1234567890133, 2002, 2003, t));
            |c, t, k| c.delete_p2p_chat_with_callback(1234567890133, 2002, 2003, t, k0(k));
            |c, t| ab(c.delete_p2p_chat_async(1234567890133, 2002, 2003, t));
        "C26" "Chat" "delmsg" delete_group_chat
            |c, t| basic(c.delete_group_chat(1234567890135, 2002, 5005, t));
            |c, t, k| c.delete_group_chat_with_callback(1234567890135, 2002, 5005, t, k0(k));
            |c, t| ab(c.delete_group_chat_async(1234567890135, 2002, 5005, t));
        "C27" "Chat" "delmsg" delete_room_chat
            |c, t| basic(c.delete_room_chat(1234567890136, 2002, 1001, t));
            |c, t, k| c.delete_room_chat_with_callback(1234567890136, 2002, 1001, t, k0(k));
            |c, t| ab(c.delete_room_chat_async(1234567890136, 2002, 1001, t));
        "C28" "Chat" "delmsg" delete_broadcast_chat
            |c, t| basic(c.delete_broadcast_chat(1234567890137, 2002, t));
            |c, t, k| c.delete_broadcast_chat_with_callback(1234567890137, 2002, t, k0(k));
            |c, t| ab(c.delete_broadcast_chat_async(1234567890137, 2002, t));
        "C29" "Chat" "getmsg" get_p2p_chat_info
            |c, t| value(c.get_p2p_chat_info(1234567890133, 2002, 2003, t));
            |c, t, k| c.get_p2p_chat_info_with_callback(1234567890133, 2002, 2003, t, k1::<MessageInfo>(k));
            |c, t| av(c.get_p2p_chat_info_async(1234567890133, 2002, 2003, t));
        "C30" "Chat" "getmsg" get_group_chat_info
            |c, t| value(c.get_group_chat_info(1234567890135, 2002, 5005, t));
            |c, t, k| c.get_group_chat_info_with_callback(1234567890135, 2002, 5005, t, k1::<MessageInfo>(k));
            |c, t| av(c.get_group_chat_info_async(1234567890135, 2002, 5005, t));
        "C31" "Chat" "getmsg" get_room_chat_info
            |c, t| value(c.get_room_chat_info(1234567890136, 2002, 1001, t));
            |c, t, k| c.get_room_chat_info_with_callback(1234567890136, 2002, 1001, t, k1::<MessageInfo>(k));
            |c, t| av(c.get_room_chat_info_async(1234567890136, 2002, 1001, t));
        "C32" "Chat" "getmsg" get_broadcast_chat_info
            |c, t| value(c.get_broadcast_chat_info(1234567890137, 2002, t));
            |c, t, k| c.get_broadcast_chat_info_with_callback(1234567890137, 2002, t, k1::<MessageInfo>(k));
            |c, t| av(c.get_broadcast_chat_info_async(1234567890137, 2002, t));
        "C33" "Chat" "translate" translate
            |c, t| value(c.translate("hello world", "zh-CN", None, None, None, None, None, t));
            |c, t, k| c.translate_with_callback("hello world", "zh-CN", None, None, None, None, None, t, k1::<TranslateResult>(k));
            |c, t| av(c.translate_async("hello world", "zh-CN", None, None, None, None, None, t));
        "C34" "Chat" "translate" translate
            |c, t| value(c.translate("hello world", "zh-CN", Some("en"), Some("mail"), Some("censor"), Some(true), Some(2002), t));
            |c, t, k| c.translate_with_callback("hello world", "zh-CN", Some("en"), Some("mail"), Some("censor"), Some(true), Some(2002), t, k1::<TranslateResult>(k));
            |c, t| av(c.translate_async("hello world", "zh-CN", Some("en"), Some("mail"), Some("censor"), Some(true), Some(2002), t));
        "C35" "Chat" "profanity" profanity
            |c, t| value(c.profanity("this is a badword", None, None, t));
            |c, t, k| c.profanity_with_callback("this is a badword", None, None, t, k1::<ProfanityResult>(k));
            |c, t| av(c.profanity_async("this is a badword", None, None, t));
        "C36" "Chat" "profanity" profanity
            |c, t| value(c.profanity("this is a badword", Some(true), Some(2002), t));
            |c, t, k| c.profanity_with_callback("this is a badword", Some(true), Some(2002), t, k1::<ProfanityResult>(k));
            |c, t| av(c.profanity_async("this is a badword", Some(true), Some(2002), t));
        "C37" "Chat" "transcribe" transcribe
            |c, t| value(c.transcribe(AUDIO, None, None, t));
            |c, t, k| c.transcribe_with_callback(AUDIO, None, None, t, k1::<TranscribeResult>(k));
            |c, t| av(c.transcribe_async(AUDIO, None, None, t));
        "C38" "Chat" "transcribe" transcribe
            |c, t| value(c.transcribe(b"a test audio binary", Some(2002), Some(true), t));
            |c, t, k| c.transcribe_with_callback(b"a test audio binary", Some(2002), Some(true), t, k1::<TranscribeResult>(k));
            |c, t| av(c.transcribe_async(b"a test audio binary", Some(2002), Some(true), t));
        "FR1" "Friend" "addfriends" add_friends
            |c, t| basic(c.add_friends(2002, &[2003, 3003], t));
            |c, t, k| c.add_friends_with_callback(2002, &[2003, 3003], t, k0(k));
            |c, t| ab(c.add_friends_async(2002, &[2003, 3003], t));
        "FR2" "Friend" "getfriends" get_friends
            |c, t| value(c.get_friends(2002, t));
            |c, t, k| c.get_friends_with_callback(2002, t, k1::<Vec<i64>>(k));
            |c, t| av(c.get_friends_async(2002, t));
        "FR3" "Friend" "isfriend" is_friend
            |c, t| value(c.is_friend(2002, 2003, t));
            |c, t, k| c.is_friend_with_callback(2002, 2003, t, k1::<bool>(k));
            |c, t| av(c.is_friend_async(2002, 2003, t));
        "FR4" "Friend" "isfriends" is_friends
            |c, t| value(c.is_friends(2002, &[2003, 4004], t));
            |c, t, k| c.is_friends_with_callback(2002, &[2003, 4004], t, k1::<Vec<i64>>(k));
            |c, t| av(c.is_friends_async(2002, &[2003, 4004], t));
        "FR5" "Friend" "delfriends" delete_friends
            |c, t| basic(c.delete_friends(2002, &[2003, 3003], t));
            |c, t, k| c.delete_friends_with_callback(2002, &[2003, 3003], t, k0(k));
            |c, t| ab(c.delete_friends_async(2002, &[2003, 3003], t));
        "G1" "Group" "addgroupmembers" add_group_members
            |c, t| basic(c.add_group_members(5005, &[2002, 2003], t));
            |c, t, k| c.add_group_members_with_callback(5005, &[2002, 2003], t, k0(k));
            |c, t| ab(c.add_group_members_async(5005, &[2002, 2003], t));
        "G2" "Group" "getgroupmembers" get_group_members
            |c, t| value(c.get_group_members(5005, t));
            |c, t, k| c.get_group_members_with_callback(5005, t, k1::<Vec<i64>>(k));
            |c, t| av(c.get_group_members_async(5005, t));
        "G3" "Group" "isgroupmember" is_group_member
            |c, t| value(c.is_group_member(5005, 2002, t));
            |c, t, k| c.is_group_member_with_callback(5005, 2002, t, k1::<bool>(k));
            |c, t| av(c.is_group_member_async(5005, 2002, t));
        "G4" "Group" "getusergroups" get_user_groups
            |c, t| value(c.get_user_groups(2002, t));
            |c, t, k| c.get_user_groups_with_callback(2002, t, k1::<Vec<i64>>(k));
            |c, t| av(c.get_user_groups_async(2002, t));
        "G5" "Group" "addgroupban" add_group_ban
            |c, t| basic(c.add_group_ban(5005, 2003, 60, t));
            |c, t, k| c.add_group_ban_with_callback(5005, 2003, 60, t, k0(k));
            |c, t| ab(c.add_group_ban_async(5005, 2003, 60, t));
        "G6" "Group" "isbanofgroup" is_ban_of_group
            |c, t| value(c.is_ban_of_group(5005, 2003, t));
            |c, t, k| c.is_ban_of_group_with_callback(5005, 2003, t, k1::<bool>(k));
            |c, t| av(c.is_ban_of_group_async(5005, 2003, t));
        "G7" "Group" "removegroupban" remove_group_ban
            |c, t| basic(c.remove_group_ban(5005, 2003, t));
            |c, t, k| c.remove_group_ban_with_callback(5005, 2003, t, k0(k));
            |c, t| ab(c.remove_group_ban_async(5005, 2003, t));
        "G8" "Group" "setgroupinfo" set_group_info
            |c, t| basic(c.set_group_info(5005, Some("group-public"), Some("group-private"), t));
            |c, t, k| c.set_group_info_with_callback(5005, Some("group-public"), Some("group-private"), t, k0(k));
            |c, t| ab(c.set_group_info_async(5005, Some("group-public"), Some("group-private"), t));
        "G9" "Group" "getgroupinfo" get_group_info
            |c, t| value(c.get_group_info(5005, t));
            |c, t, k| c.get_group_info_with_callback(5005, t, k2::<Option<String>, Option<String>>(k));
            |c, t| av(c.get_group_info_async(5005, t));
        "G10" "Group" "setgroupinfo" set_group_info
            |c, t| basic(c.set_group_info(5005, None, Some(""), t));
            |c, t, k| c.set_group_info_with_callback(5005, None, Some(""), t, k0(k));
            |c, t| ab(c.set_group_info_async(5005, None, Some(""), t));
        "G11" "Group" "delgroupmembers" delete_group_members
            |c, t| basic(c.delete_group_members(5005, &[2002, 2003], t));
            |c, t, k| c.delete_group_members_with_callback(5005, &[2002, 2003], t, k0(k));
            |c, t| ab(c.delete_group_members_async(5005, &[2002, 2003], t));
        "G12" "Group" "delgroup" delete_group
            |c, t| basic(c.delete_group(5005, t));
            |c, t, k| c.delete_group_with_callback(5005, t, k0(k));
            |c, t| ab(c.delete_group_async(5005, t));
        "R1" "Room" "addroommember" add_room_member
            |c, t| basic(c.add_room_member(1001, 2003, t));
            |c, t, k| c.add_room_member_with_callback(1001, 2003, t, k0(k));
            |c, t| ab(c.add_room_member_async(1001, 2003, t));
        "R2" "Room" "setroominfo" set_room_info
            |c, t| basic(c.set_room_info(1001, Some("public"), Some("private"), t));
            |c, t, k| c.set_room_info_with_callback(1001, Some("public"), Some("private"), t, k0(k));
            |c, t| ab(c.set_room_info_async(1001, Some("public"), Some("private"), t));
        "R3" "Room" "getroominfo" get_room_info
            |c, t| value(c.get_room_info(1001, t));
            |c, t, k| c.get_room_info_with_callback(1001, t, k2::<Option<String>, Option<String>>(k));
            |c, t| av(c.get_room_info_async(1001, t));
        "R4" "Room" "addroomban" add_room_ban
            |c, t| basic(c.add_room_ban(1001, 2003, 60, t));
            |c, t, k| c.add_room_ban_with_callback(1001, 2003, 60, t, k0(k));
            |c, t| ab(c.add_room_ban_async(1001, 2003, 60, t));
        "R5" "Room" "isbanofroom" is_ban_of_room
            |c, t| value(c.is_ban_of_room(1001, 2003, t));
            |c, t, k| c.is_ban_of_room_with_callback(1001, 2003, t, k1::<bool>(k));
            |c, t| av(c.is_ban_of_room_async(1001, 2003, t));
        "R6" "Room" "removeroomban" remove_room_ban
            |c, t| basic(c.remove_room_ban(1001, 2003, t));
            |c, t, k| c.remove_room_ban_with_callback(1001, 2003, t, k0(k));
            |c, t| ab(c.remove_room_ban_async(1001, 2003, t));
        "R7" "Room" "delroommember" delete_room_member
            |c, t| basic(c.delete_room_member(1001, 2003, t));
            |c, t, k| c.delete_room_member_with_callback(1001, 2003, t, k0(k));
            |c, t| ab(c.delete_room_member_async(1001, 2003, t));
        "DA1" "Data" "dataset" data_set
            |c, t| basic(c.data_set(2002, "key-1", "value-1", t));
            |c, t, k| c.data_set_with_callback(2002, "key-1", "value-1", t, k0(k));
            |c, t| ab(c.data_set_async(2002, "key-1", "value-1", t));
        "DA2" "Data" "dataget" data_get
            |c, t| value(c.data_get(2002, "key-1", t));
            |c, t, k| c.data_get_with_callback(2002, "key-1", t, k1::<Option<String>>(k));
            |c, t| av(c.data_get_async(2002, "key-1", t));
        "DA3" "Data" "datadel" data_delete
            |c, t| basic(c.data_delete(2002, "key-1", t));
            |c, t, k| c.data_delete_with_callback(2002, "key-1", t, k0(k));
            |c, t| ab(c.data_delete_async(2002, "key-1", t));
        "DA4" "Data" "dataget" data_get
            |c, t| value(c.data_get(2002, "key-1", t));
            |c, t, k| c.data_get_with_callback(2002, "key-1", t, k1::<Option<String>>(k));
            |c, t| av(c.data_get_async(2002, "key-1", t));
        "L1" "Listen" "addlisten" add_listen
            |c, t| basic(c.add_listen(Some(&[5005]), Some(&[1001]), Some(&[2002]), Some(&["login", "logout"]), t));
            |c, t, k| c.add_listen_with_callback(Some(&[5005]), Some(&[1001]), Some(&[2002]), Some(&["login", "logout"]), t, k0(k));
            |c, t| ab(c.add_listen_async(Some(&[5005]), Some(&[1001]), Some(&[2002]), Some(&["login", "logout"]), t));
        "L2" "Listen" "removelisten" remove_listen
            |c, t| basic(c.remove_listen(Some(&[5005]), None, None, None, t));
            |c, t, k| c.remove_listen_with_callback(Some(&[5005]), None, None, None, t, k0(k));
            |c, t| ab(c.remove_listen_async(Some(&[5005]), None, None, None, t));
        "L3" "Listen" "setlisten" set_listen
            |c, t| basic(c.set_listen(None, Some(&[1001]), None, Some(&["login"]), t));
            |c, t, k| c.set_listen_with_callback(None, Some(&[1001]), None, Some(&["login"]), t, k0(k));
            |c, t| ab(c.set_listen_async(None, Some(&[1001]), None, Some(&["login"]), t));
        "L4" "Listen" "addlisten" add_listen
            |c, t| basic(c.add_listen(None, None, Some(&[2003]), None, t));
            |c, t, k| c.add_listen_with_callback(None, None, Some(&[2003]), None, t, k0(k));
            |c, t| ab(c.add_listen_async(None, None, Some(&[2003]), None, t));
        "L5" "Listen" "setlisten" set_all_listen
            |c, t| basic(c.set_all_listen(Some(true), Some(true), Some(true), Some(true), t));
            |c, t, k| c.set_all_listen_with_callback(Some(true), Some(true), Some(true), Some(true), t, k0(k));
            |c, t| ab(c.set_all_listen_async(Some(true), Some(true), Some(true), Some(true), t));
        "L6" "Listen" "setlisten" set_all_listen
            |c, t| basic(c.set_all_listen(Some(false), None, None, Some(false), t));
            |c, t, k| c.set_all_listen_with_callback(Some(false), None, None, Some(false), t, k0(k));
            |c, t| ab(c.set_all_listen_async(Some(false), None, None, Some(false), t));
        "PF1" "Files" "filetoken" file_token
            |c, t| value(c.file_token(2002, "sendfile", None, Some(2003), None, None, t));
            |c, t, k| c.file_token_with_callback(2002, "sendfile", None, Some(2003), None, None, t, k2::<String, String>(k));
            |c, t| av(c.file_token_async(2002, "sendfile", None, Some(2003), None, None, t));
        "PF2" "Files" "filetoken" file_token
            |c, t| value(c.file_token(2002, "sendfiles", Some(&[2003, 3003]), None, None, None, t));
            |c, t, k| c.file_token_with_callback(2002, "sendfiles", Some(&[2003, 3003]), None, None, None, t, k2::<String, String>(k));
            |c, t| av(c.file_token_async(2002, "sendfiles", Some(&[2003, 3003]), None, None, None, t));
        "PF3" "Files" "filetoken" file_token
            |c, t| value(c.file_token(2002, "sendroomfile", None, None, Some(1001), None, t));
            |c, t, k| c.file_token_with_callback(2002, "sendroomfile", None, None, Some(1001), None, t, k2::<String, String>(k));
            |c, t| av(c.file_token_async(2002, "sendroomfile", None, None, Some(1001), None, t));
        "PF4" "Files" "filetoken" file_token
            |c, t| value(c.file_token(2002, "sendgroupfile", None, None, None, Some(5005), t));
            |c, t, k| c.file_token_with_callback(2002, "sendgroupfile", None, None, None, Some(5005), t, k2::<String, String>(k));
            |c, t| av(c.file_token_async(2002, "sendgroupfile", None, None, None, Some(5005), t));
        "PF5" "Files" "filetoken" file_token
            |c, t| value(c.file_token(2002, "broadcastfile", None, None, None, None, t));
            |c, t, k| c.file_token_with_callback(2002, "broadcastfile", None, None, None, None, t, k2::<String, String>(k));
            |c, t| av(c.file_token_async(2002, "broadcastfile", None, None, None, None, t));
        "PF6" "Files" "sendfile" send_file
            |c, t| sent(c.send_file(2002, 2003, 50, FileContent::bytes("sample-file.bin", SAMPLE), t));
            |c, t, k| c.send_file_with_callback(2002, 2003, 50, FileContent::bytes("sample-file.bin", SAMPLE), t, ks(k));
            |c, t| asent(c.send_file_async(2002, 2003, 50, FileContent::bytes("sample-file.bin", SAMPLE), t));
        "PF7" "Files" "sendfile" send_file
            |c, t| sent(c.send_file(2002, 2003, 50, FileContent::bytes("samplefile", SAMPLE), t));
            |c, t, k| c.send_file_with_callback(2002, 2003, 50, FileContent::bytes("samplefile", SAMPLE), t, ks(k));
            |c, t| asent(c.send_file_async(2002, 2003, 50, FileContent::bytes("samplefile", SAMPLE), t));
        "PF8" "Files" "sendfiles" send_files
            |c, t| sent(c.send_files(2002, &[2003, 3003], 51, FileContent::bytes("sample-file.bin", SAMPLE), t));
            |c, t, k| c.send_files_with_callback(2002, &[2003, 3003], 51, FileContent::bytes("sample-file.bin", SAMPLE), t, ks(k));
            |c, t| asent(c.send_files_async(2002, &[2003, 3003], 51, FileContent::bytes("sample-file.bin", SAMPLE), t));
        "PF9" "Files" "sendroomfile" send_room_file
            |c, t| sent(c.send_room_file(2002, 1001, 52, FileContent::bytes("sample-file.bin", SAMPLE), t));
            |c, t, k| c.send_room_file_with_callback(2002, 1001, 52, FileContent::bytes("sample-file.bin", SAMPLE), t, ks(k));
            |c, t| asent(c.send_room_file_async(2002, 1001, 52, FileContent::bytes("sample-file.bin", SAMPLE), t));
        "PF10" "Files" "sendgroupfile" send_group_file
            |c, t| sent(c.send_group_file(2002, 5005, 53, FileContent::bytes("sample-file.bin", SAMPLE), t));
            |c, t, k| c.send_group_file_with_callback(2002, 5005, 53, FileContent::bytes("sample-file.bin", SAMPLE), t, ks(k));
            |c, t| asent(c.send_group_file_async(2002, 5005, 53, FileContent::bytes("sample-file.bin", SAMPLE), t));
        "PF11" "Files" "broadcastfile" broadcast_file
            |c, t| sent(c.broadcast_file(2002, 54, FileContent::bytes("sample-file.bin", SAMPLE), t));
            |c, t, k| c.broadcast_file_with_callback(2002, 54, FileContent::bytes("sample-file.bin", SAMPLE), t, ks(k));
            |c, t| asent(c.broadcast_file_async(2002, 54, FileContent::bytes("sample-file.bin", SAMPLE), t));
    }
}
