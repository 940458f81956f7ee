//! The axum back end example, driven over real HTTP: a token, a room message, the room's
//! history, and a pushed message arriving on the server-sent-events stream.

#[path = "../examples/axum_backend/app.rs"]
mod app;
mod common;

use std::time::Duration;

use common::*;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_back_end_issues_tokens_sends_pages_and_relays_room_pushes() {
    let server = mock();
    let client = client_for(&server);
    client.connect_async().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, app::router(client.clone())).into_future());
    let http = reqwest::Client::new();

    let ready = http.get(format!("{base}/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 200);

    let token: Value = json_of(http.post(format!("{base}/users/2002/token"))).await;
    assert_eq!(token["uid"], 2002);
    assert!(!token["token"].as_str().unwrap().is_empty());

    // The event stream first: the handler answers once the room is listened to.
    let mut events = http
        .get(format!("{base}/rooms/1001/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);

    let sent: Value = json_of(
        http.post(format!("{base}/rooms/1001/messages"))
            .json(&json!({"from": 2002, "text": "hello, room"})),
    )
    .await;
    let mid = sent["mid"].as_i64().unwrap();
    assert!(sent["mtime"].as_i64().unwrap() > 0);

    let page: Value =
        json_of(http.get(format!("{base}/rooms/1001/messages?uid=2002&num=10"))).await;
    assert_eq!(page["messages"][0]["mid"], mid);
    assert_eq!(page["messages"][0]["text"], "hello, room");

    // The pushed chat on the SSE stream.
    let mut received = String::new();
    let found = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(chunk) = events.chunk().await.unwrap() {
            received.push_str(&String::from_utf8_lossy(&chunk));
            if received.contains("hello, room") {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(found, Ok(true), "SSE so far: {received:?}");
    assert!(received.contains("event: message"), "{received:?}");
    assert!(received.contains(&format!("\"mid\":{mid}")), "{received:?}");

    // A refused message is the caller's fault.
    let refused = http
        .post(format!("{base}/rooms/1001/messages"))
        .json(&json!({"text": "no sender"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    client.close_async().await;
}

/// Sends a request and reads its JSON answer.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}
