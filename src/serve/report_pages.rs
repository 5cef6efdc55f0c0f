//! The report (as `report`, with downloads), the check of the history (as
//! `verify`) and, when there is a remote, `sync`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::CommandError;
use crate::history::PlansRepo;
use crate::history::covered::{Since, covered_decisions};
use crate::history::recorded::{recorded_plan, unrecorded_note};
use crate::i18n::{Lang, Message, ReportMsg, ServeMsg};
use crate::plan::Severity;
use crate::render::covered::covered;
use crate::render::export::{CsvOptions, calendar, json, plan_export, spreadsheet};
use crate::render::report_document::{ReportForm, ReportRequest, report_document};
use crate::serve::guard::REPORT_CSP;
use crate::serve::page::{Page, blocking, error_page, message_page, or_page, read_draft};
use crate::serve::plan_pages::{style, today};
use crate::serve::state::App;

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
    let chosen = app.chosen_lang(&headers);
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
