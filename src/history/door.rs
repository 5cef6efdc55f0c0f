//! The one door every write goes through: a candidate plan and the text of
//! a decision go in; a recorded decision with its change list, or an error
//! carrying the findings, comes out. `decide`, `revert`, `new`,
//! `report --record` and the browser all call [`record`], which opens its
//! own write session ([`record_in`] for a caller that reads under the same
//! lock first: the report it records, the draft the page showed).
//!
//! Every rule of the decision's own words is [`DecisionInput::check`]'s: a
//! problem is refused as [`Refusal::Decision`], keyed by its field, for
//! each door to put in its own words.
//!
//! In order, under the repository lock: read the plan as recorded and as the
//! work tree has it; compute the candidate; merge it over decisions made
//! since the draft was read (as `sync` merges); validate (errors refuse,
//! warnings are returned, `strict` refuses them too); run the `pre-commit`
//! and `commit-msg` hooks; write the commit and move the branch
//! ([`crate::history::write`]); put the plan in the work tree only if the
//! file is still what was read (an editor's later save is never lost); run
//! `post-commit`.

use std::path::Path;

use chrono::NaiveDate;
use git2::Oid;

use crate::error::CommandError;
use crate::history::dated::DayInHistory;
use crate::history::decision::{DecisionText, Recorder};
pub use crate::history::decision_input::{
    DecisionField, DecisionInput, DecisionProblem, FieldProblem,
};
use crate::history::drafts::{self, Person};
use crate::history::plan_file::plan_text;
use crate::history::repo::{PlansRepo, git_error, short_id};
use crate::history::write::{WriteSession, Written};
use crate::i18n::{DecideMsg, HistoryMsg, Lang, Message, NewMsg, ReportMsg};
use crate::plan::diff::{Change, diff};
use crate::plan::setter::{Setter, apply_setters_on};
use crate::plan::{Finding, Plan, Severity, check, source};

/// What the decision does to the plan.
#[derive(Debug, Clone)]
pub enum Candidate {
    /// Records the plan file as the work tree has it (hand edits, or the
    /// browser's draft).
    HandEdits,
    /// Records the plan file's hand edits or, when the file has none, the
    /// draft kept apart (see [`crate::history::drafts`]) of the person at
    /// this computer (git's user), which is then removed: what `decide`
    /// without `--set` records.
    HandEditsOrDraft,
    /// Records a person's draft kept apart from the plan (see
    /// [`crate::history::drafts`]): this complete text, made from the plan
    /// as recorded at [`Draft::from`]. Unlike [`Candidate::Text`], hand
    /// edits in the plan file do not stop it; the file is then left as it
    /// is (its edits stay unrecorded) instead of being brought up to the
    /// decision.
    Draft(Vec<u8>),
    /// Applies `--set` changes (ID.FIELD=VALUE) to the plan as recorded;
    /// refused when the file has changes that are not recorded.
    Setters(Vec<String>),
    /// Records this complete new text of the plan, computed from the plan
    /// as recorded at [`Draft::from`] (a revert).
    Text(Vec<u8>),
    /// Creates the plan with this text; refused when it exists.
    Creation(Vec<u8>),
    /// Changes nothing in the plan: the decision only records that
    /// something happened (a report delivered).
    Unchanged,
}

/// Everything the door needs to record one decision.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The plan's id.
    pub plan: String,
    /// What the decision does to it.
    pub candidate: Candidate,
    /// The decision's words.
    pub decision: DecisionInput,
    /// The commit the candidate was made from (a page in the browser, a
    /// revert computed before the lock); when the plan changed since, the
    /// candidate is merged over those changes, or refused if they collide.
    /// `None`: the branch head as the door finds it.
    pub from: Option<Oid>,
    /// Refuse a result with warnings, too.
    pub strict: bool,
    /// Run the `pre-commit` and `commit-msg` hooks (`--no-verify` turns
    /// them off).
    pub run_hooks: bool,
    /// Who records it, when not git's own identity (the committee's
    /// server: the signed-in person).
    pub recorder: Option<Recorder>,
}

impl Draft {
    /// A draft of `candidate` for `plan`, hooks on, not strict, from the head.
    pub fn new(plan: &str, candidate: Candidate, decision: DecisionInput) -> Draft {
        Draft {
            plan: plan.to_string(),
            candidate,
            decision,
            from: None,
            strict: false,
            run_hooks: true,
            recorder: None,
        }
    }
}

/// A decision that is recorded.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The new commit.
    pub commit: Oid,
    /// The plan's id.
    pub plan: String,
    /// The summary as recorded.
    pub summary: String,
    /// The language to speak about the plan.
    pub lang: Lang,
    /// The plan before (None for a new plan).
    pub before: Option<Plan>,
    /// The plan after.
    pub after: Plan,
    /// What changed, item by item.
    pub changes: Vec<Change>,
    /// The plan's warnings after the decision.
    pub warnings: Vec<Finding>,
    /// Things the user should know: a draft merged over newer decisions,
    /// what a hook printed, an interrupted decision finished first.
    pub notes: Vec<String>,
    /// The work-tree file was saved again meanwhile and left as it is.
    pub later_edits: bool,
}

/// Why a decision was not recorded.
#[derive(Debug)]
pub enum Refusal {
    /// Problems with the decision's own words, keyed by their fields (see
    /// [`DecisionInput::check`]), and the language to say them in; each
    /// door words them itself.
    Decision(Vec<FieldProblem>, Lang),
    /// Anything else: the plan, the repository, the history.
    Error(CommandError),
}

impl From<CommandError> for Refusal {
    fn from(error: CommandError) -> Refusal {
        Refusal::Error(error)
    }
}

impl Refusal {
    /// As an error, the decision's problems put in words by `words` (the
    /// first problem; a door that shows them all maps them itself).
    pub fn or_words(self, words: impl Fn(&FieldProblem, Lang) -> CommandError) -> CommandError {
        match self {
            Refusal::Error(error) => error,
            Refusal::Decision(problems, lang) => match problems.first() {
                Some(problem) => words(problem, lang),
                None => CommandError::internal("a decision refused without a problem"),
            },
        }
    }
}

/// Records `draft` as one decision in the repository around `dir`: checks
/// the decision's words, opens a write session (the repository's lock)
/// and records it there ([`record_in`]).
pub fn record(
    dir: &Path,
    draft: Draft,
    asked: Option<Lang>,
    fallback: Lang,
) -> Result<Recorded, Refusal> {
    let lang = asked.unwrap_or(fallback);
    draft
        .decision
        .check(None)
        .map_err(|problems| Refusal::Decision(problems, lang))?;
    let session = WriteSession::begin(dir, asked.unwrap_or(fallback))?;
    record_in(&session, draft, asked, fallback)
}

/// Records `draft` as one decision in the repository of `session`. `asked`
/// is the language the user chose, if any; otherwise the plan's language is
/// spoken (else `fallback`).
pub fn record_in(
    session: &WriteSession,
    mut draft: Draft,
    asked: Option<Lang>,
    fallback: Lang,
) -> Result<Recorded, Refusal> {
    draft.decision = draft
        .decision
        .check(None)
        .map_err(|problems| Refusal::Decision(problems, asked.unwrap_or(fallback)))?;
    // No hand edits, but a draft kept apart: that is recorded, and then
    // removed (left behind, it equals the plan and is shown as none).
    let mut recorded_draft = None;
    if let Candidate::HandEditsOrDraft = &draft.candidate {
        let person = Person::local(&session.repo.git);
        draft.candidate = Candidate::HandEdits;
        if let Some(stored) = drafts::for_decide(session, &draft.plan, &person) {
            draft.candidate = Candidate::Draft(stored.text.clone().into_bytes());
            draft.from = stored.base_commit();
            recorded_draft = Some(person);
        }
    }
    let plan = draft.plan.clone();
    let recorded = record_checked(session, draft, asked, fallback)?
        .map_err(|(problems, lang)| Refusal::Decision(problems, lang))?;
    if let Some(person) = recorded_draft {
        let _ = drafts::remove(session.repo.git_dir(), &plan, &person);
    }
    Ok(recorded)
}

/// The decision's problems with a day, and the language to say them in.
type DayProblems = (Vec<FieldProblem>, Lang);

fn record_checked(
    session: &WriteSession,
    draft: Draft,
    asked: Option<Lang>,
    fallback: Lang,
) -> Result<Result<Recorded, DayProblems>, CommandError> {
    let repo = &session.repo;
    let id = draft.plan.as_str();
    let creating = matches!(draft.candidate, Candidate::Creation(_));
    if !crate::workspace::is_valid_id(id) || crate::workspace::is_reserved_name(id) {
        if creating {
            return Err(CommandError::usage(
                NewMsg::BadId.fill(asked.unwrap_or(fallback), &[("id", &id)]),
            ));
        }
        return Err(unknown_plan(repo, id, asked.unwrap_or(fallback)));
    }
    let path = PlansRepo::plan_path(id);
    let full = repo.root.join(&path);
    let lang0 = asked.unwrap_or(fallback);
    crate::workspace::ensure_real_plans_dir(&repo.root, lang0)?;
    crate::workspace::ensure_not_linked(&full, &path, lang0)?;
    let recorded = repo
        .file_at(session.head, &path)
        .map_err(|e| git_error(&e, lang0))?;
    let on_disk = read_work_tree(&full, &path, lang0)?;
    let lang = asked
        .or_else(|| {
            recorded
                .as_deref()
                .or(on_disk.as_deref())
                .and_then(crate::history::trail::plan_from_bytes)
                .map(|p| p.language())
        })
        .unwrap_or(fallback);
    let unrecorded_edits = |on_disk: &Option<Vec<u8>>, recorded: &[u8]| {
        on_disk.as_deref().is_none_or(|bytes| {
            bytes != recorded
                && crate::history::eol::as_stored(&repo.git, &path, bytes, Some(recorded)).as_ref()
                    != recorded
        })
    };

    let mut notes = session.notes.clone();
    let candidate = match &draft.candidate {
        Candidate::HandEdits | Candidate::HandEditsOrDraft => {
            let Some(bytes) = on_disk.clone() else {
                return Err(match recorded {
                    None => unknown_plan(repo, id, lang),
                    Some(_) => nothing_to_decide(id, lang),
                });
            };
            if recorded
                .as_deref()
                .is_some_and(|r| !unrecorded_edits(&on_disk, r))
            {
                return Err(nothing_to_decide(id, lang));
            }
            bytes
        }
        Candidate::Setters(set) => {
            let base = recorded_or_refuse(&recorded, repo, id, lang)?;
            if unrecorded_edits(&on_disk, base) {
                return Err(hand_edits_present(id, lang));
            }
            let today = session.recording_day(lang).ok();
            let changed = with_setters(base, set, today, lang)?;
            let value = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).ok();
            if value(&changed).is_some() && value(&changed) == value(base) {
                return Err(nothing_to_decide(id, lang));
            }
            changed
        }
        Candidate::Text(bytes) => {
            let base = recorded_or_refuse(&recorded, repo, id, lang)?;
            if unrecorded_edits(&on_disk, base) {
                return Err(hand_edits_present(id, lang));
            }
            bytes.clone()
        }
        Candidate::Draft(bytes) => {
            recorded_or_refuse(&recorded, repo, id, lang)?;
            bytes.clone()
        }
        Candidate::Creation(bytes) => {
            if recorded.is_some() || on_disk.is_some() || full.exists() {
                return Err(
                    CommandError::data(NewMsg::Exists.fill(lang, &[("file", &path)]))
                        .hinted(NewMsg::ExistsHint.get(lang)),
                );
            }
            bytes.clone()
        }
        Candidate::Unchanged => {
            let base = recorded_or_refuse(&recorded, repo, id, lang)?;
            if unrecorded_edits(&on_disk, base) {
                return Err(
                    CommandError::data(ReportMsg::HandEdits.fill(lang, &[("plan", &id)]))
                        .hinted(ReportMsg::HandEditsHint.fill(lang, &[("plan", &id)])),
                );
            }
            base.to_vec()
        }
    };

    // A draft made from an older version of the plan is merged over what
    // was decided since, as sync merges, or refused when the two collide.
    let candidate = match draft.from {
        Some(from) if from != session.head && !creating => {
            let merged = merge_draft(repo, from, &path, recorded.as_deref(), &candidate, lang)?;
            if merged.is_some() {
                notes.push(HistoryMsg::DraftMerged.get(lang));
            }
            merged.unwrap_or(candidate)
        }
        _ => candidate,
    };

    let checked = check::check_bytes(candidate.clone(), &path, Some(id), asked);
    let lang = asked.unwrap_or(checked.lang);
    let plan = match checked.plan {
        Some(plan) if checked.count(Severity::Error) == 0 => plan,
        _ => {
            let mut findings = checked.findings;
            if matches!(draft.candidate, Candidate::Setters(_)) {
                typed_period_hints(&mut findings, lang);
            }
            return Err(CommandError::invalid(
                DecideMsg::InvalidResult.fill(lang, &[("plan", &id)]),
                findings,
            ));
        }
    };
    let warnings: Vec<Finding> = checked.findings;
    if draft.strict && !warnings.is_empty() {
        return Err(CommandError::invalid(
            HistoryMsg::StrictRefused.fill(lang, &[("plan", &id)]),
            warnings,
        ));
    }

    // A day given must make sense in the plan's history: not after the
    // day it is recorded, not before the plan existed; before the decision
    // it follows only as a late entry.
    let today = session.recording_day(lang)?;
    if let Err(problems) = draft.decision.check(Some(today)) {
        return Ok(Err((problems, lang)));
    }
    let decided_on = draft.decision.decided_on.unwrap_or(today);
    if draft.decision.decided_on.is_some() && !creating {
        match crate::history::dated::day_in_history(repo, session.head, id, decided_on, lang)? {
            DayInHistory::InOrder => {}
            DayInHistory::Late(warning) => notes.push(warning),
            DayInHistory::BeforePlan(created) => {
                let problem = DecisionInput::before_plan(decided_on, id, created);
                return Ok(Err((vec![problem], lang)));
            }
        }
    }
    let decision = DecisionText {
        plan: id.to_string(),
        summary: draft.decision.summary.clone(),
        body: draft.decision.body.clone(),
        decided_by: draft.decision.decided_by.clone(),
        decided_on,
        meeting: draft.decision.meeting.clone(),
        extra: draft.decision.extra.clone(),
        recorder: draft.recorder.clone(),
    };
    let Written {
        commit,
        later_edits,
        hook_output,
    } = session.write(
        &path,
        &candidate,
        recorded.as_deref(),
        // A draft kept apart brings the plan file up to the decision only
        // when the file holds no edits of its own: read as the recorded
        // plan, a file with hand edits is then left as it is.
        match (&draft.candidate, recorded.as_deref()) {
            (Candidate::Draft(_), Some(recorded)) if unrecorded_edits(&on_disk, recorded) => {
                Some(recorded)
            }
            _ => on_disk.as_deref(),
        },
        &decision,
        draft.run_hooks,
        lang,
    )?;
    notes.extend(hook_output);
    let before = recorded
        .as_deref()
        .and_then(crate::history::trail::plan_from_bytes);
    let changes = diff(before.as_ref(), Some(&plan));
    Ok(Ok(Recorded {
        commit,
        plan: id.to_string(),
        summary: decision.summary,
        lang,
        before,
        after: plan,
        changes,
        warnings,
        notes,
        later_edits,
    }))
}

/// The plan file as the work tree has it: None when there is none. Never
/// read through a symbolic link, never more than a plan may hold.
fn read_work_tree(
    full: &std::path::Path,
    path: &str,
    lang: Lang,
) -> Result<Option<Vec<u8>>, CommandError> {
    match source::read_bytes(full) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(source::ReadProblem::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(source::ReadProblem::SymbolicLink) => {
            Err(crate::workspace::linked_plan_error(path, lang))
        }
        Err(problem) => {
            let checked = check::check_problem(problem, path, lang);
            Err(CommandError::invalid(
                DecideMsg::InvalidResult.fill(lang, &[("plan", &path)]),
                checked,
            ))
        }
    }
}

/// What the door said when it recorded decision `commit`, as far as the
/// history keeps it: its warning as a late entry, and the plan's warnings
/// after it (each with its hint). Computed from the commit alone, so a page
/// shown after recording can say it again without carrying it.
pub fn said_when_recorded(repo: &PlansRepo, commit: Oid, lang: Lang) -> Vec<String> {
    let mut said: Vec<String> = crate::history::dated::late_entry_of(repo, commit, lang)
        .into_iter()
        .collect();
    let Some(decision) = repo
        .git
        .find_commit(commit)
        .ok()
        .as_ref()
        .and_then(crate::history::read_decision)
    else {
        return said;
    };
    let path = PlansRepo::plan_path(&decision.plan);
    if let Ok(Some(bytes)) = repo.file_at(commit, &path) {
        let checked = check::check_bytes(bytes, &path, Some(&decision.plan), Some(lang));
        for finding in checked.findings {
            if finding.severity == Severity::Warning {
                said.push(match &finding.hint {
                    Some(hint) => format!("{} {hint}", finding.message),
                    None => finding.message.clone(),
                });
            }
        }
    }
    said
}

/// The merged candidate when the plan moved since `from`; None when it did
/// not move (the candidate stands as it is).
fn merge_draft(
    repo: &PlansRepo,
    from: Oid,
    path: &str,
    now: Option<&[u8]>,
    candidate: &[u8],
    lang: Lang,
) -> Result<Option<Vec<u8>>, CommandError> {
    let base = repo.file_at(from, path).map_err(|_| {
        CommandError::data(HistoryMsg::DraftBaseUnknown.fill(lang, &[("commit", &short_id(from))]))
            .hinted(HistoryMsg::DraftConflictHint.get(lang))
    })?;
    if base.as_deref() == now {
        return Ok(None);
    }
    let parse = |bytes: Option<&[u8]>| bytes.and_then(crate::history::trail::plan_from_bytes);
    let (base, theirs, ours) = (parse(base.as_deref()), parse(now), parse(Some(candidate)));
    if ours.is_none() {
        // An invalid draft: validation will say why, at its fields.
        return Ok(None);
    }
    let merge = crate::plan::merge::merge(base.as_ref(), ours.as_ref(), theirs.as_ref());
    let conflict = || {
        let mut error = CommandError::data(HistoryMsg::DraftConflict.fill(
            lang,
            &[(
                "plan",
                &path.trim_start_matches("plans/").trim_end_matches(".json"),
            )],
        ));
        for conflict in &merge.conflicts {
            error = error.caused_by(describe_conflict(conflict, lang));
        }
        error.hinted(HistoryMsg::DraftConflictHint.get(lang))
    };
    if !merge.is_clean() {
        return Err(conflict());
    }
    let value = merge
        .resolve(&|_, _| crate::plan::merge::Side::Ours)
        .map_err(|_| conflict())?
        .ok_or_else(conflict)?;
    Ok(Some(plan_text(&value)))
}

/// One collision in a sentence: the field, and what the draft and the plan
/// now say.
fn describe_conflict(conflict: &crate::plan::merge::Conflict, lang: Lang) -> String {
    use crate::plan::merge::Side;
    let shown = |side: Side| match conflict.value(side) {
        Some(serde_json::Value::String(text)) => format!("\"{text}\""),
        Some(value) => value.to_string(),
        None => "—".to_string(),
    };
    HistoryMsg::DraftCollision.fill(
        lang,
        &[
            ("target", &conflict.target),
            ("draft", &shown(Side::Ours)),
            ("now", &shown(Side::Theirs)),
        ],
    )
}

/// A period typed with `--set` that is no period is answered with the words
/// to type ("uge 42 2026", "4. kvartal 2026"), not the file's forms.
fn typed_period_hints(findings: &mut [Finding], lang: Lang) {
    let file_forms = crate::i18n::PeriodMsg::Forms.get(lang);
    for finding in findings {
        if finding.code == "bad-period" && finding.hint.as_deref() == Some(file_forms.as_str()) {
            finding.hint = Some(crate::i18n::PeriodMsg::TypedForms.get(lang));
        }
    }
}

/// Applies the setters (`ID.FIELD=VALUE`) to the plan `base` on the day
/// `today` (which gives "uge 12" its year when the plan does not); returns
/// the new file's bytes. A setter that does not parse is a usage error.
pub fn with_setters(
    base: &[u8],
    set: &[String],
    today: Option<NaiveDate>,
    lang: Lang,
) -> Result<Vec<u8>, CommandError> {
    let text = source::text_from_bytes(base.to_vec()).unwrap_or_default();
    let value = source::parse_json(&text)
        .map_err(|problem| CommandError::data(problem.detail))?
        .value;
    let mut setters = Vec::with_capacity(set.len());
    for raw in set {
        let setter = Setter::parse(raw, lang).map_err(|error| {
            let command_error = CommandError::usage(error.message.clone());
            match &error.hint {
                Some(hint) => command_error.hinted(hint.clone()),
                None => command_error,
            }
        })?;
        setters.push(setter);
    }
    let value = apply_setters_on(&value, &setters, today, lang).map_err(|error| {
        let command_error = CommandError::data(error.message.clone());
        match &error.hint {
            Some(hint) => command_error.hinted(hint.clone()),
            None => command_error,
        }
    })?;
    Ok(plan_text(&value))
}

fn recorded_or_refuse<'a>(
    recorded: &'a Option<Vec<u8>>,
    repo: &PlansRepo,
    id: &str,
    lang: Lang,
) -> Result<&'a [u8], CommandError> {
    match recorded {
        Some(bytes) => Ok(bytes),
        None if repo.root.join(PlansRepo::plan_path(id)).exists() => Err(CommandError::data(
            DecideMsg::PlanNotInHistory.fill(lang, &[("plan", &id)]),
        )
        .hinted(DecideMsg::PlanNotInHistoryHint.fill(lang, &[("plan", &id)]))),
        None => Err(unknown_plan(repo, id, lang)),
    }
}

fn unknown_plan(repo: &PlansRepo, id: &str, lang: Lang) -> CommandError {
    let workspace = crate::workspace::Workspace {
        root: repo.root.clone(),
    };
    match workspace.existing_plan(id, lang) {
        Err(error) => error,
        Ok(_) => nothing_to_decide(id, lang),
    }
}

fn nothing_to_decide(id: &str, lang: Lang) -> CommandError {
    CommandError::data(DecideMsg::NothingToDecide.fill(lang, &[("plan", &id)]))
        .hinted(DecideMsg::NothingToDecideHint.fill(lang, &[("plan", &id)]))
}

fn hand_edits_present(id: &str, lang: Lang) -> CommandError {
    CommandError::data(DecideMsg::HandEditsPresent.fill(lang, &[("plan", &id)]))
        .hinted(DecideMsg::HandEditsPresentHint.fill(lang, &[("plan", &id)]))
}
