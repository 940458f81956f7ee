//! Runs the embedded mock RTM server on its own, until Ctrl-C: for benchmarks with the
//! server in another process (and on another core), or to try a client by hand.
//!
//! ```text
//! cargo run --release --example mock_server -- --bind 127.0.0.1:13315 [--pid N] [--secret S] [--no-replay-check] [--write-each-answer]
//! ```
//!
//! `--write-each-answer`: one write per answer, as FPNN's C++ server writes them (see
//! `MockServerBuilder::write_each_answer`).

use std::net::SocketAddr;

use rtm_server_sdk::mock::{DEFAULT_MOCK_PID, DEFAULT_MOCK_SECRET, MockServer};

fn main() {
    let mut bind: SocketAddr = "127.0.0.1:13315".parse().unwrap();
    let mut pid = DEFAULT_MOCK_PID;
    let mut secret = DEFAULT_MOCK_SECRET.to_string();
    let mut check_replay = true;
    let mut write_each_answer = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--bind" => {
                bind = value()
                    .parse()
                    .unwrap_or_else(|e| usage(&format!("--bind: {e}")))
            }
            "--pid" => {
                pid = value()
                    .parse()
                    .unwrap_or_else(|e| usage(&format!("--pid: {e}")))
            }
            "--secret" => secret = value(),
            "--no-replay-check" => check_replay = false,
            "--write-each-answer" => write_each_answer = true,
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let server = MockServer::builder()
        .bind(bind)
        .pid(pid)
        .secret(secret.as_str())
        .check_replay(check_replay)
        .write_each_answer(write_each_answer)
        .start()
        .unwrap_or_else(|e| usage(&format!("cannot listen on {bind}: {e}")));
    println!(
        "mock RTM server on {} (pid {pid}); Ctrl-C stops it",
        server.endpoint()
    );
    loop {
        std::thread::park();
    }
}

fn usage(message: &str) -> ! {
    eprintln!(
        "{message}\nusage: mock_server [--bind ADDR] [--pid N] [--secret S] [--no-replay-check] [--write-each-answer]"
    );
    std::process::exit(2)
}
