//! Users (Python SDK: `User.md`): kicking out, who is online, the project block list, and
//! user info.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`kickout`](crate::RtmServerClient::kickout) → [`KickoutRequest`]
//! - [`get_online_users`](crate::RtmServerClient::get_online_users) → [`GetOnlineUsersRequest`]
//! - [`add_project_black`](crate::RtmServerClient::add_project_black) → [`AddProjectBlackRequest`]
//! - [`remove_project_black`](crate::RtmServerClient::remove_project_black) → [`RemoveProjectBlackRequest`]
//! - [`is_project_black`](crate::RtmServerClient::is_project_black) → [`IsProjectBlackRequest`]
//! - [`set_user_info`](crate::RtmServerClient::set_user_info) → [`SetUserInfoRequest`]
//! - [`get_user_info`](crate::RtmServerClient::get_user_info) → [`GetUserInfoRequest`]
//! - [`get_user_open_info`](crate::RtmServerClient::get_user_open_info) → [`GetUserOpenInfoRequest`]
//! - [`clear_user_message`](crate::RtmServerClient::clear_user_message) → [`ClearUserMessageRequest`]
//! - [`add_project_ban`](crate::RtmServerClient::add_project_ban) → [`AddProjectBanRequest`]
//! - [`remove_project_ban`](crate::RtmServerClient::remove_project_ban) → [`RemoveProjectBanRequest`]
//! - [`is_project_ban`](crate::RtmServerClient::is_project_ban) → [`IsProjectBanRequest`]
//! - [`add_sessions`](crate::RtmServerClient::add_sessions) → [`AddSessionsRequest`]
//! - [`remove_sessions`](crate::RtmServerClient::remove_sessions) → [`RemoveSessionsRequest`]
//! <!-- calls: end -->

use std::collections::HashMap;

use super::calls;
use crate::api::room::check_info;
use crate::callbacks::*;
use crate::wire::answer;
use crate::wire::call::quest;

pub use crate::types::info::UserInfo;

calls! {
    /// Kicks a user out: all of its logins, or with `ce` only the one on that RTM endpoint
    /// (multi-login). FPNN method `kickout`.
    basic KickoutRequest fn kickout(uid: i64) [ce: &'a str]
    example {
        assert_eq!(client.kickout(2003).call(), None);
        assert_eq!(client.kickout(2003).ce("127.0.0.1:13321").call(), None);
    }
    { Ok(quest("kickout", (("uid", uid), ("ce", ce)), answer::nothing)) }

    /// The online subset of `uids` (the service takes at most 200 per call). FPNN method
    /// `getonlineusers`.
    value GetOnlineUsersRequest fn get_online_users(uids: &'a [i64]) [] -> Vec<i64>, GetOnlineUsersCallback => deliver_online_users;
    example {
        server.user_login(2002); // the mock's stand-in for the user's client logging in
        assert_eq!(client.get_online_users(&[2002, 2003]).call()?, vec![2002]);
    }
    { Ok(quest("getonlineusers", (("uids", uids),), answer::uids)) }

    /// Blocks a user's messages project-wide for `btime` seconds. FPNN method
    /// `addprojectblack`.
    basic AddProjectBlackRequest fn add_project_black(uid: i64, btime: i32) []
    example {
        assert_eq!(client.add_project_black(123456789, 60).call(), None);
        assert!(client.is_project_black(123456789).call()?);
    }
    { Ok(quest("addprojectblack", (("uid", uid), ("btime", btime)), answer::nothing)) }

    /// Lifts a user's project-wide block. FPNN method `removeprojectblack`.
    basic RemoveProjectBlackRequest fn remove_project_black(uid: i64) []
    example {
        assert!(client.add_project_black(123456789, 60).call().is_none());
        assert_eq!(client.remove_project_black(123456789).call(), None);
        assert!(!client.is_project_black(123456789).call()?);
    }
    { Ok(quest("removeprojectblack", (("uid", uid),), answer::nothing)) }

    /// Whether a user is blocked project-wide. FPNN method `isprojectblack`; a missing `ok`
    /// reads as `false`.
    value IsProjectBlackRequest fn is_project_black(uid: i64) [] -> bool, IsProjectBlackCallback => deliver_project_black;
    example {
        assert!(!client.is_project_black(123456789).call()?);
    }
    { Ok(quest("isprojectblack", (("uid", uid),), answer::ok)) }

    /// Sets a user's public and/or private info. FPNN method `setuserinfo`. `None` leaves a
    /// field unchanged (not sent); `Some("")` clears it. Refused before sending: both `None`
    /// (200033), a field over 65 535 bytes (200030).
    basic SetUserInfoRequest fn set_user_info(uid: i64) [oinfo: &'a str, pinfo: &'a str]
    example {
        assert_eq!(client.set_user_info(2002).oinfo("user-public").pinfo("user-private").call(), None);
    }
    {
        check_info("set_user_info", oinfo, pinfo)
            .map(|()| quest("setuserinfo", (("uid", uid), ("oinfo", oinfo), ("pinfo", pinfo)), answer::nothing))
    }

    /// A user's public and private info (`None` where the answer lacks it). FPNN method
    /// `getuserinfo`.
    value GetUserInfoRequest fn get_user_info(uid: i64) [] -> UserInfo, GetUserInfoCallback => deliver_user_info;
    example {
        assert!(client.set_user_info(2002).oinfo("user-public").call().is_none());
        assert_eq!(client.get_user_info(2002).call()?.oinfo.as_deref(), Some("user-public"));
    }
    { Ok(quest("getuserinfo", (("uid", uid),), answer::info)) }

    /// The public info of several users: uid → `oinfo`. FPNN method `getuseropeninfo`; the
    /// service keys the answer by the uid as a string, integers are accepted too.
    value GetUserOpenInfoRequest fn get_user_open_info(uids: &'a [i64]) [] -> HashMap<i64, String>, GetUserOpenInfoCallback => deliver_open_info;
    example {
        assert!(client.set_user_info(2002).oinfo("user-public").call().is_none());
        assert_eq!(client.get_user_open_info(&[2002]).call()?[&2002], "user-public");
    }
    { Ok(quest("getuseropeninfo", (("uids", uids),), answer::open_info)) }

    /// Deletes a user's messages. FPNN method `clearusermsg` (interface 2.7).
    basic ClearUserMessageRequest fn clear_user_message(uid: i64) []
    example {
        client.send_chat(2002, 2003, "hello", "").call()?;
        assert_eq!(client.clear_user_message(2002).call(), None);
        assert!(client.get_p2p_chat(2003, 2002, true, 10).call()?.msgs.is_empty());
    }
    { Ok(quest("clearusermsg", (("uid", uid),), answer::nothing)) }

    /// Mutes a user in the whole project for `btime` seconds (unlike the project block
    /// list of [`add_project_black`](Self::add_project_black)). FPNN method `addprojectban`
    /// (interface 2.7).
    basic AddProjectBanRequest fn add_project_ban(uid: i64, btime: i32) []
    example {
        assert_eq!(client.add_project_ban(2002, 60).call(), None);
        assert!(client.is_project_ban(2002).call()?);
    }
    { Ok(quest("addprojectban", (("uid", uid), ("btime", btime)), answer::nothing)) }

    /// Lifts a project-wide mute. FPNN method `removeprojectban` (interface 2.7).
    basic RemoveProjectBanRequest fn remove_project_ban(uid: i64) []
    example {
        assert!(client.add_project_ban(2002, 60).call().is_none());
        assert_eq!(client.remove_project_ban(2002).call(), None);
        assert!(!client.is_project_ban(2002).call()?);
    }
    { Ok(quest("removeprojectban", (("uid", uid),), answer::nothing)) }

    /// Whether a user is muted project-wide. FPNN method `isprojectban` (interface 2.7).
    value IsProjectBanRequest fn is_project_ban(uid: i64) [] -> bool, IsProjectBanCallback => deliver_project_ban;
    example {
        assert!(!client.is_project_ban(2002).call()?);
    }
    { Ok(quest("isprojectban", (("uid", uid),), answer::ok)) }

    /// Adds conversations between `uid` and each of `uids` to `uid`'s session list. FPNN
    /// method `addsessions` (interface 2.7; the service documents no more).
    basic AddSessionsRequest fn add_sessions(uid: i64, uids: &'a [i64]) []
    example {
        assert_eq!(client.add_sessions(2002, &[2003, 2004]).call(), None);
    }
    { Ok(quest("addsessions", (("uid", uid), ("uids", uids)), answer::nothing)) }

    /// Removes conversations from `uid`'s session list. FPNN method `removesessions`
    /// (interface 2.7).
    basic RemoveSessionsRequest fn remove_sessions(uid: i64, uids: &'a [i64]) []
    example {
        assert!(client.add_sessions(2002, &[2003, 2004]).call().is_none());
        assert_eq!(client.remove_sessions(2002, &[2003]).call(), None);
    }
    { Ok(quest("removesessions", (("uid", uid), ("uids", uids)), answer::nothing)) }
}
