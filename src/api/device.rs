//! Devices (Python SDK: `Device.md`): the push-notification tokens of a user's devices.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`add_device`](crate::RtmServerClient::add_device) → [`AddDeviceRequest`]
//! - [`remove_device`](crate::RtmServerClient::remove_device) → [`RemoveDeviceRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::wire::answer;

pub use crate::types::device::AppType;
use crate::wire::call::quest;

calls! {
    /// Registers a device of a user for push notifications: `app_type` is the platform,
    /// `device_token` the platform's token. FPNN method `adddevice`.
    basic AddDeviceRequest fn add_device(uid: i64, app_type: AppType<'a>, device_token: &'a str) []
    example {
        use rtm_server_sdk::device::AppType;
        assert_eq!(client.add_device(2002, AppType::Apns, "device-token-0001").call(), None);
    }
    { Ok(quest("adddevice", (("uid", uid), ("apptype", app_type.as_str()), ("devicetoken", device_token)), answer::nothing)) }

    /// Removes a device of a user. FPNN method `removedevice`.
    basic RemoveDeviceRequest fn remove_device(uid: i64, device_token: &'a str) []
    example {
        use rtm_server_sdk::device::AppType;
        assert!(client.add_device(2002, AppType::Fcm, "device-token-0001").call().is_none());
        assert_eq!(client.remove_device(2002, "device-token-0001").call(), None);
    }
    { Ok(quest("removedevice", (("uid", uid), ("devicetoken", device_token)), answer::nothing)) }
}
