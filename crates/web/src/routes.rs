//! Every route of the application, declared once with its gate.
//!
//! The declaration both registers the handler and enforces the gate, and
//! [`route_specs`] lists it for the authorization-matrix test and the OpenAPI
//! check, so a route cannot exist without a stated access rule.

use crate::context::{self, Ctx};
use crate::problem::{PageError, Problem};
use crate::{AppState, api, assets, pages, security};
use axum::Router;
use axum::extract::Request;
use axum::handler::Handler;
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, delete, get, post, put};
use std::sync::Arc;
use wijkwerk_domain::access::{
    ASSIGN_ROLES, AUDIT_READERS, CHALLENGE_KEEPERS, COIN_BUSINESSES, COIN_ISSUERS, EFFECT_KEEPERS,
    EFFECT_READERS, EMERGENCY_APPROVERS, EMERGENCY_REQUESTERS, Gate, INITIATIVE_DECIDERS, INTAKE_READERS,
    MEETING_ORGANISERS, PAPER_CLERKS, Refusal, SEE_TEAM, SURVEY_PAPER, WIJK_LEADS, WIJKBUDGET_KEEPERS,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteKind {
    /// HTML for people; session cookie; forms carry a CSRF token.
    Page,
    /// JSON under `/api/`; bearer token; errors as problem+json.
    Api,
    /// Files that never depend on who asks.
    Asset,
}

#[derive(Clone, Debug)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub gate: Gate,
    pub kind: RouteKind,
}

struct Builder {
    specs: Vec<RouteSpec>,
    router: Router<AppState>,
}

impl Builder {
    fn add<H, T>(mut self, method: Method, path: &'static str, gate: Gate, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let kind = if path.starts_with("/api/") {
            RouteKind::Api
        } else if path.starts_with("/static/") || path.starts_with("/.well-known/") || path == "/healthz" {
            RouteKind::Asset
        } else {
            RouteKind::Page
        };
        let endpoint: MethodRouter<AppState> = match method {
            Method::GET => get(handler),
            Method::POST => post(handler),
            Method::DELETE => delete(handler),
            Method::PUT => put(handler),
            _ => unreachable!("only GET, POST, PUT and DELETE are used"),
        };
        let endpoint = endpoint
            .route_layer(middleware::from_fn(move |req: Request, next: Next| enforce(gate, kind, req, next)));
        self.router = self.router.route(path, endpoint);
        self.specs.push(RouteSpec { method, path, gate, kind });
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, gate: Gate, h: H) -> Self {
        self.add(Method::GET, path, gate, h)
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, gate: Gate, h: H) -> Self {
        self.add(Method::POST, path, gate, h)
    }

    fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, gate: Gate, h: H) -> Self {
        self.add(Method::DELETE, path, gate, h)
    }

    fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, gate: Gate, h: H) -> Self {
        self.add(Method::PUT, path, gate, h)
    }
}

fn build() -> Builder {
    use Gate::Public;
    let b = Builder { specs: Vec::new(), router: Router::new() }
        // Infrastructure
        .get("/healthz", Public, api::health)
        .get("/static/{file}", Public, assets::serve)
        .get("/.well-known/security.txt", Public, assets::security_txt);
    let b = cooperative_routes(coin_pages(wijk_pages(pages(b))));
    coin_api_routes(personal_api_routes(api_routes(b)))
}

/// The HTML pages, except the social coin's.
fn pages(b: Builder) -> Builder {
    use Gate::{AnyRole, Public, SignedIn};
    b.get("/", Public, pages::home::show)
        .get("/inloggen", Public, pages::auth::login_form)
        .post("/inloggen", Public, pages::auth::login)
        .post("/uitloggen", SignedIn, pages::auth::logout)
        .get("/taal/{lang}", Public, pages::auth::switch_language)
        .get("/plaatsen", Public, pages::places::lands)
        .get("/plaatsen/{code}", Public, pages::places::show)
        .get("/plaatsen/{code}/wijkplan", Public, pages::wijkplan::show)
        .get("/plaatsen/{code}/logboek", AnyRole(AUDIT_READERS), pages::places::audit_trail)
        .get("/plaatsen/{code}/wijkplan/bewerken", AnyRole(WIJK_LEADS), pages::wijkplan::edit)
        .post("/plaatsen/{code}/wijkplan", AnyRole(WIJK_LEADS), pages::wijkplan::save)
        .post("/plaatsen/{code}/wijkplan/doelen", AnyRole(WIJK_LEADS), pages::wijkplan::add_goal)
        .post("/plaatsen/{code}/wijkplan/bijdragen", AnyRole(WIJK_LEADS), pages::wijkplan::add_contribution)
        .post("/plaatsen/{code}/wijkplan/metingen", AnyRole(WIJK_LEADS), pages::wijkplan::add_measurement)
        .get("/plaatsen/{code}/vraag-en-aanbod", Public, pages::demand_supply::show)
        .get("/plaatsen/{code}/cijfers", Public, pages::indicators::profile)
        .get("/cijfers/{file}", Public, pages::indicators::download)
        .get("/indicatoren/{code}", Public, pages::indicators::compare)
        .get("/plaatsen/{code}/effecten", AnyRole(EFFECT_READERS), pages::indicators::dashboard)
        .post("/plaatsen/{code}/effecten/nulmeting", AnyRole(EFFECT_KEEPERS), pages::indicators::fix_baseline)
        .post("/plaatsen/{code}/effecten/doelen", AnyRole(EFFECT_KEEPERS), pages::indicators::set_target)
        .post("/plaatsen/{code}/effecten/waarden", AnyRole(EFFECT_KEEPERS), pages::indicators::record_value)
        .post("/plaatsen/{code}/effecten/enquetes", AnyRole(EFFECT_KEEPERS), pages::indicators::link_survey)
        .post(
            "/plaatsen/{code}/effecten/enquetes/los",
            AnyRole(EFFECT_KEEPERS),
            pages::indicators::unlink_survey,
        )
        .get("/plaatsen/{code}/geld", AnyRole(EFFECT_READERS), pages::money::show)
        .post("/plaatsen/{code}/geld", AnyRole(EFFECT_KEEPERS), pages::money::record)
        .post("/plaatsen/{code}/geld/blad", AnyRole(EFFECT_KEEPERS), pages::money::import_sheet)
        .get("/plaatsen/{code}/wonen", Public, pages::housing::overview)
        .post("/plaatsen/{code}/wonen", AnyRole(EFFECT_KEEPERS), pages::housing::add)
        .get("/wonen/{id}", Public, pages::housing::show)
        .post("/wonen/{id}", AnyRole(EFFECT_KEEPERS), pages::housing::score)
        .get("/plaatsen/{code}/wijkscan", SignedIn, pages::wijkscan::rounds)
        .post("/plaatsen/{code}/wijkscan", AnyRole(EFFECT_KEEPERS), pages::wijkscan::open)
        .get("/wijkscan/{id}", SignedIn, pages::wijkscan::show)
        .post("/wijkscan/{id}", SignedIn, pages::wijkscan::answer)
        .get("/enquetes", AnyRole(WIJK_LEADS), pages::surveys::index)
        .post("/enquetes", AnyRole(WIJK_LEADS), pages::surveys::create)
        .get("/enquetes/{id}", AnyRole(WIJK_LEADS), pages::surveys::show)
        .post("/enquetes/{id}/vragen", AnyRole(WIJK_LEADS), pages::surveys::add_question)
        .post("/enquetes/{id}/status", AnyRole(WIJK_LEADS), pages::surveys::set_status)
        .post("/enquetes/{id}/codes", AnyRole(WIJK_LEADS), pages::surveys::codes)
        .get("/enquetes/{id}/poster/{buurt}", AnyRole(WIJK_LEADS), pages::surveys::poster)
        .get("/enquetes/{id}/export.csv", AnyRole(WIJK_LEADS), pages::surveys::export_csv)
        .get("/enquetes/{id}/export.xlsx", AnyRole(WIJK_LEADS), pages::surveys::export_xlsx)
        .get("/enquetes/{id}/papier", AnyRole(SURVEY_PAPER), pages::surveys::paper_form)
        .post("/enquetes/{id}/papier", AnyRole(SURVEY_PAPER), pages::surveys::paper)
        .get("/enquetes/{id}/uitslag", Public, pages::surveys::results)
        .get("/e/{code}", Public, pages::surveys::short_link)
        .get("/enquete/{id}", Public, pages::surveys::respond_form)
        .post("/enquete/{id}", Public, pages::surveys::respond)
        .get("/enquete/{id}/bedankt", Public, pages::surveys::thanks)
        .get("/enquete/qr/{id}/{buurt}", Public, pages::surveys::qr)
        .get("/mijn-gegevens", SignedIn, pages::my_data::show)
        .get("/mijn-gegevens/export.json", SignedIn, pages::my_data::export)
        .post("/mijn-gegevens/toestemmingen", SignedIn, pages::my_data::grant)
        .post("/mijn-gegevens/toestemmingen/{id}/intrekken", SignedIn, pages::my_data::revoke)
        .post("/mijn-gegevens/uitloggen-overal", SignedIn, pages::my_data::sign_out_everywhere)
        .post("/mijn-gegevens/e-mail", SignedIn, pages::my_data::mail_preferences)
        .get("/mijn-gegevens/verwijderen", SignedIn, pages::my_data::erase_form)
        .post("/mijn-gegevens/verwijderen", SignedIn, pages::my_data::erase)
        .get("/gegevens-verwijderd", Public, pages::my_data::erased)
        .get("/personen/{id}", SignedIn, pages::person::show)
        .get("/weektest", SignedIn, pages::weektest::index)
        .get("/weektest/uitslag/{id}", SignedIn, pages::weektest::result)
        .get("/weektest/verloop", SignedIn, pages::goals::timeline)
        .get("/weektest/doelen/nieuw", SignedIn, pages::goals::new_goal)
        .post("/weektest/doelen", SignedIn, pages::goals::create_goal)
        .get("/weektest/doelen/{id}", SignedIn, pages::goals::show_goal)
        .post("/weektest/doelen/{id}/uren", SignedIn, pages::goals::log_hours)
        .post("/weektest/doelen/{id}/beoordeling", SignedIn, pages::goals::rate)
        .get("/personen/{id}/weektest", SignedIn, pages::goals::shared_timeline)
        .get("/gezin", SignedIn, pages::family::index)
        .post("/gezin", SignedIn, pages::family::create)
        .post("/gezin/meedoen", SignedIn, pages::family::join)
        .get("/gezin/{id}", SignedIn, pages::family::show)
        .post("/gezin/{id}/leden", SignedIn, pages::family::add_member)
        .post("/gezin/{id}/delen", SignedIn, pages::family::share)
        .post("/gezin/{id}/aanvragen", SignedIn, pages::family::decide_join)
        .post("/gezin/{id}/code", SignedIn, pages::family::renew_code)
        .get("/gezin/{id}/naast-elkaar", SignedIn, pages::family::side_by_side)
        .post("/gezin/{id}/plan", SignedIn, pages::family::open_plan)
        .get("/gezinsplan/{plan}", SignedIn, pages::family::show_plan)
        .post("/gezinsplan/{plan}/doelen", SignedIn, pages::family::add_goal)
        .post("/gezinsplan/{plan}/acties", SignedIn, pages::family::add_action)
        .post("/gezinsplan/{plan}/voortgang", SignedIn, pages::family::update_actions)
        .post("/gezinsplan/{plan}/acties/{action}", SignedIn, pages::family::update_action)
        .post("/gezinsplan/{plan}/evaluaties", SignedIn, pages::family::add_evaluation)
        .post("/gezinsplan/{plan}/netwerk", SignedIn, pages::family::add_network)
        .post("/gezinsplan/{plan}/professionals", SignedIn, pages::family::invite_professional)
        .post("/gezinsplan/{plan}/toestemming", SignedIn, pages::family::consent_professional)
        .post("/gezinsplan/{plan}/regisseur", SignedIn, pages::family::set_regisseur)
        .get("/weektest/{template}", SignedIn, pages::weektest::form)
        .post("/weektest/{template}", SignedIn, pages::weektest::submit)
        .get("/weektest/{template}/rooster", SignedIn, pages::weektest::grid)
        .post("/weektest/{template}/rooster", SignedIn, pages::weektest::grid_submit)
        .get("/sociale-kaart", Public, pages::socialmap::search)
        .get("/sociale-kaart/beheer", SignedIn, pages::socialmap::manage)
        .get("/sociale-kaart/nieuw", SignedIn, pages::socialmap::new_form)
        .post("/sociale-kaart/nieuw", SignedIn, pages::socialmap::create)
        .get("/sociale-kaart/lijst/{code}", Public, pages::socialmap::print_list)
        .get("/sociale-kaart/{id}", Public, pages::socialmap::show)
        .get("/sociale-kaart/{id}/bewerken", SignedIn, pages::socialmap::edit_form)
        .post("/sociale-kaart/{id}/bewerken", SignedIn, pages::socialmap::update)
        .post("/sociale-kaart/{id}/bevestigen", SignedIn, pages::socialmap::confirm)
        .post("/sociale-kaart/{id}/goedkeuren", AnyRole(WIJK_LEADS), pages::socialmap::approve)
}

/// The pages of the wijk working together: meetings, initiatives and the
/// wijkbudget, the right to challenge, the wijkkrant, the luisterloket.
fn wijk_pages(b: Builder) -> Builder {
    use Gate::{AnyRole, Public, SignedIn};
    b.get("/plaatsen/{code}/bijeenkomsten", Public, pages::meetings::list)
        .post("/plaatsen/{code}/bijeenkomsten", AnyRole(MEETING_ORGANISERS), pages::meetings::organise)
        .get("/plaatsen/{code}/bijeenkomsten.ics", Public, pages::meetings::place_feed)
        .get("/bijeenkomsten/{id}", Public, pages::meetings::show)
        .get("/bijeenkomsten/{id}/uitnodiging", Public, pages::meetings::letter)
        .get("/bijeenkomsten/qr/{id}", Public, pages::meetings::qr)
        .get("/b/{code}", Public, pages::meetings::short_link)
        .post("/bijeenkomsten/{id}/aanmelden", SignedIn, pages::meetings::register)
        .post("/bijeenkomsten/{id}/afmelden", SignedIn, pages::meetings::cancel)
        .post("/bijeenkomsten/{id}/evaluatie", SignedIn, pages::meetings::evaluate)
        .post("/bijeenkomsten/{id}/verslag", AnyRole(MEETING_ORGANISERS), pages::meetings::minutes)
        .post("/bijeenkomsten/{id}/besluiten", AnyRole(MEETING_ORGANISERS), pages::meetings::decide)
        .post("/bijeenkomsten/{id}/e-mail", AnyRole(MEETING_ORGANISERS), pages::meetings::invite)
        .post("/besluiten/{id}/klaar", AnyRole(MEETING_ORGANISERS), pages::meetings::decision_done)
        .get("/plaatsen/{code}/initiatieven", Public, pages::initiatives::register)
        .post("/plaatsen/{code}/initiatieven", SignedIn, pages::initiatives::submit)
        .post(
            "/plaatsen/{code}/initiatieven/regels",
            AnyRole(WIJKBUDGET_KEEPERS),
            pages::initiatives::set_rules,
        )
        .post("/plaatsen/{code}/wijkbudget", AnyRole(WIJKBUDGET_KEEPERS), pages::initiatives::allocate)
        .get("/initiatieven/{id}", Public, pages::initiatives::show)
        .post("/initiatieven/{id}/besluit", AnyRole(INITIATIVE_DECIDERS), pages::initiatives::decide)
        .post("/initiatieven/{id}/betaald", AnyRole(INITIATIVE_DECIDERS), pages::initiatives::pay)
        .post("/initiatieven/{id}/verantwoording", SignedIn, pages::initiatives::account)
        .post("/initiatieven/{id}/bestanden", SignedIn, pages::initiatives::add_file)
        .get("/initiatieven/{id}/bestanden/{file}", Public, pages::initiatives::file)
        .post("/initiatieven/{id}/bestanden/{file}/weg", SignedIn, pages::initiatives::remove_file)
        .post("/initiatieven/{id}/steun", SignedIn, pages::initiatives::support)
        .post("/initiatieven/{id}/papier", AnyRole(PAPER_CLERKS), pages::initiatives::paper)
        .get("/plaatsen/{code}/uitdaagrecht", Public, pages::challenges::list)
        .post("/plaatsen/{code}/uitdaagrecht", AnyRole(CHALLENGE_KEEPERS), pages::challenges::announce)
        .post(
            "/plaatsen/{code}/uitdaagrecht/regels",
            AnyRole(CHALLENGE_KEEPERS),
            pages::challenges::set_rules,
        )
        .get("/interventies/{id}", Public, pages::challenges::show)
        .post("/interventies/{id}/uitdagen", SignedIn, pages::challenges::challenge)
        .post("/uitdagingen/{id}/antwoord", AnyRole(CHALLENGE_KEEPERS), pages::challenges::answer)
        .get("/plaatsen/{code}/wijkkrant", Public, pages::newspaper::list)
        .post("/plaatsen/{code}/wijkkrant", SignedIn, pages::newspaper::create)
        .post("/plaatsen/{code}/wijkkrant/redactie", SignedIn, pages::newspaper::join)
        .get("/wijkkrant/{id}", Public, pages::newspaper::show)
        .post("/wijkkrant/{id}/stukken", SignedIn, pages::newspaper::add_story)
        .post("/wijkkrant/{id}/suggesties", SignedIn, pages::newspaper::take_suggestion)
        .post("/wijkkrant/{id}/stukken/{item}/weg", SignedIn, pages::newspaper::remove_item)
        .post("/wijkkrant/{id}/publiceren", SignedIn, pages::newspaper::publish)
        .post("/wijkkrant/{id}/strookjes", AnyRole(PAPER_CLERKS), pages::newspaper::add_response)
        .get("/plaatsen/{code}/noodbudget", AnyRole(EMERGENCY_APPROVERS), pages::emergency::overview)
        .post("/plaatsen/{code}/noodbudget", AnyRole(EMERGENCY_REQUESTERS), pages::emergency::request)
        .post("/plaatsen/{code}/noodbudget/budget", AnyRole(WIJKBUDGET_KEEPERS), pages::emergency::allocate)
        .get("/noodbudget/{id}", SignedIn, pages::emergency::show)
        .post("/noodbudget/{id}/akkoord", AnyRole(EMERGENCY_APPROVERS), pages::emergency::approve)
        .post("/noodbudget/{id}/afwijzen", AnyRole(EMERGENCY_APPROVERS), pages::emergency::refuse)
        .post("/noodbudget/{id}/bedrag", AnyRole(EMERGENCY_REQUESTERS), pages::emergency::change_amount)
        .get("/luisterloket", SignedIn, pages::intake::show)
        .get("/luisterloket/privacy", Public, pages::intake::privacy)
        .post("/luisterloket", SignedIn, pages::intake::save)
        .post("/luisterloket/delen", SignedIn, pages::intake::share)
        .post("/luisterloket/delen/{id}/intrekken", SignedIn, pages::intake::revoke)
        .get("/luisterloket/intakes/{id}", AnyRole(INTAKE_READERS), pages::intake::read_shared)
        .post("/luisterloket/intakes/{id}/verwijzen", AnyRole(INTAKE_READERS), pages::intake::refer)
        .post("/luisterloket/intakes/{id}/notities", AnyRole(INTAKE_READERS), pages::intake::add_note)
        .post("/luisterloket/notities/{id}/reactie", SignedIn, pages::intake::reply)
        .post("/luisterloket/verwijzingen/{id}/antwoord", AnyRole(INTAKE_READERS), pages::intake::answer)
}

/// The wijk cooperative and its marketplace: pages and API.
fn cooperative_routes(b: Builder) -> Builder {
    use Gate::{AnyRole, Public, SignedIn};
    use wijkwerk_domain::cooperative::{COOPERATIVE_REGISTRARS, MARKET_PROFESSIONALS};
    b.get("/plaatsen/{code}/cooperatie", Public, pages::cooperative::show)
        .post("/plaatsen/{code}/cooperatie", AnyRole(COOPERATIVE_REGISTRARS), pages::cooperative::register)
        .post("/plaatsen/{code}/cooperatie/lid", SignedIn, pages::cooperative::join)
        .post("/plaatsen/{code}/cooperatie/opzeggen", SignedIn, pages::cooperative::leave)
        .get("/plaatsen/{code}/cooperatie/leden", SignedIn, pages::cooperative::members)
        .post("/plaatsen/{code}/cooperatie/bestuur", SignedIn, pages::cooperative::board_role)
        .post(
            "/plaatsen/{code}/cooperatie/teams",
            AnyRole(MARKET_PROFESSIONALS),
            pages::cooperative::start_team,
        )
        .post("/plaatsen/{code}/cooperatie/allianties", SignedIn, pages::cooperative::propose_alliance)
        .post(
            "/plaatsen/{code}/cooperatie/partners",
            AnyRole(COOPERATIVE_REGISTRARS),
            pages::cooperative::add_partner,
        )
        .get("/plaatsen/{code}/cooperatie/loket", SignedIn, pages::cooperative::desk)
        .post("/plaatsen/{code}/cooperatie/loket", SignedIn, pages::cooperative::ask_desk)
        .post("/loket/{id}", SignedIn, pages::cooperative::handle_desk)
        .get("/allianties/{id}", Public, pages::cooperative::alliance)
        .post("/allianties/{id}/meedoen", SignedIn, pages::cooperative::join_alliance)
        .get("/teams/{id}", SignedIn, pages::cooperative::team)
        .post("/teams/{id}/leden", SignedIn, pages::cooperative::add_member)
        .post("/teams/{id}/delen", SignedIn, pages::cooperative::share_priority)
        .post("/teams/{id}/buurtbaan", SignedIn, pages::cooperative::buurtbaan)
        .get("/plaatsen/{code}/markt", SignedIn, pages::market::market)
        .post("/plaatsen/{code}/markt", SignedIn, pages::market::create)
        .get("/mijn/markt", SignedIn, pages::market::mine)
        .get("/markt/{id}", SignedIn, pages::market::show)
        .post("/markt/{id}/intrekken", SignedIn, pages::market::withdraw)
        .post("/markt/{id}/verlengen", SignedIn, pages::market::renew)
        .post("/markt/{id}/reageren", SignedIn, pages::market::respond)
        .get("/markt/afspraken/{id}", SignedIn, pages::market::agreement)
        .post("/markt/afspraken/{id}/antwoord", SignedIn, pages::market::answer)
        .post("/markt/afspraken/{id}/uren", SignedIn, pages::market::confirm)
        .post("/markt/afspraken/{id}/teamuren", SignedIn, pages::market::team_hours)
        .get("/api/v1/places/{code}/cooperative", Public, api::marketplace::cooperative)
        .post("/api/v1/places/{code}/cooperative/members", SignedIn, api::marketplace::join)
        .get("/api/v1/places/{code}/market-posts", SignedIn, api::marketplace::list)
        .post("/api/v1/places/{code}/market-posts", SignedIn, api::marketplace::create)
        .get("/api/v1/market-posts/{id}", SignedIn, api::marketplace::show)
        .post("/api/v1/market-posts/{id}/agreements", SignedIn, api::marketplace::respond)
        .post("/api/v1/market-posts/{id}/withdrawal", SignedIn, api::marketplace::withdraw)
        .post("/api/v1/market-posts/{id}/renewal", SignedIn, api::marketplace::renew)
        .get("/api/v1/market-agreements/{id}", SignedIn, api::marketplace::agreement)
        .post("/api/v1/market-agreements/{id}/answer", SignedIn, api::marketplace::answer)
        .post("/api/v1/market-agreements/{id}/hours", SignedIn, api::marketplace::confirm)
        .get("/api/v1/me/marketplace", SignedIn, api::marketplace::mine)
}

/// The social coin's pages.
fn coin_pages(b: Builder) -> Builder {
    use Gate::{AnyRole, Public, SignedIn};
    b.get("/munt", SignedIn, pages::coin::wallet)
        .get("/munt/betalen", SignedIn, pages::coin::pay_form)
        .post("/munt/betalen", SignedIn, pages::coin::pay)
        .get("/munt/pas", SignedIn, pages::coin::card)
        .post("/munt/pas", SignedIn, pages::coin::set_pin)
        .get("/munt/qr/{code}", Public, pages::coin::qr)
        .get("/munt/zaak/{code}", Public, pages::coin::shop)
        .get("/munt/kassa", AnyRole(COIN_BUSINESSES), pages::coin::till)
        .post("/munt/kassa/pas", AnyRole(COIN_BUSINESSES), pages::coin::start_card_payment)
        .get("/munt/kassa/pin/{id}", AnyRole(COIN_BUSINESSES), pages::coin::pin_form)
        .post("/munt/kassa/pin/{id}", AnyRole(COIN_BUSINESSES), pages::coin::confirm_card_payment)
        .post("/munt/kassa/voordeel", AnyRole(COIN_BUSINESSES), pages::coin::set_benefit)
        .post("/munt/kassa/inwisselen", AnyRole(COIN_BUSINESSES), pages::coin::redeem)
        .get("/munt/regelingen", AnyRole(COIN_ISSUERS), pages::coin::programmes)
        .post("/munt/regelingen", AnyRole(COIN_ISSUERS), pages::coin::create_programme)
        .get("/munt/regelingen/{id}", AnyRole(COIN_ISSUERS), pages::coin::programme)
        .post("/munt/regelingen/{id}/storten", AnyRole(COIN_ISSUERS), pages::coin::fund)
        .post("/munt/regelingen/{id}/uitgeven", AnyRole(COIN_ISSUERS), pages::coin::issue)
        .post("/munt/regelingen/{id}/bulk", AnyRole(COIN_ISSUERS), pages::coin::issue_bulk)
        .post("/munt/regelingen/{id}/zaken", AnyRole(COIN_ISSUERS), pages::coin::businesses)
        .post("/munt/regelingen/{id}/grenzen", AnyRole(COIN_ISSUERS), pages::coin::set_limits)
        .get("/munt/regelingen/{id}/boekingen.csv", AnyRole(COIN_ISSUERS), pages::coin::book_csv)
        .get("/munt/regelingen/{id}/boekingen.xlsx", AnyRole(COIN_ISSUERS), pages::coin::book_xlsx)
        .get("/munt/boekhouding.beancount", AnyRole(COIN_ISSUERS), pages::coin::ledger)
}

/// The JSON API, and the sociale kaart as HSDS.
fn api_routes(b: Builder) -> Builder {
    use Gate::{AnyRole, Public, SignedIn};
    b
        // Open Referral HSDS 3.0, described by its own standard
        .get("/api/hsds/v3/services", Public, api::hsds::services)
        .get("/api/hsds/v3/services/{id}", Public, api::hsds::service)
        .get("/api/hsds/v3/organizations", Public, api::hsds::organizations)
        .get("/api/hsds/v3/organizations/{id}", Public, api::hsds::organization)
        .get("/api/hsds/v3/service_at_locations", Public, api::hsds::service_at_locations)
        .get("/api/hsds/v3/taxonomies", Public, api::hsds::taxonomies)
        .get("/api/hsds/v3/taxonomy_terms", Public, api::hsds::taxonomy_terms)
        .get("/api/v1/openapi.json", Public, api::openapi::document)
        .get("/api/v1/me", SignedIn, api::me::show)
        .get("/api/v1/me/export", SignedIn, api::me::export)
        .get("/api/v1/me/access-log", SignedIn, api::me::access_log)
        .get("/api/v1/me/consents", SignedIn, api::me::consents)
        .post("/api/v1/me/consents", SignedIn, api::me::grant)
        .delete("/api/v1/me/consents/{id}", SignedIn, api::me::revoke)
        .get("/api/v1/me/mail-preferences", SignedIn, api::me::mail_preferences)
        .put("/api/v1/me/mail-preferences", SignedIn, api::me::set_mail_preferences)
        .get("/api/v1/me/intake", SignedIn, api::intake::mine)
        .put("/api/v1/me/intake", SignedIn, api::intake::save)
        .post("/api/v1/me/intake/shares", SignedIn, api::intake::share)
        .delete("/api/v1/me/intake/shares/{id}", SignedIn, api::intake::revoke)
        .get("/api/v1/intakes/shared", AnyRole(INTAKE_READERS), api::intake::shared)
        .get("/api/v1/intakes/{id}", AnyRole(INTAKE_READERS), api::intake::read_shared)
        .post("/api/v1/intakes/{id}/referrals", AnyRole(INTAKE_READERS), api::intake::refer)
        .post("/api/v1/intakes/{id}/notes", AnyRole(INTAKE_READERS), api::intake::add_note)
        .put("/api/v1/me/intake/notes/{id}/reply", SignedIn, api::intake::reply)
        .get("/api/v1/referrals", AnyRole(INTAKE_READERS), api::intake::incoming)
        .post("/api/v1/referrals/{id}/answer", AnyRole(INTAKE_READERS), api::intake::answer)
        .get("/api/v1/places/{code}", Public, api::places::show)
        .get("/api/v1/places/{code}/team", AnyRole(SEE_TEAM), api::places::team)
        .post("/api/v1/places/{code}/roles", AnyRole(ASSIGN_ROLES), api::places::assign_role)
        .get("/api/v1/places/{code}/demand-supply", Public, api::places::demand_supply)
        .get("/api/v1/places/{code}/wijkplan", Public, api::wijkplan::show)
        .put("/api/v1/places/{code}/wijkplan", AnyRole(WIJK_LEADS), api::wijkplan::save)
        .post("/api/v1/places/{code}/wijkplan/goals", AnyRole(WIJK_LEADS), api::wijkplan::add_goal)
        .post(
            "/api/v1/places/{code}/wijkplan/goals/{goal}/contributions",
            AnyRole(WIJK_LEADS),
            api::wijkplan::add_contribution,
        )
        .post(
            "/api/v1/places/{code}/wijkplan/goals/{goal}/measurements",
            AnyRole(WIJK_LEADS),
            api::wijkplan::add_measurement,
        )
        .get("/api/v1/indicators", Public, api::indicators::list)
        .get("/api/v1/indicators/{indicator}/places", Public, api::indicators::compare)
        .get("/api/v1/places/{code}/indicators", Public, api::indicators::profile)
        .get("/api/v1/places/{code}/effects", AnyRole(EFFECT_READERS), api::indicators::effects)
        .post("/api/v1/places/{code}/baseline", AnyRole(EFFECT_KEEPERS), api::indicators::fix_baseline)
        .post("/api/v1/places/{code}/targets", AnyRole(EFFECT_KEEPERS), api::indicators::set_target)
        .post(
            "/api/v1/places/{code}/indicator-values",
            AnyRole(EFFECT_KEEPERS),
            api::indicators::record_value,
        )
        .get(
            "/api/v1/places/{code}/survey-indicators",
            AnyRole(EFFECT_READERS),
            api::indicators::survey_indicators,
        )
        .post(
            "/api/v1/places/{code}/survey-indicators",
            AnyRole(EFFECT_KEEPERS),
            api::indicators::link_survey,
        )
        .delete(
            "/api/v1/places/{code}/survey-indicators/{indicator}/{survey}",
            AnyRole(EFFECT_KEEPERS),
            api::indicators::unlink_survey,
        )
        .get("/api/v1/places/{code}/money", AnyRole(EFFECT_READERS), api::money::overview)
        .post("/api/v1/places/{code}/money", AnyRole(EFFECT_KEEPERS), api::money::record)
        .post("/api/v1/places/{code}/money/sheets", AnyRole(EFFECT_KEEPERS), api::money::import_sheet)
        .get("/api/v1/places/{code}/housing-projects", Public, api::housing::list)
        .post("/api/v1/places/{code}/housing-projects", AnyRole(EFFECT_KEEPERS), api::housing::add)
        .get("/api/v1/housing-projects/{id}", Public, api::housing::show)
        .post("/api/v1/housing-projects/{id}/scores", AnyRole(EFFECT_KEEPERS), api::housing::score)
        .get("/api/v1/places/{code}/meetings", Public, api::meetings::list)
        .post("/api/v1/places/{code}/meetings", AnyRole(MEETING_ORGANISERS), api::meetings::organise)
        .get("/api/v1/meetings/{id}", Public, api::meetings::show)
        .post("/api/v1/meetings/{id}/registration", SignedIn, api::meetings::register)
        .delete("/api/v1/meetings/{id}/registration", SignedIn, api::meetings::cancel)
        .post("/api/v1/meetings/{id}/evaluation", SignedIn, api::meetings::evaluate)
        .post("/api/v1/meetings/{id}/minutes", AnyRole(MEETING_ORGANISERS), api::meetings::minutes)
        .post("/api/v1/meetings/{id}/decisions", AnyRole(MEETING_ORGANISERS), api::meetings::decide)
        .post("/api/v1/meetings/{id}/invitations", AnyRole(MEETING_ORGANISERS), api::meetings::invite)
        .post("/api/v1/decisions/{id}/done", AnyRole(MEETING_ORGANISERS), api::meetings::decision_done)
        .get("/api/v1/places/{code}/initiatives", Public, api::initiatives::list)
        .post("/api/v1/places/{code}/initiatives", SignedIn, api::initiatives::submit)
        .get("/api/v1/places/{code}/wijkbudget", Public, api::initiatives::ledger)
        .post("/api/v1/places/{code}/wijkbudget", AnyRole(WIJKBUDGET_KEEPERS), api::initiatives::allocate)
        .get("/api/v1/initiatives/{id}", Public, api::initiatives::show)
        .post("/api/v1/initiatives/{id}/decision", AnyRole(INITIATIVE_DECIDERS), api::initiatives::decide)
        .post("/api/v1/initiatives/{id}/payment", AnyRole(INITIATIVE_DECIDERS), api::initiatives::pay)
        .post("/api/v1/initiatives/{id}/account", SignedIn, api::initiatives::account)
        .get("/api/v1/initiatives/{id}/files", Public, api::initiative_files::list)
        .post("/api/v1/initiatives/{id}/files", SignedIn, api::initiative_files::add)
        .get("/api/v1/initiatives/{id}/files/{file}", Public, api::initiative_files::get)
        .delete("/api/v1/initiatives/{id}/files/{file}", SignedIn, api::initiative_files::remove)
        .post("/api/v1/initiatives/{id}/support", SignedIn, api::initiatives::support)
        .delete("/api/v1/initiatives/{id}/support", SignedIn, api::initiatives::withdraw_support)
        .get("/api/v1/places/{code}/emergency-requests", AnyRole(EMERGENCY_APPROVERS), api::emergency::list)
        .post(
            "/api/v1/places/{code}/emergency-requests",
            AnyRole(EMERGENCY_REQUESTERS),
            api::emergency::request,
        )
        .post("/api/v1/places/{code}/emergency-budget", AnyRole(WIJKBUDGET_KEEPERS), api::emergency::allocate)
        .get("/api/v1/emergency-requests/{id}", SignedIn, api::emergency::show)
        .post(
            "/api/v1/emergency-requests/{id}/approvals",
            AnyRole(EMERGENCY_APPROVERS),
            api::emergency::approve,
        )
        .post("/api/v1/emergency-requests/{id}/refusal", AnyRole(EMERGENCY_APPROVERS), api::emergency::refuse)
        .put(
            "/api/v1/emergency-requests/{id}/amount",
            AnyRole(EMERGENCY_REQUESTERS),
            api::emergency::change_amount,
        )
        .get("/api/v1/places/{code}/interventions", Public, api::challenges::list)
        .post("/api/v1/places/{code}/interventions", AnyRole(CHALLENGE_KEEPERS), api::challenges::announce)
        .get("/api/v1/interventions/{id}", Public, api::challenges::show)
        .post("/api/v1/interventions/{id}/challenges", SignedIn, api::challenges::challenge)
        .post("/api/v1/challenges/{id}/answer", AnyRole(CHALLENGE_KEEPERS), api::challenges::answer)
        .get("/api/v1/places/{code}/newspapers", Public, api::newspaper::list)
        .get("/api/v1/newspapers/{id}", Public, api::newspaper::show)
        .get("/api/v1/wijkscan/{id}", SignedIn, api::wijkscan::report)
        .post("/api/v1/wijkscan/{id}/answers", SignedIn, api::wijkscan::answer)
        .get("/api/v1/persons/{id}", SignedIn, api::persons::show)
        .post("/api/v1/surveys", AnyRole(WIJK_LEADS), api::surveys::create)
        .get("/api/v1/surveys/{id}", Public, api::surveys::show)
        .post("/api/v1/surveys/{id}/responses", Public, api::surveys::respond)
        .get("/api/v1/surveys/{id}/results", Public, api::surveys::results)
}

/// The API of level 1 and 2: week tests, goals, households and the gezinsplan.
fn personal_api_routes(b: Builder) -> Builder {
    use Gate::{Public, SignedIn};
    b.get("/api/v1/weektest-templates", Public, api::weektests::templates)
        .get("/api/v1/weektests", SignedIn, api::weektests::list)
        .post("/api/v1/weektests", SignedIn, api::weektests::create)
        .get("/api/v1/weektests/{id}", SignedIn, api::weektests::show)
        .get("/api/v1/goals", SignedIn, api::goals::list)
        .post("/api/v1/goals", SignedIn, api::goals::create)
        .get("/api/v1/goals/{id}", SignedIn, api::goals::show)
        .post("/api/v1/goals/{id}/logs", SignedIn, api::goals::log)
        .post("/api/v1/goals/{id}/ratings", SignedIn, api::goals::rate)
        .get("/api/v1/households", SignedIn, api::family::list)
        .get("/api/v1/households/{id}/side-by-side", SignedIn, api::family::side_by_side)
        .get("/api/v1/family-plans/{id}", SignedIn, api::family::plan)
        .post("/api/v1/households/{id}/family-plan", SignedIn, api::family::open_plan)
        .post("/api/v1/family-plans/{id}/goals", SignedIn, api::family::add_goal)
        .post("/api/v1/family-plans/{id}/actions", SignedIn, api::family::add_action)
        .put("/api/v1/family-plans/{id}/actions/{action}/progress", SignedIn, api::family::set_progress)
        .post("/api/v1/family-plans/{id}/evaluations", SignedIn, api::family::add_evaluation)
        .post("/api/v1/family-plans/{id}/network", SignedIn, api::family::add_network_person)
        .post("/api/v1/family-plans/{id}/professionals", SignedIn, api::family::invite_professional)
        .post(
            "/api/v1/family-plans/{id}/professionals/{person}/consent",
            SignedIn,
            api::family::consent_to_professional,
        )
        .put("/api/v1/family-plans/{id}/regisseur", SignedIn, api::family::set_regisseur)
}

/// The social coin's API.
fn coin_api_routes(b: Builder) -> Builder {
    use Gate::{AnyRole, SignedIn};
    b.post("/api/v1/coin/programmes", AnyRole(COIN_ISSUERS), api::coin::create_programme)
        .get("/api/v1/coin/programmes/{id}", AnyRole(COIN_ISSUERS), api::coin::show_programme)
        .post("/api/v1/coin/programmes/{id}/fundings", AnyRole(COIN_ISSUERS), api::coin::fund)
        .post("/api/v1/coin/programmes/{id}/businesses", AnyRole(COIN_ISSUERS), api::coin::enrol)
        .post("/api/v1/coin/issuances", AnyRole(COIN_ISSUERS), api::coin::issue)
        .post("/api/v1/coin/payments", SignedIn, api::coin::pay)
        .post("/api/v1/coin/redemptions", AnyRole(COIN_BUSINESSES), api::coin::redeem)
        .post("/api/v1/coin/reversals", AnyRole(COIN_ISSUERS), api::coin::reverse)
        .get("/api/v1/coin/accounts/{id}", SignedIn, api::coin::account)
        .get("/api/v1/coin/ledger.beancount", AnyRole(COIN_ISSUERS), api::coin::beancount)
}

/// Every declared route.
pub fn route_specs() -> Vec<RouteSpec> {
    build().specs
}

pub fn router(state: AppState) -> Router {
    build()
        .router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), pages::render_error_pages))
        .layer(middleware::from_fn_with_state(state.clone(), context::load))
        .layer(middleware::from_fn(security::headers))
        .layer(axum::extract::DefaultBodyLimit::max(security::MAX_BODY_BYTES))
        .with_state(state)
}

async fn not_found(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        Problem::not_found(format!("There is no API resource at {}.", req.uri().path())).into_response()
    } else {
        PageError::not_found().into_response()
    }
}

async fn method_not_allowed(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        Problem::new(StatusCode::METHOD_NOT_ALLOWED, format!("{} is not allowed here.", req.method()))
            .into_response()
    } else {
        PageError { status: StatusCode::METHOD_NOT_ALLOWED, message: "error-page-method" }.into_response()
    }
}

/// Applies a route's gate, and for page forms the CSRF check.
async fn enforce(gate: Gate, kind: RouteKind, req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<Arc<Ctx>>().cloned().expect("context middleware runs first");
    match gate.check(ctx.actor()) {
        Ok(()) => {}
        Err(Refusal::SignInFirst) => {
            return match kind {
                RouteKind::Api => {
                    let mut res =
                        Problem::new(StatusCode::UNAUTHORIZED, "Send a valid bearer token.").into_response();
                    res.headers_mut()
                        .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
                    res
                }
                _ => Redirect::to(&format!("/inloggen?terug={}", security::url_encode(&ctx.path)))
                    .into_response(),
            };
        }
        Err(Refusal::NotAllowed) => {
            return match kind {
                RouteKind::Api => Problem::forbidden("Your roles do not allow this.").into_response(),
                _ => PageError::forbidden("error-page-forbidden").into_response(),
            };
        }
    }
    if kind == RouteKind::Page && !matches!(*req.method(), Method::GET | Method::HEAD) {
        return match security::check_form_origin_and_csrf(&ctx, req).await {
            Ok(req) => next.run(req).await,
            Err(refusal) => refusal,
        };
    }
    next.run(req).await
}
