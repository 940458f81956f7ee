//! The calls, one module per family: each family's requests and the client methods that
//! make them, declared once with [`calls!`].

pub mod chat;
pub mod data;
pub mod device;
pub mod file;
pub mod friend;
pub mod generic;
pub mod group;
pub mod imlib;
pub mod listen;
pub mod message;
pub mod room;
pub mod rtc;
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
///     [default_timeout Duration;] example { ... } { body }
/// value RequestTypeRequest fn name(required args) [keyword args] -> Output, CallbackTrait => deliver_fn;
///     [default_timeout Duration;] example { ... } { body }
/// ```
///
/// An argument written `?name` (first) is an id the caller may give as `None`: the method
/// takes `impl Into<Option<i64>>`, so `5005` and `None` both read naturally.
///
/// A call with a `default_timeout` takes it, or the client's default when that is longer,
/// when the request sets none.
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
    ($(#[$doc:meta])* basic $($rest:tt)*) => {
        calls!(@basic $crate::api::plain; $(#[$doc])* $($rest)*);
    };
    // A listen call: basic, and recorded in the listen state once acknowledged.
    ($(#[$doc:meta])* listen $($rest:tt)*) => {
        calls!(@basic $crate::api::listen::recorded; $(#[$doc])* $($rest)*);
    };
    (
        @basic $wrap:path;
        $(#[$doc:meta])*
        $Req:ident fn $name:ident ($(? $scope:ident,)? $($arg:ident : $ty:ty),* $(,)?) [$($kw:ident : $kty:ty),* $(,)?]
        $(default_timeout $default:expr;)?
        example { $($example:tt)* }
        $body:block
        $($rest:tt)*
    ) => {
        $crate::api::request! {
            $(#[$doc])*
            $Req $name ($($arg: $ty),*) [$($scope)?] [$($kw: $kty),*] [$($default)?] example { $($example)* } $body
            -> (), $crate::BasicCallback; wrap: $wrap;
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
        $(default_timeout $default:expr;)?
        example { $($example:tt)* }
        $body:block
        $($rest:tt)*
    ) => {
        $crate::api::request! {
            $(#[$doc])*
            $Req $name ($($arg: $ty),*) [] [$($kw: $kty),*] [$($default)?] example { $($example)* } $body
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
        $Req:ident $name:ident ($($arg:ident : $ty:ty),*) [$($scope:ident)?] [$($kw:ident : $kty:ty),*] [$($default:expr)?]
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
            #[allow(clippy::too_many_arguments)]
            pub fn $name<'a>(&'a self, $($scope: impl Into<Option<i64>>,)? $($arg: $ty),*) -> $Req<'a> {
                $Req {
                    client: self,
                    $($scope: $scope.into(),)?
                    $($arg,)*
                    $($kw: None,)*
                    timeout: None $(.or(Some(self.quest_timeout().max($default))))?,
                }
            }
        }

        #[doc = concat!("The request [`RtmServerClient::", stringify!($name), "`](crate::RtmServerClient::", stringify!($name), ") makes: set its keyword arguments, then end it with [`call`](Self::call), [`with_callback`](Self::with_callback) or `.await`.")]
        #[must_use = "a request sends nothing until it ends: `.call()`, `.with_callback(..)` or `.await`"]
        #[derive(Clone, Debug)]
        pub struct $Req<'a> {
            client: &'a $crate::RtmServerClient,
            $($scope: Option<i64>,)?
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

            /// Sets this call's timeout (without it: the client's default, or for a call
            /// declared with a default of its own, the longer of the two).
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            #[doc = concat!("Sends the call and blocks until the outcome: ", $outcome, " (a server error, 20003 timeout, 20002 connection closed, 20012 cannot connect, 20006 unreadable answer, or a refusal before sending).")]
            #[must_use = "the call's outcome, its error too, is lost if unused"]
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
                let Self { $($scope,)? $($arg,)* $($kw,)* .. } = *self;
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
