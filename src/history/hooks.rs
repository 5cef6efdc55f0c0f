//! The repository's own commit hooks, run around a decision as `git commit`
//! runs them: `pre-commit` and `commit-msg` may refuse it (then nothing is
//! recorded), `post-commit` is told afterwards. `--no-verify` skips the first
//! two, as in git.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::CommandError;
use crate::history::repo::PlansRepo;
use crate::i18n::{HistoryMsg, Lang, Message};

/// The hooks of one repository.
pub struct Hooks {
    dir: PathBuf,
    root: PathBuf,
}

/// What a hook printed, when it printed anything.
pub type HookOutput = Option<String>;

impl Hooks {
    /// The hooks folder: `core.hooksPath` (relative to the work tree, as git
    /// reads it), else `.git/hooks`.
    pub fn of(repo: &PlansRepo) -> Hooks {
        let configured = repo
            .git
            .config()
            .ok()
            .and_then(|config| config.get_path("core.hooksPath").ok());
        let dir = match configured {
            Some(dir) if dir.is_absolute() => dir,
            Some(dir) => repo.root.join(dir),
            None => repo.git_dir().join("hooks"),
        };
        Hooks {
            dir,
            root: repo.root.clone(),
        }
    }

    /// Whether there is a hook `name` that git would run.
    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// The hook `name`, when there is one git would run (on Unix: an
    /// executable file).
    fn find(&self, name: &str) -> Option<PathBuf> {
        let path = self.dir.join(name);
        let meta = std::fs::metadata(&path).ok()?;
        if !meta.is_file() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if meta.permissions().mode() & 0o111 == 0 {
                return None;
            }
        }
        Some(path)
    }

    /// Runs hook `name` with `args`, the index it should see in
    /// `GIT_INDEX_FILE`. Ok with what it printed when it succeeded (or there
    /// is none); an error naming the hook and carrying its output when it
    /// failed or could not start.
    pub fn run(
        &self,
        name: &str,
        args: &[&Path],
        index: Option<&Path>,
        lang: Lang,
    ) -> Result<HookOutput, CommandError> {
        let Some(path) = self.find(name) else {
            return Ok(None);
        };
        let mut command = hook_command(&path, args);
        command
            .current_dir(&self.root)
            .stdin(Stdio::null())
            .env("GIT_EDITOR", ":");
        if let Some(index) = index {
            command.env("GIT_INDEX_FILE", index);
        }
        let output = command.output().map_err(|error| {
            CommandError::environment(HistoryMsg::HookDidNotStart.fill(lang, &[("hook", &name)]))
                .caused_by(crate::io_reason(&error, lang))
                .hinted(HistoryMsg::HookHint.fill(lang, &[("hook", &path.display())]))
        })?;
        let mut printed = String::from_utf8_lossy(&output.stdout).into_owned();
        printed.push_str(&String::from_utf8_lossy(&output.stderr));
        let printed = printed.trim_end().to_string();
        if output.status.success() {
            return Ok((!printed.is_empty()).then_some(printed));
        }
        let mut error = CommandError::data(HistoryMsg::HookRefused.fill(lang, &[("hook", &name)]))
            .hinted(HistoryMsg::HookHint.fill(lang, &[("hook", &path.display())]));
        if !printed.is_empty() {
            error = error.caused_by(printed);
        }
        Err(error)
    }
}

/// On Unix a hook is run directly, as git does. On Windows hooks are shell
/// scripts that Git for Windows runs through its own shell; `git hook run`
/// does exactly that.
fn hook_command(path: &Path, args: &[&Path]) -> Command {
    #[cfg(windows)]
    {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut command = Command::new("git");
        command.args(["hook", "run", &name, "--"]).args(args);
        command
    }
    #[cfg(not(windows))]
    {
        let mut command = Command::new(path);
        command.args(args);
        command
    }
}
