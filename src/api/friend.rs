//! Friends (Python SDK: `Friend.md`).
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`add_friends`](crate::RtmServerClient::add_friends) → [`AddFriendsRequest`]
//! - [`delete_friends`](crate::RtmServerClient::delete_friends) → [`DeleteFriendsRequest`]
//! - [`get_friends`](crate::RtmServerClient::get_friends) → [`GetFriendsRequest`]
//! - [`is_friend`](crate::RtmServerClient::is_friend) → [`IsFriendRequest`]
//! - [`is_friends`](crate::RtmServerClient::is_friends) → [`IsFriendsRequest`]
//! - [`add_blacks`](crate::RtmServerClient::add_blacks) → [`AddBlacksRequest`]
//! - [`delete_blacks`](crate::RtmServerClient::delete_blacks) → [`DeleteBlacksRequest`]
//! - [`get_blacks`](crate::RtmServerClient::get_blacks) → [`GetBlacksRequest`]
//! - [`is_black`](crate::RtmServerClient::is_black) → [`IsBlackRequest`]
//! - [`is_blacks`](crate::RtmServerClient::is_blacks) → [`IsBlacksRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::callbacks::*;
use crate::wire::answer;
use crate::wire::call::quest;

calls! {
    /// Makes `friends` friends of `uid`. FPNN method `addfriends`.
    basic AddFriendsRequest fn add_friends(uid: i64, friends: &'a [i64]) []
    example {
        assert_eq!(client.add_friends(2002, &[2003, 3003]).call(), None);
    }
    { Ok(quest("addfriends", (("uid", uid), ("friends", friends)), answer::nothing)) }

    /// Removes `friends` from the friends of `uid`. FPNN method `delfriends`.
    basic DeleteFriendsRequest fn delete_friends(uid: i64, friends: &'a [i64]) []
    example {
        assert!(client.add_friends(2002, &[2003, 3003]).call().is_none());
        assert_eq!(client.delete_friends(2002, &[2003]).call(), None);
        assert_eq!(client.get_friends(2002).call()?, vec![3003]);
    }
    { Ok(quest("delfriends", (("uid", uid), ("friends", friends)), answer::nothing)) }

    /// The friends of a user. FPNN method `getfriends`.
    value GetFriendsRequest fn get_friends(uid: i64) [] -> Vec<i64>, GetFriendsCallback => deliver_friends;
    example {
        assert!(client.add_friends(2002, &[2003]).call().is_none());
        assert_eq!(client.get_friends(2002).call()?, vec![2003]);
    }
    { Ok(quest("getfriends", (("uid", uid),), answer::uids)) }

    /// Whether `fuid` is a friend of `uid`. FPNN method `isfriend`.
    value IsFriendRequest fn is_friend(uid: i64, fuid: i64) [] -> bool, IsFriendCallback => deliver_is_friend;
    example {
        assert!(client.add_friends(2002, &[2003]).call().is_none());
        assert!(client.is_friend(2002, 2003).call()?);
    }
    { Ok(quest("isfriend", (("uid", uid), ("fuid", fuid)), answer::ok)) }

    /// The members of `fuids` that are friends of `uid`. FPNN method `isfriends`.
    value IsFriendsRequest fn is_friends(uid: i64, fuids: &'a [i64]) [] -> Vec<i64>, IsFriendsCallback => deliver_are_friends;
    example {
        assert!(client.add_friends(2002, &[2003]).call().is_none());
        assert_eq!(client.is_friends(2002, &[2003, 4004]).call()?, vec![2003]);
    }
    { Ok(quest("isfriends", (("uid", uid), ("fuids", fuids)), answer::fuids)) }

    /// Blocks users for `uid`: they can no longer send `uid` messages (history and sessions
    /// stay readable). At most 100 per call (the service's limit). FPNN method `addblacks`
    /// (interface 2.7).
    basic AddBlacksRequest fn add_blacks(uid: i64, blacks: &'a [i64]) []
    example {
        assert_eq!(client.add_blacks(2002, &[2003, 2004]).call(), None);
        assert_eq!(client.get_blacks(2002).call()?, vec![2003, 2004]);
    }
    { Ok(quest("addblacks", (("uid", uid), ("blacks", blacks)), answer::nothing)) }

    /// Unblocks users for `uid`. FPNN method `delblacks` (interface 2.7).
    basic DeleteBlacksRequest fn delete_blacks(uid: i64, blacks: &'a [i64]) []
    example {
        assert!(client.add_blacks(2002, &[2003, 2004]).call().is_none());
        assert_eq!(client.delete_blacks(2002, &[2003]).call(), None);
        assert_eq!(client.get_blacks(2002).call()?, vec![2004]);
    }
    { Ok(quest("delblacks", (("uid", uid), ("blacks", blacks)), answer::nothing)) }

    /// The users `uid` blocked. FPNN method `getblacks` (interface 2.7; answer key `uids`).
    value GetBlacksRequest fn get_blacks(uid: i64) [] -> Vec<i64>, GetBlacksCallback => deliver_blacks;
    example {
        assert!(client.get_blacks(2002).call()?.is_empty());
    }
    { Ok(quest("getblacks", (("uid", uid),), answer::uids)) }

    /// Whether `uid` blocked `buid`. FPNN method `isblack` (interface 2.7).
    value IsBlackRequest fn is_black(uid: i64, buid: i64) [] -> bool, IsBlackCallback => deliver_is_black;
    example {
        assert!(client.add_blacks(2002, &[2004]).call().is_none());
        assert!(client.is_black(2002, 2004).call()?);
    }
    { Ok(quest("isblack", (("uid", uid), ("buid", buid)), answer::ok)) }

    /// The users of `buids` that `uid` blocked. FPNN method `isblacks` (interface 2.7).
    value IsBlacksRequest fn is_blacks(uid: i64, buids: &'a [i64]) [] -> Vec<i64>, IsBlacksCallback => deliver_are_blacks;
    example {
        assert!(client.add_blacks(2002, &[2004]).call().is_none());
        assert_eq!(client.is_blacks(2002, &[2003, 2004]).call()?, vec![2004]);
    }
    { Ok(quest("isblacks", (("uid", uid), ("buids", buids)), answer::buids)) }
}
