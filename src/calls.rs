//! How a call is declared: its FPNN method, its parameters as `(wire key, value)` pairs, and
//! the function that reads its answer. [`calls!`] turns one declaration into the blocking
//! and the `_with_callback` methods of [`RtmServerClient`](crate::RtmServerClient), with
//! their docs and a doc example that runs against the mock.
//!
//! A parameter is sent when it is present: an `Option` that is `None` is left out of the
//! map (the Python SDK's `None`), anything else is written, `""`, `0`, `false` and `[]`
//! included. Values keep msgpack's most compact encoding, as the official SDKs write them.

use crate::client::Call;
use crate::codec::msgpack::PayloadWriter;
use crate::error::QuestError;

/// A value written as one map entry.
pub(crate) trait Param {
    /// False when the entry is left out.
    fn present(&self) -> bool {
        true
    }
    /// Writes the value (the key is written before it).
    fn write(&self, w: &mut PayloadWriter<'_>);
}

impl Param for i64 {
    fn write(&self, w: &mut PayloadWriter<'_>) {
        w.int(*self);
    }
}

impl Param for i32 {
    fn write(&self, w: &mut PayloadWriter<'_>) {
        w.int(i64::from(*self));
    }
}

impl Param for bool {
    fn write(&self, w: &mut PayloadWriter<'_>) {
        w.bool(*self);
    }
}

impl Param for &str {
    fn write(&self, w: &mut PayloadWriter<'_>) {
        w.str(self);
    }
}

/// Bytes, written as msgpack bin.
impl Param for &[u8] {
    fn write(&self, w: &mut PayloadWriter<'_>) {
        w.bin(self);
    }
}

impl Param for &[i64] {
    fn write(&self, w: &mut PayloadWriter<'_>) {
        w.int_array(self);
    }
}

impl Param for &[&str] {
    fn write(&self, w: &mut PayloadWriter<'_>) {
        w.array_len(self.len() as u32);
        for s in *self {
            w.str(s);
        }
    }
}

impl<T: Param> Param for Option<T> {
    fn present(&self) -> bool {
        self.as_ref().is_some_and(Param::present)
    }
    fn write(&self, w: &mut PayloadWriter<'_>) {
        if let Some(value) = self {
            value.write(w);
        }
    }
}

/// A call's parameters: a tuple of `(wire key, value)` pairs, written in order.
pub(crate) trait Params {
    /// How many entries are present.
    fn count(&self) -> u32;
    /// Writes the present entries.
    fn write(&self, w: &mut PayloadWriter<'_>);
}

macro_rules! tuple_params {
    ($($T:ident $i:tt),*) => {
        impl<$($T: Param),*> Params for ($((&'static str, $T),)*) {
            fn count(&self) -> u32 {
                0 $(+ u32::from(self.$i.1.present()))*
            }
            fn write(&self, w: &mut PayloadWriter<'_>) {
                $(
                    if self.$i.1.present() {
                        w.key(self.$i.0);
                        self.$i.1.write(w);
                    }
                )*
            }
        }
    };
}

tuple_params!(A 0);
tuple_params!(A 0, B 1);
tuple_params!(A 0, B 1, C 2);
tuple_params!(A 0, B 1, C 2, D 3);
tuple_params!(A 0, B 1, C 2, D 3, E 4);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);

/// What reads an OK answer's payload into a call's result.
pub(crate) type Reader<T> = fn(&[u8]) -> Result<T, QuestError>;

/// One declared call: method, parameters, answer reader.
pub(crate) struct Quest<P, T> {
    method: &'static str,
    params: P,
    read: Reader<T>,
    signed: bool,
}

/// A call of `method` with `params`, whose answer `read` reads.
pub(crate) fn quest<P: Params, T>(method: &'static str, params: P, read: Reader<T>) -> Quest<P, T> {
    Quest {
        method,
        params,
        read,
        signed: true,
    }
}

/// A quest with no auth keys of its own (the file gateway's): `params` are the whole map.
pub(crate) fn unsigned_quest<P: Params, T>(
    method: &'static str,
    params: P,
    read: Reader<T>,
) -> Quest<P, T> {
    Quest {
        signed: false,
        ..quest(method, params, read)
    }
}

impl<P: Params, T: Send + 'static> Call for Quest<P, T> {
    type Output = T;

    fn method(&self) -> &str {
        self.method
    }

    fn name(&self) -> std::borrow::Cow<'static, str> {
        self.method.into()
    }

    fn param_count(&self) -> u32 {
        self.params.count()
    }

    fn write_params(&self, w: &mut PayloadWriter<'_>) {
        self.params.write(w);
    }

    fn parser(&self) -> Reader<T> {
        self.read
    }

    fn signed(&self) -> bool {
        self.signed
    }
}

/// A refusal before anything is sent: `code` is what the server would answer.
pub(crate) fn refuse(code: i32, what: &str) -> QuestError {
    tracing::debug!(code, "refused before sending: {what}");
    QuestError::new(code, format!("invalid argument: {what} (nothing was sent)"))
}

/// Declares calls: each item is one call, from which come its method on
/// [`RtmServerClient`](crate::RtmServerClient) (the Python name, taking the Python
/// signature's arguments that have no default, in order), its request type (a setter per
/// keyword argument, `timeout`, and the three endings), and their docs.
///
/// ```text
/// /// docs
/// basic RequestTypeRequest fn name(required args) [keyword args]
///     example { ... } { body }
/// value RequestTypeRequest fn name(required args) [keyword args] -> Output, CallbackTrait => deliver_fn;
///     example { ... } { body }
/// ```
///
/// Keyword arguments are `Option`s in the body, `None` until their setter is called. The
/// body evaluates to `Result<Quest, QuestError>` (`Err`: refused, nothing is sent). A
/// `basic` call ends with `Option<QuestError>` (blocking), a `BasicCallback`, or
/// `Result<(), QuestError>` (awaited); a `value` call with `Result<Output, QuestError>`
/// (blocking and awaited) or hands its outcome to `deliver_fn`, which calls the callback
/// trait's method. The example runs against the mock as a doc test, with `client` (and
/// `server`) in scope.
macro_rules! calls {
    () => {};
    (
        $(#[$doc:meta])*
        basic $Req:ident fn $name:ident ($($arg:ident : $ty:ty),* $(,)?) [$($kw:ident : $kty:ty),* $(,)?]
        example { $($example:tt)* }
        $body:block
        $($rest:tt)*
    ) => {
        $crate::calls::request! {
            $(#[$doc])*
            $Req $name ($($arg: $ty),*) [$($kw: $kty),*] example { $($example)* } $body
            -> (), $crate::BasicCallback; wrap: $crate::calls::plain;
            blocking: Option<$crate::QuestError> = |outcome| outcome.err();
            callback: |callback, outcome| callback.callback(outcome.err());
            "`None` on success, or the error"
        }
        calls!($($rest)*);
    };
    (
        $(#[$doc:meta])*
        listen $Req:ident fn $name:ident ($($arg:ident : $ty:ty),* $(,)?) [$($kw:ident : $kty:ty),* $(,)?]
        example { $($example:tt)* }
        $body:block
        $($rest:tt)*
    ) => {
        $crate::calls::request! {
            $(#[$doc])*
            $Req $name ($($arg: $ty),*) [$($kw: $kty),*] example { $($example)* } $body
            -> (), $crate::BasicCallback; wrap: $crate::listen::recorded;
            blocking: Option<$crate::QuestError> = |outcome| outcome.err();
            callback: |callback, outcome| callback.callback(outcome.err());
            "`None` on success, or the error"
        }
        calls!($($rest)*);
    };
    (
        $(#[$doc:meta])*
        value $Req:ident fn $name:ident ($($arg:ident : $ty:ty),* $(,)?) [$($kw:ident : $kty:ty),* $(,)?]
            -> $out:ty, $callback:ident => $deliver:path;
        example { $($example:tt)* }
        $body:block
        $($rest:tt)*
    ) => {
        $crate::calls::request! {
            $(#[$doc])*
            $Req $name ($($arg: $ty),*) [$($kw: $kty),*] example { $($example)* } $body
            -> $out, $crate::$callback; wrap: $crate::calls::plain;
            blocking: Result<$out, $crate::QuestError> = |outcome| outcome;
            callback: |callback, outcome| $deliver(callback, outcome);
            "the value, or the error"
        }
        calls!($($rest)*);
    };
}

/// The quest of an ordinary call, as its body built it.
pub(crate) fn plain<C>(
    _: &crate::RtmServerClient,
    quest: Result<C, QuestError>,
) -> Result<C, QuestError> {
    quest
}

/// One request type and the client method that makes it (see [`calls!`]).
macro_rules! request {
    (
        $(#[$doc:meta])*
        $Req:ident $name:ident ($($arg:ident : $ty:ty),*) [$($kw:ident : $kty:ty),*]
        example { $($example:tt)* } $body:block
        -> $out:ty, $callback:path; wrap: $wrap:path;
        blocking: $blocking:ty = |$o:ident| $finish:expr;
        callback: |$cb:ident, $o2:ident| $deliver:expr;
        $outcome:literal
    ) => {
        impl $crate::RtmServerClient {
            $(#[$doc])*
            ///
            #[doc = concat!("Returns a [`", stringify!($Req), "`] request; nothing is sent until it ends: `.call()` blocks until ", $outcome, "; `.with_callback(callback)` returns at once and runs the callback once, on the callback thread; `.await` gives a `Result`.")]
            ///
            /// ```
            /// # let server = rtm_server_sdk::mock::MockServer::start()?;
            /// # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
            #[doc = stringify!($($example)*)]
            /// # Ok::<(), Box<dyn std::error::Error>>(())
            /// ```
            pub fn $name<'a>(&'a self, $($arg: $ty),*) -> $Req<'a> {
                $Req {
                    client: self,
                    $($arg,)*
                    $($kw: None,)*
                    timeout: None,
                }
            }
        }

        #[doc = concat!("The request [`RtmServerClient::", stringify!($name), "`](crate::RtmServerClient::", stringify!($name), ") makes: set its keyword arguments, then end it with [`call`](Self::call), [`with_callback`](Self::with_callback) or `.await`.")]
        #[must_use = "a request sends nothing until it ends: `.call()`, `.with_callback(..)` or `.await`"]
        pub struct $Req<'a> {
            client: &'a $crate::RtmServerClient,
            $($arg: $ty,)*
            $($kw: Option<$kty>,)*
            timeout: Option<std::time::Duration>,
        }

        impl<'a> $Req<'a> {
            $(
                #[doc = concat!("Sets the keyword argument `", stringify!($kw), "` (not sent unless set).")]
                pub fn $kw(mut self, $kw: $kty) -> Self {
                    self.$kw = Some($kw);
                    self
                }
            )*

            /// Sets this call's timeout (without it: the client's default).
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            #[doc = concat!("Sends the call and blocks until the outcome: ", $outcome, " (a server error, 20003 timeout, 20002 connection closed, 20012 cannot connect, 20006 unreadable answer, or a refusal before sending).")]
            pub fn call(self) -> $blocking {
                let $o = self.quest().and_then(|quest| self.client.call(quest, self.timeout));
                $finish
            }

            /// Sends the call and returns at once; `callback` runs once, on the client's
            /// callback thread, with the outcome (a refusal before sending too).
            pub fn with_callback(self, callback: impl $callback) {
                let $cb = callback;
                self.client
                    .call_or_refuse_with_callback(self.quest(), self.timeout, move |$o2| $deliver)
            }

            #[allow(unused_variables)]
            fn quest(&self) -> Result<impl $crate::client::Call<Output = $out> + use<'a>, $crate::QuestError> {
                let Self { $($arg,)* $($kw,)* .. } = *self;
                $wrap(self.client, $body)
            }
        }

        impl<'a> std::future::IntoFuture for $Req<'a> {
            type Output = Result<$out, $crate::QuestError>;
            type IntoFuture = $crate::client::CallFuture<$out>;

            /// Encodes the call and hands it on at once; the future resolves with its
            /// outcome, on any executor.
            fn into_future(self) -> Self::IntoFuture {
                self.client.call_or_refuse_future(self.quest(), self.timeout)
            }
        }
    };
}

pub(crate) use {calls, request};

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(p: impl Params) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = PayloadWriter::new(&mut out);
        w.map_len(p.count());
        p.write(&mut w);
        out
    }

    #[test]
    fn absent_options_are_left_out_and_everything_else_is_sent() {
        let none: Option<&str> = None;
        let bytes = encode((
            ("a", 1i64),
            ("b", none),
            ("c", Some("")),
            ("d", false),
            ("e", &[][..] as &[i64]),
        ));
        let value = rmpv::decode::read_value(&mut bytes.as_slice()).unwrap();
        let keys: Vec<_> = value
            .as_map()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str().unwrap().to_string())
            .collect();
        assert_eq!(keys, ["a", "c", "d", "e"]);
    }

    #[test]
    fn bytes_are_bin_and_text_is_str() {
        let bytes = encode((("t", "hi"), ("b", &b"hi"[..])));
        assert_eq!(
            bytes,
            [
                0x82, 0xa1, b't', 0xa2, b'h', b'i', 0xa1, b'b', 0xc4, 2, b'h', b'i'
            ]
        );
    }
}
