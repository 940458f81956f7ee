//! Login tokens (Python SDK: `Token.md`): every client login goes through one.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`get_token`](crate::RtmServerClient::get_token) → [`GetTokenRequest`]
//! - [`remove_token`](crate::RtmServerClient::remove_token) → [`RemoveTokenRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::callbacks::deliver_token;
use crate::wire::answer;
use crate::wire::call::quest;

/// The `version` this SDK sends with `gettoken`: `RUST-` and the crate version (the Python
/// SDK sends `PYTHON-2.0.0`).
pub const SDK_VERSION: &str = concat!("RUST-", env!("CARGO_PKG_VERSION"));

calls! {
    /// Gets a login token for a user; the user's client logs in with it. FPNN method
    /// `gettoken`, which also carries [`SDK_VERSION`]. An answer without `token` is
    /// unreadable (20006).
    value GetTokenRequest fn get_token(uid: i64) [] -> String, GetTokenCallback => deliver_token;
    example {
        let token = client.get_token(2002).call()?;
        assert!(!token.is_empty());
    }
    { Ok(quest("gettoken", (("uid", uid), ("version", SDK_VERSION)), answer::token)) }

    /// Removes a user's login token. FPNN method `removetoken`.
    basic RemoveTokenRequest fn remove_token(uid: i64) []
    example {
        client.get_token(2002).call()?;
        assert_eq!(client.remove_token(2002).call(), None);
    }
    { Ok(quest("removetoken", (("uid", uid),), answer::nothing)) }
}
