//! FPNN connection encryption (spec: FPNN.md section 9): an ECDH key exchange through the
//! `*key` quest, then AES-CFB128 over everything else, in package or stream mode.
//!
//! Enable it on a client with [`ClientConfigBuilder::encryption`](crate::ClientConfigBuilder::encryption)
//! or [`ClientConfigBuilder::enable_encryptor_by_pem_file`](crate::ClientConfigBuilder::enable_encryptor_by_pem_file).
//! Every connection, reconnections included, makes a fresh ephemeral key.
//!
//! All cryptography comes from the RustCrypto crates (`k256`, `p256`, `p224`, `p192`, `aes`,
//! `cfb-mode`, `sha2`, `spki`); this module only wires them to FPNN's conventions.

use std::fmt;
use std::path::Path;

use aes::{Aes128, Aes256};
use cfb_mode::cipher::KeyIvInit;
use cfb_mode::{BufDecryptor, BufEncryptor};
use elliptic_curve::sec1::{FromEncodedPoint, ModulusSize, ToEncodedPoint};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize, PublicKey, SecretKey};
use md5::{Digest as _, Md5};
use sha2::Sha256;

macro_rules! dispatch {
    ($curve:expr, $c:ident => $body:expr) => {
        match $curve {
            Curve::Secp256k1 => {
                type $c = k256::Secp256k1;
                $body
            }
            Curve::Secp256r1 => {
                type $c = p256::NistP256;
                $body
            }
            Curve::Secp224r1 => {
                type $c = p224::NistP224;
                $body
            }
            Curve::Secp192r1 => {
                type $c = p192::NistP192;
                $body
            }
        }
    };
}

/// The elliptic curves an FPNN server may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// secp256k1 (the default of the official SDKs).
    Secp256k1,
    /// secp256r1 (NIST P-256).
    Secp256r1,
    /// secp224r1 (NIST P-224).
    Secp224r1,
    /// secp192r1 (NIST P-192).
    Secp192r1,
}

impl Curve {
    /// Every supported curve.
    pub const ALL: [Curve; 4] = [
        Curve::Secp256k1,
        Curve::Secp256r1,
        Curve::Secp224r1,
        Curve::Secp192r1,
    ];

    /// The curve's name as the SDKs spell it (`"secp256k1"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Curve::Secp256k1 => "secp256k1",
            Curve::Secp256r1 => "secp256r1",
            Curve::Secp224r1 => "secp224r1",
            Curve::Secp192r1 => "secp192r1",
        }
    }

    /// The curve of a name (`"secp256k1"`, `"secp256r1"`/`"prime256v1"`/`"P-256"`, ...).
    pub fn from_name(name: &str) -> Option<Curve> {
        match name.to_ascii_lowercase().as_str() {
            "secp256k1" => Some(Curve::Secp256k1),
            "secp256r1" | "prime256v1" | "p-256" | "p256" => Some(Curve::Secp256r1),
            "secp224r1" | "p-224" | "p224" => Some(Curve::Secp224r1),
            "secp192r1" | "prime192v1" | "p-192" | "p192" => Some(Curve::Secp192r1),
            _ => None,
        }
    }

    /// Bytes in one coordinate: 32, 32, 28 or 24.
    pub fn field_size(self) -> usize {
        match self {
            Curve::Secp256k1 | Curve::Secp256r1 => 32,
            Curve::Secp224r1 => 28,
            Curve::Secp192r1 => 24,
        }
    }

    fn oid(self) -> &'static str {
        match self {
            Curve::Secp256k1 => "1.3.132.0.10",
            Curve::Secp256r1 => "1.2.840.10045.3.1.7",
            Curve::Secp224r1 => "1.3.132.0.33",
            Curve::Secp192r1 => "1.2.840.10045.3.1.1",
        }
    }
}

impl fmt::Display for Curve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The AES key size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Strength {
    /// AES-128: the key is the first 16 bytes of the shared secret (the default).
    #[default]
    Aes128,
    /// AES-256: the key is the shared secret (32-byte curves) or its SHA-256.
    Aes256,
}

impl Strength {
    /// The `bits` value sent in `*key`.
    pub fn bits(self) -> u16 {
        match self {
            Strength::Aes128 => 128,
            Strength::Aes256 => 256,
        }
    }

    /// The strength of a `bits` value (128 or 256).
    pub fn from_bits(bits: i64) -> Option<Strength> {
        match bits {
            128 => Some(Strength::Aes128),
            256 => Some(Strength::Aes256),
            _ => None,
        }
    }
}

/// How frames are encrypted after the key exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Mode {
    /// Each frame is a package: a plaintext `u32` length, then the frame encrypted with a
    /// fresh cipher state (the Python SDK's mode, the default).
    #[default]
    Package,
    /// One continuous cipher stream per direction, no length prefix (the Go SDK's mode).
    Stream,
}

/// Why an encryption setting or handshake failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncryptionError {
    /// The key file could not be read.
    #[error("cannot read the server key {path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        reason: String,
    },
    /// The text is not a PEM `PUBLIC KEY` block.
    #[error("not a PEM public key: {0}")]
    Pem(String),
    /// The bytes are not a DER SubjectPublicKeyInfo of an EC key.
    #[error("not a DER EC public key: {0}")]
    Der(String),
    /// The key's curve is not one FPNN uses.
    #[error("unsupported curve {0}")]
    UnsupportedCurve(String),
    /// The key is on another curve than the one asked for.
    #[error("curve mismatch: the key is on {key}, but {expected} was asked for")]
    CurveMismatch {
        /// The key's curve.
        key: Curve,
        /// The curve asked for.
        expected: Curve,
    },
    /// The point is not a valid point of the curve.
    #[error("invalid public key for {curve}: {reason}")]
    InvalidKey {
        /// The curve.
        curve: Curve,
        /// The cause.
        reason: String,
    },
}

/// A server's EC public key: its curve and its point.
///
/// ```
/// use rtm_server_sdk::crypto::{Curve, ServerKey};
///
/// let pem = "-----BEGIN PUBLIC KEY-----
/// MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEUF8jSoH+OviGJevaJZ267ETHKxgeL2Rz
/// X4uOyNfPc3dm8iTqDFRCP9kUAo6P2BUCEz+a7595TlvmADVfxfOhUA==
/// -----END PUBLIC KEY-----";
/// let key = ServerKey::from_pem(pem)?;
/// assert_eq!(key.curve(), Curve::Secp256k1);
/// assert_eq!(ServerKey::from_der(&key.to_der())?, key);
/// # Ok::<(), rtm_server_sdk::crypto::EncryptionError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ServerKey {
    curve: Curve,
    /// `X || Y`, each coordinate big-endian and `field_size` bytes.
    xy: Vec<u8>,
}

impl fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerKey")
            .field("curve", &self.curve)
            .field("xy", &format_args!("{} bytes", self.xy.len()))
            .finish()
    }
}

impl ServerKey {
    /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo), the curve taken from the key.
    pub fn from_pem(pem: &str) -> Result<ServerKey, EncryptionError> {
        let (label, der) = pem_rfc7468::decode_vec(pem.trim().as_bytes())
            .map_err(|e| EncryptionError::Pem(e.to_string()))?;
        if label != "PUBLIC KEY" {
            return Err(EncryptionError::Pem(format!(
                "label {label:?}, expected \"PUBLIC KEY\""
            )));
        }
        ServerKey::from_der(&der)
    }

    /// Reads a DER SubjectPublicKeyInfo, the curve taken from its OID.
    pub fn from_der(der: &[u8]) -> Result<ServerKey, EncryptionError> {
        use spki::der::Decode;
        let info = spki::SubjectPublicKeyInfoRef::from_der(der)
            .map_err(|e| EncryptionError::Der(e.to_string()))?;
        const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
        if info.algorithm.oid.to_string() != EC_PUBLIC_KEY {
            return Err(EncryptionError::Der(format!(
                "algorithm {} is not id-ecPublicKey",
                info.algorithm.oid
            )));
        }
        let curve_oid = info
            .algorithm
            .parameters_oid()
            .map_err(|e| EncryptionError::Der(format!("no named curve: {e}")))?
            .to_string();
        let curve = Curve::ALL
            .into_iter()
            .find(|c| c.oid() == curve_oid)
            .ok_or(EncryptionError::UnsupportedCurve(curve_oid))?;
        let point = info
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| EncryptionError::Der("the key bit string has unused bits".into()))?;
        ServerKey::from_raw(curve, point)
    }

    /// A raw point: `X || Y` (or `04 || X || Y`) on `curve`.
    pub fn from_raw(curve: Curve, point: &[u8]) -> Result<ServerKey, EncryptionError> {
        let size = curve.field_size();
        let xy = match point.len() {
            n if n == 2 * size => point,
            n if n == 2 * size + 1 && point[0] == 0x04 => &point[1..],
            n => {
                return Err(EncryptionError::InvalidKey {
                    curve,
                    reason: format!(
                        "{n} bytes; an uncompressed point on {curve} has {} (or {} with 04)",
                        2 * size,
                        2 * size + 1
                    ),
                });
            }
        };
        // Proves the point is on the curve now, not at the first connection.
        dispatch!(curve, C => public_key::<C>(curve, xy).map(|_| ()))?;
        Ok(ServerKey {
            curve,
            xy: xy.to_vec(),
        })
    }

    /// Reads a PEM or DER file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<ServerKey, EncryptionError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| EncryptionError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        match std::str::from_utf8(&bytes) {
            Ok(text) if text.contains("-----BEGIN") => ServerKey::from_pem(text),
            _ => ServerKey::from_der(&bytes),
        }
    }

    /// The key as DER SubjectPublicKeyInfo (id-ecPublicKey, the named curve, the
    /// uncompressed point), as FPNN servers' key files hold it.
    pub fn to_der(&self) -> Vec<u8> {
        use spki::der::asn1::{BitString, ObjectIdentifier};
        use spki::der::{Any, Encode};
        let oid = |text: &str| ObjectIdentifier::new(text).expect("a well-formed OID");
        let mut point = Vec::with_capacity(self.xy.len() + 1);
        point.push(0x04);
        point.extend_from_slice(&self.xy);
        let info = spki::SubjectPublicKeyInfoOwned {
            algorithm: spki::AlgorithmIdentifierOwned {
                oid: oid("1.2.840.10045.2.1"),
                parameters: Some(Any::from(oid(self.curve.oid()))),
            },
            subject_public_key: BitString::from_bytes(&point).expect("a byte-aligned bit string"),
        };
        info.to_der().expect("a SubjectPublicKeyInfo encodes")
    }

    /// The key as a PEM `PUBLIC KEY` block (64-column base64, `\n` line ends).
    pub fn to_pem(&self) -> String {
        pem_rfc7468::encode_string("PUBLIC KEY", pem_rfc7468::LineEnding::LF, &self.to_der())
            .expect("PEM encoding of a small key")
    }

    /// The key's curve.
    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// The point as `X || Y`.
    pub fn xy(&self) -> &[u8] {
        &self.xy
    }
}

/// Everything a client needs to encrypt its connections.
///
/// # Security model
///
/// This is FPNN's encryption, for interoperability with FPNN servers; know what it gives:
///
/// - **Confidentiality against a passive listener**, from an ephemeral ECDH key per
///   connection and AES-CFB128.
/// - **No integrity**: there is no MAC. A party on the path can flip bits of a frame
///   undetected (the frame then usually fails to decode, but not always).
/// - **Package mode reuses the key and IV for every frame** of a connection (FPNN's
///   design): two frames that begin alike reveal that they do, and XOR-ing two packages
///   leaks the XOR of their first blocks. Stream mode does not have this weakness.
/// - **The server is authenticated only by its public key**: a client with the wrong key
///   fails the handshake; no certificate chain is involved.
///
/// Where these matter, prefer stream mode, or run the connection inside a tunnel (TLS,
/// WireGuard) instead. Key material (the ECDH secret, the AES keys) is wiped from memory
/// when dropped.
///
/// ```
/// use rtm_server_sdk::crypto::{Curve, EncryptionConfig, Mode, ServerKey, Strength};
///
/// # let pem = rtm_server_sdk::mock::MockServer::builder()
/// #     .encryption_key(Curve::Secp256k1, &[7; 32])?
/// #     .start()?
/// #     .server_key()
/// #     .unwrap()
/// #     .to_pem();
/// let key = ServerKey::from_pem(&pem)?;
/// let encryption = EncryptionConfig::new(key, Strength::Aes128, Mode::Stream);
/// assert_eq!(encryption.mode, Mode::Stream);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncryptionConfig {
    /// The server's public key.
    pub server_key: ServerKey,
    /// AES-128 or AES-256.
    pub strength: Strength,
    /// Package or stream mode.
    pub mode: Mode,
}

impl EncryptionConfig {
    /// Encryption with the server's public key, a key size and a mode.
    pub fn new(server_key: ServerKey, strength: Strength, mode: Mode) -> Self {
        EncryptionConfig {
            server_key,
            strength,
            mode,
        }
    }
}

fn public_key<C>(curve: Curve, xy: &[u8]) -> Result<PublicKey<C>, EncryptionError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
{
    let mut sec1 = Vec::with_capacity(xy.len() + 1);
    sec1.push(0x04);
    sec1.extend_from_slice(xy);
    PublicKey::<C>::from_sec1_bytes(&sec1).map_err(|_| EncryptionError::InvalidKey {
        curve,
        reason: "not a point on the curve".into(),
    })
}

/// `X || Y` of a private key's public point.
fn public_xy<C>(private: &SecretKey<C>) -> Vec<u8>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
{
    private.public_key().to_encoded_point(false).as_bytes()[1..].to_vec()
}

fn exchange<C>(
    curve: Curve,
    private: Option<&[u8]>,
    peer_xy: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), EncryptionError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
{
    let peer = public_key::<C>(curve, peer_xy)?;
    let private = match private {
        Some(bytes) => {
            SecretKey::<C>::from_slice(bytes).map_err(|_| EncryptionError::InvalidKey {
                curve,
                reason: "invalid private key".into(),
            })?
        }
        None => SecretKey::<C>::random(&mut rand_core::OsRng),
    };
    let shared =
        elliptic_curve::ecdh::diffie_hellman(private.to_nonzero_scalar(), peer.as_affine());
    Ok((public_xy(&private), shared.raw_secret_bytes().to_vec()))
}

/// The ECDH shared secret (the x-coordinate, `field_size` bytes) of `private` (big-endian
/// scalar bytes) and a peer's `X || Y`; also returns `private`'s own `X || Y`. With
/// `private = None` a fresh random key is made.
pub(crate) fn key_exchange(
    curve: Curve,
    private: Option<&[u8]>,
    peer_xy: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), EncryptionError> {
    dispatch!(curve, C => exchange::<C>(curve, private, peer_xy))
}

/// `X || Y` of the public point of `private` (big-endian scalar bytes).
pub(crate) fn public_key_of(curve: Curve, private: &[u8]) -> Result<Vec<u8>, EncryptionError> {
    dispatch!(curve, C => {
        let key = SecretKey::<C>::from_slice(private).map_err(|_| EncryptionError::InvalidKey {
            curve,
            reason: "invalid private key".into(),
        })?;
        Ok(public_xy(&key))
    })
}

/// The AES key and IV FPNN derives from a shared secret: `iv = MD5(secret)`; the key is
/// `secret[..16]` for AES-128, and for AES-256 `secret` itself on 32-byte curves or
/// `SHA-256(secret)` otherwise.
pub(crate) fn derive_key_iv(secret: &[u8], strength: Strength) -> (Vec<u8>, [u8; 16]) {
    let iv: [u8; 16] = Md5::digest(secret).into();
    let key = match strength {
        Strength::Aes128 => secret.get(..16).unwrap_or(secret).to_vec(),
        Strength::Aes256 if secret.len() == 32 => secret.to_vec(),
        Strength::Aes256 => Sha256::digest(secret).to_vec(),
    };
    (key, iv)
}

/// A derived key: the cipher of one direction is built from it. Wiped when dropped.
#[derive(Clone)]
pub(crate) struct KeyIv {
    key: Vec<u8>,
    iv: [u8; 16],
}

impl Drop for KeyIv {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.key.zeroize();
        self.iv.zeroize();
    }
}

impl KeyIv {
    pub fn new(key: Vec<u8>, iv: [u8; 16]) -> KeyIv {
        KeyIv { key, iv }
    }

    fn encryptor(&self) -> Encryptor {
        match self.key.len() {
            16 => Encryptor::A128(BufEncryptor::new(self.key[..].into(), &self.iv.into())),
            _ => Encryptor::A256(BufEncryptor::new(self.key[..].into(), &self.iv.into())),
        }
    }

    fn decryptor(&self) -> Decryptor {
        match self.key.len() {
            16 => Decryptor::A128(BufDecryptor::new(self.key[..].into(), &self.iv.into())),
            _ => Decryptor::A256(BufDecryptor::new(self.key[..].into(), &self.iv.into())),
        }
    }
}

// Both AES sizes are common; the state lives behind a Box in `Encrypt`.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Encryptor {
    A128(BufEncryptor<Aes128>),
    A256(BufEncryptor<Aes256>),
}

impl Encryptor {
    fn apply(&mut self, data: &mut [u8]) {
        match self {
            Encryptor::A128(e) => e.encrypt(data),
            Encryptor::A256(e) => e.encrypt(data),
        }
    }
}

#[allow(clippy::large_enum_variant)]
pub(crate) enum Decryptor {
    A128(BufDecryptor<Aes128>),
    A256(BufDecryptor<Aes256>),
}

impl Decryptor {
    fn apply(&mut self, data: &mut [u8]) {
        match self {
            Decryptor::A128(d) => d.decrypt(data),
            Decryptor::A256(d) => d.decrypt(data),
        }
    }
}

/// The sending half of an encrypted connection.
pub(crate) enum Encrypt {
    /// Each frame with a fresh state, behind its plaintext length.
    Package(KeyIv),
    /// One continuous state.
    Stream(Box<Encryptor>),
}

impl Encrypt {
    pub fn new(key: &KeyIv, mode: Mode) -> Encrypt {
        match mode {
            Mode::Package => Encrypt::Package(key.clone()),
            Mode::Stream => Encrypt::Stream(Box::new(key.encryptor())),
        }
    }

    /// True in package mode: each frame is encrypted on its own.
    pub fn is_package(&self) -> bool {
        matches!(self, Encrypt::Package(_))
    }

    /// Appends `frame`, encrypted, to `out`.
    pub fn write_frame(&mut self, out: &mut Vec<u8>, frame: &[u8]) {
        if let Encrypt::Package(_) = self {
            out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        }
        let start = out.len();
        out.extend_from_slice(frame);
        match self {
            Encrypt::Package(key) => key.encryptor().apply(&mut out[start..]),
            Encrypt::Stream(encryptor) => encryptor.apply(&mut out[start..]),
        }
    }
}

/// The receiving half of an encrypted connection.
pub(crate) enum Decrypt {
    /// Packages: a plaintext length, then one frame encrypted with a fresh state.
    Package(KeyIv),
    /// One continuous state, applied to bytes as they arrive.
    Stream(Box<Decryptor>),
}

impl Decrypt {
    pub fn new(key: &KeyIv, mode: Mode) -> Decrypt {
        match mode {
            Mode::Package => Decrypt::Package(key.clone()),
            Mode::Stream => Decrypt::Stream(Box::new(key.decryptor())),
        }
    }

    /// Decrypts stream bytes in place as they arrive (nothing to do in package mode).
    pub fn on_arrival(&mut self, data: &mut [u8]) {
        if let Decrypt::Stream(decryptor) = self {
            decryptor.apply(data);
        }
    }

    /// Decrypts one whole package body in place.
    pub fn package(&self, data: &mut [u8]) {
        if let Decrypt::Package(key) = self {
            key.decryptor().apply(data);
        }
    }

    pub fn is_package(&self) -> bool {
        matches!(self, Decrypt::Package(_))
    }
}

/// The payload of the `*key` quest: `{publicKey: bin X||Y, streamMode, bits}`, in the
/// Python SDK's order.
pub(crate) fn key_quest_payload(public_xy: &[u8], strength: Strength, mode: Mode) -> Vec<u8> {
    let mut payload = Vec::with_capacity(96);
    crate::wire::codec::msgpack::PayloadWriter::new(&mut payload)
        .map_len(3)
        .key("publicKey")
        .bin(public_xy)
        .key("streamMode")
        .bool(mode == Mode::Stream)
        .key("bits")
        .int(i64::from(strength.bits()));
    payload
}

/// A client's side of one connection's key exchange.
pub(crate) struct ClientHandshake {
    /// The `*key` quest's payload.
    pub key_payload: Vec<u8>,
    pub key: KeyIv,
    pub mode: Mode,
}

/// Makes a fresh ephemeral key and the `*key` payload for one connection.
pub(crate) fn client_handshake(
    config: &EncryptionConfig,
) -> Result<ClientHandshake, EncryptionError> {
    let server = &config.server_key;
    let (public_xy, secret) = key_exchange(server.curve, None, &server.xy)?;
    let secret = zeroize::Zeroizing::new(secret);
    let (key, iv) = derive_key_iv(&secret, config.strength);
    Ok(ClientHandshake {
        key_payload: key_quest_payload(&public_xy, config.strength, config.mode),
        key: KeyIv::new(key, iv),
        mode: config.mode,
    })
}

#[cfg(test)]
mod tests {
    //! The `enc_*` vectors of the FPNN spec (`tests/data/fpnn-frames.json`).
    use super::*;
    use serde_json::Value;

    fn vector(name: &str) -> Value {
        let text = include_str!("../../tests/data/fpnn-frames.json");
        let json: Value = serde_json::from_str(text).unwrap();
        json["vectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == name)
            .unwrap_or_else(|| panic!("no vector {name}"))
            .clone()
    }

    fn hex_field(v: &Value, field: &str) -> Vec<u8> {
        hex::decode(v[field].as_str().unwrap()).unwrap()
    }

    fn material() -> Value {
        vector("enc_key_quest_plain")["key_material"].clone()
    }

    fn session_key(strength: Strength) -> KeyIv {
        let m = material();
        let (key, iv) = derive_key_iv(&hex_field(&m, "shared_secret_hex"), strength);
        KeyIv::new(key, iv)
    }

    #[test]
    fn key_exchange_and_derivation_match_the_vectors() {
        let m = material();
        let server_xy = hex_field(&m, "server_public_key_raw_xy_hex");
        let client_private = hex_field(&m, "client_private_key_raw_hex");
        let (client_xy, secret) =
            key_exchange(Curve::Secp256k1, Some(&client_private), &server_xy).unwrap();
        assert_eq!(client_xy, hex_field(&m, "client_public_key_raw_xy_hex"));
        assert_eq!(secret, hex_field(&m, "shared_secret_hex"));
        let (key128, iv) = derive_key_iv(&secret, Strength::Aes128);
        assert_eq!(iv.to_vec(), hex_field(&m, "iv_md5_secret_hex"));
        assert_eq!(key128, hex_field(&m, "aes128_key_hex"));
        let (key256, _) = derive_key_iv(&secret, Strength::Aes256);
        assert_eq!(key256, hex_field(&m, "aes256_key_hex"));
        // The server's side finds the same secret.
        let server_private = hex_field(&m, "server_private_key_raw_hex");
        assert_eq!(
            public_key_of(Curve::Secp256k1, &server_private).unwrap(),
            server_xy
        );
        let (_, server_secret) =
            key_exchange(Curve::Secp256k1, Some(&server_private), &client_xy).unwrap();
        assert_eq!(server_secret, secret);
    }

    #[test]
    fn server_key_reads_from_pem_and_der() {
        let m = material();
        let xy = hex_field(&m, "server_public_key_raw_xy_hex");
        let pem = ServerKey::from_pem(m["server_public_key_pem"].as_str().unwrap()).unwrap();
        assert_eq!((pem.curve(), pem.xy()), (Curve::Secp256k1, &xy[..]));
        let der = ServerKey::from_der(&hex_field(&m, "server_public_key_der_hex")).unwrap();
        assert_eq!(der, pem);
    }

    #[test]
    fn server_key_writes_the_same_pem_and_der() {
        let m = material();
        let key = ServerKey::from_pem(m["server_public_key_pem"].as_str().unwrap()).unwrap();
        assert_eq!(key.to_der(), hex_field(&m, "server_public_key_der_hex"));
        assert_eq!(key.to_pem(), m["server_public_key_pem"].as_str().unwrap());
        for curve in Curve::ALL {
            let xy = public_key_of(curve, &vec![0x1f; curve.field_size()]).unwrap();
            let key = ServerKey::from_raw(curve, &xy).unwrap();
            assert_eq!(ServerKey::from_pem(&key.to_pem()).unwrap(), key, "{curve}");
        }
    }

    #[test]
    fn key_quest_payload_is_byte_exact() {
        let m = material();
        let payload = key_quest_payload(
            &hex_field(&m, "client_public_key_raw_xy_hex"),
            Strength::Aes128,
            Mode::Package,
        );
        let frame =
            crate::wire::codec::encode_quest(Some(1), "*key", &payload, usize::MAX).unwrap();
        let mut expected = hex_field(&vector("enc_key_quest_plain"), "hex");
        expected[4] = 1; // we send version 1, the Python SDK 0
        assert_eq!(hex::encode(frame), hex::encode(expected));
    }

    fn encrypt_all(key: &KeyIv, mode: Mode, frames: &[&[u8]]) -> Vec<u8> {
        let mut encrypt = Encrypt::new(key, mode);
        let mut out = Vec::new();
        for frame in frames {
            encrypt.write_frame(&mut out, frame);
        }
        out
    }

    #[test]
    fn package_mode_frames_are_byte_exact_and_decrypt_back() {
        for (name, strength) in [
            ("enc_package_mode_aes128_addroommember", Strength::Aes128),
            ("enc_package_mode_aes256_addroommember", Strength::Aes256),
            ("enc_package_mode_key_answer", Strength::Aes128),
        ] {
            let v = vector(name);
            let plain = hex_field(&v, "plaintext_hex");
            let key = session_key(strength);
            let wire = encrypt_all(&key, Mode::Package, &[&plain]);
            assert_eq!(hex::encode(&wire), v["hex"].as_str().unwrap(), "{name}");
            let mut body = wire[4..].to_vec();
            Decrypt::new(&key, Mode::Package).package(&mut body);
            assert_eq!(body, plain, "{name}");
        }
    }

    #[test]
    fn stream_mode_keeps_one_state_per_direction() {
        let key = session_key(Strength::Aes128);
        let v = vector("enc_stream_mode_aes128_two_frames");
        let plain = hex_field(&v, "plaintext_hex");
        let a_len = v["frame_a_len"].as_u64().unwrap() as usize;
        let wire = encrypt_all(&key, Mode::Stream, &[&plain[..a_len], &plain[a_len..]]);
        assert_eq!(hex::encode(&wire), v["hex"].as_str().unwrap());
        // Decrypting in arbitrary pieces gives the plaintext back.
        let mut decrypt = Decrypt::new(&key, Mode::Stream);
        let mut bytes = wire.clone();
        for chunk in bytes.chunks_mut(7) {
            decrypt.on_arrival(chunk);
        }
        assert_eq!(bytes, plain);

        let v = vector("enc_stream_mode_key_answer");
        let answer = encrypt_all(&key, Mode::Stream, &[&hex_field(&v, "plaintext_hex")]);
        assert_eq!(hex::encode(answer), v["hex"].as_str().unwrap());
    }

    #[test]
    fn keys_on_every_curve_are_fixed_width_and_agree() {
        for curve in Curve::ALL {
            let server_private = vec![0x1f; curve.field_size()];
            let server_xy = public_key_of(curve, &server_private).unwrap();
            assert_eq!(server_xy.len(), 2 * curve.field_size());
            for _ in 0..16 {
                let (client_xy, secret) = key_exchange(curve, None, &server_xy).unwrap();
                assert_eq!(client_xy.len(), 2 * curve.field_size(), "{curve}: padded");
                assert_eq!(secret.len(), curve.field_size());
                let (_, server_secret) =
                    key_exchange(curve, Some(&server_private), &client_xy).unwrap();
                assert_eq!(server_secret, secret, "{curve}");
            }
        }
    }

    #[test]
    fn bad_keys_are_refused_with_a_reason() {
        let m = material();
        let pem = m["server_public_key_pem"].as_str().unwrap();
        let truncated = &pem[..pem.len() / 2];
        assert!(matches!(
            ServerKey::from_pem(truncated),
            Err(EncryptionError::Pem(_))
        ));
        assert!(matches!(
            ServerKey::from_der(&[0x30, 0x03, 1, 2, 3]),
            Err(EncryptionError::Der(_))
        ));
        let not_on_curve = vec![0x01; 64];
        assert!(matches!(
            ServerKey::from_raw(Curve::Secp256k1, &not_on_curve),
            Err(EncryptionError::InvalidKey { .. })
        ));
        assert!(matches!(
            ServerKey::from_raw(Curve::Secp192r1, &[0x04; 10]),
            Err(EncryptionError::InvalidKey { .. })
        ));
        assert!(matches!(
            ServerKey::from_file("/nonexistent/key.pem"),
            Err(EncryptionError::Io { .. })
        ));
    }
}
