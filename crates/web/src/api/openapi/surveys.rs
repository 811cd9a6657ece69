//! Wijk surveys.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new("post", "/surveys", "createSurvey", "surveys", "Create a survey for one or more wijken the caller leads (coördinator, gemeente, landelijk).").body("NewSurvey").ok(201, "Survey").errors(&[400, 403, 415, 422]),
        Op::new("get", "/surveys/{id}", "getSurvey", "surveys", "A survey's definition and status. Drafts exist only for the wijk's leads.").public().params(id("Survey id.")).ok(200, "Survey").errors(&[404]),
        Op::new("post", "/surveys/{id}/responses", "submitSurveyResponse", "surveys", "Answer a survey anonymously. With codes, each code answers once.").public().params(id("Survey id.")).body("SurveyResponseInput").ok(201, "SurveyResponseReceipt").errors(&[400, 404, 409, 415, 422, 429]),
        Op::new("get", "/surveys/{id}/results", "getSurveyResults", "surveys", "Counts per question, overall or per buurt or respondent type. Counts of fewer people than the minimum group size are null, and so is one more where a total would reveal them.").public().params(vec![
                    path_param("id", "Survey id."),
                    json!({ "name": "by", "in": "query", "required": false, "description": "Break the counts down by group.",
                        "schema": { "type": "string", "enum": ["buurt", "respondentType"] } }),
                ]).ok(200, "SurveyResults").errors(&[404, 422]),
    ]
}

pub(super) fn schemas() -> Value {
    let texts = json!({ "type": "object", "description": "Text per language code; nl is required.", "required": ["nl"],
        "additionalProperties": { "type": "string" } });
    let count = json!({ "type": "integer", "nullable": true, "description": "Null when hidden to protect small groups." });
    let contributor = json!({ "type": "string", "enum": wijkwerk_domain::wijkplan::CONTRIBUTORS });
    json!({
        "SurveyOption": object(&["code", "label"], json!({
            "code": { "type": "string", "pattern": "^[a-z0-9-]{1,40}$" }, "label": texts,
            "theme": { "type": "string", "description": "Life domain this option is about (for demand and supply)." },
        })),
        "SurveyQuestion": object(&["code", "kind", "text"], json!({
            "code": { "type": "string", "pattern": "^[a-z0-9-]{1,40}$" },
            "kind": { "type": "string", "enum": ["single", "multiple", "scale", "ranking", "text", "respondent-type"] },
            "text": texts, "required": { "type": "boolean" },
            "options": { "type": "array", "maxItems": 30, "items": schema_ref("SurveyOption") },
            "top": { "type": "integer", "minimum": 1, "description": "Rankings: how many places." },
        })),
        "NewSurvey": object(&["title", "places", "questions"], json!({
            "title": texts, "intro": schema_ref("Texts"),
            "places": { "type": "array", "items": str_prop(), "description": "CBS codes of the wijken." },
            "useTokens": { "type": "boolean", "description": "Answer with single-use codes only." },
            "questions": { "type": "array", "maxItems": 40, "items": schema_ref("SurveyQuestion") },
            "status": { "type": "string", "enum": ["draft", "open"] },
        })),
        "Survey": object(&["id", "status", "createdAt", "definition"], json!({
            "id": str_prop(), "status": { "type": "string", "enum": ["draft", "open", "closed"] }, "createdAt": time_prop(),
            "definition": object(&["title", "places", "questions"], json!({
                "title": texts, "intro": schema_ref("Texts"), "places": { "type": "array", "items": str_prop() },
                "useTokens": { "type": "boolean" }, "questions": { "type": "array", "items": schema_ref("SurveyQuestion") },
            })),
        })),
        "SurveyResponseInput": object(&["answers"], json!({
            "buurt": { "type": "string", "description": "CBS code of a buurt of the survey's wijken; optional." },
            "code": { "type": "string", "description": "The single-use code, for surveys with codes." },
            "answers": { "type": "object", "description": "Per question code: option codes (rankings most important first), a scale value 1–5, or text.",
                "additionalProperties": { "type": "array", "items": str_prop() } },
        })),
        "SurveyResponseReceipt": object(&["id", "surveyId"], json!({ "id": str_prop(), "surveyId": str_prop() })),
        "SurveyResults": object(&["surveyId", "status", "results"], json!({
            "surveyId": str_prop(), "status": str_prop(),
            "results": object(&["respondents", "minGroupSize", "groups", "questions"], json!({
                "respondents": count, "minGroupSize": { "type": "integer" }, "by": nullable_str(),
                "groups": { "type": "array", "items": object(&["key", "label", "size"], json!({ "key": str_prop(), "label": str_prop(), "size": count })) },
                "questions": { "type": "array", "items": object(&["code", "kind", "text", "options"], json!({
                    "code": str_prop(), "kind": str_prop(), "text": str_prop(),
                    "mean": { "type": "number", "nullable": true },
                    "options": { "type": "array", "items": object(&["code", "label", "count", "percent", "byGroup"], json!({
                        "code": str_prop(), "label": str_prop(), "count": count,
                        "percent": { "type": "number", "nullable": true },
                        "first": count,
                        "byGroup": { "type": "array", "items": count, "description": "In the order of groups." },
                    })) },
                })) },
            })),
        })),
        "DemandSupply": object(&["code", "name", "respondents", "minGroupSize", "domains"], json!({
            "code": str_prop(), "name": str_prop(), "respondents": count, "minGroupSize": { "type": "integer" },
            "domains": { "type": "array", "items": object(&["domain", "name", "demand", "supply", "demandShare", "supplyShare", "verdict"], json!({
                "domain": str_prop(), "name": str_prop(), "demand": count, "supply": { "type": "integer" },
                "demandShare": { "type": "number", "nullable": true, "description": "Percent of all shown demand; null when the demand is hidden." },
                "supplyShare": { "type": "number", "description": "Percent of all supply." },
                "verdict": { "type": "string", "enum": ["shortage", "surplus", "balanced", "unknown"] },
            })) },
            "market": { "type": "array", "description": "Open requests and offers on the cooperative's marketplace per life domain, where there are any.",
                "items": object(&["domain", "name", "requests", "offers"], json!({
                "domain": str_prop(), "name": str_prop(), "requests": { "type": "integer" }, "offers": { "type": "integer" } })) },
        })),
        "Wijkplan": object(&["id", "placeCode", "ambition", "description", "updatedAt", "goals"], json!({
            "id": str_prop(), "placeCode": str_prop(), "ambition": str_prop(), "description": str_prop(), "updatedAt": time_prop(),
            "goals": array_of("WijkplanGoal"),
        })),
        "WijkplanGoal": object(&["id", "title", "indicator", "unit", "baseline", "target", "targetDate", "contributions", "measurements"], json!({
            "id": str_prop(), "title": str_prop(), "indicator": str_prop(), "unit": str_prop(),
            "baseline": { "type": "number" }, "target": { "type": "number" },
            "targetDate": { "type": "string", "format": "date" },
            "progressPercent": { "type": "integer", "nullable": true },
            "contributions": { "type": "array", "items": object(&["who", "name", "what"], json!({
                "who": contributor.clone(), "name": str_prop(), "what": str_prop() })) },
            "measurements": { "type": "array", "items": object(&["measuredOn", "value", "note"], json!({
                "measuredOn": { "type": "string", "format": "date" }, "value": { "type": "number" }, "note": str_prop() })) },
        })),
        "WijkplanInput": object(&["ambition"], json!({
            "ambition": { "type": "string", "maxLength": 300 },
            "description": { "type": "string", "maxLength": 4000 },
        })),
        "WijkplanGoalInput": object(&["title", "indicator", "baseline", "target", "targetDate"], json!({
            "title": { "type": "string", "maxLength": 200 },
            "indicator": { "type": "string", "maxLength": 200, "description": "What is measured, in words (e.g. the CBS indicator's name)." },
            "unit": { "type": "string", "maxLength": 40 },
            "baseline": { "type": "number" }, "target": { "type": "number" },
            "targetDate": { "type": "string", "format": "date" },
        })),
        "WijkplanContributionInput": object(&["who", "name", "what"], json!({
            "who": contributor, "name": { "type": "string", "maxLength": 150 }, "what": { "type": "string", "maxLength": 500 },
        })),
        "WijkplanMeasurementInput": object(&["measuredOn", "value"], json!({
            "measuredOn": { "type": "string", "format": "date" }, "value": { "type": "number" },
            "note": { "type": "string", "maxLength": 500 },
        })),
    })
}
