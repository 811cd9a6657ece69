//! The week test and goals.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new("get", "/weektest-templates", "getWeekTestTemplates", "weektests", "The week-test variants (the \"ik ben…\" series): domains, texts, priority rule, extra questions.").public().ok(200, "WeekTestTemplates"),
        Op::new("get", "/weektests", "getMyWeekTests", "weektests", "My week tests, newest first.").ok(200, "WeekTestList"),
        Op::new("post", "/weektests", "takeWeekTest", "weektests", "Take a week test: 168 hours over the template's domains. Returns the priority and the full ranking.").body("NewWeekTest").ok(201, "WeekTest").errors(&[400, 415, 422]),
        Op::new("get", "/weektests/{id}", "getWeekTest", "weektests", "One week test: my own, or another person's under their consent (logged for them).").params(id("Week test id.")).ok(200, "WeekTest").errors(&[403]),
        Op::new("get", "/goals", "getMyGoals", "goals", "My goals with their progress.").ok(200, "GoalList"),
        Op::new("post", "/goals", "createGoal", "goals", "Make a goal in a life domain: hours a week, for a number of weeks.").body("NewGoal").ok(201, "Goal").errors(&[400, 415, 422]),
        Op::new("get", "/goals/{id}", "getGoal", "goals", "One goal: my own, or another person's under their consent (logged for them).").params(id("Goal id.")).ok(200, "Goal").errors(&[403]),
        Op::new("post", "/goals/{id}/logs", "logGoalHours", "goals", "Set the hours of one week of my goal (a second log for a week replaces the first).").params(id("Goal id.")).body("GoalLogInput").ok(200, "Goal").errors(&[400, 403, 415, 422]),
        Op::new("post", "/goals/{id}/ratings", "rateGoal", "goals", "Rate my goal on the Goal Attainment Scaling scale (−2…+2).").params(id("Goal id.")).body("GoalRatingInput").ok(201, "Goal").errors(&[400, 403, 415, 422]),
    ]
}

pub(super) fn schemas() -> Value {
    json!({
        "Texts": {
            "type": "object",
            "description": "A text per language code (nl, en, …).",
            "additionalProperties": { "type": "string" },
        },
        "WeekTestDomain": object(&["code", "hetus", "name", "hint", "advice", "nextStep"], json!({
            "code": str_prop(),
            "hetus": { "type": "array", "items": { "type": "integer" }, "description": "HETUS activity main groups." },
            "name": schema_ref("Texts"), "hint": schema_ref("Texts"),
            "averageHours": { "type": "number", "nullable": true, "description": "Dutch average (SCP TBO 2016)." },
            "advice": schema_ref("Texts"), "nextStep": schema_ref("Texts"),
        })),
        "WeekTestTemplate": object(&["code", "version", "name", "audience", "intro", "rule", "domains", "questions"], json!({
            "code": str_prop(), "version": { "type": "integer" },
            "name": schema_ref("Texts"), "audience": schema_ref("Texts"), "intro": schema_ref("Texts"),
            "rule": object(&["explanation"], json!({
                "basisFirst": { "type": "object", "nullable": true, "properties": { "domain": str_prop(), "minHours": { "type": "integer" } } },
                "weights": { "type": "object", "additionalProperties": { "type": "integer" }, "description": "Weight per domain in hundredths." },
                "explanation": schema_ref("Texts"),
            })),
            "domains": array_of("WeekTestDomain"),
            "questions": { "type": "array", "items": object(&["code", "kind", "text"], json!({
                "code": str_prop(), "kind": { "type": "string", "enum": ["choice", "number", "text"] },
                "text": schema_ref("Texts"),
                "options": { "type": "array", "items": object(&["code", "label"], json!({ "code": str_prop(), "label": schema_ref("Texts") })) },
                "min": { "type": "integer", "nullable": true }, "max": { "type": "integer", "nullable": true },
            })) },
            "source": schema_ref("Texts"),
        })),
        "WeekTestTemplates": object(&["items"], json!({ "items": array_of("WeekTestTemplate") })),
        "DomainHours": object(&["domain", "hours", "wishedHours", "satisfaction"], json!({
            "domain": str_prop(),
            "hours": { "type": "number", "minimum": 0, "maximum": 168, "multipleOf": 0.5 },
            "wishedHours": { "type": "number", "minimum": 0, "maximum": 168, "multipleOf": 0.5 },
            "satisfaction": { "type": "integer", "minimum": 1, "maximum": 5 },
        })),
        "NewWeekTest": object(&["domains"], json!({
            "template": { "type": "string", "default": "basis" },
            "domains": { "type": "array", "items": schema_ref("DomainHours"), "description": "Every domain of the template once; hours and wishedHours each add up to 168." },
            "answers": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Answers to the template's extra questions." },
        })),
        "Ranked": object(&["domain", "score", "hours", "wishedHours", "gap", "satisfaction"], json!({
            "domain": str_prop(), "score": { "type": "number" }, "hours": { "type": "number" },
            "wishedHours": { "type": "number" }, "gap": { "type": "number" }, "satisfaction": { "type": "integer" },
        })),
        "WeekTest": object(&["id", "personId", "template", "templateVersion", "takenAt", "priority", "inBalance", "ranking", "domains", "answers"], json!({
            "id": str_prop(), "personId": str_prop(), "template": str_prop(), "templateVersion": { "type": "integer" },
            "takenAt": time_prop(),
            "priority": { "type": "object", "nullable": true, "description": "Null when in balance.", "properties": {
                "domain": str_prop(), "reason": { "type": "string", "enum": ["basis-first", "highest-score"] } } },
            "inBalance": { "type": "boolean" },
            "ranking": array_of("Ranked"),
            "domains": array_of("DomainHours"),
            "answers": { "type": "object", "additionalProperties": { "type": "string" } },
        })),
        "WeekTestList": object(&["items"], json!({ "items": array_of("WeekTest") })),
    })
}
