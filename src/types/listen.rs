//! What a back end can listen to.

/// An event a back end can listen to (`events` of the listen calls).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListenEvent<'a> {
    /// A user logged in (`"login"`).
    Login,
    /// A user logged out (`"logout"`).
    Logout,
    /// Another event, by its wire name.
    Other(&'a str),
}

impl<'a> ListenEvent<'a> {
    /// The wire name.
    pub fn as_str(self) -> &'a str {
        match self {
            ListenEvent::Login => "login",
            ListenEvent::Logout => "logout",
            ListenEvent::Other(name) => name,
        }
    }
}
