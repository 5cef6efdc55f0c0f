//! Files written completely or not at all: the bytes go to a temporary file
//! (tempfile's), synced, which then takes the file's name in one rename.
//! Nothing is ever written through a symbolic link: the temporary file is
//! created new, and the rename replaces a link instead of following it.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// A file written under a temporary name in `dir`, not yet in place.
/// Dropped without [`Staged::put_in_place`], it leaves nothing behind.
pub struct Staged {
    file: NamedTempFile,
    target: PathBuf,
}

/// Writes `bytes` to a temporary file in the existing folder `dir` (on the
/// same file system as `target`), ready to become `target`. Temporary names
/// end in `.tmp`, so a cleanup after a killed writer can find them.
pub fn stage(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut file = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    keep_permissions(file.path(), target)?;
    file.as_file().sync_all()?;
    Ok(Staged {
        file,
        target: target.to_path_buf(),
    })
}

impl Staged {
    /// Renames the staged file over its target.
    pub fn put_in_place(self) -> std::io::Result<()> {
        self.file
            .persist(&self.target)
            .map(drop)
            .map_err(|error| error.error)
    }

    /// Gives the staged file its target's name only if that name is free.
    pub fn put_in_place_if_new(self) -> std::io::Result<()> {
        self.file
            .persist_noclobber(&self.target)
            .map(drop)
            .map_err(|error| error.error)
    }
}

/// Writes `bytes` to `path` completely or not at all (staged beside it).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    stage(folder_of(path), path, bytes)?.put_in_place()
}

/// Writes a new file completely or not at all, and never over an existing one.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    stage(folder_of(path), path, bytes)?.put_in_place_if_new()
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The temporary file gets the target's permissions (a plan stays readable
/// by the group as before), or the usual ones for a new file; tempfile
/// creates it readable by its owner only.
fn keep_permissions(temporary: &Path, target: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::symlink_metadata(target)
            .ok()
            .filter(|meta| meta.is_file())
            .map_or(0o644, |meta| meta.permissions().mode() & 0o777);
        std::fs::set_permissions(temporary, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    {
        let _ = (temporary, target);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_replaces_and_write_new_never_does() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("plan.json");
        write(&path, b"one").expect("first write");
        write(&path, b"two").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        assert!(write_new(&path, b"three").is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    }

    #[test]
    fn a_staged_file_dropped_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("report.html");
        drop(stage(dir.path(), &path, b"x").expect("stage"));
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
    }
}
