//! The luisterloket's intake, owned by the resident: they write it (at home,
//! or together with a professional at the luisterloket), see all of it, and
//! decide per organisation, per life domain and until when it may be read.
//! A professional reads only what is shared with an organisation they work
//! for, checked on every read and written in the resident's access log with
//! the processing activity and the domains read.
//!
//! Personal data: the intake is the resident's (in their export, erased
//! with them). The shares are theirs too; revoking one ends it at once.

use crate::places::life_domains;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::BTreeSet;
use wijkwerk_domain::intake::{self as rules, DomainEntry, EXTRA_DOMAINS, OwnWords, Share};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, PlaceLevel, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::intakes::{Intake, IntakeNote, Referral, SharedIntake};
use wijkwerk_store::places::Organisation;

/// What the access log says a read of an intake is for (the Logboek
/// Dataverwerkingen's processing activity).
pub const PROCESSING_ACTIVITY: &str = "Luisterloket: intake lezen";

/// A life domain of the intake: the platform's (with its name in the
/// viewer's language) and the intake's own (`name` empty: the page has a
/// text for each).
#[derive(Clone, Debug, Serialize)]
pub struct Domain {
    pub code: String,
    pub name: String,
}

pub async fn domains(store: &Store, lang: &str) -> Result<Vec<Domain>> {
    let mut out: Vec<Domain> =
        EXTRA_DOMAINS.iter().map(|c| Domain { code: c.to_string(), name: String::new() }).collect();
    out.extend(life_domains(store, lang).await?.into_iter().map(|(code, name)| Domain { code, name }));
    Ok(out)
}

fn codes(domains: &[Domain]) -> Vec<String> {
    domains.iter().map(|d| d.code.clone()).collect()
}

/// The resident's own intake page, and for a professional the intakes
/// shared with their organisations.
#[derive(Clone, Debug, Serialize)]
pub struct Mine {
    pub intake: Option<Intake>,
    pub shares: Vec<Share>,
    /// Organisations in the resident's gemeente they can share with.
    pub organisations: Vec<Organisation>,
    pub domains: Vec<Domain>,
    pub shared_with_me: Vec<SharedIntake>,
    pub now: String,
    /// The resident's latest week test `(id, taken at)`, to bring along.
    pub latest_weektest: Option<(String, String)>,
}

async fn gemeente_of_home(store: &Store, actor: &Actor) -> Result<Option<String>> {
    let Some(person) = store.person(&actor.person_id).await? else { return Ok(None) };
    let Some(home) = person.home_place_code else { return Ok(None) };
    Ok(store.place_path(&home).await?.into_iter().find(|p| p.level == PlaceLevel::Gemeente).map(|p| p.code))
}

pub async fn mine(store: &Store, actor: &Actor, lang: &str) -> Result<Mine> {
    let intake = store.intake_of(&actor.person_id).await?;
    let shares = match &intake {
        Some(i) => store.intake_shares(&i.id).await?,
        None => Vec::new(),
    };
    let organisations = match gemeente_of_home(store, actor).await? {
        Some(g) => store
            .organisations_in(&g)
            .await?
            .into_iter()
            .filter(|o| matches!(o.kind.as_str(), "partner" | "gemeente" | "initiative"))
            .collect(),
        None => Vec::new(),
    };
    let now = Timestamp::now();
    let latest_weektest = store.weektests_of(&actor.person_id).await?.pop().map(|t| (t.id, t.taken_at));
    Ok(Mine {
        latest_weektest,
        shared_with_me: shared_with(store, actor, now).await?,
        domains: domains(store, lang).await?,
        intake,
        shares,
        organisations,
        now: now.to_rfc3339(),
    })
}

/// Intakes shared with the organisations the actor works for, now.
pub async fn shared_with(store: &Store, actor: &Actor, now: Timestamp) -> Result<Vec<SharedIntake>> {
    let orgs = store.professional_organisations(&actor.person_id).await?;
    Ok(store.intakes_shared_with(&orgs, &now.to_rfc3339()).await?)
}

/// The resident writes their intake; the first save says whether they
/// started at home (`together` false) or at the luisterloket.
pub async fn save(
    store: &Store,
    actor: &Actor,
    words: (&str, &str, &str, &str),
    entries: &[(&str, &str, &str, &str)],
    together: bool,
) -> Result<Intake> {
    let known = codes(&domains(store, "nl").await?);
    let (own, entries): (OwnWords, Vec<DomainEntry>) = rules::check_intake(words, entries, &known)?;
    let home = store.person(&actor.person_id).await?.and_then(|p| p.home_place_code);
    let started = if together { "conversation" } else { "self" };
    let id = store.save_intake(&actor.person_id, home.as_deref(), started, &own, &entries).await?;
    store.intake(&id).await?.ok_or(Error::NotFound("intake"))
}

/// The resident shares domains of their intake with an organisation of
/// their gemeente until a date.
pub async fn share(
    store: &Store,
    actor: &Actor,
    organisation_id: &str,
    domains: &[&str],
    until: &str,
    now: Timestamp,
) -> Result<Vec<Share>> {
    let intake = store.intake_of(&actor.person_id).await?.ok_or(Error::Conflict("intake-none"))?;
    let known = codes(&self::domains(store, "nl").await?);
    let checked = rules::check_share(domains, until, &known, &now.dutch_date());
    let allowed = match gemeente_of_home(store, actor).await? {
        Some(g) => store.organisations_in(&g).await?.into_iter().any(|o| o.id == organisation_id),
        None => false,
    };
    let mut invalid = match &checked {
        Ok(_) => Invalid::new(),
        Err(i) => i.clone(),
    };
    if !allowed {
        invalid.add("organisationId", "intake-organisation-unknown");
    }
    invalid.into_result(())?;
    let (domains, until) = checked.expect("checked");
    store.share_intake(&intake.id, organisation_id, &domains, &until).await?;
    Ok(store.intake_shares(&intake.id).await?)
}

/// The resident ends a share at once.
pub async fn revoke(store: &Store, actor: &Actor, share_id: &str) -> Result<Vec<Share>> {
    let intake = store.intake_of(&actor.person_id).await?.ok_or(Error::NotFound("intake share"))?;
    store.revoke_intake_share(&intake.id, share_id).await.map_err(|_| Error::NotFound("intake share"))?;
    Ok(store.intake_shares(&intake.id).await?)
}

/// What a professional may read of an intake: only the domains shared with
/// an organisation they work for, now. Nothing shared is "not found".
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedView {
    pub intake: Intake,
    pub visible: BTreeSet<String>,
    /// Until when each visible domain is shared (the latest share).
    pub until: String,
}

pub async fn read_shared(
    store: &Store,
    actor: &Actor,
    intake_id: &str,
    now: Timestamp,
) -> Result<SharedView> {
    let intake = store.intake(intake_id).await?.ok_or(Error::NotFound("intake"))?;
    let shares = store.intake_shares(intake_id).await?;
    let orgs = store.professional_organisations(&actor.person_id).await?;
    let now = now.to_rfc3339();
    let visible = rules::visible_domains(&shares, &orgs, &now);
    if visible.is_empty() || intake.person_id == actor.person_id {
        return Err(Error::NotFound("intake"));
    }
    let until = shares
        .iter()
        .filter(|s| s.is_active(&now) && orgs.contains(&s.organisation_id))
        .map(|s| s.valid_until.clone())
        .max()
        .unwrap_or_default();
    let read: Vec<&str> = visible.iter().map(String::as_str).collect();
    store
        .log_access(
            &actor.person_id,
            &intake.person_id,
            "intake",
            &format!("{PROCESSING_ACTIVITY} ({})", read.join(", ")),
            None,
        )
        .await?;
    Ok(SharedView { intake: intake.only(&visible), visible, until })
}

/// An offer of the sociale kaart that fits a domain of the intake, marked
/// when it is the reader's own organisation's (the seed asks the wijkwerker
/// not to favour their own: the page shows which are).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub domain: String,
    pub service_id: String,
    pub name: String,
    pub organisation_id: String,
    pub organisation: String,
    /// `public`, `private` or `informal`.
    pub kind: String,
    pub own: bool,
}

/// Offers near the resident for each shared domain that is hard (rated 3
/// or lower) or has worries: public, private and informal alike.
pub async fn suggestions(store: &Store, actor: &Actor, view: &SharedView) -> Result<Vec<Suggestion>> {
    let own = store.professional_organisations(&actor.person_id).await?;
    let mut out = Vec::new();
    for entry in &view.intake.domains {
        if !(entry.rating.is_some_and(|r| r <= 3) || !entry.worries.is_empty()) {
            continue;
        }
        let query = wijkwerk_store::socialmap::ServiceQuery {
            domain: Some(rules::offer_domain(&entry.domain).to_string()),
            place: view.intake.place_code.clone(),
            approved_only: true,
            page: 1,
            per_page: 4,
            count_up_to: Some(4),
            ..Default::default()
        };
        for s in store.search_services(&query).await?.0 {
            out.push(Suggestion {
                domain: entry.domain.clone(),
                own: own.contains(&s.organisation_id),
                service_id: s.id,
                name: s.name,
                organisation_id: s.organisation_id,
                organisation: s.organisation,
                kind: s.kind,
            });
        }
    }
    Ok(out)
}

/// The organisations this intake may be referred to: those the resident
/// shares at least one domain with now, with those domains.
pub async fn referral_targets(
    store: &Store,
    intake_id: &str,
    now: Timestamp,
) -> Result<Vec<(String, String, Vec<String>)>> {
    let now = now.to_rfc3339();
    let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
    for s in store.intake_shares(intake_id).await?.into_iter().filter(|s| s.is_active(&now)) {
        match out.iter_mut().find(|t| t.0 == s.organisation_id) {
            Some(t) => t.2.push(s.domain),
            None => out.push((s.organisation_id, s.organisation, vec![s.domain])),
        }
    }
    Ok(out)
}

/// A professional who may read the intake refers the resident to an
/// organisation the resident shares with: the referral is about exactly
/// the domains shared with it, so the partner reads nothing more.
pub async fn refer(
    store: &Store,
    actor: &Actor,
    intake_id: &str,
    organisation_id: &str,
    reason: &str,
    now: Timestamp,
) -> Result<Referral> {
    // Only who may read it may refer it (and that read is logged).
    read_shared(store, actor, intake_id, now).await?;
    let targets = referral_targets(store, intake_id, now).await?;
    let target = targets.iter().find(|t| t.0 == organisation_id);
    let mut invalid = match rules::check_referral(reason) {
        Ok(_) => Invalid::new(),
        Err(i) => i,
    };
    if target.is_none() {
        invalid.add("organisationId", "referral-not-shared");
    }
    invalid.into_result(())?;
    let (_, _, domains) = target.expect("checked");
    let id = store.refer(intake_id, organisation_id, domains, reason.trim(), &actor.person_id).await?;
    store.referral(&id).await?.ok_or(Error::NotFound("referral"))
}

/// Referrals to the organisations the actor works for.
pub async fn incoming(store: &Store, actor: &Actor) -> Result<Vec<Referral>> {
    let orgs = store.professional_organisations(&actor.person_id).await?;
    Ok(store.referrals_to(&orgs).await?)
}

/// The referrals of the resident's own intake, with the partners' answers.
pub async fn my_referrals(store: &Store, actor: &Actor) -> Result<Vec<Referral>> {
    match store.intake_of(&actor.person_id).await? {
        Some(i) => Ok(store.referrals_of(&i.id).await?),
        None => Ok(Vec::new()),
    }
}

/// The partner accepts, or declines with a reason; once.
pub async fn answer(
    store: &Store,
    actor: &Actor,
    referral_id: &str,
    outcome: &str,
    answer: &str,
) -> Result<Referral> {
    let r = store.referral(referral_id).await?.ok_or(Error::NotFound("referral"))?;
    let orgs = store.professional_organisations(&actor.person_id).await?;
    if !orgs.contains(&r.organisation_id) {
        return Err(Error::NotFound("referral"));
    }
    if r.status != "open" {
        return Err(Error::Conflict("referral-answered"));
    }
    let (accepted, text) = rules::check_answer(outcome, answer)?;
    store.answer_referral(referral_id, accepted, &text, &actor.person_id).await?;
    store.referral(referral_id).await?.ok_or(Error::NotFound("referral"))
}

/// The referrals of an intake a professional may know of: those to an
/// organisation they work for, and those they made themselves (not where
/// else the resident was sent).
pub async fn referrals_seen_by(store: &Store, actor: &Actor, intake_id: &str) -> Result<Vec<Referral>> {
    let orgs = store.professional_organisations(&actor.person_id).await?;
    Ok(store
        .referrals_of(intake_id)
        .await?
        .into_iter()
        .filter(|r| {
            orgs.contains(&r.organisation_id) || r.referred_by.as_deref() == Some(actor.person_id.as_str())
        })
        .collect())
}

/// A partner organisation's connection to its referrals through the API:
/// an account of its own ("Koppeling …", no e-mail, no password) with the
/// partner role for the organisation, and a bearer token that works only
/// on referrals and what residents share with the organisation. The
/// gemeente of the organisation makes it; every read by it is in the
/// residents' logs under that name. Returns the token, shown once.
pub async fn connect_organisation(
    store: &Store,
    actor: &Actor,
    organisation_id: &str,
    label: &str,
) -> Result<String> {
    let org = store.organisation(organisation_id).await?.ok_or(Error::NotFound("organisation"))?;
    let path = crate::places::codes(&store.place_path(&org.place_code).await?);
    if !actor.has_role_over(wijkwerk_domain::Role::Gemeente, &path)
        && !actor.has_role(wijkwerk_domain::Role::Landelijk)
    {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let name = format!("Koppeling {}", org.name);
    let person = match store.connector_of(&org.id, &name).await? {
        Some(id) => id,
        None => {
            let p = store.add_person(&name, None).await?;
            store.assign_role(&p.id, wijkwerk_domain::Role::Partner, &org.place_code, Some(&org.id)).await?;
            p.id
        }
    };
    let token =
        store.create_scoped_api_token(&person, label, wijkwerk_store::auth::TOKEN_SCOPE_REFERRALS).await?;
    crate::audit::record(store, actor, "organisation.connected", &org.place_code, &org.name, label).await?;
    Ok(token)
}

/// A professional writes a note on a domain the resident shares with
/// their organisation; the resident sees it at once and can answer it.
pub async fn add_note(
    store: &Store,
    actor: &Actor,
    intake_id: &str,
    domain: &str,
    text: &str,
    now: Timestamp,
) -> Result<IntakeNote> {
    let view = read_shared(store, actor, intake_id, now).await?;
    let mut invalid = Invalid::new();
    let text = invalid.text("note", text, rules::MAX_TEXT, true);
    if !view.visible.contains(domain) {
        invalid.add("domain", "intake-domain-not-shared");
    }
    invalid.into_result(())?;
    // Written for the organisation the resident shared this domain with.
    let orgs = store.professional_organisations(&actor.person_id).await?;
    let now_text = now.to_rfc3339();
    let organisation = store
        .intake_shares(intake_id)
        .await?
        .into_iter()
        .find(|s| s.domain == domain && s.is_active(&now_text) && orgs.contains(&s.organisation_id))
        .map(|s| s.organisation_id);
    let id =
        store.add_intake_note(intake_id, domain, &actor.person_id, organisation.as_deref(), &text).await?;
    store.intake_notes(intake_id).await?.into_iter().find(|n| n.id == id).ok_or(Error::NotFound("note"))
}

/// The notes a professional may see: their own organisations' on the
/// domains shared with them now (not what other organisations wrote).
pub async fn notes_seen_by(store: &Store, actor: &Actor, view: &SharedView) -> Result<Vec<IntakeNote>> {
    let orgs = store.professional_organisations(&actor.person_id).await?;
    Ok(store
        .intake_notes(&view.intake.id)
        .await?
        .into_iter()
        .filter(|n| {
            view.visible.contains(&n.domain) && n.organisation_id.as_ref().is_some_and(|o| orgs.contains(o))
        })
        .collect())
}

/// Every note in the resident's own intake.
pub async fn my_notes(store: &Store, actor: &Actor) -> Result<Vec<IntakeNote>> {
    match store.intake_of(&actor.person_id).await? {
        Some(i) => Ok(store.intake_notes(&i.id).await?),
        None => Ok(Vec::new()),
    }
}

/// The resident's own view on a note in their intake.
pub async fn reply_to_note(
    store: &Store,
    actor: &Actor,
    note_id: &str,
    reply: &str,
) -> Result<Vec<IntakeNote>> {
    let intake = store.intake_of(&actor.person_id).await?.ok_or(Error::NotFound("note"))?;
    let mut invalid = Invalid::new();
    let reply = invalid.text("reply", reply, rules::MAX_TEXT, true);
    invalid.into_result(())?;
    store.reply_to_intake_note(&intake.id, note_id, &reply).await.map_err(|_| Error::NotFound("note"))?;
    Ok(store.intake_notes(&intake.id).await?)
}
