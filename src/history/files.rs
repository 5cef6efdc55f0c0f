//! Files of the work tree and of `.git/backbrief/`, read and written the
//! careful way: never through a symbolic link, and completely or not at
//! all. The write and its journal both use them.

use std::path::Path;

use crate::error::CommandError;
use crate::i18n::{Lang, Message};

/// The bytes of a file in the work tree, never read through a symbolic link
/// (a link, or a file larger than a plan may be, reads as an error).
pub fn read_unfollowed(path: &Path) -> std::io::Result<Vec<u8>> {
    match crate::plan::source::read_bytes(path) {
        Ok(bytes) => Ok(bytes),
        Err(crate::plan::source::ReadProblem::Io(error)) => Err(error),
        Err(_) => Err(std::io::Error::other("not an ordinary plan file")),
    }
}

/// Writes `bytes` to `path` completely or not at all (see
/// [`crate::atomic_file`]), making its folder first (`.git/backbrief/`).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::atomic_file::write(path, bytes)
}

/// The error for a file that could not be written, with the system's reason.
pub fn io_failure(path: &Path, error: &std::io::Error, lang: Lang) -> CommandError {
    CommandError::environment(crate::i18n::Common::CannotWrite.fill(
        lang,
        &[
            ("path", &path.display()),
            ("reason", &crate::io_reason(error, lang)),
        ],
    ))
}
