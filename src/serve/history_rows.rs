//! The history pages' results as the server keeps them: a page of the
//! trail's rows and who set what in a plan, each made once from the
//! decisions index and kept while its plan is unchanged (see
//! [`HistoryMemory`]); and the upkeep that makes them for every plan after
//! the server starts, so that a visit finds them ready.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use git2::Oid;

use crate::history::audit::{Known, TrailFilter, matching_among};
use crate::history::blame::{Before, blame_linear};
use crate::history::settlement::read_decision_or_settlement;
use crate::history::trail::plan_at;
use crate::history::{Decision, PlansRepo, short_id};
use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::dates::day_display;
use crate::serve::history_memory::{DecisionRow, FoundBlame, KeptBlame};
use crate::serve::plan_index::PlanChoice;
use crate::serve::state::App;

/// Decisions per page of the trail.
pub const PAGE_SIZE: usize = 50;

/// A page of the trail's rows, and whether more follow.
pub type TrailRows = Arc<(Vec<DecisionRow>, bool)>;

/// A decision as a row of the trail, with its changes in words.
pub fn row(decision: &Decision, changes: Vec<String>, lang: Lang) -> DecisionRow {
    DecisionRow {
        commit: decision.commit.to_string(),
        short: short_id(decision.commit),
        plan: decision.plan.clone(),
        plan_title: decision.plan.clone(),
        summary: decision.summary.clone(),
        decided_on: day_display(decision.decided_on, lang),
        decided_by: decision.decided_by.clone(),
        meeting: decision.meeting.clone().unwrap_or_default(),
        recorded_at: ServeMsg::DayAndTime.fill(
            lang,
            &[
                ("day", &day_display(decision.recorded_at.date_naive(), lang)),
                ("time", &decision.recorded_at.format("%H:%M")),
            ],
        ),
        recorded_by: decision
            .recorded_by
            .split(" <")
            .next()
            .unwrap_or_default()
            .to_string(),
        changes,
    }
}

/// Page `page` of the trail's rows for `filter` in `lang` at `head`, as
/// kept or made now (`plans`: the recorded plans, for their titles).
pub fn trail_rows(
    app: &App,
    repo: &PlansRepo,
    head: Oid,
    filter: &TrailFilter,
    page: usize,
    lang: Lang,
    plans: &[Arc<PlanChoice>],
) -> Result<TrailRows, git2::Error> {
    let memory = &app.history;
    // What the rows are made of: the filter as understood, the page, the
    // language.
    let key = format!("{filter:?}/{page}/{lang:?}");
    let (commits, stamp) = memory.with_index(repo, head, |decisions| {
        let commits = match &filter.plan {
            Some(plan) => decisions.plan_decisions(plan),
            None => decisions.decisions(),
        };
        // Every plan's title is on the rows: any change to any plan may
        // change them, unless one plan is asked.
        (commits, decisions.stamp(filter.plan.as_deref()))
    })?;
    // The rows are the index's (at `head`, or a head recorded since).
    if let Some(kept) = memory.trails.get(&key, stamp) {
        return Ok(kept);
    }
    let titles: std::collections::HashMap<&str, &str> = plans
        .iter()
        .map(|plan| (plan.id.as_str(), plan.title.as_str()))
        .collect();
    let decisions = commits.into_iter().filter_map(|oid| {
        repo.git
            .find_commit(oid)
            .ok()
            .as_ref()
            .and_then(read_decision_or_settlement)
    });
    let known: Known<'_> = Box::new(|decision: &Decision| {
        memory
            .words(decision.commit, lang)
            .map(|words| (Vec::new(), words.to_vec()))
    });
    let mut entries = matching_among(
        repo,
        Box::new(decisions),
        filter,
        Some(lang),
        lang,
        Some(known),
        Some(Box::new(|decision: &Decision| {
            memory.known_blobs(decision.commit)
        })),
    )
    .skip(page.saturating_mul(PAGE_SIZE))
    .take(PAGE_SIZE + 1)
    .map(|entry| {
        if entry.fresh {
            memory.keep_words(entry.decision.commit, lang, entry.described.clone());
        }
        let mut row = row(&entry.decision, entry.described, lang);
        row.plan_title = titles
            .get(row.plan.as_str())
            .map_or_else(|| row.plan.clone(), |title| title.to_string());
        row
    })
    .collect::<Vec<_>>();
    let more = entries.len() > PAGE_SIZE;
    entries.truncate(PAGE_SIZE);
    let found = Arc::new((entries, more));
    memory.trails.put(key, stamp, found.clone());
    Ok(found)
}

/// Who set what in plan `plan_id` at `head`, as kept or worked out now
/// (None: no such plan recorded there).
pub fn who_set_what(
    app: &App,
    repo: &PlansRepo,
    head: Oid,
    plan_id: &str,
) -> Result<Option<Arc<FoundBlame>>, git2::Error> {
    let memory = &app.history;
    // At the index's head: `head`, or one recorded since it was read.
    let (head, decisions, linear, stamp) = memory.with_index(repo, head, |decisions| {
        (
            decisions.head(),
            decisions.plan_decisions(plan_id),
            decisions.linear(),
            decisions.stamp(Some(plan_id)),
        )
    })?;
    let key = plan_id.to_string();
    let last = memory.blames.last(&key);
    if let Some((made_from, kept)) = &last
        && *made_from == stamp
    {
        return Ok(Some(kept.found.clone()));
    }
    let Some(plan) = plan_at(repo, head, plan_id) else {
        return Ok(None);
    };
    let path = std::path::PathBuf::from(PlansRepo::plan_path(plan_id));
    let blob = repo.blob_id_at(&repo.git.find_commit(head)?, &path);
    let lines = if linear {
        let decisions_blobs = memory.decision_blobs(repo, &decisions);
        // What was worked out a few decisions ago, in this reading of the
        // history: only the decisions since are read.
        let earlier = last
            .as_ref()
            .filter(|(made_from, kept)| {
                made_from.same_reading(&stamp) && kept.decisions <= decisions.len()
            })
            .map(|(_, kept)| Before {
                lines: &kept.found.1,
                blob: kept.blob,
                newer: decisions.len() - kept.decisions,
            });
        blame_linear(repo, head, &plan, None, &decisions_blobs, earlier)
    } else {
        crate::history::blame::blame(repo, head, &plan, None)
    }?;
    let found = Arc::new((plan, lines));
    let kept = KeptBlame {
        found: found.clone(),
        decisions: decisions.len(),
        blob,
    };
    memory.blames.put(key, stamp, Arc::new(kept));
    Ok(Some(found))
}

/// One repository's upkeep at a time: a server of many committees does not
/// start them all at once beside the first visits.
static UPKEEP: Mutex<()> = Mutex::new(());

/// The server's upkeep after it starts: reads the decisions index and each
/// decision's plan files, then makes who set what and the first page of
/// decisions of every plan, the plans decided most lately first, in the
/// server's language. Logs when all is ready, and how long it took.
pub fn keep_ready(app: &App, name: &str) {
    let _one_at_a_time = match UPKEEP.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    let started = Instant::now();
    let lang = app.lang.unwrap_or_default();
    app.history.prepare(&app.root);
    let (plans, decisions) = make_every_plan(app, lang);
    tracing::info!(
        repository = name,
        plans,
        decisions,
        seconds = started.elapsed().as_secs_f64(),
        "history kept ready"
    );
}

/// Makes who set what and the first page of decisions of every plan (see
/// [`keep_ready`]); the plans and decisions there were (none without a
/// history).
fn make_every_plan(app: &App, lang: Lang) -> (usize, usize) {
    let Ok(repo) = PlansRepo::open(&app.root, lang) else {
        return (0, 0);
    };
    let Ok(head) = repo.head_commit(lang) else {
        return (0, 0);
    };
    let Ok((plans, decisions)) = app.history.with_index(&repo, head, |index| {
        (index.plans_newest_first(), index.decisions().len())
    }) else {
        return (0, 0);
    };
    let ids = crate::workspace::Workspace {
        root: app.root.clone(),
    }
    .plan_ids(lang)
    .unwrap_or_default();
    for plan in &plans {
        // The branch may have moved meanwhile: each plan at the head now.
        let Ok(head) = repo.head_commit(lang) else {
            break;
        };
        let _ = who_set_what(app, &repo, head, plan);
        let filter = TrailFilter {
            plan: Some(plan.clone()),
            ..TrailFilter::default()
        };
        let choices = app.plans.at(&repo, head, &ids);
        let _ = trail_rows(app, &repo, head, &filter, 0, lang, &choices);
    }
    (plans.len(), decisions)
}
