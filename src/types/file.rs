//! Files as data: what to send, and the token to send it with.

use std::path::Path;

/// A file to send: a path (read once, the name taken from it), or bytes with a file name.
/// The name gives the `ext` of the file's attributes (after the last `.` of the name).
#[derive(Debug, Clone, Copy)]
pub enum FileContent<'a> {
    /// A file on disk.
    Path(&'a Path),
    /// Bytes in memory, with the file name to announce.
    Bytes {
        /// The file name (`report.pdf`), for its extension.
        name: &'a str,
        /// The content.
        content: &'a [u8],
    },
}

impl<'a> FileContent<'a> {
    /// A file on disk.
    pub fn path(path: &'a (impl AsRef<Path> + ?Sized)) -> Self {
        FileContent::Path(path.as_ref())
    }

    /// Bytes in memory, announced under `name`.
    pub fn bytes(name: &'a str, content: &'a [u8]) -> Self {
        FileContent::Bytes { name, content }
    }
}

/// What `file_token` gives: a single-use token and the gateway to send the file to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileToken {
    /// The token.
    pub token: String,
    /// The file gateway, `host:port`.
    pub endpoint: String,
}
