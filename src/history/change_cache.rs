//! What each decision changed, remembered beside the repository.
//!
//! A decision's changes never change once its commit exists, so `log` keeps
//! them, described, in `.git/backbrief/`: a second `log` reads them instead
//! of reading, parsing and comparing two plan versions per decision. Two
//! files: `changes.data`, records appended one after another (each with its
//! length and a checksum, and naming its commit, plan and language), and
//! `changes.index`, fixed entries of a commit id and a record's place,
//! sorted by commit id. Only the index is held in memory (28 bytes per
//! decision); records are read one at a time where the index points.
//!
//! Nothing here is trusted: a record that does not read back whole, with
//! its checksum and its key, is computed again, and so is one another
//! version of backbrief wrote (it may word or compare changes otherwise);
//! files of another format (or damaged headers) are started afresh.
//! `verify` never reads the cache.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use git2::Oid;
use serde::{Deserialize, Serialize};

use crate::plan::diff::Change;

/// The format of both files; a file of another format is ignored and
/// started afresh.
pub const FORMAT: u16 = 1;
const DATA_MAGIC: &[u8; 6] = b"BBCHG\0";
const INDEX_MAGIC: &[u8; 6] = b"BBIDX\0";
const HEADER: usize = 8;
const ENTRY: usize = 28;
/// A record longer than this is not believed.
const LONGEST_RECORD: u32 = 64 << 20;
/// The program whose records are used: this version of backbrief.
const PROGRAM: &str = concat!("backbrief ", env!("CARGO_PKG_VERSION"));

/// What a decision changed, as the log shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Remembered {
    /// The changes, item by item.
    pub changes: Vec<Change>,
    /// Each change in words.
    pub described: Vec<String>,
}

/// A record: its key and what it remembers.
#[derive(Serialize, Deserialize)]
struct Record {
    commit: String,
    plan: String,
    lang: String,
    /// The program that wrote it (none in the first records).
    #[serde(default)]
    program: String,
    #[serde(flatten)]
    remembered: Remembered,
}

/// The cache of one repository, open for a run of `log`.
pub struct ChangeCache {
    folder: PathBuf,
    /// The index entries, sorted by commit id.
    index: Vec<u8>,
    data: Option<File>,
    /// The program whose records are used, and who writes them.
    program: String,
    /// Entries of records written in this run.
    added: Vec<[u8; ENTRY]>,
    /// Places of records found damaged (left out of the next index).
    damaged: Vec<u64>,
}

impl ChangeCache {
    /// The cache in the repository's git folder (`.git/backbrief/`); None
    /// when it can be neither read nor made (then `log` computes all).
    pub fn open(git_dir: &Path) -> Option<ChangeCache> {
        ChangeCache::open_as(git_dir, PROGRAM)
    }

    /// The cache, using only the records `program` wrote.
    fn open_as(git_dir: &Path, program: &str) -> Option<ChangeCache> {
        let folder = git_dir.join("backbrief");
        std::fs::create_dir_all(&folder).ok()?;
        let data_path = folder.join("changes.data");
        let index_path = folder.join("changes.index");
        let mut data = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&data_path)
            .ok()?;
        let mut head = [0u8; HEADER];
        let fresh_data = data.read_exact(&mut head).is_err() || !header_is(&head, DATA_MAGIC);
        let index = std::fs::read(&index_path).unwrap_or_default();
        let index_ok = index.len() >= HEADER
            && header_is(&index[..HEADER], INDEX_MAGIC)
            && (index.len() - HEADER).is_multiple_of(ENTRY);
        if fresh_data {
            // Another format, or damaged: start both afresh.
            data.set_len(0).ok()?;
            data.write_all(&header(DATA_MAGIC)).ok()?;
        }
        let index = if index_ok && !fresh_data {
            index[HEADER..].to_vec()
        } else {
            Vec::new()
        };
        Some(ChangeCache {
            folder,
            index,
            data: Some(data),
            program: program.to_string(),
            added: Vec::new(),
            damaged: Vec::new(),
        })
    }

    /// What the decision `commit` changed in `plan`, described in `lang`,
    /// when remembered whole.
    pub fn get(&mut self, commit: Oid, plan: &str, lang: &str) -> Option<Remembered> {
        let key = commit.as_bytes();
        let count = self.index.len() / ENTRY;
        let entry = |at: usize| &self.index[at * ENTRY..(at + 1) * ENTRY];
        let (mut low, mut high) = (0, count);
        while low < high {
            let middle = (low + high) / 2;
            if &entry(middle)[..20] < key {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let mut places = Vec::new();
        while low < count && &entry(low)[..20] == key {
            let mut place = [0u8; 8];
            place.copy_from_slice(&entry(low)[20..]);
            places.push(u64::from_le_bytes(place));
            low += 1;
        }
        for place in places {
            match self.read(place) {
                Some(record)
                    if record.commit == commit.to_string() && record.program == self.program =>
                {
                    if record.plan == plan && record.lang == lang {
                        return Some(record.remembered);
                    }
                }
                // Damaged, or another version's: left out of the next index.
                _ => self.damaged.push(place),
            }
        }
        None
    }

    /// The record at `place`, when it reads back whole.
    fn read(&mut self, place: u64) -> Option<Record> {
        let data = self.data.as_mut()?;
        data.seek(SeekFrom::Start(place)).ok()?;
        let mut head = [0u8; 12];
        data.read_exact(&mut head).ok()?;
        let length = u32::from_le_bytes(head[..4].try_into().ok()?);
        if length > LONGEST_RECORD {
            return None;
        }
        let sum = u64::from_le_bytes(head[4..].try_into().ok()?);
        let mut payload = vec![0u8; length as usize];
        data.read_exact(&mut payload).ok()?;
        if checksum(&payload) != sum {
            return None;
        }
        serde_json::from_slice(&payload).ok()
    }

    /// Remembers what the decision `commit` changed in `plan`, described in
    /// `lang`. A cache that cannot be written is given up quietly.
    pub fn put(&mut self, commit: Oid, plan: &str, lang: &str, remembered: &Remembered) {
        let Some(data) = self.data.as_mut() else {
            return;
        };
        let record = Record {
            commit: commit.to_string(),
            plan: plan.to_string(),
            lang: lang.to_string(),
            program: self.program.clone(),
            remembered: remembered.clone(),
        };
        let Ok(payload) = serde_json::to_vec(&record) else {
            return;
        };
        let mut bytes = Vec::with_capacity(payload.len() + 12);
        bytes.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&checksum(&payload).to_le_bytes());
        bytes.extend_from_slice(&payload);
        // Appended where the file ends now: another `log` may have added
        // to it since this one opened it.
        let place = data
            .write_all(&bytes)
            .and_then(|()| data.stream_position())
            .map(|after| after - bytes.len() as u64);
        let Ok(place) = place else {
            self.data = None;
            return;
        };
        let mut entry = [0u8; ENTRY];
        entry[..20].copy_from_slice(commit.as_bytes());
        entry[20..].copy_from_slice(&place.to_le_bytes());
        self.added.push(entry);
    }

    /// Writes the index with this run's records in it (in place of a new
    /// file, atomically); nothing to do when nothing was added.
    pub fn finish(mut self) {
        if self.added.is_empty() && self.damaged.is_empty() {
            return;
        }
        self.added.sort();
        let damaged = &self.damaged;
        let old = self
            .index
            .chunks_exact(ENTRY)
            .filter(|entry| {
                let place = u64::from_le_bytes(entry[20..].try_into().unwrap_or([0; 8]));
                !damaged.contains(&place)
            })
            .map(|entry| entry.try_into().unwrap_or([0u8; ENTRY]));
        // Merge two sorted runs.
        let mut merged: Vec<u8> = Vec::with_capacity(self.index.len() + self.added.len() * ENTRY);
        merged.extend_from_slice(&header(INDEX_MAGIC));
        let mut added = self.added.iter().peekable();
        for entry in old {
            while let Some(new) = added.next_if(|new| new[..20] < entry[..20]) {
                merged.extend_from_slice(new);
            }
            merged.extend_from_slice(&entry);
        }
        for new in added {
            merged.extend_from_slice(new);
        }
        let Ok(mut file) = tempfile::NamedTempFile::new_in(&self.folder) else {
            return;
        };
        if file.write_all(&merged).is_ok() {
            let _ = file.persist(self.folder.join("changes.index"));
        }
    }
}

fn header(magic: &[u8; 6]) -> [u8; HEADER] {
    let mut head = [0u8; HEADER];
    head[..6].copy_from_slice(magic);
    head[6..].copy_from_slice(&FORMAT.to_le_bytes());
    head
}

fn header_is(head: &[u8], magic: &[u8; 6]) -> bool {
    head == header(magic)
}

/// FNV-1a, 64 bits: enough to tell a damaged record from a whole one.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remembered(n: usize) -> Remembered {
        Remembered {
            changes: Vec::new(),
            described: vec![format!("change {n}")],
        }
    }

    fn oid(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).unwrap_or(Oid::ZERO_SHA1)
    }

    #[test]
    fn what_is_put_is_got_in_a_later_run() {
        let dir = tempfile::tempdir().expect("a folder");
        let mut cache = ChangeCache::open(dir.path()).expect("a cache");
        for n in [5u8, 1, 9, 3] {
            cache.put(oid(n), "p", "da", &remembered(n.into()));
        }
        cache.finish();
        let mut cache = ChangeCache::open(dir.path()).expect("a cache");
        cache.put(oid(4), "p", "da", &remembered(4));
        cache.put(oid(5), "p", "en", &remembered(55));
        cache.finish();
        let mut cache = ChangeCache::open(dir.path()).expect("a cache");
        for n in [1u8, 3, 4, 5, 9] {
            assert_eq!(cache.get(oid(n), "p", "da"), Some(remembered(n.into())));
        }
        assert_eq!(cache.get(oid(5), "p", "en"), Some(remembered(55)));
        assert_eq!(cache.get(oid(5), "q", "da"), None);
        assert_eq!(cache.get(oid(2), "p", "da"), None);
    }

    #[test]
    fn a_damaged_record_is_not_believed() {
        let dir = tempfile::tempdir().expect("a folder");
        let mut cache = ChangeCache::open(dir.path()).expect("a cache");
        cache.put(oid(1), "p", "da", &remembered(1));
        cache.finish();
        let path = dir.path().join("backbrief").join("changes.data");
        let mut bytes = std::fs::read(&path).expect("the data");
        let last = bytes.len() - 3;
        bytes[last] ^= 0x20;
        std::fs::write(&path, bytes).expect("written");
        let mut cache = ChangeCache::open(dir.path()).expect("a cache");
        assert_eq!(cache.get(oid(1), "p", "da"), None);
    }

    #[test]
    fn another_format_is_started_afresh() {
        let dir = tempfile::tempdir().expect("a folder");
        let folder = dir.path().join("backbrief");
        std::fs::create_dir_all(&folder).expect("a folder");
        std::fs::write(folder.join("changes.data"), b"BBCHG\0\0\0junk").expect("written");
        let cache = ChangeCache::open(dir.path()).expect("a cache");
        drop(cache);
        let bytes = std::fs::read(folder.join("changes.data")).expect("the data");
        assert_eq!(bytes, header(DATA_MAGIC));
    }

    /// Records stayed in use after an upgrade, with the old wording (or the
    /// old result of a comparison since mended).
    #[test]
    fn what_another_version_remembered_is_computed_again() {
        let dir = tempfile::tempdir().expect("a folder");
        let mut cache = ChangeCache::open_as(dir.path(), "backbrief 0.0.1").expect("a cache");
        cache.put(oid(1), "p", "da", &remembered(1));
        cache.finish();
        let mut cache = ChangeCache::open_as(dir.path(), "backbrief 0.0.2").expect("a cache");
        assert_eq!(cache.get(oid(1), "p", "da"), None);
        cache.put(oid(1), "p", "da", &remembered(2));
        cache.finish();
        let mut cache = ChangeCache::open_as(dir.path(), "backbrief 0.0.2").expect("a cache");
        assert_eq!(cache.get(oid(1), "p", "da"), Some(remembered(2)));
        assert_eq!(cache.index.len(), ENTRY, "the old record left the index");
    }

    #[test]
    fn a_record_goes_where_the_file_ends_when_another_run_wrote_meanwhile() {
        let dir = tempfile::tempdir().expect("a folder");
        let mut first = ChangeCache::open(dir.path()).expect("a cache");
        let mut second = ChangeCache::open(dir.path()).expect("a cache");
        second.put(oid(2), "p", "da", &remembered(2));
        first.put(oid(1), "p", "da", &remembered(1));
        second.finish();
        first.finish();
        let mut cache = ChangeCache::open(dir.path()).expect("a cache");
        assert_eq!(cache.get(oid(1), "p", "da"), Some(remembered(1)));
    }
}
