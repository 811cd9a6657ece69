//! `/api/v1/surveys…`: wijk surveys. Creating needs a lead role over every
//! wijk of the survey; answering is anonymous; results never show a group
//! under the minimum.

use super::{ApiQuery, ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::{Context, SignedIn};
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wijkwerk_app::surveys::{self as use_case, Breakdown, Start};
use wijkwerk_domain::Invalid;
use wijkwerk_domain::survey::{RawAnswers, SurveyDef};
use wijkwerk_store::surveys::Survey;

/// A survey as the API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SurveyBody<'a> {
    id: &'a str,
    status: &'a str,
    created_at: &'a str,
    definition: &'a SurveyDef,
}

impl<'a> From<&'a Survey> for SurveyBody<'a> {
    fn from(s: &'a Survey) -> Self {
        SurveyBody { id: &s.id, status: &s.status, created_at: &s.created_at, definition: &s.def }
    }
}

/// Creates a survey. The body is the definition (title, intro, places,
/// useTokens, questions) plus an optional `status` of `draft` or `open`.
pub async fn create(State(state): State<AppState>, ctx: SignedIn, body: JsonObject) -> ApiResult {
    let mut map = body.0;
    let start = match map.remove("status") {
        None => Start::Draft,
        Some(Value::String(s)) if s == "draft" => Start::Draft,
        Some(Value::String(s)) if s == "open" => Start::Open,
        Some(_) => return Err(Problem::invalid(state.i18n(), &Invalid::single("status", "status-unknown"))),
    };
    let def: SurveyDef = serde_json::from_value(Value::Object(map)).map_err(|e| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("The survey does not have the expected shape: {e}."),
        )
    })?;
    let survey = use_case::create(state.store(), ctx.actor(), &def, start).await?;
    Ok(created(SurveyBody::from(&survey)))
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let (survey, _) = use_case::visible(state.store(), ctx.actor(), &id).await?;
    Ok(Json(SurveyBody::from(&survey)).into_response())
}

/// Takes one anonymous response: `{ "buurt"?, "code"?, "answers": { question: [values] } }`.
/// Rankings list option codes most important first; a scale is `["1"]`…`["5"]`.
pub async fn respond(
    State(state): State<AppState>,
    ctx: Context,
    client: crate::context::ClientAddr,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let source = client.text();
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
    let response = use_case::Response {
        buurt: body.str("buurt").map(String::from),
        code: body.str("code"),
        answers: &raw,
        entered_by: None,
        source: source.as_deref(),
    };
    let response_id = use_case::submit_response(state.store(), ctx.actor(), &id, response).await?;
    Ok(created(ResponseBody { id: &response_id, survey_id: &id }))
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ResponseBody<'a> {
    id: &'a str,
    survey_id: &'a str,
}

#[derive(Deserialize)]
pub struct ResultsQuery {
    by: Option<String>,
}

pub async fn results(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<ResultsQuery>,
) -> ApiResult {
    let by = match q.by.as_deref() {
        None => None,
        Some("buurt") => Some(Breakdown::Buurt),
        Some("respondentType") => Some(Breakdown::RespondentType),
        Some(_) => return Err(Problem::invalid(state.i18n(), &Invalid::single("by", "breakdown-unknown"))),
    };
    let (survey, _) = use_case::visible(state.store(), ctx.actor(), &id).await?;
    let results = use_case::results(
        state.store(),
        &survey,
        by,
        &crate::i18n::survey_labels(state.i18n(), ctx.lang, by),
    )
    .await?;
    Ok(Json(ResultsBody { survey_id: &survey.id, status: &survey.status, results }).into_response())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultsBody<'a> {
    survey_id: &'a str,
    status: &'a str,
    results: use_case::results::Results,
}
