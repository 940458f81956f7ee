//! RTC rooms (interface 2.7; Python SDK 2.2 `RTC.md`): real-time voice and video rooms,
//! their members and administrators. They are not the RTM rooms of [`room`](crate::room):
//! their ids are another space, though the key is still `rid`.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`invite_user_into_rtc_room`](crate::RtmServerClient::invite_user_into_rtc_room) → [`InviteUserIntoRtcRoomRequest`]
//! - [`close_rtc_room`](crate::RtmServerClient::close_rtc_room) → [`CloseRtcRoomRequest`]
//! - [`kick_out_from_rtc_room`](crate::RtmServerClient::kick_out_from_rtc_room) → [`KickOutFromRtcRoomRequest`]
//! - [`get_rtc_room_list`](crate::RtmServerClient::get_rtc_room_list) → [`GetRtcRoomListRequest`]
//! - [`get_rtc_room_members`](crate::RtmServerClient::get_rtc_room_members) → [`GetRtcRoomMembersRequest`]
//! - [`get_rtc_room_member_count`](crate::RtmServerClient::get_rtc_room_member_count) → [`GetRtcRoomMemberCountRequest`]
//! - [`set_rtc_room_mic_status`](crate::RtmServerClient::set_rtc_room_mic_status) → [`SetRtcRoomMicStatusRequest`]
//! - [`pull_into_rtc_room`](crate::RtmServerClient::pull_into_rtc_room) → [`PullIntoRtcRoomRequest`]
//! - [`admin_command`](crate::RtmServerClient::admin_command) → [`AdminCommandRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::callbacks::*;
use crate::wire::answer;
use crate::wire::call::quest;

pub use crate::types::rtc::{RtcAdminCommand, RtcRoomMembers, RtcRoomType};

calls! {
    /// `from_uid`, a member of the RTC room, invites `to_uids` into it. FPNN method
    /// `inviteUserIntoRTCRoom` (keys `toUids`, `fromUid`).
    basic InviteUserIntoRtcRoomRequest fn invite_user_into_rtc_room(rid: i64, to_uids: &'a [i64], from_uid: i64) []
    example {
        use rtm_server_sdk::rtc::RtcRoomType;
        assert!(client.pull_into_rtc_room(123456, &[111], RtcRoomType::Voice).call().is_none());
        assert_eq!(client.invite_user_into_rtc_room(123456, &[321, 654], 111).call(), None);
    }
    { Ok(quest("inviteUserIntoRTCRoom", (("rid", rid), ("toUids", to_uids), ("fromUid", from_uid)), answer::nothing)) }

    /// Closes an RTC room. FPNN method `closeRTCRoom`.
    basic CloseRtcRoomRequest fn close_rtc_room(rid: i64) []
    example {
        use rtm_server_sdk::rtc::RtcRoomType;
        assert!(client.pull_into_rtc_room(123456, &[123], RtcRoomType::Voice).call().is_none());
        assert_eq!(client.close_rtc_room(123456).call(), None);
        assert!(client.get_rtc_room_list().call()?.is_empty());
    }
    { Ok(quest("closeRTCRoom", (("rid", rid),), answer::nothing)) }

    /// `from_uid` kicks `uid` out of an RTC room. FPNN method `kickoutFromRTCRoom` (the
    /// Python SDK's key order: `uid`, `rid`, `fromUid`).
    basic KickOutFromRtcRoomRequest fn kick_out_from_rtc_room(uid: i64, rid: i64, from_uid: i64) []
    example {
        use rtm_server_sdk::rtc::RtcRoomType;
        assert!(client.pull_into_rtc_room(123456, &[123, 456], RtcRoomType::Voice).call().is_none());
        assert_eq!(client.kick_out_from_rtc_room(456, 123456, 123).call(), None);
        assert_eq!(client.get_rtc_room_member_count(123456).call()?, 1);
    }
    { Ok(quest("kickoutFromRTCRoom", (("uid", uid), ("rid", rid), ("fromUid", from_uid)), answer::nothing)) }

    /// The ids of the project's RTC rooms. FPNN method `getRTCRoomList`.
    value GetRtcRoomListRequest fn get_rtc_room_list() [] -> Vec<i64>, GetRtcRoomListCallback => deliver_rtc_room_list;
    example {
        use rtm_server_sdk::rtc::RtcRoomType;
        assert!(client.pull_into_rtc_room(123456, &[123], RtcRoomType::Video).call().is_none());
        assert_eq!(client.get_rtc_room_list().call()?, vec![123456]);
    }
    { Ok(quest("getRTCRoomList", (), answer::rids)) }

    /// The members, administrators and owner of an RTC room. FPNN method
    /// `getRTCRoomMembers` (administrators read from `administrators`, or `managers` when the
    /// answer has no `administrators`).
    value GetRtcRoomMembersRequest fn get_rtc_room_members(rid: i64) [] -> RtcRoomMembers, GetRtcRoomMembersCallback => deliver_rtc_room_members;
    example {
        use rtm_server_sdk::rtc::{RtcAdminCommand, RtcRoomType};
        assert!(client.pull_into_rtc_room(123456, &[123, 456], RtcRoomType::Voice).call().is_none());
        assert!(client.admin_command(123456, &[456], RtcAdminCommand::AppointAdministrator).call().is_none());
        let members = client.get_rtc_room_members(123456).call()?;
        assert_eq!((members.uids, members.administrators), (vec![123, 456], vec![456]));
    }
    { Ok(quest("getRTCRoomMembers", (("rid", rid),), answer::rtc_room_members)) }

    /// How many members an RTC room has. FPNN method `getRTCRoomMemberCount`.
    value GetRtcRoomMemberCountRequest fn get_rtc_room_member_count(rid: i64) [] -> i64, GetRtcRoomMemberCountCallback => deliver_rtc_room_member_count;
    example {
        assert_eq!(client.get_rtc_room_member_count(123456).call()?, 0);
    }
    { Ok(quest("getRTCRoomMemberCount", (("rid", rid),), answer::count)) }

    /// Whether the microphone of users entering an RTC room is open. FPNN method
    /// `setRTCRoomMicStatus`.
    basic SetRtcRoomMicStatusRequest fn set_rtc_room_mic_status(rid: i64, status: bool) []
    example {
        use rtm_server_sdk::rtc::RtcRoomType;
        assert!(client.pull_into_rtc_room(123456, &[123], RtcRoomType::Voice).call().is_none());
        assert_eq!(client.set_rtc_room_mic_status(123456, true).call(), None);
    }
    { Ok(quest("setRTCRoomMicStatus", (("rid", rid), ("status", status)), answer::nothing)) }

    /// Puts users into an RTC room, creating it (of `room_type`) when it does not exist.
    /// `voice_range` and `max_receive_streams` (keys `voiceRange`, `maxReceiveStreams`,
    /// undocumented by the service) are sent only when set. FPNN method `pullIntoRTCRoom`.
    basic PullIntoRtcRoomRequest fn pull_into_rtc_room(rid: i64, to_uids: &'a [i64], room_type: RtcRoomType) [voice_range: i32, max_receive_streams: i32]
    example {
        use rtm_server_sdk::rtc::RtcRoomType;
        assert_eq!(client.pull_into_rtc_room(123456, &[123, 456], RtcRoomType::Voice).call(), None);
        assert_eq!(client.get_rtc_room_member_count(123456).call()?, 2);
    }
    { Ok(quest("pullIntoRTCRoom", (("rid", rid), ("toUids", to_uids), ("type", room_type.code()), ("voiceRange", voice_range), ("maxReceiveStreams", max_receive_streams)), answer::nothing)) }

    /// An administrator's command on users of an RTC room. FPNN method `adminCommand`.
    basic AdminCommandRequest fn admin_command(rid: i64, uids: &'a [i64], command: RtcAdminCommand) []
    example {
        use rtm_server_sdk::rtc::{RtcAdminCommand, RtcRoomType};
        assert!(client.pull_into_rtc_room(123456, &[123, 456], RtcRoomType::Voice).call().is_none());
        assert_eq!(client.admin_command(123456, &[123, 456], RtcAdminCommand::ForbidAudio).call(), None);
    }
    { Ok(quest("adminCommand", (("rid", rid), ("uids", uids), ("command", command.code())), answer::nothing)) }
}
