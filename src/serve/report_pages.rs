//! The report (as `report`, with downloads), the check of the history (as
//! `verify`) and, when there is a remote, `sync`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::CommandError;
use crate::history::PlansRepo;
use crate::history::covered::{Since, covered_decisions};
use crate::history::decision::read_decision;
use crate::history::recorded::{recorded_plan, unrecorded_note};
use crate::history::short_id;
use crate::history::sync::explain::ExplainedConflict;
use crate::history::sync::{SyncOutcome, SyncRequest, sync};
use crate::history::verify::{head, verify_history};
use crate::i18n::{Lang, Message, ReportMsg, ServeMsg};
use crate::plan::Severity;
use crate::plan::merge::Side;
use crate::render::covered::covered;
use crate::render::export::{CsvOptions, calendar, json, plan_export, spreadsheet};
use crate::render::report_document::{ReportForm, ReportRequest, report_document};
use crate::serve::app::App;
use crate::serve::guard::REPORT_CSP;
use crate::serve::page::{Page, blocking, error_page, library, message_page, or_page, read_draft};
use crate::serve::plan_pages::{style, today};

/// The report's choices.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ReportQuery {
    since: Option<String>,
    view: Option<String>,
}

/// GET /plan/{id}/report — what the report covers, and its downloads.
pub async fn report(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ReportQuery>,
) -> Response {
    if query.view.is_some() {
        return download(
            State(app),
            headers,
            Path((id, "view".to_string())),
            Query(query),
        )
        .await;
    }
    let asked = app.lang(&headers, None);
    let draft = or_page!(read_draft(&app, &id, asked).await);
    let checked = draft.checked(None);
    let lang = app.lang(&headers, checked.plan.as_ref().map(|p| p.language()));
    let title = checked
        .plan
        .as_ref()
        .map(|p| p.title.clone())
        .unwrap_or_else(|| id.clone());
    let heading = ServeMsg::ReportTitle.fill(lang, &[("title", &title)]);
    let since = query.since.clone().unwrap_or_default();
    let suffix = if since.is_empty() {
        String::new()
    } else {
        format!("?since={}", crate::serve::history_pages::encode(&since))
    };
    let page = Page::new(&app, lang, heading.clone(), &format!("/plan/{id}/report"));
    page.render(
        &app,
        "report.html",
        minijinja::context! {
            id => id, heading => heading, since => since, suffix => suffix,
            formats => DOWNLOADS
                .iter()
                .map(|d| (d.format, d.label.get(lang)))
                .collect::<Vec<_>>(),
        },
    )
    .into_response()
}

/// One download the report page offers.
pub struct DownloadKind {
    /// Its name in the address (`/plan/{id}/download/{format}`).
    pub format: &'static str,
    /// What it is, on the page.
    pub label: ServeMsg,
    /// Its Content-Type.
    pub content_type: &'static str,
    /// The ending of the file name it is saved under.
    pub ending: &'static str,
}

/// The downloads: what `report` makes (md, html, docx, svg) and what
/// `export` makes (ics, csv, json), in that order.
pub const DOWNLOADS: &[DownloadKind] = &[
    DownloadKind {
        format: "docx",
        label: ServeMsg::DownloadDocx,
        content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ending: ".docx",
    },
    DownloadKind {
        format: "html",
        label: ServeMsg::DownloadHtml,
        content_type: "text/html; charset=utf-8",
        ending: ".html",
    },
    DownloadKind {
        format: "md",
        label: ServeMsg::DownloadMd,
        content_type: "text/markdown; charset=utf-8",
        ending: ".md",
    },
    DownloadKind {
        format: "svg",
        label: ServeMsg::DownloadSvg,
        content_type: "image/svg+xml",
        ending: ".svg",
    },
    DownloadKind {
        format: "ics",
        label: ServeMsg::DownloadIcs,
        content_type: "text/calendar; charset=utf-8",
        ending: ".ics",
    },
    DownloadKind {
        format: "csv",
        label: ServeMsg::DownloadCsv,
        content_type: "text/csv; charset=utf-8",
        ending: ".csv",
    },
    DownloadKind {
        format: "json",
        label: ServeMsg::DownloadJson,
        content_type: "application/json",
        ending: "-export.json",
    },
];

/// A file to send.
struct Download {
    body: Vec<u8>,
    content_type: &'static str,
    name: String,
}

/// GET /plan/{id}/download/{format} — one of [`DOWNLOADS`]: the report (docx,
/// html, md) or its timeline (svg) as `report` makes them, the calendar (ics),
/// the spreadsheet (csv) or the plan for scripts (json) as `export` makes
/// them; `view` is the html report shown in the browser.
pub async fn download(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, format)): Path<(String, String)>,
    Query(query): Query<ReportQuery>,
) -> Response {
    let asked = app.lang(&headers, None);
    let chosen = guard_lang(&app, &headers);
    let (root, at) = (app.root.clone(), app.at);
    let made = blocking(move || {
        make(
            &root,
            &id,
            &format,
            query.since.as_deref(),
            chosen,
            asked,
            at,
        )
    })
    .await;
    match made {
        Ok(Ok(Some((download, view)))) => {
            let mut response = (
                [(header::CONTENT_TYPE, download.content_type)],
                download.body,
            )
                .into_response();
            let headers = response.headers_mut();
            if view {
                headers.insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(REPORT_CSP),
                );
            } else if let Ok(value) =
                HeaderValue::from_str(&format!("attachment; filename=\"{}\"", download.name))
            {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Ok(Ok(None)) => message_page(
            &app,
            asked,
            StatusCode::NOT_FOUND,
            &ServeMsg::NotFound.get(asked),
        ),
        Ok(Err(error)) => error_page(&app, asked, &error),
        Err(status) => status.into_response(),
    }
}

/// The language the reader chose with the language link, if any.
fn guard_lang(app: &App, headers: &HeaderMap) -> Option<Lang> {
    crate::serve::guard::cookie(headers, &crate::serve::page::lang_cookie(app.port))
        .and_then(Lang::from_code)
        .or(app.lang)
}

fn make(
    root: &std::path::Path,
    id: &str,
    format: &str,
    since: Option<&str>,
    chosen: Option<Lang>,
    asked: Lang,
    at: Option<chrono::NaiveDate>,
) -> Result<Option<(Download, bool)>, CommandError> {
    // A reading view: the plan as recorded, as `report` and `export` read it.
    let workspace = crate::workspace::Workspace {
        root: root.to_path_buf(),
    };
    let reader = recorded_plan(&workspace, id, asked)?;
    let checked = reader.check(chosen);
    let lang = checked.lang;
    let unrecorded = unrecorded_note(&reader, lang);
    let errors = checked.count(Severity::Error);
    let Some(plan) = checked.plan.filter(|_| errors == 0) else {
        return Err(CommandError::invalid(
            crate::i18n::Common::PlanInvalid.fill(lang, &[("id", &id), ("errors", &errors)]),
            checked.findings,
        ));
    };
    let day = today(at);
    let style = style(lang);
    let render_error = |error: &dyn std::fmt::Display| {
        CommandError::environment(
            ReportMsg::TemplateFailed.fill(lang, &[("detail", &error.to_string())]),
        )
    };
    let Some(kind) = DOWNLOADS
        .iter()
        .find(|kind| kind.format == format || (format == "view" && kind.format == "html"))
    else {
        return Ok(None);
    };
    let body = match format {
        "md" | "html" | "view" | "docx" | "svg" => {
            let since = Since::parse(since.filter(|s| !s.trim().is_empty()), lang)?;
            let repo = PlansRepo::open(root, lang)?;
            let covered = covered(
                &covered_decisions(&repo, id, &since, day, lang)?,
                &since,
                lang,
            );
            let form = match format {
                "md" => ReportForm::Markdown,
                "svg" => ReportForm::Svg,
                "docx" => ReportForm::Docx,
                _ => ReportForm::Html,
            };
            let request = ReportRequest {
                plan: &plan,
                covered: &covered,
                day,
                style: &style,
                unrecorded,
                lang,
            };
            report_document(request, form)?.into_bytes()
        }
        "ics" => calendar(&plan_export(&plan, day, &style), lang)
            .text
            .into_bytes(),
        "csv" => spreadsheet(
            &plan_export(&plan, day, &style),
            lang,
            CsvOptions::default(),
        )
        .map_err(|e| render_error(&e))?
        .text
        .into_bytes(),
        _ => json(&plan_export(&plan, day, &style))
            .map_err(|e| render_error(&e))?
            .into_bytes(),
    };
    let made = (
        Download {
            body,
            content_type: kind.content_type,
            name: format!("{id}{}", kind.ending),
        },
        format == "view",
    );
    Ok(Some(made))
}

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

/// POST /sync — `backbrief sync` with the default remote. With the settle
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
    let (root, chosen) = (app.root.clone(), guard_lang(&app, &headers));
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
    let run =
        move |resolve: Vec<String>, choices: Vec<(String, String, Side)>, side, by: String| {
            let root = root.clone();
            blocking(move || {
                sync(&SyncRequest {
                    cwd: &root,
                    remote: None,
                    resolve: &resolve,
                    choices: &choices,
                    side,
                    by: (!by.is_empty()).then_some(by.as_str()),
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
