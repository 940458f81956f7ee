//! A back end that listens to a room (and to logins and logouts) while another client
//! talks in it, printing each push; against the embedded mock server.
//!
//! ```text
//! cargo run --example listen
//! ```

use std::sync::mpsc;
use std::time::Duration;

use rtm_server_sdk::listen::ListenEvent;
use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::push::QuestProcessor;
use rtm_server_sdk::{ConnectionCallback, MessageBody, QuestError, RtmServerClient};

/// Prints what the service pushes, and counts it.
struct Printer(mpsc::Sender<()>);

impl QuestProcessor for Printer {
    fn push_room_chat(
        &self,
        from_uid: i64,
        rid: i64,
        mid: i64,
        msg: String,
        _attrs: String,
        _mtime: i64,
    ) {
        println!("room {rid}: user {from_uid} says {msg:?} (mid {mid})");
        let _ = self.0.send(());
    }

    fn push_room_audio(
        &self,
        from_uid: i64,
        rid: i64,
        _mid: i64,
        msg: Vec<u8>,
        _attrs: String,
        _mtime: i64,
    ) {
        println!(
            "room {rid}: user {from_uid} sent {} bytes of audio",
            msg.len()
        );
        let _ = self.0.send(());
    }

    fn push_room_message(
        &self,
        from_uid: i64,
        rid: i64,
        mtype: i64,
        _mid: i64,
        msg: MessageBody,
        _attrs: String,
        _mtime: i64,
    ) {
        println!("room {rid}: user {from_uid} sent a message of type {mtype}: {msg:?}");
        let _ = self.0.send(());
    }

    fn push_event(
        &self,
        _pid: i64,
        event: String,
        uid: i64,
        _time: i64,
        _endpoint: String,
        _data: Option<String>,
    ) {
        println!("event: user {uid} {event}");
        let _ = self.0.send(());
    }
}

/// Reports connections and the restoring of the listen state after a reconnection.
struct Connections(mpsc::Sender<()>);

impl ConnectionCallback for Connections {
    fn connected(&self, id: u64, endpoint: &str, is_reconnect: bool) {
        println!("connection {id} to {endpoint} (reconnect: {is_reconnect})");
    }

    fn closed(&self, id: u64, _endpoint: &str, by_error: bool, _is_reconnect: bool) {
        println!("connection {id} closed (by error: {by_error})");
    }

    fn listen_restored(&self, id: u64, error: Option<QuestError>) {
        match error {
            None => println!("connection {id}: listening again to what it listened to"),
            Some(e) => println!("connection {id}: could not listen again: {e}"),
        }
        let _ = self.0.send(());
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start()?;
    println!("embedded mock RTM server on {}", server.endpoint());

    // The back end: listens to room 1001 and to logins and logouts, reconnects by itself.
    let backend = RtmServerClient::new(server.client_config().auto_reconnect(true))?;
    let (heard_tx, heard) = mpsc::channel();
    backend.set_quest_processor(Printer(heard_tx));
    let (restored_tx, restored) = mpsc::channel();
    backend.set_connection_callback(Connections(restored_tx));
    if let Some(error) = backend
        .add_listen()
        .rids(&[1001])
        .events(&[ListenEvent::Login, ListenEvent::Logout])
        .call()
    {
        return Err(error.into());
    }

    // Another client talks in the room, and a user logs in and out.
    let talker = RtmServerClient::new(server.client_config())?;
    talker
        .send_room_chat(2002, 1001, "hello, room", "")
        .call()?;
    talker
        .send_room_audio(2002, 1001, &[0x01, 0x02, 0x03], "")
        .call()?;
    talker
        .send_room_message(51, 2003, 1001, "a custom message", "")
        .call()?;
    talker
        .send_room_chat(2002, 1002, "not heard: another room", "")
        .call()?;
    talker.get_token(2004).call()?;
    server.user_login(2004); // the user's client logs in with its token, then out
    server.user_logout(2004);

    // The network blips: the back end reconnects and listens again, then hears the room.
    server.close_connections();
    restored.recv_timeout(Duration::from_secs(10))?;
    talker
        .send_room_chat(2003, 1001, "still there?", "")
        .call()?;

    for _ in 0..6 {
        heard.recv_timeout(Duration::from_secs(5))?;
    }
    println!("heard 6 pushes");
    Ok(())
}
