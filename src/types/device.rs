//! Devices as data: the push platform.

/// The push platform of a device (`add_device`'s `app_type`; wire key `apptype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AppType<'a> {
    /// Apple Push Notification service (`"apns"`).
    Apns,
    /// Firebase Cloud Messaging (`"fcm"`).
    Fcm,
    /// Another platform, by its wire name.
    Other(&'a str),
}

impl<'a> AppType<'a> {
    /// The wire value.
    pub fn as_str(self) -> &'a str {
        match self {
            AppType::Apns => "apns",
            AppType::Fcm => "fcm",
            AppType::Other(name) => name,
        }
    }
}

/// Whose notifications a device push option concerns (wire `type` of `addoption` and
/// `removeoption`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PushOptionType {
    /// One peer's p2p messages; `xid` is the peer's uid (0).
    P2P,
    /// One group's messages; `xid` is the gid (1).
    Group,
}

impl PushOptionType {
    /// The wire value.
    pub fn code(self) -> i64 {
        match self {
            PushOptionType::P2P => 0,
            PushOptionType::Group => 1,
        }
    }
}

/// A user's device push options, as `get_device_push_option` gives them: for each peer
/// (`p2p`) and group (`group`) whose notifications are off, the message types concerned (0
/// meaning every type).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DevicePushOption {
    /// Peer uid → message types.
    pub p2p: std::collections::HashMap<i64, Vec<i64>>,
    /// Gid → message types.
    pub group: std::collections::HashMap<i64, Vec<i64>>,
}
