//! Drafts: changes to a plan that are not recorded yet, kept apart from the
//! plan, one per plan and person, under `.git/backbrief/drafts/`.
//!
//! A draft is the plan's whole text as its person left it, with the commit
//! it started from (its base). It lives in the git folder, never in
//! `plans/`, so no reader takes it for what was decided; it is written
//! atomically, survives a restart of `serve`, and is removed when it is
//! recorded (through the one door, [`crate::history::door`]) or discarded.
//! When the branch moved since the draft began, what was decided meanwhile
//! is merged under it as `sync` merges ([`rebased`]); a collision is shown,
//! never settled silently.
//!
//! The person is a [`Person`]: in local mode the git identity of whoever
//! runs `serve`; on a shared server the signed-in user. A hand edit of the
//! plan file not yet recorded is the local person's draft too, read from
//! the file itself (see [`crate::history::recorded`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::Oid;
use serde::{Deserialize, Serialize};

use crate::history::repo::PlansRepo;
use crate::plan::merge::{Side, merge};

/// Who keeps a draft: a signed-in user (by e-mail or subject) or, in local
/// mode, the git identity of whoever runs `serve`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Person {
    /// What tells persons apart: an e-mail address or an identity
    /// provider's subject, compared without regard to case.
    pub key: String,
    /// The name to show (the key when there is none).
    pub name: String,
}

impl Person {
    /// The person with this key (e-mail or subject) and name.
    pub fn new(key: &str, name: &str) -> Person {
        let key = key.trim().to_lowercase();
        let name = name.trim();
        Person {
            name: if name.is_empty() {
                key.clone()
            } else {
                name.to_string()
            },
            key,
        }
    }

    /// The person running this process in `repo`: git's author identity
    /// (`GIT_AUTHOR_EMAIL`, else `user.email`; else the name), as a
    /// decision would record it. Without any identity: "local".
    pub fn local(repo: &git2::Repository) -> Person {
        let config = repo.config().ok();
        let value = |variable: &str, key: &str| {
            std::env::var(variable)
                .ok()
                .or_else(|| config.as_ref().and_then(|c| c.get_string(key).ok()))
                .filter(|v| !v.trim().is_empty())
        };
        let name = value("GIT_AUTHOR_NAME", "user.name").unwrap_or_default();
        let email = value("GIT_AUTHOR_EMAIL", "user.email");
        match email {
            Some(email) => Person::new(&email, &name),
            None if !name.is_empty() => Person::new(&name, &name),
            None => Person::new("local", ""),
        }
    }

    /// How the person is named in a sentence: "Name (e-mail)", or the key.
    pub fn shown(&self) -> String {
        if self.name == self.key {
            self.key.clone()
        } else {
            format!("{} ({})", self.name, self.key)
        }
    }

    /// The draft's file name for this person: the key with every byte but
    /// `a-z`, `0-9`, `-`, `_` and `@` written as `%XX`, so any e-mail or
    /// subject is one safe name on every file system (no `/`, `\`, `..`,
    /// no case that Windows would fold); a long key is shortened and
    /// completed with a hash of the whole.
    pub fn file_name(&self) -> String {
        let mut name = String::new();
        for byte in self.key.bytes() {
            match byte {
                b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'@' => name.push(byte as char),
                _ => name.push_str(&format!("%{byte:02X}")),
            }
        }
        if name.is_empty() || crate::workspace::is_reserved_name(&name) {
            // Windows keeps `con`, `nul`, … for devices, with any ending.
            name.insert(0, '~');
        }
        if name.len() > 120 {
            let hash = Oid::hash_object(git2::ObjectType::Blob, self.key.as_bytes())
                .map(|oid| oid.to_string())
                .unwrap_or_default();
            name.truncate(100);
            while name.ends_with('%') || name.as_bytes()[name.len() - 2..].contains(&b'%') {
                name.pop();
            }
            name.push('~');
            name.push_str(&hash[..hash.len().min(16)]);
        }
        name.push_str(".json");
        name
    }
}

/// One person's draft of one plan, as kept in the drafts folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDraft {
    /// The plan's id.
    pub plan: String,
    /// Whose draft it is.
    pub person: Person,
    /// The commit the draft started from (or was last brought up to).
    pub base: String,
    /// The plan file's text as the draft has it.
    pub text: String,
    /// What was typed in the decision form (summary, decided by, …), kept
    /// with the draft until it is recorded.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub decision: BTreeMap<String, String>,
}

impl StoredDraft {
    /// The commit the draft started from.
    pub fn base_commit(&self) -> Option<Oid> {
        Oid::from_str(&self.base).ok()
    }
}

/// The folder of all drafts in a repository whose git folder is `git_dir`.
pub fn drafts_dir(git_dir: &Path) -> PathBuf {
    git_dir.join("backbrief").join("drafts")
}

/// The file of `person`'s draft of plan `plan` (None: not a plan id).
pub fn draft_path(git_dir: &Path, plan: &str, person: &Person) -> Option<PathBuf> {
    crate::workspace::is_valid_id(plan)
        .then(|| drafts_dir(git_dir).join(plan).join(person.file_name()))
}

/// `person`'s draft of `plan`, if there is one (a file that cannot be read
/// as a draft is no draft).
pub fn read(git_dir: &Path, plan: &str, person: &Person) -> Option<StoredDraft> {
    let path = draft_path(git_dir, plan, person)?;
    let bytes = crate::history::write::read_unfollowed(&path).ok()?;
    serde_json::from_slice::<StoredDraft>(&bytes)
        .ok()
        .filter(|draft| draft.plan == plan)
}

/// Every draft of `plan`, by anyone, sorted by person.
pub fn all_of(git_dir: &Path, plan: &str) -> Vec<StoredDraft> {
    if !crate::workspace::is_valid_id(plan) {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(drafts_dir(git_dir).join(plan)) else {
        return Vec::new();
    };
    let mut drafts: Vec<StoredDraft> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".json"))
        .filter_map(|entry| crate::history::write::read_unfollowed(&entry.path()).ok())
        .filter_map(|bytes| serde_json::from_slice::<StoredDraft>(&bytes).ok())
        .filter(|draft| draft.plan == plan)
        .collect();
    drafts.sort_by(|a, b| a.person.key.cmp(&b.person.key));
    drafts
}

/// Writes `draft` completely or not at all.
pub fn write(git_dir: &Path, draft: &StoredDraft) -> std::io::Result<()> {
    let path = draft_path(git_dir, &draft.plan, &draft.person)
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    let mut bytes = serde_json::to_vec_pretty(draft).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    crate::history::write::write_atomically(&path, &bytes)
}

/// Removes `person`'s draft of `plan` (nothing to remove is no error).
pub fn remove(git_dir: &Path, plan: &str, person: &Person) -> std::io::Result<()> {
    let Some(path) = draft_path(git_dir, plan, person) else {
        return Ok(());
    };
    match std::fs::remove_file(&path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => {
            // The plan's folder goes when its last draft does.
            if let Some(folder) = path.parent() {
                let _ = std::fs::remove_dir(folder);
            }
            Ok(())
        }
    }
}

/// Keeps what was typed in the decision form with `person`'s draft of
/// `plan`, when they have one (nothing to keep it with otherwise).
pub fn keep_decision_text(
    git_dir: &Path,
    plan: &str,
    person: &Person,
    decision: BTreeMap<String, String>,
) -> std::io::Result<()> {
    match read(git_dir, plan, person) {
        Some(draft) if draft.decision != decision => {
            write(git_dir, &StoredDraft { decision, ..draft })
        }
        _ => Ok(()),
    }
}

/// A draft brought up to the branch head.
#[derive(Debug, Clone)]
pub struct Rebased {
    /// The draft's text over what is recorded at the head (the draft as it
    /// is when the head is its base, or when the two collide).
    pub text: String,
    /// The commit that text is based on: the head, or the draft's own base
    /// when the two collide.
    pub base: Oid,
    /// The fields decided differently meanwhile: (field, the draft's value,
    /// the value now); empty when the merge is clean.
    pub collisions: Vec<(String, String, String)>,
}

/// `draft` over the plan as recorded at `head`: when the branch moved since
/// the draft began, the changes decided meanwhile are merged under the
/// draft as `sync` merges; when they collide with the draft, the draft is
/// left as it is and the collisions are listed.
pub fn rebased(repo: &PlansRepo, head: Oid, draft: &StoredDraft) -> Rebased {
    let path = PlansRepo::plan_path(&draft.plan);
    let unchanged = Rebased {
        text: draft.text.clone(),
        base: draft.base_commit().unwrap_or(head),
        collisions: Vec::new(),
    };
    let Some(base) = draft.base_commit().filter(|base| *base != head) else {
        return unchanged;
    };
    let at = |commit: Oid| repo.file_at(commit, &path).ok().flatten();
    let (was, now) = (at(base), at(head));
    if was == now {
        return Rebased {
            base: head,
            ..unchanged
        };
    }
    let parse = |bytes: Option<&[u8]>| bytes.and_then(crate::history::trail::plan_from_bytes);
    let ours = parse(Some(draft.text.as_bytes()));
    if ours.is_none() {
        return unchanged;
    }
    let (was, now) = (parse(was.as_deref()), parse(now.as_deref()));
    let merged = merge(was.as_ref(), ours.as_ref(), now.as_ref());
    if !merged.is_clean() {
        let shown = |value: Option<&serde_json::Value>| match value {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(value) => value.to_string(),
            None => "—".to_string(),
        };
        return Rebased {
            collisions: merged
                .conflicts
                .iter()
                .map(|c| {
                    (
                        c.target.to_string(),
                        shown(c.value(Side::Ours)),
                        shown(c.value(Side::Theirs)),
                    )
                })
                .collect(),
            ..unchanged
        };
    }
    match merged.resolve(&|_, _| Side::Ours) {
        Ok(Some(value)) => Rebased {
            text: String::from_utf8(crate::history::plan_file::plan_text(&value))
                .unwrap_or_default(),
            base: head,
            collisions: Vec::new(),
        },
        _ => unchanged,
    }
}

/// What `decide PLAN` without `--set` records when the plan file holds no
/// edits of its own: `person`'s draft from the drafts folder (a draft the
/// browser moved there from the file, or made), if they have one.
pub fn for_decide(
    session: &crate::history::write::WriteSession,
    plan: &str,
    person: &Person,
) -> Option<StoredDraft> {
    let repo = &session.repo;
    let path = PlansRepo::plan_path(plan);
    let recorded = repo.file_at(session.head, &path).ok().flatten()?;
    let on_disk = crate::plan::source::read_bytes(&repo.root.join(&path)).ok();
    if crate::history::eol::plan_file_differs(repo, &path, on_disk.as_deref(), &recorded) {
        return None;
    }
    read(repo.git_dir(), plan, person).filter(|draft| draft.text.as_bytes() != recorded.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_s_file_name_is_safe_for_any_e_mail_or_subject() {
        let name = |key: &str| Person::new(key, "").file_name();
        assert_eq!(name("sara@kommune.dk"), "sara@kommune%2Edk.json");
        assert_eq!(name("Sara@Kommune.DK"), "sara@kommune%2Edk.json");
        assert_eq!(
            name("../../etc/passwd"),
            "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.json"
        );
        assert_eq!(name(".."), "%2E%2E.json");
        assert_eq!(name(""), "~.json");
        assert_eq!(name("CON"), "~con.json");
        assert_eq!(name("a\\b c"), "a%5Cb%20c.json");
        assert_eq!(name("ø@x"), "%C3%B8@x.json");
        let long = name(&"a".repeat(300));
        assert!(long.len() < 140, "{long}");
        assert_ne!(long, name(&"a".repeat(299)));
        for key in ["../x", "a/b", "x\0y", "CON", "nul"] {
            let file = name(key);
            assert!(!file.contains('/') && !file.contains('\\') && !file.starts_with('.'));
        }
    }

    #[test]
    fn two_persons_are_told_apart_by_their_key_not_their_name() {
        assert_ne!(Person::new("a@x", "Anna"), Person::new("b@x", "Anna"));
        assert_eq!(Person::new("A@x", "Anna").key, "a@x");
        assert_eq!(Person::new("a@x", "").shown(), "a@x");
        assert_eq!(Person::new("a@x", "Anna").shown(), "Anna (a@x)");
    }
}
