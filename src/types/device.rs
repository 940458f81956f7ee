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
