//! Indicators, the 0-meting, effects and targets.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new("get", "/indicators", "listIndicators", "indicators", "The indicator catalogue: code, names and explanations per language, unit, which direction is better, source and levels.").public().ok(200, "IndicatorCatalogue"),
        Op::new("get", "/indicators/{indicator}/places", "compareIndicator", "indicators", "One CBS indicator in one year over every place of a level in the country. Missing or secret values are null.").public().params(vec![
                    path_param("indicator", "Indicator code, e.g. laag-inkomen."),
                    json!({ "name": "year", "in": "query", "required": true, "description": "Year of the figures.", "schema": { "type": "string", "pattern": "^[0-9]{4}$" } }),
                    json!({ "name": "level", "in": "query", "required": false, "description": "Level of the places (default wijk).", "schema": { "type": "string", "enum": ["gemeente", "wijk", "buurt"] } }),
                ]).ok(200, "IndicatorComparison").errors(&[400, 422]),
        Op::new("get", "/places/{code}/indicators", "getPlaceIndicators", "indicators", "A place's indicators per year, against the gemeente (index: gemeente at the 0-meting = 100) and since the wijk's 0-meting. Values from polls with fewer respondents than the minimum group size are null.").public().params(code()).ok(200, "PlaceIndicators").errors(&[404]),
        Op::new("get", "/places/{code}/effects", "getEffects", "indicators", "The gemeente's effect dashboard (a wijk or buurt gives its gemeente): per wijk and indicator the change since the 0-meting against the rest of the gemeente, and the goals of its wijkplan with their newest measurement and how far along the way to the target.").params(code()).ok(200, "Effects").errors(&[403, 404]),
        Op::new("post", "/places/{code}/baseline", "fixBaseline", "indicators", "Fix (again) the 0-meting of a wijk on the figures of a year; the values of the wijk, the rest of the gemeente and the gemeente are kept as they are now.").params(code()).body("BaselineInput").ok(201, "Baseline").errors(&[400, 403, 404, 415, 422]),
        Op::new("post", "/places/{code}/targets", "setTarget", "indicators", "Set the target of an indicator at a place.").params(code()).body("TargetInput").ok(201, "Target").errors(&[400, 403, 404, 415, 422]),
        Op::new("post", "/places/{code}/indicator-values", "recordIndicatorValue", "indicators", "Enter a value of an indicator measured by the gemeente (a poll, a monitor), with its source and number of respondents.").params(code()).body("IndicatorValueInput").ok(201, "IndicatorValue").errors(&[400, 403, 404, 415, 422]),
        Op::new("get", "/places/{code}/survey-indicators", "listSurveyIndicators", "indicators", "The survey questions that measure an indicator in the place's gemeente, and the questions of its surveys that could (with the answers to choose from: option codes, or 1–5 for a scale).").params(code()).ok(200, "SurveyIndicators").errors(&[403, 404]),
        Op::new("post", "/places/{code}/survey-indicators", "linkSurveyIndicator", "indicators", "Let a question of one of the gemeente's surveys measure a survey-based indicator in a year: the share per wijk of those who answered that gave one of the counted answers (not all of them). Linking the same survey and indicator again replaces the question, answers and year.").params(code()).body("SurveyLinkInput").ok(201, "SurveyLink").errors(&[400, 403, 404, 415, 422]),
        Op::new("delete", "/places/{code}/survey-indicators/{indicator}/{survey}", "unlinkSurveyIndicator", "indicators", "End a link; the indicator's values from that survey go with it.").params(vec![
                    path_param("code", "Code of the gemeente (or a place in it)."),
                    path_param("indicator", "Indicator code."),
                    path_param("survey", "Survey id."),
                ]).no_content(204).errors(&[403, 404]),
        Op::new("get", "/places/{code}/money", "getMoney", "money", "Follow the money of a gemeente or wijk in a year (the newest without ?year): per payer, per life domain beside the demand, per wijk with the social coin paid there (null under the minimum of payers), per intervention with euros per point of its indicator's change since the 0-meting, and every line. Amounts in cents.").params(vec![
                    path_param("code", "Code of the gemeente or wijk."),
                    json!({ "name": "year", "in": "query", "required": false, "description": "Year.", "schema": { "type": "string" } }),
                ]).ok(200, "Money").errors(&[400, 403, 404]),
        Op::new("post", "/places/{code}/money", "recordMoney", "money", "Enter one budget or spending line for the gemeente or one of its wijken.").params(code()).body("MoneyFlowInput").ok(201, "MoneyFlow").errors(&[400, 403, 404, 415, 422]),
        Op::new("post", "/places/{code}/money/sheets", "importMoneySheet", "money", "Import a spreadsheet of lines (CSV or tab-separated, with a header): all or nothing; a refusal names every wrong field as lines.N.field. The same sheet imported again replaces itself.").params(code()).body("MoneySheetInput").ok(201, "MoneySheetImported").errors(&[400, 403, 404, 415, 422]),
        Op::new("get", "/places/{code}/housing-projects", "listHousingProjects", "housing", "Housing projects at a place and inside it, with their broad-prosperity scores per theme (0–100); for a land, per provincie (where CBS's list of gemeenten was imported; the rest under a null code) and per gemeente.").public().params(code()).ok(200, "HousingProjects").errors(&[404]),
        Op::new("post", "/places/{code}/housing-projects", "addHousingProject", "housing", "Add a housing project at a wijk or gemeente.").params(code()).body("HousingProjectInput").ok(201, "HousingProjectAdded").errors(&[400, 403, 404, 415, 422]),
        Op::new("get", "/housing-projects/{id}", "getHousingProject", "housing", "A housing project's scorecard and the advice that would raise its score.").public().params(id("Project id.")).ok(200, "HousingProject").errors(&[404]),
        Op::new("post", "/housing-projects/{id}/scores", "scoreHousingProject", "housing", "Score every criterion of the scorecard 0 (no), 1 (partly) or 2 (yes).").params(id("Project id.")).body("HousingScores").ok(201, "HousingProject").errors(&[400, 403, 404, 415, 422]),
        Op::new("get", "/wijkscan/{id}", "getWijkscanRound", "wijkscan", "A wijkscan round's report: per task the chances and pitfalls present (average over people, and per point the share), for everyone and per group, the round before, suggestions, and my own answer. For the gemeente, landelijk and whoever works in the gemeente.").params(id("Round id.")).ok(200, "WijkscanReport").errors(&[404]),
        Op::new("post", "/wijkscan/{id}/answers", "answerWijkscan", "wijkscan", "My answer in a round (again: it replaces the earlier one): my group and the points (1…97) I see present.").params(id("Round id.")).body("WijkscanAnswer").ok(201, "WijkscanAnswered").errors(&[400, 403, 404, 415, 422]),
    ]
}

fn num() -> Value {
    json!({ "type": "number", "nullable": true })
}

fn count() -> Value {
    json!({ "type": "integer", "nullable": true, "minimum": 0 })
}

pub(super) fn schemas() -> Value {
    let texts = json!({ "type": "object", "additionalProperties": { "type": "string" } });
    let year = json!({ "type": "string", "pattern": "^[0-9]{4}$" });
    let observation = object(&["value"], json!({ "value": num(), "respondents": count() }));
    let answer = object(&["code", "label"], json!({ "code": str_prop(), "label": texts }));
    // A wijkplan goal, measured by the wijk itself: progress from baseline to target, no effect.
    let plan_goal = object(
        &["title", "measure", "unit", "baseline", "target", "targetDate", "latest", "progressPercent"],
        json!({
            "title": str_prop(), "measure": str_prop(), "unit": str_prop(),
            "baseline": { "type": "number" }, "target": { "type": "number" },
            "targetDate": { "type": "string", "format": "date" },
            "latest": { "type": "object", "nullable": true, "required": ["date", "value"],
                        "properties": { "date": { "type": "string", "format": "date" }, "value": { "type": "number" } } },
            "progressPercent": { "type": "integer", "nullable": true } }),
    );
    let linkable_question = object(
        &["surveyId", "surveyTitle", "surveyStatus", "question", "text", "answers"],
        json!({
            "surveyId": str_prop(), "surveyTitle": texts, "surveyStatus": { "type": "string", "enum": ["draft", "open", "closed"] },
            "question": str_prop(), "text": texts, "answers": { "type": "array", "items": answer } }),
    );
    let figures = json!({
        "Indicator": object(&["code", "name", "explanation", "unit", "better", "source", "levels"], json!({
            "code": str_prop(), "name": texts, "explanation": texts,
            "unit": { "type": "string", "enum": ["count", "percent", "per-1000", "thousand-euros", "euros", "km"] },
            "better": { "type": "string", "enum": ["higher", "lower", "neutral"] },
            "source": { "type": "string", "enum": ["cbs", "manual", "weektest", "coin", "survey"] },
            "levels": { "type": "array", "items": { "type": "string", "enum": ["gemeente", "wijk", "buurt"] } },
            "cbsKey": nullable_str(),
        })),
        "IndicatorCatalogue": object(&["items"], json!({ "items": array_of("Indicator") })),
        "IndicatorComparison": object(&["indicator", "year", "level", "items"], json!({
            "indicator": str_prop(), "year": year, "level": str_prop(),
            "items": { "type": "array", "items": object(&["code", "name", "value"], json!({ "code": str_prop(), "name": str_prop(), "value": num() })) },
        })),
        "Observation": observation,
        "IndicatorView": object(&["indicator", "unit", "series", "latest", "gemeente", "boundaryChanges"], json!({
            "indicator": str_prop(), "unit": str_prop(),
            "series": { "type": "array", "items": object(&["year", "value"], json!({ "year": year, "value": num(), "respondents": count() })) },
            "latestYear": nullable_str(), "latest": schema_ref("Observation"), "gemeente": schema_ref("Observation"),
            "index": num(),
            "band": { "type": "string", "nullable": true, "enum": ["far-below", "below", "around", "above", null] },
            "baseline": { "type": "object", "nullable": true, "properties": {
                "value": num(), "respondents": count(), "restOfGemeente": num(), "restRespondents": count(), "gemeente": num() } },
            "restOfGemeenteNow": schema_ref("Observation"),
            "effect": { "type": "object", "nullable": true, "required": ["conclusion"], "properties": {
                "wijkChange": num(), "restChange": num(), "relative": { "type": "boolean" }, "difference": num(), "margin": num(),
                "conclusion": { "type": "string", "enum": ["better", "worse", "higher", "lower", "no-clear-difference", "too-little-data", "boundary-changed"] } } },
            "target": { "type": "object", "nullable": true, "properties": { "value": { "type": "number" }, "year": str_prop() } },
            "boundaryChanges": { "type": "array", "items": str_prop() },
        })),
        "PlaceIndicators": object(&["code", "name", "level", "years", "minGroupSize", "sources", "indicators"], json!({
            "code": str_prop(), "name": str_prop(), "level": str_prop(), "gemeenteCode": nullable_str(),
            "baselineYear": nullable_str(), "years": { "type": "array", "items": str_prop() },
            "minGroupSize": { "type": "integer" }, "sources": { "type": "array", "items": str_prop() },
            "indicators": array_of("IndicatorView"),
        })),
        "Effects": object(&["code", "name", "years", "minGroupSize", "wijken"], json!({
            "code": str_prop(), "name": str_prop(), "years": { "type": "array", "items": str_prop() },
            "minGroupSize": { "type": "integer" },
            "wijken": { "type": "array", "items": object(&["code", "name", "indicators", "planGoals"], json!({
                "code": str_prop(), "name": str_prop(), "baselineYear": nullable_str(), "indicators": array_of("IndicatorView"),
                "planGoals": { "type": "array", "items": plan_goal } })) },
        })),
        "BaselineInput": object(&["year"], json!({ "year": year })),
        "Baseline": object(&["code", "year", "fixedAt", "values"], json!({
            "code": str_prop(), "year": year, "fixedAt": time_prop(),
            "values": { "type": "array", "items": object(&["indicator"], json!({
                "indicator": str_prop(), "value": num(), "respondents": count(), "restOfGemeente": num(),
                "restRespondents": count(), "gemeente": num() })) },
        })),
        "TargetInput": object(&["indicator", "target", "year"], json!({ "indicator": str_prop(), "target": { "type": "number" }, "year": year })),
        "Target": object(&["code", "indicator", "target", "year"], json!({ "code": str_prop(), "indicator": str_prop(), "target": { "type": "number" }, "year": year })),
        "SurveyLinkInput": object(&["indicator", "surveyId", "question", "answers", "year"], json!({
            "indicator": str_prop(), "surveyId": str_prop(), "question": str_prop(),
            "answers": { "type": "array", "minItems": 1, "maxItems": 30, "items": { "type": "string", "maxLength": 60 } },
            "year": year })),
        "SurveyLink": object(&["indicator", "surveyId", "surveyTitle", "question", "questionText", "answers", "year", "linkedAt"], json!({
            "indicator": str_prop(), "surveyId": str_prop(), "surveyTitle": texts, "question": str_prop(),
            "questionText": texts, "answers": { "type": "array", "items": str_prop() }, "year": year,
            "linkedAt": { "type": "string", "format": "date-time" } })),
        "SurveyIndicators": object(&["gemeente", "links", "questions"], json!({
            "gemeente": str_prop(),
            "links": { "type": "array", "items": schema_ref("SurveyLink") },
            "questions": { "type": "array", "items": linkable_question } })),
        "IndicatorValueInput": object(&["indicator", "year", "value", "source"], json!({
            "indicator": str_prop(), "year": year, "value": { "type": "number", "minimum": 0 },
            "respondents": { "type": "integer", "minimum": 1 }, "source": { "type": "string", "maxLength": 200 } })),
        "IndicatorValue": object(&["code", "indicator", "year", "value", "source"], json!({
            "code": str_prop(), "indicator": str_prop(), "year": year, "value": { "type": "number" },
            "respondents": count(), "source": str_prop() })),
    });
    let Value::Object(mut all) = figures else { unreachable!("an object") };
    let Value::Object(more) = money_and_housing_schemas() else { unreachable!("an object") };
    all.extend(more);
    Value::Object(all)
}

/// Follow the money, housing projects and the wijkscan.
fn money_and_housing_schemas() -> Value {
    let year = json!({ "type": "string", "pattern": "^[0-9]{4}$" });
    json!({
        "Money": object(&["code", "name", "years", "byPayer", "byDomain", "perWijk", "interventions", "flows"], json!({
            "code": str_prop(), "name": str_prop(), "years": { "type": "array", "items": str_prop() }, "year": nullable_str(),
            "byPayer": { "type": "array", "items": object(&["payer", "budgetCents", "spentCents"], json!({ "payer": str_prop(), "budgetCents": { "type": "integer" }, "spentCents": { "type": "integer" } })) },
            "byDomain": { "type": "array", "items": object(&["domain", "budgetCents", "spentCents"], json!({ "domain": str_prop(), "name": str_prop(), "budgetCents": { "type": "integer" }, "spentCents": { "type": "integer" }, "demandShare": num() })) },
            "perWijk": { "type": "array", "items": object(&["code", "budgetCents", "spentCents"], json!({ "code": str_prop(), "name": str_prop(), "budgetCents": { "type": "integer" }, "spentCents": { "type": "integer" }, "coinCents": { "type": "integer", "nullable": true } })) },
            "coinCents": { "type": "integer", "nullable": true }, "emergency": emergency_money(),
            "interventions": { "type": "array", "items": object(&["name", "indicator", "spentSinceBaselineCents"], json!({ "name": str_prop(), "indicator": str_prop(), "spentSinceBaselineCents": { "type": "integer" }, "conclusion": nullable_str(), "difference": num(), "eurosPerPoint": num() })) },
            "flows": { "type": "array", "items": schema_ref("MoneyFlow") },
        })),
        "MoneyFlowInput": object(&["place", "year", "kind", "payer", "domain", "cents"], json!({
            "place": str_prop(), "year": year, "kind": { "type": "string", "enum": ["budget", "besteed"] },
            "payer": { "type": "string", "enum": ["gemeente", "corporatie", "zorgverzekeraar", "fonds", "rijk", "anders"] },
            "taakveld": str_prop(), "domain": str_prop(), "intervention": str_prop(), "indicator": str_prop(),
            "cents": { "type": "integer", "minimum": 0 }, "note": str_prop(),
        })),
        "MoneyFlow": object(&["year", "kind", "payer", "domain", "cents"], json!({
            "id": str_prop(), "placeCode": str_prop(), "year": str_prop(), "kind": str_prop(), "payer": str_prop(), "taakveld": str_prop(),
            "domain": str_prop(), "intervention": str_prop(), "indicator": nullable_str(), "cents": { "type": "integer" }, "note": str_prop(),
        })),
        "MoneySheetInput": object(&["sheet"], json!({ "sheet": { "type": "string", "maxLength": 1000000 } })),
        "MoneySheetImported": object(&["imported"], json!({ "imported": { "type": "integer" } })),
        "HousingProject": object(&["id", "placeCode", "name", "homes", "status", "themes"], json!({
            "id": str_prop(), "placeCode": str_prop(), "placeName": str_prop(), "name": str_prop(), "homes": { "type": "integer" },
            "status": { "type": "string", "enum": ["plan", "bouw", "opgeleverd"] }, "total": { "type": "integer", "nullable": true },
            "themes": { "type": "array", "items": object(&["theme", "score"], json!({ "theme": str_prop(), "score": { "type": "integer" } })) },
            "scores": { "type": "object", "nullable": true, "additionalProperties": { "type": "integer" } },
            "scoredAt": { "type": "string", "nullable": true },
            "advice": { "type": "array", "items": object(&["theme", "criterion", "score"], json!({ "theme": str_prop(), "criterion": str_prop(), "score": { "type": "integer" } })) },
        })),
        "HousingProjects": object(&["code", "items", "perGemeente", "perProvince"], json!({
            "code": str_prop(), "items": array_of("HousingProject"),
            "perGemeente": { "type": "array", "items": object(&["code", "projects", "homes"], json!({ "code": str_prop(), "name": str_prop(), "province": nullable_str(), "projects": { "type": "integer" }, "homes": { "type": "integer" }, "averageScore": { "type": "integer", "nullable": true } })) },
            "perProvince": { "type": "array", "items": object(&["code", "name", "projects", "homes"], json!({ "code": nullable_str(), "name": nullable_str(), "projects": { "type": "integer" }, "homes": { "type": "integer" }, "averageScore": { "type": "integer", "nullable": true } })) },
        })),
        "HousingProjectInput": object(&["name", "homes", "status"], json!({ "name": { "type": "string", "maxLength": 150 }, "homes": { "type": "integer", "minimum": 1 }, "status": { "type": "string", "enum": ["plan", "bouw", "opgeleverd"] } })),
        "HousingProjectAdded": object(&["id", "placeCode", "name", "homes", "status"], json!({ "id": str_prop(), "placeCode": str_prop(), "name": str_prop(), "homes": { "type": "integer" }, "status": str_prop() })),
        "HousingScores": object(&["scores"], json!({ "scores": { "type": "object", "additionalProperties": { "type": "integer", "minimum": 0, "maximum": 2 } } })),
        "WijkscanProfile": object(&["group", "people", "tasks"], json!({
            "group": str_prop(), "people": { "type": "integer" },
            "tasks": { "type": "array", "items": object(&["task", "chances", "pitfalls", "chancesPresent", "pitfallsPresent", "items"], json!({
                "task": { "type": "integer" }, "chances": { "type": "integer" }, "pitfalls": { "type": "integer" },
                "chancesPresent": { "type": "number" }, "pitfallsPresent": { "type": "number" },
                "items": { "type": "array", "items": object(&["item", "share"], json!({ "item": { "type": "integer" }, "share": { "type": "number" } })) },
            })) },
        })),
        "WijkscanReport": object(&["id", "name", "placeCode", "openedAt", "all", "groups", "suggestions"], json!({
            "id": str_prop(), "name": str_prop(), "placeCode": str_prop(), "openedAt": time_prop(),
            "all": schema_ref("WijkscanProfile"), "groups": array_of("WijkscanProfile"),
            "suggestions": { "type": "array", "items": object(&["pitfall", "chances"], json!({ "pitfall": { "type": "integer" }, "chances": { "type": "array", "items": { "type": "integer" } } })) },
            "previous": { "type": "object", "nullable": true },
            "mine": { "type": "object", "nullable": true },
        })),
        "WijkscanAnswer": object(&["group", "items"], json!({
            "group": { "type": "string", "enum": ["wijkcoordinator", "wijkregisseur", "procesmanager", "bestuur", "bewoner", "partner"] },
            "items": { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": 97 } },
        })),
        "WijkscanAnswered": object(&["round", "items"], json!({ "round": str_prop(), "group": nullable_str(), "items": { "type": "integer" } })),
    })
}

/// The luisterloket's emergency budget in follow the money.
fn emergency_money() -> Value {
    json!({ "type": "object", "nullable": true,
        "description": "The luisterloket's emergency budget this year; paidCents is null when fewer requests than the minimum were paid.",
        "required": ["allocatedCents"],
        "properties": { "allocatedCents": { "type": "integer" }, "paidCents": { "type": "integer", "nullable": true } } })
}
