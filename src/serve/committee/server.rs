//! `backbrief serve --config server.toml`: one server for a municipality's
//! committees.
//!
//! Every request passes one door ([`answer`]): the host must be the
//! server's public one (a forwarded host believed only from a trusted
//! proxy); the person must be signed in (else a page load goes to the
//! sign-in, a post gets 403); a post must come from the public origin and
//! carry the session's form token; a repository's pages need a role in it
//! (none: 403, and nothing of the plans shown), posts the secretary's, the
//! check of the history the auditor's or the secretary's. The request is
//! then answered by the repository's own routes (the same as the local
//! `serve`), for that visitor, under `/r/NAME`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;

use crate::history::PlansRepo;
use crate::history::drafts::Person;
use crate::i18n::{Lang, Message, ServeMsg};
use crate::serve::committee::auth_routes::{Auth, session_of};
use crate::serve::committee::config::RepositoryConfig;
use crate::serve::committee::proxy;
use crate::serve::committee::roles::role_of;
use crate::serve::committee::signin::Identity;
use crate::serve::guard::{
    MAX_BODY, Secrets, cookie, cookie_name, from_origin, same_secret, session_for_token, token_in,
    unfit,
};
use crate::serve::page::{CSRF_FIELD, Frame, Page, blocking, lang_cookie, see_other};
use crate::serve::remote::Upstream;
use crate::serve::state::App;
use crate::serve::visitor::{Role, Visitor};

/// How people get in.
pub enum Access {
    /// Through the municipality's identity provider.
    SignIn {
        /// Sign-in and sessions.
        auth: Arc<Auth>,
        /// The `/auth/*` routes.
        routes: axum::Router,
    },
    /// On this machine only, without sign-in: the token in the printed
    /// address, as the local `serve`; whoever has it is the secretary of
    /// every repository, as the git identity of whoever runs the server.
    Token {
        /// The token and the session it becomes.
        secrets: Secrets,
        /// The git identity of whoever runs the server.
        person: Person,
    },
}

/// One committee's repository on the server.
pub struct Committee {
    /// Its configuration (name, path, roles).
    pub config: RepositoryConfig,
    /// Its pages' state.
    pub app: Arc<App>,
    /// Its pages' routes (without a guard: [`answer`] is theirs).
    pub routes: axum::Router,
    /// Its git server.
    pub upstream: Arc<Upstream>,
}

/// The whole server.
pub struct Server {
    /// The committees, in the configuration's order (at least one).
    pub committees: Vec<Committee>,
    /// How people get in.
    pub access: Access,
    /// The origin people's browsers send (`https://med.kommune.dk`).
    pub origin: String,
    /// The host (and port) people ask for, lowercased.
    pub host: String,
    /// The peers whose `X-Forwarded-*` are believed.
    pub trusted: Vec<std::net::IpAddr>,
    /// The port it listens on (the language cookie's name).
    pub port: u16,
    /// `--lang`.
    pub lang: Option<Lang>,
}

/// Every request, through [`answer`], with the headers every answer carries.
pub async fn handle(
    State(server): State<Arc<Server>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let mut response = answer(&server, peer, request).await;
    // The sign-out form's redirect to the provider's end-session endpoint
    // must be allowed by the pages' policy (an answer's own policy stays).
    if let Access::SignIn { auth, .. } = &server.access
        && !response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY)
        && let Some(policy) = auth.page_policy()
    {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    crate::serve::app::secure(response.headers_mut());
    response
}

/// Who may come in, and which routes answer them.
async fn answer(server: &Arc<Server>, peer: SocketAddr, request: Request) -> Response {
    // For the proxy's and the monitoring's checks, under any name.
    if request.uri().path() == "/healthz" {
        return (StatusCode::OK, "ok\n").into_response();
    }
    let headers = request.headers();
    let client = proxy::client(peer, headers, &server.trusted);
    let lang = server.lang_of(headers);
    let asked_host = client.host.clone().or_else(|| {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
    });
    if !asked_host.is_some_and(|host| host.eq_ignore_ascii_case(&server.host)) {
        tracing::warn!(client = %client.ip, "refused: a foreign host");
        return server.forbidden(lang, ServeMsg::ForbiddenHost, None);
    }
    let method = request.method().clone();
    if let Some(refusal) = unfit(&method, headers) {
        return refusal;
    }
    let path = request.uri().path().to_string();
    if path.starts_with("/static/") {
        return server.committees[0]
            .routes
            .clone()
            .oneshot(request)
            .await
            .into_response();
    }
    let posting = method == Method::POST;
    if posting && !from_origin(headers, &server.origin) {
        tracing::warn!(client = %client.ip, %path, "refused: a post from another origin");
        return server.forbidden(lang, ServeMsg::ForbiddenOrigin, None);
    }
    let (visitor, identity) = match &server.access {
        Access::SignIn { auth, routes } => {
            let session = session_of(auth, headers);
            if path.starts_with("/auth/") {
                // The /auth routes check the sign-out form's token (and
                // its origin) themselves: the form goes to them as sent.
                // Taking the token out here left sign-out without it, and
                // refused.
                return routes.clone().oneshot(request).await.into_response();
            }
            let Some(session) = session else {
                if posting {
                    return server.forbidden(lang, ServeMsg::ForbiddenSession, None);
                }
                let back = request
                    .uri()
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "/".into());
                return see_other(&format!("/auth/login?return={}", form_encoded(&back)));
            };
            let identity = session.identity.clone();
            let visitor = signed_in(&identity, &session.csrf);
            (visitor, Some(identity))
        }
        Access::Token { secrets, person } => {
            match token_visitor(server, secrets, person, &request, lang) {
                Ok(visitor) => (visitor, None),
                Err(response) => return *response,
            }
        }
    };
    let request = if posting && !visitor.csrf.is_empty() {
        match checked_form(request, &visitor.csrf).await {
            Ok(request) => request,
            Err(refusal) => return server.refused_form(lang, &client.ip, refusal),
        }
    } else {
        request
    };
    if path == "/" {
        return visitor
            .clone()
            .scope(overview(server.clone(), identity, lang))
            .await;
    }
    if let Some(code) = path.strip_prefix("/lang/") {
        return server.choose_lang(code, request.uri());
    }
    let Some(rest) = path.strip_prefix("/r/") else {
        return server.not_found(lang);
    };
    let (name, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let Some(committee) = server.committees.iter().find(|c| c.config.name == name) else {
        return server.not_found(lang);
    };
    let role = match &identity {
        Some(identity) => role_of(&committee.config, identity),
        None => Some(Role::Secretary),
    };
    let Some(role) = role else {
        tracing::warn!(client = %client.ip, committee = name, person = %visitor.person.key, "refused: no role");
        return server.forbidden(
            lang,
            ServeMsg::ForbiddenRole,
            Some(ServeMsg::ForbiddenRoleHint),
        );
    };
    let visitor = Visitor { role, ..visitor };
    if posting && !visitor.can_edit() {
        tracing::warn!(client = %client.ip, committee = name, person = %visitor.person.key, %path, "refused: a post by a reader");
        return server.forbidden(
            lang,
            ServeMsg::ForbiddenReader,
            Some(ServeMsg::ForbiddenRoleHint),
        );
    }
    let tail = format!("/{tail}");
    if (tail == "/verify" || tail.starts_with("/verify/")) && !visitor.can_verify() {
        return server.forbidden(
            lang,
            ServeMsg::ForbiddenAuditor,
            Some(ServeMsg::ForbiddenRoleHint),
        );
    }
    if !posting {
        // Decisions pushed by others since the last look, first.
        let upstream = committee.upstream.clone();
        let _ = blocking(move || upstream.refresh_if_stale()).await;
    }
    let request = with_path(request, &tail);
    visitor
        .scope(committee.routes.clone().oneshot(request))
        .await
        .into_response()
}

/// The visitor a signed-in person is, before their role in a repository.
fn signed_in(identity: &Identity, csrf: &str) -> Visitor {
    let key = identity
        .email
        .clone()
        .unwrap_or_else(|| identity.subject.clone());
    let name = identity.name.clone().unwrap_or_default();
    let person = Person::new(&key, &name);
    Visitor {
        signed_in_as: Some(person.name.clone()),
        email: Some(person.key.clone()),
        person,
        role: Role::Reader,
        csrf: csrf.to_string(),
    }
}

/// Token mode: the token in the printed address becomes the session
/// cookie (the address is loaded again without it); any other request
/// without the session is refused.
fn token_visitor(
    server: &Server,
    secrets: &Secrets,
    person: &Person,
    request: &Request,
    lang: Lang,
) -> Result<Visitor, Box<Response>> {
    let headers = request.headers();
    if request.method() == Method::GET
        && let Some(token) = token_in(request.uri().query())
    {
        if !same_secret(token, &secrets.token) {
            return Err(Box::new(server.forbidden(
                lang,
                ServeMsg::ForbiddenToken,
                None,
            )));
        }
        let path = request.uri().path();
        return Err(Box::new(session_for_token(
            path,
            server.port,
            &secrets.session,
        )));
    }
    let session = cookie(headers, &cookie_name(server.port));
    if !session.is_some_and(|session| same_secret(session, &secrets.session)) {
        return Err(Box::new(server.forbidden(
            lang,
            ServeMsg::ForbiddenSession,
            None,
        )));
    }
    Ok(Visitor {
        person: person.clone(),
        role: Role::Secretary,
        csrf: String::new(),
        signed_in_as: None,
        email: None,
    })
}

/// Why a form was refused.
enum FormRefusal {
    /// Its body could not be read (too large, broken).
    Unreadable,
    /// Its token is missing, doubled or not the session's.
    Token,
}

/// The post `request` when its form carries the session's token `csrf`
/// (once, as the field [`CSRF_FIELD`]), with that field taken out, so the
/// routes see the form as it was before.
async fn checked_form(request: Request, csrf: &str) -> Result<Request, FormRefusal> {
    let (mut parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| FormRefusal::Unreadable)?;
    let prefix = format!("{CSRF_FIELD}=");
    let mut tokens = Vec::new();
    let mut kept: Vec<&[u8]> = Vec::new();
    for pair in bytes.split(|byte| *byte == b'&') {
        match pair.strip_prefix(prefix.as_bytes()) {
            Some(token) => tokens.push(token),
            None if pair.is_empty() => {}
            None => kept.push(pair),
        }
    }
    let token = match tokens.as_slice() {
        [one] => std::str::from_utf8(one).map_err(|_| FormRefusal::Token)?,
        _ => return Err(FormRefusal::Token),
    };
    if !same_secret(token, csrf) {
        return Err(FormRefusal::Token);
    }
    let body = kept.join(&b'&');
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    Ok(Request::from_parts(parts, Body::from(body)))
}

/// `request` with its path made `path` (its query kept): a repository's
/// routes see their own paths.
fn with_path(request: Request, path: &str) -> Request {
    let (mut parts, body) = request.into_parts();
    let target = match parts.uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
    };
    if let Ok(uri) = target.parse::<Uri>() {
        parts.uri = uri;
    }
    Request::from_parts(parts, body)
}

/// `text` as one value of a query string.
fn form_encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// Where to return after choosing a language.
#[derive(serde::Deserialize)]
struct LangNext {
    next: Option<String>,
}

/// One committee on the overview: its name and its plans' titles.
#[derive(serde::Serialize)]
struct Seen {
    name: String,
    plans: Vec<SeenPlan>,
}

#[derive(serde::Serialize)]
struct SeenPlan {
    id: String,
    title: String,
}

/// GET /: the committees the person may see, then their plans (as
/// recorded).
async fn overview(server: Arc<Server>, identity: Option<Identity>, lang: Lang) -> Response {
    let visible: Vec<(String, Arc<App>)> = server
        .committees
        .iter()
        .filter(|c| {
            identity
                .as_ref()
                .is_none_or(|i| role_of(&c.config, i).is_some())
        })
        .map(|c| (c.config.name.clone(), c.app.clone()))
        .collect();
    let seen = blocking(move || {
        visible
            .into_iter()
            .map(|(name, app)| {
                let workspace = crate::workspace::Workspace {
                    root: app.root.clone(),
                };
                let ids = workspace.plan_ids(lang).unwrap_or_default();
                // As recorded at the branch's head: what was decided.
                let plans = PlansRepo::open(&app.root, lang)
                    .and_then(|repo| {
                        let head = repo.head_commit(lang)?;
                        Ok(app.plans.at(&repo, head, &ids))
                    })
                    .unwrap_or_default()
                    .iter()
                    .map(|plan| SeenPlan {
                        id: plan.id.clone(),
                        title: plan.title.clone(),
                    })
                    .collect();
                Seen { name, plans }
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    let context = minijinja::context! {
        committees_seen => minijinja::Value::from(minijinja::value::Serde(&seen)),
    };
    let title = ServeMsg::CommitteesTitle.get(lang);
    server.page(lang, title, "committees.html", context, StatusCode::OK)
}

impl Server {
    /// The frame of the pages not about one committee.
    fn frame(&self) -> Frame<'_> {
        Frame {
            templates: &self.committees[0].app.templates,
            base: "",
            has_remote: false,
            committees: true,
            committee: None,
        }
    }

    /// The reader's language: their choice, else `--lang`, else Danish.
    fn lang_of(&self, headers: &HeaderMap) -> Lang {
        cookie(headers, &lang_cookie(self.port))
            .and_then(Lang::from_code)
            .or(self.lang)
            .unwrap_or_default()
    }

    /// A page not about one committee, in `lang`, with `status`.
    fn page(
        &self,
        lang: Lang,
        title: String,
        template: &str,
        context: minijinja::Value,
        status: StatusCode,
    ) -> Response {
        Page::new(&self.committees[0].app, lang, title, "/")
            .render_in(&self.frame(), template, context)
            .with_status(status)
    }

    /// A 403 page saying why, with no plan's title on it.
    fn forbidden(&self, lang: Lang, why: ServeMsg, hint: Option<ServeMsg>) -> Response {
        let context = minijinja::context! {
            why => why.get(lang),
            hint => hint.map(|hint| hint.get(lang)),
        };
        let title = ServeMsg::ForbiddenTitle.get(lang);
        self.page(
            lang,
            title,
            "forbidden.html",
            context,
            StatusCode::FORBIDDEN,
        )
    }

    /// GET /lang/da|en?next=PATH from the pages not about one committee
    /// (the overview, a refusal): the choice kept, and back to that page
    /// of this server, not into the first committee (where the person may
    /// have no role).
    fn choose_lang(&self, code: &str, uri: &Uri) -> Response {
        let next = axum::extract::Query::<LangNext>::try_from_uri(uri)
            .ok()
            .and_then(|query| query.0.next)
            .unwrap_or_else(|| "/".to_string());
        crate::serve::page::lang_chosen(code, &next, self.port)
    }

    fn refused_form(
        &self,
        lang: Lang,
        client: &std::net::IpAddr,
        refusal: FormRefusal,
    ) -> Response {
        match refusal {
            FormRefusal::Unreadable => (StatusCode::BAD_REQUEST, "400\n").into_response(),
            FormRefusal::Token => {
                tracing::warn!(client = %client, "refused: a form without the session's token");
                self.forbidden(
                    lang,
                    ServeMsg::ForbiddenForm,
                    Some(ServeMsg::ForbiddenFormHint),
                )
            }
        }
    }

    fn not_found(&self, lang: Lang) -> Response {
        let text = ServeMsg::NotFound.get(lang);
        let context = minijinja::context! { text => text.clone() };
        self.page(lang, text, "message.html", context, StatusCode::NOT_FOUND)
    }
}
