//! The room calls (spec: RTM-ROOM.md sections 3 and 5). Each call is described once (its
//! method, parameters and answer reader); its blocking and callback forms on
//! [`RtmServerClient`] both go through that description.
//!
//! Every call can end with: a server error (its code passed through: 200001/200002/200006/
//! 200008 for project, signature or clock problems, 200010 rate limit, 10009/10010 bad
//! parameters, ...), 20003 timeout, 20002 connection closed, 20012 cannot connect, or 20006
//! when the answer cannot be read.

use std::collections::HashMap;
use std::time::Duration;

use crate::callbacks::{
    BasicCallback, GetRoomCountCallback, GetRoomInfoCallback, GetRoomMembersCallback,
    IsBanOfRoomCallback,
};
use crate::client::{Call, RtmServerClient};
use crate::codec::ReadError;
use crate::codec::msgpack::{PayloadWriter, RawValue, lookup};
use crate::error::{QuestError, codes};

/// The longest `oinfo` or `pinfo` accepted, in bytes (the service's documented limit).
pub const MAX_ROOM_INFO_LEN: usize = 65_535;

/// The public and private info of a room, as `get_room_info` returns them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RoomInfo {
    /// The public info; `None` when the answer does not carry it.
    pub oinfo: Option<String>,
    /// The private info; `None` when the answer does not carry it.
    pub pinfo: Option<String>,
}

fn decoding(method: &str, field: &str, e: ReadError) -> QuestError {
    QuestError::decoding(format!("{method} answer: field {field}: {e}"))
}

/// Reads an answer field that may be missing, nil, str or bin.
fn optional_string(
    method: &str,
    field: &str,
    value: Option<RawValue<'_>>,
) -> Result<Option<String>, QuestError> {
    match value {
        None => Ok(None),
        Some(v) if v.is_nil() => Ok(None),
        Some(v) => v
            .as_str_lossy()
            .map(|s| Some(s.into_owned()))
            .map_err(|e| decoding(method, field, e)),
    }
}

fn answer_fields<'a, const N: usize>(
    method: &str,
    payload: &'a [u8],
    keys: [&str; N],
) -> Result<[Option<RawValue<'a>>; N], QuestError> {
    lookup(payload, keys).map_err(|e| QuestError::decoding(format!("{method} answer: {e}")))
}

pub(crate) struct AddRoomMember(i64, i64);
pub(crate) struct DeleteRoomMember(i64, i64);
pub(crate) struct SetRoomInfo<'a> {
    pub rid: i64,
    pub oinfo: Option<&'a str>,
    pub pinfo: Option<&'a str>,
}
pub(crate) struct GetRoomInfo(i64);
pub(crate) struct AddRoomBan {
    rid: i64,
    uid: i64,
    btime: i32,
}
pub(crate) struct RemoveRoomBan(i64, i64);
pub(crate) struct IsBanOfRoom(i64, i64);
pub(crate) struct GetRoomMembers(i64);
pub(crate) struct GetRoomCount<'a>(&'a [i64]);

fn write_rid_uid(w: &mut PayloadWriter<'_>, rid: i64, uid: i64) {
    w.key("rid").int(rid);
    w.key("uid").int(uid);
}

macro_rules! rid_uid_call {
    ($ty:ident, $method:literal) => {
        impl Call for $ty {
            const METHOD: &'static str = $method;
            type Output = ();
            fn param_count(&self) -> u32 {
                2
            }
            fn write_params(&self, w: &mut PayloadWriter<'_>) {
                write_rid_uid(w, self.0, self.1);
            }
            fn parse(_payload: &[u8]) -> Result<(), QuestError> {
                Ok(())
            }
        }
    };
}

rid_uid_call!(AddRoomMember, "addroommember");
rid_uid_call!(DeleteRoomMember, "delroommember");
rid_uid_call!(RemoveRoomBan, "removeroomban");

impl Call for SetRoomInfo<'_> {
    const METHOD: &'static str = "setroominfo";
    type Output = ();
    fn param_count(&self) -> u32 {
        1 + u32::from(self.oinfo.is_some()) + u32::from(self.pinfo.is_some())
    }
    fn write_params(&self, w: &mut PayloadWriter<'_>) {
        w.key("rid").int(self.rid);
        if let Some(oinfo) = self.oinfo {
            w.key("oinfo").str(oinfo);
        }
        if let Some(pinfo) = self.pinfo {
            w.key("pinfo").str(pinfo);
        }
    }
    fn validate(&self) -> Result<(), QuestError> {
        if self.oinfo.is_none() && self.pinfo.is_none() {
            return Err(QuestError::new(
                codes::RTM_EMPTY_PARAMETER,
                "invalid argument: set_room_info needs oinfo or pinfo (nothing was sent)",
            ));
        }
        for (name, value) in [("oinfo", self.oinfo), ("pinfo", self.pinfo)] {
            if let Some(value) = value.filter(|v| v.len() > MAX_ROOM_INFO_LEN) {
                return Err(QuestError::new(
                    codes::RTM_LARGE_MESSAGE_OR_ATTRS,
                    format!(
                        "invalid argument: {name} is {} bytes, more than {MAX_ROOM_INFO_LEN} (nothing was sent)",
                        value.len()
                    ),
                ));
            }
        }
        Ok(())
    }
    fn parse(_payload: &[u8]) -> Result<(), QuestError> {
        Ok(())
    }
}

impl Call for GetRoomInfo {
    const METHOD: &'static str = "getroominfo";
    type Output = RoomInfo;
    fn param_count(&self) -> u32 {
        1
    }
    fn write_params(&self, w: &mut PayloadWriter<'_>) {
        w.key("rid").int(self.0);
    }
    fn parse(payload: &[u8]) -> Result<RoomInfo, QuestError> {
        let [oinfo, pinfo] = answer_fields(Self::METHOD, payload, ["oinfo", "pinfo"])?;
        Ok(RoomInfo {
            oinfo: optional_string(Self::METHOD, "oinfo", oinfo)?,
            pinfo: optional_string(Self::METHOD, "pinfo", pinfo)?,
        })
    }
}

impl Call for AddRoomBan {
    const METHOD: &'static str = "addroomban";
    type Output = ();
    fn param_count(&self) -> u32 {
        3
    }
    fn write_params(&self, w: &mut PayloadWriter<'_>) {
        write_rid_uid(w, self.rid, self.uid);
        w.key("btime").int(i64::from(self.btime));
    }
    fn parse(_payload: &[u8]) -> Result<(), QuestError> {
        Ok(())
    }
}

impl Call for IsBanOfRoom {
    const METHOD: &'static str = "isbanofroom";
    type Output = bool;
    fn param_count(&self) -> u32 {
        2
    }
    fn write_params(&self, w: &mut PayloadWriter<'_>) {
        write_rid_uid(w, self.0, self.1);
    }
    fn parse(payload: &[u8]) -> Result<bool, QuestError> {
        let [ok] = answer_fields(Self::METHOD, payload, ["ok"])?;
        match ok {
            None => Ok(false),
            Some(v) => v.as_bool().map_err(|e| decoding(Self::METHOD, "ok", e)),
        }
    }
}

impl Call for GetRoomMembers {
    const METHOD: &'static str = "getroommembers";
    type Output = Vec<i64>;
    fn param_count(&self) -> u32 {
        1
    }
    fn write_params(&self, w: &mut PayloadWriter<'_>) {
        w.key("rid").int(self.0);
    }
    fn parse(payload: &[u8]) -> Result<Vec<i64>, QuestError> {
        let [uids] = answer_fields(Self::METHOD, payload, ["uids"])?;
        match uids {
            None => Ok(Vec::new()),
            Some(v) => v
                .as_i64_array()
                .map_err(|e| decoding(Self::METHOD, "uids", e)),
        }
    }
}

impl Call for GetRoomCount<'_> {
    const METHOD: &'static str = "getroomcount";
    type Output = HashMap<i64, i64>;
    fn param_count(&self) -> u32 {
        1
    }
    fn write_params(&self, w: &mut PayloadWriter<'_>) {
        w.key("rids").int_array(self.0);
    }
    fn validate(&self) -> Result<(), QuestError> {
        if self.0.is_empty() {
            return Err(QuestError::new(
                codes::RTM_EMPTY_PARAMETER,
                "invalid argument: get_room_count needs at least one rid (nothing was sent)",
            ));
        }
        Ok(())
    }
    fn parse(payload: &[u8]) -> Result<HashMap<i64, i64>, QuestError> {
        let [cn] = answer_fields(Self::METHOD, payload, ["cn"])?;
        let Some(cn) = cn else {
            return Ok(HashMap::new());
        };
        let wrong = |e| decoding(Self::METHOD, "cn", e);
        let mut counts = HashMap::new();
        for entry in cn.as_map().map_err(wrong)? {
            let (key, value) = entry.map_err(wrong)?;
            // The service sends the rid as a decimal string; accept an integer too.
            let rid = match key.as_i64() {
                Ok(rid) => rid,
                Err(_) => {
                    let text = key.as_str_lossy().map_err(wrong)?;
                    text.trim()
                        .parse::<i64>()
                        .map_err(|_| wrong(ReadError::WrongType("room id")))?
                }
            };
            counts.insert(rid, value.as_i64().map_err(wrong)?);
        }
        Ok(counts)
    }
}

/// The room calls. Blocking forms wait for the outcome on the calling thread; `_with_callback`
/// forms return at once and run the callback on the `rtm-callback` thread. `timeout: None`
/// means the client's default ([`RtmServerClient::quest_timeout`]).
impl RtmServerClient {
    /// Puts a user into a room. FPNN method `addroommember`; blocks until the outcome.
    ///
    /// Returns `None` on success or the error (see the [module docs](crate::room) for the
    /// codes; the service also answers 200047 when the user is in too many rooms).
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, QuestError, RtmServerClient};
    /// let server = MockServer::start()?;
    /// let client = RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.add_room_member(1001, 2002, None), None);
    /// client.add_room_member_with_callback(1001, 2003, None, |error: Option<QuestError>| {
    ///     assert!(error.is_none());
    /// });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn add_room_member(
        &self,
        rid: i64,
        uid: i64,
        timeout: Option<Duration>,
    ) -> Option<QuestError> {
        self.call(AddRoomMember(rid, uid), timeout).err()
    }

    /// Callback form of [`add_room_member`](Self::add_room_member).
    pub fn add_room_member_with_callback(
        &self,
        rid: i64,
        uid: i64,
        timeout: Option<Duration>,
        callback: impl BasicCallback,
    ) {
        self.call_with_callback(AddRoomMember(rid, uid), timeout, |r| {
            callback.callback(r.err())
        });
    }

    /// Takes a user out of a room. FPNN method `delroommember`; blocks until the outcome.
    ///
    /// Returns `None` on success or the error (see the [module docs](crate::room)).
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, RtmServerClient};
    /// # let server = MockServer::start()?;
    /// # let client = RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.add_room_member(1001, 2002, None), None);
    /// assert_eq!(client.delete_room_member(1001, 2002, None), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn delete_room_member(
        &self,
        rid: i64,
        uid: i64,
        timeout: Option<Duration>,
    ) -> Option<QuestError> {
        self.call(DeleteRoomMember(rid, uid), timeout).err()
    }

    /// Callback form of [`delete_room_member`](Self::delete_room_member).
    pub fn delete_room_member_with_callback(
        &self,
        rid: i64,
        uid: i64,
        timeout: Option<Duration>,
        callback: impl BasicCallback,
    ) {
        self.call_with_callback(DeleteRoomMember(rid, uid), timeout, |r| {
            callback.callback(r.err())
        });
    }

    /// Sets a room's public info (`oinfo`) and/or private info (`pinfo`). FPNN method
    /// `setroominfo`; blocks until the outcome. A `None` field is left unchanged (not sent);
    /// `Some("")` clears it.
    ///
    /// Refused before sending: neither field given (200033), a field over
    /// [`MAX_ROOM_INFO_LEN`] bytes (200030). Otherwise as the [module docs](crate::room).
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, RtmServerClient};
    /// # let server = MockServer::start()?;
    /// # let client = RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.set_room_info(1001, Some("public"), Some("private"), None), None);
    /// let refused = client.set_room_info(1001, None, None, None).unwrap();
    /// assert!(refused.is_invalid_argument());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn set_room_info(
        &self,
        rid: i64,
        oinfo: Option<&str>,
        pinfo: Option<&str>,
        timeout: Option<Duration>,
    ) -> Option<QuestError> {
        self.call(SetRoomInfo { rid, oinfo, pinfo }, timeout).err()
    }

    /// Callback form of [`set_room_info`](Self::set_room_info).
    pub fn set_room_info_with_callback(
        &self,
        rid: i64,
        oinfo: Option<&str>,
        pinfo: Option<&str>,
        timeout: Option<Duration>,
        callback: impl BasicCallback,
    ) {
        self.call_with_callback(SetRoomInfo { rid, oinfo, pinfo }, timeout, |r| {
            callback.callback(r.err())
        });
    }

    /// Reads a room's public and private info. FPNN method `getroominfo`; blocks until the
    /// outcome. A field the answer lacks is `None`; bytes that are not UTF-8 are replaced
    /// with U+FFFD.
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, QuestError, RtmServerClient};
    /// # let server = MockServer::start()?;
    /// # let client = RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.set_room_info(1001, Some("public"), None, None), None);
    /// let info = client.get_room_info(1001, None)?;
    /// assert_eq!(info.oinfo.as_deref(), Some("public"));
    /// let check = |oinfo: Option<String>, _pinfo: Option<String>, error: Option<QuestError>| {
    ///     assert!(error.is_none());
    ///     assert_eq!(oinfo.as_deref(), Some("public"));
    /// };
    /// client.get_room_info_with_callback(1001, None, check);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get_room_info(
        &self,
        rid: i64,
        timeout: Option<Duration>,
    ) -> Result<RoomInfo, QuestError> {
        self.call(GetRoomInfo(rid), timeout)
    }

    /// Callback form of [`get_room_info`](Self::get_room_info): `callback(oinfo, pinfo, error)`.
    pub fn get_room_info_with_callback(
        &self,
        rid: i64,
        timeout: Option<Duration>,
        callback: impl GetRoomInfoCallback,
    ) {
        self.call_with_callback(GetRoomInfo(rid), timeout, |r| match r {
            Ok(info) => callback.callback(info.oinfo, info.pinfo, None),
            Err(e) => callback.callback(None, None, Some(e)),
        });
    }

    /// Bans a user from speaking in a room for `btime` seconds (the service treats
    /// `btime <= 0` as permanent). FPNN method `addroomban`; blocks until the outcome.
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, RtmServerClient};
    /// # let server = MockServer::start()?;
    /// # let client = RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.add_room_ban(1001, 2002, 60, None), None);
    /// assert_eq!(client.is_ban_of_room(1001, 2002, None), Ok(true));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn add_room_ban(
        &self,
        rid: i64,
        uid: i64,
        btime: i32,
        timeout: Option<Duration>,
    ) -> Option<QuestError> {
        self.call(AddRoomBan { rid, uid, btime }, timeout).err()
    }

    /// Callback form of [`add_room_ban`](Self::add_room_ban).
    pub fn add_room_ban_with_callback(
        &self,
        rid: i64,
        uid: i64,
        btime: i32,
        timeout: Option<Duration>,
        callback: impl BasicCallback,
    ) {
        self.call_with_callback(AddRoomBan { rid, uid, btime }, timeout, |r| {
            callback.callback(r.err())
        });
    }

    /// Lifts a user's ban in a room. FPNN method `removeroomban`; blocks until the outcome.
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, RtmServerClient};
    /// # let server = MockServer::start()?;
    /// # let client = RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.add_room_ban(1001, 2002, 60, None), None);
    /// assert_eq!(client.remove_room_ban(1001, 2002, None), None);
    /// assert_eq!(client.is_ban_of_room(1001, 2002, None), Ok(false));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn remove_room_ban(
        &self,
        rid: i64,
        uid: i64,
        timeout: Option<Duration>,
    ) -> Option<QuestError> {
        self.call(RemoveRoomBan(rid, uid), timeout).err()
    }

    /// Callback form of [`remove_room_ban`](Self::remove_room_ban).
    pub fn remove_room_ban_with_callback(
        &self,
        rid: i64,
        uid: i64,
        timeout: Option<Duration>,
        callback: impl BasicCallback,
    ) {
        self.call_with_callback(RemoveRoomBan(rid, uid), timeout, |r| {
            callback.callback(r.err())
        });
    }

    /// Asks whether a user is banned in a room. FPNN method `isbanofroom`; blocks until the
    /// outcome. An answer without `ok` reads as `false`.
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, QuestError, RtmServerClient};
    /// # let server = MockServer::start()?;
    /// # let client = RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.is_ban_of_room(1001, 2002, None), Ok(false));
    /// client.is_ban_of_room_with_callback(1001, 2002, None, |banned: bool, error: Option<QuestError>| {
    ///     assert!(!banned && error.is_none());
    /// });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_ban_of_room(
        &self,
        rid: i64,
        uid: i64,
        timeout: Option<Duration>,
    ) -> Result<bool, QuestError> {
        self.call(IsBanOfRoom(rid, uid), timeout)
    }

    /// Callback form of [`is_ban_of_room`](Self::is_ban_of_room): `callback(ok, error)`.
    pub fn is_ban_of_room_with_callback(
        &self,
        rid: i64,
        uid: i64,
        timeout: Option<Duration>,
        callback: impl IsBanOfRoomCallback,
    ) {
        self.call_with_callback(IsBanOfRoom(rid, uid), timeout, |r| match r {
            Ok(ok) => callback.callback(ok, None),
            Err(e) => callback.callback(false, Some(e)),
        });
    }

    /// Lists the members of a room. FPNN method `getroommembers` (added after the 2.0 SDK);
    /// blocks until the outcome. An answer without `uids` reads as no members.
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, RtmServerClient};
    /// # let server = MockServer::start()?;
    /// # let client = RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.add_room_member(1001, 2002, None), None);
    /// assert_eq!(client.get_room_members(1001, None)?, vec![2002]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get_room_members(
        &self,
        rid: i64,
        timeout: Option<Duration>,
    ) -> Result<Vec<i64>, QuestError> {
        self.call(GetRoomMembers(rid), timeout)
    }

    /// Callback form of [`get_room_members`](Self::get_room_members).
    pub fn get_room_members_with_callback(
        &self,
        rid: i64,
        timeout: Option<Duration>,
        callback: impl GetRoomMembersCallback,
    ) {
        self.call_with_callback(GetRoomMembers(rid), timeout, |r| match r {
            Ok(uids) => callback.callback(uids, None),
            Err(e) => callback.callback(Vec::new(), Some(e)),
        });
    }

    /// Counts the members of each room. FPNN method `getroomcount` (added after the 2.0
    /// SDK); blocks until the outcome. Refused before sending when `rids` is empty (200033).
    ///
    /// ```
    /// # use rtm_server_sdk::{mock::MockServer, RtmServerClient};
    /// # let server = MockServer::start()?;
    /// # let client = RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.add_room_member(1001, 2002, None), None);
    /// let counts = client.get_room_count(&[1001, 1002], None)?;
    /// assert_eq!(counts.get(&1001), Some(&1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get_room_count(
        &self,
        rids: &[i64],
        timeout: Option<Duration>,
    ) -> Result<HashMap<i64, i64>, QuestError> {
        self.call(GetRoomCount(rids), timeout)
    }

    /// Callback form of [`get_room_count`](Self::get_room_count).
    pub fn get_room_count_with_callback(
        &self,
        rids: &[i64],
        timeout: Option<Duration>,
        callback: impl GetRoomCountCallback,
    ) {
        self.call_with_callback(GetRoomCount(rids), timeout, |r| match r {
            Ok(counts) => callback.callback(counts, None),
            Err(e) => callback.callback(HashMap::new(), Some(e)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_info_reads_str_bin_nil_and_missing() {
        // {"oinfo": bin "pub", "pinfo": nil}
        let payload = [
            0x82, 0xa5, b'o', b'i', b'n', b'f', b'o', 0xc4, 3, b'p', b'u', b'b', 0xa5, b'p', b'i',
            b'n', b'f', b'o', 0xc0,
        ];
        let info = GetRoomInfo::parse(&payload).unwrap();
        assert_eq!(info.oinfo.as_deref(), Some("pub"));
        assert_eq!(info.pinfo, None);
        assert_eq!(GetRoomInfo::parse(&[0x80]).unwrap(), RoomInfo::default());
    }

    #[test]
    fn is_ban_defaults_to_false_and_rejects_a_non_bool() {
        assert_eq!(IsBanOfRoom::parse(&[0x80]), Ok(false));
        assert_eq!(
            IsBanOfRoom::parse(&[0x81, 0xa2, b'o', b'k', 0xc3]),
            Ok(true)
        );
        let err = IsBanOfRoom::parse(&[0x81, 0xa2, b'o', b'k', 0x01]).unwrap_err();
        assert_eq!(err.code, codes::CORE_DECODING);
    }

    #[test]
    fn room_count_accepts_string_and_integer_keys() {
        // {"cn": {"1001": 3, 1002: 4}}
        let payload = [
            0x81, 0xa2, b'c', b'n', 0x82, 0xa4, b'1', b'0', b'0', b'1', 0x03, 0xcd, 0x03, 0xea,
            0x04,
        ];
        let counts = GetRoomCount::parse(&payload).unwrap();
        assert_eq!(counts, HashMap::from([(1001, 3), (1002, 4)]));
    }

    #[test]
    fn set_room_info_sends_only_given_fields_and_refuses_nothing_to_set() {
        let both_missing = SetRoomInfo {
            rid: 1,
            oinfo: None,
            pinfo: None,
        };
        assert_eq!(
            both_missing.validate().unwrap_err().code,
            codes::RTM_EMPTY_PARAMETER
        );
        let only_pinfo = SetRoomInfo {
            rid: 1,
            oinfo: None,
            pinfo: Some(""),
        };
        assert!(only_pinfo.validate().is_ok());
        assert_eq!(only_pinfo.param_count(), 2);
        let big = "x".repeat(MAX_ROOM_INFO_LEN + 1);
        let too_big = SetRoomInfo {
            rid: 1,
            oinfo: Some(&big),
            pinfo: None,
        };
        assert_eq!(
            too_big.validate().unwrap_err().code,
            codes::RTM_LARGE_MESSAGE_OR_ATTRS
        );
    }
}
