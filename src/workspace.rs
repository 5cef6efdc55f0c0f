//! Where the plans are: the `plans/` folder of the plans repository.

use std::path::{Path, PathBuf};

use crate::error::CommandError;
use crate::i18n::{Common, Lang, Message};

/// The folder that holds `plans/`: the git work tree we are in, else the
/// current folder.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The root folder.
    pub root: PathBuf,
}

impl Workspace {
    /// The workspace for the current folder.
    pub fn discover(cwd: &Path) -> Workspace {
        let root = git2::Repository::discover(cwd)
            .ok()
            .and_then(|repo| repo.workdir().map(Path::to_path_buf))
            .filter(|root| root.join("plans").is_dir() || !cwd.join("plans").is_dir())
            .unwrap_or_else(|| cwd.to_path_buf());
        Workspace { root }
    }

    /// The `plans/` folder.
    pub fn plans_dir(&self) -> PathBuf {
        self.root.join("plans")
    }

    /// The file of the plan with this id (the id is checked to be a safe name).
    pub fn plan_path(&self, id: &str) -> Option<PathBuf> {
        is_valid_id(id).then(|| self.plans_dir().join(format!("{id}.json")))
    }

    /// How to show a path to the user: relative to the root when inside it.
    pub fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    }

    /// Every plan file in `plans/`, sorted by name. A file that is a
    /// symbolic link is listed (reading it reports the link, see
    /// [`crate::plan::source::open_plan_file`]); a `plans/` that is one is
    /// refused.
    pub fn plan_files(&self, lang: Lang) -> Result<Vec<PathBuf>, CommandError> {
        ensure_real_plans_dir(&self.root, lang)?;
        let dir = self.plans_dir();
        if !dir.is_dir() {
            return Err(CommandError::environment(
                Common::NoPlansDir.fill(lang, &[("root", &self.root.display())]),
            )
            .hinted(Common::NoPlansDirHint.get(lang)));
        }
        let entries = std::fs::read_dir(&dir).map_err(|error| {
            CommandError::environment(Common::CannotListPlans.fill(
                lang,
                &[
                    ("dir", &dir.display()),
                    ("reason", &crate::io_reason(&error, lang)),
                ],
            ))
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|entry| {
                entry.path().extension().is_some_and(|ext| ext == "json")
                    && (entry.path().is_file()
                        || entry.file_type().is_ok_and(|kind| kind.is_symlink()))
            })
            .map(|entry| entry.path())
            .collect();
        files.sort();
        Ok(files)
    }

    /// The ids of the plans in `plans/`.
    pub fn plan_ids(&self, lang: Lang) -> Result<Vec<String>, CommandError> {
        Ok(self
            .plan_files(lang)?
            .iter()
            .filter_map(|path| path.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
            .collect())
    }

    /// The file of an existing plan, or an error naming the plans there are.
    /// A plan file (or `plans/`) that is a symbolic link is refused: it is
    /// never read or written through.
    pub fn existing_plan(&self, id: &str, lang: Lang) -> Result<PathBuf, CommandError> {
        ensure_real_plans_dir(&self.root, lang)?;
        if let Some(path) = self.plan_path(id) {
            if crate::plan::source::is_symlink(&path) {
                return Err(linked_plan_error(&self.shown(&path), lang));
            }
            if path.is_file() {
                return Ok(path);
            }
        }
        let ids = self.plan_ids(lang)?;
        let error = CommandError::data(Common::UnknownPlan.fill(lang, &[("id", &id)]));
        let hint =
            match crate::plan::diagnostic::did_you_mean(lang, id, ids.iter().map(String::as_str)) {
                Some(hint) => hint,
                None if ids.is_empty() => Common::NoPlansYet.get(lang),
                None => Common::KnownPlans.fill(lang, &[("ids", &ids.join(", "))]),
            };
        Err(error.hinted(hint))
    }
}

/// Refuses a `plans/` folder in `root` that is a symbolic link: through it,
/// commands would read plans from, and record decisions into, any folder,
/// outside the repository too.
pub fn ensure_real_plans_dir(root: &Path, lang: Lang) -> Result<(), CommandError> {
    if crate::plan::source::is_symlink(&root.join("plans")) {
        return Err(CommandError::environment(
            Common::PlansDirIsLink.fill(lang, &[("root", &root.display())]),
        )
        .hinted(Common::PlansDirIsLinkHint.get(lang)));
    }
    Ok(())
}

/// The error for a plan file that is a symbolic link; `shown` names it.
pub fn linked_plan_error(shown: &str, lang: Lang) -> CommandError {
    CommandError::data(Common::PlanFileIsLink.fill(lang, &[("file", &shown)]))
        .hinted(Common::PlanFileIsLinkHint.fill(lang, &[("file", &shown)]))
}

/// Refuses the plan file `path` (shown as `shown`) when it is a symbolic link.
pub fn ensure_not_linked(path: &Path, shown: &str, lang: Lang) -> Result<(), CommandError> {
    if crate::plan::source::is_symlink(path) {
        return Err(linked_plan_error(shown, lang));
    }
    Ok(())
}

pub use crate::plan::id::{is_reserved_name, is_valid_id};

/// Writes a new file completely or not at all, and never over an existing one:
/// the bytes go to a temporary file in the same folder, which is then linked
/// into place (failing if the name is taken) and removed.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::hard_link(&temporary, path)
    })();
    let _ = std::fs::remove_file(&temporary);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_file_names() {
        assert!(is_valid_id("arbejdsplads-1"));
        assert!(is_valid_id("2024"));
        for bad in [
            "",
            "../x",
            "-x",
            "A",
            "a b",
            "x/y",
            ".",
            "æ",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad:?} must be refused");
        }
    }
}
