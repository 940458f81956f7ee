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
use std::time::Duration;

use parking_lot::Mutex;

use crate::answer;
use crate::calls::{Params, Quest, quest, refuse};
use crate::config::ClientConfig;
use crate::error::{QuestError, codes};
use crate::{BasicCallback, RtmServerClient};

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
    events: Option<&[&str]>,
) -> Selectors {
    Selectors {
        gids: gids.map(<[i64]>::to_vec),
        rids: rids.map(<[i64]>::to_vec),
        uids: uids.map(<[i64]>::to_vec),
        events: events.map(|e| e.iter().map(|s| s.to_string()).collect()),
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
struct ListenCall<P> {
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
struct Recorded<P> {
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
    events: Option<&'a [&'a str]>,
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

impl RtmServerClient {
    /// The blocking form of a listen call.
    fn listen<P: Params>(&self, c: ListenCall<P>, timeout: Option<Duration>) -> Option<QuestError> {
        c.recorded(self.listen_state())
            .and_then(|call| self.call(call, timeout))
            .err()
    }

    fn listen_with_callback<P: Params>(
        &self,
        c: ListenCall<P>,
        timeout: Option<Duration>,
        callback: impl BasicCallback,
    ) {
        let call = c.recorded(self.listen_state());
        self.call_or_refuse_with_callback(call, timeout, move |r| callback.callback(r.err()));
    }

    fn listen_async<P: Params>(
        &self,
        c: ListenCall<P>,
        timeout: Option<Duration>,
    ) -> impl std::future::Future<Output = Option<QuestError>> + Send + 'static + use<P> {
        let call = self.call_or_refuse_async(c.recorded(self.listen_state()), timeout);
        async move {
            match call {
                Ok(call) => call.await.err(),
                Err(error) => Some(error),
            }
        }
    }
}
/// The three forms of `addlisten`, `removelisten` or `setlisten`.
macro_rules! selector_forms {
    ($(#[$doc:meta])* $how:ident => $name:ident, $with_callback:ident, $async_name:ident) => {
        $(#[$doc])*
        #[must_use]
        pub fn $name(
            &self,
            gids: Option<&[i64]>,
            rids: Option<&[i64]>,
            uids: Option<&[i64]>,
            events: Option<&[&str]>,
            timeout: Option<Duration>,
        ) -> Option<QuestError> {
            self.listen(selector_call(Change::$how, gids, rids, uids, events), timeout)
        }

        #[doc = concat!("The callback form of [`", stringify!($name), "`](Self::", stringify!($name), ").")]
        pub fn $with_callback(
            &self,
            gids: Option<&[i64]>,
            rids: Option<&[i64]>,
            uids: Option<&[i64]>,
            events: Option<&[&str]>,
            timeout: Option<Duration>,
            callback: impl BasicCallback,
        ) {
            let c = selector_call(Change::$how, gids, rids, uids, events);
            self.listen_with_callback(c, timeout, callback)
        }

        #[doc = concat!("The async form of [`", stringify!($name), "`](Self::", stringify!($name), ").")]
        pub fn $async_name(
            &self,
            gids: Option<&[i64]>,
            rids: Option<&[i64]>,
            uids: Option<&[i64]>,
            events: Option<&[&str]>,
            timeout: Option<Duration>,
        ) -> impl std::future::Future<Output = Option<QuestError>> + Send + 'static + use<> {
            let c = selector_call(Change::$how, gids, rids, uids, events);
            let call = self.call_or_refuse_async(c.recorded(self.listen_state()), timeout);
            async move {
                match call {
                    Ok(call) => call.await.err(),
                    Err(error) => Some(error),
                }
            }
        }
    };
}

impl RtmServerClient {
    selector_forms! {
    /// Adds groups, rooms, users (their p2p messages) and events (`"login"`, `"logout"`)
    /// to what this connection hears. FPNN method `addlisten`. Refused before sending: all
    /// `None` (200033). Remembered and restored on reconnection once acknowledged.
    ///
    /// Blocks until the outcome: `None` on success, or the error. The callback form is
    /// [`add_listen_with_callback`](Self::add_listen_with_callback).
    ///
    /// ```
    /// # let server = rtm_server_sdk::mock::MockServer::start()?;
    /// # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.add_listen(Some(&[5005]), Some(&[1001]), None, Some(&["login", "logout"]), None), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
        Add => add_listen, add_listen_with_callback, add_listen_async
    }

    selector_forms! {
    /// Removes groups, rooms, users and events from what this connection hears. FPNN
    /// method `removelisten`. Refused before sending: all `None` (200033).
    ///
    /// ```
    /// # let server = rtm_server_sdk::mock::MockServer::start()?;
    /// # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.remove_listen(Some(&[5005]), None, None, None, None), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
        Remove => remove_listen, remove_listen_with_callback, remove_listen_async
    }

    selector_forms! {
    /// Replaces what this connection hears, for each selector given. FPNN method
    /// `setlisten`. Refused before sending: all `None` (200033).
    ///
    /// ```
    /// # let server = rtm_server_sdk::mock::MockServer::start()?;
    /// # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.set_listen(None, Some(&[1001]), None, Some(&["login"]), None), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
        Set => set_listen, set_listen_with_callback, set_listen_async
    }

    /// Switches hearing everything on or off, per kind: every p2p message, group message,
    /// room message, event. FPNN method `setlisten` (as `set_listen`); `Some(false)` is
    /// sent. Refused before sending: all `None` (200033).
    ///
    /// ```
    /// # let server = rtm_server_sdk::mock::MockServer::start()?;
    /// # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
    /// assert_eq!(client.set_all_listen(Some(true), Some(true), Some(true), Some(true), None), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn set_all_listen(
        &self,
        p2p: Option<bool>,
        group: Option<bool>,
        room: Option<bool>,
        ev: Option<bool>,
        timeout: Option<Duration>,
    ) -> Option<QuestError> {
        self.listen(switch_call([p2p, group, room, ev]), timeout)
    }

    /// The callback form of [`set_all_listen`](Self::set_all_listen).
    pub fn set_all_listen_with_callback(
        &self,
        p2p: Option<bool>,
        group: Option<bool>,
        room: Option<bool>,
        ev: Option<bool>,
        timeout: Option<Duration>,
        callback: impl BasicCallback,
    ) {
        self.listen_with_callback(switch_call([p2p, group, room, ev]), timeout, callback)
    }

    /// The async form of [`set_all_listen`](Self::set_all_listen).
    pub fn set_all_listen_async(
        &self,
        p2p: Option<bool>,
        group: Option<bool>,
        room: Option<bool>,
        ev: Option<bool>,
        timeout: Option<Duration>,
    ) -> impl std::future::Future<Output = Option<QuestError>> + Send + 'static + use<> {
        self.listen_async(switch_call([p2p, group, room, ev]), timeout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_follows_add_remove_set_and_the_switches() {
        let mut state = ListenState::default();
        state.apply(
            Change::Add,
            selectors(Some(&[1, 2]), None, Some(&[9]), Some(&["login"])),
        );
        state.apply(Change::Remove, selectors(Some(&[1]), None, None, None));
        state.apply(
            Change::Set,
            selectors(None, Some(&[7]), None, Some(&["logout"])),
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
