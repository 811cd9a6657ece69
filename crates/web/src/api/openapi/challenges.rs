//! Right to challenge: interventions the gemeente plans, challenges and answers.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new("get", "/places/{code}/interventions", "listInterventions", "challenges", "The interventions the gemeente announced at a place and inside it, open to challenge, with the gemeente's rules (its term to answer in working days and its participatieverordening).").public().params(code()).ok(200, "Interventions").errors(&[404]),
        Op::new("post", "/places/{code}/interventions", "announceIntervention", "challenges", "The gemeente announces an intervention it plans (what, budget in cents, period, and the Iv3 taakveld or life domain its money shows under in follow the money).").params(code()).body("InterventionInput").ok(201, "Intervention").errors(&[400, 403, 404, 415, 422]),
        Op::new("get", "/interventions/{id}", "getIntervention", "challenges", "One intervention with its challenges (each bid against the budget, and where the answer stands) and what the gemeente itself spent on the task there, per year.").public().params(id("Intervention id.")).ok(200, "InterventionDetail").errors(&[404]),
        Op::new("post", "/interventions/{id}/challenges", "challengeIntervention", "challenges", "Challenge an intervention with a plan that does it better or cheaper: residents together, the wijk cooperative or a wijkinnovatiebedrijf. The group's name is public; the gemeente's answer is due after its term in working days.").params(id("Intervention id.")).body("ChallengeInput").ok(201, "Challenge").errors(&[400, 404, 415, 422, 429]),
        Op::new("post", "/challenges/{id}/answer", "answerChallenge", "challenges", "The gemeente's answer, once, with its reasons: accepted (the challengers do it) or rejected.").params(id("Challenge id.")).body("ChallengeAnswer").ok(201, "Challenge").errors(&[400, 403, 404, 409, 415, 422]),
    ]
}

pub(super) fn schemas() -> Value {
    let cents = || json!({ "type": "integer", "minimum": 0, "description": "Euro cents." });
    let date = || json!({ "type": "string", "format": "date" });
    let kinds = json!({ "type": "string", "enum": wijkwerk_domain::challenges::CHALLENGERS });
    let intervention = json!({
        "id": str_prop(), "placeCode": str_prop(), "placeName": str_prop(), "title": str_prop(), "description": str_prop(),
        "budget": cents(), "startsOn": date(), "endsOn": date(), "taakveld": str_prop(), "domain": str_prop(),
        "announcedAt": time_prop(), "challenges": { "type": "integer", "minimum": 0 } });
    let challenge = json!({
        "id": str_prop(), "interventionId": str_prop(), "kind": kinds, "name": str_prop(), "plan": str_prop(), "bid": cents(),
        "whyBetter": str_prop(), "submittedAt": time_prop(), "answerDue": time_prop(),
        "outcome": { "type": "string", "enum": ["accepted", "rejected"], "nullable": true }, "reason": str_prop(),
        "answeredAt": nullable_str() });
    let mut shown = challenge.clone();
    shown["difference"] =
        json!({ "type": "integer", "description": "Bid minus budget in cents; negative is cheaper." });
    shown["percent"] = json!({ "type": "integer" });
    shown["overdue"] = json!({ "type": "boolean" });
    shown["mine"] = json!({ "type": "boolean" });
    shown["lastDay"] = json!({ "type": "string", "format": "date", "description": "The last day for the answer, in Dutch time." });
    let mut detail = intervention.clone();
    detail["challengeList"] =
        json!({ "type": "array", "items": object(&["id", "bid", "difference"], shown) });
    detail["spending"] = json!({ "type": "array", "items": object(&["year", "cents"], json!({
        "year": str_prop(), "intervention": str_prop(), "cents": cents() })) });
    detail["answerDays"] = json!({ "type": "integer", "minimum": 1 });
    let required = ["id", "placeCode", "title", "budget", "startsOn", "endsOn"];
    json!({
        "Intervention": object(&required, intervention),
        "InterventionDetail": object(&required, detail),
        "Interventions": object(&["code", "rules", "interventions"], json!({
            "code": str_prop(),
            "rules": object(&["answerDays"], json!({ "answerDays": { "type": "integer" }, "regulation": str_prop() })),
            "interventions": array_of("Intervention") })),
        "Challenge": object(&["id", "interventionId", "kind", "name", "bid", "answerDue"], challenge),
        "InterventionInput": object(&["title", "description", "budget", "startsOn", "endsOn"], json!({
            "title": { "type": "string", "maxLength": 150 }, "description": { "type": "string", "maxLength": 4000 },
            "budget": { "type": "integer", "minimum": 1, "maximum": 10_000_000_000_i64 }, "startsOn": date(), "endsOn": date(),
            "taakveld": { "type": "string", "maxLength": 10 }, "domain": { "type": "string", "maxLength": 60 } })),
        "ChallengeInput": object(&["kind", "name", "plan", "bid", "whyBetter"], json!({
            "kind": { "type": "string", "enum": wijkwerk_domain::challenges::CHALLENGERS },
            "name": { "type": "string", "maxLength": 150 }, "plan": { "type": "string", "maxLength": 6000 },
            "bid": { "type": "integer", "minimum": 1, "maximum": 10_000_000_000_i64 },
            "whyBetter": { "type": "string", "maxLength": 2000 } })),
        "ChallengeAnswer": object(&["outcome", "reason"], json!({
            "outcome": { "type": "string", "enum": ["accepted", "rejected"] }, "reason": { "type": "string", "maxLength": 4000 } })),
    })
}
