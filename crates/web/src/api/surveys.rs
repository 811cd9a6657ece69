//! `/api/v1/surveys…`: wijk surveys. Creating needs a lead role over every
//! wijk of the survey; answering is anonymous; results never show a group
//! under the minimum.

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::Context;
use crate::pages::surveys::{Refused, accept_response, build_results, holds_role_over};
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::{Value, json};
use wijkwerk_domain::access::WIJK_LEADS;
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::survey::{self, RawAnswers, SurveyDef};
use wijkwerk_domain::{Invalid, PlaceLevel};
use wijkwerk_store::surveys::Survey;

fn survey_json(s: &Survey) -> Value {
    json!({ "id": s.id, "status": s.status, "createdAt": s.created_at, "definition": s.def })
}

async fn load(state: &AppState, id: &str) -> Result<Survey, Problem> {
    let survey = if is_id(id) {
        state.store().survey(id).await.map_err(|e| Problem::from_store(state.i18n(), e))?
    } else {
        None
    };
    survey.ok_or_else(|| Problem::not_found(format!("There is no survey with id {id}.")))
}

/// Drafts are visible to the wijk's leads only; to others they do not exist.
async fn visible(state: &AppState, ctx: &crate::context::Ctx, id: &str) -> Result<(Survey, bool), Problem> {
    let survey = load(state, id).await?;
    let lead = holds_role_over(state, ctx, &survey, WIJK_LEADS)
        .await
        .map_err(|e| Problem::from_store(state.i18n(), e))?;
    if survey.status == "draft" && !lead {
        return Err(Problem::not_found(format!("There is no survey with id {id}.")));
    }
    Ok((survey, lead))
}

/// Creates a survey. The body is the definition (title, intro, places,
/// useTokens, questions) plus an optional `status` of `draft` or `open`.
pub async fn create(State(state): State<AppState>, ctx: Context, body: JsonObject) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let mut map = body.0;
    let status = match map.remove("status") {
        None => "draft".to_string(),
        Some(Value::String(s)) if s == "draft" || s == "open" => s,
        Some(_) => return Err(Problem::invalid(state.i18n(), &Invalid::single("status", "status-unknown"))),
    };
    let def: SurveyDef = serde_json::from_value(Value::Object(map)).map_err(|e| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("The survey does not have the expected shape: {e}."),
        )
    })?;
    // Wijken the caller leads, among those asked for.
    let mut allowed: Vec<String> = Vec::new();
    for code in &def.places {
        let path = state.store().place_path(code).await.map_err(|e| Problem::from_store(state.i18n(), e))?;
        let codes: Vec<String> = path.iter().map(|p| p.code.clone()).collect();
        if path.last().is_some_and(|p| p.level == PlaceLevel::Wijk)
            && WIJK_LEADS.iter().any(|&r| actor.has_role_over(r, &codes))
        {
            allowed.push(code.clone());
        }
    }
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    let domains = crate::pages::socialmap::domain_options(&state, "nl")
        .await
        .map_err(|_| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "Try again later."))?;
    let domains: Vec<&str> = domains.iter().map(|(c, _)| c.as_str()).collect();
    survey::check_definition(&def, &allowed, &domains).map_err(|i| Problem::invalid(state.i18n(), &i))?;
    let err = |e| Problem::from_store(state.i18n(), e);
    let id = state.store().create_survey(&def, ctx.person_id()).await.map_err(err)?;
    if status == "open" {
        state.store().set_survey_status(&id, "open").await.map_err(err)?;
    }
    let survey = state.store().survey(&id).await.map_err(err)?.expect("just made");
    Ok(created(survey_json(&survey)))
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let (survey, _) = visible(&state, &ctx, &id).await?;
    Ok(Json(survey_json(&survey)).into_response())
}

/// Takes one anonymous response: `{ "buurt"?, "code"?, "answers": { question: [values] } }`.
/// Rankings list option codes most important first; a scale is `["1"]`…`["5"]`.
pub async fn respond(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let (survey, _) = visible(&state, &ctx, &id).await?;
    let mut invalid = Invalid::new();
    let mut raw = RawAnswers::new();
    match body.0.get("answers") {
        Some(Value::Object(answers)) => {
            for (question, value) in answers {
                let values: Option<Vec<String>> = match value {
                    Value::String(s) => Some(vec![s.clone()]),
                    Value::Number(n) => Some(vec![n.to_string()]),
                    Value::Array(items) => items
                        .iter()
                        .map(|v| match v {
                            Value::String(s) => Some(s.clone()),
                            Value::Number(n) => Some(n.to_string()),
                            _ => None,
                        })
                        .collect(),
                    _ => None,
                };
                match values {
                    Some(v) => {
                        raw.insert(question.clone(), v);
                    }
                    None => invalid.add(format!("answers.{question}"), "type-invalid"),
                }
            }
        }
        _ => invalid.add("answers", "required"),
    }
    if !invalid.is_empty() {
        return Err(Problem::invalid(state.i18n(), &invalid));
    }
    let buurt = body.str("buurt").map(String::from);
    match accept_response(&state, &survey, buurt, body.str("code"), &raw, None).await {
        Ok(response_id) => Ok(created(json!({ "id": response_id, "surveyId": survey.id }))),
        Err(Refused::Closed) => {
            Err(Problem::new(StatusCode::CONFLICT, "The survey is not open for answers."))
        }
        Err(Refused::Invalid(i)) => Err(Problem::invalid(state.i18n(), &i)),
        Err(Refused::Store(e)) => Err(Problem::from_store(state.i18n(), e)),
    }
}

#[derive(Deserialize)]
pub struct ResultsQuery {
    by: Option<String>,
}

pub async fn results(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> ApiResult {
    let by = match q.by.as_deref() {
        None => None,
        Some("buurt") => Some("buurt"),
        Some("respondentType") => Some("respondentType"),
        Some(_) => return Err(Problem::invalid(state.i18n(), &Invalid::single("by", "breakdown-unknown"))),
    };
    let (survey, _) = visible(&state, &ctx, &id).await?;
    let results = build_results(&state, &survey, by, ctx.lang)
        .await
        .map_err(|e| Problem::from_store(state.i18n(), e))?;
    Ok(Json(json!({ "surveyId": survey.id, "status": survey.status, "results": results })).into_response())
}
