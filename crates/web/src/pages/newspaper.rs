//! The wijkkrant: a wijk's editions and its editorial group
//! (`/plaatsen/{code}/wijkkrant`) and one edition (`/wijkkrant/{id}`): on
//! screen with the editors' tools, on paper as the printed newspaper with
//! large type and a slip to tear off and hand in.

use super::{PageResult, after_form, render};
use crate::AppState;
use crate::context::{Context, Ctx, SignedIn};
use crate::pages::shown;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use std::collections::BTreeMap;
use wijkwerk_app::newspaper as use_case;
use wijkwerk_domain::Timestamp;

type Fields = BTreeMap<String, String>;

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    list_page(&state, &ctx, &code, Fields::new(), Fields::new()).await
}

async fn list_page(state: &AppState, ctx: &Ctx, code: &str, errors: Fields, typed: Fields) -> PageResult {
    let l = use_case::list(state.store(), ctx.actor(), code, Timestamp::now()).await?;
    let mut typed = typed;
    typed.entry("period".into()).or_insert(l.next_period.clone());
    typed.entry("title".into()).or_default();
    let html = render(
        state,
        ctx,
        "newspapers.html",
        view! {
            place => l.place,
            path => l.path,
            editions => l.editions,
            editors => l.editors,
            is_editor => l.is_editor,
            may_edit => l.may_edit,
            typed,
            errors,
        },
    )?;
    shown(html, &errors)
}

#[derive(Deserialize)]
pub struct EditionForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    title: String,
}

pub async fn create(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<EditionForm>,
) -> PageResult {
    let result = use_case::create(state.store(), ctx.actor(), &code, &f.period, &f.title).await;
    let typed = Fields::from([("period".into(), f.period.clone()), ("title".into(), f.title.clone())]);
    after_form(
        result,
        |e| format!("/wijkkrant/{}", e.id),
        |errors| list_page(&state, &ctx, &code, errors, typed),
    )
    .await
}

#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    join: String,
}

pub async fn join(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<JoinForm>,
) -> PageResult {
    use_case::join(state.store(), ctx.actor(), &code, f.join != "0").await?;
    Ok(Redirect::to(&format!("/plaatsen/{code}/wijkkrant#redactie")).into_response())
}

#[derive(Deserialize)]
pub struct PaperQuery {
    papier: Option<String>,
}

/// `/wijkkrant/{id}`, printed on A4 (two columns) or, with `?papier=a3`,
/// on A3 for the notice board (three columns, larger type).
pub async fn show(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<PaperQuery>,
) -> PageResult {
    let paper = if q.papier.as_deref() == Some("a3") { "a3" } else { "a4" };
    edition_page(&state, &ctx, &id, Fields::new(), Fields::new(), paper).await
}

async fn edition_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    errors: Fields,
    typed: Fields,
    paper: &str,
) -> PageResult {
    let v = use_case::show(state.store(), ctx.actor(), id, Timestamp::now(), ctx.lang).await?;
    let mut typed = typed;
    for k in ["title", "body", "text"] {
        typed.entry(k.into()).or_default();
    }
    let long: BTreeMap<String, Vec<String>> = v.long_sentences.into_iter().collect();
    let html = render(
        state,
        ctx,
        "newspaper.html",
        view! {
            e => v.edition,
            items => v.items,
            path => v.path,
            may_edit => v.may_edit,
            suggestions => v.suggestions,
            long,
            paper,
            responses => v.responses,
            may_enter_responses => v.may_enter_responses,
            typed,
            errors,
        },
    )?;
    shown(html, &errors)
}

#[derive(Deserialize)]
pub struct StoryForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

pub async fn add_story(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<StoryForm>,
) -> PageResult {
    let result = use_case::add_story(state.store(), ctx.actor(), &id, &f.title, &f.body).await;
    let typed = Fields::from([("title".into(), f.title.clone()), ("body".into(), f.body.clone())]);
    after_form(
        result,
        |_| format!("/wijkkrant/{id}#inhoud"),
        |errors| edition_page(&state, &ctx, &id, errors, typed, "a4"),
    )
    .await
}

#[derive(Deserialize)]
pub struct SuggestionForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    r#ref: String,
}

pub async fn take_suggestion(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<SuggestionForm>,
) -> PageResult {
    use_case::take_suggestion(
        state.store(),
        ctx.actor(),
        &id,
        (&f.kind, &f.r#ref),
        Timestamp::now(),
        ctx.lang,
    )
    .await?;
    Ok(Redirect::to(&format!("/wijkkrant/{id}#inhoud")).into_response())
}

pub async fn remove_item(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((id, item)): Path<(String, String)>,
) -> PageResult {
    use_case::remove_item(state.store(), ctx.actor(), &id, &item).await?;
    Ok(Redirect::to(&format!("/wijkkrant/{id}#inhoud")).into_response())
}

pub async fn publish(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    let result = use_case::publish(state.store(), ctx.actor(), &id, Timestamp::now()).await;
    after_form(
        result,
        |_| format!("/wijkkrant/{id}"),
        |errors| edition_page(&state, &ctx, &id, errors, Fields::new(), "a4"),
    )
    .await
}

#[derive(Deserialize)]
pub struct ResponseForm {
    #[serde(default)]
    text: String,
}

pub async fn add_response(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<ResponseForm>,
) -> PageResult {
    let result = use_case::add_response(state.store(), ctx.actor(), &id, &f.text).await;
    let typed = Fields::from([("text".into(), f.text.clone())]);
    after_form(
        result,
        |_| format!("/wijkkrant/{id}#strookjes"),
        |errors| edition_page(&state, &ctx, &id, errors, typed, "a4"),
    )
    .await
}
