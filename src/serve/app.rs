//! The server's routes, behind the guard.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};

use crate::i18n::{Message, ServeMsg};
use crate::serve::guard::{self, MAX_BODY};
use crate::serve::page;
pub use crate::serve::state::{App, AppConfig};
use crate::serve::{edit, history_pages, plan_pages, report_pages};

/// Every route, behind the guard.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(plan_pages::overview))
        .route("/static/style.css", get(page::stylesheet))
        .route("/lang/{code}", get(page::choose_lang))
        .route("/plan/{id}", get(plan_pages::plan))
        .route(
            "/plan/{id}/edit",
            get(edit::edit_form).post(edit::edit_post),
        )
        .route("/plan/{id}/statuses", post(edit::statuses_post))
        .route("/plan/{id}/add", post(edit::add_post))
        .route("/plan/{id}/record", post(edit::record_post))
        .route("/plan/{id}/discard", post(edit::discard_post))
        .route("/plan/{id}/blame", get(history_pages::blame))
        .route("/plan/{id}/report", get(report_pages::report))
        .route("/plan/{id}/download/{format}", get(report_pages::download))
        .route("/decisions", get(history_pages::trail))
        .route("/decision/{commit}", get(history_pages::decision))
        .route("/verify", get(report_pages::verify))
        .route("/sync", post(report_pages::sync_post))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}

async fn not_found(
    axum::extract::State(app): axum::extract::State<Arc<App>>,
    headers: HeaderMap,
) -> Response {
    let lang = app.lang(&headers, None);
    page::message_page(
        &app,
        lang,
        StatusCode::NOT_FOUND,
        &ServeMsg::NotFound.get(lang),
    )
}
