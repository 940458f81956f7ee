//! A small RTM back end as services build it, on axum: HTTP endpoints that issue a login
//! token, send a room message, page a room's history, and relay a room's pushes as
//! server-sent events (see `app.rs` for the routes).
//!
//! ```text
//! cargo run --example axum_backend                          # against the embedded mock
//! RTM_ENDPOINT=HOST:PORT RTM_PID=N RTM_SECRET=S cargo run --example axum_backend
//! cargo run --example axum_backend -- --bind 127.0.0.1:8080
//!
//! curl -X POST localhost:3000/users/2002/token
//! curl -N localhost:3000/rooms/1001/events &
//! curl -X POST localhost:3000/rooms/1001/messages -H 'content-type: application/json' \
//!      -d '{"from": 2002, "text": "hello"}'
//! curl 'localhost:3000/rooms/1001/messages?uid=2002&num=10'
//! ```

mod app;

use std::process::ExitCode;

use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::{ClientConfig, RtmServerClient};

#[tokio::main]
async fn main() -> ExitCode {
    let mut bind = "127.0.0.1:3000".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--bind", Some(addr)) => bind = addr,
            _ => {
                eprintln!("usage: axum_backend [--bind ADDR:PORT]");
                return ExitCode::from(2);
            }
        }
    }
    // The service from RTM_ENDPOINT, RTM_PID and RTM_SECRET; without them, the mock.
    let (config, _mock) = match ClientConfig::from_env() {
        Ok(Some(config)) => (config, None),
        Ok(None) => {
            let mock = MockServer::start().expect("the embedded mock server starts");
            println!("embedded mock RTM server on {}", mock.endpoint());
            (mock.client_config().auto_reconnect(true), Some(mock))
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
            return ExitCode::from(2);
        }
    };
    if let Err(e) = client.connect_async().await {
        eprintln!("cannot connect: {e}");
        return ExitCode::FAILURE;
    }
    let listener = match tokio::net::TcpListener::bind(&bind).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {bind}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "listening on http://{}",
        listener.local_addr().expect("bound")
    );
    if let Err(e) = axum::serve(listener, app::router(client.clone())).await {
        eprintln!("the HTTP server failed: {e}");
        return ExitCode::FAILURE;
    }
    client.close_async().await;
    ExitCode::SUCCESS
}
