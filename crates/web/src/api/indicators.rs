//! `/api/v1/indicators…` and a place's indicators, effects, 0-meting,
//! targets and values entered by hand. Numbers are numbers in the
//! catalogue's unit; a missing value is `null`, never 0.

use super::{ApiQuery, ApiResult, Items, JsonObject, created};
use crate::AppState;
use crate::context::{Context, SignedIn};
use crate::weektest_view::json_number;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wijkwerk_app::Error as AppError;
use wijkwerk_app::indicators::{self as use_case, IndicatorView};
use wijkwerk_domain::PlaceLevel;
use wijkwerk_domain::indicators::{
    Band, Better, Conclusion, Indicator, Observation, Source, Unit, catalogue, check_manual_value,
};
use wijkwerk_domain::texts::Texts;
use wijkwerk_store::indicators::BaselineValue;

/// An indicator of the catalogue: texts per language, the unit, which way is
/// better, where its numbers come from and at which levels.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IndicatorBody<'a> {
    code: &'a str,
    name: &'a Texts,
    explanation: &'a Texts,
    unit: Unit,
    better: Better,
    source: Source,
    levels: &'a [PlaceLevel],
    cbs_key: Option<&'a str>,
}

fn indicator_body(i: &Indicator) -> IndicatorBody<'_> {
    IndicatorBody {
        code: &i.code,
        name: &i.name,
        explanation: &i.explanation,
        unit: i.unit,
        better: i.better,
        source: i.source,
        levels: &i.levels,
        cbs_key: i.cbs.as_ref().map(|c| c.key.as_str()),
    }
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
    Ok(Json(Items { items: catalogue().iter().map(indicator_body).collect::<Vec<_>>() }).into_response())
}

pub async fn profile(State(state): State<AppState>, _ctx: Context, Path(code): Path<String>) -> ApiResult {
    let p = use_case::profile(state.store(), &code).await?;
    Ok(Json(ProfileBody {
        code: &p.place.code,
        name: &p.place.name,
        level: p.place.level,
        gemeente_code: p.gemeente.as_ref().map(|g| g.code.as_str()),
        baseline_year: p.baseline_period.as_deref(),
        years: &p.periods,
        min_group_size: p.min_group_size,
        sources: &p.sources,
        indicators: p.indicators.iter().map(view_body).collect(),
    })
    .into_response())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfileBody<'a> {
    code: &'a str,
    name: &'a str,
    level: PlaceLevel,
    gemeente_code: Option<&'a str>,
    baseline_year: Option<&'a str>,
    years: &'a [String],
    min_group_size: u64,
    sources: &'a [String],
    indicators: Vec<IndicatorViewBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EffectsBody<'a> {
    code: &'a str,
    name: &'a str,
    years: &'a [String],
    min_group_size: u64,
    wijken: Vec<WijkEffectsBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WijkEffectsBody<'a> {
    code: &'a str,
    name: &'a str,
    baseline_year: Option<&'a str>,
    indicators: Vec<IndicatorViewBody<'a>>,
    plan_goals: Vec<PlanGoalBody<'a>>,
}

/// A wijkplan goal as the effect dashboard shows it: measured by the wijk
/// itself, so how far along the way, and no effect.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlanGoalBody<'a> {
    title: &'a str,
    measure: &'a str,
    unit: &'a str,
    baseline: f64,
    target: f64,
    target_date: &'a str,
    latest: Option<DatedValue<'a>>,
    progress_percent: Option<i64>,
}

fn plan_goal_body(g: &wijkwerk_app::indicators::PlanGoalView) -> PlanGoalBody<'_> {
    PlanGoalBody {
        title: &g.goal.title,
        measure: &g.goal.indicator,
        unit: &g.goal.unit,
        baseline: g.goal.baseline,
        target: g.goal.target,
        target_date: &g.goal.target_date,
        latest: g.goal.latest.as_ref().map(|(date, value)| DatedValue { date, value: *value }),
        progress_percent: g.progress,
    }
}

#[derive(Serialize)]
struct DatedValue<'a> {
    date: &'a str,
    value: f64,
}

pub async fn effects(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> ApiResult {
    let d = use_case::dashboard(state.store(), ctx.actor(), &code).await?;
    let wijken = d
        .wijken
        .iter()
        .map(|w| WijkEffectsBody {
            code: &w.wijk.code,
            name: &w.wijk.name,
            baseline_year: w.baseline_period.as_deref(),
            indicators: w.indicators.iter().map(view_body).collect(),
            plan_goals: w.plan_goals.iter().map(plan_goal_body).collect(),
        })
        .collect();
    Ok(Json(EffectsBody {
        code: &d.gemeente.code,
        name: &d.gemeente.name,
        years: &d.periods,
        min_group_size: d.min_group_size,
        wijken,
    })
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
    let values = b
        .values
        .iter()
        .map(|v| BaselineValueBody { indicator: &v.indicator, value: BaselineBody::from(v) })
        .collect();
    Ok(created(FixedBaselineBody { code: &b.place_code, year: &b.period, fixed_at: &b.fixed_at, values }))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FixedBaselineBody<'a> {
    code: &'a str,
    year: &'a str,
    fixed_at: &'a str,
    values: Vec<BaselineValueBody<'a>>,
}

#[derive(Serialize)]
struct BaselineValueBody<'a> {
    indicator: &'a str,
    #[serde(flatten)]
    value: BaselineBody,
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
    Ok(created(TargetSetBody {
        code: &t.place_code,
        indicator: &t.indicator,
        target: t.target,
        year: &t.target_year,
    }))
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
    Ok(created(RecordedValueBody { code: &code, value: &v }))
}

#[derive(Serialize)]
struct TargetSetBody<'a> {
    code: &'a str,
    indicator: &'a str,
    target: f64,
    year: &'a str,
}

/// A value entered by hand: `{ indicator, year, value, respondents, source }`
/// as checked, with the place's code.
#[derive(Serialize)]
struct RecordedValueBody<'a> {
    code: &'a str,
    #[serde(flatten)]
    value: &'a wijkwerk_domain::indicators::ManualValue,
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

/// A survey question that measures an indicator: the answers that count as
/// "yes" and the year its results stand for.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SurveyLinkBody<'a> {
    indicator: &'a str,
    survey_id: &'a str,
    survey_title: &'a Texts,
    question: &'a str,
    question_text: &'a Texts,
    answers: &'a [String],
    year: &'a str,
    linked_at: &'a str,
}

fn survey_link_body(l: &wijkwerk_app::indicators::SurveyLinkView) -> SurveyLinkBody<'_> {
    SurveyLinkBody {
        indicator: &l.link.indicator,
        survey_id: &l.link.survey_id,
        survey_title: &l.survey_title,
        question: &l.link.question,
        question_text: &l.question_text,
        answers: &l.link.answers,
        year: &l.link.year,
        linked_at: &l.link.linked_at,
    }
}

#[derive(Serialize)]
struct SurveyIndicatorsBody<'a> {
    gemeente: &'a str,
    links: Vec<SurveyLinkBody<'a>>,
    questions: Vec<LinkableQuestionBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LinkableQuestionBody<'a> {
    survey_id: &'a str,
    survey_title: &'a Texts,
    survey_status: &'a str,
    question: &'a str,
    text: &'a Texts,
    answers: Vec<AnswerBody<'a>>,
}

#[derive(Serialize)]
struct AnswerBody<'a> {
    code: &'a str,
    label: &'a Texts,
}

/// The survey questions that measure an indicator in the gemeente, and the
/// questions of its surveys that could.
pub async fn survey_indicators(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
) -> ApiResult {
    let s = use_case::survey_indicators(state.store(), ctx.actor(), &code).await?;
    let questions = s
        .questions
        .iter()
        .map(|q| LinkableQuestionBody {
            survey_id: &q.survey_id,
            survey_title: &q.survey_title,
            survey_status: &q.survey_status,
            question: &q.question,
            text: &q.text,
            answers: q.answers.iter().map(|(code, label)| AnswerBody { code, label }).collect(),
        })
        .collect();
    Ok(Json(SurveyIndicatorsBody {
        gemeente: &s.gemeente.code,
        links: s.links.iter().map(survey_link_body).collect(),
        questions,
    })
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
    Ok(created(survey_link_body(link)))
}

pub async fn unlink_survey(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((code, indicator, survey_id)): Path<(String, String, String)>,
) -> ApiResult {
    use_case::unlink_survey(state.store(), ctx.actor(), &code, &indicator, &survey_id).await?;
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}
