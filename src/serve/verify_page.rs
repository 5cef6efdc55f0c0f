//! The verify page: can the history be trusted?

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::history::PlansRepo;
use crate::history::decision::read_decision;
use crate::history::short_id;
use crate::history::verify::{head, verify_history};
use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::Severity;
use crate::serve::page::{Page, library, or_page};
use crate::serve::state::App;

#[derive(Serialize)]
struct FindingView {
    severity: String,
    error: bool,
    commit: String,
    short: String,
    /// Whether the commit is a decision, with a page of its own to link to.
    decision: bool,
    when: String,
    author: String,
    message: String,
    hint: String,
    /// The plan to open to record or discard its unrecorded changes, and
    /// the link's words.
    plan: String,
    open_plan: String,
}

/// What to do about a finding, said for the page: the command line's hints
/// name commands, which nobody at a browser can run.
fn page_hint(finding: &crate::history::verify::HistoryFinding, lang: Lang) -> String {
    match (finding.code, &finding.hint) {
        ("uncommitted-change" | "uncommitted-deleted", _) => ServeMsg::UnrecordedHint.get(lang),
        ("uncommitted-new", _) => ServeMsg::UnrecordedNewHint.get(lang),
        (_, Some(hint)) if hint.contains('`') => ServeMsg::AskTheKeeperHint.get(lang),
        (_, hint) => hint.clone().unwrap_or_default(),
    }
}

/// GET /verify — can the history be trusted?
pub async fn verify(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let lang = app.lang(&headers, None);
    let root = app.root.clone();
    let (report, decisions, titles) = or_page!(
        library(&app, lang, move || {
            let repo = PlansRepo::open(&root, lang)?;
            let head = head(&repo, lang)?;
            let report = verify_history(&repo, head, lang)?;
            // A finding's commit that is no decision has no decision page.
            let decisions: std::collections::HashSet<git2::Oid> = report
                .findings
                .iter()
                .filter_map(|f| f.commit)
                .filter(|oid| {
                    let commit = repo.git.find_commit(*oid).ok();
                    commit.as_ref().and_then(read_decision).is_some()
                })
                .collect();
            // The plans with unrecorded changes, by title.
            let titles: std::collections::HashMap<String, String> = report
                .findings
                .iter()
                .filter_map(|f| f.plan.clone())
                .map(|id| {
                    let title = crate::history::trail::plan_at(&repo, head, &id)
                        .map_or_else(|| id.clone(), |plan| plan.title);
                    (id, title)
                })
                .collect();
            Ok((report, decisions, titles))
        })
        .await
    );
    let findings: Vec<FindingView> = report
        .findings
        .iter()
        .map(|f| FindingView {
            severity: f.severity.label(lang),
            error: f.severity == Severity::Error,
            commit: f.commit.map(|c| c.to_string()).unwrap_or_default(),
            short: f.commit.map(short_id).unwrap_or_default(),
            decision: f.commit.is_some_and(|oid| decisions.contains(&oid)),
            when: f
                .date
                .map(|d| {
                    ServeMsg::DayAndTime.fill(
                        lang,
                        &[
                            (
                                "day",
                                &crate::plan::dates::day_display(d.date_naive(), lang),
                            ),
                            ("time", &d.format("%H:%M")),
                        ],
                    )
                })
                .unwrap_or_default(),
            author: f.author.clone().unwrap_or_default(),
            message: f.message.clone(),
            hint: page_hint(f, lang),
            plan: f.plan.clone().unwrap_or_default(),
            open_plan: f
                .plan
                .as_ref()
                .map(|id| {
                    let title = titles.get(id).unwrap_or(id);
                    ServeMsg::OpenPlan.fill(lang, &[("plan", title)])
                })
                .unwrap_or_default(),
        })
        .collect();
    let summary = if findings.is_empty() {
        ServeMsg::VerifyClean.get(lang)
    } else {
        ServeMsg::VerifyFindings.fill(lang, &[("count", &findings.len())])
    };
    let page = Page::new(&app, lang, ServeMsg::VerifyTitle.get(lang), "/verify");
    page.render(
        &app,
        "verify.html",
        minijinja::context! { summary => summary, findings => minijinja::Value::from(minijinja::value::Serde(&findings)), commits => report.commits, decisions => report.decisions },
    )
    .into_response()
}
