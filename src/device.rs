//! Devices (Python SDK: `Device.md`): the push-notification tokens of a user's devices.

use crate::answer;
use crate::calls::{calls, quest};

calls! {
    /// Registers a device of a user for push notifications: `app_type` is `"apns"` or
    /// `"fcm"`, `device_token` the platform's token. FPNN method `adddevice`.
    basic fn add_device / add_device_with_callback / add_device_async(uid: i64, app_type: &str, device_token: &str)
    example {
        assert_eq!(client.add_device(2002, "apns", "device-token-0001", None), None);
    }
    { Ok(quest("adddevice", (("uid", uid), ("apptype", app_type), ("devicetoken", device_token)), answer::nothing)) }

    /// Removes a device of a user. FPNN method `removedevice`.
    basic fn remove_device / remove_device_with_callback / remove_device_async(uid: i64, device_token: &str)
    example {
        assert!(client.add_device(2002, "apns", "device-token-0001", None).is_none());
        assert_eq!(client.remove_device(2002, "device-token-0001", None), None);
    }
    { Ok(quest("removedevice", (("uid", uid), ("devicetoken", device_token)), answer::nothing)) }
}
