//! Questions before something is dropped: "Kassér kladden" and "Fjern"
//! show a page of their own (it works without JavaScript) whose form says
//! "yes"; the plan page says afterwards what was done.

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::Value;

use crate::i18n::{DraftMsg, Lang, Message};
use crate::plan::edit::find_item;
use crate::serve::forms::{Fields, get};
use crate::serve::page::{Page, or_page, read_draft};
use crate::serve::state::App;

/// What a confirmation page shows.
struct Confirmation {
    heading: String,
    text: String,
    changes: Vec<String>,
    note: String,
    action: String,
    hidden: Vec<(String, String)>,
    button: String,
    back: String,
}

/// A page that asks before `confirmation`'s action is taken.
async fn confirm_page(
    app: Arc<App>,
    id: String,
    plan_title: String,
    confirmation: Confirmation,
    lang: Lang,
) -> Response {
    let page = Page::new(&app, lang, confirmation.heading.clone(), &confirmation.back);
    page.render(
        &app,
        "confirm.html",
        minijinja::context! {
            id => id,
            plan_title => plan_title,
            heading => confirmation.heading,
            text => confirmation.text,
            changes => confirmation.changes,
            note => confirmation.note,
            action => confirmation.action,
            hidden => confirmation.hidden,
            button => confirmation.button,
            back => confirmation.back,
        },
    )
    .with_status(StatusCode::OK)
}

/// "Kassér kladden" asks first, listing what would be lost.
pub(crate) async fn confirm_discard(
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    expected: String,
    lang: Lang,
) -> Response {
    let draft = or_page!(read_draft(&app, &id, app.lang(&headers, None)).await);
    let plan = draft.checked(Some(lang)).plan;
    let title = plan
        .as_ref()
        .map(|p| p.title.clone())
        .or_else(|| draft.recorded_plan().map(|p| p.title))
        .unwrap_or_else(|| id.clone());
    let plan_file = draft.kind == Some(crate::history::recorded::DraftKind::PlanFile);
    let confirmation = Confirmation {
        heading: DraftMsg::ConfirmDiscardTitle.get(lang),
        text: DraftMsg::ConfirmDiscardText.get(lang),
        changes: draft.changes(plan.as_ref(), lang),
        note: if plan_file {
            DraftMsg::ConfirmDiscardPlanFile.get(lang)
        } else {
            String::new()
        },
        action: format!("/plan/{id}/discard"),
        hidden: vec![("draft".to_string(), expected)],
        button: DraftMsg::ConfirmDiscardButton.get(lang),
        back: format!("/plan/{id}"),
    };
    confirm_page(app, id, title, confirmation, lang).await
}

/// "Fjern" asks first, naming the item.
pub(crate) async fn confirm_remove(
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    item: String,
    fields: &Fields,
    lang: Lang,
) -> Response {
    let draft = or_page!(read_draft(&app, &id, app.lang(&headers, None)).await);
    let Some(plan) = draft.checked(Some(lang)).plan else {
        return app.see_other(&format!("/plan/{id}"));
    };
    let value = serde_json::to_value(&plan).unwrap_or(Value::Null);
    let Some(found) = find_item(&value, &item) else {
        return crate::serve::page::unknown_item_page(&app, lang, &item);
    };
    let item_title = found.title;
    let keep = |name: &str| get(fields, name).unwrap_or_default().to_string();
    let confirmation = Confirmation {
        heading: DraftMsg::ConfirmRemoveTitle.fill(lang, &[("title", &item_title)]),
        text: DraftMsg::ConfirmRemoveText.fill(lang, &[("title", &item_title)]),
        changes: Vec::new(),
        note: String::new(),
        action: format!("/plan/{id}/edit"),
        hidden: vec![
            ("item".to_string(), item.clone()),
            ("action".to_string(), "remove".to_string()),
            ("base".to_string(), keep("base")),
            ("draft".to_string(), keep("draft")),
        ],
        button: DraftMsg::ConfirmRemoveButton.get(lang),
        back: format!("/plan/{id}/edit?item={item}"),
    };
    confirm_page(app, id, plan.title.clone(), confirmation, lang).await
}
