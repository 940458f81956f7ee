//! Listening (Python SDK: `Listen.md`): which messages and events the service pushes to
//! this connection ([`push`](crate::push) says how they are delivered).
//!
//! The service keeps this state per connection, so a new connection starts with none. The
//! client remembers what the service acknowledged (`add_listen`, `remove_listen`,
//! `set_listen`, `set_all_listen` that succeeded) and sends it again on every new
//! connection, before any other call of yours goes out; the connection callback's
//! [`listen_restored`](crate::ConnectionCallback::listen_restored) says when that
//! succeeded or failed. A back end therefore keeps hearing a room across network blips.
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`add_listen`](crate::RtmServerClient::add_listen) → [`AddListenRequest`]
//! - [`remove_listen`](crate::RtmServerClient::remove_listen) → [`RemoveListenRequest`]
//! - [`set_listen`](crate::RtmServerClient::set_listen) → [`SetListenRequest`]
//! - [`set_all_listen`](crate::RtmServerClient::set_all_listen) → [`SetAllListenRequest`]
//! <!-- calls: end -->

use super::calls;
use crate::RtmServerClient;
use crate::engine::listen::{Change, SharedListen, Update, selectors};
use crate::error::{QuestError, codes};
use crate::wire::answer;
use crate::wire::call::{Params, Quest, quest, refuse};

pub use crate::types::listen::ListenEvent;

fn refused(call: &str) -> QuestError {
    refuse(
        codes::RTM_EMPTY_PARAMETER,
        &format!("{call} needs at least one selector"),
    )
}

/// A listen call: its quest (or why it is refused before sending) and what it changes.
pub(crate) struct ListenCall<P> {
    quest: Result<Quest<P, ()>, QuestError>,
    update: Update,
}

impl<P: Params> ListenCall<P> {
    /// The call that records its change when the service acknowledges it: on the I/O
    /// thread, as the OK answer is matched, in the order the service answered, whatever
    /// becomes of the caller (a dropped future, a busy callback thread).
    fn recorded(self, state: &SharedListen) -> Result<Recorded<P>, QuestError> {
        Ok(Recorded {
            quest: self.quest?,
            update: self.update,
            state: state.clone(),
        })
    }
}

/// A listen quest with the state update it makes once acknowledged.
pub(crate) struct Recorded<P> {
    quest: Quest<P, ()>,
    update: Update,
    state: SharedListen,
}

impl<P: Params> crate::wire::call::Call for Recorded<P> {
    type Output = ();

    fn method(&self) -> &str {
        self.quest.method()
    }

    fn name(&self) -> std::borrow::Cow<'static, str> {
        self.quest.name()
    }

    fn param_count(&self) -> u32 {
        self.quest.param_count()
    }

    fn write_params(&self, w: &mut crate::wire::codec::msgpack::PayloadWriter<'_>) {
        self.quest.write_params(w)
    }

    fn parser(&self) -> crate::wire::call::Reader<()> {
        self.quest.parser()
    }

    fn on_ok(&self) -> Option<crate::wire::call::OnOk> {
        let (state, update) = (self.state.clone(), self.update.clone());
        Some(Box::new(move || state.lock().update(update)))
    }
}

/// `addlisten`, `removelisten` or `setlisten` with selectors.
fn selector_call<'a>(
    how: Change,
    gids: Option<&'a [i64]>,
    rids: Option<&'a [i64]>,
    uids: Option<&'a [i64]>,
    events: Option<&'a [ListenEvent<'a>]>,
) -> ListenCall<impl Params + 'a> {
    let params = (
        ("gids", gids),
        ("rids", rids),
        ("uids", uids),
        ("events", events),
    );
    let empty = gids.is_none() && rids.is_none() && uids.is_none() && events.is_none();
    ListenCall {
        quest: if empty {
            Err(refused(how.call()))
        } else {
            Ok(quest(how.method(), params, answer::nothing))
        },
        update: Update::Change(how, selectors(gids, rids, uids, events)),
    }
}

/// `setlisten` with the switches that hear everything of a kind.
fn switch_call(flags: [Option<bool>; 4]) -> ListenCall<impl Params> {
    let [p2p, group, room, ev] = flags;
    let params = (("p2p", p2p), ("group", group), ("room", room), ("ev", ev));
    ListenCall {
        quest: if flags.iter().all(Option::is_none) {
            Err(refused("set_all_listen"))
        } else {
            Ok(quest("setlisten", params, answer::nothing))
        },
        update: Update::Switches(flags),
    }
}

/// A listen call, recorded in the client's listen state once the service acknowledges it.
pub(crate) fn recorded<P: Params>(
    client: &RtmServerClient,
    call: ListenCall<P>,
) -> Result<Recorded<P>, QuestError> {
    call.recorded(client.listen_state())
}

calls! {
    /// Adds groups, rooms, users (their p2p messages) and events to what this connection
    /// hears. FPNN method `addlisten`; every argument is a keyword argument. Refused
    /// before sending: none set (200033). Remembered and restored on reconnection once
    /// acknowledged.
    listen AddListenRequest fn add_listen() [gids: &'a [i64], rids: &'a [i64], uids: &'a [i64], events: &'a [ListenEvent<'a>]]
    example {
        use rtm_server_sdk::listen::ListenEvent;
        let events = [ListenEvent::Login, ListenEvent::Logout];
        assert_eq!(client.add_listen().gids(&[5005]).rids(&[1001]).events(&events).call(), None);
    }
    { selector_call(Change::Add, gids, rids, uids, events) }

    /// Removes groups, rooms, users and events from what this connection hears. FPNN
    /// method `removelisten`. Refused before sending: none set (200033).
    listen RemoveListenRequest fn remove_listen() [gids: &'a [i64], rids: &'a [i64], uids: &'a [i64], events: &'a [ListenEvent<'a>]]
    example {
        assert_eq!(client.remove_listen().gids(&[5005]).call(), None);
    }
    { selector_call(Change::Remove, gids, rids, uids, events) }

    /// Replaces what this connection hears, for each selector given. FPNN method
    /// `setlisten`. Refused before sending: none set (200033).
    listen SetListenRequest fn set_listen() [gids: &'a [i64], rids: &'a [i64], uids: &'a [i64], events: &'a [ListenEvent<'a>]]
    example {
        use rtm_server_sdk::listen::ListenEvent;
        assert_eq!(client.set_listen().rids(&[1001]).events(&[ListenEvent::Login]).call(), None);
    }
    { selector_call(Change::Set, gids, rids, uids, events) }

    /// Switches hearing everything on or off, per kind: every p2p message, group message,
    /// room message, event. FPNN method `setlisten` (as `set_listen`); `false` is sent.
    /// Refused before sending: none set (200033).
    listen SetAllListenRequest fn set_all_listen() [p2p: bool, group: bool, room: bool, ev: bool]
    example {
        assert_eq!(client.set_all_listen().p2p(true).group(true).room(true).ev(true).call(), None);
    }
    { switch_call([p2p, group, room, ev]) }
}
