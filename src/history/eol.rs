//! Plan files in the index as git would put them there: with
//! `core.autocrlf` (Git for Windows' default) or a `text`/`eol` attribute,
//! git stores a file's CRLF line endings as LF ("clean" conversion). A
//! decision commits the bytes git would have committed, so `git status` is
//! clean afterwards and the next plain `git commit` carries nothing along.

use std::borrow::Cow;
use std::path::Path;

use git2::{AttrCheckFlags, AttrValue, Repository};

use crate::history::repo::PlansRepo;

/// How git converts line endings of one path when it stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conversion {
    /// Stored as it is (`-text`, `binary`, or nothing configured).
    None,
    /// Text: CRLF is always stored as LF (`text`, `eol=…`).
    Text,
    /// Text if it looks like text and was not stored with CR before
    /// (`text=auto`, or `core.autocrlf` true or input).
    Auto,
}

fn conversion(repo: &Repository, path: &str) -> Conversion {
    let flags = AttrCheckFlags::FILE_THEN_INDEX;
    let attr = |name: &str| repo.get_attr(Path::new(path), name, flags).ok().flatten();
    match AttrValue::from_string(attr("text")) {
        AttrValue::False => return Conversion::None,
        AttrValue::True => return Conversion::Text,
        AttrValue::String("auto") => return Conversion::Auto,
        _ => {}
    }
    if matches!(
        AttrValue::from_string(attr("eol")),
        AttrValue::String("lf" | "crlf")
    ) {
        return Conversion::Text;
    }
    let autocrlf = repo
        .config()
        .ok()
        .and_then(|config| config.get_string("core.autocrlf").ok())
        .map(|value| value.to_ascii_lowercase());
    match autocrlf.as_deref() {
        Some("true" | "input" | "yes" | "on" | "1") => Conversion::Auto,
        _ => Conversion::None,
    }
}

/// The bytes git stores for `content` at `path`, given what was stored
/// there before (`previous`, for git's rule that a file already stored with
/// CR keeps it under `auto`).
pub fn as_stored<'a>(
    repo: &Repository,
    path: &str,
    content: &'a [u8],
    previous: Option<&[u8]>,
) -> Cow<'a, [u8]> {
    if !content.windows(2).any(|pair| pair == b"\r\n") {
        return Cow::Borrowed(content);
    }
    let convert = match conversion(repo, path) {
        Conversion::None => false,
        Conversion::Text => true,
        Conversion::Auto => {
            let binary = content.contains(&0);
            let lone_cr = content
                .iter()
                .enumerate()
                .any(|(i, b)| *b == b'\r' && content.get(i + 1) != Some(&b'\n'));
            let stored_with_cr = previous.is_some_and(|bytes| bytes.contains(&b'\r'));
            !binary && !lone_cr && !stored_with_cr
        }
    };
    if !convert {
        return Cow::Borrowed(content);
    }
    let mut stored = Vec::with_capacity(content.len());
    let mut bytes = content.iter().peekable();
    while let Some(&byte) = bytes.next() {
        if byte == b'\r' && bytes.peek() == Some(&&b'\n') {
            continue;
        }
        stored.push(byte);
    }
    Cow::Owned(stored)
}
/// Whether the plan file in the work tree (`on_disk`, None: gone) holds
/// something else than `recorded`, as git would store it (a file that
/// differs only in line endings git cleans is no change).
pub fn plan_file_differs(
    repo: &PlansRepo,
    path: &str,
    on_disk: Option<&[u8]>,
    recorded: &[u8],
) -> bool {
    on_disk.is_none_or(|bytes| {
        bytes != recorded && as_stored(&repo.git, path, bytes, Some(recorded)).as_ref() != recorded
    })
}
