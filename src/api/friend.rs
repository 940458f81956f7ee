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
//! <!-- calls: end -->

use super::calls;
use crate::callbacks::{deliver_are_friends, deliver_friends, deliver_is_friend};
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
}
