//! The secret never appears in Debug output, error messages or log lines.

use std::sync::Mutex;
use std::time::Duration;

use rtm_server_sdk::mock::{Fault, FaultRule, MockServer};
use rtm_server_sdk::{ClientConfig, QuestError, RtmServerClient};

const SECRET: &str = "do-not-leak-7f3a9c";

/// Every log line, at every level.
struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{} {}", record.level(), record.args()));
    }
    fn flush(&self) {}
}

static LOGS: Capture = Capture(Mutex::new(Vec::new()));

#[test]
fn the_secret_appears_in_no_debug_output_error_or_log_line() {
    log::set_logger(&LOGS).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let server = MockServer::builder().secret(SECRET).start().unwrap();
    let config = ClientConfig::builder(server.endpoint(), server.pid(), SECRET)
        .keep_alive(Some(Duration::from_millis(50)))
        .build();
    let client = RtmServerClient::new(config.clone()).unwrap();
    let mut texts = vec![
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{:?}", config.to_builder()),
        format!("{client:?}"),
        format!("{server:?}"),
        format!("{:?}", config.secret()),
        format!("{}", config.secret()),
    ];

    // Errors of every kind: success, server error, timeout, closed, not connected, refused.
    let mut errors: Vec<QuestError> = Vec::new();
    assert_eq!(client.add_room_member(1, 2).call(), None);
    server.add_fault(FaultRule::new(Fault::NoAnswer).times(1));
    errors.extend(
        client
            .add_room_member(1, 2)
            .timeout(Duration::from_millis(50))
            .call(),
    );
    server.add_fault(FaultRule::new(Fault::Garbage).times(1));
    errors.extend(client.add_room_member(1, 2).call());
    errors.extend(client.set_room_info(1).call());
    std::thread::sleep(Duration::from_millis(200));
    let wrong = RtmServerClient::new(ClientConfig::builder(
        server.endpoint(),
        server.pid(),
        "another-secret",
    ))
    .unwrap();
    errors.extend(wrong.add_room_member(1, 2).call());
    server.stop();
    errors.extend(client.add_room_member(1, 2).call());
    client.close().unwrap();
    errors.extend(client.add_room_member(1, 2).call());
    assert!(errors.len() >= 6, "{errors:?}");
    for error in &errors {
        texts.push(format!("{error} {error:?}"));
    }

    let logs = LOGS.0.lock().unwrap().clone();
    assert!(!logs.is_empty(), "the scenario logs something");
    texts.extend(logs);
    for text in &texts {
        assert!(!text.contains(SECRET), "leaked in: {text}");
    }
}
