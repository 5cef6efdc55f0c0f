//! The audit trail as `log` filters it: which decisions match, each with
//! what it changed, described in its plan's language. `backbrief log` and
//! the browser's trail read it the same way.

use std::sync::Arc;

use chrono::NaiveDate;
use git2::Oid;

use crate::history::change_stream::{ChangeStream, KnownBlobs, Summarize};
use crate::history::trail::{DecisionChanges, decisions_by_date, plan_decisions_by_date};
use crate::history::{Decision, PlansRepo};
use crate::i18n::Lang;
use crate::plan::diff::{Change, touches};

/// What to keep of the trail.
#[derive(Debug, Clone, Default)]
pub struct TrailFilter {
    /// Only this plan's decisions.
    pub plan: Option<String>,
    /// Only decisions decided or recorded by someone whose name contains
    /// this (any case).
    pub by: Option<String>,
    /// Only decisions decided on or after this day.
    pub since: Option<NaiveDate>,
    /// Only decisions decided on or before this day.
    pub until: Option<NaiveDate>,
    /// Only decisions that touched this item.
    pub item: Option<String>,
    /// Only decisions whose summary or rationale contains this (any case).
    pub grep: Option<String>,
}

/// One matching decision, with what it changed.
#[derive(Debug)]
pub struct TrailEntry {
    /// The decision.
    pub decision: Decision,
    /// What it changed.
    pub changes: Vec<Change>,
    /// The changes in words, in the plan's language (or `asked`).
    pub described: Vec<String>,
    /// Whether they were worked out in this run (not given by `known`).
    pub fresh: bool,
}

/// What a decision changed and its words, when already known (remembered
/// by an earlier run), so its plan versions need not be read.
pub type Known<'r> = Box<dyn FnMut(&Decision) -> Option<(Vec<Change>, Vec<String>)> + 'r>;

/// The decisions from `head` back that match `filter`, newest first in
/// history order; what each changed is worked out on every core, and only
/// as far as the caller reads.
pub fn matching<'r>(
    repo: &'r PlansRepo,
    head: Oid,
    filter: &TrailFilter,
    asked: Option<Lang>,
    lang: Lang,
) -> Result<impl Iterator<Item = TrailEntry> + 'r, git2::Error> {
    matching_known(repo, head, filter, asked, lang, None)
}

/// As [`matching`], taking what `known` gives as it is and working out only
/// the rest (not with an item filter, which must see the plan versions).
pub fn matching_known<'r>(
    repo: &'r PlansRepo,
    head: Oid,
    filter: &TrailFilter,
    asked: Option<Lang>,
    lang: Lang,
    known: Option<Known<'r>>,
) -> Result<impl Iterator<Item = TrailEntry> + 'r, git2::Error> {
    let decisions: Box<dyn Iterator<Item = Decision> + 'r> = match &filter.plan {
        Some(plan) => Box::new(plan_decisions_by_date(repo, head, plan)?),
        None => Box::new(decisions_by_date(repo, head)?),
    };
    Ok(matching_among(
        repo, decisions, filter, asked, lang, known, None,
    ))
}

/// As [`matching_known`], among `decisions` (those reachable from the
/// head, newest first in history order, as a server's index keeps them),
/// taking the plan files' blobs `blobs` gives.
pub fn matching_among<'r>(
    repo: &'r PlansRepo,
    decisions: Box<dyn Iterator<Item = Decision> + 'r>,
    filter: &TrailFilter,
    asked: Option<Lang>,
    lang: Lang,
    known: Option<Known<'r>>,
    blobs: Option<KnownBlobs<'r>>,
) -> impl Iterator<Item = TrailEntry> + 'r {
    let by = filter.by.as_deref().map(str::to_lowercase);
    let grep = filter.grep.as_deref().map(str::to_lowercase);
    let (plan, since, until) = (filter.plan.clone(), filter.since, filter.until);
    let candidates = decisions
        .filter(move |d| plan.as_ref().is_none_or(|plan| &d.plan == plan))
        .filter(move |d| since.is_none_or(|since| d.decided_on >= since))
        .filter(move |d| until.is_none_or(|until| d.decided_on <= until))
        .filter(move |d| {
            by.as_ref().is_none_or(|by| {
                d.decided_by.to_lowercase().contains(by)
                    || d.recorded_by.to_lowercase().contains(by)
            })
        })
        .filter(move |d| {
            grep.as_ref().is_none_or(|grep| {
                d.summary.to_lowercase().contains(grep)
                    || d.body
                        .as_deref()
                        .is_some_and(|b| b.to_lowercase().contains(grep))
            })
        });
    let item = filter.item.clone();
    let summarize: Summarize<(Vec<Change>, Vec<String>, bool)> =
        Arc::new(move |_, changes: DecisionChanges| {
            if let Some(item) = &item
                && !touches_item(&changes, item)
            {
                return None;
            }
            let plan_lang = asked
                .or(changes.after.as_ref().map(|p| p.language()))
                .unwrap_or(lang);
            let described = changes.described(plan_lang);
            Some((changes.changes, described, true))
        });
    let mut stream = ChangeStream::new(repo, candidates, filter.item.clone(), summarize);
    if let Some(blobs) = blobs {
        stream = stream.with_blobs(blobs);
    }
    if let Some(mut known) = known.filter(|_| filter.item.is_none()) {
        stream = stream.with_known(Box::new(move |decision: &Decision| {
            known(decision).map(|(changes, described)| (changes, described, false))
        }));
    }
    stream.map(|(decision, (changes, described, fresh))| TrailEntry {
        decision,
        changes,
        described,
        fresh,
    })
}

/// Whether a decision touched `item` (or created the plan with it).
fn touches_item(changes: &DecisionChanges, item: &str) -> bool {
    let created_with_it = changes.before.is_none()
        && changes.after.as_ref().is_some_and(|plan| {
            crate::plan::rules::ids(plan)
                .iter()
                .any(|(id, _, _)| *id == item)
        });
    created_with_it || changes.changes.iter().any(|change| touches(change, item))
}
