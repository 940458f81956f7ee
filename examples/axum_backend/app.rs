//! The HTTP side of the axum back end: a router over one shared `RtmServerClient`, every
//! handler on the calls' `.await` form (never a blocking call on the runtime's threads).

use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::{Stream, StreamExt};
use rtm_server_sdk::push::Target;
use rtm_server_sdk::{MessageBody, Push, QuestError, RtmServerClient};
use serde_json::{Value, json};
use tokio::sync::broadcast;

/// The routes:
/// - `POST /users/{uid}/token`: a login token for the user's client;
/// - `POST /rooms/{rid}/messages` with `{"from": uid, "text": "..."}`: a room chat;
/// - `GET /rooms/{rid}/messages?uid=U&num=N[&lastid=L]`: a page of the room's chat,
///   newest first;
/// - `GET /rooms/{rid}/events`: server-sent events, one `message` per chat in the room;
/// - `GET /ready`: 200 while the client is connected, 503 otherwise.
///
/// One subscription to the client's pushes feeds every event stream through a broadcast
/// channel (a slow HTTP client skips what it missed instead of holding pushes); call it
/// from within a tokio runtime.
pub fn router(client: RtmServerClient) -> Router {
    let (room_chats, _) = broadcast::channel(1024);
    let feed = room_chats.clone();
    let mut pushes = client.pushes();
    tokio::spawn(async move {
        while let Some(push) = pushes.next().await {
            if let Push::Message(m) = push
                && let Target::Room { rid } = m.target
            {
                let chat = json!({ "from": m.from_uid, "mid": m.mid, "text": text(&m.msg) });
                // No receiver now: nobody is watching, nothing to keep.
                let _ = feed.send((rid, chat));
            }
        }
    });
    Router::new()
        .route("/users/{uid}/token", post(token))
        .route("/rooms/{rid}/messages", post(send).get(history))
        .route("/rooms/{rid}/events", get(events))
        .route("/ready", get(ready))
        .with_state(App { client, room_chats })
}

/// What the handlers share: the client, and the room chats it is pushed.
#[derive(Clone)]
struct App {
    client: RtmServerClient,
    room_chats: broadcast::Sender<(i64, Value)>,
}

/// A call's error as an HTTP answer: refused arguments are the caller's fault (400), the
/// rest the service's or the network's (502).
struct ApiError(QuestError);

impl From<QuestError> for ApiError {
    fn from(error: QuestError) -> Self {
        ApiError(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = if self.0.is_invalid_argument() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::BAD_GATEWAY
        };
        let body = json!({"code": self.0.code, "error": self.0.to_string()});
        (status, Json(body)).into_response()
    }
}

async fn token(
    State(App { client, .. }): State<App>,
    Path(uid): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let token = client.get_token(uid).await?;
    Ok(Json(json!({ "uid": uid, "token": token })))
}

async fn send(
    State(App { client, .. }): State<App>,
    Path(rid): Path<i64>,
    Json(body): Json<Value>,
) -> Result<Json<Value>, ApiError> {
    let (Some(from), Some(text)) = (body["from"].as_i64(), body["text"].as_str()) else {
        let error = QuestError::new(200030, "the body needs \"from\" (a uid) and \"text\"");
        return Err(error.into());
    };
    let sent = client
        .send_room_chat(from, rid, text, "")
        .await
        .map_err(|e| e.into_error())?;
    Ok(Json(json!({ "mid": sent.mid, "mtime": sent.mtime })))
}

async fn history(
    State(App { client, .. }): State<App>,
    Path(rid): Path<i64>,
    Query(query): Query<HashMap<String, i64>>,
) -> Result<Json<Value>, ApiError> {
    let uid = query.get("uid").copied().unwrap_or(0);
    let num = query.get("num").copied().unwrap_or(20);
    let lastid = query.get("lastid").copied();
    let mut request = client.get_room_chat(uid, rid, true, num);
    if let Some(lastid) = lastid {
        request = request.lastid(lastid);
    }
    let page = request.await?;
    let messages: Vec<Value> = page
        .msgs
        .iter()
        .map(|m| json!({ "from": m.from_uid, "mid": m.mid, "text": text(&m.msg) }))
        .collect();
    Ok(Json(json!({ "messages": messages, "lastid": page.lastid })))
}

async fn events(
    State(App { client, room_chats }): State<App>,
    Path(rid): Path<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    // Receive first, then listen: nothing pushed after the answer is missed.
    let chats = room_chats.subscribe();
    client.add_listen().rids(&[rid]).await?;
    // A receiver that lagged skips what it missed, and goes on.
    let stream = futures_util::stream::unfold(chats, move |mut chats| async move {
        loop {
            match chats.recv().await {
                Ok((room, chat)) if room == rid => {
                    let event = Event::default().event("message").data(chat.to_string());
                    return Some((Ok(event), chats));
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

async fn ready(State(App { client, .. }): State<App>) -> StatusCode {
    if client.is_connected() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    }
}

fn text(body: &MessageBody) -> String {
    match body {
        MessageBody::Text(text) => text.clone(),
        MessageBody::Binary(bytes) => String::from_utf8_lossy(bytes).into_owned(),
    }
}
