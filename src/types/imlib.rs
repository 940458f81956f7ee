//! The IM library's server calls as data (interface 2.7).
//!
//! The values these calls take, as the service defines them: target kinds 0 user, 1 group,
//! 2 room; apply grants 0 anyone may join, 1 needs verification, 2 nobody, 3 needs the
//! password given as `extra`; invite types 0 members may not invite, 1 members may invite;
//! invite manage types 0 an accepted invitation still needs an administrator's approval, 1
//! joins directly. User infos take the keys `nick`, `portraitUrl`, `profile`, `level`,
//! `customData`; group infos `name`, `portraitUrl`, `profile`, `customData`; group
//! permissions `type` (an apply grant, as a decimal string) and `extra`.

/// Who may invite into a group or room, as `imserver_get_invite_grant` gives it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct InviteGrant {
    /// 0: members may not invite; 1: members may invite.
    pub invite_type: i32,
    /// 0: an accepted invitation still needs an administrator; 1: it joins directly.
    pub invite_manage_type: i32,
}
