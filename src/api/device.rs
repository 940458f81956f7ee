//! Devices (Python SDK: `Device.md`): the push-notification tokens of a user's devices.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`add_device`](crate::RtmServerClient::add_device) → [`AddDeviceRequest`]
//! - [`remove_device`](crate::RtmServerClient::remove_device) → [`RemoveDeviceRequest`]
//! - [`add_device_push_option`](crate::RtmServerClient::add_device_push_option) → [`AddDevicePushOptionRequest`]
//! - [`remove_device_push_option`](crate::RtmServerClient::remove_device_push_option) → [`RemoveDevicePushOptionRequest`]
//! - [`get_device_push_option`](crate::RtmServerClient::get_device_push_option) → [`GetDevicePushOptionRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::callbacks::*;
use crate::wire::answer;

pub use crate::types::device::{AppType, DevicePushOption, PushOptionType};
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

calls! {
    /// Switches off the push notifications `uid` gets from one peer
    /// ([`PushOptionType::P2P`], `xid` the peer's uid) or one group
    /// ([`PushOptionType::Group`], `xid` the gid), for the message types `mtypes` (without
    /// them, or with none: every type). FPNN method `addoption` (interface 2.7; `mtypes` is
    /// sent when set, even empty).
    basic AddDevicePushOptionRequest fn add_device_push_option(uid: i64, option_type: PushOptionType, xid: i64) [mtypes: &'a [i64]]
    example {
        use rtm_server_sdk::device::PushOptionType;
        assert_eq!(client.add_device_push_option(2002, PushOptionType::P2P, 2003).mtypes(&[30, 32]).call(), None);
        assert_eq!(client.get_device_push_option(2002).call()?.p2p[&2003], vec![30, 32]);
    }
    { Ok(quest("addoption", (("uid", uid), ("type", option_type.code()), ("xid", xid), ("mtypes", mtypes)), answer::nothing)) }

    /// Switches push notifications back on, as [`add_device_push_option`](Self::add_device_push_option)
    /// switched them off. FPNN method `removeoption` (interface 2.7).
    basic RemoveDevicePushOptionRequest fn remove_device_push_option(uid: i64, option_type: PushOptionType, xid: i64) [mtypes: &'a [i64]]
    example {
        use rtm_server_sdk::device::PushOptionType;
        assert!(client.add_device_push_option(2002, PushOptionType::Group, 5005).call().is_none());
        assert_eq!(client.remove_device_push_option(2002, PushOptionType::Group, 5005).call(), None);
        assert!(client.get_device_push_option(2002).call()?.group.is_empty());
    }
    { Ok(quest("removeoption", (("uid", uid), ("type", option_type.code()), ("xid", xid), ("mtypes", mtypes)), answer::nothing)) }

    /// The push options of a user: for each peer and group, the message types whose
    /// notifications are off (0: every type). FPNN method `getoption` (interface 2.7).
    value GetDevicePushOptionRequest fn get_device_push_option(uid: i64) [] -> DevicePushOption, GetDevicePushOptionCallback => deliver_device_push_option;
    example {
        assert!(client.get_device_push_option(2002).call()?.p2p.is_empty());
    }
    { Ok(quest("getoption", (("uid", uid),), answer::device_push_option)) }
}
