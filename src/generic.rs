//! The generic call: any server method, with parameters and answer as [`rmpv::Value`], for
//! methods of the service this crate does not wrap yet.

use std::time::Duration;

use crate::RtmServerClient;
use crate::client::Call;
use crate::codec::msgpack::PayloadWriter;
use crate::error::{QuestError, codes};

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

    fn parser(&self) -> crate::calls::Reader<rmpv::Value> {
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
    /// Blocks until the answer, an error answer (its code passed through), the timeout
    /// (`None`: the client's default) or a connection error. Parameters that are not a
    /// map, an empty method name, or a map holding one of the four keys the client writes
    /// itself end the call at once with 200033 ([`QuestError::is_invalid_argument`]);
    /// nothing is sent then.
    ///
    /// ```
    /// use rmpv::Value;
    /// use rtm_server_sdk::mock::MockServer;
    /// use rtm_server_sdk::RtmServerClient;
    ///
    /// let server = MockServer::start()?;
    /// let client = RtmServerClient::new(server.client_config())?;
    /// let params = Value::Map(vec![("rid".into(), 1001.into()), ("uid".into(), 7.into())]);
    /// client.send_quest("addroommember", params, None)?;
    /// let answer = client.send_quest("getroommembers", Value::Map(vec![("rid".into(), 1001.into())]), None)?;
    /// assert_eq!(answer["uids"], Value::Array(vec![7.into()]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn send_quest(
        &self,
        method: &str,
        params: rmpv::Value,
        timeout: Option<Duration>,
    ) -> Result<rmpv::Value, QuestError> {
        let quest = GenericQuest::new(method, &params)?;
        self.call(quest, timeout)
    }

    /// The async form of [`send_quest`](Self::send_quest): the quest is encoded and handed
    /// on at once; the future resolves with the answer, on any executor.
    pub fn send_quest_async(
        &self,
        method: &str,
        params: rmpv::Value,
        timeout: Option<Duration>,
    ) -> impl std::future::Future<Output = Result<rmpv::Value, QuestError>> + Send + 'static + use<>
    {
        let call = GenericQuest::new(method, &params).map(|quest| self.call_async(quest, timeout));
        async move { call?.await }
    }

    /// The callback form of [`send_quest`](Self::send_quest): returns at once; `callback`
    /// runs once, on the callback thread, with the answer or the error.
    pub fn send_quest_with_callback(
        &self,
        method: &str,
        params: rmpv::Value,
        timeout: Option<Duration>,
        callback: impl FnOnce(Result<rmpv::Value, QuestError>) + Send + 'static,
    ) {
        match GenericQuest::new(method, &params) {
            Ok(quest) => self.call_with_callback(quest, timeout, callback),
            Err(error) => self.refuse_with_callback(error, callback),
        }
    }
}
