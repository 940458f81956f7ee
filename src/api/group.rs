//! Groups (Python SDK: `Group.md`): members, bans and info.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`add_group_members`](crate::RtmServerClient::add_group_members) → [`AddGroupMembersRequest`]
//! - [`delete_group_members`](crate::RtmServerClient::delete_group_members) → [`DeleteGroupMembersRequest`]
//! - [`delete_group`](crate::RtmServerClient::delete_group) → [`DeleteGroupRequest`]
//! - [`get_group_members`](crate::RtmServerClient::get_group_members) → [`GetGroupMembersRequest`]
//! - [`is_group_member`](crate::RtmServerClient::is_group_member) → [`IsGroupMemberRequest`]
//! - [`get_user_groups`](crate::RtmServerClient::get_user_groups) → [`GetUserGroupsRequest`]
//! - [`add_group_ban`](crate::RtmServerClient::add_group_ban) → [`AddGroupBanRequest`]
//! - [`remove_group_ban`](crate::RtmServerClient::remove_group_ban) → [`RemoveGroupBanRequest`]
//! - [`is_ban_of_group`](crate::RtmServerClient::is_ban_of_group) → [`IsBanOfGroupRequest`]
//! - [`set_group_info`](crate::RtmServerClient::set_group_info) → [`SetGroupInfoRequest`]
//! - [`get_group_info`](crate::RtmServerClient::get_group_info) → [`GetGroupInfoRequest`]
//! - [`get_group_count`](crate::RtmServerClient::get_group_count) → [`GetGroupCountRequest`]
//! - [`clear_project_group`](crate::RtmServerClient::clear_project_group) → [`ClearProjectGroupRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::api::room::check_info;
use crate::callbacks::*;
use crate::wire::answer;
use crate::wire::call::quest;

pub use crate::types::info::GroupInfo;

calls! {
    /// Adds users to a group. FPNN method `addgroupmembers`.
    basic AddGroupMembersRequest fn add_group_members(gid: i64, uids: &'a [i64]) []
    example {
        assert_eq!(client.add_group_members(5005, &[2002, 2003]).call(), None);
    }
    { Ok(quest("addgroupmembers", (("gid", gid), ("uids", uids)), answer::nothing)) }

    /// Removes users from a group. FPNN method `delgroupmembers`.
    basic DeleteGroupMembersRequest fn delete_group_members(gid: i64, uids: &'a [i64]) []
    example {
        assert!(client.add_group_members(5005, &[2002, 2003]).call().is_none());
        assert_eq!(client.delete_group_members(5005, &[2002]).call(), None);
        assert_eq!(client.get_group_members(5005).call()?, vec![2003]);
    }
    { Ok(quest("delgroupmembers", (("gid", gid), ("uids", uids)), answer::nothing)) }

    /// Deletes a group. FPNN method `delgroup`.
    basic DeleteGroupRequest fn delete_group(gid: i64) []
    example {
        assert!(client.add_group_members(5005, &[2002]).call().is_none());
        assert_eq!(client.delete_group(5005).call(), None);
        assert!(client.get_group_members(5005).call()?.is_empty());
    }
    { Ok(quest("delgroup", (("gid", gid),), answer::nothing)) }

    /// The members of a group. FPNN method `getgroupmembers`.
    value GetGroupMembersRequest fn get_group_members(gid: i64) [] -> Vec<i64>, GetGroupMembersCallback => deliver_group_members;
    example {
        assert!(client.add_group_members(5005, &[2002, 2003]).call().is_none());
        assert_eq!(client.get_group_members(5005).call()?, vec![2002, 2003]);
    }
    { Ok(quest("getgroupmembers", (("gid", gid),), answer::uids)) }

    /// Whether a user is a member of a group. FPNN method `isgroupmember`.
    value IsGroupMemberRequest fn is_group_member(gid: i64, uid: i64) [] -> bool, IsGroupMemberCallback => deliver_is_group_member;
    example {
        assert!(client.add_group_members(5005, &[2002]).call().is_none());
        assert!(client.is_group_member(5005, 2002).call()?);
    }
    { Ok(quest("isgroupmember", (("gid", gid), ("uid", uid)), answer::ok)) }

    /// The groups a user is a member of. FPNN method `getusergroups`.
    value GetUserGroupsRequest fn get_user_groups(uid: i64) [] -> Vec<i64>, GetUserGroupsCallback => deliver_user_groups;
    example {
        assert!(client.add_group_members(5005, &[2002]).call().is_none());
        assert_eq!(client.get_user_groups(2002).call()?, vec![5005]);
    }
    { Ok(quest("getusergroups", (("uid", uid),), answer::gids)) }

    /// Bans a user from a group for `btime` seconds (0 or less: until lifted). FPNN method
    /// `addgroupban`. `gid` may be `None` (interface 2.7): the ban holds in every group, and
    /// the quest carries `uid` and `btime` only.
    basic AddGroupBanRequest fn add_group_ban(?gid, uid: i64, btime: i32) []
    example {
        assert_eq!(client.add_group_ban(5005, 2003, 60).call(), None);
        assert!(client.is_ban_of_group(5005, 2003).call()?);
    }
    { Ok(quest("addgroupban", (("gid", gid), ("uid", uid), ("btime", btime)), answer::nothing)) }

    /// Lifts a user's ban from a group. FPNN method `removegroupban`. `gid` may be `None`
    /// (interface 2.7): lifts the ban from every group.
    basic RemoveGroupBanRequest fn remove_group_ban(?gid, uid: i64) []
    example {
        assert!(client.add_group_ban(5005, 2003, 60).call().is_none());
        assert_eq!(client.remove_group_ban(5005, 2003).call(), None);
    }
    { Ok(quest("removegroupban", (("gid", gid), ("uid", uid)), answer::nothing)) }

    /// Whether a user is banned from a group. FPNN method `isbanofgroup`.
    value IsBanOfGroupRequest fn is_ban_of_group(gid: i64, uid: i64) [] -> bool, IsBanOfGroupCallback => deliver_group_ban;
    example {
        assert!(!client.is_ban_of_group(5005, 2003).call()?);
    }
    { Ok(quest("isbanofgroup", (("gid", gid), ("uid", uid)), answer::ok)) }

    /// Sets a group's public and/or private info. FPNN method `setgroupinfo`. `None`
    /// leaves a field unchanged (not sent); `Some("")` clears it. Refused before sending:
    /// both `None` (200033), a field over 65 535 bytes (200030).
    basic SetGroupInfoRequest fn set_group_info(gid: i64) [oinfo: &'a str, pinfo: &'a str]
    example {
        assert_eq!(client.set_group_info(5005).oinfo("group-public").pinfo("group-private").call(), None);
    }
    {
        check_info("set_group_info", oinfo, pinfo)
            .map(|()| quest("setgroupinfo", (("gid", gid), ("oinfo", oinfo), ("pinfo", pinfo)), answer::nothing))
    }

    /// A group's public and private info (`None` where the answer lacks it). FPNN method
    /// `getgroupinfo`.
    value GetGroupInfoRequest fn get_group_info(gid: i64) [] -> GroupInfo, GetGroupInfoCallback => deliver_group_info;
    example {
        assert!(client.set_group_info(5005).oinfo("group-public").call().is_none());
        assert_eq!(client.get_group_info(5005).call()?.oinfo.as_deref(), Some("group-public"));
    }
    { Ok(quest("getgroupinfo", (("gid", gid),), answer::info)) }

    /// The number of members of a group. FPNN method `getgroupcount` (interface 2.7; answer
    /// key `cn`).
    value GetGroupCountRequest fn get_group_count(gid: i64) [] -> i64, GetGroupCountCallback => deliver_group_count;
    example {
        assert!(client.add_group_members(5005, &[2002, 2003]).call().is_none());
        assert_eq!(client.get_group_count(5005).call()?, 2);
    }
    { Ok(quest("getgroupcount", (("gid", gid),), answer::cn)) }

    /// Clears the info of every group of the project (their messages are cleared with
    /// [`clear_project_message`](Self::clear_project_message)). FPNN method
    /// `clearprojectgroup` (interface 2.7).
    basic ClearProjectGroupRequest fn clear_project_group() []
    example {
        assert!(client.set_group_info(5005).oinfo("public").call().is_none());
        assert_eq!(client.clear_project_group().call(), None);
    }
    { Ok(quest("clearprojectgroup", (), answer::nothing)) }
}
