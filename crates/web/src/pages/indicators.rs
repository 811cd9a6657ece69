//! A place's figures (public) and the gemeente's effect dashboard with its
//! forms: the 0-meting, targets and values from polls.

use super::{PageResult, render};
use crate::AppState;
use crate::context::{Context, SignedIn};
use crate::render::decimal;
use crate::weektest_view::parse_number;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::Error as AppError;
use wijkwerk_app::indicators::{self as use_case, IndicatorView};
use wijkwerk_domain::indicators::{
    Band, Conclusion, Observation, Unit, catalogue, check_manual_value, check_survey_link,
};
use wijkwerk_domain::texts::text;

/// A value as people read it: "12,5%", "€ 31.800", "0,6 km".
pub fn show_value(unit: Unit, value: f64, lang: &str) -> String {
    let rounded = |v: f64| (v * 10.0).round() / 10.0;
    match unit {
        Unit::Count => decimal(value.round(), lang),
        Unit::Percent => format!("{}%", decimal(rounded(value), lang)),
        Unit::Per1000 => format!("{} ‰", decimal(rounded(value), lang)),
        Unit::ThousandEuros => format!("€ {}", decimal((value * 1000.0 / 100.0).round() * 100.0, lang)),
        Unit::Euros => format!("€ {}", decimal(value.round(), lang)),
        Unit::Km => format!("{} km", decimal(rounded(value), lang)),
    }
}

fn show(unit: Unit, obs: Observation, lang: &str) -> Option<String> {
    obs.value.map(|v| show_value(unit, v, lang))
}

/// One indicator as the pages show it: every number already written out.
#[derive(Serialize)]
pub struct IndicatorRow {
    code: String,
    name: String,
    explanation: String,
    source: &'static str,
    latest_period: Option<String>,
    latest: Option<String>,
    respondents: Option<u64>,
    gemeente: Option<String>,
    index: Option<f64>,
    index_text: Option<String>,
    band: Option<&'static str>,
    baseline: Option<String>,
    target: Option<String>,
    target_year: Option<String>,
    conclusion: Option<&'static str>,
    sentence: Option<String>,
    margin: Option<String>,
    boundary_changes: Vec<String>,
    /// Per year of the page's table: `(value, missing, boundary changed)`;
    /// no value and not missing means no figure for that year at all.
    years: Vec<(Option<String>, bool, bool)>,
}

fn band_name(b: Band) -> &'static str {
    match b {
        Band::FarBelow => "far-below",
        Band::Below => "below",
        Band::Around => "around",
        Band::Above => "above",
    }
}

fn conclusion_name(c: Conclusion) -> &'static str {
    match c {
        Conclusion::Better => "better",
        Conclusion::Worse => "worse",
        Conclusion::Higher => "higher",
        Conclusion::Lower => "lower",
        Conclusion::NoClearDifference => "no-clear-difference",
        Conclusion::TooLittleData => "too-little-data",
        Conclusion::BoundaryChanged => "boundary-changed",
    }
}

/// "In Oosterpark daalde het van 15,0% naar 12,5%; in de rest van de stad
/// van 8,1% naar 7,9%."
fn sentence(state: &AppState, lang: &str, place: &str, v: &IndicatorView) -> Option<String> {
    let b = v.baseline.as_ref()?;
    let unit = v.indicator.unit;
    let fmt = |x: Option<f64>| x.map(|x| show_value(unit, x, lang));
    let (from, to) = (fmt(b.value)?, show(unit, v.latest, lang)?);
    let (rest_from, rest_to) = (fmt(b.rest_value), show(unit, v.rest_now, lang));
    // Equal as shown is "stayed": 14,34% and 14,26% both read 14,3%.
    let dir = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if show_value(unit, a, lang) == show_value(unit, b, lang) => "same",
        (Some(a), Some(b)) if b > a => "up",
        _ => "down",
    };
    let arg = |s: &str| FluentValue::from(s.to_string());
    let own = state.i18n().text(
        lang,
        "ind-change-wijk",
        &[
            ("place", arg(place)),
            ("dir", arg(dir(b.value, v.latest.value))),
            ("from", arg(&from)),
            ("to", arg(&to)),
        ],
    );
    let rest = match (rest_from, rest_to) {
        (Some(f), Some(t)) => state.i18n().text(
            lang,
            "ind-change-rest",
            &[("dir", arg(dir(b.rest_value, v.rest_now.value))), ("from", arg(&f)), ("to", arg(&t))],
        ),
        _ => String::new(),
    };
    Some(format!("{own} {rest}").trim().to_string())
}

pub fn rows(
    state: &AppState,
    lang: &str,
    place_name: &str,
    views: &[IndicatorView],
    periods: &[String],
) -> Vec<IndicatorRow> {
    views
        .iter()
        .map(|v| {
            let unit = v.indicator.unit;
            let effect = v.effect.as_ref();
            IndicatorRow {
                code: v.indicator.code.clone(),
                name: text(&v.indicator.name, lang).to_string(),
                explanation: text(&v.indicator.explanation, lang).to_string(),
                source: match v.indicator.source {
                    wijkwerk_domain::indicators::Source::Cbs => "cbs",
                    wijkwerk_domain::indicators::Source::Manual => "manual",
                    wijkwerk_domain::indicators::Source::Weektest => "weektest",
                    wijkwerk_domain::indicators::Source::Coin => "coin",
                    wijkwerk_domain::indicators::Source::Survey => "survey",
                },
                latest_period: v.latest_period.clone(),
                latest: show(unit, v.latest, lang),
                respondents: v.latest.respondents,
                gemeente: show(unit, v.gemeente, lang),
                index: v.index.map(|i| i.round()),
                index_text: v.index.map(|i| decimal(i.round(), lang)),
                band: v.band.map(band_name),
                baseline: v.baseline.as_ref().and_then(|b| b.value).map(|x| show_value(unit, x, lang)),
                target: v.target.as_ref().map(|t| show_value(unit, t.target, lang)),
                target_year: v.target.as_ref().map(|t| t.target_year.clone()),
                conclusion: effect.map(|e| conclusion_name(e.conclusion)),
                sentence: effect.and_then(|_| sentence(state, lang, place_name, v)),
                margin: effect.and_then(|e| e.margin).map(|m| decimal((m * 10.0).round() / 10.0, lang)),
                boundary_changes: v.boundary_changes.clone(),
                years: periods
                    .iter()
                    .map(|p| {
                        let found = v.series.iter().find(|(q, _)| q == p);
                        let shown = found.and_then(|(_, o)| show(unit, *o, lang));
                        (shown.clone(), found.is_some() && shown.is_none(), v.boundary_changes.contains(p))
                    })
                    .collect(),
            }
        })
        .collect()
}

/// One bar of the index chart: the index capped to the chart, 100 marked.
#[derive(Serialize)]
struct IndexBar {
    label: String,
    index: f64,
    width: f64,
    band: &'static str,
    y: u32,
}

const BAR_HEIGHT: u32 = 30;

fn index_bars(rows: &[IndicatorRow]) -> Vec<IndexBar> {
    rows.iter()
        .filter_map(|r| Some((r, r.index?, r.band?)))
        .enumerate()
        .map(|(i, (r, index, band))| IndexBar {
            // The chart's label column holds about 22 characters; the table
            // beside it has the whole name.
            label: if r.name.chars().count() > 22 {
                format!("{}…", r.name.chars().take(21).collect::<String>().trim_end())
            } else {
                r.name.clone()
            },
            index,
            // 0…200 over 220 units; the line at 100 sits at 110.
            width: (index.clamp(0.0, 200.0) * 1.1 * 10.0).round() / 10.0,
            band,
            y: i as u32 * BAR_HEIGHT,
        })
        .collect()
}

/// One place on the map: its shape, value and band against the gemeente.
#[derive(Serialize)]
struct MapArea {
    code: String,
    name: String,
    d: String,
    value: Option<String>,
    band: Option<&'static str>,
}

#[derive(Serialize)]
struct MapView {
    indicator: String,
    indicator_name: String,
    height: f64,
    areas: Vec<MapArea>,
    choices: Vec<(String, String)>,
}

/// The map of the places one level down, coloured and patterned by their
/// band for one indicator (the gemeente at the 0-meting = 100).
fn map_view(p: &use_case::Profile, chosen: Option<&str>, lang: &str) -> Option<MapView> {
    if p.child_shapes.is_empty() {
        return None;
    }
    let with_values: Vec<&IndicatorView> = p.indicators.iter().collect();
    let at = chosen
        .and_then(|c| with_values.iter().position(|v| v.indicator.code == c))
        .or_else(|| with_values.iter().position(|v| v.indicator.code == "laag-inkomen"))
        .or(if with_values.is_empty() { None } else { Some(0) })?;
    let view = with_values[at];
    let base =
        view.baseline.as_ref().and_then(|b| b.gemeente_value).or(view.gemeente.value).or(
            if p.place.level == wijkwerk_domain::PlaceLevel::Gemeente { view.latest.value } else { None },
        );
    let shapes: Vec<&[wijkwerk_domain::geo::Polygon]> =
        p.child_shapes.iter().map(|(_, s)| s.as_slice()).collect();
    let (paths, height) = wijkwerk_domain::geo::svg_paths(&shapes, 400.0, 400.0);
    let areas = p
        .child_shapes
        .iter()
        .zip(paths)
        .map(|((code, _), d)| {
            let child = p.children.iter().find(|(c, _)| c.code == *code);
            let raw = child.and_then(|(_, values)| values.get(at).copied().flatten());
            let band = wijkwerk_domain::indicators::index(raw, base)
                .map(|i| band_name(wijkwerk_domain::indicators::band(view.indicator, i)));
            MapArea {
                code: code.clone(),
                name: child.map(|(c, _)| c.name.clone()).unwrap_or_else(|| code.clone()),
                d,
                value: raw.map(|v| show_value(view.indicator.unit, v, lang)),
                band,
            }
        })
        .collect();
    Some(MapView {
        indicator: view.indicator.code.clone(),
        indicator_name: text(&view.indicator.name, lang).to_string(),
        height,
        areas,
        choices: p
            .indicators
            .iter()
            .map(|v| (v.indicator.code.clone(), text(&v.indicator.name, lang).to_string()))
            .collect(),
    })
}

#[derive(Deserialize)]
pub struct ProfileQuery {
    #[serde(default)]
    kaart: Option<String>,
}

/// `/plaatsen/{code}/cijfers`: a place's figures for anyone.
pub async fn profile(
    State(state): State<AppState>,
    ctx: Context,
    Path(code): Path<String>,
    Query(q): Query<ProfileQuery>,
) -> PageResult {
    let p = use_case::profile(state.store(), &code).await?;
    let map = map_view(&p, q.kaart.as_deref(), ctx.lang);
    let rows = rows(&state, ctx.lang, &p.place.name, &p.indicators, &p.periods);
    let bars = index_bars(&rows);
    let children: Vec<(String, String, Vec<Option<String>>)> = p
        .children
        .iter()
        .map(|(c, values)| {
            let shown = values
                .iter()
                .zip(&p.indicators)
                .map(|(v, i)| v.map(|x| show_value(i.indicator.unit, x, ctx.lang)))
                .collect();
            (c.code.clone(), c.name.clone(), shown)
        })
        .collect();
    let may_read_effects = ctx.actor().is_some_and(|a| {
        let path: Vec<String> = p.path.iter().map(|x| x.code.clone()).collect();
        wijkwerk_domain::access::EFFECT_READERS.iter().any(|&r| a.has_role_over(r, &path))
    });
    Ok(render(
        &state,
        &ctx,
        "indicators.html",
        view! {
            place => p.place,
            path => p.path,
            gemeente => p.gemeente,
            baseline_period => p.baseline_period,
            periods => p.periods,
            chart_height => bars.len() as u32 * BAR_HEIGHT + 10,
            bars,
            rows,
            children,
            sources => p.sources,
            min => p.min_group_size,
            may_read_effects,
            map,
        },
    )?
    .into_response())
}

/// `/plaatsen/{code}/cijfers.csv` and `.xlsx`: every figure of the place and
/// the places one level down, every year, for a spreadsheet.
pub async fn download(State(state): State<AppState>, ctx: Context, Path(file): Path<String>) -> PageResult {
    let (code, xlsx) = match file.rsplit_once('.') {
        Some((code, "csv")) => (code.to_string(), false),
        Some((code, "xlsx")) => (code.to_string(), true),
        _ => return Err(crate::problem::PageError::not_found()),
    };
    let rows = use_case::figures_table(state.store(), &code).await?;
    let i18n = state.i18n();
    let header: Vec<String> =
        ["code", "place", "level", "indicator", "name", "year", "value", "unit", "respondents"]
            .iter()
            .map(|k| i18n.t(ctx.lang, &format!("ind-file-{k}")))
            .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.place.code.clone(),
                r.place.name.clone(),
                r.place.level.as_str().to_string(),
                r.indicator.code.clone(),
                text(&r.indicator.name, ctx.lang).to_string(),
                r.year.clone(),
                // A decimal point: a number in every spreadsheet; empty, never 0, when unknown.
                r.value.map(|v| format!("{:.2}", v)).unwrap_or_default(),
                r.indicator.unit.as_str().to_string(),
                r.respondents.map(|n| n.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let name = format!("cijfers-{code}.{}", if xlsx { "xlsx" } else { "csv" });
    Ok(crate::download::table(&name, "Cijfers", &header, &cells, &[6, 8], xlsx)?)
}

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    #[serde(default)]
    indicator: Option<String>,
    /// The survey question chosen for a link: `{survey id}/{question}`.
    #[serde(default)]
    vraag: Option<String>,
}

/// `/plaatsen/{code}/effecten`: the gemeente's effect dashboard.
pub async fn dashboard(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> PageResult {
    dashboard_page(&state, &ctx, &code, &q, StatusCode::OK, BTreeMap::new(), None).await
}

async fn dashboard_page(
    state: &AppState,
    ctx: &SignedIn,
    code: &str,
    q: &DashboardQuery,
    status: StatusCode,
    errors: BTreeMap<String, String>,
    form: Option<&str>,
) -> PageResult {
    let d = use_case::dashboard(state.store(), ctx.actor(), code).await?;
    let surveys = use_case::survey_indicators(state.store(), ctx.actor(), code).await?;
    let lang = ctx.lang;
    let survey_links: Vec<serde_json::Value> = surveys
        .links
        .iter()
        .map(|l| {
            serde_json::json!({
                "indicator": l.link.indicator,
                "indicator_name": text(&l.indicator_name, lang),
                "survey": l.link.survey_id,
                "survey_title": text(&l.survey_title, lang),
                "question": text(&l.question_text, lang),
                "answers": l.answer_labels.iter().map(|a| text(a, lang)).collect::<Vec<_>>(),
                "year": l.link.year,
            })
        })
        .collect();
    let questions: Vec<(String, String)> = surveys
        .questions
        .iter()
        .map(|x| {
            (
                format!("{}/{}", x.survey_id, x.question),
                format!("{} — {}", text(&x.survey_title, lang), text(&x.text, lang)),
            )
        })
        .collect();
    // The question picked in the first step, with its answers as checkboxes.
    let picked = q.vraag.as_deref().and_then(|v| {
        surveys.questions.iter().find(|x| format!("{}/{}", x.survey_id, x.question) == v).map(|x| {
            serde_json::json!({
                "key": v,
                "survey": x.survey_id,
                "question": x.question,
                "label": format!("{} — {}", text(&x.survey_title, lang), text(&x.text, lang)),
                "answers": x.answers.iter().map(|(c, l)| (c.clone(), text(l, lang).to_string())).collect::<Vec<_>>(),
            })
        })
    });
    let survey_indicators: Vec<(String, String)> = catalogue()
        .iter()
        .filter(|i| i.source == wijkwerk_domain::indicators::Source::Survey)
        .map(|i| (i.code.clone(), text(&i.name, lang).to_string()))
        .collect();
    let chosen = q
        .indicator
        .as_deref()
        .and_then(wijkwerk_domain::indicators::find)
        .or_else(|| wijkwerk_domain::indicators::find("laag-inkomen"))
        .expect("the catalogue has laag-inkomen");
    let per_wijk: Vec<(String, String, Option<String>, Vec<IndicatorRow>)> = d
        .wijken
        .iter()
        .map(|w| {
            let shown = rows(state, lang, &w.wijk.name, &w.indicators, &d.periods);
            (w.wijk.code.clone(), w.wijk.name.clone(), w.baseline_period.clone(), shown)
        })
        .collect();
    // The chosen indicator across the wijken, for the main table.
    let chosen_rows: Vec<(String, String, Option<String>, Option<&IndicatorRow>)> = per_wijk
        .iter()
        .map(|(code, name, base, rows)| {
            (code.clone(), name.clone(), base.clone(), rows.iter().find(|r| r.code == chosen.code))
        })
        .collect();
    // Per wijk how many indicators came out better and worse.
    let tally: Vec<(String, usize, usize, usize)> = per_wijk
        .iter()
        .map(|(_, name, _, rows)| {
            let count = |c: &str| rows.iter().filter(|r| r.conclusion == Some(c)).count();
            (name.clone(), count("better"), count("worse"), count("no-clear-difference"))
        })
        .collect();
    let plan_goals: Vec<serde_json::Value> = d
        .wijken
        .iter()
        .flat_map(|w| {
            w.plan_goals.iter().map(move |g| {
                let number = |v: f64| format!("{} {}", decimal(v, lang), g.goal.unit).trim().to_string();
                serde_json::json!({
                    "wijk": w.wijk.name,
                    "code": w.wijk.code,
                    "title": g.goal.title,
                    "measure": g.goal.indicator,
                    "baseline": number(g.goal.baseline),
                    "target": number(g.goal.target),
                    "target_date": g.goal.target_date,
                    "latest": g.goal.latest.as_ref().map(|(_, v)| number(*v)),
                    "latest_date": g.goal.latest.as_ref().map(|(on, _)| on.clone()),
                    "progress": g.progress,
                })
            })
        })
        .collect();
    let indicators: Vec<(String, String)> =
        catalogue().iter().map(|i| (i.code.clone(), text(&i.name, lang).to_string())).collect();
    let manual: Vec<(String, String)> = catalogue()
        .iter()
        .filter(|i| i.source == wijkwerk_domain::indicators::Source::Manual)
        .map(|i| (i.code.clone(), text(&i.name, lang).to_string()))
        .collect();
    let html = render(
        state,
        ctx,
        "effects.html",
        view! {
            gemeente => d.gemeente,
            path => d.path,
            periods => d.periods,
            chosen => serde_json::json!({ "code": chosen.code, "name": text(&chosen.name, lang), "explanation": text(&chosen.explanation, lang) }),
            chosen_rows,
            tally,
            indicators,
            manual,
            wijken => d.wijken.iter().map(|w| (w.wijk.code.clone(), w.wijk.name.clone())).collect::<Vec<_>>(),
            may_change => d.may_change,
            min => d.min_group_size,
            survey_links,
            plan_goals,
            questions,
            picked,
            survey_indicators,
            errors,
            form,
        },
    )?;
    Ok((status, html).into_response())
}

/// After a form: back to the dashboard, or the dashboard with the form's problems.
async fn after(
    state: &AppState,
    ctx: &SignedIn,
    code: &str,
    form: &str,
    asked: DashboardQuery,
    result: Result<(), AppError>,
) -> PageResult {
    let q = asked
        .indicator
        .as_deref()
        .map(|i| format!("?indicator={}", crate::security::url_encode(i)))
        .unwrap_or_default();
    super::after_form(
        result,
        |_| format!("/plaatsen/{code}/effecten{q}#{form}"),
        |errors| {
            dashboard_page(state, ctx, code, &asked, StatusCode::UNPROCESSABLE_ENTITY, errors, Some(form))
        },
    )
    .await
}

fn asking(indicator: &str) -> DashboardQuery {
    DashboardQuery { indicator: Some(indicator.to_string()), vraag: None }
}

#[derive(Deserialize)]
pub struct BaselineForm {
    #[serde(default)]
    wijk: String,
    #[serde(default)]
    year: String,
}

pub async fn fix_baseline(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<BaselineForm>,
) -> PageResult {
    let result = if f.wijk.is_empty() {
        Err(AppError::invalid("wijk", "required"))
    } else {
        use_case::fix_baseline(state.store(), ctx.actor(), &f.wijk, &f.year).await.map(|_| ())
    };
    after(&state, &ctx, &code, "nulmeting", DashboardQuery::default(), result).await
}

#[derive(Deserialize)]
pub struct TargetForm {
    #[serde(default)]
    wijk: String,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    year: String,
}

pub async fn set_target(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<TargetForm>,
) -> PageResult {
    let result = use_case::set_target(
        state.store(),
        ctx.actor(),
        &f.wijk,
        &f.indicator,
        parse_number(&f.target),
        &f.year,
    )
    .await
    .map(|_| ());
    after(&state, &ctx, &code, "doelen", asking(&f.indicator), result).await
}

#[derive(Deserialize)]
pub struct ValueForm {
    #[serde(default)]
    place: String,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    respondents: String,
    #[serde(default)]
    source: String,
}

pub async fn record_value(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<ValueForm>,
) -> PageResult {
    let input =
        check_manual_value(&f.indicator, &f.year, parse_number(&f.value), Some(&f.respondents), &f.source)
            .map_err(AppError::from);
    let result = use_case::record_value(state.store(), ctx.actor(), &f.place, input).await.map(|_| ());
    after(&state, &ctx, &code, "waarden", asking(&f.indicator), result).await
}

/// Links the chosen survey question to an indicator (`survey`, `question`,
/// `indicator`, `year`, and one `answers` per ticked answer).
pub async fn link_survey(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let answers: Vec<String> =
        fields.iter().filter(|(n, _)| n == "answers").map(|(_, v)| v.clone()).collect();
    let (survey, question, indicator, year) = (get("survey"), get("question"), get("indicator"), get("year"));
    let result = use_case::link_survey(state.store(), ctx.actor(), &code, survey, |def| {
        check_survey_link(indicator, def, question, &answers, year)
    })
    .await
    .map(|_| ());
    let asked = DashboardQuery { indicator: None, vraag: Some(format!("{survey}/{question}")) };
    after(&state, &ctx, &code, "enquetes", asked, result).await
}

#[derive(Deserialize)]
pub struct UnlinkForm {
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    survey: String,
}

pub async fn unlink_survey(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<UnlinkForm>,
) -> PageResult {
    let result = use_case::unlink_survey(state.store(), ctx.actor(), &code, &f.indicator, &f.survey).await;
    after(&state, &ctx, &code, "enquetes", DashboardQuery::default(), result).await
}

#[derive(Deserialize)]
pub struct CompareQuery {
    #[serde(default)]
    jaar: Option<String>,
    #[serde(default)]
    niveau: Option<String>,
}

/// `/indicatoren/{code}`: one CBS figure over every wijk (or gemeente, buurt)
/// of the country in a year: the lowest and highest, and every place as a
/// spreadsheet (`/indicatoren/{code}.csv`).
pub async fn compare(
    State(state): State<AppState>,
    ctx: Context,
    Path(code): Path<String>,
    Query(q): Query<CompareQuery>,
) -> PageResult {
    let (code, csv) = match code.strip_suffix(".csv") {
        Some(c) => (c.to_string(), true),
        None => (code, false),
    };
    let indicator =
        wijkwerk_domain::indicators::find(&code).ok_or_else(crate::problem::PageError::not_found)?;
    let years = use_case::comparable_years(state.store(), &code).await?;
    let year = q.jaar.filter(|y| years.contains(y)).or_else(|| years.last().cloned());
    let level = q
        .niveau
        .as_deref()
        .and_then(wijkwerk_domain::PlaceLevel::parse)
        .filter(|l| *l != wijkwerk_domain::PlaceLevel::Land)
        .unwrap_or(wijkwerk_domain::PlaceLevel::Wijk);
    let rows = match &year {
        Some(y) => use_case::compare(state.store(), &code, y, level).await?,
        None => Vec::new(),
    };
    let lang = ctx.lang;
    if csv {
        let header: Vec<String> = ["code", "place", "year", "value", "unit"]
            .iter()
            .map(|k| state.i18n().t(lang, &format!("ind-file-{k}")))
            .collect();
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|(c, n, v)| {
                vec![
                    c.clone(),
                    n.clone(),
                    year.clone().unwrap_or_default(),
                    v.map(|v| format!("{v:.2}")).unwrap_or_default(),
                    indicator.unit.as_str().to_string(),
                ]
            })
            .collect();
        let name = format!("{code}-{}-{}.csv", level.as_str(), year.clone().unwrap_or_default());
        return Ok(crate::download::table(&name, "Cijfers", &header, &cells, &[3], false)?);
    }
    let mut known: Vec<(&String, &String, f64)> =
        rows.iter().filter_map(|(c, n, v)| v.map(|v| (c, n, v))).collect();
    known.sort_by(|a, b| a.2.total_cmp(&b.2).then_with(|| a.0.cmp(b.0)));
    let shown = |list: &[(&String, &String, f64)]| -> Vec<(String, String, String)> {
        list.iter()
            .map(|(c, n, v)| (c.to_string(), n.to_string(), show_value(indicator.unit, *v, lang)))
            .collect()
    };
    let take = known.len().min(20);
    let lowest = shown(&known[..take]);
    let mut highest = shown(&known[known.len() - take..]);
    highest.reverse();
    let median = (!known.is_empty()).then(|| show_value(indicator.unit, known[known.len() / 2].2, lang));
    Ok(render(
        &state,
        &ctx,
        "indicator_compare.html",
        view! {
            code,
            name => text(&indicator.name, lang),
            explanation => text(&indicator.explanation, lang),
            better => indicator.better,
            years,
            year,
            level => level.as_str(),
            places => rows.len(),
            missing => rows.len() - known.len(),
            median,
            lowest,
            highest,
        },
    )?
    .into_response())
}
