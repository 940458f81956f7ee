//! Messages (Python SDK: `Message.md`): sending to a user, users, a group, a room or
//! everyone; reading history; reading and deleting one message.
//!
//! A send takes a message id: `None` (or `Some(0)`) takes a fresh one from the process-wide
//! generator that makes salts, unique across clients and processes. The id comes back with
//! every outcome, errors included ([`SendError::mid`]), so that a failed send can be retried
//! or deleted by it.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`send_message`](crate::RtmServerClient::send_message) → [`SendMessageRequest`]
//! - [`send_messages`](crate::RtmServerClient::send_messages) → [`SendMessagesRequest`]
//! - [`send_group_message`](crate::RtmServerClient::send_group_message) → [`SendGroupMessageRequest`]
//! - [`send_room_message`](crate::RtmServerClient::send_room_message) → [`SendRoomMessageRequest`]
//! - [`broadcast_message`](crate::RtmServerClient::broadcast_message) → [`BroadcastMessageRequest`]
//! - [`get_group_message`](crate::RtmServerClient::get_group_message) → [`GetGroupMessageRequest`]
//! - [`get_room_message`](crate::RtmServerClient::get_room_message) → [`GetRoomMessageRequest`]
//! - [`get_broadcast_message`](crate::RtmServerClient::get_broadcast_message) → [`GetBroadcastMessageRequest`]
//! - [`get_p2p_message`](crate::RtmServerClient::get_p2p_message) → [`GetP2PMessageRequest`]
//! - [`delete_message`](crate::RtmServerClient::delete_message) → [`DeleteMessageRequest`]
//! - [`delete_p2p_message`](crate::RtmServerClient::delete_p2p_message) → [`DeleteP2PMessageRequest`]
//! - [`delete_group_message`](crate::RtmServerClient::delete_group_message) → [`DeleteGroupMessageRequest`]
//! - [`delete_room_message`](crate::RtmServerClient::delete_room_message) → [`DeleteRoomMessageRequest`]
//! - [`delete_broadcast_message`](crate::RtmServerClient::delete_broadcast_message) → [`DeleteBroadcastMessageRequest`]
//! - [`get_message_info`](crate::RtmServerClient::get_message_info) → [`GetMessageInfoRequest`]
//! - [`get_p2p_message_info`](crate::RtmServerClient::get_p2p_message_info) → [`GetP2PMessageInfoRequest`]
//! - [`get_group_message_info`](crate::RtmServerClient::get_group_message_info) → [`GetGroupMessageInfoRequest`]
//! - [`get_room_message_info`](crate::RtmServerClient::get_room_message_info) → [`GetRoomMessageInfoRequest`]
//! - [`get_broadcast_message_info`](crate::RtmServerClient::get_broadcast_message_info) → [`GetBroadcastMessageInfoRequest`]
//! - [`get_message_num`](crate::RtmServerClient::get_message_num) → [`GetMessageNumRequest`]
//! - [`clean_message`](crate::RtmServerClient::clean_message) → [`CleanMessageRequest`]
//! - [`clean_p2p_message`](crate::RtmServerClient::clean_p2p_message) → [`CleanP2PMessageRequest`]
//! - [`clean_group_message`](crate::RtmServerClient::clean_group_message) → [`CleanGroupMessageRequest`]
//! - [`clean_room_message`](crate::RtmServerClient::clean_room_message) → [`CleanRoomMessageRequest`]
//! - [`clean_broadcast_message`](crate::RtmServerClient::clean_broadcast_message) → [`CleanBroadcastMessageRequest`]
//! - [`clear_project_message`](crate::RtmServerClient::clear_project_message) → [`ClearProjectMessageRequest`]
//! - [`delete_conversation_messages`](crate::RtmServerClient::delete_conversation_messages) → [`DeleteConversationMessagesRequest`]
//! - [`edit_message`](crate::RtmServerClient::edit_message) → [`EditMessageRequest`]
//! <!-- calls: end -->

use std::time::Duration;

use crate::RtmServerClient;
use crate::wire::send::{Body, Outgoing, generate_mid};

use super::calls;
use crate::callbacks::*;
use crate::error::QuestError;
pub use crate::types::message::{
    BroadcastMessages, ClearType, GroupMessages, Message, MessageBody, MessageInfo, MessageKind,
    MessageNum, MessagePage, MessageSent, P2PMessage, P2PMessages, Recipient, RoomMessages,
    SendError,
};
use crate::wire::answer;
use crate::wire::call::quest;

/// A send's outcome, with its message id either way.
pub(crate) fn sent(mid: i64, outcome: Result<i64, QuestError>) -> Result<MessageSent, SendError> {
    match outcome {
        Ok(mtime) => Ok(MessageSent { mid, mtime }),
        Err(error) => Err(SendError::new(mid, error)),
    }
}

/// Hands a send's outcome to its callback: the id, the `mtime` (0 on an error), the error.
pub(crate) fn tell_sent(
    callback: impl SendMessageCallback,
    mid: i64,
    outcome: Result<i64, QuestError>,
) {
    match outcome {
        Ok(mtime) => callback.callback(mid, mtime, None),
        Err(error) => callback.callback(mid, 0, Some(error)),
    }
}

impl RtmServerClient {
    /// Sends a message and waits for the server's `mtime`.
    pub(crate) fn send_to(
        &self,
        message: Outgoing<'_>,
        mid: Option<i64>,
        timeout: Option<Duration>,
    ) -> Result<MessageSent, SendError> {
        let mid = generate_mid(mid);
        sent(mid, self.call(message.quest(mid), timeout))
    }

    /// Sends a message; the future gives the mid with every outcome.
    pub(crate) fn send_to_future(
        &self,
        message: Outgoing<'_>,
        mid: Option<i64>,
        timeout: Option<Duration>,
    ) -> SendFuture {
        let mid = generate_mid(mid);
        SendFuture {
            mid,
            call: self.call_async(message.quest(mid), timeout),
        }
    }

    /// Sends a message; `callback` gets the mid with every outcome.
    pub(crate) fn send_to_with_callback(
        &self,
        message: Outgoing<'_>,
        mid: Option<i64>,
        timeout: Option<Duration>,
        callback: impl SendMessageCallback,
    ) {
        let mid = generate_mid(mid);
        self.call_with_callback(message.quest(mid), timeout, move |r| {
            tell_sent(callback, mid, r)
        });
    }
}

/// An awaited send: what `.await` on a send request gives, the message id with every
/// outcome. The message was encoded and handed on when the future was made.
#[derive(Debug)]
#[must_use = "the message was handed on already; dropping its future abandons the send and loses its outcome"]
pub struct SendFuture {
    mid: i64,
    call: crate::client::CallFuture<i64>,
}

impl SendFuture {
    /// The id of the message this future sends.
    pub fn mid(&self) -> i64 {
        self.mid
    }
}

impl std::future::Future for SendFuture {
    type Output = Result<MessageSent, SendError>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let mid = self.mid;
        std::pin::Pin::new(&mut self.call)
            .poll(cx)
            .map(|outcome| sent(mid, outcome))
    }
}

/// Declares sends: each gives a client method taking the Python signature's arguments
/// without a default (`attrs` last), a request with the `mid` and `timeout` setters, and
/// its three endings.
macro_rules! sends {
    ($(
        $(#[$doc:meta])*
        $Req:ident fn $name:ident ($($arg:ident : $ty:ty),* $(,)?) => $target:expr, $mtype:expr, $from:expr, $body:expr;
        example { $($example:tt)* }
    )*) => {$(
        impl $crate::RtmServerClient {
            $(#[$doc])*
            ///
            #[doc = concat!("Returns a [`", stringify!($Req), "`] request; nothing is sent until it ends. Without [`mid`](", stringify!($Req), "::mid) (or with 0) the message takes a generated id. `.call()` blocks until the outcome: the id and the server's `mtime`, or a [`SendError`](crate::api::message::SendError) with the id and the error (a server error, 20003 timeout, 20002 connection closed, 20012 cannot connect, 20006 an answer without `mtime`). Whatever the error, the server may or may not have the message: a retry with the same id is safe to deduplicate. `.with_callback(callback)` returns at once; `.await` gives the same `Result` as `.call()`.")]
            ///
            /// ```
            /// # let server = rtm_server_sdk::mock::MockServer::start()?;
            /// # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
            #[doc = stringify!($($example)*)]
            /// # Ok::<(), Box<dyn std::error::Error>>(())
            /// ```
            pub fn $name<'a>(&'a self, $($arg: $ty,)* attrs: &'a str) -> $Req<'a> {
                $Req { client: self, $($arg,)* attrs, mid: None, timeout: None }
            }
        }

        #[doc = concat!("The request [`RtmServerClient::", stringify!($name), "`](crate::RtmServerClient::", stringify!($name), ") makes: set `mid` or `timeout`, then end it with [`call`](Self::call), [`with_callback`](Self::with_callback) or `.await`.")]
        #[must_use = "a request sends nothing until it ends: `.call()`, `.with_callback(..)` or `.await`"]
        #[derive(Clone, Debug)]
        pub struct $Req<'a> {
            client: &'a $crate::RtmServerClient,
            $($arg: $ty,)*
            attrs: &'a str,
            mid: Option<i64>,
            timeout: Option<std::time::Duration>,
        }

        impl<'a> $Req<'a> {
            /// Sets the keyword argument `mid`, the message id (0: a generated id, as without it).
            pub fn mid(mut self, mid: i64) -> Self {
                self.mid = Some(mid);
                self
            }

            /// Sets this call's timeout (without it: the client's default).
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// Sends the message and blocks until the outcome: the id and the `mtime`, or
            /// the id and the error.
            pub fn call(self) -> Result<$crate::api::message::MessageSent, $crate::api::message::SendError> {
                self.client.send_to(self.message(), self.mid, self.timeout)
            }

            /// Sends the message and returns at once; `callback` runs once, on the
            /// callback thread, with the message id (with every outcome), the `mtime` (0 on
            /// an error) and the error.
            pub fn with_callback(self, callback: impl $crate::SendMessageCallback) {
                self.client.send_to_with_callback(self.message(), self.mid, self.timeout, callback)
            }

            fn message(&self) -> $crate::wire::send::Outgoing<'a> {
                let Self { $($arg,)* attrs, .. } = *self;
                $crate::wire::send::Outgoing { target: $target, mtype: $mtype, from_uid: $from, body: $body, attrs }
            }
        }

        impl<'a> std::future::IntoFuture for $Req<'a> {
            type Output = Result<$crate::api::message::MessageSent, $crate::api::message::SendError>;
            type IntoFuture = $crate::api::message::SendFuture;

            /// Encodes the message and hands it on at once; the future resolves with the
            /// outcome, on any executor.
            fn into_future(self) -> Self::IntoFuture {
                self.client.send_to_future(self.message(), self.mid, self.timeout)
            }
        }
    )*};
}

pub(crate) use sends;

sends! {
    /// Sends a message from one user to another. FPNN method `sendmsg`.
    SendMessageRequest fn send_message(mtype: i64, from_uid: i64, to_uid: i64, msg: &'a str)
        => Recipient::User(to_uid), mtype, from_uid, Body::Text(msg);
    example {
        let sent = client.send_message(51, 2002, 2003, "hello p2p", "").call()?;
        assert!(sent.mid > 0 && sent.mtime > 0);
    }

    /// Sends a message from one user to several. FPNN method `sendmsgs`.
    SendMessagesRequest fn send_messages(mtype: i64, from_uid: i64, to_uids: &'a [i64], msg: &'a str)
        => Recipient::Users(to_uids), mtype, from_uid, Body::Text(msg);
    example {
        client.send_messages(52, 2002, &[2003, 3003], "hello many", "").call()?;
    }

    /// Sends a message to a group. FPNN method `sendgroupmsg`.
    SendGroupMessageRequest fn send_group_message(mtype: i64, from_uid: i64, gid: i64, msg: &'a str)
        => Recipient::Group(gid), mtype, from_uid, Body::Text(msg);
    example {
        client.send_group_message(53, 2002, 5005, "hello group", "").mid(1234567890125).call()?;
    }

    /// Sends a message to a room. FPNN method `sendroommsg`.
    SendRoomMessageRequest fn send_room_message(mtype: i64, from_uid: i64, rid: i64, msg: &'a str)
        => Recipient::Room(rid), mtype, from_uid, Body::Text(msg);
    example {
        client.send_room_message(54, 2002, 1001, "hello room", "").call()?;
    }

    /// Sends a message to every user. FPNN method `broadcastmsg`.
    BroadcastMessageRequest fn broadcast_message(mtype: i64, from_uid: i64, msg: &'a str)
        => Recipient::Broadcast, mtype, from_uid, Body::Text(msg);
    example {
        client.broadcast_message(55, 2002, "hello all", "").call()?;
    }
}

calls! {
    /// One page of a group's history, as user `uid` sees it. FPNN method `getgroupmsg`.
    /// `desc`: newest first (from `end` backwards) or oldest first (from `begin`); `num`:
    /// how many; `begin`/`end`: bounds on the message time; `lastid`: the previous page's
    /// cursor; `mtypes`: only these types. Optional arguments that are `None` are not sent.
    value GetGroupMessageRequest fn get_group_message(uid: i64, gid: i64, desc: bool, num: i64) [begin: i64, end: i64, lastid: i64, mtypes: &'a [i64]] -> GroupMessages, GetGroupMessageCallback => deliver_group_messages;
    example {
        client.send_group_message(51, 2002, 5005, "first", "").call()?;
        client.send_group_message(51, 2002, 5005, "second", "").call()?;
        let page = client.get_group_message(2002, 5005, true, 10).call()?;
        assert_eq!(page.msgs[0].msg.as_text(), Some("second"));
    }
    { Ok(quest("getgroupmsg", (("uid", uid), ("gid", gid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", mtypes)), answer::messages)) }

    /// One page of a room's history, as user `uid` sees it. FPNN method `getroommsg`.
    /// Arguments as [`get_group_message`](Self::get_group_message).
    value GetRoomMessageRequest fn get_room_message(uid: i64, rid: i64, desc: bool, num: i64) [begin: i64, end: i64, lastid: i64, mtypes: &'a [i64]] -> RoomMessages, GetRoomMessageCallback => deliver_room_messages;
    example {
        client.send_room_message(51, 2002, 1001, "hi", "").call()?;
        let page = client.get_room_message(2002, 1001, false, 10).mtypes(&[51]).call()?;
        assert_eq!(page.num, 1);
    }
    { Ok(quest("getroommsg", (("uid", uid), ("rid", rid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", mtypes)), answer::messages)) }

    /// One page of the broadcast history, as user `uid` sees it. FPNN method
    /// `getbroadcastmsg`. Arguments as [`get_group_message`](Self::get_group_message).
    value GetBroadcastMessageRequest fn get_broadcast_message(uid: i64, desc: bool, num: i64) [begin: i64, end: i64, lastid: i64, mtypes: &'a [i64]] -> BroadcastMessages, GetBroadcastMessageCallback => deliver_broadcast_messages;
    example {
        client.broadcast_message(51, 2002, "to all", "").call()?;
        let page = client.get_broadcast_message(2002, true, 10).call()?;
        assert_eq!(page.msgs[0].from_uid, 2002);
    }
    { Ok(quest("getbroadcastmsg", (("uid", uid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", mtypes)), answer::messages)) }

    /// One page of the p2p history between `uid` and `ouid`. FPNN method `getp2pmsg`. Each
    /// row's `direction` says who sent it. Arguments as
    /// [`get_group_message`](Self::get_group_message).
    value GetP2PMessageRequest fn get_p2p_message(uid: i64, ouid: i64, desc: bool, num: i64) [begin: i64, end: i64, lastid: i64, mtypes: &'a [i64]] -> P2PMessages, GetP2PMessageCallback => deliver_p2p_messages;
    example {
        client.send_message(51, 2003, 2002, "hi 2002", "").call()?;
        let page = client.get_p2p_message(2002, 2003, true, 10).call()?;
        assert_eq!(page.msgs[0].direction, 2); // sent by ouid
    }
    { Ok(quest("getp2pmsg", (("uid", uid), ("ouid", ouid), ("desc", desc), ("num", num), ("begin", begin), ("end", end), ("lastid", lastid), ("mtypes", mtypes)), answer::p2p_messages)) }

    /// Deletes a message: its id, its sender, and where it was sent (`xid`: the receiver,
    /// group or room; 0 for a broadcast). FPNN method `delmsg`.
    basic DeleteMessageRequest fn delete_message(mid: i64, from_uid: i64, xid: i64, kind: MessageKind) []
    example {
        let sent = client.send_message(51, 2002, 2003, "oops", "").call()?;
        assert_eq!(client.delete_message(sent.mid, 2002, 2003, rtm_server_sdk::message::MessageKind::P2P).call(), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", xid), ("type", kind.code())), answer::nothing)) }

    /// Deletes a p2p message. FPNN method `delmsg` (type 1).
    basic DeleteP2PMessageRequest fn delete_p2p_message(mid: i64, from_uid: i64, to_uid: i64) []
    example {
        let sent = client.send_message(51, 2002, 2003, "oops", "").call()?;
        assert_eq!(client.delete_p2p_message(sent.mid, 2002, 2003).call(), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", to_uid), ("type", MessageKind::P2P.code())), answer::nothing)) }

    /// Deletes a group message. FPNN method `delmsg` (type 2).
    basic DeleteGroupMessageRequest fn delete_group_message(mid: i64, from_uid: i64, gid: i64) []
    example {
        let sent = client.send_group_message(51, 2002, 5005, "oops", "").call()?;
        assert_eq!(client.delete_group_message(sent.mid, 2002, 5005).call(), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", gid), ("type", MessageKind::Group.code())), answer::nothing)) }

    /// Deletes a room message. FPNN method `delmsg` (type 3).
    basic DeleteRoomMessageRequest fn delete_room_message(mid: i64, from_uid: i64, rid: i64) []
    example {
        let sent = client.send_room_message(51, 2002, 1001, "oops", "").call()?;
        assert_eq!(client.delete_room_message(sent.mid, 2002, 1001).call(), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", rid), ("type", MessageKind::Room.code())), answer::nothing)) }

    /// Deletes a broadcast message. FPNN method `delmsg` (type 4, `xid` 0).
    basic DeleteBroadcastMessageRequest fn delete_broadcast_message(mid: i64, from_uid: i64) []
    example {
        let sent = client.broadcast_message(51, 2002, "oops", "").call()?;
        assert_eq!(client.delete_broadcast_message(sent.mid, 2002).call(), None);
    }
    { Ok(quest("delmsg", (("mid", mid), ("from", from_uid), ("xid", 0i64), ("type", MessageKind::Broadcast.code())), answer::nothing)) }

    /// One message: by its id, its sender and where it was sent (`xid`, 0 for a
    /// broadcast). FPNN method `getmsg`.
    value GetMessageInfoRequest fn get_message_info(mid: i64, from_uid: i64, xid: i64, kind: MessageKind) [] -> MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.send_message(51, 2002, 2003, "hello", "").call()?;
        let info = client.get_message_info(sent.mid, 2002, 2003, rtm_server_sdk::message::MessageKind::P2P).call()?;
        assert_eq!(info.msg.as_text(), Some("hello"));
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", xid), ("type", kind.code())), answer::message_info)) }

    /// One p2p message. FPNN method `getmsg` (type 1).
    value GetP2PMessageInfoRequest fn get_p2p_message_info(mid: i64, from_uid: i64, to_uid: i64) [] -> MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.send_message(51, 2002, 2003, "hello", "").call()?;
        assert_eq!(client.get_p2p_message_info(sent.mid, 2002, 2003).call()?.mtype, 51);
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", to_uid), ("type", MessageKind::P2P.code())), answer::message_info)) }

    /// One group message. FPNN method `getmsg` (type 2).
    value GetGroupMessageInfoRequest fn get_group_message_info(mid: i64, from_uid: i64, gid: i64) [] -> MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.send_group_message(51, 2002, 5005, "hello", "").call()?;
        assert_eq!(client.get_group_message_info(sent.mid, 2002, 5005).call()?.msg.as_text(), Some("hello"));
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", gid), ("type", MessageKind::Group.code())), answer::message_info)) }

    /// One room message. FPNN method `getmsg` (type 3).
    value GetRoomMessageInfoRequest fn get_room_message_info(mid: i64, from_uid: i64, rid: i64) [] -> MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.send_room_message(51, 2002, 1001, "hello", "").call()?;
        assert_eq!(client.get_room_message_info(sent.mid, 2002, 1001).call()?.msg.as_text(), Some("hello"));
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", rid), ("type", MessageKind::Room.code())), answer::message_info)) }

    /// One broadcast message. FPNN method `getmsg` (type 4, `xid` 0).
    value GetBroadcastMessageInfoRequest fn get_broadcast_message_info(mid: i64, from_uid: i64) [] -> MessageInfo, GetMessageInfoCallback => deliver_message_info;
    example {
        let sent = client.broadcast_message(51, 2002, "hello", "").call()?;
        assert_eq!(client.get_broadcast_message_info(sent.mid, 2002).call()?.msg.as_text(), Some("hello"));
    }
    { Ok(quest("getmsg", (("mid", mid), ("from", from_uid), ("xid", 0i64), ("type", MessageKind::Broadcast.code())), answer::message_info)) }
}

calls! {
    /// How many messages of a group ([`MessageKind::Group`], `xid` the gid) or a room
    /// ([`MessageKind::Room`], `xid` the rid) are stored, and from how many senders;
    /// `mtypes`, `begin` and `end` (milliseconds) narrow the count. FPNN method `getmsgnum`
    /// (interface 2.7).
    value GetMessageNumRequest fn get_message_num(message_type: MessageKind, xid: i64) [mtypes: &'a [i64], begin: i64, end: i64] -> MessageNum, GetMessageNumCallback => deliver_message_num;
    example {
        use rtm_server_sdk::message::MessageKind;
        client.send_group_chat(2002, 5005, "count me", "").call()?;
        let count = client.get_message_num(MessageKind::Group, 5005).call()?;
        assert_eq!((count.sender, count.num), (1, 1));
    }
    { Ok(quest("getmsgnum", (("type", message_type.code()), ("xid", xid), ("mtypes", mtypes), ("begin", begin), ("end", end)), answer::message_num)) }

    /// Deletes every message of a conversation sent between `begin` and `end`
    /// (milliseconds): `from` and `xid` as [`delete_message`](Self::delete_message). FPNN
    /// method `cleanmsg` (interface 2.7).
    basic CleanMessageRequest fn clean_message(from_uid: i64, xid: i64, message_type: MessageKind, begin: i64, end: i64) []
    example {
        use rtm_server_sdk::message::MessageKind;
        assert_eq!(client.clean_message(2002, 2003, MessageKind::P2P, 0, i64::MAX).call(), None);
    }
    { Ok(quest("cleanmsg", (("from", from_uid), ("xid", xid), ("type", message_type.code()), ("begin", begin), ("end", end)), answer::nothing)) }

    /// [`clean_message`](Self::clean_message) of a p2p conversation (type 1).
    basic CleanP2PMessageRequest fn clean_p2p_message(from_uid: i64, to_uid: i64, begin: i64, end: i64) []
    example {
        client.send_chat(2002, 2003, "hello", "").call()?;
        assert_eq!(client.clean_p2p_message(2002, 2003, 0, i64::MAX).call(), None);
        assert!(client.get_p2p_chat(2002, 2003, true, 10).call()?.msgs.is_empty());
    }
    { Ok(quest("cleanmsg", (("from", from_uid), ("xid", to_uid), ("type", MessageKind::P2P.code()), ("begin", begin), ("end", end)), answer::nothing)) }

    /// [`clean_message`](Self::clean_message) of a group (type 2, `from` 0).
    basic CleanGroupMessageRequest fn clean_group_message(gid: i64, begin: i64, end: i64) []
    example {
        assert_eq!(client.clean_group_message(5005, 0, i64::MAX).call(), None);
    }
    { Ok(quest("cleanmsg", (("from", 0i64), ("xid", gid), ("type", MessageKind::Group.code()), ("begin", begin), ("end", end)), answer::nothing)) }

    /// [`clean_message`](Self::clean_message) of a room (type 3, `from` 0).
    basic CleanRoomMessageRequest fn clean_room_message(rid: i64, begin: i64, end: i64) []
    example {
        assert_eq!(client.clean_room_message(1001, 0, i64::MAX).call(), None);
    }
    { Ok(quest("cleanmsg", (("from", 0i64), ("xid", rid), ("type", MessageKind::Room.code()), ("begin", begin), ("end", end)), answer::nothing)) }

    /// [`clean_message`](Self::clean_message) of a sender's broadcasts (type 4, `xid` 0).
    basic CleanBroadcastMessageRequest fn clean_broadcast_message(from_uid: i64, begin: i64, end: i64) []
    example {
        assert_eq!(client.clean_broadcast_message(2002, 0, i64::MAX).call(), None);
    }
    { Ok(quest("cleanmsg", (("from", from_uid), ("xid", 0i64), ("type", MessageKind::Broadcast.code()), ("begin", begin), ("end", end)), answer::nothing)) }

    /// Deletes every message of one kind in the whole project ([`ClearType`] has its own
    /// numbering). FPNN method `clearprojectmsg` (interface 2.7).
    basic ClearProjectMessageRequest fn clear_project_message(clear_type: ClearType) []
    example {
        use rtm_server_sdk::message::ClearType;
        assert_eq!(client.clear_project_message(ClearType::All).call(), None);
    }
    { Ok(quest("clearprojectmsg", (("type", clear_type.code()),), answer::nothing)) }

    /// Deletes every message `from_uid` sent in a group or room conversation. FPNN method
    /// `delconversationmsgs` (interface 2.7).
    basic DeleteConversationMessagesRequest fn delete_conversation_messages(from_uid: i64, xid: i64, message_type: MessageKind) []
    example {
        use rtm_server_sdk::message::MessageKind;
        client.send_group_chat(2002, 5005, "oops", "").call()?;
        assert_eq!(client.delete_conversation_messages(2002, 5005, MessageKind::Group).call(), None);
        assert!(client.get_group_chat(2002, 5005, true, 10).call()?.msgs.is_empty());
    }
    { Ok(quest("delconversationmsgs", (("from", from_uid), ("xid", xid), ("type", message_type.code())), answer::nothing)) }

    /// Replaces a stored message's content and attributes, if it is younger than
    /// `time_limit_ms` milliseconds. FPNN method `editmsg` (interface 2.7; key `timeLimit`).
    basic EditMessageRequest fn edit_message(mid: i64, from_uid: i64, xid: i64, message_type: MessageKind, msg: &'a str, attrs: &'a str, time_limit_ms: i64) []
    example {
        use rtm_server_sdk::message::MessageKind;
        let sent = client.send_group_chat(2002, 5005, "typo", "").call()?;
        assert_eq!(client.edit_message(sent.mid, 2002, 5005, MessageKind::Group, "fixed", "", 600_000).call(), None);
        assert_eq!(client.get_group_message_info(sent.mid, 2002, 5005).call()?.msg.as_text(), Some("fixed"));
    }
    { Ok(quest("editmsg", (("mid", mid), ("from", from_uid), ("xid", xid), ("type", message_type.code()), ("msg", msg), ("attrs", attrs), ("timeLimit", time_limit_ms)), answer::nothing)) }
}
