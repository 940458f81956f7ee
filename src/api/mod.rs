//! The calls, one module per family: each family's requests and the client methods that
//! make them, declared once with [`calls!`].

pub mod chat;
pub mod data;
pub mod device;
pub mod file;
pub mod friend;
pub mod generic;
pub mod group;
pub mod listen;
pub mod message;
pub mod room;
pub mod token;
pub mod user;

use crate::error::QuestError;

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
        $crate::api::request! {
            $(#[$doc])*
            $Req $name ($($arg: $ty),*) [$($kw: $kty),*] example { $($example)* } $body
            -> (), $crate::BasicCallback; wrap: $crate::api::plain;
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
        $crate::api::request! {
            $(#[$doc])*
            $Req $name ($($arg: $ty),*) [$($kw: $kty),*] example { $($example)* } $body
            -> (), $crate::BasicCallback; wrap: $crate::api::listen::recorded;
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
        $crate::api::request! {
            $(#[$doc])*
            $Req $name ($($arg: $ty),*) [$($kw: $kty),*] example { $($example)* } $body
            -> $out, $crate::$callback; wrap: $crate::api::plain;
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
            fn quest(&self) -> Result<impl $crate::wire::call::Call<Output = $out> + use<'a>, $crate::QuestError> {
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

pub(crate) use calls;
pub(crate) use request;
