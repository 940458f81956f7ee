//! Per-user key-value data (Python SDK: `Data.md`).
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`data_set`](crate::RtmServerClient::data_set) → [`DataSetRequest`]
//! - [`data_get`](crate::RtmServerClient::data_get) → [`DataGetRequest`]
//! - [`data_delete`](crate::RtmServerClient::data_delete) → [`DataDeleteRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::callbacks::deliver_data;
use crate::wire::answer;
use crate::wire::call::quest;

calls! {
    /// Stores `value` under `key` for a user. FPNN method `dataset` (the value's wire key
    /// is `val`).
    basic DataSetRequest fn data_set(uid: i64, key: &'a str, value: &'a str) []
    example {
        assert_eq!(client.data_set(2002, "key-1", "value-1").call(), None);
    }
    { Ok(quest("dataset", (("uid", uid), ("key", key), ("val", value)), answer::nothing)) }

    /// The value stored under `key` for a user, `None` when there is none. FPNN method
    /// `dataget`.
    value DataGetRequest fn data_get(uid: i64, key: &'a str) [] -> Option<String>, DataGetCallback => deliver_data;
    example {
        assert!(client.data_set(2002, "key-1", "value-1").call().is_none());
        assert_eq!(client.data_get(2002, "key-1").call()?.as_deref(), Some("value-1"));
        assert_eq!(client.data_get(2002, "other").call()?, None);
    }
    { Ok(quest("dataget", (("uid", uid), ("key", key)), answer::value)) }

    /// Deletes the value stored under `key` for a user. FPNN method `datadel`.
    basic DataDeleteRequest fn data_delete(uid: i64, key: &'a str) []
    example {
        assert!(client.data_set(2002, "key-1", "value-1").call().is_none());
        assert_eq!(client.data_delete(2002, "key-1").call(), None);
        assert_eq!(client.data_get(2002, "key-1").call()?, None);
    }
    { Ok(quest("datadel", (("uid", uid), ("key", key)), answer::nothing)) }
}
