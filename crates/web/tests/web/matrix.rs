//! The authorization matrix: every route against every role, written out
//! by hand, so that a route added without its row, or a gate that lets the
//! wrong people in, fails.

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// Passed authorization (any status but 401/403 and the sign-in redirect, and no 5xx).
    Yes,
    /// Must sign in first.
    SignIn,
    /// Signed in but refused.
    No,
}

/// Actors in the matrix: anonymous, then one demo account per role.
const ACTORS: [Option<Role>; 9] = [
    None,
    Some(Role::Bewoner),
    Some(Role::Coach),
    Some(Role::Wijkwerker),
    Some(Role::Coordinator),
    Some(Role::Partner),
    Some(Role::Ondernemer),
    Some(Role::Gemeente),
    Some(Role::Landelijk),
];

/// What each actor may do on each route, written out by hand (not derived
/// from the routes' gates, so the two can disagree and fail the test).
/// Columns follow [`ACTORS`]: anon, bewoner, coach, wijkwerker, coördinator,
/// partner, ondernemer, gemeente, landelijk.
fn expected() -> Vec<(&'static str, &'static str, [Access; 9])> {
    use Access::{No as N, SignIn as S, Yes as Y};
    let everyone = [Y; 9];
    let signed_in = [S, Y, Y, Y, Y, Y, Y, Y, Y];
    vec![
        ("GET", "/healthz", everyone),
        ("GET", "/static/{file}", everyone),
        ("GET", "/.well-known/security.txt", everyone),
        ("GET", "/", everyone),
        ("GET", "/inloggen", everyone),
        ("POST", "/inloggen", everyone),
        ("POST", "/uitloggen", signed_in),
        ("GET", "/taal/{lang}", everyone),
        ("GET", "/plaatsen", everyone),
        ("GET", "/plaatsen/{code}", everyone),
        // Oosterpark's audit trail: the gemeente and landelijk.
        ("GET", "/plaatsen/{code}/logboek", [S, N, N, N, N, N, N, Y, Y]),
        ("GET", "/mijn-gegevens", signed_in),
        ("GET", "/mijn-gegevens/export.json", signed_in),
        ("POST", "/mijn-gegevens/toestemmingen", signed_in),
        ("POST", "/mijn-gegevens/toestemmingen/{id}/intrekken", signed_in),
        ("POST", "/mijn-gegevens/uitloggen-overal", signed_in),
        ("POST", "/mijn-gegevens/e-mail", signed_in),
        ("GET", "/mijn-gegevens/verwijderen", signed_in),
        ("POST", "/mijn-gegevens/verwijderen", signed_in),
        ("GET", "/gegevens-verwijderd", everyone),
        // Fatima's profile: only her coach has consent (the wijkwerker's was revoked).
        ("GET", "/personen/{id}", [S, Y, Y, N, N, N, N, N, N]),
        ("GET", "/api/v1/openapi.json", everyone),
        ("GET", "/api/v1/me", signed_in),
        ("GET", "/api/v1/me/export", signed_in),
        ("GET", "/api/v1/me/access-log", signed_in),
        ("GET", "/api/v1/me/consents", signed_in),
        ("POST", "/api/v1/me/consents", signed_in),
        ("DELETE", "/api/v1/me/consents/{id}", signed_in),
        ("GET", "/api/v1/me/mail-preferences", signed_in),
        ("PUT", "/api/v1/me/mail-preferences", signed_in),
        ("GET", "/api/v1/me/intake", signed_in),
        ("PUT", "/api/v1/me/intake", signed_in),
        ("POST", "/api/v1/me/intake/shares", signed_in),
        ("DELETE", "/api/v1/me/intake/shares/{id}", signed_in),
        // What is shared with their organisation: professionals and the gemeente.
        ("GET", "/api/v1/intakes/shared", [S, N, Y, Y, Y, Y, N, Y, N]),
        ("GET", "/api/v1/intakes/{id}", [S, N, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/api/v1/intakes/{id}/referrals", [S, N, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/api/v1/intakes/{id}/notes", [S, N, Y, Y, Y, Y, N, Y, N]),
        ("PUT", "/api/v1/me/intake/notes/{id}/reply", signed_in),
        ("GET", "/api/v1/referrals", [S, N, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/api/v1/referrals/{id}/answer", [S, N, Y, Y, Y, Y, N, Y, N]),
        ("GET", "/api/v1/places/{code}", everyone),
        // Oosterpark's team: its wijkwerker and coördinator, the gemeente, landelijk.
        ("GET", "/api/v1/places/{code}/team", [S, N, N, Y, Y, N, N, Y, Y]),
        // Giving the coach role in Oosterpark: coördinator, gemeente, landelijk.
        ("POST", "/api/v1/places/{code}/roles", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/api/v1/persons/{id}", [S, N, Y, N, N, N, N, N, N]),
        ("GET", "/weektest", signed_in),
        // Fatima's latest week test: hers, and her coach's under consent.
        ("GET", "/weektest/uitslag/{id}", [S, Y, Y, N, N, N, N, N, N]),
        ("GET", "/weektest/{template}", signed_in),
        ("POST", "/weektest/{template}", signed_in),
        ("GET", "/weektest/{template}/rooster", signed_in),
        ("POST", "/weektest/{template}/rooster", signed_in),
        ("GET", "/api/v1/weektest-templates", everyone),
        ("GET", "/api/v1/weektests", signed_in),
        ("POST", "/api/v1/weektests", signed_in),
        ("GET", "/api/v1/weektests/{id}", [S, Y, Y, N, N, N, N, N, N]),
        ("GET", "/weektest/verloop", signed_in),
        ("GET", "/weektest/doelen/nieuw", signed_in),
        ("POST", "/weektest/doelen", signed_in),
        // Fatima's goal: she and her coach may look; only she may change it.
        ("GET", "/weektest/doelen/{id}", [S, Y, Y, N, N, N, N, N, N]),
        ("POST", "/weektest/doelen/{id}/uren", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/weektest/doelen/{id}/beoordeling", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/personen/{id}/weektest", [S, Y, Y, N, N, N, N, N, N]),
        ("GET", "/gezin", signed_in),
        ("POST", "/gezin", signed_in),
        ("POST", "/gezin/meedoen", signed_in),
        // The El Amrani household: only its members.
        ("GET", "/gezin/{id}", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezin/{id}/leden", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezin/{id}/delen", [S, Y, N, N, N, N, N, N, N]),
        // Letting someone in and making a new code: the household's adults.
        ("POST", "/gezin/{id}/aanvragen", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezin/{id}/code", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/gezin/{id}/naast-elkaar", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezin/{id}/plan", [S, Y, N, N, N, N, N, N, N]),
        // Its plan: the family, and the wijkwerker both adults let in.
        ("GET", "/gezinsplan/{plan}", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/doelen", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/acties", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/voortgang", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/acties/{action}", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/evaluaties", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/netwerk", [S, Y, N, Y, N, N, N, N, N]),
        // Inviting, consenting and choosing the lead: adult members only.
        ("POST", "/gezinsplan/{plan}/professionals", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/toestemming", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/regisseur", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/api/v1/goals", signed_in),
        ("POST", "/api/v1/goals", signed_in),
        ("GET", "/api/v1/goals/{id}", [S, Y, Y, N, N, N, N, N, N]),
        ("POST", "/api/v1/goals/{id}/logs", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/api/v1/goals/{id}/ratings", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/api/v1/households", signed_in),
        ("GET", "/api/v1/households/{id}/side-by-side", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/api/v1/family-plans/{id}", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/api/v1/households/{id}/family-plan", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/api/v1/family-plans/{id}/goals", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/api/v1/family-plans/{id}/actions", [S, Y, N, Y, N, N, N, N, N]),
        ("PUT", "/api/v1/family-plans/{id}/actions/{action}/progress", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/api/v1/family-plans/{id}/evaluations", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/api/v1/family-plans/{id}/network", [S, Y, N, Y, N, N, N, N, N]),
        // As on the page: inviting, consenting and choosing the lead are for adult members.
        ("POST", "/api/v1/family-plans/{id}/professionals", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/api/v1/family-plans/{id}/professionals/{person}/consent", [S, Y, N, N, N, N, N, N, N]),
        ("PUT", "/api/v1/family-plans/{id}/regisseur", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/plaatsen/{code}/wijkplan", everyone),
        // Figures are public; the effects the gemeente's (and landelijk's to read).
        ("GET", "/plaatsen/{code}/cijfers", everyone),
        ("GET", "/cijfers/{file}", everyone),
        ("GET", "/indicatoren/{code}", everyone),
        ("GET", "/plaatsen/{code}/effecten", [S, N, N, N, N, N, N, Y, Y]),
        ("POST", "/plaatsen/{code}/effecten/nulmeting", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/plaatsen/{code}/effecten/doelen", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/plaatsen/{code}/effecten/waarden", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/plaatsen/{code}/bijeenkomsten", everyone),
        ("POST", "/plaatsen/{code}/bijeenkomsten", [S, N, N, N, Y, N, N, Y, N]),
        ("GET", "/plaatsen/{code}/bijeenkomsten.ics", everyone),
        ("GET", "/bijeenkomsten/{id}", everyone),
        ("GET", "/bijeenkomsten/{id}/uitnodiging", everyone),
        ("GET", "/bijeenkomsten/qr/{id}", everyone),
        ("GET", "/b/{code}", everyone),
        ("POST", "/bijeenkomsten/{id}/aanmelden", signed_in),
        ("POST", "/bijeenkomsten/{id}/afmelden", signed_in),
        ("POST", "/bijeenkomsten/{id}/evaluatie", signed_in),
        ("POST", "/bijeenkomsten/{id}/verslag", [S, N, N, N, Y, N, N, Y, N]),
        ("POST", "/bijeenkomsten/{id}/besluiten", [S, N, N, N, Y, N, N, Y, N]),
        ("POST", "/bijeenkomsten/{id}/e-mail", [S, N, N, N, Y, N, N, Y, N]),
        ("POST", "/besluiten/{id}/klaar", [S, N, N, N, Y, N, N, Y, N]),
        // Initiatives: anyone reads the register; residents submit and support;
        // the wijk's mandate holders decide; the gemeente keeps rules and money.
        ("GET", "/plaatsen/{code}/initiatieven", everyone),
        ("POST", "/plaatsen/{code}/initiatieven", signed_in),
        ("POST", "/plaatsen/{code}/initiatieven/regels", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/plaatsen/{code}/wijkbudget", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/initiatieven/{id}", everyone),
        ("POST", "/initiatieven/{id}/besluit", [S, N, N, N, Y, N, N, Y, N]),
        ("POST", "/initiatieven/{id}/betaald", [S, N, N, N, Y, N, N, Y, N]),
        ("POST", "/initiatieven/{id}/verantwoording", signed_in),
        ("POST", "/initiatieven/{id}/bestanden", signed_in),
        ("GET", "/initiatieven/{id}/bestanden/{file}", everyone),
        ("POST", "/initiatieven/{id}/bestanden/{file}/weg", signed_in),
        ("POST", "/initiatieven/{id}/steun", signed_in),
        ("POST", "/initiatieven/{id}/papier", [S, N, N, Y, Y, N, N, N, N]),
        // The emergency budget: the luisterloket's professionals (all at Oosterpark)
        // and the gemeente read; professionals ask; they and the gemeente approve.
        // Fatima is a coach at Oosterpark by now (the roles row above made her one).
        // The wijk cooperative: public page; the coördinator and the gemeente
        // register it; its board (Karim, Mehmet) and they read the register.
        ("GET", "/plaatsen/{code}/cooperatie", everyone),
        ("POST", "/plaatsen/{code}/cooperatie", [S, N, N, N, Y, N, N, Y, N]),
        ("GET", "/plaatsen/{code}/cooperatie/leden", [S, N, N, N, Y, N, Y, Y, N]),
        ("POST", "/plaatsen/{code}/cooperatie/bestuur", [S, N, N, N, Y, N, Y, Y, N]),
        ("POST", "/plaatsen/{code}/cooperatie/lid", signed_in),
        ("POST", "/plaatsen/{code}/cooperatie/teams", [S, Y, Y, Y, Y, Y, N, N, N]),
        // Alliances: those who run the cooperative (its board, the coördinator
        // and the gemeente); the wijkalliantie's partners: the coördinator and gemeente.
        ("POST", "/plaatsen/{code}/cooperatie/allianties", [S, N, N, N, Y, N, Y, Y, N]),
        ("POST", "/plaatsen/{code}/cooperatie/partners", [S, N, N, N, Y, N, N, Y, N]),
        ("GET", "/plaatsen/{code}/cooperatie/loket", signed_in),
        ("POST", "/plaatsen/{code}/cooperatie/loket", signed_in),
        ("POST", "/loket/{id}", signed_in),
        ("GET", "/allianties/{id}", everyone),
        ("POST", "/allianties/{id}/meedoen", signed_in),
        ("GET", "/teams/{id}", signed_in),
        ("POST", "/teams/{id}/leden", signed_in),
        ("POST", "/teams/{id}/delen", signed_in),
        ("POST", "/teams/{id}/buurtbaan", signed_in),
        ("GET", "/plaatsen/{code}/markt", signed_in),
        // Members post for themselves (an empty form counts as that).
        ("POST", "/plaatsen/{code}/markt", [S, Y, N, N, N, Y, Y, N, N]),
        ("GET", "/mijn/markt", signed_in),
        ("GET", "/markt/{id}", signed_in),
        ("POST", "/markt/{id}/intrekken", signed_in),
        ("POST", "/markt/{id}/verlengen", signed_in),
        ("POST", "/markt/{id}/reageren", signed_in),
        ("GET", "/markt/afspraken/{id}", signed_in),
        ("POST", "/markt/afspraken/{id}/antwoord", signed_in),
        ("POST", "/markt/afspraken/{id}/uren", signed_in),
        ("POST", "/markt/afspraken/{id}/teamuren", signed_in),
        ("GET", "/plaatsen/{code}/noodbudget", [S, Y, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/plaatsen/{code}/noodbudget", [S, Y, Y, Y, Y, Y, N, N, N]),
        ("POST", "/plaatsen/{code}/noodbudget/budget", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/noodbudget/{id}", signed_in),
        ("POST", "/noodbudget/{id}/akkoord", [S, Y, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/noodbudget/{id}/afwijzen", [S, Y, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/noodbudget/{id}/bedrag", [S, Y, Y, Y, Y, Y, N, N, N]),
        ("GET", "/api/v1/places/{code}/emergency-requests", [S, Y, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/api/v1/places/{code}/emergency-requests", [S, Y, Y, Y, Y, Y, N, N, N]),
        ("POST", "/api/v1/places/{code}/emergency-budget", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/emergency-requests/{id}", signed_in),
        ("POST", "/api/v1/emergency-requests/{id}/approvals", [S, Y, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/api/v1/emergency-requests/{id}/refusal", [S, Y, Y, Y, Y, Y, N, Y, N]),
        ("PUT", "/api/v1/emergency-requests/{id}/amount", [S, Y, Y, Y, Y, Y, N, N, N]),
        // The intake: everyone signed in keeps their own; professionals read
        // what is shared with their organisation (none here: "not found").
        ("GET", "/luisterloket", signed_in),
        ("GET", "/luisterloket/privacy", everyone),
        ("POST", "/luisterloket", signed_in),
        ("POST", "/luisterloket/delen", signed_in),
        ("POST", "/luisterloket/delen/{id}/intrekken", signed_in),
        ("GET", "/luisterloket/intakes/{id}", [S, Y, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/luisterloket/intakes/{id}/verwijzen", [S, Y, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/luisterloket/intakes/{id}/notities", [S, Y, Y, Y, Y, Y, N, Y, N]),
        ("POST", "/luisterloket/notities/{id}/reactie", signed_in),
        ("POST", "/luisterloket/verwijzingen/{id}/antwoord", [S, Y, Y, Y, Y, Y, N, Y, N]),
        // Right to challenge: anyone reads and (signed in) challenges; the gemeente announces and answers.
        ("GET", "/plaatsen/{code}/uitdaagrecht", everyone),
        ("POST", "/plaatsen/{code}/uitdaagrecht", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/plaatsen/{code}/uitdaagrecht/regels", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/interventies/{id}", everyone),
        ("POST", "/interventies/{id}/uitdagen", signed_in),
        ("POST", "/uitdagingen/{id}/antwoord", [S, N, N, N, N, N, N, Y, N]),
        // The wijkkrant: anyone reads; the signed-in join the editorial group;
        // a new edition by its editors (Fatima is one) and the wijk's
        // wijkwerker and coördinator; wijkwerkers and coördinators type in slips.
        ("GET", "/plaatsen/{code}/wijkkrant", everyone),
        ("POST", "/plaatsen/{code}/wijkkrant", [S, Y, N, Y, Y, N, N, N, N]),
        ("POST", "/plaatsen/{code}/wijkkrant/redactie", signed_in),
        ("GET", "/wijkkrant/{id}", everyone),
        ("POST", "/wijkkrant/{id}/stukken", signed_in),
        ("POST", "/wijkkrant/{id}/suggesties", signed_in),
        ("POST", "/wijkkrant/{id}/stukken/{item}/weg", signed_in),
        ("POST", "/wijkkrant/{id}/publiceren", signed_in),
        ("POST", "/wijkkrant/{id}/strookjes", [S, N, N, Y, Y, N, N, N, N]),
        ("POST", "/plaatsen/{code}/effecten/enquetes", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/plaatsen/{code}/effecten/enquetes/los", [S, N, N, N, N, N, N, Y, N]),
        // The money: the gemeente's and landelijk's to read, the gemeente's to enter.
        ("GET", "/plaatsen/{code}/geld", [S, N, N, N, N, N, N, Y, Y]),
        ("POST", "/plaatsen/{code}/geld", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/plaatsen/{code}/geld/blad", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/places/{code}/money", [S, N, N, N, N, N, N, Y, Y]),
        ("POST", "/api/v1/places/{code}/money", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/places/{code}/money/sheets", [S, N, N, N, N, N, N, Y, N]),
        // Housing projects: public; the gemeente adds and scores.
        ("GET", "/plaatsen/{code}/wonen", everyone),
        ("POST", "/plaatsen/{code}/wonen", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/wonen/{id}", everyone),
        ("POST", "/wonen/{id}", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/places/{code}/housing-projects", everyone),
        ("POST", "/api/v1/places/{code}/housing-projects", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/housing-projects/{id}", everyone),
        ("POST", "/api/v1/housing-projects/{id}/scores", [S, N, N, N, N, N, N, Y, N]),
        // The wijkscan: who works in the gemeente answers; the gemeente opens rounds.
        ("GET", "/plaatsen/{code}/wijkscan", signed_in),
        ("POST", "/plaatsen/{code}/wijkscan", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/wijkscan/{id}", signed_in),
        ("POST", "/wijkscan/{id}", signed_in),
        ("GET", "/api/v1/places/{code}/meetings", everyone),
        ("POST", "/api/v1/places/{code}/meetings", [S, N, N, N, Y, N, N, Y, N]),
        ("GET", "/api/v1/meetings/{id}", everyone),
        ("POST", "/api/v1/meetings/{id}/registration", signed_in),
        ("DELETE", "/api/v1/meetings/{id}/registration", signed_in),
        ("POST", "/api/v1/meetings/{id}/evaluation", signed_in),
        ("POST", "/api/v1/meetings/{id}/minutes", [S, N, N, N, Y, N, N, Y, N]),
        ("POST", "/api/v1/meetings/{id}/decisions", [S, N, N, N, Y, N, N, Y, N]),
        ("POST", "/api/v1/meetings/{id}/invitations", [S, N, N, N, Y, N, N, Y, N]),
        ("GET", "/api/v1/places/{code}/initiatives", everyone),
        ("POST", "/api/v1/places/{code}/initiatives", signed_in),
        ("GET", "/api/v1/places/{code}/wijkbudget", everyone),
        ("POST", "/api/v1/places/{code}/wijkbudget", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/initiatives/{id}", everyone),
        ("POST", "/api/v1/initiatives/{id}/decision", [S, N, N, N, Y, N, N, Y, N]),
        ("POST", "/api/v1/initiatives/{id}/payment", [S, N, N, N, Y, N, N, Y, N]),
        ("POST", "/api/v1/initiatives/{id}/account", signed_in),
        ("GET", "/api/v1/initiatives/{id}/files", everyone),
        ("POST", "/api/v1/initiatives/{id}/files", signed_in),
        ("GET", "/api/v1/initiatives/{id}/files/{file}", everyone),
        ("DELETE", "/api/v1/initiatives/{id}/files/{file}", signed_in),
        ("POST", "/api/v1/initiatives/{id}/support", signed_in),
        ("DELETE", "/api/v1/initiatives/{id}/support", signed_in),
        ("GET", "/api/v1/places/{code}/interventions", everyone),
        ("POST", "/api/v1/places/{code}/interventions", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/interventions/{id}", everyone),
        ("POST", "/api/v1/interventions/{id}/challenges", signed_in),
        ("POST", "/api/v1/challenges/{id}/answer", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/places/{code}/newspapers", everyone),
        ("GET", "/api/v1/newspapers/{id}", everyone),
        ("POST", "/api/v1/decisions/{id}/done", [S, N, N, N, Y, N, N, Y, N]),
        ("GET", "/api/v1/wijkscan/{id}", signed_in),
        ("POST", "/api/v1/wijkscan/{id}/answers", signed_in),
        ("GET", "/api/v1/indicators", everyone),
        ("GET", "/api/v1/indicators/{indicator}/places", everyone),
        ("GET", "/api/v1/places/{code}/indicators", everyone),
        ("GET", "/api/v1/places/{code}/effects", [S, N, N, N, N, N, N, Y, Y]),
        ("POST", "/api/v1/places/{code}/baseline", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/places/{code}/targets", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/places/{code}/survey-indicators", [S, N, N, N, N, N, N, Y, Y]),
        ("POST", "/api/v1/places/{code}/survey-indicators", [S, N, N, N, N, N, N, Y, N]),
        (
            "DELETE",
            "/api/v1/places/{code}/survey-indicators/{indicator}/{survey}",
            [S, N, N, N, N, N, N, Y, N],
        ),
        ("POST", "/api/v1/places/{code}/indicator-values", [S, N, N, N, N, N, N, Y, N]),
        // Oosterpark's plan: its coördinator, the gemeente, landelijk.
        ("GET", "/plaatsen/{code}/wijkplan/bewerken", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/plaatsen/{code}/wijkplan", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/plaatsen/{code}/wijkplan/doelen", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/plaatsen/{code}/wijkplan/bijdragen", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/plaatsen/{code}/wijkplan/metingen", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/sociale-kaart", everyone),
        // Keeping the map: partners, businesses and the wijk's leads.
        ("GET", "/sociale-kaart/beheer", signed_in),
        ("GET", "/sociale-kaart/nieuw", signed_in),
        ("POST", "/sociale-kaart/nieuw", signed_in),
        ("GET", "/sociale-kaart/lijst/{code}", everyone),
        ("GET", "/sociale-kaart/{id}", everyone),
        // The wijkteam's entry: its wijk's coördinator, the gemeente, landelijk.
        // The fixture entry is the wijkteam's: its wijkwerker keeps it (anyone may
        // keep their organisation's entries; the gate only asks for a sign-in).
        ("GET", "/sociale-kaart/{id}/bewerken", [S, N, N, Y, Y, N, N, Y, Y]),
        ("POST", "/sociale-kaart/{id}/bewerken", [S, N, N, Y, Y, N, N, Y, Y]),
        ("POST", "/sociale-kaart/{id}/bevestigen", [S, N, N, Y, Y, N, N, Y, Y]),
        ("POST", "/sociale-kaart/{id}/goedkeuren", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/api/hsds/v3/services", everyone),
        ("GET", "/api/hsds/v3/services/{id}", everyone),
        ("GET", "/api/hsds/v3/organizations", everyone),
        ("GET", "/api/hsds/v3/organizations/{id}", everyone),
        ("GET", "/api/hsds/v3/service_at_locations", everyone),
        ("GET", "/api/hsds/v3/taxonomies", everyone),
        ("GET", "/api/hsds/v3/taxonomy_terms", everyone),
        ("GET", "/plaatsen/{code}/vraag-en-aanbod", everyone),
        // Oosterpark's survey: built and exported by its leads.
        ("GET", "/enquetes", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/enquetes", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/enquetes/{id}", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/enquetes/{id}/vragen", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/enquetes/{id}/status", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/enquetes/{id}/codes", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/enquetes/{id}/poster/{buurt}", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/enquetes/{id}/export.csv", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/enquetes/{id}/export.xlsx", [S, N, N, N, Y, N, N, Y, Y]),
        // Paper forms: the leads and Oosterpark's wijkwerker.
        ("GET", "/enquetes/{id}/papier", [S, N, N, Y, Y, N, N, Y, Y]),
        ("POST", "/enquetes/{id}/papier", [S, N, N, Y, Y, N, N, Y, Y]),
        // Answering and results are for everyone, without signing in.
        ("GET", "/enquetes/{id}/uitslag", everyone),
        ("GET", "/enquete/{id}", everyone),
        ("POST", "/enquete/{id}", everyone),
        ("GET", "/enquete/{id}/bedankt", everyone),
        ("GET", "/enquete/qr/{id}/{buurt}", everyone),
        ("GET", "/e/{code}", everyone),
        ("POST", "/api/v1/surveys", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/api/v1/surveys/{id}", everyone),
        ("POST", "/api/v1/surveys/{id}/responses", everyone),
        ("GET", "/api/v1/surveys/{id}/results", everyone),
        ("GET", "/api/v1/places/{code}/demand-supply", everyone),
        ("GET", "/api/v1/places/{code}/wijkplan", everyone),
        // The wijkplan's writers: its wijk's coördinator and, above it, the gemeente and landelijk.
        ("PUT", "/api/v1/places/{code}/wijkplan", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/api/v1/places/{code}/wijkplan/goals", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/api/v1/places/{code}/wijkplan/goals/{goal}/contributions", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/api/v1/places/{code}/wijkplan/goals/{goal}/measurements", [S, N, N, N, Y, N, N, Y, Y]),
        // The social coin: wallets for everyone signed in; the till for
        // ondernemers; programmes and the books for the gemeente alone.
        ("GET", "/munt", signed_in),
        ("GET", "/munt/betalen", signed_in),
        ("POST", "/munt/betalen", signed_in),
        ("GET", "/munt/pas", signed_in),
        ("POST", "/munt/pas", signed_in),
        ("GET", "/munt/qr/{code}", everyone),
        ("GET", "/munt/zaak/{code}", everyone),
        ("GET", "/munt/kassa", [S, N, N, N, N, N, Y, N, N]),
        ("POST", "/munt/kassa/pas", [S, N, N, N, N, N, Y, N, N]),
        ("GET", "/munt/kassa/pin/{id}", [S, N, N, N, N, N, Y, N, N]),
        ("POST", "/munt/kassa/pin/{id}", [S, N, N, N, N, N, Y, N, N]),
        ("POST", "/munt/kassa/voordeel", [S, N, N, N, N, N, Y, N, N]),
        ("POST", "/munt/kassa/inwisselen", [S, N, N, N, N, N, Y, N, N]),
        ("GET", "/munt/regelingen", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/munt/regelingen/{id}", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen/{id}/storten", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen/{id}/uitgeven", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen/{id}/bulk", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen/{id}/zaken", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen/{id}/grenzen", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/munt/regelingen/{id}/boekingen.csv", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/munt/regelingen/{id}/boekingen.xlsx", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/munt/boekhouding.beancount", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/coin/programmes", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/coin/programmes/{id}", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/coin/programmes/{id}/fundings", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/coin/programmes/{id}/businesses", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/coin/issuances", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/coin/payments", signed_in),
        ("POST", "/api/v1/coin/redemptions", [S, N, N, N, N, N, Y, N, N]),
        ("POST", "/api/v1/coin/reversals", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/coin/accounts/{id}", signed_in),
        ("GET", "/api/v1/coin/ledger.beancount", [S, N, N, N, N, N, N, Y, N]),
        // The cooperative's API: members post for themselves (an empty body
        // counts as that); everything else signed in, decided per post.
        ("GET", "/api/v1/places/{code}/cooperative", everyone),
        ("POST", "/api/v1/places/{code}/cooperative/members", signed_in),
        ("GET", "/api/v1/places/{code}/market-posts", signed_in),
        ("POST", "/api/v1/places/{code}/market-posts", [S, Y, N, N, N, Y, Y, N, N]),
        ("GET", "/api/v1/market-posts/{id}", signed_in),
        ("POST", "/api/v1/market-posts/{id}/agreements", signed_in),
        ("POST", "/api/v1/market-posts/{id}/withdrawal", signed_in),
        ("POST", "/api/v1/market-posts/{id}/renewal", signed_in),
        ("GET", "/api/v1/market-agreements/{id}", signed_in),
        ("POST", "/api/v1/market-agreements/{id}/answer", signed_in),
        ("POST", "/api/v1/market-agreements/{id}/hours", signed_in),
        ("GET", "/api/v1/me/marketplace", signed_in),
        // Last: leaving takes the members off the register.
        ("POST", "/plaatsen/{code}/cooperatie/opzeggen", signed_in),
    ]
}

/// Fatima's person id and the id of her latest week test.
struct Fixtures {
    fatima: String,
    fatima_test: String,
    fatima_goal: String,
    household: String,
    plan: String,
    action: String,
    service: String,
    organisation: String,
    survey: String,
}

fn concrete_path(path: &str, f: &Fixtures) -> String {
    path.replace("{file}", "app.css")
        .replace("{lang}", "en")
        .replace("{code}", "WK960102")
        .replace("{template}", "basis")
        .replace("/personen/{id}", &format!("/personen/{}", f.fatima))
        .replace("/persons/{id}", &format!("/persons/{}", f.fatima))
        .replace("/uitslag/{id}", &format!("/uitslag/{}", f.fatima_test))
        .replace("/weektests/{id}", &format!("/weektests/{}", f.fatima_test))
        .replace("/doelen/{id}", &format!("/doelen/{}", f.fatima_goal))
        .replace("/goals/{id}", &format!("/goals/{}", f.fatima_goal))
        .replace("/households/{id}", &format!("/households/{}", f.household))
        .replace("/family-plans/{id}", &format!("/family-plans/{}", f.plan))
        .replace("/gezin/{id}", &format!("/gezin/{}", f.household))
        .replace("{plan}", &f.plan)
        .replace("/sociale-kaart/{id}", &format!("/sociale-kaart/{}", f.service))
        .replace("/services/{id}", &format!("/services/{}", f.service))
        .replace("/organizations/{id}", &format!("/organizations/{}", f.organisation))
        .replace("{action}", &f.action)
        .replace("/enquetes/{id}", &format!("/enquetes/{}", f.survey))
        .replace("/enquete/{id}", &format!("/enquete/{}", f.survey))
        .replace("/enquete/qr/{id}", &format!("/enquete/qr/{}", f.survey))
        .replace("/surveys/{id}", &format!("/surveys/{}", f.survey))
        .replace("{buurt}", "BU96010201")
        .replace("{indicator}", "laag-inkomen")
        .replace("{item}", "0190f0f0-0000-7000-8000-000000000001")
        .replace("{goal}", "0190f0f0-0000-7000-8000-000000000002")
        .replace("{person}", "0190f0f0-0000-7000-8000-000000000003")
        .replace("{id}", "0190f0f0-0000-7000-8000-000000000000")
}

#[tokio::test]
async fn authorization_matrix_covers_every_route_and_role() {
    let table = expected();
    let declared: BTreeSet<(String, String)> =
        route_specs().iter().map(|r| (r.method.to_string(), r.path.to_string())).collect();
    let listed: BTreeSet<(String, String)> =
        table.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    assert_eq!(declared, listed, "every route has a row in the matrix, and every row a route");

    for app in apps().await {
        let fatima = app.person_id(email_of(Role::Bewoner)).await;
        let fatima_test = app.store.weektests_of(&fatima).await.unwrap().pop().unwrap().id;
        let fatima_goal =
            app.store.goals_of(&fatima, wijkwerk_domain::Timestamp::now()).await.unwrap()[0].goal.id.clone();
        let household = app.store.households_of(&fatima).await.unwrap()[0].id.clone();
        let plan = app.store.plan_id_of(&household).await.unwrap().unwrap();
        let action = app.store.family_plan(&plan).await.unwrap().unwrap().actions[0].id.clone();
        let query = wijkwerk_store::socialmap::ServiceQuery {
            text: "inloopspreekuur wijkteam".into(),
            page: 1,
            per_page: 5,
            ..Default::default()
        };
        let found = app.store.search_services(&query).await.unwrap().0.remove(0);
        let (service, organisation) = (found.id, found.organisation_id);
        let survey = app.store.surveys_in(&["WK960102".to_string()]).await.unwrap()[0].id.clone();
        let fixtures = Fixtures {
            fatima,
            fatima_test,
            fatima_goal,
            household,
            plan,
            action,
            service,
            organisation,
            survey,
        };
        for (method, path, row) in &table {
            let spec =
                route_specs().into_iter().find(|r| r.method.as_str() == *method && r.path == *path).unwrap();
            let uri = concrete_path(path, &fixtures);
            for (actor, want) in ACTORS.iter().zip(row) {
                let reply = match (spec.kind, actor) {
                    (RouteKind::Api, _) => {
                        let token = match actor {
                            Some(role) => Some(token_for(&app, email_of(*role)).await),
                            None => None,
                        };
                        let body = matches!(*method, "POST" | "PUT").then(|| {
                            if path.ends_with("/roles") {
                                json!({ "role": "coach", "email": email_of(Role::Bewoner) })
                            } else {
                                json!({})
                            }
                        });
                        api(&app, method.parse().unwrap(), &uri, token.as_deref(), body).await
                    }
                    (_, Some(role)) => {
                        // A fresh session per request, so signing out does not spoil the next one.
                        let mut b = Browser::default();
                        let id = app.person_id(email_of(*role)).await;
                        let s = app.store.create_session(&id, 3600, None).await.unwrap();
                        b.cookies.push(("wijkwerk_session".into(), s.token));
                        b.csrf = s.csrf_token;
                        if *method == "POST" {
                            b.post(&app, &uri, &[]).await
                        } else {
                            b.get(&app, &uri).await
                        }
                    }
                    (_, None) => {
                        let mut b = Browser::default();
                        b.get(&app, "/inloggen").await;
                        if *method == "POST" {
                            b.post(&app, &uri, &[]).await
                        } else {
                            b.get(&app, &uri).await
                        }
                    }
                };
                let got = match reply.status {
                    StatusCode::UNAUTHORIZED if spec.kind == RouteKind::Api => Access::SignIn,
                    StatusCode::SEE_OTHER if reply.location().starts_with("/inloggen?terug=") => {
                        Access::SignIn
                    }
                    StatusCode::FORBIDDEN => Access::No,
                    s if s.is_server_error() => {
                        panic!("{}: {method} {uri} as {actor:?}: {s} {}", app.label(), reply.body)
                    }
                    _ => Access::Yes,
                };
                assert_eq!(
                    got,
                    *want,
                    "{}: {method} {uri} as {actor:?} gave {} {}",
                    app.label(),
                    reply.status,
                    &reply.body.chars().take(300).collect::<String>()
                );
            }
        }
    }
}
