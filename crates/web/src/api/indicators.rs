//! `/api/v1/indicators…` and a place's indicators, effects, 0-meting,
//! targets and values entered by hand. Numbers are numbers in the
//! catalogue's unit; a missing value is `null`, never 0.

use super::{ApiQuery, ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::{Context, SignedIn};
use crate::weektest_view::json_number;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use wijkwerk_app::Error as AppError;
use wijkwerk_app::indicators::{self as use_case, IndicatorView};
use wijkwerk_domain::PlaceLevel;
use wijkwerk_domain::indicators::{
    Band, Conclusion, Indicator, Observation, Unit, catalogue, check_manual_value,
};
use wijkwerk_store::indicators::BaselineValue;

fn indicator_json(i: &Indicator) -> Value {
    json!({
        "code": i.code,
        "name": i.name,
        "explanation": i.explanation,
        "unit": i.unit,
        "better": i.better,
        "source": i.source,
        "levels": i.levels,
        "cbsKey": i.cbs.as_ref().map(|c| &c.key),
    })
}

/// One indicator at a place: its series, the latest value against the
/// gemeente, the 0-meting, the effect since then and the target.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IndicatorViewBody<'a> {
    indicator: &'a str,
    unit: Unit,
    series: Vec<YearValue<'a>>,
    latest_year: Option<&'a str>,
    /// `{ value, respondents }`, as every observation.
    latest: Observation,
    gemeente: Observation,
    index: Option<f64>,
    band: Option<Band>,
    baseline: Option<BaselineBody>,
    rest_of_gemeente_now: Observation,
    effect: Option<EffectBody>,
    target: Option<TargetBody<'a>>,
    boundary_changes: &'a [String],
}

#[derive(Serialize)]
struct YearValue<'a> {
    year: &'a str,
    value: Option<f64>,
    respondents: Option<u64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BaselineBody {
    value: Option<f64>,
    respondents: Option<u64>,
    rest_of_gemeente: Option<f64>,
    rest_respondents: Option<u64>,
    gemeente: Option<f64>,
}

impl From<&BaselineValue> for BaselineBody {
    fn from(b: &BaselineValue) -> Self {
        BaselineBody {
            value: b.value,
            respondents: b.respondents,
            rest_of_gemeente: b.rest_value,
            rest_respondents: b.rest_respondents,
            gemeente: b.gemeente_value,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EffectBody {
    wijk_change: Option<f64>,
    rest_change: Option<f64>,
    relative: bool,
    difference: Option<f64>,
    margin: Option<f64>,
    conclusion: Conclusion,
}

#[derive(Serialize)]
struct TargetBody<'a> {
    value: f64,
    year: &'a str,
}

fn view_body(v: &IndicatorView) -> IndicatorViewBody<'_> {
    IndicatorViewBody {
        indicator: &v.indicator.code,
        unit: v.indicator.unit,
        series: v
            .series
            .iter()
            .map(|(year, o)| YearValue { year, value: o.value, respondents: o.respondents })
            .collect(),
        latest_year: v.latest_period.as_deref(),
        latest: v.latest,
        gemeente: v.gemeente,
        index: v.index,
        band: v.band,
        baseline: v.baseline.as_ref().map(BaselineBody::from),
        rest_of_gemeente_now: v.rest_now,
        effect: v.effect.as_ref().map(|e| EffectBody {
            wijk_change: e.wijk_change,
            rest_change: e.rest_change,
            relative: e.relative,
            difference: e.difference,
            margin: e.margin,
            conclusion: e.conclusion,
        }),
        target: v.target.as_ref().map(|t| TargetBody { value: t.target, year: &t.target_year }),
        boundary_changes: &v.boundary_changes,
    }
}

pub async fn list(_: State<AppState>) -> ApiResult {
    Ok(Json(json!({ "items": catalogue().iter().map(indicator_json).collect::<Vec<_>>() })).into_response())
}

pub async fn profile(State(state): State<AppState>, _ctx: Context, Path(code): Path<String>) -> ApiResult {
    let p = use_case::profile(state.store(), &code).await?;
    Ok(Json(json!({
        "code": p.place.code,
        "name": p.place.name,
        "level": p.place.level,
        "gemeenteCode": p.gemeente.as_ref().map(|g| &g.code),
        "baselineYear": p.baseline_period,
        "years": p.periods,
        "minGroupSize": p.min_group_size,
        "sources": p.sources,
        "indicators": p.indicators.iter().map(view_body).collect::<Vec<_>>(),
    }))
    .into_response())
}

pub async fn effects(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> ApiResult {
    let d = use_case::dashboard(state.store(), ctx.actor(), &code).await?;
    Ok(Json(json!({
        "code": d.gemeente.code,
        "name": d.gemeente.name,
        "years": d.periods,
        "minGroupSize": d.min_group_size,
        "wijken": d.wijken.iter().map(|w| json!({
            "code": w.wijk.code,
            "name": w.wijk.name,
            "baselineYear": w.baseline_period,
            "indicators": w.indicators.iter().map(view_body).collect::<Vec<_>>(),
            "planGoals": w.plan_goals.iter().map(|g| json!({
                "title": g.goal.title,
                "measure": g.goal.indicator,
                "unit": g.goal.unit,
                "baseline": g.goal.baseline,
                "target": g.goal.target,
                "targetDate": g.goal.target_date,
                "latest": g.goal.latest.as_ref().map(|(on, value)| json!({ "date": on, "value": value })),
                "progressPercent": g.progress,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// Fixes the 0-meting of a wijk: `{"year": "2022"}`.
pub async fn fix_baseline(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let b = use_case::fix_baseline(state.store(), ctx.actor(), &code, body.str("year").unwrap_or("")).await?;
    Ok(created(json!({
        "code": b.place_code,
        "year": b.period,
        "fixedAt": b.fixed_at,
        "values": b.values.iter().map(|v| json!({
            "indicator": v.indicator, "value": v.value, "respondents": v.respondents,
            "restOfGemeente": v.rest_value, "restRespondents": v.rest_respondents, "gemeente": v.gemeente_value,
        })).collect::<Vec<_>>(),
    })))
}

/// `{"indicator": "laag-inkomen", "target": 11, "year": "2027"}`.
pub async fn set_target(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let t = use_case::set_target(
        state.store(),
        ctx.actor(),
        &code,
        body.str("indicator").unwrap_or(""),
        json_number(&body.0, "target"),
        &body.text_or_number("year"),
    )
    .await?;
    Ok(created(
        json!({ "code": t.place_code, "indicator": t.indicator, "target": t.target, "year": t.target_year }),
    ))
}

/// `{"indicator": "veilig-gevoel", "year": "2024", "value": 72, "respondents": 263, "source": "…"}`.
pub async fn record_value(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let respondents = Some(body.text_or_number("respondents")).filter(|r| !r.is_empty());
    let input = check_manual_value(
        body.str("indicator").unwrap_or(""),
        &body.text_or_number("year"),
        json_number(&body.0, "value"),
        respondents.as_deref(),
        body.str("source").unwrap_or(""),
    )
    .map_err(AppError::from);
    let v = use_case::record_value(state.store(), ctx.actor(), &code, input).await?;
    Ok(created(json!({
        "code": code, "indicator": v.indicator, "year": v.year, "value": v.value,
        "respondents": v.respondents, "source": v.source,
    })))
}

#[derive(Deserialize)]
pub struct CompareQuery {
    year: Option<String>,
    level: Option<String>,
}

/// One indicator in one year over every wijk (or buurt, gemeente) in the country.
pub async fn compare(
    State(state): State<AppState>,
    Path(indicator): Path<String>,
    ApiQuery(q): ApiQuery<CompareQuery>,
) -> ApiResult {
    let mut invalid = wijkwerk_domain::Invalid::new();
    let level = match q.level.as_deref().unwrap_or("wijk") {
        l => PlaceLevel::parse(l).filter(|l| *l != PlaceLevel::Land).unwrap_or_else(|| {
            invalid.add("level", "parameter-invalid");
            PlaceLevel::Wijk
        }),
    };
    let year = q.year.unwrap_or_default();
    if wijkwerk_domain::indicators::check_baseline_year(&year).is_err() {
        invalid.add("year", if year.is_empty() { "required" } else { "year-invalid" });
    }
    if !invalid.is_empty() {
        return Err(AppError::Invalid(invalid).into());
    }
    let rows = use_case::compare(state.store(), &indicator, &year, level).await?;
    // Thousands of items: written straight from the rows, without building
    // a JSON tree of them first.
    #[derive(serde::Serialize)]
    struct Item<'a> {
        code: &'a str,
        name: &'a str,
        value: Option<f64>,
    }
    #[derive(serde::Serialize)]
    struct Comparison<'a> {
        indicator: &'a str,
        year: &'a str,
        level: PlaceLevel,
        items: Vec<Item<'a>>,
    }
    let items = rows.iter().map(|(code, name, value)| Item { code, name, value: *value }).collect();
    Ok(Json(Comparison { indicator: &indicator, year: &year, level, items }).into_response())
}

fn survey_link_json(l: &wijkwerk_app::indicators::SurveyLinkView) -> Value {
    json!({
        "indicator": l.link.indicator,
        "surveyId": l.link.survey_id,
        "surveyTitle": l.survey_title,
        "question": l.link.question,
        "questionText": l.question_text,
        "answers": l.link.answers,
        "year": l.link.year,
        "linkedAt": l.link.linked_at,
    })
}

/// The survey questions that measure an indicator in the gemeente, and the
/// questions of its surveys that could.
pub async fn survey_indicators(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
) -> ApiResult {
    let s = use_case::survey_indicators(state.store(), ctx.actor(), &code).await?;
    Ok(Json(json!({
        "gemeente": s.gemeente.code,
        "links": s.links.iter().map(survey_link_json).collect::<Vec<_>>(),
        "questions": s.questions.iter().map(|q| json!({
            "surveyId": q.survey_id,
            "surveyTitle": q.survey_title,
            "surveyStatus": q.survey_status,
            "question": q.question,
            "text": q.text,
            "answers": q.answers.iter().map(|(code, label)| json!({ "code": code, "label": label })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// Body: `indicator` (e.g. prettig-wonen), `surveyId`, `question`, `answers` (codes, e.g. 4 and 5 of a scale), `year`.
pub async fn link_survey(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    // Numbers are taken as the scale's steps; anything else cannot match an answer.
    let answers: Vec<String> = match body.0.get("answers") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|a| match a {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => "?".to_string(),
            })
            .collect(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => vec!["?".to_string()],
    };
    let (indicator, question, year) = (
        body.str("indicator").unwrap_or(""),
        body.str("question").unwrap_or(""),
        body.text_or_number("year"),
    );
    let survey_id = body.str("surveyId").unwrap_or("");
    use_case::link_survey(state.store(), ctx.actor(), &code, survey_id, |def| {
        wijkwerk_domain::indicators::check_survey_link(indicator, def, question, &answers, &year)
    })
    .await?;
    let s = use_case::survey_indicators(state.store(), ctx.actor(), &code).await?;
    let link = s
        .links
        .iter()
        .find(|l| l.link.indicator == indicator && l.link.survey_id == survey_id)
        .ok_or(AppError::NotFound("survey link"))?;
    Ok(created(survey_link_json(link)))
}

pub async fn unlink_survey(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((code, indicator, survey_id)): Path<(String, String, String)>,
) -> ApiResult {
    use_case::unlink_survey(state.store(), ctx.actor(), &code, &indicator, &survey_id).await?;
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}
