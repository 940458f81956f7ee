//! The IM library's server calls (interface 2.7; the Go SDK's `IMServer_*`): user and group
//! profiles, and who may join or invite. The values they take are listed in
//! [`InviteGrant`]'s module docs and below each call; info and permission maps are str → str.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`imserver_set_user_infos`](crate::RtmServerClient::imserver_set_user_infos) → [`ImserverSetUserInfosRequest`]
//! - [`imserver_set_group_infos`](crate::RtmServerClient::imserver_set_group_infos) → [`ImserverSetGroupInfosRequest`]
//! - [`imserver_set_apply_grant`](crate::RtmServerClient::imserver_set_apply_grant) → [`ImserverSetApplyGrantRequest`]
//! - [`imserver_set_invite_grant`](crate::RtmServerClient::imserver_set_invite_grant) → [`ImserverSetInviteGrantRequest`]
//! - [`imserver_create_group`](crate::RtmServerClient::imserver_create_group) → [`ImserverCreateGroupRequest`]
//! - [`imserver_dismiss_group`](crate::RtmServerClient::imserver_dismiss_group) → [`ImserverDismissGroupRequest`]
//! - [`imserver_get_apply_grant`](crate::RtmServerClient::imserver_get_apply_grant) → [`ImserverGetApplyGrantRequest`]
//! - [`imserver_get_invite_grant`](crate::RtmServerClient::imserver_get_invite_grant) → [`ImserverGetInviteGrantRequest`]
//! - [`imserver_get_user_infos`](crate::RtmServerClient::imserver_get_user_infos) → [`ImserverGetUserInfosRequest`]
//! - [`imserver_get_group_infos`](crate::RtmServerClient::imserver_get_group_infos) → [`ImserverGetGroupInfosRequest`]
//! - [`imserver_add_group_members`](crate::RtmServerClient::imserver_add_group_members) → [`ImserverAddGroupMembersRequest`]
//! <!-- calls: end -->

use std::collections::HashMap;

use super::calls;
use crate::callbacks::*;
use crate::wire::answer;
use crate::wire::call::quest;

pub use crate::types::imlib::InviteGrant;

calls! {
    /// Sets a user's IM profile (`nick`, `portraitUrl`, `profile`, `level`, `customData`).
    /// FPNN method `imserver_setuserinfos`.
    basic ImserverSetUserInfosRequest fn imserver_set_user_infos(uid: i64, infos: &'a HashMap<String, String>) []
    example {
        let infos = std::collections::HashMap::from([("nick".to_string(), "alice".to_string())]);
        assert_eq!(client.imserver_set_user_infos(2002, &infos).call(), None);
        assert_eq!(client.imserver_get_user_infos(&[2002]).call()?[&2002]["nick"], "alice");
    }
    { Ok(quest("imserver_setuserinfos", (("uid", uid), ("infos", infos)), answer::nothing)) }

    /// Sets a group's IM profile (`name`, `portraitUrl`, `profile`, `customData`). FPNN
    /// method `imserver_setgroupinfos`.
    basic ImserverSetGroupInfosRequest fn imserver_set_group_infos(gid: i64, infos: &'a HashMap<String, String>) []
    example {
        let infos = std::collections::HashMap::from([("name".to_string(), "g1".to_string())]);
        assert_eq!(client.imserver_set_group_infos(5005, &infos).call(), None);
    }
    { Ok(quest("imserver_setgroupinfos", (("gid", gid), ("infos", infos)), answer::nothing)) }

    /// Who may join a user (`target_type` 0), group (1) or room (2): `grant_type` 0 anyone,
    /// 1 after verification, 2 nobody, 3 with the password `extra`. FPNN method
    /// `imserver_setapplygrant`.
    basic ImserverSetApplyGrantRequest fn imserver_set_apply_grant(target_type: i32, xid: i64, grant_type: i32) [extra: &'a str]
    example {
        assert_eq!(client.imserver_set_apply_grant(1, 5005, 3).extra("333").call(), None);
        assert_eq!(client.imserver_get_apply_grant(1, 5005).call()?, 3);
    }
    { Ok(quest("imserver_setapplygrant", (("type", target_type), ("xid", xid), ("grant_type", grant_type), ("extra", extra)), answer::nothing)) }

    /// Who may invite into a group (`target_type` 1) or room (2): `invite_type` 0 no member,
    /// 1 any member; `invite_manage_type` 0 an accepted invitation still needs an
    /// administrator, 1 joins directly. FPNN method `imserver_setinvitegrant`.
    basic ImserverSetInviteGrantRequest fn imserver_set_invite_grant(target_type: i32, xid: i64, invite_type: i32, invite_manage_type: i32) []
    example {
        assert_eq!(client.imserver_set_invite_grant(1, 5005, 1, 1).call(), None);
    }
    { Ok(quest("imserver_setinvitegrant", (("type", target_type), ("xid", xid), ("invite_type", invite_type), ("invite_manage_type", invite_manage_type)), answer::nothing)) }

    /// Creates an IM group owned by `owner_uid`, with its profile and join permissions
    /// (`type`: an apply grant as a decimal string; `extra`: the password for type "3").
    /// FPNN method `imserver_creategroup`.
    basic ImserverCreateGroupRequest fn imserver_create_group(gid: i64, owner_uid: i64, infos: &'a HashMap<String, String>, permissions: &'a HashMap<String, String>) []
    example {
        let infos = std::collections::HashMap::from([("name".to_string(), "g1".to_string())]);
        let permissions = std::collections::HashMap::from([("type".to_string(), "0".to_string())]);
        assert_eq!(client.imserver_create_group(5005, 2002, &infos, &permissions).call(), None);
    }
    { Ok(quest("imserver_creategroup", (("gid", gid), ("owner_uid", owner_uid), ("infos", infos), ("permissions", permissions)), answer::nothing)) }

    /// Dismisses an IM group. FPNN method `imserver_dismissgroup`.
    basic ImserverDismissGroupRequest fn imserver_dismiss_group(gid: i64) []
    example {
        assert_eq!(client.imserver_dismiss_group(5005).call(), None);
    }
    { Ok(quest("imserver_dismissgroup", (("gid", gid),), answer::nothing)) }

    /// Who may join a user, group or room (see
    /// [`imserver_set_apply_grant`](Self::imserver_set_apply_grant)). FPNN method
    /// `imserver_getapplygrant` (answer key `grant_type`, 0 when absent).
    value ImserverGetApplyGrantRequest fn imserver_get_apply_grant(target_type: i32, xid: i64) [] -> i32, GetApplyGrantCallback => deliver_apply_grant;
    example {
        assert_eq!(client.imserver_get_apply_grant(1, 5005).call()?, 0);
    }
    { Ok(quest("imserver_getapplygrant", (("type", target_type), ("xid", xid)), answer::grant_type)) }

    /// Who may invite into a group or room (see
    /// [`imserver_set_invite_grant`](Self::imserver_set_invite_grant)). FPNN method
    /// `imserver_getinvitegrant`.
    value ImserverGetInviteGrantRequest fn imserver_get_invite_grant(target_type: i32, xid: i64) [] -> InviteGrant, GetInviteGrantCallback => deliver_invite_grant;
    example {
        assert!(client.imserver_set_invite_grant(1, 5005, 1, 0).call().is_none());
        assert_eq!(client.imserver_get_invite_grant(1, 5005).call()?.invite_type, 1);
    }
    { Ok(quest("imserver_getinvitegrant", (("type", target_type), ("xid", xid)), answer::invite_grant)) }

    /// The IM profiles of users: uid → key → value. FPNN method `imserver_getuserinfos`.
    value ImserverGetUserInfosRequest fn imserver_get_user_infos(uids: &'a [i64]) [] -> HashMap<i64, HashMap<String, String>>, GetImInfosCallback => deliver_im_infos;
    example {
        assert!(client.imserver_get_user_infos(&[2002]).call()?.get(&2002).is_none_or(|infos| infos.is_empty()));
    }
    { Ok(quest("imserver_getuserinfos", (("uids", uids),), answer::im_infos)) }

    /// The IM profiles of groups: gid → key → value. FPNN method `imserver_getgroupinfos`.
    value ImserverGetGroupInfosRequest fn imserver_get_group_infos(gids: &'a [i64]) [] -> HashMap<i64, HashMap<String, String>>, GetImInfosCallback => deliver_im_infos;
    example {
        let infos = std::collections::HashMap::from([("name".to_string(), "g1".to_string())]);
        assert!(client.imserver_set_group_infos(5005, &infos).call().is_none());
        assert_eq!(client.imserver_get_group_infos(&[5005]).call()?[&5005]["name"], "g1");
    }
    { Ok(quest("imserver_getgroupinfos", (("gids", gids),), answer::im_infos)) }

    /// Adds users to an IM group. FPNN method `imserver_addgroupmembers`.
    basic ImserverAddGroupMembersRequest fn imserver_add_group_members(gid: i64, uids: &'a [i64]) []
    example {
        assert_eq!(client.imserver_add_group_members(5005, &[2002, 2003]).call(), None);
    }
    { Ok(quest("imserver_addgroupmembers", (("gid", gid), ("uids", uids)), answer::nothing)) }
}
