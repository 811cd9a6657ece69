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
        Op::new("get", "/places/{code}/effects", "getEffects", "indicators", "The gemeente's effect dashboard (a wijk or buurt gives its gemeente): per wijk and indicator the change since the 0-meting against the rest of the gemeente.").params(code()).ok(200, "Effects").errors(&[403, 404]),
        Op::new("post", "/places/{code}/baseline", "fixBaseline", "indicators", "Fix (again) the 0-meting of a wijk on the figures of a year; the values of the wijk, the rest of the gemeente and the gemeente are kept as they are now.").params(code()).body("BaselineInput").ok(201, "Baseline").errors(&[400, 403, 404, 415, 422]),
        Op::new("post", "/places/{code}/targets", "setTarget", "indicators", "Set the target of an indicator at a place.").params(code()).body("TargetInput").ok(201, "Target").errors(&[400, 403, 404, 415, 422]),
        Op::new("post", "/places/{code}/indicator-values", "recordIndicatorValue", "indicators", "Enter a value of an indicator measured by the gemeente (a poll, a monitor), with its source and number of respondents.").params(code()).body("IndicatorValueInput").ok(201, "IndicatorValue").errors(&[400, 403, 404, 415, 422]),
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
    json!({
        "Indicator": object(&["code", "name", "explanation", "unit", "better", "source", "levels"], json!({
            "code": str_prop(), "name": texts, "explanation": texts,
            "unit": { "type": "string", "enum": ["count", "percent", "per-1000", "thousand-euros", "euros", "km"] },
            "better": { "type": "string", "enum": ["higher", "lower", "neutral"] },
            "source": { "type": "string", "enum": ["cbs", "manual", "weektest", "coin"] },
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
            "wijken": { "type": "array", "items": object(&["code", "name", "indicators"], json!({
                "code": str_prop(), "name": str_prop(), "baselineYear": nullable_str(), "indicators": array_of("IndicatorView") })) },
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
        "IndicatorValueInput": object(&["indicator", "year", "value", "source"], json!({
            "indicator": str_prop(), "year": year, "value": { "type": "number", "minimum": 0 },
            "respondents": { "type": "integer", "minimum": 1 }, "source": { "type": "string", "maxLength": 200 } })),
        "IndicatorValue": object(&["code", "indicator", "year", "value", "source"], json!({
            "code": str_prop(), "indicator": str_prop(), "year": year, "value": { "type": "number" },
            "respondents": count(), "source": str_prop() })),
    })
}
