//! What the service acknowledged this client listens to, and the quests that restore it
//! on a new connection.

use std::collections::BTreeSet;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::config::ClientConfig;
use crate::error::QuestError;
use crate::types::listen::ListenEvent;
use crate::wire::answer;
use crate::wire::call::quest;

/// How a selector list changes the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Add,
    Remove,
    Set,
}

impl Change {
    pub(crate) fn method(self) -> &'static str {
        match self {
            Change::Add => "addlisten",
            Change::Remove => "removelisten",
            Change::Set => "setlisten",
        }
    }

    pub(crate) fn call(self) -> &'static str {
        match self {
            Change::Add => "add_listen",
            Change::Remove => "remove_listen",
            Change::Set => "set_listen",
        }
    }
}

/// The selectors of a listen call, owned.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selectors {
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
            quests.push(crate::wire::call::encode(
                config.pid(),
                config.secret(),
                config.max_frame_len(),
                &call,
            ));
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
            quests.push(crate::wire::call::encode(
                config.pid(),
                config.secret(),
                config.max_frame_len(),
                &call,
            ));
        }
        quests
    }
}

/// The shared listen state: the client updates it, the I/O thread restores it.
pub(crate) type SharedListen = Arc<Mutex<ListenState>>;

pub(crate) fn selectors(
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

/// What the remembered state becomes once a listen call succeeds.
#[derive(Debug, Clone)]
pub(crate) enum Update {
    Change(Change, Selectors),
    Switches([Option<bool>; 4]),
}

impl ListenState {
    pub(crate) fn update(&mut self, update: Update) {
        match update {
            Update::Change(how, s) => self.apply(how, s),
            Update::Switches(flags) => self.apply_all(flags),
        }
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
