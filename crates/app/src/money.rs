//! Follow the money: where a wijk's money comes from and goes, next to its
//! demand and to the effect of what it paid for.
//!
//! Who may: the gemeente and landelijk read it for their places (budgets of
//! partners are not all public); the gemeente enters it, by hand or from a
//! spreadsheet, each in the audit trail. Flows are about places; who entered
//! them is kept as an id that erasure sets to NULL.

use crate::indicators::{self, IndicatorView};
use crate::{Error, Result, audit};
use serde::Serialize;
use std::collections::BTreeMap;
use wijkwerk_domain::access::{EFFECT_KEEPERS, EFFECT_READERS};
use wijkwerk_domain::money::{self as rules, Flow, RawFlow};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, Place, PlaceLevel};
use wijkwerk_store::Store;
use wijkwerk_store::money::StoredFlow;

/// Budget and spending of one group (a payer, a domain, a wijk), in cents.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Sum {
    pub budget: i64,
    pub spent: i64,
}

impl Sum {
    fn add(&mut self, f: &StoredFlow) {
        if f.kind == "budget" {
            self.budget += f.cents;
        } else {
            self.spent += f.cents;
        }
    }
}

/// An intervention that names the indicator it means to move, with what was
/// spent on it since the 0-meting and the effect since then.
#[derive(Clone, Debug, Serialize)]
pub struct Intervention {
    pub place_code: String,
    pub name: String,
    pub indicator: String,
    pub spent_since_baseline: i64,
    pub effect: Option<wijkwerk_domain::indicators::Effect>,
    pub euros_per_point: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DomainMoney {
    pub domain: String,
    pub name: String,
    pub sum: Sum,
    /// The domain's share of the wijk's demand (vraag en aanbod), in percent.
    pub demand_share: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Overview {
    pub place: Place,
    pub path: Vec<Place>,
    pub gemeente: Place,
    pub years: Vec<String>,
    pub year: Option<String>,
    pub by_payer: Vec<(String, Sum)>,
    pub by_domain: Vec<DomainMoney>,
    /// For a gemeente: each wijk's sum, and what was paid with the coin there
    /// (`None` when fewer payers than the minimum).
    pub per_wijk: Vec<(Place, Sum, Option<i64>)>,
    /// Paid with the coin at businesses in this place this year.
    pub coin_cents: Option<i64>,
    /// The luisterloket's emergency budget this year: allocated, and paid
    /// (`None` when fewer requests than the minimum were paid), summed over
    /// the wijken for a gemeente (paid only over the wijken shown).
    pub emergency: Option<(i64, Option<i64>)>,
    pub interventions: Vec<Intervention>,
    pub flows: Vec<StoredFlow>,
    pub may_change: bool,
}

async fn place_and_gemeente(store: &Store, code: &str) -> Result<(Place, Vec<Place>, Place)> {
    let (place, path) = crate::places::place_at(store, code).await?;
    let gemeente =
        path.iter().find(|p| p.level == PlaceLevel::Gemeente).cloned().ok_or(Error::NotFound("gemeente"))?;
    if !matches!(place.level, PlaceLevel::Gemeente | PlaceLevel::Wijk) {
        return Err(Error::NotFound("gemeente or wijk"));
    }
    Ok((place, path, gemeente))
}

fn holds(actor: &Actor, roles: &[wijkwerk_domain::Role], path: &[Place]) -> bool {
    let codes = crate::places::codes(path);
    roles.iter().any(|&r| actor.has_role_over(r, &codes))
}

/// The money of a gemeente or wijk in a year (the newest when none is asked).
pub async fn overview(
    store: &Store,
    actor: &Actor,
    code: &str,
    year: Option<&str>,
    lang: &str,
) -> Result<Overview> {
    let (place, path, gemeente) = place_and_gemeente(store, code).await?;
    if !holds(actor, EFFECT_READERS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let min_group = store.min_group_size().get() as i64;
    let flows = store.flows_under(&place.code).await?;
    let coin = store.coin_paid_per_wijk(&gemeente.code).await?;
    let emergency = store.emergency_money_per_wijk(&gemeente.code).await?;
    let mut years: Vec<String> = flows
        .iter()
        .map(|f| f.year.clone())
        .chain(coin.iter().map(|c| c.1.clone()))
        .chain(emergency.iter().map(|e| e.1.to_string()))
        .collect();
    years.sort();
    years.dedup();
    // Without a year asked: the newest with entered amounts (the coin's
    // current year alone would show an empty page).
    let newest_entered = flows.iter().map(|f| f.year.clone()).max();
    let year = year
        .map(String::from)
        .filter(|y| years.contains(y))
        .or(newest_entered)
        .or_else(|| years.last().cloned());
    let in_year: Vec<StoredFlow> = flows.iter().filter(|f| Some(&f.year) == year.as_ref()).cloned().collect();

    let mut by_payer: BTreeMap<String, Sum> = BTreeMap::new();
    let mut by_domain: BTreeMap<String, Sum> = BTreeMap::new();
    for f in &in_year {
        by_payer.entry(f.payer.clone()).or_default().add(f);
        by_domain.entry(f.domain.clone()).or_default().add(f);
    }
    let shown = |cents: i64, payers: i64| (payers >= min_group).then_some(cents);
    let coin_in = |wijk: &str| -> Option<i64> {
        coin.iter().find(|c| c.0 == wijk && Some(&c.1) == year.as_ref()).and_then(|c| shown(c.2, c.3))
    };
    let per_wijk = if place.level == PlaceLevel::Gemeente {
        let wijken = store.children(&place.code).await?;
        wijken
            .into_iter()
            .map(|w| {
                let mut sum = Sum::default();
                for f in in_year.iter().filter(|f| f.place_code == w.code) {
                    sum.add(f);
                }
                let paid = coin_in(&w.code);
                (w, sum, paid)
            })
            .collect()
    } else {
        Vec::new()
    };
    let coin_cents = if place.level == PlaceLevel::Wijk {
        coin_in(&place.code)
    } else {
        // The gemeente: only the wijken shown, so none comes out by subtraction.
        let wijken: Vec<i64> = per_wijk.iter().filter_map(|(_, _, c)| *c).collect();
        (!wijken.is_empty()).then(|| wijken.iter().sum())
    };

    let emergency_in: Vec<&(String, i64, i64, i64, i64)> = emergency
        .iter()
        .filter(|e| {
            Some(e.1.to_string()) == year && (e.0 == place.code || place.level == PlaceLevel::Gemeente)
        })
        .collect();
    let emergency = (!emergency_in.is_empty()).then(|| {
        let allocated = emergency_in.iter().map(|e| e.2).sum();
        let shown: Vec<i64> = emergency_in.iter().filter_map(|e| shown(e.3, e.4)).collect();
        (allocated, (!shown.is_empty()).then(|| shown.iter().sum()))
    });

    // The life domains with their names, and the wijk's demand beside them.
    let basis = store.template("basis", None).await?.ok_or(Error::NotFound("basis week test"))?;
    let demand = if place.level == PlaceLevel::Wijk {
        crate::places::demand_supply(store, &place.code, lang).await.ok()
    } else {
        None
    };
    let by_domain = basis
        .domains
        .iter()
        .map(|d| DomainMoney {
            domain: d.code.clone(),
            name: wijkwerk_domain::texts::text(&d.name, lang).to_string(),
            sum: by_domain.remove(&d.code).unwrap_or_default(),
            demand_share: demand
                .as_ref()
                .and_then(|ds| ds.rows.iter().find(|r| r.domain == d.code))
                .and_then(|r| r.demand_share),
        })
        .collect();

    let interventions = if place.level == PlaceLevel::Wijk {
        interventions_of(store, &place, &flows).await?
    } else {
        Vec::new()
    };
    Ok(Overview {
        may_change: holds(actor, EFFECT_KEEPERS, &path),
        by_payer: by_payer.into_iter().collect(),
        by_domain,
        per_wijk,
        coin_cents,
        emergency,
        interventions,
        flows: in_year,
        years,
        year,
        gemeente,
        path,
        place,
    })
}

/// Per intervention aimed at an indicator: spent since the wijk's 0-meting
/// against the change since then, compared with the rest of the gemeente.
async fn interventions_of(store: &Store, wijk: &Place, flows: &[StoredFlow]) -> Result<Vec<Intervention>> {
    let profile = indicators::profile(store, &wijk.code).await?;
    let baseline = profile.baseline_period.clone();
    let mut grouped: BTreeMap<(String, String), i64> = BTreeMap::new();
    for f in flows.iter().filter(|f| f.kind == "besteed" && f.place_code == wijk.code) {
        let Some(indicator) = &f.indicator else { continue };
        let after = baseline.as_ref().is_none_or(|b| f.year.as_str() > b.as_str());
        if after {
            *grouped.entry((f.intervention.clone(), indicator.clone())).or_default() += f.cents;
        }
    }
    Ok(grouped
        .into_iter()
        .map(|((name, indicator), spent)| {
            let view: Option<&IndicatorView> =
                profile.indicators.iter().find(|v| v.indicator.code == indicator);
            let effect = view.and_then(|v| v.effect.clone());
            let clear = effect.as_ref().is_some_and(|e| {
                matches!(
                    e.conclusion,
                    wijkwerk_domain::indicators::Conclusion::Better
                        | wijkwerk_domain::indicators::Conclusion::Worse
                )
            });
            let euros_per_point = if clear {
                rules::euros_per_point(spent, effect.as_ref().and_then(|e| e.difference))
            } else {
                None
            };
            Intervention {
                place_code: wijk.code.clone(),
                name,
                indicator,
                spent_since_baseline: spent,
                effect,
                euros_per_point,
            }
        })
        .collect())
}

/// The places a gemeente's flows may be for: itself and its wijken; and the
/// life domains.
async fn scope(store: &Store, gemeente: &Place) -> Result<(Vec<String>, Vec<String>)> {
    let mut places = vec![gemeente.code.clone()];
    places.extend(store.children(&gemeente.code).await?.into_iter().map(|w| w.code));
    let basis = store.template("basis", None).await?.ok_or(Error::NotFound("basis week test"))?;
    Ok((places, basis.domains.iter().map(|d| d.code.clone()).collect()))
}

async fn keeper_scope(store: &Store, actor: &Actor, code: &str) -> Result<(Place, Vec<String>, Vec<String>)> {
    let (_, path, gemeente) = place_and_gemeente(store, code).await?;
    if !holds(actor, EFFECT_KEEPERS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let (places, domains) = scope(store, &gemeente).await?;
    Ok((gemeente, places, domains))
}

/// One flow entered by hand, for the gemeente or one of its wijken.
pub async fn record(store: &Store, actor: &Actor, code: &str, raw: &RawFlow<'_>) -> Result<Flow> {
    let (gemeente, places, domains) = keeper_scope(store, actor, code).await?;
    let refs: (Vec<&str>, Vec<&str>) =
        (places.iter().map(String::as_str).collect(), domains.iter().map(String::as_str).collect());
    let flow = rules::check_flow(raw, &refs.0, &refs.1)?;
    store.record_flows(std::slice::from_ref(&flow), None, &actor.person_id).await?;
    let detail = format!("{} {} {} {}", flow.place, flow.year, flow.kind, flow.cents);
    audit::record(store, actor, "money.recorded", &gemeente.code, &flow.intervention, &detail).await?;
    Ok(flow)
}

/// What an import of a spreadsheet did: the flows, or every wrong line.
#[derive(Debug)]
pub enum SheetOutcome {
    Imported(usize),
    Refused(Vec<(usize, Invalid)>),
}

/// A spreadsheet of flows (CSV, or lines pasted from Excel): all lines or
/// none; the same sheet imported again replaces itself.
pub async fn import_sheet(store: &Store, actor: &Actor, code: &str, sheet: &str) -> Result<SheetOutcome> {
    let (gemeente, places, domains) = keeper_scope(store, actor, code).await?;
    let refs: (Vec<&str>, Vec<&str>) =
        (places.iter().map(String::as_str).collect(), domains.iter().map(String::as_str).collect());
    match rules::parse_sheet(sheet, &refs.0, &refs.1) {
        Err(lines) => Ok(SheetOutcome::Refused(lines)),
        Ok(flows) => {
            store.record_flows(&flows, Some((&gemeente.code, sheet)), &actor.person_id).await?;
            let detail = format!("{} lines", flows.len());
            audit::record(store, actor, "money.imported", &gemeente.code, &gemeente.name, &detail).await?;
            Ok(SheetOutcome::Imported(flows.len()))
        }
    }
}
