//! Listening (Python SDK: `Listen.md`): which messages and events the service pushes to
//! this connection. Only valid for the current connection.

use crate::answer;
use crate::calls::{calls, quest, refuse};
use crate::error::{QuestError, codes};

fn check_selectors(call: &str, any: bool) -> Result<(), QuestError> {
    if any {
        Ok(())
    } else {
        Err(refuse(
            codes::RTM_EMPTY_PARAMETER,
            &format!("{call} needs at least one selector"),
        ))
    }
}

calls! {
    /// Adds groups, rooms, users (their p2p messages) and events (`"login"`, `"logout"`)
    /// to what this connection hears. FPNN method `addlisten`. Refused before sending: all
    /// `None` (200033).
    basic fn add_listen / add_listen_with_callback(gids: Option<&[i64]>, rids: Option<&[i64]>, uids: Option<&[i64]>, events: Option<&[&str]>)
    example {
        assert_eq!(client.add_listen(Some(&[5005]), Some(&[1001]), None, Some(&["login", "logout"]), None), None);
    }
    {
        check_selectors("add_listen", gids.is_some() || rids.is_some() || uids.is_some() || events.is_some())
            .map(|()| quest("addlisten", (("gids", gids), ("rids", rids), ("uids", uids), ("events", events)), answer::nothing))
    }

    /// Removes groups, rooms, users and events from what this connection hears. FPNN
    /// method `removelisten`. Refused before sending: all `None` (200033).
    basic fn remove_listen / remove_listen_with_callback(gids: Option<&[i64]>, rids: Option<&[i64]>, uids: Option<&[i64]>, events: Option<&[&str]>)
    example {
        assert_eq!(client.remove_listen(Some(&[5005]), None, None, None, None), None);
    }
    {
        check_selectors("remove_listen", gids.is_some() || rids.is_some() || uids.is_some() || events.is_some())
            .map(|()| quest("removelisten", (("gids", gids), ("rids", rids), ("uids", uids), ("events", events)), answer::nothing))
    }

    /// Replaces what this connection hears, for each selector given. FPNN method
    /// `setlisten`. Refused before sending: all `None` (200033).
    basic fn set_listen / set_listen_with_callback(gids: Option<&[i64]>, rids: Option<&[i64]>, uids: Option<&[i64]>, events: Option<&[&str]>)
    example {
        assert_eq!(client.set_listen(None, Some(&[1001]), None, Some(&["login"]), None), None);
    }
    {
        check_selectors("set_listen", gids.is_some() || rids.is_some() || uids.is_some() || events.is_some())
            .map(|()| quest("setlisten", (("gids", gids), ("rids", rids), ("uids", uids), ("events", events)), answer::nothing))
    }

    /// Switches hearing everything on or off, per kind: every p2p message, group message,
    /// room message, event. FPNN method `setlisten` (as `set_listen`); `Some(false)` is
    /// sent. Refused before sending: all `None` (200033).
    basic fn set_all_listen / set_all_listen_with_callback(p2p: Option<bool>, group: Option<bool>, room: Option<bool>, ev: Option<bool>)
    example {
        assert_eq!(client.set_all_listen(Some(true), Some(true), Some(true), Some(true), None), None);
    }
    {
        check_selectors("set_all_listen", p2p.is_some() || group.is_some() || room.is_some() || ev.is_some())
            .map(|()| quest("setlisten", (("p2p", p2p), ("group", group), ("room", room), ("ev", ev)), answer::nothing))
    }
}
