//! A tour of every room call, in both forms.
//!
//! With no arguments it starts the embedded mock server and runs against it:
//!
//! ```text
//! cargo run --example room_tour
//! cargo run --example room_tour -- --json
//! cargo run --example room_tour -- --endpoint HOST:PORT --pid N --secret S [--rid 1001] [--uid 2002] [--timeout-ms 5000]
//! cargo run --example room_tour -- --endpoint HOST:PORT ... --server-key server-public.pem [--curve secp256k1] [--bits 128|256] [--stream]
//! cargo run --example room_tour -- --encrypt [--curve secp256r1] [--bits 256] [--stream]   # the mock, encrypted
//! ```
//!
//! `RTM_ENDPOINT`, `RTM_PID` and `RTM_SECRET` stand in for the flags. The exit code is 0
//! only when every call succeeded.

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rtm_server_sdk::crypto::{Curve, Mode, Strength};
use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::{ClientConfig, ClientConfigBuilder, QuestError, RtmServerClient};
use serde_json::{Value, json};

struct Options {
    /// `RTM_ENDPOINT`, `RTM_PID`, `RTM_SECRET` (and timeouts), when set: used when no
    /// `--endpoint` is given.
    env: Option<ClientConfigBuilder>,
    endpoint: Option<String>,
    pid: Option<i32>,
    secret: Option<String>,
    rid: i64,
    uid: i64,
    timeout: Duration,
    json: bool,
    server_key: Option<String>,
    encrypt: bool,
    curve: String,
    bits: i64,
    stream: bool,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        endpoint: None,
        pid: None,
        secret: None,
        env: ClientConfig::from_env().map_err(|e| e.to_string())?,
        rid: 1001,
        uid: 2002,
        timeout: Duration::from_secs(5),
        json: false,
        server_key: None,
        encrypt: false,
        curve: "secp256k1".into(),
        bits: 128,
        stream: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<i64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--endpoint" => options.endpoint = Some(value()?),
            "--pid" => options.pid = Some(number(value()?)? as i32),
            "--secret" => options.secret = Some(value()?),
            "--rid" => options.rid = number(value()?)?,
            "--uid" => options.uid = number(value()?)?,
            "--timeout-ms" => options.timeout = Duration::from_millis(number(value()?)? as u64),
            "--json" => options.json = true,
            "--server-key" => options.server_key = Some(value()?),
            "--encrypt" => options.encrypt = true,
            "--curve" => options.curve = value()?,
            "--bits" => options.bits = number(value()?)?,
            "--stream" => options.stream = true,
            "--help" | "-h" => {
                return Err(
                    "usage: room_tour [--endpoint HOST:PORT --pid N --secret S] \
                            [--rid N] [--uid N] [--timeout-ms N] [--json]"
                        .into(),
                );
            }
            other => return Err(format!("unknown argument {other} (try --help)")),
        }
    }
    Ok(options)
}

/// One line of the tour.
struct Outcome {
    call: &'static str,
    form: &'static str,
    error: Option<QuestError>,
    value: Value,
    elapsed: Duration,
}

struct Tour {
    client: RtmServerClient,
    rid: i64,
    uid: i64,
    timeout: Duration,
    json: bool,
    failures: usize,
}

impl Tour {
    fn report(&mut self, outcome: Outcome) {
        let ms = outcome.elapsed.as_secs_f64() * 1000.0;
        if outcome.error.is_some() {
            self.failures += 1;
        }
        if self.json {
            let (code, message) = match &outcome.error {
                Some(e) => (json!(e.code), json!(e.message)),
                None => (Value::Null, Value::Null),
            };
            let line = json!({
                "call": outcome.call,
                "form": outcome.form,
                "ok": outcome.error.is_none(),
                "code": code,
                "message": message,
                "value": outcome.value,
                "elapsed_ms": (ms * 1000.0).round() / 1000.0,
            });
            println!("{line}");
            return;
        }
        let status = match &outcome.error {
            None => "ok".to_string(),
            Some(e) => format!("FAILED {e}"),
        };
        let value = match &outcome.value {
            Value::Null => String::new(),
            v => format!("  -> {v}"),
        };
        println!(
            "{:<9} {:<19} {:>8.3} ms  {status}{value}",
            outcome.form, outcome.call, ms
        );
    }

    fn blocking(
        &mut self,
        call: &'static str,
        run: impl FnOnce(&Tour) -> (Option<QuestError>, Value),
    ) {
        let started = Instant::now();
        let (error, value) = run(self);
        let elapsed = started.elapsed();
        self.report(Outcome {
            call,
            form: "blocking",
            error,
            value,
            elapsed,
        });
    }

    /// Starts a callback-form call and waits for its callback before going on.
    fn callback(
        &mut self,
        call: &'static str,
        start: impl FnOnce(&Tour, mpsc::Sender<(Option<QuestError>, Value)>),
    ) {
        let (tx, rx) = mpsc::channel();
        let started = Instant::now();
        start(self, tx);
        let wait = self.timeout + Duration::from_secs(5);
        let (error, value) = rx.recv_timeout(wait).unwrap_or_else(|_| {
            (
                Some(QuestError::timeout("the callback did not run")),
                Value::Null,
            )
        });
        let elapsed = started.elapsed();
        self.report(Outcome {
            call,
            form: "callback",
            error,
            value,
            elapsed,
        });
    }

    fn run_blocking_forms(&mut self) {
        let (rid, uid, t) = (self.rid, self.uid, self.timeout);
        self.blocking("add_room_member", |s| {
            (
                s.client.add_room_member(rid, uid).timeout(t).call(),
                Value::Null,
            )
        });
        self.blocking("set_room_info", |s| {
            (
                s.client
                    .set_room_info(rid)
                    .oinfo("public")
                    .pinfo("private")
                    .timeout(t)
                    .call(),
                Value::Null,
            )
        });
        self.blocking("get_room_info", |s| {
            match s.client.get_room_info(rid).timeout(t).call() {
                Ok(info) => (None, json!({"oinfo": info.oinfo, "pinfo": info.pinfo})),
                Err(e) => (Some(e), Value::Null),
            }
        });
        self.blocking("add_room_ban", |s| {
            (
                s.client.add_room_ban(rid, uid, 60).timeout(t).call(),
                Value::Null,
            )
        });
        self.blocking("is_ban_of_room", |s| {
            match s.client.is_ban_of_room(rid, uid).timeout(t).call() {
                Ok(banned) => (None, json!(banned)),
                Err(e) => (Some(e), Value::Null),
            }
        });
        self.blocking("remove_room_ban", |s| {
            (
                s.client.remove_room_ban(rid, uid).timeout(t).call(),
                Value::Null,
            )
        });
        self.blocking("delete_room_member", |s| {
            (
                s.client.delete_room_member(rid, uid).timeout(t).call(),
                Value::Null,
            )
        });
    }

    fn run_callback_forms(&mut self) {
        let (rid, uid, t) = (self.rid, self.uid, self.timeout);
        let basic = |tx: mpsc::Sender<(Option<QuestError>, Value)>| {
            move |error: Option<QuestError>| {
                let _ = tx.send((error, Value::Null));
            }
        };
        self.callback("add_room_member", |s, tx| {
            s.client
                .add_room_member(rid, uid)
                .timeout(t)
                .with_callback(basic(tx))
        });
        self.callback("set_room_info", |s, tx| {
            s.client
                .set_room_info(rid)
                .oinfo("public")
                .pinfo("private")
                .timeout(t)
                .with_callback(basic(tx))
        });
        self.callback("get_room_info", |s, tx| {
            s.client.get_room_info(rid).timeout(t).with_callback(
                move |oinfo: Option<String>, pinfo: Option<String>, error: Option<QuestError>| {
                    let value = json!({"oinfo": oinfo, "pinfo": pinfo});
                    let _ = tx.send((error, value));
                },
            )
        });
        self.callback("add_room_ban", |s, tx| {
            s.client
                .add_room_ban(rid, uid, 60)
                .timeout(t)
                .with_callback(basic(tx))
        });
        self.callback("is_ban_of_room", |s, tx| {
            s.client.is_ban_of_room(rid, uid).timeout(t).with_callback(
                move |banned: bool, error| {
                    let _ = tx.send((error, json!(banned)));
                },
            )
        });
        self.callback("remove_room_ban", |s, tx| {
            s.client
                .remove_room_ban(rid, uid)
                .timeout(t)
                .with_callback(basic(tx))
        });
        self.callback("delete_room_member", |s, tx| {
            s.client
                .delete_room_member(rid, uid)
                .timeout(t)
                .with_callback(basic(tx))
        });
    }

    fn run_extra_calls(&mut self) {
        let (rid, t) = (self.rid, self.timeout);
        self.blocking("get_room_members", |s| {
            match s.client.get_room_members(rid).timeout(t).call() {
                Ok(uids) => (None, json!(uids)),
                Err(e) => (Some(e), Value::Null),
            }
        });
        self.blocking("get_room_count", |s| {
            match s.client.get_room_count(&[rid]).timeout(t).call() {
                Ok(counts) => (None, counts_json(&counts)),
                Err(e) => (Some(e), Value::Null),
            }
        });
        self.callback("get_room_members", |s, tx| {
            s.client
                .get_room_members(rid)
                .timeout(t)
                .with_callback(move |uids: Vec<i64>, error| {
                    let _ = tx.send((error, json!(uids)));
                })
        });
        self.callback("get_room_count", |s, tx| {
            s.client.get_room_count(&[rid]).timeout(t).with_callback(
                move |counts: HashMap<i64, i64>, error| {
                    let _ = tx.send((error, counts_json(&counts)));
                },
            )
        });
    }
}

fn counts_json(counts: &HashMap<i64, i64>) -> Value {
    let map: serde_json::Map<String, Value> = counts
        .iter()
        .map(|(rid, n)| (rid.to_string(), json!(n)))
        .collect();
    Value::Object(map)
}

/// The client configuration, and the embedded mock when no endpoint is given (kept alive
/// for the whole tour).
fn build_config(options: &Options) -> Result<(ClientConfigBuilder, Option<MockServer>), String> {
    let curve =
        Curve::from_name(&options.curve).ok_or(format!("unknown curve {}", options.curve))?;
    let strength = Strength::from_bits(options.bits).ok_or("--bits must be 128 or 256")?;
    let mode = if options.stream {
        Mode::Stream
    } else {
        Mode::Package
    };
    let given = match (&options.endpoint, options.pid, &options.secret) {
        (Some(endpoint), Some(pid), Some(secret)) => Some(ClientConfig::builder(
            endpoint.clone(),
            pid,
            secret.as_str(),
        )),
        (None, None, None) => options.env.clone(),
        _ => None,
    };
    match (given, &options.endpoint) {
        (Some(mut config), _) => {
            if let Some(path) = &options.server_key {
                config = config
                    .enable_encryptor_by_pem_file(path, curve, strength)
                    .map_err(|e| e.to_string())?
                    .encryption_mode(mode);
            }
            Ok((config, None))
        }
        (None, None) => {
            let mut builder = MockServer::builder();
            if options.encrypt {
                let private_key = vec![0x1f; curve.field_size()];
                builder = builder
                    .encryption_key(curve, &private_key)
                    .map_err(|e| e.to_string())?
                    .require_encryption(true);
            }
            let mock = builder
                .start()
                .map_err(|e| format!("cannot start the embedded mock server: {e}"))?;
            if !options.json {
                let how = if options.encrypt {
                    format!(", encrypted: {curve}, AES-{}, {mode:?} mode", options.bits)
                } else {
                    String::new()
                };
                println!(
                    "embedded mock RTM server on {} (pid {}{how})",
                    mock.endpoint(),
                    mock.pid()
                );
            }
            let config = if options.encrypt {
                mock.encrypted_client_config(strength, mode)
                    .ok_or("the mock has no key")?
            } else {
                mock.client_config()
            };
            Ok((config, Some(mock)))
        }
        _ => Err("--endpoint needs --pid and --secret (or RTM_PID and RTM_SECRET)".into()),
    }
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let (config, _mock) = match build_config(&options) {
        Ok(built) => built,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let client = match RtmServerClient::new(config) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("cannot start the client: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut tour = Tour {
        client,
        rid: options.rid,
        uid: options.uid,
        timeout: options.timeout,
        json: options.json,
        failures: 0,
    };
    tour.run_blocking_forms();
    tour.run_callback_forms();
    tour.run_extra_calls();
    let _ = tour.client.close();
    if tour.failures == 0 {
        if !options.json {
            println!("every call succeeded");
        }
        ExitCode::SUCCESS
    } else {
        if !options.json {
            println!("{} call(s) failed", tour.failures);
        }
        ExitCode::FAILURE
    }
}
