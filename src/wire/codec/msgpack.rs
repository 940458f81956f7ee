//! msgpack helpers: a writer for parameter maps with string keys in insertion order, and a
//! reader that finds fields in an answer without building a tree (spec: FPNN.md section 3).
//!
//! The reader accepts strings as str or bin, and integers in every width and sign family.
//!
//! # What the reader allocates
//!
//! Nothing for a value it is not asked for, whatever its size or nesting: [`lookup`],
//! [`MapEntries`] and skipping a value (iterative, no stack per level) never allocate, nor
//! do [`RawValue::as_i64`], [`RawValue::as_bool`] and [`RawValue::as_str_bytes`]. For a
//! value it is asked for, of `n` encoded bytes:
//!
//! - [`RawValue::as_array`] allocates one `Vec` of as many [`RawValue`]s as the array's
//!   header declares, at once, before reading the items. The count is refused when it is
//!   larger than the bytes left after the header (every item takes at least one byte), so
//!   the vector holds fewer than `n` items: at most `n × size_of::<RawValue>()` bytes, 16
//!   bytes per encoded byte on a 64-bit target. An array of one-byte items (`[1, 1, ...]`)
//!   reaches that bound: 16 times its encoded size, not its size.
//! - [`RawValue::as_i64_array`] allocates that vector and, while it is alive, a `Vec<i64>`
//!   grown by doubling to hold the items read: fewer than `n` of them, so at most
//!   `2 × 8 × n` bytes of capacity.
//! - [`RawValue::as_str_lossy`] borrows valid UTF-8 and allocates only for invalid bytes:
//!   a `String` where each invalid byte becomes U+FFFD (3 bytes), so at most `3 × n` bytes
//!   of text, in a buffer of `n` bytes grown by doubling: at most `4 × n` bytes.
//!
//! A payload is at most the maximum frame size, so one array read from an answer can take
//! up to 16 times that (about 128 MiB with the 8 MiB default) while it is held.

use std::borrow::Cow;

use rmp::Marker;
use rmp::encode as enc;

use super::ReadError;

/// Writes msgpack values into a byte buffer in the most compact encoding (the same bytes
/// as msgpack-python 1.x and msgpack-c).
#[derive(Debug)]
pub struct PayloadWriter<'a> {
    out: &'a mut Vec<u8>,
}

// Writing into a Vec<u8> cannot fail, so the encoders' results are dropped.
impl<'a> PayloadWriter<'a> {
    /// A writer appending to `out`.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        PayloadWriter { out }
    }

    /// Starts a map of `len` entries; write `len` key/value pairs after it.
    pub fn map_len(&mut self, len: u32) -> &mut Self {
        let _ = enc::write_map_len(self.out, len);
        self
    }

    /// Starts an array of `len` values.
    pub fn array_len(&mut self, len: u32) -> &mut Self {
        let _ = enc::write_array_len(self.out, len);
        self
    }

    /// Writes a map key (a msgpack str).
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.str(key)
    }

    /// Writes a string as msgpack str.
    pub fn str(&mut self, value: &str) -> &mut Self {
        let _ = enc::write_str(self.out, value);
        self
    }

    /// Writes bytes as a msgpack str (a str header and the raw bytes, UTF-8 or not).
    pub fn str_bytes(&mut self, value: &[u8]) -> &mut Self {
        let _ = enc::write_str_len(self.out, value.len() as u32);
        self.out.extend_from_slice(value);
        self
    }

    /// Writes bytes as msgpack bin.
    pub fn bin(&mut self, value: &[u8]) -> &mut Self {
        let _ = enc::write_bin(self.out, value);
        self
    }

    /// Writes an integer: unsigned markers for non-negative values, signed ones otherwise.
    pub fn int(&mut self, value: i64) -> &mut Self {
        let _ = enc::write_sint(self.out, value);
        self
    }

    /// Writes a boolean.
    pub fn bool(&mut self, value: bool) -> &mut Self {
        let _ = enc::write_bool(self.out, value);
        self
    }

    /// Writes an array of integers.
    pub fn int_array(&mut self, values: &[i64]) -> &mut Self {
        self.array_len(values.len() as u32);
        for &v in values {
            self.int(v);
        }
        self
    }

    /// Appends bytes that are already one encoded msgpack value.
    pub fn raw(&mut self, encoded: &[u8]) -> &mut Self {
        self.out.extend_from_slice(encoded);
        self
    }
}

/// A cursor over msgpack bytes.
#[derive(Debug, Clone, Copy)]
struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ReadError> {
        let end = self.pos.checked_add(n).ok_or(ReadError::Truncated)?;
        let bytes = self.buf.get(self.pos..end).ok_or(ReadError::Truncated)?;
        self.pos = end;
        Ok(bytes)
    }

    fn u8(&mut self) -> Result<u8, ReadError> {
        Ok(self.take(1)?[0])
    }

    fn be<const N: usize>(&mut self) -> Result<[u8; N], ReadError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn len16(&mut self) -> Result<usize, ReadError> {
        Ok(usize::from(u16::from_be_bytes(self.be()?)))
    }

    fn len32(&mut self) -> Result<usize, ReadError> {
        Ok(u32::from_be_bytes(self.be()?) as usize)
    }

    fn marker(&mut self) -> Result<Marker, ReadError> {
        Ok(Marker::from_u8(self.u8()?))
    }

    /// Moves past one whole value (with everything nested in it), without recursion and
    /// without allocating.
    fn skip_value(&mut self) -> Result<(), ReadError> {
        let mut pending: u64 = 1;
        while pending > 0 {
            pending -= 1;
            let skip = match self.marker()? {
                Marker::FixPos(_)
                | Marker::FixNeg(_)
                | Marker::Null
                | Marker::True
                | Marker::False => 0,
                Marker::U8 | Marker::I8 => 1,
                Marker::U16 | Marker::I16 => 2,
                Marker::U32 | Marker::I32 | Marker::F32 => 4,
                Marker::U64 | Marker::I64 | Marker::F64 => 8,
                Marker::FixStr(n) => usize::from(n),
                Marker::Str8 | Marker::Bin8 => usize::from(self.u8()?),
                Marker::Str16 | Marker::Bin16 => self.len16()?,
                Marker::Str32 | Marker::Bin32 => self.len32()?,
                Marker::FixArray(n) => {
                    pending += u64::from(n);
                    0
                }
                Marker::Array16 => {
                    pending += self.len16()? as u64;
                    0
                }
                Marker::Array32 => {
                    pending += self.len32()? as u64;
                    0
                }
                Marker::FixMap(n) => {
                    pending += 2 * u64::from(n);
                    0
                }
                Marker::Map16 => {
                    pending += 2 * self.len16()? as u64;
                    0
                }
                Marker::Map32 => {
                    pending += 2 * self.len32()? as u64;
                    0
                }
                Marker::FixExt1 => 2,
                Marker::FixExt2 => 3,
                Marker::FixExt4 => 5,
                Marker::FixExt8 => 9,
                Marker::FixExt16 => 17,
                Marker::Ext8 => 1 + usize::from(self.u8()?),
                Marker::Ext16 => 1 + self.len16()?,
                Marker::Ext32 => 1 + self.len32()?,
                Marker::Reserved => return Err(ReadError::Reserved),
            };
            // Every pending value needs at least one byte: more than the rest cannot be there.
            if pending > (self.buf.len() - self.pos) as u64 {
                return Err(ReadError::Truncated);
            }
            self.take(skip)?;
        }
        Ok(())
    }

    fn map_len(&mut self) -> Result<usize, ReadError> {
        match self.marker()? {
            Marker::FixMap(n) => Ok(usize::from(n)),
            Marker::Map16 => self.len16(),
            Marker::Map32 => self.len32(),
            _ => Err(ReadError::NotAMap),
        }
    }

    fn array_len(&mut self) -> Result<usize, ReadError> {
        match self.marker()? {
            Marker::FixArray(n) => Ok(usize::from(n)),
            Marker::Array16 => self.len16(),
            Marker::Array32 => self.len32(),
            _ => Err(ReadError::WrongType("array")),
        }
    }
}

/// One encoded msgpack value, borrowed from a payload, read on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawValue<'a>(&'a [u8]);

impl<'a> RawValue<'a> {
    /// The encoded bytes of the value.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    fn cursor(&self) -> Cursor<'a> {
        Cursor {
            buf: self.0,
            pos: 0,
        }
    }

    /// True for msgpack nil.
    pub fn is_nil(&self) -> bool {
        self.0.first() == Some(&0xc0)
    }

    /// The value as an integer, whatever its width or sign family.
    pub fn as_i64(&self) -> Result<i64, ReadError> {
        let mut c = self.cursor();
        let wrong = ReadError::WrongType("integer");
        Ok(match c.marker()? {
            Marker::FixPos(n) => i64::from(n),
            Marker::FixNeg(n) => i64::from(n),
            Marker::U8 => i64::from(c.u8()?),
            Marker::U16 => i64::from(u16::from_be_bytes(c.be()?)),
            Marker::U32 => i64::from(u32::from_be_bytes(c.be()?)),
            Marker::U64 => i64::try_from(u64::from_be_bytes(c.be()?)).map_err(|_| wrong)?,
            Marker::I8 => i64::from(i8::from_be_bytes(c.be()?)),
            Marker::I16 => i64::from(i16::from_be_bytes(c.be()?)),
            Marker::I32 => i64::from(i32::from_be_bytes(c.be()?)),
            Marker::I64 => i64::from_be_bytes(c.be()?),
            _ => return Err(wrong),
        })
    }

    /// The value as a boolean.
    pub fn as_bool(&self) -> Result<bool, ReadError> {
        match self.0.first() {
            Some(0xc3) => Ok(true),
            Some(0xc2) => Ok(false),
            _ => Err(ReadError::WrongType("bool")),
        }
    }

    /// The bytes of a str or bin value.
    pub fn as_str_bytes(&self) -> Result<&'a [u8], ReadError> {
        let mut c = self.cursor();
        let len = match c.marker()? {
            Marker::FixStr(n) => usize::from(n),
            Marker::Str8 | Marker::Bin8 => usize::from(c.u8()?),
            Marker::Str16 | Marker::Bin16 => c.len16()?,
            Marker::Str32 | Marker::Bin32 => c.len32()?,
            _ => return Err(ReadError::WrongType("string")),
        };
        c.take(len)
    }

    /// A str or bin value as text; bytes that are not UTF-8 are replaced with U+FFFD.
    pub fn as_str_lossy(&self) -> Result<Cow<'a, str>, ReadError> {
        Ok(String::from_utf8_lossy(self.as_str_bytes()?))
    }

    /// An array of integers.
    pub fn as_i64_array(&self) -> Result<Vec<i64>, ReadError> {
        self.as_array()?.iter().map(RawValue::as_i64).collect()
    }

    /// True for msgpack bin (bytes), false for str and everything else.
    pub fn is_bin(&self) -> bool {
        matches!(self.0.first(), Some(0xc4..=0xc6))
    }

    /// The items of an array value.
    pub fn as_array(&self) -> Result<Vec<RawValue<'a>>, ReadError> {
        let mut c = self.cursor();
        let len = c.array_len()?;
        if len > self.0.len() - c.pos {
            return Err(ReadError::Truncated);
        }
        let mut out = Vec::with_capacity(len);
        for _ in 0..len {
            let start = c.pos;
            c.skip_value()?;
            out.push(RawValue(&self.0[start..c.pos]));
        }
        Ok(out)
    }

    /// The entries of a map value.
    pub fn as_map(&self) -> Result<MapEntries<'a>, ReadError> {
        MapEntries::new(self.0)
    }
}

/// Iterates over the entries of an encoded msgpack map, yielding raw keys and values.
#[derive(Debug, Clone)]
pub struct MapEntries<'a> {
    cursor: Cursor<'a>,
    remaining: usize,
}

impl<'a> MapEntries<'a> {
    /// Starts reading the map at the start of `encoded`. An empty input reads as an empty map.
    pub fn new(encoded: &'a [u8]) -> Result<Self, ReadError> {
        let mut cursor = Cursor {
            buf: encoded,
            pos: 0,
        };
        let remaining = if encoded.is_empty() {
            0
        } else {
            cursor.map_len()?
        };
        Ok(MapEntries { cursor, remaining })
    }
}

impl<'a> Iterator for MapEntries<'a> {
    type Item = Result<(RawValue<'a>, RawValue<'a>), ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let mut read = || {
            let key_start = self.cursor.pos;
            self.cursor.skip_value()?;
            let value_start = self.cursor.pos;
            self.cursor.skip_value()?;
            let buf = self.cursor.buf;
            Ok((
                RawValue(&buf[key_start..value_start]),
                RawValue(&buf[value_start..self.cursor.pos]),
            ))
        };
        let item = read();
        if item.is_err() {
            self.remaining = 0;
        }
        Some(item)
    }
}

/// Finds the values of `keys` in the top-level map of `payload` in one pass; the first
/// entry with a key wins, as on the FPNN server. Keys may be str or bin.
pub fn lookup<'a, const N: usize>(
    payload: &'a [u8],
    keys: [&str; N],
) -> Result<[Option<RawValue<'a>>; N], ReadError> {
    let mut found = [None; N];
    for entry in MapEntries::new(payload)? {
        let (key, value) = entry?;
        let Ok(key) = key.as_str_bytes() else {
            continue;
        };
        for (slot, wanted) in found.iter_mut().zip(keys) {
            if slot.is_none() && key == wanted.as_bytes() {
                *slot = Some(value);
            }
        }
    }
    Ok(found)
}
