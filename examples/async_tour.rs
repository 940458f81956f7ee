//! The room tour in async form, on tokio: every room call awaited in turn, then a batch of
//! them at once.
//!
//! ```text
//! cargo run --example async_tour
//! RTM_ENDPOINT=HOST:PORT RTM_PID=N RTM_SECRET=S cargo run --example async_tour
//! ```
//!
//! With no `RTM_*` variables it runs against the embedded mock server. The exit code is 0
//! only when every call succeeded.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::{ClientConfig, QuestError, RtmServerClient};

const RID: i64 = 1001;
const UID: i64 = 2002;

/// Prints a call's outcome; true when it succeeded.
fn report<T: std::fmt::Debug>(
    call: &str,
    started: Instant,
    outcome: Result<T, QuestError>,
) -> bool {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match &outcome {
        Ok(value) => println!("{call:<20} ok    {ms:6.2} ms  {value:?}"),
        Err(e) => println!("{call:<20} ERROR {ms:6.2} ms  {e}"),
    }
    outcome.is_ok()
}

#[tokio::main]
async fn main() -> ExitCode {
    let (config, _mock) = match ClientConfig::from_env() {
        Ok(Some(config)) => (config, None),
        Ok(None) => {
            let mock = MockServer::start().expect("the embedded mock server starts");
            println!("embedded mock RTM server on {}", mock.endpoint());
            (mock.client_config(), Some(mock))
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let client = match RtmServerClient::new(config) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let timeout = Duration::from_secs(5);
    let mut ok = true;

    let t = Instant::now();
    ok &= report("connect", t, client.connect_async().await);
    let t = Instant::now();
    ok &= report(
        "add_room_member",
        t,
        client.add_room_member(RID, UID).timeout(timeout).await,
    );
    let t = Instant::now();
    let info = client
        .set_room_info(RID)
        .oinfo("public")
        .pinfo("private")
        .timeout(timeout)
        .into_future();
    ok &= report("set_room_info", t, info.await);
    let t = Instant::now();
    ok &= report(
        "get_room_info",
        t,
        client.get_room_info(RID).timeout(timeout).await,
    );
    let t = Instant::now();
    ok &= report(
        "add_room_ban",
        t,
        client.add_room_ban(RID, UID, 60).timeout(timeout).await,
    );
    let t = Instant::now();
    ok &= report(
        "is_ban_of_room",
        t,
        client.is_ban_of_room(RID, UID).timeout(timeout).await,
    );
    let t = Instant::now();
    ok &= report(
        "remove_room_ban",
        t,
        client.remove_room_ban(RID, UID).timeout(timeout).await,
    );
    let t = Instant::now();
    ok &= report(
        "get_room_members",
        t,
        client.get_room_members(RID).timeout(timeout).await,
    );
    let t = Instant::now();
    ok &= report(
        "get_room_count",
        t,
        client.get_room_count(&[RID]).timeout(timeout).await,
    );
    let t = Instant::now();
    ok &= report(
        "delete_room_member",
        t,
        client.delete_room_member(RID, UID).timeout(timeout).await,
    );

    // A hundred calls at once: each future is independent; tokio runs them concurrently.
    let t = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for uid in 0..100 {
        tasks.spawn(
            client
                .add_room_member(RID, uid)
                .timeout(timeout)
                .into_future(),
        );
    }
    let mut failed = 0;
    while let Some(done) = tasks.join_next().await {
        failed += usize::from(!matches!(done, Ok(Ok(()))));
    }
    ok &= report(
        "100 at once",
        t,
        if failed == 0 {
            Ok(100)
        } else {
            Err(QuestError::new(0, format!("{failed} failed")))
        },
    );

    client.close_async().await;
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
