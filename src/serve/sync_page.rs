//! The sync page: `backbrief sync` with the default remote (on the
//! committee's server, the repository's configured `remote`), and the form
//! that settles its conflicts.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::history::sync::explain::ExplainedConflict;
use crate::history::sync::{SyncOutcome, SyncRequest, sync};
use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::merge::Side;
use crate::serve::page::{Page, blocking, error_page};
use crate::serve::state::App;

/// How the settle form asked to settle one conflict.
#[derive(Debug, Clone, Default, Serialize)]
struct Asked {
    /// `ours`, `theirs` or `value` (empty: not chosen).
    choice: String,
    /// The value written, for `value`.
    value: String,
    /// Why this cannot be done, if it cannot.
    error: String,
}

/// The settle form's choices, by `plan:target`, and what `sync` is to do
/// with them: (plan, target, side) to take a side, `PLAN:TARGET=VALUE` to
/// write a value.
#[derive(Default)]
struct Settling {
    asked: BTreeMap<String, Asked>,
    choices: Vec<(String, String, Side)>,
    resolve: Vec<String>,
    problems: bool,
}

/// Reads the settle form: for each conflict `n` (`conflict=n`), its
/// `plan.n`, `target.n`, `choice.n` and `value.n`.
fn settling(fields: &[(String, String)], lang: Lang) -> Settling {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let mut out = Settling::default();
    for (_, n) in fields.iter().filter(|(key, _)| key == "conflict") {
        let (plan, target) = (field(&format!("plan.{n}")), field(&format!("target.{n}")));
        let mut asked = Asked {
            choice: field(&format!("choice.{n}")),
            value: field(&format!("value.{n}")).trim().to_string(),
            error: String::new(),
        };
        match asked.choice.as_str() {
            "ours" => out.choices.push((plan.clone(), target.clone(), Side::Ours)),
            "theirs" => out
                .choices
                .push((plan.clone(), target.clone(), Side::Theirs)),
            "value" if !asked.value.is_empty() && !asked.value.contains(['\n', '\r']) => {
                out.resolve.push(format!("{plan}:{target}={}", asked.value));
            }
            "value" => asked.error = ServeMsg::ValueRequired.get(lang),
            _ => asked.error = ServeMsg::ChoiceRequired.get(lang),
        }
        out.problems |= !asked.error.is_empty();
        out.asked.insert(format!("{plan}:{target}"), asked);
    }
    out
}

/// POST /sync — `backbrief sync` with the default remote (the configured one
/// on the committee's server). With the settle
/// form: each conflict settled as chosen (our side, theirs, or a value
/// written, as `sync --resolve` writes it), or with `side`, every conflict
/// for that side (`sync --ours/--theirs`), by `by` — the same settling as
/// `backbrief sync`, recorded in the same merge commit.
pub async fn sync_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let lang = app.lang(&headers, None);
    let (root, chosen) = (app.root.clone(), app.chosen_lang(&headers));
    let field = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_string())
            .unwrap_or_default()
    };
    let side = match field("side").as_str() {
        "ours" => Some(Side::Ours),
        "theirs" => Some(Side::Theirs),
        _ => None,
    };
    let by = field("by");
    let mut settling = if side.is_some() {
        Settling::default()
    } else {
        settling(&fields, lang)
    };
    let settles = side.is_some() || !settling.asked.is_empty();
    let mut problem = None;
    if settles && by.is_empty() {
        problem = Some(ServeMsg::SettledByRequired.get(lang));
    }
    if problem.is_some() || settling.problems {
        // Nothing is settled; the sync is tried as it is, to show the
        // conflicts as they are now.
        settling.choices.clear();
        settling.resolve.clear();
    }
    let refused = problem.is_some() || settling.problems;
    let (side, asked) = (side.filter(|_| !refused), settling.asked);
    let (choices, resolve) = (settling.choices, settling.resolve);
    let settled = side.is_some() || !choices.is_empty() || !resolve.is_empty();
    let recorder = crate::serve::visitor::Visitor::current().recorder();
    // The committee's server syncs with the remote its configuration names.
    let remote = app.upstream.as_ref().and_then(|upstream| upstream.remote());
    let run =
        move |resolve: Vec<String>, choices: Vec<(String, String, Side)>, side, by: String| {
            let (root, recorder, remote) = (root.clone(), recorder.clone(), remote.clone());
            blocking(move || {
                sync(&SyncRequest {
                    cwd: &root,
                    remote: remote.as_deref(),
                    resolve: &resolve,
                    choices: &choices,
                    side,
                    by: (!by.is_empty()).then_some(by.as_str()),
                    recorder,
                    lang: chosen,
                })
            })
        };
    let by_now = if settled { by } else { String::new() };
    let mut outcome = run(resolve, choices, side, by_now).await;
    let mut refused = refused;
    if settled && let Ok(Err(error)) = &outcome {
        // The settling cannot be carried out (a value that does not fit,
        // a conflict gone): the conflicts as they are, with why.
        let mut text = error.message.clone();
        for hint in &error.hints {
            text.push(' ');
            text.push_str(hint);
        }
        problem = Some(text);
        refused = true;
        outcome = run(Vec::new(), Vec::new(), None, String::new()).await;
    }
    let view = SyncView {
        problem: problem.or_else(|| refused.then(|| ServeMsg::SettleProblems.get(lang))),
        by: field("by"),
        asked,
        ..SyncView::default()
    };
    match outcome {
        Ok(Ok(SyncOutcome::Done(lines))) => sync_page(
            &app,
            lang,
            StatusCode::OK,
            SyncView {
                heading: ServeMsg::SyncDone.get(lang),
                lines,
                problem: None,
                ..view
            },
        ),
        Ok(Ok(SyncOutcome::Conflicts {
            done,
            conflicts,
            count,
            remote,
            ..
        })) => sync_page(
            &app,
            lang,
            if refused {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            },
            SyncView {
                heading: ServeMsg::SyncConflicts
                    .fill(lang, &[("count", &count), ("remote", &remote)]),
                lines: done,
                conflicts,
                ..view
            },
        ),
        Ok(Err(error)) => error_page(&app, lang, &error),
        Err(status) => status.into_response(),
    }
}

/// What the sync page shows.
#[derive(Default)]
struct SyncView {
    heading: String,
    lines: Vec<String>,
    conflicts: Vec<ExplainedConflict>,
    problem: Option<String>,
    by: String,
    asked: BTreeMap<String, Asked>,
}

fn sync_page(app: &App, lang: Lang, status: StatusCode, view: SyncView) -> Response {
    let page = Page::new(app, lang, ServeMsg::SyncTitle.get(lang), "/");
    let conflicts: Vec<minijinja::Value> = view
        .conflicts
        .iter()
        .map(|c| {
            let asked = view
                .asked
                .get(&format!("{}:{}", c.plan, c.target))
                .cloned()
                .unwrap_or_default();
            let legend = if c.field_label.is_empty() {
                ServeMsg::ConflictInItem
                    .fill(lang, &[("number", &c.number), ("item", &c.item_title)])
            } else {
                ServeMsg::ConflictIn.fill(
                    lang,
                    &[
                        ("number", &c.number),
                        ("item", &c.item_title),
                        ("field", &c.field_label),
                    ],
                )
            };
            minijinja::context! {
                c => minijinja::Value::from(minijinja::value::Serde(c)),
                legend => legend,
                take_theirs => ServeMsg::ChooseTheirs.fill(lang, &[("side", &c.theirs.label)]),
                new_value => ServeMsg::NewValueFor.fill(lang, &[("field", &c.field_label)]),
                asked => minijinja::Value::from(minijinja::value::Serde(&asked)),
            }
        })
        .collect();
    page.render(
        app,
        "sync.html",
        minijinja::context! {
            heading => view.heading,
            lines => view.lines,
            conflicts => conflicts,
            problem => view.problem,
            by => view.by,
        },
    )
    .with_status(status)
}
