//! Bevraging in the browser: a coördinator builds and opens a survey;
//! residents answer through a link, a QR code per buurt or a single-use code;
//! volunteers enter paper forms; everyone sees results without small groups;
//! coördinators export CSV and XLSX.

use super::{PageResult, errors_map, ok, render};
use crate::AppState;
use crate::context::{CSRF_COOKIE, Context, Ctx, SignedIn, set_cookie};
use crate::problem::PageError;
use axum::Form;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::surveys::{self as use_case, Breakdown, Start};
use wijkwerk_domain::Invalid;
use wijkwerk_domain::survey::{self, OptionDef, QuestionDef, QuestionKind, RawAnswers, SurveyDef};
use wijkwerk_domain::texts::{Texts, text};
use wijkwerk_store::surveys::Survey;

/// Form errors from a refusal: invalid fields and conflicts stay on the form;
/// anything else is an error page.
fn form_errors(e: wijkwerk_app::Error) -> Result<BTreeMap<String, String>, PageError> {
    match e {
        wijkwerk_app::Error::Invalid(i) => Ok(errors_map(&i)),
        wijkwerk_app::Error::Conflict(code) => Ok(BTreeMap::from([(
            if code == "survey-not-draft" { "question" } else { "survey" }.to_string(),
            format!("error-{code}"),
        )])),
        other => Err(other.into()),
    }
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

/// The surveys of the wijken the viewer leads, titled in their language.
async fn survey_list(state: &AppState, ctx: &SignedIn) -> Result<Vec<SurveyListItem>, PageError> {
    let surveys = use_case::led_by(state.store(), ctx.actor()).await?;
    Ok(surveys
        .into_iter()
        .map(|s| SurveyListItem {
            title: text(&s.def.title, ctx.lang).into(),
            id: s.id,
            status: s.status,
            created_at: s.created_at,
        })
        .collect())
}

pub async fn index(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    let wijken = use_case::wijken_led_by(state.store(), ctx.actor()).await?;
    let surveys = survey_list(&state, &ctx).await?;
    ok(render(
        &state,
        &ctx,
        "surveys.html",
        view! { surveys, wijken, errors => BTreeMap::<String, String>::new() },
    )?)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let def = SurveyDef {
        title: texts(get("title_nl"), get("title_en")),
        intro: texts(get("intro_nl"), get("intro_en")),
        places: fields.iter().filter(|(k, _)| k == "places").map(|(_, v)| v.clone()).collect(),
        use_tokens: get("use_tokens") == "ja",
        questions: Vec::new(),
    };
    // The builder adds the questions one by one afterwards.
    let errors = match use_case::create(state.store(), ctx.actor(), &def, Start::EmptyDraft).await {
        Ok(survey) => return Ok(Redirect::to(&format!("/enquetes/{}", survey.id)).into_response()),
        Err(e) => form_errors(e)?,
    };
    let wijken = use_case::wijken_led_by(state.store(), ctx.actor()).await?;
    let surveys = survey_list(&state, &ctx).await?;
    let html = render(&state, &ctx, "surveys.html", view! { surveys, wijken, errors })?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

async fn builder(
    state: &AppState,
    ctx: &Ctx,
    survey: Survey,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let buurten = use_case::buurten(state.store(), &survey.def).await?;
    let domains = wijkwerk_app::places::life_domains(state.store(), ctx.lang).await?;
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
    // The leads see the true number: they can read every answer anyway.
    let responses = use_case::received(state.store(), ctx.actor(), &survey).await?.unwrap_or(0);
    let html = render(
        state,
        ctx,
        "survey_builder.html",
        view! {
            survey_link => format!("{}/enquete/{}", ctx.site, survey.id),
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

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    let survey = use_case::managed(state.store(), ctx.actor(), &id).await?;
    builder(&state, &ctx, survey, StatusCode::OK, BTreeMap::new()).await
}

/// Adds a question. Options are one per line: `Dutch text | English text | domain`.
pub async fn add_question(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let survey = use_case::managed(state.store(), ctx.actor(), &id).await?;
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let kind = match get("kind") {
        "single" => QuestionKind::Single,
        "multiple" => QuestionKind::Multiple,
        "scale" => QuestionKind::Scale,
        "ranking" => QuestionKind::Ranking,
        "text" => QuestionKind::Text,
        "respondent-type" => QuestionKind::RespondentType,
        _ => {
            let errors = errors_map(&Invalid::single("kind", "kind-unknown"));
            return builder(&state, &ctx, survey, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
        }
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
    let question = QuestionDef {
        code: format!("v{}", survey.def.questions.len() + 1),
        kind,
        text: texts(get("text_nl"), get("text_en")),
        required: get("required") == "ja",
        options,
        top: get("top").parse().ok(),
    };
    match use_case::add_question(state.store(), ctx.actor(), &id, question).await {
        Ok(()) => Ok(Redirect::to(&format!("/enquetes/{id}#vragen")).into_response()),
        Err(wijkwerk_app::Error::Invalid(invalid)) => {
            // Field names point into the question list; the form shows them at the new question.
            let mut errors = BTreeMap::new();
            for e in &invalid.errors {
                let field = e.field.rsplit('.').next().unwrap_or(&e.field).to_string();
                errors.insert(field, format!("error-{}", e.code));
            }
            builder(&state, &ctx, survey, StatusCode::UNPROCESSABLE_ENTITY, errors).await
        }
        Err(wijkwerk_app::Error::Conflict(code)) => {
            let errors = BTreeMap::from([("question".to_string(), format!("error-{code}"))]);
            builder(&state, &ctx, survey, StatusCode::CONFLICT, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> PageResult {
    match use_case::set_status(state.store(), ctx.actor(), &id, &form.status).await {
        Ok(()) => Ok(Redirect::to(&format!("/enquetes/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(e)?;
            let survey = use_case::managed(state.store(), ctx.actor(), &id).await?;
            builder(&state, &ctx, survey, StatusCode::UNPROCESSABLE_ENTITY, errors).await
        }
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
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<CodesForm>,
) -> PageResult {
    let count: usize = form.count.trim().parse().unwrap_or(0);
    let tokens = match use_case::make_codes(state.store(), ctx.actor(), &id, &form.buurt, count).await {
        Ok(tokens) => tokens,
        Err(e) => {
            let errors = form_errors(e)?;
            let survey = use_case::managed(state.store(), ctx.actor(), &id).await?;
            return builder(&state, &ctx, survey, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
        }
    };
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
    ctx: SignedIn,
    Path((id, buurt)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> PageResult {
    let (survey, name, code) = use_case::poster(state.store(), ctx.actor(), &id, &buurt).await?;
    let path = format!("{}/e/{code}", crate::context::site_of(&headers));
    let qr_path = format!("/enquete/qr/{id}/{buurt}");
    ok(render(
        &state,
        &ctx,
        "survey_poster.html",
        view! { title => text(&survey.def.title, ctx.lang), buurt_name => name, path, qr_path },
    )?)
}

/// The QR code of a survey link as SVG (for posters and screens).
pub async fn qr(
    State(state): State<AppState>,
    Path((id, buurt)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> PageResult {
    let link = use_case::public_short_link(state.store(), &id, &buurt).await?;
    let url = format!("{}/e/{link}", crate::context::site_of(&headers));
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|_| PageError::internal())?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(320, 320).build();
    let mut res = svg.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    Ok(res)
}

/// A poster's short link: on to the survey for that buurt.
pub async fn short_link(State(state): State<AppState>, Path(code): Path<String>) -> PageResult {
    let (id, buurt) = use_case::follow_short_link(state.store(), &code).await?;
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
    let buurten = use_case::buurten(state.store(), &survey.def).await?;
    // Anonymous visitors need a form token before they post.
    let (csrf, fresh) = match ctx.form_csrf() {
        Some(t) => (t.to_string(), false),
        None => (wijkwerk_store::secrets::new_token(), true),
    };
    // The error summary names each question whose answer is missing or wrong.
    let mut error_labels: BTreeMap<String, String> = survey
        .def
        .questions
        .iter()
        .map(|q| (format!("answers.{}", q.code), text(&q.text, ctx.lang).to_string()))
        .collect();
    error_labels.insert("code".into(), i18n.t(ctx.lang, "sv-code-label"));
    error_labels.insert("buurt".into(), i18n.t(ctx.lang, "sv-buurt"));
    let html = render(
        state,
        ctx,
        "survey_respond.html",
        view! {
            error_labels,
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
    let (survey, _) = use_case::visible(state.store(), ctx.actor(), &id).await?;
    // A code fixes the buurt it was made for.
    let mut buurt = q.buurt.clone();
    if let Some(code) = &q.code
        && let Some(b) = use_case::buurt_of_code(state.store(), &id, code).await?
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

async fn take_response(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    fields: Vec<(String, String)>,
    source: Option<String>,
) -> PageResult {
    // Typed in from paper by a signed-in wijkwerker: not counted per source.
    let paper = source.is_none();
    let survey = match paper {
        true => {
            use_case::for_paper_entry(state.store(), ctx.actor().ok_or_else(PageError::not_found)?, id)
                .await?
        }
        false => use_case::visible(state.store(), ctx.actor(), id).await?.0,
    };
    let get = |k: &str| {
        fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    let raw = answers_from_form(&survey.def, &fields);
    let code = get("code");
    let buurt = get("buurt");
    let response = use_case::Response {
        buurt: buurt.clone(),
        code: code.as_deref(),
        answers: &raw,
        entered_by: paper.then(|| ctx.person_id()),
        source: source.as_deref(),
    };
    match use_case::submit_response(state.store(), ctx.actor(), id, response).await {
        Ok(_) if paper => Ok(Redirect::to(&format!("/enquetes/{id}/papier?klaar=1")).into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/enquete/{id}/bedankt")).into_response()),
        Err(e @ wijkwerk_app::Error::TooMany { .. }) => Err(e.into()),
        Err(e) => {
            let status = match e {
                wijkwerk_app::Error::Conflict(_) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let errors = form_errors(e)?;
            respond_page(state, ctx, &survey, status, buurt, code, errors, &raw, paper).await
        }
    }
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: Context,
    client: crate::context::ClientAddr,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let source = client.text().unwrap_or_else(|| "unknown".into());
    take_response(&state, &ctx, &id, fields, Some(source)).await
}

pub async fn thanks(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    let (survey, _) = use_case::visible(state.store(), ctx.actor(), &id).await?;
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
    ctx: SignedIn,
    Path(id): Path<String>,
    Query(q): Query<PaperQuery>,
) -> PageResult {
    let survey = use_case::for_paper_entry(state.store(), ctx.actor(), &id).await?;
    let mut errors = BTreeMap::new();
    if q.klaar.is_some() {
        errors.insert("done".to_string(), "survey-paper-saved".to_string());
    }
    respond_page(&state, &ctx, &survey, StatusCode::OK, None, None, errors, &RawAnswers::new(), true).await
}

pub async fn paper(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    take_response(&state, &ctx, &id, fields, None).await
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
    let (survey, manager) = use_case::visible(state.store(), ctx.actor(), &id).await?;
    let by = match q.per.as_deref() {
        Some("buurt") => Some(Breakdown::Buurt),
        Some("type") => Some(Breakdown::RespondentType),
        _ => None,
    };
    let labels = crate::i18n::survey_labels(state.i18n(), ctx.lang, by);
    let view = use_case::results(state.store(), &survey, by, &labels).await?;
    // Open answers: only for the wijk's leads.
    let texts = use_case::open_answers(state.store(), &survey, manager, ctx.lang).await?;
    // The leads see how many answered even while every group is still too
    // small to show: they hold the single responses anyway (the export).
    let received = use_case::received(state.store(), ctx.actor(), &survey).await?;
    ok(render(
        &state,
        &ctx,
        "survey_results.html",
        view! {
            id => survey.id,
            title => text(&survey.def.title, ctx.lang),
            results => view,
            per => q.per.unwrap_or_default(),
            manager,
            received,
            texts,
            codes_only => survey.def.use_tokens,
        },
    )?)
}

/// CSV or XLSX of every response, one row each, streamed. Buurt and
/// respondent type are blanked for groups under the minimum (and one more
/// group where a lone small one could be worked out).
pub async fn export_csv(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    export(&state, &ctx, id, "csv").await
}

pub async fn export_xlsx(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    export(&state, &ctx, id, "xlsx").await
}

async fn export(state: &AppState, ctx: &SignedIn, id: String, format: &str) -> PageResult {
    let (survey, classes) = use_case::start_export(state.store(), ctx.actor(), &id, format).await?;
    let exporter = crate::export::Exporter::new(survey.def.clone(), classes, ctx.lang);
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
