//! A tour of the whole RTM server API: every call of the official SDK's vector file (ids
//! T1 ... L6, in the file's order, with the arguments of its `python` column), then every
//! call of the interface 2.7 vector file (N*, CH*, GO*, and the calls that build their
//! state, in that file's order), first all in
//! blocking form, then all in callback form (each callback awaited before the next call),
//! then all in async form (each future driven to its end by `pollster`, an executor with no
//! runtime: the async forms need none in particular).
//!
//! With no arguments it starts the embedded mock server and runs against it:
//!
//! ```text
//! cargo run --example api_tour
//! cargo run --example api_tour -- --json --only Chat
//! cargo run --example api_tour -- --endpoint HOST:PORT --pid N --secret S [--timeout-ms 5000]
//! ```
//!
//! `RTM_ENDPOINT`, `RTM_PID` and `RTM_SECRET` stand in for the flags. `--only FAMILY` runs
//! one family (Token, User, Device, Message, Chat, Friend, Group, Room, Data, Listen, Files,
//! RTC, IMLib).
//! `--json` prints one object per call: `{id, call, method, form, ok, code, message, value,
//! elapsed_ms}`. The exit code is 0 only when every call succeeded.

mod calls;

use std::io::Write;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use calls::{Outcome, TourCall};
use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::{ClientConfig, ClientConfigBuilder, RtmServerClient};
use serde_json::json;

struct Options {
    /// `RTM_ENDPOINT`, `RTM_PID`, `RTM_SECRET` (and timeouts), when set: used when no
    /// `--endpoint` is given.
    env: Option<ClientConfigBuilder>,
    endpoint: Option<String>,
    pid: Option<i32>,
    secret: Option<String>,
    timeout: Duration,
    json: bool,
    only: Option<String>,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        endpoint: None,
        pid: None,
        secret: None,
        env: ClientConfig::from_env().map_err(|e| e.to_string())?,
        timeout: Duration::from_secs(5),
        json: false,
        only: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--endpoint" => options.endpoint = Some(value()?),
            "--pid" => options.pid = Some(value()?.parse().map_err(|e| format!("--pid: {e}"))?),
            "--secret" => options.secret = Some(value()?),
            "--timeout-ms" => {
                let ms: u64 = value()?.parse().map_err(|e| format!("--timeout-ms: {e}"))?;
                options.timeout = Duration::from_millis(ms);
            }
            "--json" => options.json = true,
            "--only" => options.only = Some(value()?),
            "--help" | "-h" => {
                return Err("usage: api_tour [--endpoint HOST:PORT --pid N --secret S] \
                            [--timeout-ms N] [--only FAMILY] [--json]"
                    .into());
            }
            other => return Err(format!("unknown argument {other} (try --help)")),
        }
    }
    Ok(options)
}

/// The client configuration, and the embedded mock when no endpoint is given.
fn target(options: &Options) -> Result<(ClientConfigBuilder, Option<MockServer>), String> {
    match (&options.endpoint, options.pid, &options.secret) {
        (Some(endpoint), Some(pid), Some(secret)) => Ok((
            ClientConfig::builder(endpoint.clone(), pid, secret.as_str()),
            None,
        )),
        (None, None, None) if options.env.is_some() => Ok((options.env.clone().unwrap(), None)),
        (None, _, _) => {
            let mock = MockServer::start()
                .map_err(|e| format!("cannot start the embedded mock server: {e}"))?;
            if !options.json {
                println!("embedded mock RTM server on {}", mock.endpoint());
            }
            // User 2002's client is logged in, as in the reference run: U1 finds it online.
            mock.user_login(2002);
            Ok((mock.client_config(), Some(mock)))
        }
        _ => Err("--endpoint needs --pid and --secret (or RTM_PID and RTM_SECRET)".into()),
    }
}

/// Prints one call's outcome; true when it succeeded.
fn report(
    options: &Options,
    call: &TourCall,
    form: &str,
    outcome: &Outcome,
    elapsed: Duration,
) -> bool {
    let elapsed_ms = elapsed.as_secs_f64() * 1000.0;
    // A closed pipe (`| head`) is not an error of the tour.
    let mut out = std::io::stdout().lock();
    if options.json {
        let (code, message, value) = match outcome {
            Ok(value) => (0, String::new(), value.clone()),
            Err(e) => (e.code, e.message.clone(), serde_json::Value::Null),
        };
        let _ = writeln!(
            out,
            "{}",
            json!({
                "id": call.id, "call": call.call, "method": call.method, "form": form, "ok": outcome.is_ok(),
                "code": code, "message": message, "value": value, "elapsed_ms": elapsed_ms,
            })
        );
    } else {
        let _ = match outcome {
            Ok(value) => writeln!(
                out,
                "{:<4} {:<9} {:<28} ok    {elapsed_ms:7.2} ms  {value:.90}",
                call.id, form, call.call
            ),
            Err(e) => writeln!(
                out,
                "{:<4} {:<9} {:<28} ERROR {elapsed_ms:7.2} ms  {e}",
                call.id, form, call.call
            ),
        };
    }
    outcome.is_ok()
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let (config, _mock) = match target(&options) {
        Ok(target) => target,
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
    let calls: Vec<TourCall> = calls::calls()
        .into_iter()
        .chain(calls::calls_27())
        .filter(|c| {
            options
                .only
                .as_ref()
                .is_none_or(|f| c.family.eq_ignore_ascii_case(f))
        })
        .collect();
    if calls.is_empty() {
        eprintln!("no call in family {:?}", options.only);
        return ExitCode::from(2);
    }
    let timeout = Some(options.timeout);
    let mut failed = 0;
    for call in &calls {
        let started = Instant::now();
        let outcome = (call.blocking)(&client, timeout);
        failed += usize::from(!report(
            &options,
            call,
            "blocking",
            &outcome,
            started.elapsed(),
        ));
    }
    for call in &calls {
        let (tx, rx) = mpsc::channel();
        let started = Instant::now();
        (call.callback)(
            &client,
            timeout,
            Box::new(move |outcome| {
                let _ = tx.send(outcome);
            }),
        );
        let outcome = rx
            .recv_timeout(options.timeout + Duration::from_secs(5))
            .unwrap_or_else(|_| {
                Err(rtm_server_sdk::QuestError::timeout(
                    "the callback did not run",
                ))
            });
        failed += usize::from(!report(
            &options,
            call,
            "callback",
            &outcome,
            started.elapsed(),
        ));
    }
    for call in &calls {
        let started = Instant::now();
        let outcome = pollster::block_on((call.async_form)(&client, timeout));
        failed += usize::from(!report(
            &options,
            call,
            "async",
            &outcome,
            started.elapsed(),
        ));
    }
    let _ = client.close();
    if !options.json {
        println!(
            "{} calls x 3 forms: {} ok, {failed} failed",
            calls.len(),
            3 * calls.len() - failed
        );
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
