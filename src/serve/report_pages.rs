//! The report (as `report`, with downloads), the check of the history (as
//! `verify`) and, when there is a remote, `sync`.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::CommandError;
use crate::history::PlansRepo;
use crate::history::covered::{Since, covered_decisions};
use crate::history::short_id;
use crate::history::sync::{SyncOutcome, SyncRequest, sync};
use crate::history::verify::{head, verify_history};
use crate::i18n::{Lang, Message, ReportMsg, ServeMsg};
use crate::plan::Severity;
use crate::plan::merge::Side;
use crate::render::covered::covered;
use crate::render::export::{CsvOptions, calendar, plan_export, spreadsheet};
use crate::render::report::{ReportInput, html, markdown};
use crate::render::status::plan_detail;
use crate::render::timeline::Timeline;
use crate::serve::app::App;
use crate::serve::draft::Draft;
use crate::serve::guard::REPORT_CSP;
use crate::serve::page::{Page, blocking, error_page, message_page};
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
    let (root, plan_id) = (app.root.clone(), id.clone());
    let found = blocking(move || Draft::read(&root, &plan_id, asked)).await;
    let draft = match found {
        Ok(Ok(draft)) => draft,
        Ok(Err(error)) => return error_page(&app, asked, &error),
        Err(status) => return status.into_response(),
    };
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
            formats => vec![
                ("md", ServeMsg::DownloadMd.get(lang)),
                ("html", ServeMsg::DownloadHtml.get(lang)),
                ("ics", ServeMsg::DownloadIcs.get(lang)),
                ("csv", ServeMsg::DownloadCsv.get(lang)),
            ],
        },
    )
    .into_response()
}

/// A file to send.
struct Download {
    body: Vec<u8>,
    content_type: &'static str,
    name: String,
}

/// GET /plan/{id}/download/{format} — the report (md, html), the calendar
/// (ics) or the spreadsheet (csv), made as `report` and `export` make them.
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
    let draft = Draft::read(root, id, asked)?;
    let checked = draft.checked(chosen);
    let lang = checked.lang;
    let Some(plan) = checked.plan.filter(|_| {
        checked
            .findings
            .iter()
            .all(|f| f.severity != Severity::Error)
    }) else {
        return Err(CommandError::data(
            crate::i18n::Common::PlanInvalid.fill(lang, &[("id", &id), ("errors", &"1+")]),
        ));
    };
    let day = today(at);
    let style = style(lang);
    let render_error = |error: &dyn std::fmt::Display| {
        CommandError::environment(
            ReportMsg::TemplateFailed.fill(lang, &[("detail", &error.to_string())]),
        )
    };
    let name = |ext: &str| format!("{id}.{ext}");
    let made = match format {
        "md" | "html" | "view" => {
            let since = Since::parse(since.filter(|s| !s.trim().is_empty()), lang)?;
            let repo = PlansRepo::open(root, lang)?;
            let covered = covered(
                &covered_decisions(&repo, id, &since, day, lang)?,
                &since,
                lang,
            );
            let detail = plan_detail(&plan, day, &style);
            let timeline = Timeline::build(&plan, &detail, lang);
            let input = ReportInput {
                plan: &plan,
                detail: &detail,
                timeline: &timeline,
                decisions: &covered.entries,
                creation: covered.creation.as_ref(),
                covered: covered.words.clone(),
                file: PlansRepo::plan_path(id),
                lang,
            };
            if format == "md" {
                let text = markdown(&input).map_err(|e| render_error(&e))?;
                (
                    Download {
                        body: text.into_bytes(),
                        content_type: "text/markdown; charset=utf-8",
                        name: name("md"),
                    },
                    false,
                )
            } else {
                let text = html(&input).map_err(|e| render_error(&e))?;
                (
                    Download {
                        body: text.into_bytes(),
                        content_type: "text/html; charset=utf-8",
                        name: name("html"),
                    },
                    format == "view",
                )
            }
        }
        "ics" => {
            let export = plan_export(&plan, day, &style);
            let text = calendar(&export, lang).text;
            (
                Download {
                    body: text.into_bytes(),
                    content_type: "text/calendar; charset=utf-8",
                    name: name("ics"),
                },
                false,
            )
        }
        "csv" => {
            let export = plan_export(&plan, day, &style);
            let sheet =
                spreadsheet(&export, lang, CsvOptions::default()).map_err(|e| render_error(&e))?;
            (
                Download {
                    body: sheet.text.into_bytes(),
                    content_type: "text/csv; charset=utf-8",
                    name: name("csv"),
                },
                false,
            )
        }
        _ => return Ok(None),
    };
    Ok(Some(made))
}

#[derive(Serialize)]
struct FindingView {
    severity: String,
    error: bool,
    commit: String,
    short: String,
    when: String,
    author: String,
    message: String,
    hint: String,
}

/// GET /verify — can the history be trusted?
pub async fn verify(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let lang = app.lang(&headers, None);
    let root = app.root.clone();
    let report = blocking(move || {
        let repo = PlansRepo::open(&root, lang)?;
        let head = head(&repo, lang)?;
        verify_history(&repo, head, lang)
    })
    .await;
    let report = match report {
        Ok(Ok(report)) => report,
        Ok(Err(error)) => return error_page(&app, lang, &error),
        Err(status) => return status.into_response(),
    };
    let findings: Vec<FindingView> = report
        .findings
        .iter()
        .map(|f| FindingView {
            severity: f.severity.label(lang),
            error: f.severity == Severity::Error,
            commit: f.commit.map(|c| c.to_string()).unwrap_or_default(),
            short: f.commit.map(short_id).unwrap_or_default(),
            when: f
                .date
                .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            author: f.author.clone().unwrap_or_default(),
            message: f.message.clone(),
            hint: f.hint.clone().unwrap_or_default(),
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

/// POST /sync — `backbrief sync` with the default remote; with `side` and
/// `by`, every conflict settled for that side (`sync --ours/--theirs --by`).
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
    if side.is_some() && by.is_empty() {
        return sync_page(
            &app,
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            ServeMsg::SyncConflicts.get(lang),
            Vec::new(),
            true,
            Some(ServeMsg::SettledByRequired.get(lang)),
        );
    }
    let outcome = blocking(move || {
        sync(&SyncRequest {
            cwd: &root,
            remote: None,
            resolve: &[],
            side,
            by: side.map(|_| by.as_str()),
            lang: chosen,
        })
    })
    .await;
    match outcome {
        Ok(Ok(SyncOutcome::Done(lines))) => sync_page(
            &app,
            lang,
            StatusCode::OK,
            ServeMsg::SyncDone.get(lang),
            lines,
            false,
            None,
        ),
        Ok(Ok(SyncOutcome::Conflicts {
            done, explanation, ..
        })) => {
            let mut lines = done;
            lines.extend(explanation.lines().map(str::to_string));
            sync_page(
                &app,
                lang,
                StatusCode::CONFLICT,
                ServeMsg::SyncConflicts.get(lang),
                lines,
                true,
                None,
            )
        }
        Ok(Err(error)) => error_page(&app, lang, &error),
        Err(status) => status.into_response(),
    }
}

fn sync_page(
    app: &App,
    lang: Lang,
    status: StatusCode,
    heading: String,
    lines: Vec<String>,
    conflicts: bool,
    problem: Option<String>,
) -> Response {
    let page = Page::new(app, lang, ServeMsg::SyncTitle.get(lang), "/");
    let body = page.render(
        app,
        "sync.html",
        minijinja::context! { heading => heading, lines => lines, conflicts => conflicts, problem => problem },
    );
    (status, body).into_response()
}
