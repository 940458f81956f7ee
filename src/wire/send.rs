//! How a message send is encoded: its target, body and id.

use crate::types::message::Recipient;
use crate::wire::answer;
use crate::wire::call::{Param, quest};
use crate::wire::codec::msgpack::PayloadWriter;
use crate::wire::sign::SaltGenerator;

/// A body to send: text goes out as str, bytes as bin.
#[derive(Clone, Copy)]
pub(crate) enum Body<'a> {
    Text(&'a str),
    Binary(&'a [u8]),
}

impl Param for Body<'_> {
    fn write(&self, w: &mut PayloadWriter<'_>) {
        match self {
            Body::Text(text) => w.str(text),
            Body::Binary(bytes) => w.bin(bytes),
        };
    }
}

/// A fresh message id from the process-wide generator (the one that makes salts).
pub(crate) fn generate_mid(mid: Option<i64>) -> i64 {
    match mid {
        Some(mid) if mid != 0 => mid,
        _ => SaltGenerator::global().next(),
    }
}

/// The quest of a send: `mtype`, `from`, the target key, `mid`, `msg`, `attrs`.
fn send_quest<'a>(
    target: Recipient<'a>,
    mtype: i64,
    from_uid: i64,
    body: Body<'a>,
    attrs: &'a str,
    mid: i64,
) -> impl crate::wire::call::Call<Output = i64> + 'a {
    let (method, to, tos, gid, rid) = match target {
        Recipient::User(uid) => ("sendmsg", Some(uid), None, None, None),
        Recipient::Users(uids) => ("sendmsgs", None, Some(uids), None, None),
        Recipient::Group(gid) => ("sendgroupmsg", None, None, Some(gid), None),
        Recipient::Room(rid) => ("sendroommsg", None, None, None, Some(rid)),
        Recipient::Broadcast => ("broadcastmsg", None, None, None, None),
    };
    quest(
        method,
        (
            ("mtype", mtype),
            ("from", from_uid),
            ("to", to),
            ("tos", tos),
            ("gid", gid),
            ("rid", rid),
            ("mid", mid),
            ("msg", body),
            ("attrs", attrs),
        ),
        answer::mtime,
    )
}

/// A message to send: where, what kind, from whom, what, with which attributes.
pub(crate) struct Outgoing<'a> {
    pub target: Recipient<'a>,
    pub mtype: i64,
    pub from_uid: i64,
    pub body: Body<'a>,
    pub attrs: &'a str,
}

impl<'a> Outgoing<'a> {
    /// The quest: `mtype`, `from`, the target key, `mid`, `msg`, `attrs`.
    pub(crate) fn quest(self, mid: i64) -> impl crate::wire::call::Call<Output = i64> + 'a {
        send_quest(
            self.target,
            self.mtype,
            self.from_uid,
            self.body,
            self.attrs,
            mid,
        )
    }
}
