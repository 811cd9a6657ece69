//! The week test in the browser: choose a variant, fill in the week (totals,
//! or a week grid that fills the totals), see the result.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::PageError;
use crate::weektest_view::{GROUP_HEIGHT, parse_number, result_view};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::weektests as use_case;
use wijkwerk_domain::Invalid;
use wijkwerk_domain::texts::text;
use wijkwerk_domain::weektest::{QuestionKind, RawAnswer, Template};

/// A template as a page shows it, in one language.
#[derive(Serialize)]
struct TemplateView {
    code: String,
    name: String,
    audience: String,
    intro: String,
    rule: String,
    source: String,
}

fn template_view(t: &Template, lang: &str) -> TemplateView {
    TemplateView {
        code: t.code.clone(),
        name: text(&t.name, lang).into(),
        audience: text(&t.audience, lang).into(),
        intro: text(&t.intro, lang).into(),
        rule: text(&t.rule.explanation, lang).into(),
        source: text(&t.source, lang).into(),
    }
}

async fn load_template(state: &AppState, code: &str) -> Result<Template, PageError> {
    let slug =
        !code.is_empty() && code.len() <= 40 && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    if !slug {
        return Err(PageError::not_found());
    }
    Ok(use_case::template(state.store(), code).await?)
}

#[derive(Serialize)]
struct HistoryItem {
    id: String,
    taken_at: String,
    template: String,
    priority: Option<String>,
}

pub async fn index(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    let store = state.store();
    let templates: Vec<TemplateView> =
        use_case::templates(store).await?.iter().map(|t| template_view(t, ctx.lang)).collect();
    let history: Vec<HistoryItem> = use_case::own_tests(store, ctx.actor())
        .await?
        .iter()
        .rev()
        .map(|(test, template)| HistoryItem {
            id: test.id.clone(),
            taken_at: test.taken_at.clone(),
            template: text(&template.name, ctx.lang).to_string(),
            priority: test
                .priority
                .as_ref()
                .and_then(|(d, _)| template.domain(d))
                .map(|def| text(&def.name, ctx.lang).to_string()),
        })
        .collect();
    ok(render(&state, &ctx, "weektest_index.html", view! { templates, history })?)
}

/// One domain in the totals form, with what was typed and what is wrong.
#[derive(Serialize, Default)]
struct DomainField {
    code: String,
    name: String,
    hint: String,
    hours: String,
    wished: String,
    satisfaction: String,
    errors: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct QuestionField {
    code: String,
    kind: &'static str,
    text: String,
    options: Vec<(String, String)>,
    min: Option<i64>,
    max: Option<i64>,
    value: String,
    error: Option<String>,
}

/// Typed values by field name, as the form sends them.
type Typed = BTreeMap<String, String>;

fn form_fields(
    template: &Template,
    lang: &str,
    typed: &Typed,
    errors: &BTreeMap<String, String>,
) -> Vec<DomainField> {
    template
        .domains
        .iter()
        .map(|d| {
            let get = |f: &str| typed.get(&format!("{}.{f}", d.code)).cloned().unwrap_or_default();
            let errs = ["hours", "wishedHours", "satisfaction"]
                .iter()
                .filter_map(|f| errors.get(&format!("{}.{f}", d.code)).map(|e| (f.to_string(), e.clone())))
                .collect();
            DomainField {
                code: d.code.clone(),
                name: text(&d.name, lang).into(),
                hint: text(&d.hint, lang).into(),
                hours: get("hours"),
                wished: get("wishedHours"),
                satisfaction: get("satisfaction"),
                errors: errs,
            }
        })
        .collect()
}

fn question_fields(
    template: &Template,
    lang: &str,
    typed: &Typed,
    errors: &BTreeMap<String, String>,
) -> Vec<QuestionField> {
    template
        .questions
        .iter()
        .map(|q| QuestionField {
            code: q.code.clone(),
            kind: match q.kind {
                QuestionKind::Choice => "choice",
                QuestionKind::Number => "number",
                QuestionKind::Text => "text",
            },
            text: text(&q.text, lang).into(),
            options: q.options.iter().map(|o| (o.code.clone(), text(&o.label, lang).to_string())).collect(),
            min: q.min,
            max: q.max,
            value: typed.get(&format!("q.{}", q.code)).cloned().unwrap_or_default(),
            error: errors.get(&format!("answers.{}", q.code)).cloned(),
        })
        .collect()
}

/// Sum of a column as typed, for the "it must make 168" message.
fn typed_sum(template: &Template, typed: &Typed, field: &str) -> f64 {
    template
        .domains
        .iter()
        .filter_map(|d| typed.get(&format!("{}.{field}", d.code)).and_then(|v| parse_number(v)))
        .filter(|v| v.is_finite())
        .sum()
}

/// Someone the viewer fills in the test for: a child they manage in their household.
#[derive(Serialize, Clone)]
struct ForWhom {
    id: String,
    name: String,
}

async fn for_whom(
    state: &AppState,
    ctx: &SignedIn,
    voor: Option<&str>,
) -> Result<Option<ForWhom>, PageError> {
    let me = ctx.person_id();
    let Some(id) = voor.filter(|v| !v.is_empty() && *v != me) else { return Ok(None) };
    let child = use_case::taken_for(state.store(), ctx.actor(), id).await?;
    Ok(Some(ForWhom { id: child.id, name: child.display_name }))
}

#[derive(Deserialize)]
pub struct Voor {
    voor: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    state: &AppState,
    ctx: &SignedIn,
    status: StatusCode,
    template: &Template,
    typed: &Typed,
    errors: BTreeMap<String, String>,
    from_grid: bool,
    for_person: Option<ForWhom>,
) -> PageResult {
    let lang = ctx.lang;
    let html = render(
        state,
        ctx,
        "weektest_form.html",
        view! {
            template => template_view(template, lang),
            domains => form_fields(template, lang, typed, &errors),
            questions => question_fields(template, lang, typed, &errors),
            sum_now => typed_sum(template, typed, "hours"),
            sum_wished => typed_sum(template, typed, "wishedHours"),
            has_errors => !errors.is_empty(),
            errors,
            from_grid,
            for_person,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn form(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Query(q): Query<Voor>,
) -> PageResult {
    let template = load_template(&state, &code).await?;
    let for_person = for_whom(&state, &ctx, q.voor.as_deref()).await?;
    form_page(&state, &ctx, StatusCode::OK, &template, &Typed::new(), BTreeMap::new(), false, for_person)
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let template = load_template(&state, &code).await?;
    let typed: Typed = fields.into_iter().collect();
    let for_person = for_whom(&state, &ctx, typed.get("voor").map(String::as_str)).await?;
    let raw: Vec<RawAnswer> = template
        .domains
        .iter()
        .map(|d| {
            let number = |f: &str| typed.get(&format!("{}.{f}", d.code)).and_then(|v| parse_number(v));
            RawAnswer {
                domain: d.code.clone(),
                hours: number("hours"),
                wished_hours: number("wishedHours"),
                satisfaction: number("satisfaction"),
            }
        })
        .collect();
    let extra: BTreeMap<String, String> = template
        .questions
        .iter()
        .filter_map(|q| typed.get(&format!("q.{}", q.code)).map(|v| (q.code.clone(), v.clone())))
        .collect();
    let person = for_person.as_ref().map(|f| f.id.as_str());
    let invalid =
        match use_case::take(state.store(), ctx.actor(), person, &template, &raw, &extra, Invalid::new())
            .await
        {
            Ok(test) => return Ok(Redirect::to(&format!("/weektest/uitslag/{}", test.id)).into_response()),
            Err(wijkwerk_app::Error::Invalid(invalid)) => invalid,
            Err(other) => return Err(other.into()),
        };
    // "domains[3].hours" → "<code of domain 3>.hours": the form shows it at the field.
    let errors = invalid
        .errors
        .iter()
        .map(|e| {
            let key = e
                .field
                .strip_prefix("domains[")
                .and_then(|rest| rest.split_once("]."))
                .and_then(|(i, f)| i.parse::<usize>().ok().map(|i| (i, f)))
                .and_then(|(i, f)| template.domains.get(i).map(|d| format!("{}.{f}", d.code)))
                .unwrap_or_else(|| e.field.clone());
            (key, format!("error-{}", e.code))
        })
        .collect();
    form_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, &template, &typed, errors, false, for_person)
}

/// The week grid: 7 days × 24 hours, each hour one domain. It only fills the
/// totals form; nothing is saved until that form is sent.
#[derive(Serialize)]
struct GridRow {
    hour: u32,
    cells: Vec<GridCell>,
}

#[derive(Serialize)]
struct GridCell {
    name: String,
    selected: String,
}

const DAYS: u32 = 7;

/// What an untouched hour counts as: the catch-all domain (HETUS group 9), or the last.
fn catch_all(template: &Template) -> &str {
    template
        .domains
        .iter()
        .find(|d| d.hetus.contains(&9))
        .unwrap_or(template.domains.last().expect("≥ 2 domains"))
        .code
        .as_str()
}

/// `?dagen`: the lighter way without the 168 hours, a typical weekday and a
/// typical weekend day told in a few blocks of time.
#[derive(Deserialize)]
pub struct GridQuery {
    dagen: Option<String>,
}

/// Rows of "from – to: what" per typical day.
const BLOCKS: usize = 6;

pub async fn grid(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Query(q): Query<GridQuery>,
) -> PageResult {
    let template = load_template(&state, &code).await?;
    if q.dagen.is_some() {
        let domains: Vec<(String, String)> =
            template.domains.iter().map(|d| (d.code.clone(), text(&d.name, ctx.lang).to_string())).collect();
        let catch_all_name =
            template.domain(catch_all(&template)).map(|d| text(&d.name, ctx.lang).to_string());
        return ok(render(
            &state,
            &ctx,
            "weektest_days.html",
            view! {
                template => template_view(&template, ctx.lang),
                domains,
                catch_all_name,
                days => ["weekday", "weekend"],
                blocks => (0..BLOCKS).collect::<Vec<_>>(),
            },
        )?);
    }
    let sleep = template.domains.first().map(|d| d.code.clone()).unwrap_or_default();
    let rows: Vec<GridRow> = (0..24)
        .map(|hour| GridRow {
            hour,
            cells: (0..DAYS)
                .map(|day| GridCell {
                    name: format!("c{day}-{hour}"),
                    // Nights start as sleep, so most people only change their days.
                    selected: if !(7..23).contains(&hour) { sleep.clone() } else { String::new() },
                })
                .collect(),
        })
        .collect();
    let domains: Vec<(String, String)> =
        template.domains.iter().map(|d| (d.code.clone(), text(&d.name, ctx.lang).to_string())).collect();
    let catch_all_name = template.domain(catch_all(&template)).map(|d| text(&d.name, ctx.lang).to_string());
    ok(render(
        &state,
        &ctx,
        "weektest_grid.html",
        view! { template => template_view(&template, ctx.lang), rows, domains, catch_all_name },
    )?)
}

pub async fn grid_submit(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let template = load_template(&state, &code).await?;
    let fallback = catch_all(&template).to_string();
    let mut hours: BTreeMap<String, u32> = template.domains.iter().map(|d| (d.code.clone(), 0)).collect();
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    if field("mode") == "days" {
        // A typical weekday counts five times, a weekend day twice.
        let sleep = template.domains.first().map(|d| d.code.as_str()).unwrap_or("");
        for (day, times) in [("weekday", 5), ("weekend", 2)] {
            let mut what: Vec<&str> =
                (0..24).map(|h| if (7..23).contains(&h) { fallback.as_str() } else { sleep }).collect();
            for block in 0..BLOCKS {
                let from = field(&format!("{day}-{block}-from")).parse::<usize>().ok();
                let to = field(&format!("{day}-{block}-to")).parse::<usize>().ok();
                let chosen = field(&format!("{day}-{block}-what"));
                if let (Some(from), Some(to), Some(_)) = (from, to, template.domain(chosen)) {
                    // "22 to 7" runs through midnight.
                    let span: Vec<usize> = if from < to {
                        (from..to).collect()
                    } else {
                        (from..24).chain(0..to.min(24)).collect()
                    };
                    for h in span.into_iter().filter(|h| *h < 24) {
                        what[h] = chosen;
                    }
                }
            }
            for w in what {
                *hours.entry(w.to_string()).or_default() += times;
            }
        }
    } else {
        for day in 0..DAYS {
            for hour in 0..24 {
                let chosen = field(&format!("c{day}-{hour}"));
                let domain = if template.domain(chosen).is_some() { chosen } else { fallback.as_str() };
                *hours.entry(domain.to_string()).or_default() += 1;
            }
        }
    }
    let mut typed = Typed::new();
    for (domain, h) in &hours {
        typed.insert(format!("{domain}.hours"), h.to_string());
        typed.insert(format!("{domain}.wishedHours"), h.to_string());
    }
    form_page(&state, &ctx, StatusCode::OK, &template, &typed, BTreeMap::new(), true, None)
}

pub async fn result(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    let store = state.store();
    let (test, template) = use_case::readable(store, ctx.actor(), &id).await?;
    let own = test.person_id == ctx.person_id();
    let owner = if own { None } else { wijkwerk_app::privacy::display_name(store, &test.person_id).await? };
    let view = result_view(&test, &template, ctx.lang);
    let priority = view.priority.as_ref().and_then(|(code, reason)| {
        template.domain(code).map(|d| {
            serde_json::json!({
                "code": code,
                "name": text(&d.name, ctx.lang),
                "reason": reason,
                "advice": text(&d.advice, ctx.lang),
                "next_step": text(&d.next_step, ctx.lang),
            })
        })
    });
    ok(render(
        &state,
        &ctx,
        "weektest_result.html",
        view! {
            test_id => test.id,
            taken_at => test.taken_at,
            owner,
            template => template_view(&template, ctx.lang),
            rows => view.rows,
            chart => view.chart,
            chart_height => view.chart_height,
            group_height => GROUP_HEIGHT,
            priority,
        },
    )?)
}
