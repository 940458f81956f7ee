//! Groups (Python SDK: `Group.md`): members, bans and info.

use crate::answer;
use crate::callbacks::{
    deliver_group_ban, deliver_group_info, deliver_group_members, deliver_is_group_member,
    deliver_user_groups,
};
use crate::calls::{calls, quest};
use crate::room::{Info, check_info};

/// A group's info, as `get_group_info` returns it.
pub type GroupInfo = Info;

calls! {
    /// Adds users to a group. FPNN method `addgroupmembers`.
    basic fn add_group_members / add_group_members_with_callback / add_group_members_async(gid: i64, uids: &[i64])
    example {
        assert_eq!(client.add_group_members(5005, &[2002, 2003], None), None);
    }
    { Ok(quest("addgroupmembers", (("gid", gid), ("uids", uids)), answer::nothing)) }

    /// Removes users from a group. FPNN method `delgroupmembers`.
    basic fn delete_group_members / delete_group_members_with_callback / delete_group_members_async(gid: i64, uids: &[i64])
    example {
        assert!(client.add_group_members(5005, &[2002, 2003], None).is_none());
        assert_eq!(client.delete_group_members(5005, &[2002], None), None);
        assert_eq!(client.get_group_members(5005, None)?, vec![2003]);
    }
    { Ok(quest("delgroupmembers", (("gid", gid), ("uids", uids)), answer::nothing)) }

    /// Deletes a group. FPNN method `delgroup`.
    basic fn delete_group / delete_group_with_callback / delete_group_async(gid: i64)
    example {
        assert!(client.add_group_members(5005, &[2002], None).is_none());
        assert_eq!(client.delete_group(5005, None), None);
        assert!(client.get_group_members(5005, None)?.is_empty());
    }
    { Ok(quest("delgroup", (("gid", gid),), answer::nothing)) }

    /// The members of a group. FPNN method `getgroupmembers`.
    value fn get_group_members / get_group_members_with_callback / get_group_members_async(gid: i64) -> Vec<i64>, GetGroupMembersCallback => deliver_group_members;
    example {
        assert!(client.add_group_members(5005, &[2002, 2003], None).is_none());
        assert_eq!(client.get_group_members(5005, None)?, vec![2002, 2003]);
    }
    { Ok(quest("getgroupmembers", (("gid", gid),), answer::uids)) }

    /// Whether a user is a member of a group. FPNN method `isgroupmember`.
    value fn is_group_member / is_group_member_with_callback / is_group_member_async(gid: i64, uid: i64) -> bool, IsGroupMemberCallback => deliver_is_group_member;
    example {
        assert!(client.add_group_members(5005, &[2002], None).is_none());
        assert!(client.is_group_member(5005, 2002, None)?);
    }
    { Ok(quest("isgroupmember", (("gid", gid), ("uid", uid)), answer::ok)) }

    /// The groups a user is a member of. FPNN method `getusergroups`.
    value fn get_user_groups / get_user_groups_with_callback / get_user_groups_async(uid: i64) -> Vec<i64>, GetUserGroupsCallback => deliver_user_groups;
    example {
        assert!(client.add_group_members(5005, &[2002], None).is_none());
        assert_eq!(client.get_user_groups(2002, None)?, vec![5005]);
    }
    { Ok(quest("getusergroups", (("uid", uid),), answer::gids)) }

    /// Bans a user from a group for `btime` seconds (0 or less: until lifted). FPNN method
    /// `addgroupban`.
    basic fn add_group_ban / add_group_ban_with_callback / add_group_ban_async(gid: i64, uid: i64, btime: i32)
    example {
        assert_eq!(client.add_group_ban(5005, 2003, 60, None), None);
        assert!(client.is_ban_of_group(5005, 2003, None)?);
    }
    { Ok(quest("addgroupban", (("gid", gid), ("uid", uid), ("btime", btime)), answer::nothing)) }

    /// Lifts a user's ban from a group. FPNN method `removegroupban`.
    basic fn remove_group_ban / remove_group_ban_with_callback / remove_group_ban_async(gid: i64, uid: i64)
    example {
        assert!(client.add_group_ban(5005, 2003, 60, None).is_none());
        assert_eq!(client.remove_group_ban(5005, 2003, None), None);
    }
    { Ok(quest("removegroupban", (("gid", gid), ("uid", uid)), answer::nothing)) }

    /// Whether a user is banned from a group. FPNN method `isbanofgroup`.
    value fn is_ban_of_group / is_ban_of_group_with_callback / is_ban_of_group_async(gid: i64, uid: i64) -> bool, IsBanOfGroupCallback => deliver_group_ban;
    example {
        assert!(!client.is_ban_of_group(5005, 2003, None)?);
    }
    { Ok(quest("isbanofgroup", (("gid", gid), ("uid", uid)), answer::ok)) }

    /// Sets a group's public and/or private info. FPNN method `setgroupinfo`. `None`
    /// leaves a field unchanged (not sent); `Some("")` clears it. Refused before sending:
    /// both `None` (200033), a field over 65 535 bytes (200030).
    basic fn set_group_info / set_group_info_with_callback / set_group_info_async(gid: i64, oinfo: Option<&str>, pinfo: Option<&str>)
    example {
        assert_eq!(client.set_group_info(5005, Some("group-public"), Some("group-private"), None), None);
    }
    {
        check_info("set_group_info", oinfo, pinfo)
            .map(|()| quest("setgroupinfo", (("gid", gid), ("oinfo", oinfo), ("pinfo", pinfo)), answer::nothing))
    }

    /// A group's public and private info (`None` where the answer lacks it). FPNN method
    /// `getgroupinfo`.
    value fn get_group_info / get_group_info_with_callback / get_group_info_async(gid: i64) -> GroupInfo, GetGroupInfoCallback => deliver_group_info;
    example {
        assert!(client.set_group_info(5005, Some("group-public"), None, None).is_none());
        assert_eq!(client.get_group_info(5005, None)?.oinfo.as_deref(), Some("group-public"));
    }
    { Ok(quest("getgroupinfo", (("gid", gid),), answer::info)) }
}
