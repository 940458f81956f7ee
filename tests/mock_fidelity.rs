//! The mock as strict as the service: it refuses what the spec says the service refuses,
//! with the service's codes (reserved mtypes, empty required lists, oversized info), takes
//! the valid values next to them, and sends `login`/`logout` events when a user's client
//! logs in or out (`MockServer::user_login`, `user_logout`), never when a token is issued.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use rtm_server_sdk::error::codes;
use rtm_server_sdk::file::FileContent;
use rtm_server_sdk::listen::ListenEvent;
use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::push::QuestProcessor;
use rtm_server_sdk::rmpv::Value;
use rtm_server_sdk::{QuestError, RtmServerClient, SendError};

/// Asserts that the server (not the client) refused the call with `code`.
fn refused_by_the_mock(error: Option<QuestError>, code: i32, what: &str) {
    let error = error.unwrap_or_else(|| panic!("{what}: accepted"));
    assert_eq!(error.code, code, "{what}: {error:?}");
    assert!(
        error.is_server_error(),
        "{what}: not the mock's refusal: {error:?}"
    );
}

fn params(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

/// Sends `mtype` through each of the five plain send calls; their errors, by method.
fn send_everywhere(
    client: &RtmServerClient,
    mtype: i64,
) -> Vec<(&'static str, Option<QuestError>)> {
    let err = |r: Result<_, SendError>| r.err().map(QuestError::from);
    vec![
        (
            "sendmsg",
            err(client.send_message(mtype, 2002, 2003, "m", "").call()),
        ),
        (
            "sendmsgs",
            err(client.send_messages(mtype, 2002, &[2003], "m", "").call()),
        ),
        (
            "sendgroupmsg",
            err(client.send_group_message(mtype, 2002, 5005, "m", "").call()),
        ),
        (
            "sendroommsg",
            err(client.send_room_message(mtype, 2002, 1001, "m", "").call()),
        ),
        (
            "broadcastmsg",
            err(client.broadcast_message(mtype, 2002, "m", "").call()),
        ),
    ]
}

#[test]
fn plain_sends_refuse_the_mtypes_reserved_for_the_service_with_200005() {
    let server = mock();
    let client = client_for(&server);
    // 40-50 are the file types: taken (a voice message of mtype 41 sent with
    // `sendgroupmsg` is vector S12 of rtm-api-2.7-quests.json; see mock_27).
    for mtype in [-1, 0, 1, 29, 33, 35, 39] {
        for (method, error) in send_everywhere(&client, mtype) {
            refused_by_the_mock(
                error,
                codes::RTM_INVALID_MTYPE,
                &format!("{method} mtype {mtype}"),
            );
        }
    }
    // A refused message is neither stored nor pushed.
    let page = client.get_p2p_message(2002, 2003, true, 10).call().unwrap();
    assert!(page.msgs.is_empty(), "{page:?}");
}

#[test]
fn plain_sends_take_the_chat_types_and_the_types_above_50() {
    let server = mock();
    let client = client_for(&server);
    for mtype in [30, 31, 32, 51, 127] {
        for (method, error) in send_everywhere(&client, mtype) {
            assert_eq!(error, None, "{method} mtype {mtype}");
        }
    }
    assert!(client.send_chat(2002, 2003, "hi", "").call().is_ok());
    assert!(client.send_audio(2002, 2003, &[1, 2], "").call().is_ok());
    assert!(client.send_cmd(2002, 2003, "go", "").call().is_ok());
    let page = client
        .get_p2p_message(2002, 2003, false, 50)
        .call()
        .unwrap();
    let mtypes: Vec<i64> = page.msgs.iter().map(|m| m.mtype).collect();
    assert_eq!(
        mtypes,
        [30, 30, 31, 31, 32, 32, 51, 51, 127, 127, 30, 31, 32]
    );
}

#[test]
fn files_keep_their_mtypes_below_51() {
    let server = mock();
    let client = client_for(&server);
    for mtype in [40, 50] {
        let file = FileContent::bytes("a.png", &[1, 2, 3]);
        let sent = client.send_file(2002, 2003, mtype, file).call();
        assert!(sent.is_ok(), "mtype {mtype}: {sent:?}");
    }
}

#[test]
fn empty_required_id_lists_are_refused_with_200033() {
    let server = mock();
    let client = client_for(&server);
    let empty = codes::RTM_EMPTY_PARAMETER;
    let sent = client.send_messages(51, 2002, &[], "m", "").call();
    refused_by_the_mock(sent.err().map(QuestError::from), empty, "sendmsgs tos");
    refused_by_the_mock(
        client.get_online_users(&[]).call().err(),
        empty,
        "getonlineusers",
    );
    refused_by_the_mock(
        client.get_user_open_info(&[]).call().err(),
        empty,
        "getuseropeninfo",
    );
    refused_by_the_mock(
        client.add_group_members(5005, &[]).call(),
        empty,
        "addgroupmembers",
    );
    refused_by_the_mock(
        client.delete_group_members(5005, &[]).call(),
        empty,
        "delgroupmembers",
    );
    refused_by_the_mock(client.add_friends(2002, &[]).call(), empty, "addfriends");
    refused_by_the_mock(client.delete_friends(2002, &[]).call(), empty, "delfriends");
    refused_by_the_mock(
        client.is_friends(2002, &[]).call().err(),
        empty,
        "isfriends",
    );
    // The client refuses an empty get_room_count before sending; the mock does too.
    let local = client.get_room_count(&[]).call().unwrap_err();
    assert_eq!((local.code, local.is_server_error()), (empty, false));
    let answer = client
        .send_quest("getroomcount", params(vec![("rids", Value::Array(vec![]))]))
        .call();
    refused_by_the_mock(answer.err(), empty, "getroomcount");
}

#[test]
fn one_id_is_enough_for_a_required_list() {
    let server = mock();
    let client = client_for(&server);
    assert!(
        client
            .send_messages(51, 2002, &[2003], "m", "")
            .call()
            .is_ok()
    );
    assert_eq!(client.get_online_users(&[2002]).call(), Ok(vec![]));
    assert!(client.get_user_open_info(&[2002]).call().is_ok());
    assert_eq!(client.add_group_members(5005, &[2002]).call(), None);
    assert_eq!(client.get_group_members(5005).call(), Ok(vec![2002]));
    assert_eq!(client.delete_group_members(5005, &[2002]).call(), None);
    assert_eq!(client.add_friends(2002, &[2003]).call(), None);
    assert_eq!(client.is_friends(2002, &[2003]).call(), Ok(vec![2003]));
    assert_eq!(client.delete_friends(2002, &[2003]).call(), None);
    assert!(client.get_room_count(&[1001]).call().is_ok());
}

#[test]
fn info_over_65535_bytes_is_refused_with_the_code_the_client_refuses_it_with() {
    let server = mock();
    let client = client_for(&server);
    let fits = "o".repeat(65_535);
    let too_long = "x".repeat(65_536);
    let local = client.set_room_info(1001).oinfo(&too_long).call().unwrap();
    assert_eq!(
        (local.code, local.is_server_error()),
        (codes::RTM_LARGE_MESSAGE_OR_ATTRS, false)
    );
    for (method, id_key, id) in [
        ("setroominfo", "rid", 1001),
        ("setuserinfo", "uid", 2002),
        ("setgroupinfo", "gid", 5005),
    ] {
        for key in ["oinfo", "pinfo"] {
            let ok = client
                .send_quest(
                    method,
                    params(vec![(id_key, id.into()), (key, fits.as_str().into())]),
                )
                .call();
            assert!(ok.is_ok(), "{method} {key} of 65,535 bytes: {ok:?}");
            let refused = client
                .send_quest(
                    method,
                    params(vec![(id_key, id.into()), (key, too_long.as_str().into())]),
                )
                .call();
            refused_by_the_mock(refused.err(), local.code, &format!("{method} {key}"));
        }
    }
    // The refused values changed nothing.
    let fitted = (Some(fits.clone()), Some(fits.clone()));
    let room = client.get_room_info(1001).call().unwrap();
    assert_eq!((room.oinfo, room.pinfo), fitted);
    let user = client.get_user_info(2002).call().unwrap();
    assert_eq!((user.oinfo, user.pinfo), fitted);
    let group = client.get_group_info(5005).call().unwrap();
    assert_eq!((group.oinfo, group.pinfo), fitted);
}

/// Records the events and room chats pushed to a connection, in order.
#[derive(Clone, Default)]
struct Heard(Arc<Mutex<Vec<String>>>);

impl Heard {
    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    /// Waits for the room chat `marker`; gives what came before it. Pushes reach a
    /// connection in the order the mock sends them, so nothing sent before the marker can
    /// come after it.
    fn until(&self, marker: &str) -> Vec<String> {
        let line = format!("chat {marker}");
        assert!(
            eventually(Duration::from_secs(10), || self.lines().contains(&line)),
            "no {line:?} in {:?}",
            self.lines()
        );
        let lines = self.lines();
        let end = lines.iter().position(|l| *l == line).unwrap();
        let before = lines[..end].to_vec();
        self.0.lock().unwrap().drain(..=end);
        before
    }
}

impl QuestProcessor for Heard {
    fn push_event(
        &self,
        pid: i64,
        event: String,
        uid: i64,
        time: i64,
        _: String,
        _: Option<String>,
    ) {
        assert!(pid > 0 && time > 0);
        self.0.lock().unwrap().push(format!("{event} {uid}"));
    }
    fn push_room_chat(&self, _: i64, _: i64, _: i64, msg: String, _: String, _: i64) {
        self.0.lock().unwrap().push(format!("chat {msg}"));
    }
}

/// A client with a recorder, listening to room 1 (for markers) and to `events`, or to every
/// event when `events` is `None`.
fn listener(server: &MockServer, events: Option<&[ListenEvent]>) -> (RtmServerClient, Heard) {
    let client = client_for(server);
    let heard = Heard::default();
    client.set_quest_processor(heard.clone());
    let mut listen = client.add_listen().rids(&[1]);
    if let Some(events) = events {
        listen = listen.events(events);
    }
    assert_eq!(listen.call(), None);
    if events.is_none() {
        assert_eq!(client.set_all_listen().ev(true).call(), None);
    }
    (client, heard)
}

/// Sends the room chat `marker` to room 1.
fn mark(client: &RtmServerClient, marker: &str) {
    client.send_room_chat(1, 1, marker, "").call().unwrap();
}

#[test]
fn get_token_and_remove_token_log_nobody_in_or_out() {
    let server = mock();
    let (client, heard) = listener(&server, None);
    client.get_token(2002).call().unwrap();
    mark(&client, "after gettoken");
    assert_eq!(heard.until("after gettoken"), Vec::<String>::new());
    assert_eq!(client.get_online_users(&[2002]).call(), Ok(vec![]));

    server.user_login(2002);
    assert_eq!(client.remove_token(2002).call(), None);
    mark(&client, "after removetoken");
    assert_eq!(heard.until("after removetoken"), ["login 2002"]);
    assert_eq!(client.get_online_users(&[2002]).call(), Ok(vec![2002]));
}

#[test]
fn user_login_and_logout_reach_the_listeners_of_each_event_and_of_all_events() {
    let server = mock();
    let (_all_client, all) = listener(&server, None);
    let (_login_client, logins) = listener(&server, Some(&[ListenEvent::Login]));
    let (_logout_client, logouts) = listener(&server, Some(&[ListenEvent::Logout]));
    let (_deaf_client, deaf) = listener(&server, Some(&[]));
    let talker = client_for(&server);

    server.user_login(2002);
    assert_eq!(
        talker.get_online_users(&[2002, 2003]).call(),
        Ok(vec![2002])
    );
    server.user_logout(2002);
    assert_eq!(talker.get_online_users(&[2002, 2003]).call(), Ok(vec![]));
    mark(&talker, "done");

    assert_eq!(all.until("done"), ["login 2002", "logout 2002"]);
    assert_eq!(logins.until("done"), ["login 2002"]);
    assert_eq!(logouts.until("done"), ["logout 2002"]);
    assert_eq!(deaf.until("done"), Vec::<String>::new());
}

#[test]
fn events_follow_changes_of_the_online_state_only() {
    let server = mock();
    let (client, heard) = listener(&server, None);
    server.user_logout(2002); // never logged in
    server.user_login(2002);
    server.user_login(2002); // already in
    assert_eq!(client.kickout(2002).ce("127.0.0.1:13321").call(), None); // one login only
    assert_eq!(client.get_online_users(&[2002]).call(), Ok(vec![2002]));
    assert_eq!(client.kickout(2002).call(), None); // every login: the user is out
    assert_eq!(client.get_online_users(&[2002]).call(), Ok(vec![]));
    server.user_logout(2002); // already out
    mark(&client, "done");
    assert_eq!(heard.until("done"), ["login 2002", "logout 2002"]);
}
