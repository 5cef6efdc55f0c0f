//! The overview's rows, and the cache that keeps them between visits. The
//! server's state holds the cache; the overview page fills it.

use serde::Serialize;

use crate::i18n::Lang;

/// A row of the overview.
#[derive(Serialize, Clone)]
pub struct OverviewRow {
    pub id: String,
    pub title: String,
    pub valid: bool,
    pub invalid: String,
    pub current_phase: String,
    pub progress: String,
    pub progress_done: usize,
    pub progress_total: usize,
    pub overdue: usize,
    pub next_due: String,
    /// The changes not recorded, in words (none of them counted in the row).
    pub unrecorded: String,
    /// A plan file never recorded: nothing of it is counted.
    pub never_recorded: bool,
}

/// The overview's rows as last made, by file: a row is made again only
/// when its recorded blob (or, for a file never recorded, its bytes), the
/// language or the day changed (checking every plan again on each visit is
/// most of the page's time on a large repository).
#[derive(Default)]
pub struct OverviewCache {
    /// By the plan file as shown (`plans/<id>.json`).
    pub rows: std::sync::Mutex<std::collections::HashMap<String, CachedRow>>,
    /// The work tree's plan files as last read (see [`FileStamps`]).
    pub stamps: crate::history::recorded::FileStamps,
}

/// What a row was made from: the recorded file's blob, or the bytes of a
/// file never recorded.
#[derive(PartialEq, Eq)]
pub enum MadeFrom {
    Blob(git2::Oid),
    Bytes(Vec<u8>),
}

/// One row as made, and what it was made from.
pub struct CachedRow {
    pub made_from: MadeFrom,
    pub lang: Lang,
    pub today: chrono::NaiveDate,
    pub row: OverviewRow,
}
