//! Pages: the templates built into the binary, the frame every page shares
//! (navigation, the language link), and small helpers for handlers.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{AutoEscape, Environment, Value};

use crate::error::CommandError;
use crate::i18n::{DraftMsg, Lang, Message, ServeMsg};
use crate::serve::draft::Draft;
use crate::serve::state::App;
use crate::serve::visitor::Visitor;

/// The page templates and the stylesheet, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/serve/base.html")),
    (
        "forbidden.html",
        include_str!("../../templates/serve/forbidden.html"),
    ),
    (
        "message.html",
        include_str!("../../templates/serve/message.html"),
    ),
    (
        "overview.html",
        include_str!("../../templates/serve/overview.html"),
    ),
    (
        "committees.html",
        include_str!("../../templates/serve/committees.html"),
    ),
    ("plan.html", include_str!("../../templates/serve/plan.html")),
    ("edit.html", include_str!("../../templates/serve/edit.html")),
    (
        "marks.html",
        include_str!("../../templates/serve/marks.html"),
    ),
    (
        "confirm.html",
        include_str!("../../templates/serve/confirm.html"),
    ),
    (
        "trail.html",
        include_str!("../../templates/serve/trail.html"),
    ),
    (
        "decision.html",
        include_str!("../../templates/serve/decision.html"),
    ),
    (
        "blame.html",
        include_str!("../../templates/serve/blame.html"),
    ),
    (
        "report.html",
        include_str!("../../templates/serve/report.html"),
    ),
    (
        "verify.html",
        include_str!("../../templates/serve/verify.html"),
    ),
    ("sync.html", include_str!("../../templates/serve/sync.html")),
];

const STYLESHEET: &str = include_str!("../../templates/serve/style.css");
/// The one script: with JavaScript on, a link sends a changed form first.
const KEEP_SCRIPT: &str = include_str!("../../templates/serve/keep.js");

/// The template engine: every `.html` template escapes every value.
pub fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// The cookie that keeps the reader's language choice.
pub fn lang_cookie(port: u16) -> String {
    format!("backbrief-{port}-lang")
}

/// The frame of one page.
pub struct Page {
    /// The page's language.
    pub lang: Lang,
    /// The page's title.
    pub title: String,
    /// The page's own path, for the language link to return to.
    pub path: String,
}

impl Page {
    /// A page titled `title` at `path`, in `lang`.
    pub fn new(_app: &App, lang: Lang, title: String, path: &str) -> Page {
        Page {
            lang,
            title,
            path: path.to_string(),
        }
    }

    /// Renders template `name` inside the frame of `app`'s pages.
    pub fn render(&self, app: &App, name: &str, context: Value) -> Rendered {
        self.render_in(&app.frame(), name, context)
    }

    /// Renders template `name` inside `frame`, for the request's visitor.
    pub fn render_in(&self, frame: &Frame<'_>, name: &str, context: Value) -> Rendered {
        let known = Visitor::known();
        let visitor = known.clone().unwrap_or_else(Visitor::current);
        let other = match self.lang {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        };
        let outer = minijinja::context! {
            lang => self.lang.code(),
            t => texts(self.lang),
            title => self.title.clone(),
            path => self.path.clone(),
            other_lang => other.code(),
            other_lang_name => ServeMsg::OtherLanguage.get(self.lang),
            // Said to a visitor who may only read; a refusal (nobody let
            // in yet) says nothing of it.
            read_only => known.is_some() && !visitor.can_edit(),
            can_verify => visitor.can_verify(),
            has_remote => frame.has_remote,
            prefix => Value::from_safe_string(frame.base.to_string()),
            committees => frame.committees,
            committee => frame.committee,
            signed_in_as => visitor
                .signed_in_as
                .as_ref()
                .map(|name| ServeMsg::SignedInAs.fill(self.lang, &[("name", name)])),
            csrf_field => csrf_field(&visitor.csrf),
        };
        render(
            frame.templates,
            name,
            minijinja::context! { ..outer, ..context },
        )
    }
}

/// What the frame around a page needs of the server it is on.
pub struct Frame<'a> {
    /// The page templates.
    pub templates: &'a Environment<'static>,
    /// The path the pages live under (empty in local mode).
    pub base: &'a str,
    /// Whether there is a remote to synchronise with.
    pub has_remote: bool,
    /// Whether the server holds many committees (a link to their list).
    pub committees: bool,
    /// The committee the page is about, on the committees' server.
    pub committee: Option<&'a str>,
}

impl App {
    /// The frame of this repository's pages.
    pub fn frame(&self) -> Frame<'_> {
        Frame {
            templates: &self.templates,
            base: &self.base,
            has_remote: self.has_remote,
            committees: !self.base.is_empty(),
            committee: self.base.strip_prefix("/r/"),
        }
    }
}

/// A page made from a template, or why it could not be made.
#[derive(Debug)]
pub struct Rendered(Result<String, String>);

impl Rendered {
    /// The page with `status`; a page that could not be made is a plain 500
    /// page whatever `status` was asked for, never part of a page.
    pub fn with_status(self, status: StatusCode) -> Response {
        match self.0 {
            Ok(html) => (status, Html(html)).into_response(),
            Err(error) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html(format!(
                    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>500</title></head>\
                     <body><main><h1>500</h1><p>{}</p></main></body></html>\n",
                    escape(&error)
                )),
            )
                .into_response(),
        }
    }
}

impl IntoResponse for Rendered {
    fn into_response(self) -> Response {
        self.with_status(StatusCode::OK)
    }
}

/// Renders template `name` of `templates` with `context` as a whole page
/// or not at all; the error (a bug in a built-in template) also goes to the
/// server's standard error.
pub fn render(templates: &Environment<'_>, name: &str, context: Value) -> Rendered {
    let made = templates
        .get_template(name)
        .and_then(|template| template.render(context));
    Rendered(made.map_err(|error| {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            text.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        eprintln!("{name}: {text}");
        text
    }))
}

/// Every sentence of the pages in `lang`, by key, for the templates (`t.Key`).
pub fn texts(lang: Lang) -> BTreeMap<String, String> {
    let drafts = DraftMsg::ALL
        .iter()
        .map(|key| (format!("{key:?}"), key.get(lang)));
    ServeMsg::ALL
        .iter()
        .map(|key| (format!("{key:?}"), key.get(lang)))
        .chain(drafts)
        .collect()
}

/// Text made safe for HTML outside a template.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A page that only says `text`, with `status`.
pub fn message_page(app: &App, lang: Lang, status: StatusCode, text: &str) -> Response {
    let page = Page::new(app, lang, text.to_string(), "/");
    page.render(app, "message.html", minijinja::context! { text => text })
        .with_status(status)
}

/// An error of the library as a page: 404 for what does not exist, 409 for
/// problems with the data, 500 for the rest.
pub fn error_page(app: &App, lang: Lang, error: &CommandError) -> Response {
    let status = match error.kind {
        crate::error::ErrorKind::Data => StatusCode::CONFLICT,
        crate::error::ErrorKind::Usage => StatusCode::BAD_REQUEST,
        crate::error::ErrorKind::Environment | crate::error::ErrorKind::Internal => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    let page = Page::new(app, lang, error.message.clone(), "/");
    // An invalid plan's findings, as the plan's page shows them.
    let findings: Vec<String> = error
        .findings
        .iter()
        .map(|f| f.render(lang).trim_end().to_string())
        .collect();
    let body = page.render(
        app,
        "message.html",
        minijinja::context! {
            text => error.message.clone(), hints => error.hints.clone(), findings => findings,
        },
    );
    body.with_status(status)
}

/// The value of a `Result<T, Response>`, or returns the response (a page
/// that says why there is no value) from the handler.
macro_rules! or_page {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(page) => return page,
        }
    };
}
pub(crate) use or_page;

/// Runs library work (git, files) off the async threads: its value, or the
/// page of its error (see [`error_page`]), or a plain 500 when it did not
/// finish.
pub async fn library<T: Send + 'static>(
    app: &App,
    lang: Lang,
    work: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, Response> {
    match blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(error_page(app, lang, &error)),
        Err(status) => Err(status.into_response()),
    }
}

/// As [`library`], for work that may find nothing: then a 404 page.
pub async fn library_found<T: Send + 'static>(
    app: &App,
    lang: Lang,
    work: impl FnOnce() -> Result<Option<T>, CommandError> + Send + 'static,
) -> Result<T, Response> {
    library(app, lang, work).await?.ok_or_else(|| {
        message_page(
            app,
            lang,
            StatusCode::NOT_FOUND,
            &ServeMsg::NotFound.get(lang),
        )
    })
}

/// Plan `id` as this server's reader sees it (see [`Draft::read`]), or the page that says why
/// it cannot be read.
pub async fn read_draft(app: &App, id: &str, lang: Lang) -> Result<Draft, Response> {
    let (root, id) = (app.root.clone(), id.to_string());
    let reader = Visitor::current().editor();
    let read = blocking(move || {
        Draft::read(&root, &id, reader.as_ref(), lang)
            .map_err(|error| (error, Draft::exists(&root, &id)))
    })
    .await;
    match read {
        Ok(Ok(draft)) => Ok(draft),
        // No such plan: the page does not exist (the library says which
        // plans there are).
        Ok(Err((error, false))) => {
            let mut page = error_page(app, lang, &error);
            *page.status_mut() = StatusCode::NOT_FOUND;
            Err(page)
        }
        Ok(Err((error, true))) => Err(error_page(app, lang, &error)),
        Err(status) => Err(status.into_response()),
    }
}

/// The hidden field every form that posts carries: the visitor's token
/// (none in local mode).
fn csrf_field(token: &str) -> Value {
    if token.is_empty() {
        return Value::from("");
    }
    Value::from_safe_string(format!(
        "<input type=\"hidden\" name=\"{CSRF_FIELD}\" value=\"{}\">",
        escape(token)
    ))
}

/// The name of the form field that carries the visitor's token.
pub const CSRF_FIELD: &str = "csrf";

/// Runs blocking library work (git, files) off the async threads, for the
/// same visitor.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StatusCode> {
    tokio::task::spawn_blocking(Visitor::carried(work))
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

/// A redirect (303: the browser loads `to` with GET).
pub fn see_other(to: &str) -> Response {
    // Only ever a path on this server: anything else goes to the start.
    let to = crate::serve::guard::local_path(to).unwrap_or("/");
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

impl App {
    /// A redirect after a post to `to`, a path of this repository's pages.
    pub fn see_other(&self, to: &str) -> Response {
        see_other(&format!("{}{to}", self.base))
    }
}

/// GET /static/style.css
pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLESHEET,
    )
        .into_response()
}

/// GET /static/keep.js
pub async fn keep_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        KEEP_SCRIPT,
    )
        .into_response()
}

/// Where to return after choosing a language.
#[derive(serde::Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// GET /lang/{code}?next=PATH: keeps the reader's language choice and
/// returns to the page (only ever a path on this server).
pub async fn choose_lang(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    Query(next): Query<Next>,
) -> Response {
    let next = next.next.unwrap_or_else(|| "/".to_string());
    lang_chosen(&code, &format!("{}{next}", app.base), app.port)
}

/// The answer to the language link: the choice `code` kept in the
/// language cookie of the server on `port`, and back to `next` (only ever
/// a path on this server); 404 for a language there is not.
pub fn lang_chosen(code: &str, next: &str, port: u16) -> Response {
    let Some(lang) = Lang::from_code(code) else {
        return (StatusCode::NOT_FOUND, "404\n").into_response();
    };
    let mut response = see_other(next);
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict",
        lang_cookie(port),
        lang.code()
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// The reader's language for a page not about one plan.
pub fn reader_lang(app: &App, headers: &HeaderMap) -> Lang {
    app.lang(headers, None)
}

/// The state's words to the reader: the language a page speaks, and the
/// page that refuses a request.
impl App {
    /// The language of a page: the reader's choice (the language link),
    /// else `--lang`, else the plan's language, else Danish.
    pub fn lang(&self, headers: &HeaderMap, plan: Option<Lang>) -> Lang {
        crate::serve::guard::cookie(headers, &lang_cookie(self.port))
            .and_then(Lang::from_code)
            .or(self.lang)
            .or(plan)
            .unwrap_or_default()
    }

    /// The language the reader chose (the language link), else `--lang`;
    /// None leaves it to the plan.
    pub fn chosen_lang(&self, headers: &HeaderMap) -> Option<Lang> {
        crate::serve::guard::cookie(headers, &lang_cookie(self.port))
            .and_then(Lang::from_code)
            .or(self.lang)
    }

    /// A 403 page that says why, in the reader's language.
    pub fn forbidden(&self, headers: &HeaderMap, why: ServeMsg) -> Response {
        let lang = self.lang(headers, None);
        let page = Page::new(self, lang, ServeMsg::ForbiddenTitle.get(lang), "/");
        let body = page.render(
            self,
            "forbidden.html",
            minijinja::context! { why => why.get(lang), hint => ServeMsg::ForbiddenHint.get(lang) },
        );
        body.with_status(StatusCode::FORBIDDEN)
    }
}

/// The page for an item the plan does not have (404).
pub fn unknown_item_page(app: &App, lang: Lang, item: &str) -> Response {
    message_page(
        app,
        lang,
        StatusCode::NOT_FOUND,
        &ServeMsg::UnknownItem.fill(lang, &[("id", &item)]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(response: Response) -> (StatusCode, String) {
        let status = response.status();
        let bytes = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime")
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .expect("the body");
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    #[test]
    fn the_pages_sentences_have_one_key_each() {
        let count = ServeMsg::ALL.len() + DraftMsg::ALL.len();
        assert_eq!(
            texts(Lang::Da).len(),
            count,
            "a DraftMsg key repeats a ServeMsg key"
        );
    }

    #[test]
    fn a_template_that_fails_to_render_is_a_plain_500_page() {
        let mut templates = environment().expect("the built-in templates");
        templates
            .add_template(
                "failing.html",
                "<p>before</p>{{ 1 / 0 }}<p>after</p><script>x</script>",
            )
            .expect("parses");
        let (status, text) = body(
            render(&templates, "failing.html", minijinja::context! {})
                .with_status(StatusCode::UNPROCESSABLE_ENTITY),
        );
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(text.starts_with("<!DOCTYPE html>"), "{text}");
        assert!(text.contains("<h1>500</h1>"), "{text}");
        assert!(!text.contains("before"), "no part of the page: {text}");
        assert!(text.contains("failing.html"), "says which template: {text}");
    }

    #[test]
    fn a_built_in_template_missing_a_value_is_500_not_an_empty_200() {
        let templates = environment().expect("the built-in templates");
        // message.html needs `text` and the frame: without them it fails
        // (undefined values are errors), and the answer says so.
        let (status, text) =
            body(render(&templates, "message.html", Value::UNDEFINED).into_response());
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(text.contains("<h1>500</h1>"), "{text}");
        assert!(!text.contains("<nav"), "{text}");
    }

    #[test]
    fn a_page_that_renders_keeps_its_status_and_escapes() {
        let mut templates = environment().expect("the built-in templates");
        templates
            .add_template("ok.html", "<p>{{ x }}</p>")
            .expect("parses");
        let (status, text) = body(
            render(&templates, "ok.html", minijinja::context! { x => "<b>" })
                .with_status(StatusCode::CONFLICT),
        );
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(text, "<p>&lt;b&gt;</p>");
    }
}
