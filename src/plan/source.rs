//! From bytes on disk to a JSON value, and back to places in the text.
//!
//! The fast path reads a file and parses it with `serde_json`, noting (but not
//! locating) duplicate keys. Only when something is wrong does
//! [`SourceMap::index`] walk the text again to find the line and column of
//! every value, so a valid file never pays for positions.

mod json;

pub use json::{
    Parsed, SourceMap, SyntaxKind, SyntaxProblem, byte_offset, parse_json, pointer_segment,
    position_of,
};

use std::io::Read;
use std::path::Path;

pub use crate::finding::Position;

/// Plans are a few kilobytes; anything beyond this is refused unread.
pub const MAX_PLAN_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadProblem {
    /// The operating system refused.
    Io(std::io::Error),
    /// Larger than [`MAX_PLAN_BYTES`].
    TooLarge { size: u64 },
    /// Not UTF-8; where the first bad byte is.
    NotUtf8 { at: Position },
    /// The file is a symbolic link, which is never followed.
    SymbolicLink,
}

/// Whether `path` itself is a symbolic link (not followed; false when it
/// does not exist).
pub fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink())
}

/// Opens a plan file for reading, never through a symbolic link: a link in
/// `plans/` could make a command read, show or record any file the user can
/// read, outside the repository too. On Unix the file is opened with
/// `O_NOFOLLOW` (on Windows the link itself is opened and refused), so a
/// link put in place after the check is refused as well.
pub fn open_plan_file(path: &Path) -> Result<std::fs::File, ReadProblem> {
    if is_symlink(path) {
        return Err(ReadProblem::SymbolicLink);
    }
    open_no_follow(path).map_err(|error| {
        if is_symlink(path) {
            ReadProblem::SymbolicLink
        } else {
            ReadProblem::Io(error)
        }
    })
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

/// On Windows the link itself is opened (`FILE_FLAG_OPEN_REPARSE_POINT`)
/// and refused, so a link put in place after the check is not followed
/// either.
#[cfg(windows)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::windows::fs::OpenOptionsExt;
    const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)?;
    if file.metadata()?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    Ok(file)
}

#[cfg(not(any(unix, windows)))]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads the bytes of a plan file: never through a symbolic link, and
/// refusing huge files before reading them.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadProblem> {
    let file = open_plan_file(path)?;
    let size = file.metadata().map_err(ReadProblem::Io)?.len();
    if size > MAX_PLAN_BYTES {
        return Err(ReadProblem::TooLarge { size });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // Read at most one byte past the limit, in case the file grew meanwhile.
    file.take(MAX_PLAN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadProblem::Io)?;
    if bytes.len() as u64 > MAX_PLAN_BYTES {
        return Err(ReadProblem::TooLarge {
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Reads a plan file as text: never through a symbolic link, refuses huge
/// files before reading them, checks UTF-8 and drops a byte-order mark (as
/// Windows Notepad writes it).
pub fn read_text(path: &Path) -> Result<String, ReadProblem> {
    text_from_bytes(read_bytes(path)?)
}

/// Checks UTF-8 and drops a byte-order mark.
pub fn text_from_bytes(mut bytes: Vec<u8>) -> Result<String, ReadProblem> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        // The prefix up to `valid` is UTF-8 by definition.
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        ReadProblem::NotUtf8 {
            at: position_at_end(&prefix),
        }
    })
}

/// The position just past the end of `prefix`.
fn position_at_end(prefix: &str) -> Position {
    let line = prefix.matches('\n').count() + 1;
    let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line,
        column: prefix[line_start..].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_keys_and_values() {
        let text = "{\n  \"a\": 1,\n  \"bø\": [true, {\"c\": null}]\n}";
        let map = SourceMap::index(text);
        assert_eq!(map.locate("/a"), Position { line: 2, column: 3 });
        assert_eq!(
            map.locate_value("/bø/1/c"),
            Position {
                line: 3,
                column: 22
            }
        );
        assert_eq!(
            map.locate("/bø/1/missing"),
            Position {
                line: 3,
                column: 16
            }
        );
        assert_eq!(map.locate(""), Position { line: 1, column: 1 });
    }

    #[test]
    fn duplicate_keys_are_noted_and_located() {
        let text = "{\"a\": 1,\r\n \"a\": 2}";
        let parsed = parse_json(text).expect("valid JSON");
        assert!(parsed.has_duplicate_keys);
        let map = SourceMap::index(text);
        assert_eq!(
            map.duplicate_keys,
            vec![("/a".into(), "a".into(), Position { line: 2, column: 2 })]
        );
    }

    #[test]
    fn syntax_problems_are_classified() {
        assert_eq!(parse_json("  ").map_err(|e| e.kind), Err(SyntaxKind::Empty));
        assert_eq!(
            parse_json("{\"a\": [1,").map_err(|e| e.kind),
            Err(SyntaxKind::Truncated)
        );
        assert_eq!(
            parse_json("{\"a\": [1,]}").map_err(|e| e.kind),
            Err(SyntaxKind::TrailingComma)
        );
        let deep = "[".repeat(5000);
        assert_eq!(
            parse_json(&deep).map_err(|e| e.kind),
            Err(SyntaxKind::TooDeep)
        );
        assert_eq!(
            parse_json("{\"a\": 1e999}").map_err(|e| e.kind),
            Err(SyntaxKind::NumberOutOfRange)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_never_opened() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let target = dir.path().join("target.json");
        std::fs::write(&target, "{}").expect("write");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        assert!(matches!(read_text(&link), Err(ReadProblem::SymbolicLink)));
        assert!(matches!(read_bytes(&link), Err(ReadProblem::SymbolicLink)));
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink(dir.path().join("none.json"), &dangling).expect("symlink");
        assert!(matches!(
            read_text(&dangling),
            Err(ReadProblem::SymbolicLink)
        ));
        assert_eq!(read_text(&target).ok().as_deref(), Some("{}"));
    }

    #[test]
    fn byte_order_mark_is_dropped_and_bad_utf8_located() {
        assert_eq!(
            text_from_bytes(b"\xEF\xBB\xBF{}".to_vec()).ok(),
            Some("{}".to_string())
        );
        match text_from_bytes(b"{\n  \"\xC3\xA6\xFF\"}".to_vec()) {
            Err(ReadProblem::NotUtf8 { at }) => assert_eq!(at, Position { line: 2, column: 5 }),
            other => panic!("expected NotUtf8, got {other:?}"),
        }
    }
}
