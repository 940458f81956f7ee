//! What a service sees of the client: a tracing span per call with its outcome and latency,
//! errors that name the call's method and the endpoint, a readiness flag, and a warning for
//! a blocking call made on an async runtime's thread.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use rtm_server_sdk::ConnectionCallback;
use rtm_server_sdk::mock::{Fault, FaultRule};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// The fields of a span or an event, as text.
#[derive(Debug, Default, Clone)]
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .push((field.name().to_string(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_string(), value.to_string()));
    }
}

/// Records every closed span (its name and fields) and every event.
#[derive(Clone, Default)]
struct Capture {
    closed: Arc<Mutex<Vec<(String, Fields)>>>,
    events: Arc<Mutex<Vec<(tracing::Level, Fields)>>>,
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        ctx.span(id).unwrap().extensions_mut().insert(fields);
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let span = ctx.span(id).unwrap();
        let mut extensions = span.extensions_mut();
        values.record(extensions.get_mut::<Fields>().unwrap());
    }
    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let span = ctx.span(&id).unwrap();
        let fields = span
            .extensions()
            .get::<Fields>()
            .cloned()
            .unwrap_or_default();
        self.closed
            .lock()
            .unwrap()
            .push((span.name().to_string(), fields));
    }
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        self.events
            .lock()
            .unwrap()
            .push((*event.metadata().level(), fields));
    }
}

impl Capture {
    fn calls(&self, method: &str) -> Vec<Fields> {
        self.closed
            .lock()
            .unwrap()
            .iter()
            .filter(|(name, f)| name == "rtm_call" && f.get("method") == Some(method))
            .map(|(_, f)| f.clone())
            .collect()
    }

    fn warnings_containing(&self, text: &str) -> usize {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|(level, f)| {
                *level == tracing::Level::WARN && f.get("message").is_some_and(|m| m.contains(text))
            })
            .count()
    }
}

fn capture() -> (Capture, tracing::Dispatch) {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    (capture, tracing::Dispatch::new(subscriber))
}

#[test]
fn each_call_has_a_span_with_its_method_ending_seq_outcome_and_latency() {
    let server = mock();
    let client = client_for(&server);
    let (capture, dispatch) = capture();
    tracing::dispatcher::with_default(&dispatch, || {
        assert_eq!(client.add_room_member(1, 2).call(), None);
        server.add_fault(
            FaultRule::new(Fault::ErrorAnswer {
                code: 200030,
                ex: "refused".into(),
            })
            .method("getroominfo")
            .times(1),
        );
        assert_eq!(client.get_room_info(1).call().unwrap_err().code, 200030);
        server.add_fault(
            FaultRule::new(Fault::NoAnswer)
                .method("getroommembers")
                .times(1),
        );
        let timeout = Duration::from_millis(100);
        assert!(
            client
                .get_room_members(1)
                .timeout(timeout)
                .call()
                .unwrap_err()
                .is_timeout()
        );
        let (error, _) = basic_cb(|cb| client.add_room_ban(1, 2, 60).with_callback(cb));
        assert_eq!(error, None);
        let future = client.delete_room_member(1, 2).into_future();
        assert_eq!(pollster::block_on(future), Ok(()));
    });
    let outcome = |method: &str| {
        assert!(
            eventually(PROMPT, || !capture.calls(method).is_empty()),
            "no span for {method}"
        );
        let span = capture.calls(method).pop().unwrap();
        assert!(span.get("seq").is_some_and(|s| s != "0"), "{span:?}");
        assert!(span.get("connection").is_some(), "{span:?}");
        assert!(span.get("latency_us").is_some(), "{span:?}");
        (
            span.get("ending").unwrap().to_string(),
            span.get("code").unwrap().to_string(),
        )
    };
    assert_eq!(outcome("addroommember"), ("blocking".into(), "0".into()));
    assert_eq!(outcome("getroominfo"), ("blocking".into(), "200030".into()));
    assert_eq!(
        outcome("getroommembers"),
        ("blocking".into(), "20003".into())
    );
    assert_eq!(outcome("addroomban"), ("callback".into(), "0".into()));
    assert_eq!(outcome("delroommember"), ("async".into(), "0".into()));
}

#[test]
fn errors_name_the_method_and_connection_errors_the_endpoint() {
    let server = mock();
    let client = client_for(&server);
    server.add_fault(
        FaultRule::new(Fault::ErrorAnswer {
            code: 200002,
            ex: "invalid sign".into(),
        })
        .method("addroommember")
        .times(1),
    );
    let error = client.add_room_member(1, 2).call().unwrap();
    assert_eq!(error.method(), Some("addroommember"));
    assert_eq!(
        error.to_string(),
        "quest error 200002 in addroommember: invalid sign"
    );

    server.add_fault(FaultRule::new(Fault::CloseAfterRead).times(1));
    let error = client.add_room_member(1, 2).call().unwrap();
    assert!(error.is_connection_closed(), "{error}");
    assert!(error.to_string().contains(&server.endpoint()), "{error}");
    server.stop();
    let error = client.get_room_members(1).call().unwrap_err();
    assert!(error.is_connection_error(), "{error}");
    assert!(error.to_string().contains(&server.endpoint()), "{error}");
    assert_eq!(error.method(), Some("getroommembers"));
}

#[test]
fn a_peer_that_is_not_an_fpnn_server_is_named_as_such() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n");
        std::thread::sleep(Duration::from_secs(2));
    });
    let client = client_with(rtm_server_sdk::ClientConfig::builder(endpoint, 1, "secret"));
    let error = client
        .get_room_members(1)
        .timeout(Duration::from_secs(5))
        .call()
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the peer is not an FPNN server: it sent \"HTTP\""),
        "{error}"
    );
}

#[derive(Clone, Default)]
struct Closed(Arc<Mutex<Vec<u64>>>);

impl ConnectionCallback for Closed {
    fn connected(&self, _: u64, _: &str, _: bool) {}
    fn closed(&self, id: u64, _: &str, _: bool, _: bool) {
        self.0.lock().unwrap().push(id);
    }
}

#[test]
fn is_connected_follows_the_connection_across_a_blip() {
    let server = mock();
    let client = client_for(&server);
    let closed = Closed::default();
    client.set_connection_callback(closed.clone());
    assert!(!client.is_connected());
    assert_eq!(client.connection_id(), None);
    client.connect().unwrap();
    assert!(client.is_connected());
    assert_eq!(client.connection_id(), Some(1));
    server.close_connections();
    assert!(eventually(PROMPT, || !closed.0.lock().unwrap().is_empty()));
    assert!(!client.is_connected());
    assert_eq!(client.add_room_member(1, 2).call(), None);
    assert_eq!(client.connection_id(), Some(2));
    // Closing: not ready from the moment the close starts.
    let closing = client.close_async();
    assert!(!client.is_connected());
    assert_eq!(client.connection_id(), None);
    pollster::block_on(closing);
    assert!(!client.is_connected());
}

#[test]
fn a_blocking_call_in_an_async_task_is_warned_about_once_and_not_in_spawn_blocking() {
    let server = mock();
    let (capture, dispatch) = capture();
    let _guard = tracing::dispatcher::set_default(&dispatch);
    let warning = "spawn_blocking";
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    // On a plain thread and in spawn_blocking: no warning.
    let client = client_for(&server);
    assert_eq!(client.add_room_member(1, 2).call(), None);
    let inside = client.clone();
    let dispatch_inside = dispatch.clone();
    runtime
        .block_on(async move {
            tokio::task::spawn_blocking(move || {
                tracing::dispatcher::with_default(&dispatch_inside, || {
                    assert_eq!(inside.add_room_member(1, 3).call(), None);
                })
            })
            .await
        })
        .unwrap();
    assert_eq!(capture.warnings_containing(warning), 0);

    // In async tasks: one warning for the client, however many calls.
    let inside = client.clone();
    let dispatch_inside = dispatch.clone();
    runtime
        .block_on(async move {
            tokio::spawn(async move {
                tracing::dispatcher::with_default(&dispatch_inside, || {
                    for uid in 0..3 {
                        assert_eq!(inside.add_room_member(1, uid).call(), None);
                    }
                })
            })
            .await
        })
        .unwrap();
    runtime.block_on(async {
        assert_eq!(client.add_room_member(1, 9).call(), None);
    });
    assert_eq!(capture.warnings_containing(warning), 1);
    // Another client warns once too.
    let other = client_for(&server);
    runtime.block_on(async {
        assert_eq!(other.add_room_member(1, 9).call(), None);
    });
    assert_eq!(capture.warnings_containing(warning), 2);
}
