//! RTC (real-time voice and video) rooms as data (interface 2.7). RTC rooms are a separate
//! id space from the RTM rooms of the `room` calls.

/// The kind of RTC room `pull_into_rtc_room` creates or joins (wire `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RtcRoomType {
    /// A voice room (1).
    Voice,
    /// A video room (2).
    Video,
}

impl RtcRoomType {
    /// The wire value.
    pub fn code(self) -> i64 {
        match self {
            RtcRoomType::Voice => 1,
            RtcRoomType::Video => 2,
        }
    }
}

/// What `admin_command` does to the users it names (wire `command`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RtcAdminCommand {
    /// Makes them administrators (0).
    AppointAdministrator,
    /// Makes them ordinary members again (1).
    DismissAdministrator,
    /// Forbids them to send audio (2).
    ForbidAudio,
    /// Allows them to send audio (3).
    AllowAudio,
    /// Forbids them to send video (4).
    ForbidVideo,
    /// Allows them to send video (5).
    AllowVideo,
    /// Closes their microphone (6).
    CloseMicrophone,
    /// Closes their camera (7).
    CloseCamera,
}

impl RtcAdminCommand {
    /// The wire value.
    pub fn code(self) -> i64 {
        match self {
            RtcAdminCommand::AppointAdministrator => 0,
            RtcAdminCommand::DismissAdministrator => 1,
            RtcAdminCommand::ForbidAudio => 2,
            RtcAdminCommand::AllowAudio => 3,
            RtcAdminCommand::ForbidVideo => 4,
            RtcAdminCommand::AllowVideo => 5,
            RtcAdminCommand::CloseMicrophone => 6,
            RtcAdminCommand::CloseCamera => 7,
        }
    }
}

/// The members of an RTC room, as `get_rtc_room_members` gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RtcRoomMembers {
    /// Every member.
    pub uids: Vec<i64>,
    /// The administrators (the answer's `administrators`, or `managers` when it has none).
    pub administrators: Vec<i64>,
    /// The owner (0 when the answer has none).
    pub owner: i64,
}
