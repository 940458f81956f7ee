//! A configuration no connection could work with is refused when the client is made (and by
//! `try_build`), with a configuration error that names the bad value and never the secret,
//! and that is not a connection error: a retry loop on connection errors stops at once.

use rtm_server_sdk::error::{ErrorOrigin, codes};
use rtm_server_sdk::{ClientConfig, ClientConfigBuilder, QuestError, RtmServerClient};

const PID: i32 = 11_000_001;
const SECRET: &str = "s3cret-that-must-never-show";

/// The errors of `validate`, `try_build` and `RtmServerClient::new` for the same builder.
fn refusals(builder: ClientConfigBuilder) -> [QuestError; 3] {
    let by_validate = builder.clone().build().validate().unwrap_err();
    let by_try_build = builder.clone().try_build().unwrap_err();
    let by_new = match RtmServerClient::new(builder) {
        Ok(client) => {
            client.close().unwrap();
            panic!("RtmServerClient::new accepted {:?}", client.config())
        }
        Err(error) => error,
    };
    [by_validate, by_try_build, by_new]
}

fn assert_refused(builder: ClientConfigBuilder, names: &str) {
    let what = format!("{builder:?}");
    for error in refusals(builder) {
        assert_eq!(error.code, codes::CLIENT_INVALID_CONFIG, "{what}: {error}");
        assert_eq!(error.origin, ErrorOrigin::Client, "{what}");
        assert!(error.is_config_error(), "{what}: {error}");
        assert!(!error.is_connection_error(), "{what}: {error}");
        assert!(!error.is_server_error() && !error.is_timeout(), "{what}");
        assert!(
            error.message.contains(names),
            "{what}: {error} does not name {names}"
        );
        let text = format!("{error} {error:?}");
        assert!(!text.contains(SECRET), "{text}");
    }
}

#[test]
fn malformed_endpoints_are_refused_naming_the_endpoint() {
    for endpoint in [
        "",
        "localhost",
        "127.0.0.1:99999",
        "127.0.0.1:0",
        "127.0.0.1:",
        "127.0.0.1:+80",
        ":13315",
        "http://host:1",
        "host:1/path",
        " 127.0.0.1:1 ",
        "127.0.0.1:1\n",
        "rtm example.com:1",
        "::1:80",
        "[::1]",
        "[::1:80",
        "[not-an-address]:80",
    ] {
        let quoted = format!("{endpoint:?}");
        assert_refused(ClientConfig::builder(endpoint, PID, SECRET), &quoted);
    }
}

#[test]
fn a_project_id_below_one_is_refused_naming_it() {
    for pid in [0, -1, i32::MIN] {
        assert_refused(
            ClientConfig::builder("127.0.0.1:13315", pid, SECRET),
            &format!("pid {pid}"),
        );
    }
}

#[test]
fn an_empty_secret_is_refused() {
    assert_refused(ClientConfig::builder("127.0.0.1:13315", PID, ""), "secret");
}

#[test]
fn every_usable_endpoint_form_is_accepted() {
    for endpoint in [
        "127.0.0.1:13315",
        "127.0.0.1:1",
        "127.0.0.1:65535",
        "[::1]:80",
        "[fe80::1%2]:80",
        "localhost:13315",
        "files.example.com:80",
        "rtm-nx-front.ilivedata.com:13315",
        "under_score.example:8080",
    ] {
        let builder = ClientConfig::builder(endpoint, PID, SECRET);
        assert_eq!(builder.clone().build().validate(), Ok(()), "{endpoint}");
        let config = builder.clone().try_build().expect(endpoint);
        assert_eq!(config.endpoint(), endpoint);
        // Made without connecting: the client connects on its first call.
        let client = RtmServerClient::new(builder).expect(endpoint);
        assert_eq!(client.config().endpoint(), endpoint);
        client.close().unwrap();
    }
}

#[test]
fn the_mocks_own_configurations_are_accepted() {
    let server = rtm_server_sdk::mock::MockServer::start().unwrap();
    let client = RtmServerClient::new(server.client_config()).unwrap();
    assert_eq!(client.add_room_member(1, 2).call(), None);
    client.close().unwrap();
    if let Ok(v6) = rtm_server_sdk::mock::MockServer::builder()
        .bind("[::1]:0".parse().unwrap())
        .start()
    {
        let config = v6.client_config().try_build().unwrap();
        assert!(config.endpoint().starts_with("[::1]:"));
        let client = RtmServerClient::new(config).unwrap();
        assert_eq!(client.add_room_member(1, 2).call(), None);
        client.close().unwrap();
    }
}
