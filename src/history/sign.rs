//! Signing decision commits the way git would, when git is configured to
//! sign (`commit.gpgsign`, `gpg.format`, `user.signingkey`).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use git2::Config;

/// How git is configured to sign commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigningSetup {
    /// OpenPGP through gpg (`gpg.format openpgp`, the default).
    OpenPgp {
        program: String,
        key: Option<String>,
    },
    /// SSH through ssh-keygen (`gpg.format ssh`).
    Ssh { program: String, key: String },
}

impl SigningSetup {
    /// Reads the setup from git config; None when commits are not signed.
    pub fn from_config(config: &Config) -> Result<Option<SigningSetup>, String> {
        if !config.get_bool("commit.gpgsign").unwrap_or(false) {
            return Ok(None);
        }
        let format = config
            .get_string("gpg.format")
            .unwrap_or_else(|_| "openpgp".into());
        let key = config
            .get_string("user.signingkey")
            .ok()
            .filter(|k| !k.trim().is_empty());
        match format.as_str() {
            "openpgp" => Ok(Some(SigningSetup::OpenPgp {
                program: config
                    .get_string("gpg.openpgp.program")
                    .or_else(|_| config.get_string("gpg.program"))
                    .unwrap_or_else(|_| "gpg".into()),
                key,
            })),
            "ssh" => Ok(Some(SigningSetup::Ssh {
                program: config
                    .get_string("gpg.ssh.program")
                    .unwrap_or_else(|_| "ssh-keygen".into()),
                key: key.ok_or_else(|| {
                    "gpg.format is ssh but user.signingkey is not set".to_string()
                })?,
            })),
            other => Err(format!(
                "gpg.format {other} is not supported (use openpgp or ssh)"
            )),
        }
    }

    /// Signs `data` (a commit buffer); returns the armored signature.
    pub fn sign(&self, data: &[u8], committer: &str) -> Result<String, String> {
        match self {
            SigningSetup::OpenPgp { program, key } => {
                let key = key.clone().unwrap_or_else(|| committer.to_string());
                let output = run_with_input(program, &["--status-fd=2", "-bsau", &key], data)?;
                String::from_utf8(output)
                    .map_err(|_| format!("{program} returned a signature that is not text"))
            }
            SigningSetup::Ssh { program, key } => sign_ssh(program, key, data),
        }
    }
}

fn run_with_input(program: &str, args: &[&str], input: &[u8]) -> Result<Vec<u8>, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("{program} could not be started: {error}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input)
            .map_err(|error| format!("{program}: {error}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|error| format!("{program}: {error}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        // gpg's machine-readable status lines say nothing to a person.
        let readable: Vec<&str> = stderr
            .lines()
            .filter(|line| !line.starts_with("[GNUPG:]") && !line.trim().is_empty())
            .collect();
        return Err(format!("{program}: {}", readable.join(" ")));
    }
    Ok(output.stdout)
}

/// A file removed when dropped.
struct TemporaryFile(PathBuf);

impl Drop for TemporaryFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn temporary_path(suffix: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    std::env::temp_dir().join(format!("backbrief-{}-{nanos}{suffix}", std::process::id()))
}

/// Signs as git does with `gpg.format ssh`: `ssh-keygen -Y sign -n git -f KEY FILE`.
fn sign_ssh(program: &str, key: &str, data: &[u8]) -> Result<String, String> {
    let data_file = TemporaryFile(temporary_path(""));
    std::fs::write(&data_file.0, data).map_err(|e| e.to_string())?;
    let mut signature_path = data_file.0.clone().into_os_string();
    signature_path.push(".sig");
    let signature_file = TemporaryFile(PathBuf::from(signature_path));
    // A literal key ("key::ssh-ed25519 …" or "ssh-ed25519 …") means: the
    // private half is in the ssh agent; ssh-keygen wants the public key in a file.
    let literal = key
        .strip_prefix("key::")
        .or_else(|| key.starts_with("ssh-").then_some(key));
    let key_file;
    let key_path = match literal {
        Some(public) => {
            key_file = TemporaryFile(temporary_path(".pub"));
            std::fs::write(&key_file.0, public).map_err(|e| e.to_string())?;
            key_file.0.to_string_lossy().into_owned()
        }
        None => expand_home(key),
    };
    let mut args = vec!["-Y", "sign", "-n", "git", "-f", key_path.as_str()];
    if literal.is_some() {
        args.push("-U");
    }
    let data_path = data_file.0.to_string_lossy().into_owned();
    args.push(&data_path);
    run_with_input(program, &args, b"")?;
    std::fs::read_to_string(&signature_file.0)
        .map_err(|error| format!("{program} wrote no signature: {error}"))
}

fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => path.to_string(),
    }
}
