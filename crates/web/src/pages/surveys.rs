//! Bevraging in the browser: a coördinator builds and opens a survey;
//! residents answer through a link, a QR code per buurt or a single-use code;
//! volunteers enter paper forms; everyone sees results without small groups;
//! coördinators export CSV and XLSX.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::{CSRF_COOKIE, Context, Ctx, set_cookie};
use crate::problem::PageError;
use crate::survey_view;
use axum::Form;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_domain::access::{SURVEY_PAPER as PAPER, WIJK_LEADS};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::survey::{self, OptionDef, QuestionDef, QuestionKind, RawAnswers, SurveyDef};
use wijkwerk_domain::weektest::{Texts, text};
use wijkwerk_domain::{Invalid, Role};
use wijkwerk_store::StoreError;
use wijkwerk_store::surveys::Survey;

fn errors_map(invalid: &Invalid) -> BTreeMap<String, String> {
    invalid.errors.iter().map(|e| (e.field.clone(), format!("error-{}", e.code))).collect()
}

async fn load(state: &AppState, id: &str) -> Result<Survey, PageError> {
    let survey = if is_id(id) { state.store().survey(id).await? } else { None };
    survey.ok_or_else(PageError::not_found)
}

/// Whether the viewer holds one of `roles` over a place of the survey.
pub(crate) async fn holds_role_over(
    state: &AppState,
    ctx: &Ctx,
    survey: &Survey,
    roles: &[Role],
) -> Result<bool, StoreError> {
    let Some(actor) = ctx.actor() else { return Ok(false) };
    for place in &survey.def.places {
        let path: Vec<String> = state.store().place_path(place).await?.into_iter().map(|p| p.code).collect();
        if roles.iter().any(|&r| actor.has_role_over(r, &path)) {
            return Ok(true);
        }
    }
    Ok(false)
}

async fn managed(state: &AppState, ctx: &Ctx, id: &str) -> Result<Survey, PageError> {
    let survey = load(state, id).await?;
    if holds_role_over(state, ctx, &survey, WIJK_LEADS).await? {
        Ok(survey)
    } else {
        Err(PageError::forbidden("error-page-forbidden"))
    }
}

/// The buurten of the survey's wijken, `(code, name)`.
pub(crate) async fn buurten(
    state: &AppState,
    survey: &SurveyDef,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut out = Vec::new();
    for wijk in &survey.places {
        for b in state.store().children(wijk).await? {
            out.push((b.code, b.name));
        }
    }
    Ok(out)
}

/// Wijken where the viewer leads: where a survey can be for.
async fn my_wijken(state: &AppState, ctx: &Ctx) -> Result<Vec<(String, String)>, PageError> {
    let actor = ctx.actor().expect("signed in");
    let mut out: Vec<(String, String)> = Vec::new();
    for a in actor.roles.iter().filter(|a| WIJK_LEADS.contains(&a.role)) {
        let place = state.store().place(&a.place_code).await?;
        let mut candidates = Vec::new();
        match place {
            Some(p) if p.level == wijkwerk_domain::PlaceLevel::Wijk => candidates.push(p),
            Some(p) => {
                // A gemeente or land role covers the wijken below it.
                for child in state.store().children(&p.code).await? {
                    if child.level == wijkwerk_domain::PlaceLevel::Wijk {
                        candidates.push(child);
                    } else {
                        candidates.extend(
                            state
                                .store()
                                .children(&child.code)
                                .await?
                                .into_iter()
                                .filter(|c| c.level == wijkwerk_domain::PlaceLevel::Wijk),
                        );
                    }
                }
            }
            None => {}
        }
        for c in candidates {
            if !out.iter().any(|(code, _)| *code == c.code) {
                out.push((c.code, c.name));
            }
        }
    }
    Ok(out)
}

fn texts(nl: &str, en: &str) -> Texts {
    let mut t = Texts::new();
    if !nl.trim().is_empty() {
        t.insert("nl".into(), nl.trim().into());
    }
    if !en.trim().is_empty() {
        t.insert("en".into(), en.trim().into());
    }
    t
}

#[derive(Serialize)]
struct SurveyListItem {
    id: String,
    title: String,
    status: String,
    created_at: String,
}

pub async fn index(State(state): State<AppState>, ctx: Context) -> PageResult {
    let wijken = my_wijken(&state, &ctx).await?;
    let codes: Vec<String> = wijken.iter().map(|(c, _)| c.clone()).collect();
    let surveys: Vec<SurveyListItem> = state
        .store()
        .surveys_in(&codes)
        .await?
        .into_iter()
        .map(|s| SurveyListItem {
            title: text(&s.def.title, ctx.lang).into(),
            id: s.id,
            status: s.status,
            created_at: s.created_at,
        })
        .collect();
    ok(render(
        &state,
        &ctx,
        "surveys.html",
        view! { surveys, wijken, errors => BTreeMap::<String, String>::new() },
    )?)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Context,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let wijken = my_wijken(&state, &ctx).await?;
    let codes: Vec<&str> = wijken.iter().map(|(c, _)| c.as_str()).collect();
    let def = SurveyDef {
        title: texts(get("title_nl"), get("title_en")),
        intro: texts(get("intro_nl"), get("intro_en")),
        places: fields.iter().filter(|(k, _)| k == "places").map(|(_, v)| v.clone()).collect(),
        use_tokens: get("use_tokens") == "ja",
        questions: Vec::new(),
    };
    // A new survey has no questions yet: check all but that.
    let mut invalid = survey::check_definition(&def, &codes, &[]).err().unwrap_or_default();
    invalid.errors.retain(|e| e.field != "questions");
    if !invalid.is_empty() {
        let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        let surveys: Vec<SurveyListItem> = state
            .store()
            .surveys_in(&codes)
            .await?
            .into_iter()
            .map(|s| SurveyListItem {
                title: text(&s.def.title, ctx.lang).into(),
                id: s.id,
                status: s.status,
                created_at: s.created_at,
            })
            .collect();
        let html =
            render(&state, &ctx, "surveys.html", view! { surveys, wijken, errors => errors_map(&invalid) })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    let id = state.store().create_survey(&def, ctx.person_id()).await?;
    Ok(Redirect::to(&format!("/enquetes/{id}")).into_response())
}

async fn builder(
    state: &AppState,
    ctx: &Ctx,
    survey: Survey,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let buurten = buurten(state, &survey.def).await?;
    let domains = super::socialmap::domain_options(state, ctx.lang).await?;
    let questions: Vec<serde_json::Value> = survey
        .def
        .questions
        .iter()
        .map(|q| {
            serde_json::json!({
                "code": q.code, "kind": q.kind, "text": text(&q.text, ctx.lang), "required": q.required,
                "options": q.options.iter().map(|o| text(&o.label, ctx.lang).to_string()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let (_, totals) = state.store().survey_counts(&survey.id, None).await?;
    let responses = totals.iter().find(|(k, _, _)| k == "all").map(|(_, _, n)| *n).unwrap_or(0);
    let html = render(
        state,
        ctx,
        "survey_builder.html",
        view! {
            id => survey.id,
            title => text(&survey.def.title, ctx.lang),
            status_value => survey.status,
            use_tokens => survey.def.use_tokens,
            questions,
            buurten,
            domains,
            responses,
            kinds => ["single", "multiple", "scale", "ranking", "text", "respondent-type"],
            errors,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    let survey = managed(&state, &ctx, &id).await?;
    builder(&state, &ctx, survey, StatusCode::OK, BTreeMap::new()).await
}

/// Adds a question. Options are one per line: `Dutch text | English text | domain`.
pub async fn add_question(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let mut survey = managed(&state, &ctx, &id).await?;
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    if survey.status != "draft" {
        let errors = BTreeMap::from([("question".to_string(), "error-survey-not-draft".to_string())]);
        return builder(&state, &ctx, survey, StatusCode::CONFLICT, errors).await;
    }
    let kind = match get("kind") {
        "single" => Some(QuestionKind::Single),
        "multiple" => Some(QuestionKind::Multiple),
        "scale" => Some(QuestionKind::Scale),
        "ranking" => Some(QuestionKind::Ranking),
        "text" => Some(QuestionKind::Text),
        "respondent-type" => Some(QuestionKind::RespondentType),
        _ => None,
    };
    let options: Vec<OptionDef> = get("options")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            OptionDef {
                code: format!("o{}", i + 1),
                label: texts(parts.first().copied().unwrap_or(""), parts.get(1).copied().unwrap_or("")),
                theme: parts.get(2).map(|t| t.to_string()).filter(|t| !t.is_empty()),
            }
        })
        .collect();
    let mut invalid = Invalid::new();
    let Some(kind) = kind else {
        invalid.add("kind", "kind-unknown");
        return builder(&state, &ctx, survey, StatusCode::UNPROCESSABLE_ENTITY, errors_map(&invalid)).await;
    };
    let code = format!("v{}", survey.def.questions.len() + 1);
    survey.def.questions.push(QuestionDef {
        code,
        kind,
        text: texts(get("text_nl"), get("text_en")),
        required: get("required") == "ja",
        options,
        top: get("top").parse().ok(),
    });
    let wijken: Vec<&str> = survey.def.places.iter().map(String::as_str).collect();
    let domains = super::socialmap::domain_options(&state, ctx.lang).await?;
    let domain_codes: Vec<&str> = domains.iter().map(|(c, _)| c.as_str()).collect();
    if let Err(invalid) = survey::check_definition(&survey.def, &wijken, &domain_codes) {
        // Field names point into the question list; the form shows them at the new question.
        let mut errors = BTreeMap::new();
        for e in &invalid.errors {
            let field = e.field.rsplit('.').next().unwrap_or(&e.field).to_string();
            errors.insert(field, format!("error-{}", e.code));
        }
        let fresh = load(&state, &id).await?;
        return builder(&state, &ctx, fresh, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    }
    state.store().update_survey(&id, &survey.def).await?;
    Ok(Redirect::to(&format!("/enquetes/{id}#vragen")).into_response())
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> PageResult {
    let survey = managed(&state, &ctx, &id).await?;
    if form.status == "open" && survey.def.questions.is_empty() {
        let errors = BTreeMap::from([("status".to_string(), "error-questions-required".to_string())]);
        return builder(&state, &ctx, survey, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    }
    match state.store().set_survey_status(&id, &form.status).await {
        Ok(()) => Ok(Redirect::to(&format!("/enquetes/{id}")).into_response()),
        Err(StoreError::Invalid(i)) => {
            builder(&state, &ctx, survey, StatusCode::UNPROCESSABLE_ENTITY, errors_map(&i)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CodesForm {
    #[serde(default)]
    buurt: String,
    #[serde(default)]
    count: String,
}

/// Makes single-use codes and hands them out at once as a CSV for a mail
/// merge: only their hashes are kept.
pub async fn codes(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Form(form): Form<CodesForm>,
) -> PageResult {
    let survey = managed(&state, &ctx, &id).await?;
    let buurten = buurten(&state, &survey.def).await?;
    let count: usize = form.count.trim().parse().unwrap_or(0);
    let mut invalid = Invalid::new();
    if !buurten.iter().any(|(c, _)| *c == form.buurt) {
        invalid.add("buurt", "place-unknown");
    }
    if !(1..=5000).contains(&count) {
        invalid.add("count", "number-out-of-range");
    }
    if !invalid.is_empty() {
        return builder(&state, &ctx, survey, StatusCode::UNPROCESSABLE_ENTITY, errors_map(&invalid)).await;
    }
    let tokens = state.store().create_survey_tokens(&id, Some(&form.buurt), count).await?;
    let mut csv = String::from("buurt,code,link\r\n");
    for t in tokens {
        csv.push_str(&format!("{},{t},/enquete/{id}?code={t}\r\n", form.buurt));
    }
    let mut res = csv.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    res.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"codes-{}.csv\"", form.buurt)).expect("ascii"),
    );
    Ok(res)
}

/// A printable poster for one buurt: the link, and a QR code of it.
pub async fn poster(
    State(state): State<AppState>,
    ctx: Context,
    Path((id, buurt)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> PageResult {
    let survey = managed(&state, &ctx, &id).await?;
    let buurten = buurten(&state, &survey.def).await?;
    let name =
        buurten.iter().find(|(c, _)| *c == buurt).map(|(_, n)| n.clone()).ok_or_else(PageError::not_found)?;
    // Six letters to type for whoever cannot scan the code.
    let code = state.store().survey_link(&id, &buurt).await?;
    let path = format!("{}/e/{code}", site_of(&headers));
    let qr_path = format!("/enquete/qr/{id}/{buurt}");
    ok(render(
        &state,
        &ctx,
        "survey_poster.html",
        view! { title => text(&survey.def.title, ctx.lang), buurt_name => name, path, qr_path },
    )?)
}

/// The address people type or scan: scheme and host as this request came in
/// (a proxy in front says `X-Forwarded-Proto: https`).
pub fn site_of(headers: &axum::http::HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let https = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) == Some("https");
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// The QR code of a survey link as SVG (for posters and screens).
pub async fn qr(
    State(state): State<AppState>,
    Path((id, buurt)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> PageResult {
    let survey = load(&state, &id).await?;
    if !buurten(&state, &survey.def).await?.iter().any(|(c, _)| *c == buurt) {
        return Err(PageError::not_found());
    }
    // The short link: fewer modules, so the code scans from further away.
    let link = state.store().survey_link(&id, &buurt).await?;
    let url = format!("{}/e/{link}", site_of(&headers));
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|_| PageError::internal())?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(320, 320).build();
    let mut res = svg.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    Ok(res)
}

/// A poster's short link: on to the survey for that buurt.
pub async fn short_link(State(state): State<AppState>, Path(code): Path<String>) -> PageResult {
    if code.len() > 20 {
        return Err(PageError::not_found());
    }
    let (id, buurt) = state.store().survey_link_target(&code).await?.ok_or_else(PageError::not_found)?;
    Ok(axum::response::Redirect::to(&format!("/enquete/{id}?buurt={buurt}")).into_response())
}

#[derive(Deserialize, Default)]
pub struct RespondQuery {
    buurt: Option<String>,
    code: Option<String>,
}

/// The questions as a form shows them.
fn question_views(
    def: &SurveyDef,
    lang: &str,
    type_label: &dyn Fn(&str) -> String,
) -> Vec<serde_json::Value> {
    def.questions
        .iter()
        .map(|q| {
            let options: Vec<(String, String)> = match q.kind {
                QuestionKind::RespondentType => {
                    survey::RESPONDENT_TYPES.iter().map(|t| (t.to_string(), type_label(t))).collect()
                }
                _ => q.options.iter().map(|o| (o.code.clone(), text(&o.label, lang).to_string())).collect(),
            };
            serde_json::json!({
                "code": q.code, "kind": q.kind, "text": text(&q.text, lang), "required": q.required,
                "options": options, "top": q.top_n(),
            })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn respond_page(
    state: &AppState,
    ctx: &Ctx,
    survey: &Survey,
    status: StatusCode,
    buurt: Option<String>,
    code: Option<String>,
    errors: BTreeMap<String, String>,
    typed: &RawAnswers,
    paper: bool,
) -> PageResult {
    let i18n = state.i18n();
    let type_label = |t: &str| i18n.t(ctx.lang, &format!("respondent-{t}"));
    let buurten = buurten(state, &survey.def).await?;
    // Anonymous visitors need a form token before they post.
    let (csrf, fresh) = match ctx.form_csrf() {
        Some(t) => (t.to_string(), false),
        None => (wijkwerk_store::secrets::new_token(), true),
    };
    let html = render(
        state,
        ctx,
        "survey_respond.html",
        view! {
            id => survey.id,
            title => text(&survey.def.title, ctx.lang),
            intro => text(&survey.def.intro, ctx.lang),
            status_value => survey.status,
            questions => question_views(&survey.def, ctx.lang, &type_label),
            buurten,
            buurt,
            code,
            use_tokens => survey.def.use_tokens,
            errors,
            typed,
            paper,
            form_csrf => csrf,
        },
    )?;
    let mut res = (status, html).into_response();
    if fresh && let Ok(v) = HeaderValue::from_str(&set_cookie(state, CSRF_COOKIE, &csrf, None)) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

pub async fn respond_form(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Query(q): Query<RespondQuery>,
) -> PageResult {
    let survey = load(&state, &id).await?;
    if survey.status == "draft" && !holds_role_over(&state, &ctx, &survey, WIJK_LEADS).await? {
        return Err(PageError::not_found());
    }
    // A code fixes the buurt it was made for.
    let mut buurt = q.buurt.clone();
    if let Some(code) = &q.code
        && let Some(b) = state.store().survey_token(&id, code).await?
    {
        buurt = b;
    }
    respond_page(
        &state,
        &ctx,
        &survey,
        StatusCode::OK,
        buurt,
        q.code,
        BTreeMap::new(),
        &RawAnswers::new(),
        false,
    )
    .await
}

/// Reads answers from a form: `q.<code>` fields, repeated for multiple choice;
/// rankings as `q.<code>.1`, `q.<code>.2`, … in order.
fn answers_from_form(def: &SurveyDef, fields: &[(String, String)]) -> RawAnswers {
    let mut out = RawAnswers::new();
    for q in &def.questions {
        let values: Vec<String> = if q.kind == QuestionKind::Ranking {
            (1..=q.top_n())
                .filter_map(|i| {
                    fields.iter().find(|(k, _)| *k == format!("q.{}.{i}", q.code)).map(|(_, v)| v.clone())
                })
                .collect()
        } else {
            fields.iter().filter(|(k, _)| *k == format!("q.{}", q.code)).map(|(_, v)| v.clone()).collect()
        };
        let values: Vec<String> = values.into_iter().filter(|v| !v.trim().is_empty()).collect();
        if !values.is_empty() {
            out.insert(q.code.clone(), values);
        }
    }
    out
}

/// Why a response was not taken.
pub(crate) enum Refused {
    Closed,
    Invalid(Invalid),
    Store(StoreError),
}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Refused {
        match e {
            StoreError::Invalid(i) => Refused::Invalid(i),
            other => Refused::Store(other),
        }
    }
}

/// Checks and stores one response; shared by the form, paper entry and the
/// API. Online answers to a survey with codes need an unused code; the code
/// fixes the buurt. `entered_by` marks paper forms.
pub(crate) async fn accept_response(
    state: &AppState,
    survey: &Survey,
    mut buurt: Option<String>,
    code: Option<&str>,
    raw: &RawAnswers,
    entered_by: Option<Option<&str>>,
) -> Result<String, Refused> {
    if survey.status != "open" {
        return Err(Refused::Closed);
    }
    let paper = entered_by.is_some();
    let mut invalid = Invalid::new();
    if survey.def.use_tokens && !paper {
        match code {
            None => invalid.add("code", "required"),
            Some(c) => match state.store().survey_token(&survey.id, c).await? {
                Some(b) => buurt = b.or(buurt),
                None => invalid.add("code", "code-used-or-unknown"),
            },
        }
    }
    let buurten = buurten(state, &survey.def).await?;
    let codes: Vec<&str> = buurten.iter().map(|(c, _)| c.as_str()).collect();
    let checked = survey::check_response(&survey.def, &codes, buurt.as_deref(), raw);
    if let Err(e) = &checked {
        invalid.errors.extend(e.errors.iter().cloned());
    }
    if !invalid.is_empty() {
        return Err(Refused::Invalid(invalid));
    }
    let checked = checked.expect("checked");
    let token = if survey.def.use_tokens && !paper { code } else { None };
    let (channel, by) = match entered_by {
        Some(by) => ("paper", by),
        None => ("online", None),
    };
    Ok(state.store().submit_response(&survey.id, &checked, channel, by, token).await?)
}

async fn take_response(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    fields: Vec<(String, String)>,
    paper: bool,
) -> PageResult {
    let survey = load(state, id).await?;
    let get = |k: &str| {
        fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    let raw = answers_from_form(&survey.def, &fields);
    let code = get("code");
    let buurt = get("buurt");
    let entered_by = paper.then(|| ctx.person_id());
    match accept_response(state, &survey, buurt.clone(), code.as_deref(), &raw, entered_by).await {
        Ok(_) if paper => Ok(Redirect::to(&format!("/enquetes/{id}/papier?klaar=1")).into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/enquete/{id}/bedankt")).into_response()),
        Err(Refused::Closed) => {
            let errors = BTreeMap::from([("survey".to_string(), "error-survey-closed".to_string())]);
            respond_page(state, ctx, &survey, StatusCode::CONFLICT, buurt, code, errors, &raw, paper).await
        }
        Err(Refused::Invalid(i)) => {
            respond_page(
                state,
                ctx,
                &survey,
                StatusCode::UNPROCESSABLE_ENTITY,
                buurt,
                code,
                errors_map(&i),
                &raw,
                paper,
            )
            .await
        }
        Err(Refused::Store(e)) => Err(e.into()),
    }
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    take_response(&state, &ctx, &id, fields, false).await
}

pub async fn thanks(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    let survey = load(&state, &id).await?;
    ok(render(
        &state,
        &ctx,
        "survey_thanks.html",
        view! { id => survey.id, title => text(&survey.def.title, ctx.lang) },
    )?)
}

#[derive(Deserialize)]
pub struct PaperQuery {
    klaar: Option<String>,
}

pub async fn paper_form(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Query(q): Query<PaperQuery>,
) -> PageResult {
    let survey = load(&state, &id).await?;
    if !holds_role_over(&state, &ctx, &survey, PAPER).await? {
        return Err(PageError::forbidden("error-page-forbidden"));
    }
    let mut errors = BTreeMap::new();
    if q.klaar.is_some() {
        errors.insert("done".to_string(), "survey-paper-saved".to_string());
    }
    respond_page(&state, &ctx, &survey, StatusCode::OK, None, None, errors, &RawAnswers::new(), true).await
}

pub async fn paper(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let survey = load(&state, &id).await?;
    if !holds_role_over(&state, &ctx, &survey, PAPER).await? {
        return Err(PageError::forbidden("error-page-forbidden"));
    }
    take_response(&state, &ctx, &id, fields, true).await
}

#[derive(Deserialize)]
pub struct ResultsQuery {
    per: Option<String>,
}

pub async fn results(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> PageResult {
    let survey = load(&state, &id).await?;
    let manager = holds_role_over(&state, &ctx, &survey, WIJK_LEADS).await?;
    if survey.status == "draft" && !manager {
        return Err(PageError::not_found());
    }
    let by = match q.per.as_deref() {
        Some("buurt") => Some("buurt"),
        Some("type") => Some("respondentType"),
        _ => None,
    };
    let view = build_results(&state, &survey, by, ctx.lang).await?;
    // Open answers: only for the wijk's leads.
    let mut texts: Vec<(String, Vec<(Option<String>, String)>)> = Vec::new();
    if manager {
        for question in survey.def.questions.iter().filter(|q| q.kind == QuestionKind::Text) {
            texts.push((
                text(&question.text, ctx.lang).to_string(),
                state.store().survey_texts(&id, &question.code, 100).await?,
            ));
        }
    }
    ok(render(
        &state,
        &ctx,
        "survey_results.html",
        view! { id => survey.id, title => text(&survey.def.title, ctx.lang), results => view, per => q.per.unwrap_or_default(), manager, texts },
    )?)
}

/// Results with every small group hidden; shared by the page and the API.
pub async fn build_results(
    state: &AppState,
    survey: &Survey,
    by: Option<&str>,
    lang: &str,
) -> Result<survey_view::Results, wijkwerk_store::StoreError> {
    let kind = by.map(|b| if b == "respondentType" { "type" } else { "buurt" });
    let (counts, totals) = state.store().survey_counts(&survey.id, kind).await?;
    let mut labels = BTreeMap::new();
    for wijk in &survey.def.places {
        for b in state.store().children(wijk).await? {
            labels.insert(b.code, b.name);
        }
    }
    let i18n = state.i18n();
    labels.insert(
        String::new(),
        i18n.t(lang, if by == Some("buurt") { "sv-group-no-buurt" } else { "sv-group-not-said" }),
    );
    let type_label = |t: &str| i18n.t(lang, &format!("respondent-{t}"));
    Ok(survey_view::results(
        &survey.def,
        &counts,
        &totals,
        by,
        state.store().min_group_size(),
        lang,
        &labels,
        &type_label,
    ))
}

/// CSV or XLSX of every response, one row each, streamed. Buurt and
/// respondent type are blanked for groups under the minimum (and one more
/// group where a lone small one could be worked out).
pub async fn export_csv(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    export(&state, &ctx, id, "csv").await
}

pub async fn export_xlsx(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    export(&state, &ctx, id, "xlsx").await
}

async fn export(state: &AppState, ctx: &Ctx, id: String, format: &str) -> PageResult {
    let survey = managed(state, ctx, &id).await?;
    let min = state.store().min_group_size();
    let visible = |sizes: Vec<(String, u64)>| -> Vec<String> {
        let counts: Vec<u64> = sizes.iter().map(|(_, n)| *n).collect();
        let shown = wijkwerk_domain::privacy::suppress(&counts, min, true).cells;
        sizes.into_iter().zip(shown).filter(|(_, s)| s.is_some()).map(|((k, _), _)| k).collect()
    };
    let buurten_shown = visible(state.store().survey_group_sizes(&id, "buurt").await?);
    let types_shown = visible(state.store().survey_group_sizes(&id, "type").await?);
    let exporter = crate::export::Exporter::new(survey.def.clone(), buurten_shown, types_shown, ctx.lang);
    let filename = format!("enquete-{}.{format}", &id[..8]);
    let store = state.store().clone();
    let body = if format == "csv" {
        Body::from_stream(crate::export::csv_stream(store, id, exporter))
    } else {
        Body::from_stream(
            crate::export::xlsx_stream(store, id, exporter).await.map_err(|_| PageError::internal())?,
        )
    };
    let content_type = if format == "csv" {
        "text/csv; charset=utf-8"
    } else {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    };
    let mut res: Response = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")).expect("ascii"),
    );
    Ok(res)
}
