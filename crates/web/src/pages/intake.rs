//! The luisterloket's intake: the resident's own page (`/luisterloket`:
//! their words, every life domain, the second person, and with whom they
//! share what until when), and what a professional may read of one
//! (`/luisterloket/intakes/{id}`).

use super::{PageResult, after_form, render};
use crate::AppState;
use crate::context::{Ctx, SignedIn};
use crate::pages::shown;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use std::collections::BTreeMap;
use wijkwerk_app::intake as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::intake::{OWN_WORDS, SCALE};

type Fields = BTreeMap<String, String>;

fn get<'a>(form: &'a [(String, String)], k: &str) -> &'a str {
    form.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str()).unwrap_or("")
}

#[derive(serde::Deserialize)]
pub struct Done {
    klaar: Option<String>,
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Query(q): Query<Done>) -> PageResult {
    // Only the known notices; anything else in the address shows none.
    let done = q.klaar.filter(|k| matches!(k.as_str(), "opgeslagen" | "gedeeld" | "ingetrokken"));
    page(&state, &ctx, Fields::new(), Fields::new(), done).await
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    errors: Fields,
    typed: Fields,
    done: Option<String>,
) -> PageResult {
    let actor = ctx.actor().ok_or(crate::problem::PageError::not_found())?;
    let m = use_case::mine(state.store(), actor, ctx.lang).await?;
    // What the form shows: what was typed (after a mistake), else what is stored.
    let mut values = Fields::new();
    // Every field the form reads, empty unless stored or typed (the templates are strict).
    let mut keys: Vec<String> = [
        "happy",
        "needs",
        "secondPerson",
        "secondContributes",
        "organisationId",
        "validUntil",
        "referral",
        "note",
    ]
    .map(String::from)
    .to_vec();
    for d in &m.domains {
        keys.extend(["rating", "strengths", "worries"].map(|f| format!("{f}-{}", d.code)));
    }
    values.extend(keys.into_iter().map(|k| (k, String::new())));
    if let Some(i) = &m.intake {
        values.insert("happy".into(), i.words.happy.clone());
        values.insert("needs".into(), i.words.needs.clone());
        values.insert("secondPerson".into(), i.words.second_person.clone());
        values.insert("secondContributes".into(), i.words.second_contributes.clone());
        for d in &i.domains {
            values
                .insert(format!("rating-{}", d.domain), d.rating.map(|r| r.to_string()).unwrap_or_default());
            values.insert(format!("strengths-{}", d.domain), d.strengths.clone());
            values.insert(format!("worries-{}", d.domain), d.worries.clone());
        }
    }
    values.extend(typed);
    let html = render(
        state,
        ctx,
        "intake.html",
        view! {
            intake => m.intake,
            shares => m.shares,
            organisations => m.organisations,
            domains => m.domains,
            shared_with_me => m.shared_with_me,
            latest_weektest => m.latest_weektest,
            incoming => use_case::incoming(state.store(), actor).await?,
            my_referrals => use_case::my_referrals(state.store(), actor).await?,
            notes => use_case::my_notes(state.store(), actor).await?,
            now => m.now,
            scale => SCALE.collect::<Vec<_>>(),
            own_words => OWN_WORDS,
            values,
            errors,
            done,
        },
    )?;
    shown(html, &errors)
}

pub async fn save(
    State(state): State<AppState>,
    ctx: SignedIn,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let domains = use_case::domains(state.store(), "nl").await?;
    let words = (
        get(&form, "happy"),
        get(&form, "needs"),
        get(&form, "secondPerson"),
        get(&form, "secondContributes"),
    );
    let keys: Vec<(String, String, String, String)> = domains
        .iter()
        .map(|d| {
            (
                d.code.clone(),
                format!("rating-{}", d.code),
                format!("strengths-{}", d.code),
                format!("worries-{}", d.code),
            )
        })
        .collect();
    let entries: Vec<(&str, &str, &str, &str)> =
        keys.iter().map(|(c, r, s, w)| (c.as_str(), get(&form, r), get(&form, s), get(&form, w))).collect();
    let together = !get(&form, "together").is_empty();
    let result = use_case::save(state.store(), ctx.actor(), words, &entries, together).await;
    let typed: Fields = form.iter().filter(|(k, _)| k != "csrf").cloned().collect();
    after_form(
        result,
        |_| "/luisterloket?klaar=opgeslagen#mijn-verhaal".to_string(),
        |errors| page(&state, &ctx, errors, typed.clone(), None),
    )
    .await
}

pub async fn share(
    State(state): State<AppState>,
    ctx: SignedIn,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let chosen: Vec<&str> = form.iter().filter(|(k, _)| k == "domains").map(|(_, v)| v.as_str()).collect();
    let result = use_case::share(
        state.store(),
        ctx.actor(),
        get(&form, "organisationId"),
        &chosen,
        get(&form, "validUntil"),
        Timestamp::now(),
    )
    .await;
    let typed: Fields =
        form.iter().filter(|(k, _)| k == "organisationId" || k == "validUntil").cloned().collect();
    after_form(
        result,
        |_| "/luisterloket?klaar=gedeeld#delen".to_string(),
        |errors| page(&state, &ctx, errors, typed.clone(), None),
    )
    .await
}

pub async fn revoke(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    use_case::revoke(state.store(), ctx.actor(), &id).await?;
    Ok(axum::response::Redirect::to("/luisterloket?klaar=ingetrokken#delen").into_response())
}

pub async fn read_shared(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    shared_page(&state, &ctx, &id, Fields::new()).await
}

async fn shared_page(state: &AppState, ctx: &SignedIn, id: &str, errors: Fields) -> PageResult {
    let (store, actor, now) = (state.store(), ctx.actor(), Timestamp::now());
    let v = use_case::read_shared(store, actor, id, now).await?;
    let html = render(
        state,
        ctx,
        "intake_shared.html",
        view! {
            suggestions => use_case::suggestions(store, actor, &v).await?,
            targets => use_case::referral_targets(store, id, now).await?,
            referrals => use_case::referrals_seen_by(store, actor, id).await?,
            notes => use_case::notes_seen_by(store, actor, &v).await?,
            domains => use_case::domains(store, ctx.lang).await?,
            own_words => OWN_WORDS,
            v,
            errors,
        },
    )?;
    shown(html, &errors)
}

pub async fn refer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let (organisation, reason) = (get(&form, "organisationId"), get(&form, "reason"));
    let result =
        use_case::refer(state.store(), ctx.actor(), &id, organisation, reason, Timestamp::now()).await;
    after_form(
        result,
        |_| format!("/luisterloket/intakes/{id}#verwijzingen"),
        |errors| shared_page(&state, &ctx, &id, errors),
    )
    .await
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let result =
        use_case::answer(state.store(), ctx.actor(), &id, get(&form, "outcome"), get(&form, "answer")).await;
    after_form(
        result,
        |_| "/luisterloket#verwijzingen".to_string(),
        |errors| {
            // The messages go beside the form of this referral only.
            let typed = Fields::from([("referral".to_string(), id.clone())]);
            page(&state, &ctx, errors, typed, None)
        },
    )
    .await
}

/// What the luisterloket keeps about people, why, who reads it, how long,
/// and what erasure does: the privacy statement a DPIA starts from. The rows
/// are keys; the texts are in the locale files.
pub async fn privacy(State(state): State<AppState>, ctx: crate::context::Context) -> PageResult {
    let records = ["intake", "shares", "log", "referrals", "emergency", "approvals"];
    let laws = ["wmo", "jeugdwet", "wgbo", "fiscal"];
    Ok(render(&state, &ctx, "luisterloket_privacy.html", view! { records, laws })?.into_response())
}

pub async fn add_note(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let (domain, text) = (get(&form, "domain"), get(&form, "note"));
    let result = use_case::add_note(state.store(), ctx.actor(), &id, domain, text, Timestamp::now()).await;
    let domain = domain.to_string();
    after_form(
        result,
        |_| format!("/luisterloket/intakes/{id}#domein-{domain}"),
        |errors| shared_page(&state, &ctx, &id, errors),
    )
    .await
}

pub async fn reply(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let result = use_case::reply_to_note(state.store(), ctx.actor(), &id, get(&form, "reply")).await;
    after_form(
        result,
        |_| format!("/luisterloket#notitie-{id}"),
        |errors| {
            let typed = Fields::from([("note".to_string(), id.clone())]);
            page(&state, &ctx, errors, typed, None)
        },
    )
    .await
}
