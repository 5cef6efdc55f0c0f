//! The report as one document, put together once for every front end (the
//! `report` command and the report page): the plan's detail, its timeline
//! and the decisions covered, rendered as Markdown, HTML, SVG or Word.

use chrono::NaiveDate;

use crate::error::CommandError;
use crate::i18n::{Lang, Message, ReportMsg};
use crate::plan::model::Plan;
use crate::render::Style;
use crate::render::covered::Covered;
use crate::render::docx::docx;
use crate::render::report::{ReportInput, html, markdown};
use crate::render::status::plan_detail;
use crate::render::timeline::{Timeline, svg};

/// The forms a report comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportForm {
    /// Markdown.
    Markdown,
    /// A standalone HTML page.
    Html,
    /// The timeline alone, as SVG.
    Svg,
    /// A Word document.
    Docx,
}

/// The report made: text (Markdown, HTML, SVG) or a binary file (Word).
#[derive(Debug)]
pub enum Document {
    /// Text to print or save.
    Text(String),
    /// Bytes to save (or send down a redirected output).
    Binary(Vec<u8>),
}

impl Document {
    /// The document's bytes, as saved.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Document::Text(text) => text.as_bytes(),
            Document::Binary(bytes) => bytes,
        }
    }

    /// The document's bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Document::Text(text) => text.into_bytes(),
            Document::Binary(bytes) => bytes,
        }
    }
}

/// What a report is made of: the plan (valid, as recorded), the decisions it
/// covers, the day that counts as today, and whether changes are unrecorded.
pub struct ReportRequest<'a> {
    /// The plan reported on.
    pub plan: &'a Plan,
    /// The decisions the report covers.
    pub covered: &'a Covered,
    /// The day that counts as today.
    pub day: NaiveDate,
    /// How status words and dates are shown.
    pub style: &'a Style,
    /// The note on changes not yet recorded, when there are some.
    pub unrecorded: Option<String>,
    /// The report's language.
    pub lang: Lang,
}

/// Makes the report in `form`.
pub fn report_document(
    request: ReportRequest<'_>,
    form: ReportForm,
) -> Result<Document, CommandError> {
    let ReportRequest {
        plan,
        covered,
        day,
        style,
        unrecorded,
        lang,
    } = request;
    let detail = plan_detail(plan, day, style);
    let timeline = Timeline::build(plan, &detail, lang);
    let input = ReportInput {
        plan,
        detail: &detail,
        timeline: &timeline,
        decisions: &covered.entries,
        creation: covered.creation.as_ref(),
        covered: covered.words.clone(),
        lang,
        unrecorded,
    };
    let template_failed = |error: minijinja::Error| {
        CommandError::environment(
            ReportMsg::TemplateFailed.fill(lang, &[("detail", &error.to_string())]),
        )
    };
    Ok(match form {
        ReportForm::Markdown => Document::Text(markdown(&input).map_err(template_failed)?),
        ReportForm::Html => Document::Text(html(&input).map_err(template_failed)?),
        ReportForm::Svg => Document::Text(svg(&timeline, true).map_err(template_failed)?),
        ReportForm::Docx => Document::Binary(docx(&input).map_err(|detail| {
            CommandError::environment(ReportMsg::DocxFailed.fill(lang, &[("detail", &detail)]))
        })?),
    })
}
