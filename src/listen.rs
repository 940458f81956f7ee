//! Listening (Python SDK: `Listen.md`): which messages and events the service pushes to
//! this connection ([`push`](crate::push) says how they are delivered).
//!
//! The service keeps this state per connection, so a new connection starts with none. The
//! client remembers what the service acknowledged (`add_listen`, `remove_listen`,
//! `set_listen`, `set_all_listen` that succeeded) and sends it again on every new
//! connection, before any other call of yours goes out; the connection callback's
//! [`listen_restored`](crate::ConnectionCallback::listen_restored) says when that
//! succeeded or failed. A back end therefore keeps hearing a room across network blips.

use std::collections::BTreeSet;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::RtmServerClient;
use crate::answer;
use crate::calls::{Params, Quest, calls, quest, refuse};
use crate::config::ClientConfig;
use crate::error::{QuestError, codes};

/// How a selector list changes the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Add,
    Remove,
    Set,
}

impl Change {
    fn method(self) -> &'static str {
        match self {
            Change::Add => "addlisten",
            Change::Remove => "removelisten",
            Change::Set => "setlisten",
        }
    }

    fn call(self) -> &'static str {
        match self {
            Change::Add => "add_listen",
            Change::Remove => "remove_listen",
            Change::Set => "set_listen",
        }
    }
}

/// The selectors of a listen call, owned.
#[derive(Debug, Clone, Default)]
struct Selectors {
    gids: Option<Vec<i64>>,
    rids: Option<Vec<i64>>,
    uids: Option<Vec<i64>>,
    events: Option<Vec<String>>,
}

/// What the service acknowledged this client listens to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ListenState {
    gids: BTreeSet<i64>,
    rids: BTreeSet<i64>,
    uids: BTreeSet<i64>,
    events: BTreeSet<String>,
    p2p: Option<bool>,
    group: Option<bool>,
    room: Option<bool>,
    ev: Option<bool>,
}

fn change<T: Ord>(set: &mut BTreeSet<T>, values: Option<Vec<T>>, how: Change) {
    let Some(values) = values else {
        return;
    };
    match how {
        Change::Add => set.extend(values),
        Change::Remove => {
            for v in values {
                set.remove(&v);
            }
        }
        Change::Set => *set = values.into_iter().collect(),
    }
}

impl ListenState {
    fn apply(&mut self, how: Change, s: Selectors) {
        change(&mut self.gids, s.gids, how);
        change(&mut self.rids, s.rids, how);
        change(&mut self.uids, s.uids, how);
        change(&mut self.events, s.events, how);
    }

    fn apply_all(&mut self, flags: [Option<bool>; 4]) {
        for (slot, flag) in [&mut self.p2p, &mut self.group, &mut self.room, &mut self.ev]
            .into_iter()
            .zip(flags)
        {
            if flag.is_some() {
                *slot = flag;
            }
        }
    }

    /// The signed quests that give a new connection this state: a `setlisten` of the
    /// non-empty selectors, and one of the switches that were set. None when nothing is
    /// listened to.
    pub fn restore_quests(&self, config: &ClientConfig) -> Vec<Result<Vec<u8>, QuestError>> {
        let mut quests = Vec::new();
        let non_empty = |set: &BTreeSet<i64>| {
            (!set.is_empty()).then(|| set.iter().copied().collect::<Vec<_>>())
        };
        let (gids, rids, uids) = (
            non_empty(&self.gids),
            non_empty(&self.rids),
            non_empty(&self.uids),
        );
        let events: Vec<&str> = self.events.iter().map(String::as_str).collect();
        let events = (!events.is_empty()).then_some(events);
        if gids.is_some() || rids.is_some() || uids.is_some() || events.is_some() {
            let params = (
                ("gids", gids.as_deref()),
                ("rids", rids.as_deref()),
                ("uids", uids.as_deref()),
                ("events", events.as_deref()),
            );
            let call = quest("setlisten", params, answer::nothing);
            quests.push(crate::client::encode(config, &call));
        }
        if [self.p2p, self.group, self.room, self.ev]
            .iter()
            .any(Option::is_some)
        {
            let params = (
                ("p2p", self.p2p),
                ("group", self.group),
                ("room", self.room),
                ("ev", self.ev),
            );
            let call = quest("setlisten", params, answer::nothing);
            quests.push(crate::client::encode(config, &call));
        }
        quests
    }
}

/// The shared listen state: the client updates it, the I/O thread restores it.
pub(crate) type SharedListen = Arc<Mutex<ListenState>>;

fn selectors(
    gids: Option<&[i64]>,
    rids: Option<&[i64]>,
    uids: Option<&[i64]>,
    events: Option<&[ListenEvent<'_>]>,
) -> Selectors {
    Selectors {
        gids: gids.map(<[i64]>::to_vec),
        rids: rids.map(<[i64]>::to_vec),
        uids: uids.map(<[i64]>::to_vec),
        events: events.map(|e| e.iter().map(|s| s.as_str().to_string()).collect()),
    }
}

fn refused(call: &str) -> QuestError {
    refuse(
        codes::RTM_EMPTY_PARAMETER,
        &format!("{call} needs at least one selector"),
    )
}

/// What the remembered state becomes once a listen call succeeds.
#[derive(Debug, Clone)]
enum Update {
    Change(Change, Selectors),
    Switches([Option<bool>; 4]),
}

impl ListenState {
    fn update(&mut self, update: Update) {
        match update {
            Update::Change(how, s) => self.apply(how, s),
            Update::Switches(flags) => self.apply_all(flags),
        }
    }
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

impl<P: Params> crate::client::Call for Recorded<P> {
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

    fn write_params(&self, w: &mut crate::codec::msgpack::PayloadWriter<'_>) {
        self.quest.write_params(w)
    }

    fn parser(&self) -> crate::calls::Reader<()> {
        self.quest.parser()
    }

    fn on_ok(&self) -> Option<crate::engine::OnOk> {
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

impl crate::calls::Param for &[ListenEvent<'_>] {
    fn write(&self, w: &mut crate::codec::msgpack::PayloadWriter<'_>) {
        w.array_len(self.len() as u32);
        for event in *self {
            w.str(event.as_str());
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_follows_add_remove_set_and_the_switches() {
        let mut state = ListenState::default();
        state.apply(
            Change::Add,
            selectors(Some(&[1, 2]), None, Some(&[9]), Some(&[ListenEvent::Login])),
        );
        state.apply(Change::Remove, selectors(Some(&[1]), None, None, None));
        state.apply(
            Change::Set,
            selectors(None, Some(&[7]), None, Some(&[ListenEvent::Logout])),
        );
        state.apply_all([Some(false), None, Some(true), None]);
        assert_eq!(state.gids, BTreeSet::from([2]));
        assert_eq!(state.rids, BTreeSet::from([7]));
        assert_eq!(state.uids, BTreeSet::from([9]));
        assert_eq!(state.events, BTreeSet::from(["logout".to_string()]));
        assert_eq!(
            (state.p2p, state.group, state.room, state.ev),
            (Some(false), None, Some(true), None)
        );
        let config = ClientConfig::new("h:1", 1, "s");
        assert_eq!(state.restore_quests(&config).len(), 2);
        assert!(ListenState::default().restore_quests(&config).is_empty());
    }
}
