//! Households and family plans.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new(
            "get",
            "/households",
            "getMyHouseholds",
            "households",
            "Households I belong to, with their members.",
        )
        .ok(200, "HouseholdList"),
        Op::new(
            "get",
            "/households/{id}/side-by-side",
            "getSideBySide",
            "households",
            "Every member's latest week test that I may see (reads under consent are logged).",
        )
        .params(id("Household id."))
        .ok(200, "SideBySide")
        .errors(&[403, 404]),
        Op::new(
            "get",
            "/family-plans/{id}",
            "getFamilyPlan",
            "households",
            "A family plan: for its members, and for professionals while every adult member consents.",
        )
        .params(id("Family plan id."))
        .ok(200, "FamilyPlan")
        .errors(&[403, 404]),
        Op::new(
            "post",
            "/households/{id}/family-plan",
            "openFamilyPlan",
            "households",
            "A member opens the household's plan; the first time, this makes it. Answers with the plan.",
        )
        .params(id("Household id."))
        .ok(200, "FamilyPlan")
        .errors(&[403, 404]),
        plan_change(
            "post",
            "/family-plans/{id}/goals",
            "addFamilyPlanGoal",
            "A long-term goal for some of the members, or a step under one (parentId), in a life domain of the week test.",
            "FamilyPlanGoalInput",
            201,
        ),
        plan_change(
            "post",
            "/family-plans/{id}/actions",
            "addFamilyPlanAction",
            "An action for a goal: who does what, the hours it should take (in half hours) and by when.",
            "FamilyPlanActionInput",
            201,
        ),
        Op::new(
            "put",
            "/family-plans/{id}/actions/{action}/progress",
            "setFamilyPlanActionProgress",
            "households",
            "Where one action stands: the hours spent so far and its status.",
        )
        .params(vec![
            path_param("id", "Family plan id."),
            path_param("action", "Id of an action of this plan."),
        ])
        .body("FamilyPlanProgressInput")
        .ok(200, "FamilyPlan")
        .errors(&[403, 404, 422]),
        plan_change(
            "post",
            "/family-plans/{id}/evaluations",
            "addFamilyPlanEvaluation",
            "What an evaluation of the plan with the family concluded, and when it was held.",
            "FamilyPlanEvaluationInput",
            201,
        ),
        plan_change(
            "post",
            "/family-plans/{id}/network",
            "addFamilyPlanNetworkPerson",
            "Someone around the family who helps: a neighbour, an aunt, a coach from the sports club.",
            "FamilyPlanNetworkInput",
            201,
        ),
        plan_change(
            "post",
            "/family-plans/{id}/professionals",
            "inviteFamilyPlanProfessional",
            "An adult member invites a wijkwerker, coach or coördinator and consents at once; they see the plan when every other adult has consented too.",
            "FamilyPlanPersonInput",
            201,
        ),
        Op::new(
            "post",
            "/family-plans/{id}/professionals/{person}/consent",
            "consentToFamilyPlanProfessional",
            "households",
            "Another adult member's consent for a professional already invited.",
        )
        .params(vec![
            path_param("id", "Family plan id."),
            path_param("person", "The invited professional's person id."),
        ])
        .ok(201, "FamilyPlan")
        .errors(&[403, 404]),
        plan_change(
            "put",
            "/family-plans/{id}/regisseur",
            "setFamilyPlanRegisseur",
            "An adult member chooses who keeps the plan moving: an adult member or one of the plan's professionals.",
            "FamilyPlanPersonInput",
            200,
        ),
    ]
}

/// A change to a family plan by its members (or the professionals they let
/// in): answered with the whole plan.
fn plan_change(
    method: &'static str,
    path: &'static str,
    id_: &'static str,
    summary: &'static str,
    body: &'static str,
    status: u16,
) -> Op {
    Op::new(method, path, id_, "households", summary)
        .params(id("Family plan id."))
        .body(body)
        .ok(status, "FamilyPlan")
        .errors(&[403, 404, 422])
}

pub(super) fn schemas() -> Value {
    json!({
        "NewGoal": object(&["domain", "title", "hoursPerWeek", "weeks"], json!({
            "domain": str_prop(), "title": { "type": "string", "maxLength": 120 }, "expected": { "type": "string", "maxLength": 500 },
            "hoursPerWeek": { "type": "number", "minimum": 0.5, "maximum": 168, "multipleOf": 0.5 },
            "weeks": { "type": "integer", "minimum": 1, "maximum": 52 },
            "start": { "type": "string", "format": "date", "description": "The goal runs from the Monday of this week; default this week." },
            "weektestId": { "type": "string", "description": "One of my week tests the goal comes from." },
        })),
        "Goal": object(&["id", "personId", "domain", "title", "hoursPerWeek", "weeks", "start", "weeksSoFar", "plannedHoursSoFar", "loggedHours", "logs", "ratings"], json!({
            "id": str_prop(), "personId": str_prop(), "weektestId": nullable_str(), "domain": str_prop(), "title": str_prop(),
            "expected": str_prop(), "hoursPerWeek": { "type": "number" }, "weeks": { "type": "integer" },
            "start": { "type": "string", "format": "date" }, "createdAt": time_prop(),
            "weeksSoFar": { "type": "array", "items": { "type": "string", "format": "date" } },
            "plannedHoursSoFar": { "type": "number" }, "loggedHours": { "type": "number" },
            "attainmentFromHours": { "type": "integer", "nullable": true, "minimum": -2, "maximum": 2 },
            "logs": { "type": "array", "items": object(&["week", "hours", "note"], json!({ "week": { "type": "string", "format": "date" }, "hours": { "type": "number" }, "note": str_prop() })) },
            "ratings": { "type": "array", "items": object(&["score", "note", "ratedAt"], json!({ "score": { "type": "integer", "minimum": -2, "maximum": 2 }, "note": str_prop(), "ratedAt": time_prop() })) },
        })),
        "GoalList": object(&["items"], json!({ "items": array_of("Goal") })),
        "GoalLogInput": object(&["week", "hours"], json!({
            "week": { "type": "string", "format": "date", "description": "Any day of the week; it stands for its Monday." },
            "hours": { "type": "number", "minimum": 0, "maximum": 168, "multipleOf": 0.5 },
            "note": { "type": "string", "maxLength": 500 },
        })),
        "GoalRatingInput": object(&["score"], json!({
            "score": { "type": "integer", "minimum": -2, "maximum": 2 }, "note": { "type": "string", "maxLength": 500 },
        })),
        "HouseholdMember": object(&["personId", "name", "relation", "adult", "hasAccount"], json!({
            "personId": str_prop(), "name": str_prop(),
            "relation": { "type": "string", "enum": ["ouder", "partner", "kind", "anders"] },
            "adult": { "type": "boolean" }, "hasAccount": { "type": "boolean" },
        })),
        "Household": object(&["id", "name", "joinCode", "members"], json!({
            "id": str_prop(), "name": str_prop(),
            "joinCode": { "type": "string", "description": "Another adult with an account joins by entering this code." },
            "members": array_of("HouseholdMember"),
        })),
        "HouseholdList": object(&["items"], json!({ "items": array_of("Household") })),
        "FamilyPlanGoalInput": object(&["title", "members"], json!({
            "title": { "type": "string", "maxLength": 200 },
            "parentId": { "type": "string", "description": "A long-term goal of this plan; the new goal is a step under it." },
            "domain": { "type": "string", "description": "A life domain of the week test (e.g. werk, gezondheid)." },
            "members": { "type": "array", "minItems": 1, "items": str_prop(), "description": "The members the goal is for, by person id." },
        })),
        "FamilyPlanActionInput": object(&["goalId", "who", "what", "plannedHours"], json!({
            "goalId": str_prop(), "who": { "type": "string", "maxLength": 200 }, "what": { "type": "string", "maxLength": 200 },
            "plannedHours": { "type": "number", "minimum": 0, "maximum": 1000, "multipleOf": 0.5 },
            "due": { "type": "string", "format": "date" },
        })),
        "FamilyPlanProgressInput": object(&["spentHours", "status"], json!({
            "spentHours": { "type": "number", "minimum": 0, "maximum": 1000, "multipleOf": 0.5 },
            "status": { "type": "string", "enum": ["open", "bezig", "klaar", "gestopt"] },
        })),
        "FamilyPlanEvaluationInput": object(&["heldOn", "summary"], json!({
            "heldOn": { "type": "string", "format": "date" }, "summary": { "type": "string", "maxLength": 2000 },
        })),
        "FamilyPlanNetworkInput": object(&["name", "relation"], json!({
            "name": { "type": "string", "maxLength": 200 }, "relation": { "type": "string", "maxLength": 200 },
            "contact": { "type": "string", "maxLength": 200, "description": "A phone number or e-mail address, if the family wants it in the plan." },
        })),
        "FamilyPlanPersonInput": object(&["personId"], json!({ "personId": str_prop() })),
        "SideBySide": object(&["householdId", "members"], json!({
            "householdId": str_prop(),
            "members": { "type": "array", "items": object(&["personId", "name"], json!({
                "personId": str_prop(), "name": str_prop(),
                "weektest": { "allOf": [schema_ref("WeekTest")], "nullable": true },
                "reason": { "type": "string", "nullable": true, "description": "not-shared or no-test when there is no test to show." },
            })) },
        })),
        "FamilyPlan": object(&["id", "householdName", "members", "viewer", "goals", "actions", "evaluations", "network", "professionals"], json!({
            "id": str_prop(), "householdName": str_prop(), "members": array_of("HouseholdMember"),
            "viewer": { "type": "string", "enum": ["member", "professional"] }, "regisseurId": nullable_str(),
            "goals": { "type": "array", "items": object(&["id", "title", "memberIds"], json!({
                "id": str_prop(), "parentId": nullable_str(), "title": str_prop(), "domain": nullable_str(),
                "memberIds": { "type": "array", "items": str_prop() } })) },
            "actions": { "type": "array", "items": object(&["id", "goalId", "who", "what", "plannedHours", "spentHours", "status"], json!({
                "id": str_prop(), "goalId": str_prop(), "who": str_prop(), "what": str_prop(),
                "plannedHours": { "type": "number" }, "spentHours": { "type": "number" },
                "due": { "type": "string", "format": "date", "nullable": true },
                "status": { "type": "string", "enum": ["open", "bezig", "klaar", "gestopt"] } })) },
            "evaluations": { "type": "array", "items": object(&["heldOn", "summary"], json!({
                "heldOn": { "type": "string", "format": "date" }, "summary": str_prop(), "author": nullable_str() })) },
            "network": { "type": "array", "items": object(&["name", "relation", "contact"], json!({ "name": str_prop(), "relation": str_prop(), "contact": str_prop() })) },
            "professionals": { "type": "array", "items": object(&["personId", "name"], json!({ "personId": str_prop(), "name": str_prop(), "organisation": nullable_str() })) },
        })),
    })
}
