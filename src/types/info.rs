//! The public and private info of rooms, users and groups.

/// The longest `oinfo` or `pinfo` accepted, in bytes (the service's documented limit).
pub const MAX_ROOM_INFO_LEN: usize = 65_535;

/// The public and private info of a room, a user or a group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Info {
    /// The public info; `None` when the answer does not carry it.
    pub oinfo: Option<String>,
    /// The private info; `None` when the answer does not carry it.
    pub pinfo: Option<String>,
}

/// A room's info, as `get_room_info` returns it.
pub type RoomInfo = Info;

/// A user's info, as `get_user_info` returns it.
pub type UserInfo = Info;

/// A group's info, as `get_group_info` returns it.
pub type GroupInfo = Info;
