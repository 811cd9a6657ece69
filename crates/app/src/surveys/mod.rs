//! Surveys of the wijk: the leads build and open them, anyone answers (by
//! link, poster, single-use code or a paper form typed in), and everyone
//! sees results in which no small group shows.

pub mod results;

use crate::{Error, Result};
use std::collections::BTreeMap;
use wijkwerk_domain::access::{SURVEY_PAPER, WIJK_LEADS};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::privacy::ExportClasses;
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::survey::{self, QuestionDef, QuestionKind, RawAnswers, SurveyDef};
use wijkwerk_domain::{Invalid, PlaceLevel, Role};
use wijkwerk_store::Store;
use wijkwerk_store::surveys::Survey;

/// The survey with this id, whoever asks.
async fn load(store: &Store, id: &str) -> Result<Survey> {
    let survey = if is_id(id) { store.survey(id).await? } else { None };
    survey.ok_or(Error::NotFound("survey"))
}

/// Whether `actor` holds one of `roles` over a place of the survey.
pub async fn holds_role_over(
    store: &Store,
    actor: Option<&Actor>,
    survey: &Survey,
    roles: &[Role],
) -> Result<bool> {
    let Some(actor) = actor else { return Ok(false) };
    for place in &survey.def.places {
        let path: Vec<String> = store.place_path(place).await?.into_iter().map(|p| p.code).collect();
        if roles.iter().any(|&r| actor.has_role_over(r, &path)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A survey as a visitor may see it, and whether the viewer leads it.
/// Drafts exist only for the wijk's leads; to others they are not found.
pub async fn visible(store: &Store, viewer: Option<&Actor>, id: &str) -> Result<(Survey, bool)> {
    let survey = load(store, id).await?;
    let lead = holds_role_over(store, viewer, &survey, WIJK_LEADS).await?;
    if survey.status == "draft" && !lead {
        return Err(Error::NotFound("survey"));
    }
    Ok((survey, lead))
}

/// A survey the actor leads (builds, opens, exports).
pub async fn managed(store: &Store, actor: &Actor, id: &str) -> Result<Survey> {
    let survey = load(store, id).await?;
    if holds_role_over(store, Some(actor), &survey, WIJK_LEADS).await? {
        Ok(survey)
    } else {
        Err(Error::Forbidden("error-page-forbidden"))
    }
}

/// A survey whose paper forms the actor may type in.
pub async fn for_paper_entry(store: &Store, actor: &Actor, id: &str) -> Result<Survey> {
    let survey = load(store, id).await?;
    if holds_role_over(store, Some(actor), &survey, SURVEY_PAPER).await? {
        Ok(survey)
    } else {
        Err(Error::Forbidden("error-page-forbidden"))
    }
}

/// The buurten of the survey's wijken, `(code, name)`.
pub async fn buurten(store: &Store, def: &SurveyDef) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for wijk in &def.places {
        for b in store.children(wijk).await? {
            out.push((b.code, b.name));
        }
    }
    Ok(out)
}

/// Wijken the actor leads (a gemeente or land role covers the wijken below
/// it): where a survey can be for. `(code, name)`.
pub async fn wijken_led_by(store: &Store, actor: &Actor) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for a in actor.roles.iter().filter(|a| WIJK_LEADS.contains(&a.role)) {
        let mut candidates = Vec::new();
        match store.place(&a.place_code).await? {
            Some(p) if p.level == PlaceLevel::Wijk => candidates.push(p),
            Some(p) => {
                for child in store.children(&p.code).await? {
                    if child.level == PlaceLevel::Wijk {
                        candidates.push(child);
                    } else {
                        let below = store.children(&child.code).await?;
                        candidates.extend(below.into_iter().filter(|c| c.level == PlaceLevel::Wijk));
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

/// Surveys of the wijken the actor leads.
pub async fn led_by(store: &Store, actor: &Actor) -> Result<Vec<Survey>> {
    let codes: Vec<String> = wijken_led_by(store, actor).await?.into_iter().map(|(c, _)| c).collect();
    Ok(store.surveys_in(&codes).await?)
}

/// How a new survey starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// A draft whose questions are added one by one afterwards (the builder page).
    EmptyDraft,
    /// A draft with its questions.
    Draft,
    /// Open for answers at once.
    Open,
}

async fn domain_codes(store: &Store) -> Result<Vec<String>> {
    Ok(crate::places::life_domains(store, "nl").await?.into_iter().map(|(c, _)| c).collect())
}

/// Makes a survey for wijken the actor leads. Every problem with the
/// definition is reported at once.
pub async fn create(store: &Store, actor: &Actor, def: &SurveyDef, start: Start) -> Result<Survey> {
    let led: Vec<String> = wijken_led_by(store, actor).await?.into_iter().map(|(c, _)| c).collect();
    let led: Vec<&str> = led.iter().map(String::as_str).collect();
    let domains = domain_codes(store).await?;
    let domains: Vec<&str> = domains.iter().map(String::as_str).collect();
    let mut invalid = survey::check_definition(def, &led, &domains).err().unwrap_or_default();
    if start == Start::EmptyDraft {
        invalid.errors.retain(|e| e.field != "questions");
    }
    invalid.into_result(())?;
    let id = store.create_survey(def, Some(&actor.person_id)).await?;
    if start == Start::Open {
        store.set_survey_status(&id, "open").await?;
    }
    store.survey(&id).await?.ok_or(Error::NotFound("survey"))
}

/// Adds a question to a draft. Field names of problems point into the question list.
pub async fn add_question(store: &Store, actor: &Actor, id: &str, question: QuestionDef) -> Result<()> {
    let mut survey = managed(store, actor, id).await?;
    if survey.status != "draft" {
        return Err(Error::Conflict("survey-not-draft"));
    }
    survey.def.questions.push(question);
    let wijken: Vec<&str> = survey.def.places.iter().map(String::as_str).collect();
    let domains = domain_codes(store).await?;
    let domains: Vec<&str> = domains.iter().map(String::as_str).collect();
    survey::check_definition(&survey.def, &wijken, &domains)?;
    Ok(store.update_survey(id, &survey.def).await?)
}

/// Opens or closes a survey (draft → open ⇄ closed).
pub async fn set_status(store: &Store, actor: &Actor, id: &str, status: &str) -> Result<()> {
    let survey = managed(store, actor, id).await?;
    if status == "open" && survey.def.questions.is_empty() {
        return Err(Error::invalid("status", "questions-required"));
    }
    Ok(store.set_survey_status(id, status).await?)
}

/// The most single-use codes one request makes.
pub const MAX_CODES: usize = 5000;

/// Makes `count` single-use codes for a buurt of the survey; only their
/// hashes are kept, so this is the one moment they can be handed out.
pub async fn make_codes(
    store: &Store,
    actor: &Actor,
    id: &str,
    buurt: &str,
    count: usize,
) -> Result<Vec<String>> {
    let survey = managed(store, actor, id).await?;
    let buurten = buurten(store, &survey.def).await?;
    let mut invalid = Invalid::new();
    if !buurten.iter().any(|(c, _)| c == buurt) {
        invalid.add("buurt", "place-unknown");
    }
    if !(1..=MAX_CODES).contains(&count) {
        invalid.add("count", "number-out-of-range");
    }
    invalid.into_result(())?;
    Ok(store.create_survey_tokens(id, Some(buurt), count).await?)
}

/// A poster's buurt: its name and the short link's code.
pub async fn poster(store: &Store, actor: &Actor, id: &str, buurt: &str) -> Result<(Survey, String, String)> {
    let survey = managed(store, actor, id).await?;
    let code = short_link_of(store, &survey, buurt).await?;
    let name = buurten(store, &survey.def).await?.into_iter().find(|(c, _)| c == buurt).map(|(_, n)| n);
    Ok((survey, name.ok_or(Error::NotFound("buurt"))?, code))
}

/// The six-letter short link of a survey for one of its buurten.
pub async fn short_link_of(store: &Store, survey: &Survey, buurt: &str) -> Result<String> {
    if !buurten(store, &survey.def).await?.iter().any(|(c, _)| c == buurt) {
        return Err(Error::NotFound("buurt"));
    }
    Ok(store.survey_link(&survey.id, buurt).await?)
}

/// Where a short link leads: the survey and its buurt.
pub async fn follow_short_link(store: &Store, code: &str) -> Result<(String, String)> {
    if code.len() > 20 {
        return Err(Error::NotFound("link"));
    }
    store.survey_link_target(code).await?.ok_or(Error::NotFound("link"))
}

/// The public survey's link, for the QR code.
pub async fn public_short_link(store: &Store, id: &str, buurt: &str) -> Result<String> {
    let survey = load(store, id).await?;
    short_link_of(store, &survey, buurt).await
}

/// One response as it arrives.
pub struct Response<'a> {
    pub buurt: Option<String>,
    /// The single-use code, for surveys that need one.
    pub code: Option<&'a str>,
    pub answers: &'a RawAnswers,
    /// Typed in from a paper form by this person (`Some(None)`: by someone erased).
    pub entered_by: Option<Option<&'a str>>,
    /// Where an online answer came from (the client's address), for the
    /// limit per survey and source.
    pub source: Option<&'a str>,
}

/// Online answers one source may give one survey per hour. Anonymous answers
/// cannot be told apart, so without a limit anyone could add answers until a
/// hidden buurt shows and subtract what they added. A household or a library
/// computer stays well under it; paper forms typed in are not counted.
pub const RESPONSES_PER_SOURCE_PER_HOUR: i64 = 30;

/// Checks and stores one response: from the form, from paper, from the API.
/// Online answers to a survey with codes need an unused code; the code fixes
/// the buurt. Everything wrong is reported at once.
pub async fn submit_response(
    store: &Store,
    viewer: Option<&Actor>,
    id: &str,
    r: Response<'_>,
) -> Result<String> {
    let survey = match r.entered_by {
        Some(_) => {
            for_paper_entry(store, viewer.ok_or(Error::Forbidden("error-page-forbidden"))?, id).await?
        }
        None => visible(store, viewer, id).await?.0,
    };
    if survey.status != "open" {
        return Err(Error::Conflict("survey-closed"));
    }
    let paper = r.entered_by.is_some();
    if !paper {
        let key = format!("survey:{}:{}", survey.id, r.source.unwrap_or("unknown"));
        if store.count_attempts(&[(&key, 3600)]).await?[0] > RESPONSES_PER_SOURCE_PER_HOUR {
            return Err(Error::TooMany { key: "error-too-many-responses", retry_after: 3600 });
        }
    }
    let mut buurt = r.buurt;
    let mut invalid = Invalid::new();
    if survey.def.use_tokens && !paper {
        match r.code {
            None => invalid.add("code", "required"),
            Some(c) => match store.survey_token(&survey.id, c).await? {
                Some(b) => buurt = b.or(buurt),
                None => invalid.add("code", "code-used-or-unknown"),
            },
        }
    }
    let buurten = buurten(store, &survey.def).await?;
    let codes: Vec<&str> = buurten.iter().map(|(c, _)| c.as_str()).collect();
    let checked = survey::check_response(&survey.def, &codes, buurt.as_deref(), r.answers);
    if let Err(e) = &checked {
        invalid.errors.extend(e.errors.iter().cloned());
    }
    invalid.into_result(())?;
    let checked = checked.expect("checked");
    let token = if survey.def.use_tokens && !paper { r.code } else { None };
    let (channel, by) = match r.entered_by {
        Some(by) => ("paper", by),
        None => ("online", None),
    };
    Ok(store.submit_response(&survey.id, &checked, channel, by, token).await?)
}

/// How results are broken down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakdown {
    Buurt,
    RespondentType,
}

impl Breakdown {
    /// The API's name of it.
    pub fn as_str(self) -> &'static str {
        match self {
            Breakdown::Buurt => "buurt",
            Breakdown::RespondentType => "respondentType",
        }
    }
}

/// How groups are named: buurt names come from the places; the rest from the caller's language.
pub struct Labels<'a> {
    pub lang: &'a str,
    /// The group of answers without a buurt or type.
    pub unknown_group: String,
    pub respondent_type: Box<dyn Fn(&str) -> String + Send + Sync + 'a>,
}

/// Results with every small group hidden.
pub async fn results(
    store: &Store,
    survey: &Survey,
    by: Option<Breakdown>,
    labels: &Labels<'_>,
) -> Result<results::Results> {
    let kind = by.map(|b| if b == Breakdown::RespondentType { "type" } else { "buurt" });
    let (counts, totals) = store.survey_counts(&survey.id, kind).await?;
    let mut names = BTreeMap::new();
    for (code, name) in buurten(store, &survey.def).await? {
        names.insert(code, name);
    }
    names.insert(String::new(), labels.unknown_group.clone());
    Ok(results::results(
        &survey.def,
        &counts,
        &totals,
        by.map(Breakdown::as_str),
        store.min_group_size(),
        labels.lang,
        &names,
        &*labels.respondent_type,
    ))
}

/// Open answers per text question, for the wijk's leads only: `(question, [(buurt, text)])`.
pub async fn open_answers(
    store: &Store,
    survey: &Survey,
    lead: bool,
    lang: &str,
) -> Result<Vec<(String, Vec<(Option<String>, String)>)>> {
    let mut out = Vec::new();
    if !lead {
        return Ok(out);
    }
    for question in survey.def.questions.iter().filter(|q| q.kind == QuestionKind::Text) {
        out.push((
            wijkwerk_domain::texts::text(&question.text, lang).to_string(),
            store.survey_texts(&survey.id, &question.code, 100).await?,
        ));
    }
    Ok(out)
}

/// A lead takes an export of every response (`format`: csv or xlsx): what
/// each row may show of its buurt and respondent type, so that no shown
/// combination stands for fewer people than the minimum
/// (`privacy::export_classes`). The export goes into the audit trail.
pub async fn start_export(
    store: &Store,
    actor: &Actor,
    id: &str,
    format: &str,
) -> Result<(Survey, ExportClasses)> {
    let survey = managed(store, actor, id).await?;
    let place = survey.def.places.first().map(String::as_str).unwrap_or_default();
    let title = wijkwerk_domain::texts::text(&survey.def.title, "nl").to_string();
    crate::audit::record(store, actor, "export-taken", place, &title, format).await?;
    let pairs = store.survey_pair_sizes(id).await?;
    Ok((survey, wijkwerk_domain::privacy::export_classes(&pairs, store.min_group_size())))
}

/// The buurt a survey code was made for: `Some(None)` for a code of the
/// whole survey, `None` for an unknown code.
pub async fn buurt_of_code(store: &Store, survey_id: &str, code: &str) -> Result<Option<Option<String>>> {
    Ok(store.survey_token(survey_id, code).await?)
}

/// How many answered, for the survey's leads only (they can read every
/// answer anyway); anyone else sees only the groups large enough to show.
pub async fn received(store: &Store, actor: Option<&Actor>, survey: &Survey) -> Result<Option<u64>> {
    let lead = holds_role_over(store, actor, survey, WIJK_LEADS).await?;
    Ok(if lead { Some(store.survey_response_count(&survey.id).await?) } else { None })
}
