//! The generic call: any server method, with parameters and answer as [`rmpv::Value`], for
//! methods of the service this crate does not wrap yet.

use std::time::Duration;

use crate::RtmServerClient;
use crate::error::{QuestError, codes};
use crate::wire::call::Call;
use crate::wire::codec::msgpack::PayloadWriter;

/// The keys the client writes into every quest itself.
const AUTH_KEYS: [&str; 4] = ["pid", "sign", "salt", "ts"];

/// A signed quest for a method named at run time.
struct GenericQuest<'a> {
    method: &'a str,
    /// The parameter map's entries, each key and value already encoded.
    entries: Vec<Vec<u8>>,
}

impl<'a> GenericQuest<'a> {
    fn new(method: &'a str, params: &rmpv::Value) -> Result<Self, QuestError> {
        let refuse = |why: String| {
            Err(QuestError::new(
                codes::RTM_INVALID_PARAMETER,
                format!("send_quest {method:?}: {why}; nothing was sent"),
            ))
        };
        if method.is_empty() {
            return refuse("the method name is empty".into());
        }
        let map: &[(rmpv::Value, rmpv::Value)] = match params {
            rmpv::Value::Nil => &[],
            rmpv::Value::Map(map) => map,
            other => return refuse(format!("the parameters must be a map, not {other}")),
        };
        let mut entries = Vec::with_capacity(map.len());
        for (key, value) in map {
            if let Some(name) = key.as_str()
                && AUTH_KEYS.contains(&name)
            {
                return refuse(format!("{name:?} is written by the client"));
            }
            let mut entry = Vec::new();
            // Writing into a Vec cannot fail.
            let _ = rmpv::encode::write_value(&mut entry, key);
            let _ = rmpv::encode::write_value(&mut entry, value);
            entries.push(entry);
        }
        Ok(GenericQuest { method, entries })
    }
}

impl Call for GenericQuest<'_> {
    type Output = rmpv::Value;

    fn method(&self) -> &str {
        self.method
    }

    fn param_count(&self) -> u32 {
        self.entries.len() as u32
    }

    fn write_params(&self, w: &mut PayloadWriter<'_>) {
        for entry in &self.entries {
            w.raw(entry);
        }
    }

    fn parser(&self) -> crate::wire::call::Reader<rmpv::Value> {
        |payload| {
            rmpv::decode::read_value(&mut &payload[..])
                .map_err(|e| QuestError::decoding(format!("answer is not msgpack: {e}")))
        }
    }
}

impl RtmServerClient {
    /// Calls any server method: `params` (a map, or `Nil` for none) is sent with the
    /// client's `pid`, `sign`, `salt` and `ts` in front, and the answer comes back as a
    /// value. For methods of the service this crate does not wrap yet.
    ///
    /// Returns a [`SendQuestRequest`]: `.call()` blocks until the answer, an error answer
    /// (its code passed through), the timeout or a connection error;
    /// `.with_callback(callback)` returns at once; `.await` resolves with the same
    /// `Result`. Parameters that are not a map, an empty method name, or a map holding one
    /// of the four keys the client writes itself end the call at once with 200033
    /// ([`QuestError::is_invalid_argument`]); nothing is sent then.
    ///
    /// ```
    /// use rmpv::Value;
    /// use rtm_server_sdk::mock::MockServer;
    /// use rtm_server_sdk::RtmServerClient;
    ///
    /// let server = MockServer::start()?;
    /// let client = RtmServerClient::new(server.client_config())?;
    /// let params = Value::Map(vec![("rid".into(), 1001.into()), ("uid".into(), 7.into())]);
    /// client.send_quest("addroommember", params).call()?;
    /// let answer = client.send_quest("getroommembers", Value::Map(vec![("rid".into(), 1001.into())])).call()?;
    /// assert_eq!(answer["uids"], Value::Array(vec![7.into()]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn send_quest<'a>(&'a self, method: &'a str, params: rmpv::Value) -> SendQuestRequest<'a> {
        SendQuestRequest {
            client: self,
            method,
            params,
            timeout: None,
        }
    }
}

/// The request [`RtmServerClient::send_quest`] makes: set `timeout`, then end it with
/// [`call`](Self::call), [`with_callback`](Self::with_callback) or `.await`.
#[must_use = "a request sends nothing until it ends: `.call()`, `.with_callback(..)` or `.await`"]
#[derive(Clone, Debug)]
pub struct SendQuestRequest<'a> {
    client: &'a RtmServerClient,
    method: &'a str,
    params: rmpv::Value,
    timeout: Option<Duration>,
}

impl SendQuestRequest<'_> {
    /// Sets this call's timeout (without it: the client's default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends the quest and blocks until the answer or the error.
    pub fn call(self) -> Result<rmpv::Value, QuestError> {
        let quest = GenericQuest::new(self.method, &self.params)?;
        self.client.call(quest, self.timeout)
    }

    /// Sends the quest and returns at once; `callback` runs once, on the callback thread,
    /// with the answer or the error.
    pub fn with_callback(
        self,
        callback: impl FnOnce(Result<rmpv::Value, QuestError>) + Send + 'static,
    ) {
        let quest = GenericQuest::new(self.method, &self.params);
        self.client
            .call_or_refuse_with_callback(quest, self.timeout, callback)
    }
}

impl std::future::IntoFuture for SendQuestRequest<'_> {
    type Output = Result<rmpv::Value, QuestError>;
    type IntoFuture = crate::client::CallFuture<rmpv::Value>;

    /// Encodes the quest and hands it on at once; the future resolves with the answer.
    fn into_future(self) -> Self::IntoFuture {
        let quest = GenericQuest::new(self.method, &self.params);
        self.client.call_or_refuse_future(quest, self.timeout)
    }
}
