//! The wijkscan: the rounds of a gemeente (`/plaatsen/{code}/wijkscan`) and a
//! round's form and report (`/wijkscan/{id}`), printable.

use super::{PageResult, after_form, render};
use crate::AppState;
use crate::context::SignedIn;
use crate::render::decimal;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::wijkscan as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::texts::text;
use wijkwerk_domain::wijkscan::{GROUPS, Kind, tasks, values};

pub async fn rounds(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> PageResult {
    rounds_page(&state, &ctx, &code, StatusCode::OK, BTreeMap::new()).await
}

async fn rounds_page(
    state: &AppState,
    ctx: &SignedIn,
    code: &str,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let o = use_case::overview(state.store(), ctx.actor(), code).await?;
    let lang = ctx.lang;
    let values: Vec<(String, String)> =
        values().iter().map(|v| (text(&v.name, lang).to_string(), text(&v.text, lang).to_string())).collect();
    let html = render(
        state,
        ctx,
        "wijkscan.html",
        view! { gemeente => o.gemeente, rounds => o.rounds, may_open => o.may_open, values, errors },
    )?;
    Ok((status, html).into_response())
}

#[derive(Deserialize)]
pub struct OpenForm {
    #[serde(default)]
    name: String,
}

pub async fn open(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<OpenForm>,
) -> PageResult {
    let result = use_case::open_round(state.store(), ctx.actor(), &code, &f.name, Timestamp::now()).await;
    after_form(
        result,
        |round| format!("/wijkscan/{}", round.id),
        |errors| rounds_page(&state, &ctx, &code, StatusCode::UNPROCESSABLE_ENTITY, errors),
    )
    .await
}

/// A task as the form and the report show it.
#[derive(Serialize)]
struct TaskView {
    number: u8,
    title: String,
    description: String,
    chances: Vec<(u8, String, bool, String)>,
    pitfalls: Vec<(u8, String, bool, String)>,
    /// Per group: (group, chances present, of, pitfalls present, of).
    profile: Vec<(String, String, usize, String, usize)>,
    previous: Option<(String, String)>,
    chance_width: f64,
    pitfall_width: f64,
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    round_page(&state, &ctx, &id, StatusCode::OK, BTreeMap::new()).await
}

async fn round_page(
    state: &AppState,
    ctx: &SignedIn,
    id: &str,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let r = use_case::report(state.store(), ctx.actor(), id).await?;
    let lang = ctx.lang;
    let one = |x: f64| decimal((x * 10.0).round() / 10.0, lang);
    let mine = r.mine.as_ref().map(|(_, items)| items.clone()).unwrap_or_default();
    let task_views: Vec<TaskView> = tasks()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let all = &r.all.tasks[i];
            let item = |k: Kind| -> Vec<(u8, String, bool, String)> {
                t.items
                    .iter()
                    .filter(|it| it.kind == k)
                    .map(|it| {
                        let share = all.items.get(&it.number).copied().unwrap_or(0.0);
                        (
                            it.number,
                            text(&it.text, lang).to_string(),
                            mine.contains(&it.number),
                            format!("{}%", (share * 100.0).round()),
                        )
                    })
                    .collect()
            };
            let mut profile = vec![(
                state.i18n().t(lang, "ws-group-all"),
                one(all.chances_present),
                all.chances,
                one(all.pitfalls_present),
                all.pitfalls,
            )];
            profile.extend(r.groups.iter().map(|g| {
                let p = &g.tasks[i];
                (
                    state.i18n().t(lang, &format!("ws-group-{}", g.group)),
                    one(p.chances_present),
                    p.chances,
                    one(p.pitfalls_present),
                    p.pitfalls,
                )
            }));
            TaskView {
                number: t.number,
                title: text(&t.title, lang).to_string(),
                description: text(&t.description, lang).to_string(),
                chances: item(Kind::Chance),
                pitfalls: item(Kind::Pitfall),
                profile,
                previous: r
                    .previous
                    .as_ref()
                    .map(|(_, p)| (one(p.tasks[i].chances_present), one(p.tasks[i].pitfalls_present))),
                chance_width: (all.chances_present / all.chances.max(1) as f64 * 180.0 * 10.0).round() / 10.0,
                pitfall_width: (all.pitfalls_present / all.pitfalls.max(1) as f64 * 180.0 * 10.0).round()
                    / 10.0,
            }
        })
        .collect();
    let item_text = |n: u8| {
        tasks()
            .iter()
            .flat_map(|t| t.items.iter())
            .find(|i| i.number == n)
            .map(|i| text(&i.text, lang).to_string())
    };
    let suggestions: Vec<(u8, String, Vec<(u8, String)>)> = r
        .suggestions
        .iter()
        .map(|(pitfall, chances)| {
            (
                *pitfall,
                item_text(*pitfall).unwrap_or_default(),
                chances.iter().map(|c| (*c, item_text(*c).unwrap_or_default())).collect(),
            )
        })
        .collect();
    let groups: Vec<(String, String)> =
        GROUPS.iter().map(|g| (g.to_string(), state.i18n().t(lang, &format!("ws-group-{g}")))).collect();
    let html = render(
        state,
        ctx,
        "wijkscan_round.html",
        view! {
            round => r.round,
            gemeente => r.gemeente,
            respondents => r.all.people,
            tasks => task_views,
            suggestions,
            previous => r.previous.as_ref().map(|(round, _)| round.name.clone()),
            my_group => r.mine.as_ref().map(|(g, _)| g.clone()),
            may_answer => r.may_answer,
            groups,
            errors,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let group = fields.iter().find(|(k, _)| k == "group").map(|(_, v)| v.as_str()).unwrap_or("");
    let present: Vec<String> = fields.iter().filter(|(k, _)| k == "item").map(|(_, v)| v.clone()).collect();
    let result = use_case::answer(state.store(), ctx.actor(), &id, group, &present, Timestamp::now()).await;
    after_form(
        result,
        |_| format!("/wijkscan/{id}#uitslag"),
        |errors| round_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors),
    )
    .await
}
