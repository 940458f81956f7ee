//! Per-user key-value data (Python SDK: `Data.md`).

use crate::answer;
use crate::callbacks::deliver_data;
use crate::calls::{calls, quest};

calls! {
    /// Stores `value` under `key` for a user. FPNN method `dataset` (the value's wire key
    /// is `val`).
    basic fn data_set / data_set_with_callback / data_set_async(uid: i64, key: &str, value: &str)
    example {
        assert_eq!(client.data_set(2002, "key-1", "value-1", None), None);
    }
    { Ok(quest("dataset", (("uid", uid), ("key", key), ("val", value)), answer::nothing)) }

    /// The value stored under `key` for a user, `None` when there is none. FPNN method
    /// `dataget`.
    value fn data_get / data_get_with_callback / data_get_async(uid: i64, key: &str) -> Option<String>, DataGetCallback => deliver_data;
    example {
        assert!(client.data_set(2002, "key-1", "value-1", None).is_none());
        assert_eq!(client.data_get(2002, "key-1", None)?.as_deref(), Some("value-1"));
        assert_eq!(client.data_get(2002, "other", None)?, None);
    }
    { Ok(quest("dataget", (("uid", uid), ("key", key)), answer::value)) }

    /// Deletes the value stored under `key` for a user. FPNN method `datadel`.
    basic fn data_delete / data_delete_with_callback / data_delete_async(uid: i64, key: &str)
    example {
        assert!(client.data_set(2002, "key-1", "value-1", None).is_none());
        assert_eq!(client.data_delete(2002, "key-1", None), None);
        assert_eq!(client.data_get(2002, "key-1", None)?, None);
    }
    { Ok(quest("datadel", (("uid", uid), ("key", key)), answer::nothing)) }
}
