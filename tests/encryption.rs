//! Encrypted connections through the mock: every curve x strength x mode, reconnects,
//! faults, and clear errors for wrong keys and missing support.
#![cfg(feature = "encryption")]

mod common;

use std::time::Duration;

use common::*;
use rtm_server_sdk::crypto::{Curve, EncryptionConfig, EncryptionError, Mode, Strength};
use rtm_server_sdk::error::codes;
use rtm_server_sdk::mock::{Fault, FaultRule, MockServer};
use rtm_server_sdk::{ClientConfig, QuestError, RtmServerClient};

fn encrypted_mock(curve: Curve) -> MockServer {
    MockServer::builder()
        .encryption_key(curve, &vec![0x1f; curve.field_size()])
        .unwrap()
        .require_encryption(true)
        .start()
        .unwrap()
}

/// Every room call once, blocking and callback, in a room of its own.
fn all_calls_succeed(client: &RtmServerClient, what: &str) {
    static ROOMS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1);
    let rid = ROOMS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let t = Duration::from_secs(5);
    assert_eq!(
        client.add_room_member(rid, 2).timeout(t).call(),
        None,
        "{what}"
    );
    assert_eq!(
        client
            .set_room_info(rid)
            .oinfo("public")
            .pinfo("private")
            .timeout(t)
            .call(),
        None,
        "{what}"
    );
    let info = client.get_room_info(rid).timeout(t).call().unwrap();
    assert_eq!(info.pinfo.as_deref(), Some("private"), "{what}");
    assert_eq!(
        client.add_room_ban(rid, 2, 60).timeout(t).call(),
        None,
        "{what}"
    );
    assert_eq!(
        client.is_ban_of_room(rid, 2).timeout(t).call(),
        Ok(true),
        "{what}"
    );
    assert_eq!(
        client.remove_room_ban(rid, 2).timeout(t).call(),
        None,
        "{what}"
    );
    assert_eq!(
        client.get_room_members(rid).timeout(t).call(),
        Ok(vec![2]),
        "{what}"
    );
    assert_eq!(
        client.get_room_count(&[rid]).timeout(t).call().unwrap()[&rid],
        1,
        "{what}"
    );
    assert_eq!(
        client.delete_room_member(rid, 2).timeout(t).call(),
        None,
        "{what}"
    );
    let (error, _) = basic_cb(|cb| client.add_room_member(rid, 3).timeout(t).with_callback(cb));
    assert_eq!(error, None, "{what} (callback)");
}

struct ClosedCounter(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl rtm_server_sdk::ConnectionCallback for ClosedCounter {
    fn connected(&self, _: u64, _: &str, _: bool) {}
    fn closed(&self, _: u64, _: &str, _: bool, _: bool) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn every_curve_strength_and_mode_serves_all_calls_including_after_a_reconnect() {
    for curve in Curve::ALL {
        let server = encrypted_mock(curve);
        for strength in [Strength::Aes128, Strength::Aes256] {
            for mode in [Mode::Package, Mode::Stream] {
                let what = format!("{curve} {strength:?} {mode:?}");
                let before = server.stats().connections;
                let config = server.encrypted_client_config(strength, mode).unwrap();
                let client = client_with(config);
                let closed = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
                client.set_connection_callback(ClosedCounter(closed.clone()));
                all_calls_succeed(&client, &what);
                server.close_connections();
                assert!(eventually(PROMPT, || closed
                    .load(std::sync::atomic::Ordering::SeqCst)
                    == 1));
                all_calls_succeed(&client, &format!("{what} after a reconnect"));
                assert_eq!(server.stats().connections, before + 2, "{what}");
                client.close().unwrap();
            }
        }
        assert_eq!(
            server.quest_count("*key"),
            8,
            "{curve}: one *key per connection"
        );
    }
}

#[test]
fn faults_behave_the_same_over_encryption() {
    let server = encrypted_mock(Curve::Secp256k1);
    for mode in [Mode::Package, Mode::Stream] {
        let client = client_with(
            server
                .encrypted_client_config(Strength::Aes128, mode)
                .unwrap(),
        );
        assert_eq!(client.add_room_member(1, 2).call(), None);
        for fault in [
            Fault::Delay(Duration::from_millis(50)),
            Fault::ByteByByte(Duration::from_millis(1)),
            Fault::PushFirst,
            Fault::OutOfOrder,
            Fault::DuplicateAnswer,
        ] {
            server.add_fault(FaultRule::new(fault.clone()).times(1));
            assert_eq!(
                client.add_room_member(1, 2).call(),
                None,
                "{mode:?} {fault:?}"
            );
        }
        server.add_fault(FaultRule::new(Fault::NoAnswer).times(1));
        let error = client
            .add_room_member(1, 2)
            .timeout(Duration::from_millis(100))
            .call()
            .unwrap();
        assert!(error.is_timeout(), "{mode:?}: {error}");
        server.add_fault(FaultRule::new(Fault::Garbage).times(1));
        let error = client.add_room_member(1, 2).call().unwrap();
        assert_eq!(
            error.code,
            codes::CORE_CONNECTION_CLOSED,
            "{mode:?}: {error}"
        );
        assert_eq!(
            client.add_room_member(1, 2).call(),
            None,
            "{mode:?}: reconnected"
        );
    }
}

#[test]
fn a_wrong_server_key_fails_the_handshake_clearly_and_quickly() {
    let server = encrypted_mock(Curve::Secp256k1);
    let other_key = MockServer::builder()
        .encryption_key(Curve::Secp256k1, &[0x2e; 32])
        .unwrap()
        .start()
        .unwrap()
        .server_key()
        .unwrap();
    for mode in [Mode::Package, Mode::Stream] {
        let config = server
            .client_config()
            .encryption(Some(EncryptionConfig::new(
                other_key.clone(),
                Strength::Aes128,
                mode,
            )));
        let client = client_with(config);
        let (error, elapsed) = timed(|| client.add_room_member(1, 2).call());
        let error = error.expect("a wrong key cannot work");
        assert_eq!(
            error.code,
            codes::CORE_INVALID_CONNECTION,
            "{mode:?}: {error}"
        );
        assert!(
            error.message.contains("encryption handshake failed"),
            "{error}"
        );
        assert!(elapsed < PROMPT, "{mode:?}: {elapsed:?}");
    }
}

#[test]
fn a_server_without_encryption_refuses_the_handshake() {
    let plain = mock();
    let key = encrypted_mock(Curve::Secp256r1).server_key().unwrap();
    let client = client_with(plain.client_config().encryption(Some(EncryptionConfig::new(
        key,
        Strength::Aes256,
        Mode::Package,
    ))));
    let error = client.add_room_member(1, 2).call().unwrap();
    assert_eq!(error.code, codes::CORE_INVALID_CONNECTION, "{error}");
    assert!(
        error.message.contains("encryption handshake failed"),
        "{error}"
    );
}

#[test]
fn a_server_requiring_encryption_closes_plain_connections() {
    let server = encrypted_mock(Curve::Secp256k1);
    let client = client_for(&server);
    let error: QuestError = client.add_room_member(1, 2).call().unwrap();
    assert!(error.is_connection_error(), "{error}");
}

#[test]
fn key_files_are_checked_when_loaded() {
    let pem = "-----BEGIN PUBLIC KEY-----\nMFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEUF8jSoH+OviGJevaJZ267ETHKxgeL2Rz\nX4uOyNfPc3dm8iTqDFRCP9kUAo6P2BUCEz+a7595TlvmADVfxfOhUA==\n-----END PUBLIC KEY-----\n";
    let dir = std::env::temp_dir().join(format!("rtm-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("server-public.pem");
    std::fs::write(&good, pem).unwrap();
    let truncated = dir.join("truncated.pem");
    std::fs::write(&truncated, &pem[..60]).unwrap();

    let base = ClientConfig::builder("127.0.0.1:1", 1, "s");
    let config = base
        .clone()
        .enable_encryptor_by_pem_file(&good, Curve::Secp256k1, Strength::Aes128)
        .unwrap()
        .build();
    assert_eq!(
        config.encryption().unwrap().server_key.curve(),
        Curve::Secp256k1
    );
    assert_eq!(config.encryption().unwrap().mode, Mode::Package);

    let mismatch = base
        .clone()
        .enable_encryptor_by_pem_file(&good, Curve::Secp256r1, Strength::Aes128)
        .unwrap_err();
    assert_eq!(
        mismatch,
        EncryptionError::CurveMismatch {
            key: Curve::Secp256k1,
            expected: Curve::Secp256r1
        }
    );
    assert!(mismatch.to_string().contains("curve mismatch"));
    let bad = base
        .clone()
        .enable_encryptor_by_pem_file(&truncated, Curve::Secp256k1, Strength::Aes128)
        .unwrap_err();
    assert!(
        matches!(bad, EncryptionError::Pem(_) | EncryptionError::Der(_)),
        "{bad}"
    );
    let missing = base
        .enable_encryptor_by_pem_file(dir.join("nope.pem"), Curve::Secp256k1, Strength::Aes128)
        .unwrap_err();
    assert!(matches!(missing, EncryptionError::Io { .. }), "{missing}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_pem_file_of_the_servers_key_is_all_a_client_needs() {
    let server = encrypted_mock(Curve::Secp224r1);
    let path = std::env::temp_dir().join(format!("rtm-mock-{}.pem", std::process::id()));
    std::fs::write(&path, server.server_key().unwrap().to_pem()).unwrap();
    let config = server
        .client_config()
        .enable_encryptor_by_pem_file(&path, Curve::Secp224r1, Strength::Aes256)
        .unwrap()
        .encryption_mode(Mode::Stream);
    assert_eq!(
        config.clone().build().encryption().unwrap().mode,
        Mode::Stream
    );
    let client = client_with(config);
    all_calls_succeed(&client, "from a PEM file");
    let der = server.server_key().unwrap().to_der();
    let from_der = client_with(
        server
            .client_config()
            .enable_encryptor_by_der(&der, Curve::Secp224r1, Strength::Aes128)
            .unwrap(),
    );
    all_calls_succeed(&from_der, "from DER bytes");
    let _ = std::fs::remove_file(path);
}

#[test]
fn connect_waits_for_the_handshake_and_a_refused_one_is_its_error() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Events(Arc<AtomicUsize>, Arc<AtomicUsize>);
    impl rtm_server_sdk::ConnectionCallback for Events {
        fn connected(&self, _: u64, _: &str, _: bool) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
        fn closed(&self, _: u64, _: &str, _: bool, _: bool) {
            self.1.fetch_add(1, Ordering::SeqCst);
        }
    }

    let server = encrypted_mock(Curve::Secp256k1);
    let wrong_key = MockServer::builder()
        .encryption_key(Curve::Secp256k1, &[0x2e; 32])
        .unwrap()
        .start()
        .unwrap()
        .server_key()
        .unwrap();
    for mode in [Mode::Package, Mode::Stream] {
        let (connected, closed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let client = client_with(
            server
                .client_config()
                .encryption(Some(EncryptionConfig::new(
                    wrong_key.clone(),
                    Strength::Aes128,
                    mode,
                ))),
        );
        client.set_connection_callback(Events(connected.clone(), closed.clone()));
        let error = client.connect().expect_err("a wrong key cannot connect");
        assert_eq!(
            error.code,
            codes::CORE_INVALID_CONNECTION,
            "{mode:?}: {error}"
        );
        assert!(
            error.message.contains("encryption handshake failed"),
            "{error}"
        );
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(
            connected.load(Ordering::SeqCst),
            0,
            "{mode:?}: connected() fired"
        );
        assert_eq!(
            closed.load(Ordering::SeqCst),
            0,
            "{mode:?}: closed() without connected()"
        );

        // The right key: connect() returns once the server accepted it, and connected() fires.
        let good = client_with(
            server
                .encrypted_client_config(Strength::Aes128, mode)
                .unwrap(),
        );
        let (connected, closed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        good.set_connection_callback(Events(connected.clone(), closed));
        assert_eq!(good.connect(), Ok(()));
        assert!(eventually(PROMPT, || connected.load(Ordering::SeqCst) == 1));
    }
}
