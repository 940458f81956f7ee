//! How a call is encoded: its FPNN method, its parameters as `(wire key, value)` pairs,
//! and the function that reads its answer; then signed and framed as a quest.
//!
//! A parameter is sent when it is present: an `Option` that is `None` is left out of the
//! map (the Python SDK's `None`), anything else is written, `""`, `0`, `false` and `[]`
//! included. Values keep msgpack's most compact encoding, as the official SDKs write them.

use crate::error::{QuestError, codes};
use crate::wire::codec::QuestBuilder;
use crate::wire::codec::msgpack::PayloadWriter;
use crate::wire::sign::{SaltGenerator, Secret, sign};

/// The crate's own bookkeeping run on the I/O thread when a call's answer is OK.
pub(crate) type OnOk = Box<dyn FnOnce() + Send>;

/// One RTM call: its FPNN method, its parameters and how its answer reads. Each call is
/// described once (see the `api` module); its three endings are built from it.
pub(crate) trait Call {
    /// What a successful answer gives.
    type Output: Send + 'static;
    /// The FPNN method name.
    fn method(&self) -> &str;
    /// The FPNN method name, owned or static, for the call's outcome to carry.
    fn name(&self) -> std::borrow::Cow<'static, str> {
        self.method().to_owned().into()
    }
    /// How many parameters [`Call::write_params`] writes (besides the four auth keys).
    fn param_count(&self) -> u32;
    /// Writes the parameters as map entries.
    fn write_params(&self, w: &mut PayloadWriter<'_>);
    /// Refuses arguments the server would refuse for sure; nothing is sent then.
    fn validate(&self) -> Result<(), QuestError> {
        Ok(())
    }
    /// Reads the payload of an OK answer.
    fn parser(&self) -> Reader<Self::Output>;
    /// False for a quest that carries no `pid`/`sign`/`salt`/`ts` of its own (the file
    /// gateway's, authenticated by a token): its parameters are the whole map.
    fn signed(&self) -> bool {
        true
    }
    /// The crate's own bookkeeping run on the I/O thread if the answer is OK (the listen
    /// calls' state update), before the caller learns of it.
    fn on_ok(&self) -> Option<OnOk> {
        None
    }
}

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

impl Param for &[crate::types::listen::ListenEvent<'_>] {
    fn write(&self, w: &mut crate::wire::codec::msgpack::PayloadWriter<'_>) {
        w.array_len(self.len() as u32);
        for event in *self {
            w.str(event.as_str());
        }
    }
}

/// A URL as str; content as a str header and its raw bytes.
impl Param for crate::types::check::CheckSource<'_> {
    fn write(&self, w: &mut PayloadWriter<'_>) {
        match self {
            crate::types::check::CheckSource::Url(url) => w.str(url),
            crate::types::check::CheckSource::Content(bytes) => w.str_bytes(bytes),
        };
    }
}

/// A map of str to str, its keys in order (so the bytes do not depend on the hash).
impl Param for &std::collections::HashMap<String, String> {
    fn write(&self, w: &mut PayloadWriter<'_>) {
        let mut entries: Vec<_> = self.iter().collect();
        entries.sort();
        w.map_len(entries.len() as u32);
        for (key, value) in entries {
            w.str(key).str(value);
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
            #[allow(unused_variables)]
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

tuple_params!();
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

/// Signs and encodes a call as a twoway quest (its seq is set when it is sent).
pub(crate) fn encode<C: Call>(
    pid: i32,
    secret: &Secret,
    max_frame_len: usize,
    call: &C,
) -> Result<Vec<u8>, QuestError> {
    let method = call.method();
    if !call.signed() {
        let to_error = |e: crate::wire::codec::EncodeError| {
            QuestError::new(codes::CORE_ENCODING, format!("cannot encode {method}: {e}"))
        };
        let mut builder = QuestBuilder::twoway_with_capacity(method, 256).map_err(to_error)?;
        {
            let mut w = builder.params();
            w.map_len(call.param_count());
            call.write_params(&mut w);
        }
        return builder.finish(max_frame_len).map_err(to_error);
    }
    let (salt, ts) = SaltGenerator::global().next_with_ts();
    let signature = sign(pid, secret, salt, method, ts);
    let to_error = |e: crate::wire::codec::EncodeError| {
        QuestError::new(codes::CORE_ENCODING, format!("cannot encode {method}: {e}"))
    };
    let mut builder = QuestBuilder::twoway_with_capacity(method, 96).map_err(to_error)?;
    {
        let mut w = builder.params();
        w.map_len(4 + call.param_count());
        w.key("pid").int(i64::from(pid));
        // The signature is 32 ASCII hex digits.
        w.key("sign")
            .str(std::str::from_utf8(&signature).unwrap_or_default());
        w.key("salt").int(salt);
        w.key("ts").int(ts);
        call.write_params(&mut w);
    }
    builder.finish(max_frame_len).map_err(to_error)
}

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
