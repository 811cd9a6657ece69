//! Server-side HTML with minijinja: templates are compiled into the binary and
//! loaded once at start. Auto-escaping is on for every `.html` template.

use crate::i18n::{self, I18n};
use fluent_bundle::FluentValue;
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, State};
use std::sync::Arc;

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

/// Every template, by name.
pub const TEMPLATES: &[(&str, &str)] = templates![
    "base.html",
    "macros.html",
    "home.html",
    "login.html",
    "lands.html",
    "place.html",
    "my_data.html",
    "erase.html",
    "erased.html",
    "person.html",
    "error.html",
    "weektest_index.html",
    "weektest_form.html",
    "weektest_grid.html",
    "weektest_days.html",
    "weektest_result.html",
    "weektest_timeline.html",
    "goal_form.html",
    "goal.html",
    "family_index.html",
    "family.html",
    "family_side.html",
    "family_plan.html",
    "socialmap.html",
    "socialmap_service.html",
    "socialmap_print.html",
    "socialmap_manage.html",
    "socialmap_form.html",
    "wijkplan.html",
    "wijkplan_edit.html",
    "audit_trail.html",
    "surveys.html",
    "survey_builder.html",
    "survey_respond.html",
    "survey_thanks.html",
    "survey_poster.html",
    "survey_results.html",
    "demand_supply.html",
    "indicators.html",
    "effects.html",
    "money.html",
    "initiative.html",
    "intervention.html",
    "interventions.html",
    "emergency.html",
    "cooperative.html",
    "coop_members.html",
    "coop_team.html",
    "coop_desk.html",
    "alliance.html",
    "market.html",
    "market_post.html",
    "market_agreement.html",
    "market_mine.html",
    "emergency_request.html",
    "intake.html",
    "intake_shared.html",
    "luisterloket_privacy.html",
    "initiatives.html",
    "meeting.html",
    "newspaper.html",
    "newspapers.html",
    "meeting_letter.html",
    "meetings.html",
    "wijkscan.html",
    "wijkscan_round.html",
    "housing.html",
    "housing_project.html",
    "indicator_compare.html",
    "coin_wallet.html",
    "coin_pay.html",
    "coin_card.html",
    "coin_shop.html",
    "coin_till.html",
    "coin_pin.html",
    "coin_programmes.html",
    "coin_programme.html",
];

fn lang_of(state: &State) -> String {
    state.lookup("lang").and_then(|v| v.as_str().map(String::from)).unwrap_or_else(|| "nl".into())
}

fn fluent_value(v: &Value) -> FluentValue<'static> {
    if let Some(n) = v.as_i64() {
        FluentValue::from(n)
    } else if let Ok(f) = f64::try_from(v.clone()) {
        FluentValue::from(f)
    } else {
        FluentValue::from(v.to_string())
    }
}

/// `12345` → `12.345` (nl) or `12,345` (en).
pub fn group_thousands(n: i64, lang: &str) -> String {
    let sep = if lang == "nl" { '.' } else { ',' };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `63` for whole numbers, `2,5` (nl) or `2.5` (en) otherwise.
pub fn decimal(value: f64, lang: &str) -> String {
    if value.fract() == 0.0 {
        group_thousands(value as i64, lang)
    } else {
        let text = format!("{value:.1}");
        if lang == "nl" { text.replace('.', ",") } else { text }
    }
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// `YYYY-MM-DD` as (year, month, day), when it is one.
fn calendar_date(value: &str) -> Option<(i32, u8, u8)> {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (value[..4].parse().ok()?, value[5..7].parse().ok()?, value[8..].parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

pub fn environment(i18n: Arc<I18n>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, source) in TEMPLATES {
        env.add_template(name, source).unwrap_or_else(|e| panic!("template {name}: {e}"));
    }

    let tr = i18n.clone();
    env.add_function("t", move |state: &State, key: &str, kwargs: Kwargs| -> Result<String, Error> {
        let values: Vec<(String, FluentValue)> = kwargs
            .args()
            .map(|k| Ok((k.to_string(), fluent_value(&kwargs.get::<Value>(k)?))))
            .collect::<Result<_, Error>>()?;
        let args: Vec<(&str, FluentValue)> = values.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        Ok(tr.text(&lang_of(state), key, &args))
    });

    let tr = i18n.clone();
    // An RFC 3339 time (in Dutch local time) or a calendar date `YYYY-MM-DD`,
    // as people write it: "31 december 2031".
    env.add_filter("date", move |state: &State, value: &str| -> Result<String, Error> {
        let (y, m, d) = calendar_date(value)
            .or_else(|| i18n::local_parts(value).map(|(y, m, d, _, _)| (y, m, d)))
            .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "not a date or an RFC 3339 time"))?;
        Ok(format!("{d} {} {y}", tr.t(&lang_of(state), &format!("month-{m}"))))
    });

    let tr = i18n.clone();
    env.add_filter("datetime", move |state: &State, value: &str| -> Result<String, Error> {
        let (y, m, d, h, min) = i18n::local_parts(value)
            .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "not an RFC 3339 time"))?;
        Ok(format!("{d} {} {y}, {h:02}:{min:02}", tr.t(&lang_of(state), &format!("month-{m}"))))
    });

    let tr = i18n.clone();
    // "MO,WE" → "maandag, woensdag"
    env.add_filter("weekdays", move |state: &State, value: &str| -> String {
        let lang = lang_of(state);
        value.split(',').map(|d| tr.t(&lang, &format!("wd-{}", d.trim()))).collect::<Vec<_>>().join(", ")
    });

    env.add_filter("number", |state: &State, value: i64| group_thousands(value, &lang_of(state)));
    // Text that people wrote, in Dutch (descriptions, goals, notes): marked
    // as such on pages in another language, so screen readers read it with a
    // Dutch voice (WCAG 3.1.2).
    env.add_filter("nl", |state: &State, value: Option<String>| -> Value {
        let text = html_escape(value.as_deref().unwrap_or_default());
        Value::from_safe_string(if lang_of(state) == "nl" {
            text
        } else {
            format!("<span lang=\"nl\">{text}</span>")
        })
    });
    // Cents as money: "€ 12,50".
    env.add_filter("euros", |state: &State, cents: i64| {
        wijkwerk_domain::coin::format_euros(cents, &lang_of(state))
    });
    env.add_filter("num", |state: &State, value: f64| decimal(value, &lang_of(state)));
    // Minutes as hours: 150 → "2,5" (nl), "2.5" (en).
    env.add_filter("hours", |state: &State, minutes: i64| decimal(minutes as f64 / 60.0, &lang_of(state)));
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates() {
        assert_eq!(calendar_date("2031-12-31"), Some((2031, 12, 31)));
        assert_eq!(calendar_date("2031-13-01"), None);
        assert_eq!(calendar_date("2026-12-04T10:00:00Z"), None);
        let env = environment(I18n::shared());
        let tmpl = env.template_from_str("{{ d|date }} · {{ c|euros }}").unwrap();
        let out = tmpl.render(minijinja::context! { lang => "nl", d => "2031-12-31", c => 1250 }).unwrap();
        assert_eq!(out, "31 december 2031 · € 12,50");
        let tmpl = env.template_from_str("{{ x|nl }}").unwrap();
        let en = tmpl.render(minijinja::context! { lang => "en", x => "<b>Naaiclub</b>" }).unwrap();
        assert_eq!(en, "<span lang=\"nl\">&lt;b&gt;Naaiclub&lt;/b&gt;</span>");
        let nl = tmpl.render(minijinja::context! { lang => "nl", x => "Naaiclub" }).unwrap();
        assert_eq!(nl, "Naaiclub");
    }

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(0, "nl"), "0");
        assert_eq!(group_thousands(999, "nl"), "999");
        assert_eq!(group_thousands(1234, "nl"), "1.234");
        assert_eq!(group_thousands(1234567, "en"), "1,234,567");
        assert_eq!(group_thousands(-1000, "nl"), "-1.000");
        assert_eq!(decimal(63.0, "nl"), "63");
        assert_eq!(decimal(2.5, "nl"), "2,5");
        assert_eq!(decimal(2.5, "en"), "2.5");
    }

    #[test]
    fn every_template_compiles_and_every_key_exists() {
        let i18n = Arc::new(I18n::load());
        let env = environment(i18n.clone());
        let mut missing = Vec::new();
        for (name, source) in TEMPLATES {
            env.get_template(name).unwrap();
            // t("key" …) calls with a literal key; `t("prefix-" ~ x)` needs some key with that prefix.
            for (at, _) in source.match_indices("t(\"") {
                if source[..at].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let key = source[at + 3..].split('"').next().unwrap();
                for lang in ["nl", "en"] {
                    let found = if key.ends_with('-') {
                        i18n.keys(lang).iter().any(|k| k.starts_with(key))
                    } else {
                        i18n.has(lang, key)
                    };
                    if !found {
                        missing.push(format!("{name}: {lang}/{key}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "missing translations: {missing:?}");
    }
}
