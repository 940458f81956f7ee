//! Rooms (Python SDK: `Room.md`; spec: RTM-ROOM.md section 3): members, public and private
//! info, bans.
//!
//! Every call can end with: a server error (its code passed through: 200001/200002/200006/
//! 200008 for project, signature or clock problems, 200010 rate limit, 10009/10010 bad
//! parameters, ...), 20003 timeout, 20002 connection closed, 20012 cannot connect, or 20006
//! when the answer cannot be read.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`add_room_member`](crate::RtmServerClient::add_room_member) → [`AddRoomMemberRequest`]
//! - [`delete_room_member`](crate::RtmServerClient::delete_room_member) → [`DeleteRoomMemberRequest`]
//! - [`set_room_info`](crate::RtmServerClient::set_room_info) → [`SetRoomInfoRequest`]
//! - [`get_room_info`](crate::RtmServerClient::get_room_info) → [`GetRoomInfoRequest`]
//! - [`add_room_ban`](crate::RtmServerClient::add_room_ban) → [`AddRoomBanRequest`]
//! - [`remove_room_ban`](crate::RtmServerClient::remove_room_ban) → [`RemoveRoomBanRequest`]
//! - [`is_ban_of_room`](crate::RtmServerClient::is_ban_of_room) → [`IsBanOfRoomRequest`]
//! - [`get_room_members`](crate::RtmServerClient::get_room_members) → [`GetRoomMembersRequest`]
//! - [`get_room_count`](crate::RtmServerClient::get_room_count) → [`GetRoomCountRequest`]
//! - [`add_room_members`](crate::RtmServerClient::add_room_members) → [`AddRoomMembersRequest`]
//! - [`delete_room_members`](crate::RtmServerClient::delete_room_members) → [`DeleteRoomMembersRequest`]
//! - [`add_user_rooms`](crate::RtmServerClient::add_user_rooms) → [`AddUserRoomsRequest`]
//! - [`delete_user_rooms`](crate::RtmServerClient::delete_user_rooms) → [`DeleteUserRoomsRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::callbacks::*;
use crate::error::{QuestError, codes};
use crate::wire::answer;
use crate::wire::call::{quest, refuse};

pub use crate::types::info::{Info, MAX_ROOM_INFO_LEN, RoomInfo};

/// Refuses what `set_*_info` cannot send: neither field, or one over the length limit.
pub(crate) fn check_info(
    call: &str,
    oinfo: Option<&str>,
    pinfo: Option<&str>,
) -> Result<(), QuestError> {
    if oinfo.is_none() && pinfo.is_none() {
        return Err(refuse(
            codes::RTM_EMPTY_PARAMETER,
            &format!("{call} needs oinfo or pinfo"),
        ));
    }
    for (name, value) in [("oinfo", oinfo), ("pinfo", pinfo)] {
        if let Some(value) = value.filter(|v| v.len() > MAX_ROOM_INFO_LEN) {
            return Err(refuse(
                codes::RTM_LARGE_MESSAGE_OR_ATTRS,
                &format!(
                    "{name} is {} bytes, more than {MAX_ROOM_INFO_LEN}",
                    value.len()
                ),
            ));
        }
    }
    Ok(())
}

calls! {
    /// Puts a user into a room. FPNN method `addroommember`. The service answers 200047 when
    /// the user is in too many rooms.
    basic AddRoomMemberRequest fn add_room_member(rid: i64, uid: i64) []
    example {
        assert_eq!(client.add_room_member(1001, 2002).call(), None);
        assert_eq!(client.get_room_members(1001).call()?, vec![2002]);
    }
    { Ok(quest("addroommember", (("rid", rid), ("uid", uid)), answer::nothing)) }

    /// Takes a user out of a room. FPNN method `delroommember`.
    basic DeleteRoomMemberRequest fn delete_room_member(rid: i64, uid: i64) []
    example {
        assert_eq!(client.add_room_member(1001, 2002).call(), None);
        assert_eq!(client.delete_room_member(1001, 2002).call(), None);
        assert!(client.get_room_members(1001).call()?.is_empty());
    }
    { Ok(quest("delroommember", (("rid", rid), ("uid", uid)), answer::nothing)) }

    /// Sets a room's public and/or private info. FPNN method `setroominfo`. A field that is
    /// `None` is left unchanged (not sent); `Some("")` clears it. Refused before sending:
    /// both `None` (200033), a field over [`MAX_ROOM_INFO_LEN`] bytes (200030).
    basic SetRoomInfoRequest fn set_room_info(rid: i64) [oinfo: &'a str, pinfo: &'a str]
    example {
        assert_eq!(client.set_room_info(1001).oinfo("public").call(), None);
        assert_eq!(client.get_room_info(1001).call()?.oinfo.as_deref(), Some("public"));
    }
    {
        check_info("set_room_info", oinfo, pinfo)
            .map(|()| quest("setroominfo", (("rid", rid), ("oinfo", oinfo), ("pinfo", pinfo)), answer::nothing))
    }

    /// Gets a room's public and private info. FPNN method `getroominfo`. A field the answer
    /// does not carry is `None`.
    value GetRoomInfoRequest fn get_room_info(rid: i64) [] -> RoomInfo, GetRoomInfoCallback => deliver_room_info;
    example {
        assert!(client.set_room_info(1001).oinfo("public").pinfo("private").call().is_none());
        let info = client.get_room_info(1001).call()?;
        assert_eq!((info.oinfo.as_deref(), info.pinfo.as_deref()), (Some("public"), Some("private")));
    }
    { Ok(quest("getroominfo", (("rid", rid),), answer::info)) }

    /// Bans a user from a room for `btime` seconds (0 or less: until lifted). FPNN method
    /// `addroomban`. `rid` may be `None` (interface 2.7): the ban holds in every room, and
    /// the quest carries `uid` and `btime` only.
    basic AddRoomBanRequest fn add_room_ban(?rid, uid: i64, btime: i32) []
    example {
        assert_eq!(client.add_room_ban(1001, 2002, 60).call(), None);
        assert!(client.is_ban_of_room(1001, 2002).call()?);
        // Interface 2.7: `None` bans the user from every room.
        assert_eq!(client.add_room_ban(None, 2003, 60).call(), None);
    }
    { Ok(quest("addroomban", (("rid", rid), ("uid", uid), ("btime", btime)), answer::nothing)) }

    /// Lifts a user's ban from a room. FPNN method `removeroomban`. `rid` may be `None`
    /// (interface 2.7): lifts the ban from every room.
    basic RemoveRoomBanRequest fn remove_room_ban(?rid, uid: i64) []
    example {
        assert!(client.add_room_ban(1001, 2002, 60).call().is_none());
        assert_eq!(client.remove_room_ban(1001, 2002).call(), None);
        assert!(!client.is_ban_of_room(1001, 2002).call()?);
    }
    { Ok(quest("removeroomban", (("rid", rid), ("uid", uid)), answer::nothing)) }

    /// Whether a user is banned from a room. FPNN method `isbanofroom`; a missing `ok`
    /// reads as `false`.
    value IsBanOfRoomRequest fn is_ban_of_room(rid: i64, uid: i64) [] -> bool, IsBanOfRoomCallback => deliver_room_ban;
    example {
        assert!(!client.is_ban_of_room(1001, 2002).call()?);
    }
    { Ok(quest("isbanofroom", (("rid", rid), ("uid", uid)), answer::ok)) }

    /// The members of a room. FPNN method `getroommembers` (later SDKs).
    value GetRoomMembersRequest fn get_room_members(rid: i64) [] -> Vec<i64>, GetRoomMembersCallback => deliver_room_members;
    example {
        assert!(client.add_room_member(1001, 2002).call().is_none());
        assert_eq!(client.get_room_members(1001).call()?, vec![2002]);
    }
    { Ok(quest("getroommembers", (("rid", rid),), answer::uids)) }

    /// The number of members of each room. FPNN method `getroomcount` (later SDKs); the
    /// service keys the answer by the rid as a string, integers are accepted too. Refused
    /// before sending: no rid (200033).
    value GetRoomCountRequest fn get_room_count(rids: &'a [i64]) [] -> std::collections::HashMap<i64, i64>, GetRoomCountCallback => deliver_room_count;
    example {
        assert!(client.add_room_member(1001, 2002).call().is_none());
        assert_eq!(client.get_room_count(&[1001, 1002]).call()?[&1001], 1);
    }
    {
        if rids.is_empty() {
            Err(refuse(codes::RTM_EMPTY_PARAMETER, "get_room_count needs at least one rid"))
        } else {
            Ok(quest("getroomcount", (("rids", rids),), answer::room_counts))
        }
    }

    /// Puts users into a room, and gives those actually added (the others were in it
    /// already). FPNN method `addroommembers` (interface 2.7; answer key `successedUids`).
    value AddRoomMembersRequest fn add_room_members(rid: i64, uids: &'a [i64]) [] -> Vec<i64>, RoomMembersChangedCallback => deliver_room_members_changed;
    example {
        assert!(client.add_room_member(1001, 2002).call().is_none());
        assert_eq!(client.add_room_members(1001, &[2002, 2003]).call()?, vec![2003]);
    }
    { Ok(quest("addroommembers", (("rid", rid), ("uids", uids)), answer::successed_uids)) }

    /// Takes users out of a room, and gives those actually removed. FPNN method
    /// `delroommembers` (interface 2.7).
    value DeleteRoomMembersRequest fn delete_room_members(rid: i64, uids: &'a [i64]) [] -> Vec<i64>, RoomMembersChangedCallback => deliver_room_members_changed;
    example {
        assert!(client.add_room_members(1001, &[2002, 2003]).call().is_ok());
        assert_eq!(client.delete_room_members(1001, &[2003, 2004]).call()?, vec![2003]);
    }
    { Ok(quest("delroommembers", (("rid", rid), ("uids", uids)), answer::successed_uids)) }

    /// Puts a user into several rooms. FPNN method `adduserrooms` (interface 2.7; the quest
    /// carries `rids` before `uid`).
    basic AddUserRoomsRequest fn add_user_rooms(uid: i64, rids: &'a [i64]) []
    example {
        assert_eq!(client.add_user_rooms(2002, &[1001, 1002]).call(), None);
        assert_eq!(client.get_room_members(1002).call()?, vec![2002]);
    }
    { Ok(quest("adduserrooms", (("rids", rids), ("uid", uid)), answer::nothing)) }

    /// Takes a user out of several rooms. FPNN method `deleteuserrooms` (interface 2.7).
    basic DeleteUserRoomsRequest fn delete_user_rooms(uid: i64, rids: &'a [i64]) []
    example {
        assert!(client.add_user_rooms(2002, &[1001, 1002]).call().is_none());
        assert_eq!(client.delete_user_rooms(2002, &[1001]).call(), None);
        assert!(client.get_room_members(1001).call()?.is_empty());
    }
    { Ok(quest("deleteuserrooms", (("rids", rids), ("uid", uid)), answer::nothing)) }
}
