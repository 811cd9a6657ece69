//! The OpenAPI 3 description of `/api/v1`, written out here rather than
//! derived by macros (which cost compile time on every build). A test checks
//! that it lists exactly the API routes the router has, and CI lints it
//! against the NL API Design Rules.

use crate::security::API_VERSION;
use axum::Json;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn version_header() -> Value {
    json!({ "API-Version": { "$ref": "#/components/headers/API-Version" } })
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "headers": version_header(),
        "content": { "application/problem+json": { "schema": schema_ref("Problem") } },
    })
}

struct Op {
    id: &'static str,
    summary: &'static str,
    tag: &'static str,
    secured: bool,
    params: Vec<Value>,
    body: Option<&'static str>,
    ok: (u16, Option<&'static str>),
    errors: &'static [u16],
}

fn path_param(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string" } })
}

impl Op {
    fn to_json(&self) -> Value {
        let mut responses = Map::new();
        let (status, schema) = self.ok;
        let mut ok = json!({ "description": "Success", "headers": version_header() });
        match schema {
            // A file, not JSON: its media type stands in the schema's place.
            Some(s) if s.contains('/') => ok["content"] = json!({ s: { "schema": { "type": "string" } } }),
            Some(s) => ok["content"] = json!({ "application/json": { "schema": schema_ref(s) } }),
            None => {}
        }
        responses.insert(status.to_string(), ok);
        let mut errors: Vec<u16> = self.errors.to_vec();
        if self.secured {
            errors.push(401);
        }
        if self.body.is_some() {
            // Every body passes the same size limit and media-type check.
            errors.extend([400, 413, 415]);
        }
        errors.sort();
        errors.dedup();
        for code in errors {
            let text = match code {
                400 => "The body is not a JSON object.",
                401 => "No valid bearer token was sent.",
                403 => "Signed in, but not allowed.",
                404 => "Not found.",
                409 => "Conflicts with stored data.",
                413 => "The body is larger than the limit.",
                415 => "The body is not JSON.",
                422 => "Invalid input; every invalid field is listed.",
                _ => "Error.",
            };
            responses.insert(code.to_string(), problem(text));
        }
        let mut op = json!({
            "operationId": self.id,
            "summary": self.summary,
            "description": self.summary,
            "tags": [self.tag],
            "parameters": self.params,
            "responses": responses,
        });
        if self.secured {
            op["security"] = json!([{ "bearerAuth": [] }]);
        } else {
            op["security"] = json!([]);
        }
        if let Some(body) = self.body {
            op["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": schema_ref(body) } },
            });
        }
        op
    }
}

/// `(method, path under /api/v1, operation)` for every API route.
fn operations() -> Vec<(&'static str, &'static str, Op)> {
    let code = || vec![path_param("code", "Place code, e.g. GM9601, WK960102 or BU96010201.")];
    let id = |what| vec![path_param("id", what)];
    vec![
        (
            "get",
            "/openapi.json",
            Op {
                id: "getOpenApi",
                summary: "This OpenAPI document.",
                tag: "meta",
                secured: false,
                params: vec![],
                body: None,
                ok: (200, None),
                errors: &[],
            },
        ),
        (
            "get",
            "/me",
            Op {
                id: "getMe",
                summary: "Who am I: profile and roles per place.",
                tag: "me",
                secured: true,
                params: vec![],
                body: None,
                ok: (200, Some("Me")),
                errors: &[],
            },
        ),
        (
            "get",
            "/me/export",
            Op {
                id: "exportMe",
                summary: "Everything stored about me, as JSON.",
                tag: "me",
                secured: true,
                params: vec![],
                body: None,
                ok: (200, Some("PersonalExport")),
                errors: &[],
            },
        ),
        (
            "get",
            "/me/access-log",
            Op {
                id: "getMyAccessLog",
                summary: "Who read my personal data, newest first.",
                tag: "me",
                secured: true,
                params: vec![],
                body: None,
                ok: (200, Some("AccessLog")),
                errors: &[],
            },
        ),
        (
            "get",
            "/me/consents",
            Op {
                id: "getMyConsents",
                summary: "Consents I gave and received.",
                tag: "me",
                secured: true,
                params: vec![],
                body: None,
                ok: (200, Some("ConsentLists")),
                errors: &[],
            },
        ),
        (
            "post",
            "/me/consents",
            Op {
                id: "grantConsent",
                summary: "Let someone see part of my data, for a purpose, until a date.",
                tag: "me",
                secured: true,
                params: vec![],
                body: Some("NewConsent"),
                ok: (201, Some("Consent")),
                errors: &[400, 415, 422],
            },
        ),
        (
            "delete",
            "/me/consents/{id}",
            Op {
                id: "revokeConsent",
                summary: "End a consent I gave.",
                tag: "me",
                secured: true,
                params: id("Consent id."),
                body: None,
                ok: (204, None),
                errors: &[404],
            },
        ),
        (
            "get",
            "/places/{code}",
            Op {
                id: "getPlace",
                summary: "A land, gemeente, wijk or buurt with its children. Resident counts under the minimum group size are null.",
                tag: "places",
                secured: false,
                params: code(),
                body: None,
                ok: (200, Some("PlaceDetail")),
                errors: &[404],
            },
        ),
        (
            "get",
            "/places/{code}/team",
            Op {
                id: "getPlaceTeam",
                summary: "People with a role at the place (for professionals of the place or above).",
                tag: "places",
                secured: true,
                params: code(),
                body: None,
                ok: (200, Some("Team")),
                errors: &[403, 404],
            },
        ),
        (
            "post",
            "/places/{code}/roles",
            Op {
                id: "assignRole",
                summary: "Give a person a role at the place.",
                tag: "places",
                secured: true,
                params: code(),
                body: Some("RoleGrant"),
                ok: (201, Some("RoleGranted")),
                errors: &[400, 403, 404, 409, 415, 422],
            },
        ),
        (
            "get",
            "/persons/{id}",
            Op {
                id: "getPerson",
                summary: "Another person's profile, if they gave me consent. Every read is logged for them.",
                tag: "persons",
                secured: true,
                params: id("Person id."),
                body: None,
                ok: (200, Some("PersonProfile")),
                errors: &[403],
            },
        ),
        (
            "get",
            "/weektest-templates",
            Op {
                id: "getWeekTestTemplates",
                summary: "The week-test variants (the \"ik ben…\" series): domains, texts, priority rule, extra questions.",
                tag: "weektests",
                secured: false,
                params: vec![],
                body: None,
                ok: (200, Some("WeekTestTemplates")),
                errors: &[],
            },
        ),
        (
            "get",
            "/weektests",
            Op {
                id: "getMyWeekTests",
                summary: "My week tests, newest first.",
                tag: "weektests",
                secured: true,
                params: vec![],
                body: None,
                ok: (200, Some("WeekTestList")),
                errors: &[],
            },
        ),
        (
            "post",
            "/weektests",
            Op {
                id: "takeWeekTest",
                summary: "Take a week test: 168 hours over the template's domains. Returns the priority and the full ranking.",
                tag: "weektests",
                secured: true,
                params: vec![],
                body: Some("NewWeekTest"),
                ok: (201, Some("WeekTest")),
                errors: &[400, 415, 422],
            },
        ),
        (
            "get",
            "/weektests/{id}",
            Op {
                id: "getWeekTest",
                summary: "One week test: my own, or another person's under their consent (logged for them).",
                tag: "weektests",
                secured: true,
                params: id("Week test id."),
                body: None,
                ok: (200, Some("WeekTest")),
                errors: &[403],
            },
        ),
        (
            "get",
            "/goals",
            Op {
                id: "getMyGoals",
                summary: "My goals with their progress.",
                tag: "goals",
                secured: true,
                params: vec![],
                body: None,
                ok: (200, Some("GoalList")),
                errors: &[],
            },
        ),
        (
            "post",
            "/goals",
            Op {
                id: "createGoal",
                summary: "Make a goal in a life domain: hours a week, for a number of weeks.",
                tag: "goals",
                secured: true,
                params: vec![],
                body: Some("NewGoal"),
                ok: (201, Some("Goal")),
                errors: &[400, 415, 422],
            },
        ),
        (
            "get",
            "/goals/{id}",
            Op {
                id: "getGoal",
                summary: "One goal: my own, or another person's under their consent (logged for them).",
                tag: "goals",
                secured: true,
                params: id("Goal id."),
                body: None,
                ok: (200, Some("Goal")),
                errors: &[403],
            },
        ),
        (
            "post",
            "/goals/{id}/logs",
            Op {
                id: "logGoalHours",
                summary: "Set the hours of one week of my goal (a second log for a week replaces the first).",
                tag: "goals",
                secured: true,
                params: id("Goal id."),
                body: Some("GoalLogInput"),
                ok: (200, Some("Goal")),
                errors: &[400, 403, 415, 422],
            },
        ),
        (
            "post",
            "/goals/{id}/ratings",
            Op {
                id: "rateGoal",
                summary: "Rate my goal on the Goal Attainment Scaling scale (−2…+2).",
                tag: "goals",
                secured: true,
                params: id("Goal id."),
                body: Some("GoalRatingInput"),
                ok: (201, Some("Goal")),
                errors: &[400, 403, 415, 422],
            },
        ),
        (
            "get",
            "/households",
            Op {
                id: "getMyHouseholds",
                summary: "Households I belong to, with their members.",
                tag: "households",
                secured: true,
                params: vec![],
                body: None,
                ok: (200, Some("HouseholdList")),
                errors: &[],
            },
        ),
        (
            "get",
            "/households/{id}/side-by-side",
            Op {
                id: "getSideBySide",
                summary: "Every member's latest week test that I may see (reads under consent are logged).",
                tag: "households",
                secured: true,
                params: id("Household id."),
                body: None,
                ok: (200, Some("SideBySide")),
                errors: &[403, 404],
            },
        ),
        (
            "get",
            "/family-plans/{id}",
            Op {
                id: "getFamilyPlan",
                summary: "A family plan: for its members, and for professionals while every adult member consents.",
                tag: "households",
                secured: true,
                params: id("Family plan id."),
                body: None,
                ok: (200, Some("FamilyPlan")),
                errors: &[403, 404],
            },
        ),
        (
            "get",
            "/places/{code}/demand-supply",
            Op {
                id: "getDemandSupply",
                summary: "Demand (mentions in the wijk's surveys) against supply (services on the sociale kaart) per life domain, with a verdict.",
                tag: "places",
                secured: false,
                params: vec![path_param("code", "CBS code of the wijk.")],
                body: None,
                ok: (200, Some("DemandSupply")),
                errors: &[404],
            },
        ),
        (
            "get",
            "/places/{code}/wijkplan",
            Op {
                id: "getWijkplan",
                summary: "The wijk's own plan: ambition, goals with indicator, baseline, target and date, contributions and measurements.",
                tag: "places",
                secured: false,
                params: vec![path_param("code", "CBS code of the wijk.")],
                body: None,
                ok: (200, Some("Wijkplan")),
                errors: &[404],
            },
        ),
        (
            "post",
            "/surveys",
            Op {
                id: "createSurvey",
                summary: "Create a survey for one or more wijken the caller leads (coördinator, gemeente, landelijk).",
                tag: "surveys",
                secured: true,
                params: vec![],
                body: Some("NewSurvey"),
                ok: (201, Some("Survey")),
                errors: &[400, 403, 415, 422],
            },
        ),
        (
            "get",
            "/surveys/{id}",
            Op {
                id: "getSurvey",
                summary: "A survey's definition and status. Drafts exist only for the wijk's leads.",
                tag: "surveys",
                secured: false,
                params: vec![path_param("id", "Survey id.")],
                body: None,
                ok: (200, Some("Survey")),
                errors: &[404],
            },
        ),
        (
            "post",
            "/surveys/{id}/responses",
            Op {
                id: "submitSurveyResponse",
                summary: "Answer a survey anonymously. With codes, each code answers once.",
                tag: "surveys",
                secured: false,
                params: vec![path_param("id", "Survey id.")],
                body: Some("SurveyResponseInput"),
                ok: (201, Some("SurveyResponseReceipt")),
                errors: &[400, 404, 409, 415, 422],
            },
        ),
        (
            "get",
            "/surveys/{id}/results",
            Op {
                id: "getSurveyResults",
                summary: "Counts per question, overall or per buurt or respondent type. Counts of fewer people than the minimum group size are null, and so is one more where a total would reveal them.",
                tag: "surveys",
                secured: false,
                params: vec![
                    path_param("id", "Survey id."),
                    json!({ "name": "by", "in": "query", "required": false, "description": "Break the counts down by group.",
                        "schema": { "type": "string", "enum": ["buurt", "respondentType"] } }),
                ],
                body: None,
                ok: (200, Some("SurveyResults")),
                errors: &[404, 422],
            },
        ),
        (
            "post",
            "/coin/programmes",
            Op {
                id: "createCoinProgramme",
                summary: "Create a social coin programme for a place the caller runs as gemeente, with its escrow and limits.",
                tag: "coin",
                secured: true,
                params: vec![],
                body: Some("NewCoinProgramme"),
                ok: (201, Some("CoinProgramme")),
                errors: &[400, 403, 415, 422],
            },
        ),
        (
            "get",
            "/coin/programmes/{id}",
            Op {
                id: "getCoinProgramme",
                summary: "A programme with its totals: escrow, unissued coins, coins of holders and businesses, and gross flows.",
                tag: "coin",
                secured: true,
                params: vec![path_param("id", "Programme id.")],
                body: None,
                ok: (200, Some("CoinProgramme")),
                errors: &[403, 404],
            },
        ),
        (
            "post",
            "/coin/programmes/{id}/fundings",
            Op {
                id: "fundCoinProgramme",
                summary: "Record euros received in the programme's escrow bank account; the programme may then issue that many coins.",
                tag: "coin",
                secured: true,
                params: vec![path_param("id", "Programme id."), idempotency_param()],
                body: Some("CoinFunding"),
                ok: (201, Some("CoinReceipt")),
                errors: &[400, 403, 404, 409, 415, 422],
            },
        ),
        (
            "post",
            "/coin/programmes/{id}/businesses",
            Op {
                id: "enrolCoinBusiness",
                summary: "Let an organisation take part: it can be paid in coins from now on.",
                tag: "coin",
                secured: true,
                params: vec![path_param("id", "Programme id.")],
                body: Some("CoinEnrolment"),
                ok: (201, Some("CoinAccount")),
                errors: &[400, 403, 404, 415, 422],
            },
        ),
        (
            "post",
            "/coin/issuances",
            Op {
                id: "issueCoins",
                summary: "Issue coins from a programme to a resident; never more than funded.",
                tag: "coin",
                secured: true,
                params: vec![idempotency_param()],
                body: Some("CoinIssuance"),
                ok: (201, Some("CoinReceipt")),
                errors: &[400, 403, 409, 415, 422],
            },
        ),
        (
            "post",
            "/coin/payments",
            Op {
                id: "payWithCoins",
                summary: "The caller pays a participating business by its code; the business's bonus, if any, comes back in the same transaction.",
                tag: "coin",
                secured: true,
                params: vec![idempotency_param()],
                body: Some("CoinPayment"),
                ok: (201, Some("CoinReceipt")),
                errors: &[400, 409, 415, 422],
            },
        ),
        (
            "post",
            "/coin/redemptions",
            Op {
                id: "redeemCoins",
                summary: "A business turns coins back into euros, paid from the escrow.",
                tag: "coin",
                secured: true,
                params: vec![idempotency_param()],
                body: Some("CoinRedemption"),
                ok: (201, Some("CoinReceipt")),
                errors: &[400, 403, 409, 415, 422],
            },
        ),
        (
            "post",
            "/coin/reversals",
            Op {
                id: "reverseCoinTransaction",
                summary: "Undo a transaction with the opposite entries (nothing posted is ever changed); refused when the money is gone.",
                tag: "coin",
                secured: true,
                params: vec![idempotency_param()],
                body: Some("CoinReversal"),
                ok: (201, Some("CoinReceipt")),
                errors: &[400, 403, 409, 415, 422],
            },
        ),
        (
            "get",
            "/coin/accounts/{id}",
            Op {
                id: "getCoinAccount",
                summary: "Balance and newest entries of an account, for its holder, the business's people or the programme's gemeente (logged for the holder).",
                tag: "coin",
                secured: true,
                params: vec![path_param("id", "Account id.")],
                body: None,
                ok: (200, Some("CoinAccount")),
                errors: &[404],
            },
        ),
        (
            "get",
            "/coin/ledger.beancount",
            Op {
                id: "getCoinLedger",
                summary: "The whole ledger as a Beancount file (text/plain) with a balance assertion per account per day; bean-check accepts it.",
                tag: "coin",
                secured: true,
                params: vec![],
                body: None,
                ok: (200, Some("text/plain")),
                errors: &[403],
            },
        ),
    ]
}

fn idempotency_param() -> Value {
    json!({ "name": "Idempotency-Key", "in": "header", "required": true,
        "description": "A unique key per request (a UUID, say). A retry with the same key and body returns the first result with header Idempotent-Replayed: true; the same key with another body is refused with 409.",
        "schema": { "type": "string", "minLength": 1, "maxLength": 255 } })
}

fn coin_schemas() -> Value {
    let cents =
        json!({ "type": "integer", "format": "int64", "description": "Euro cents (1 coin = 1 euro)." });
    let limit = json!({ "type": "integer", "format": "int64", "nullable": true, "minimum": 1, "description": "Euro cents; null for no limit." });
    json!({
        "NewCoinProgramme": object(&["placeCode", "name"], json!({
            "placeCode": str_prop(), "name": str_prop(), "description": str_prop(),
            "limits": { "type": "object", "properties": {
                "maxBalance": limit, "maxPayment": limit, "maxPerDay": limit,
                "holdersMayPayEachOther": { "type": "boolean" } } },
        })),
        "CoinProgramme": object(&["id", "code", "placeCode", "name", "limits", "createdAt"], json!({
            "id": str_prop(), "code": str_prop(), "placeCode": str_prop(), "name": str_prop(), "description": str_prop(),
            "limits": { "type": "object", "properties": {
                "maxBalance": limit, "maxPayment": limit, "maxPerDay": limit,
                "holdersMayPayEachOther": { "type": "boolean" } } },
            "createdAt": time_prop(),
            "totals": { "type": "object", "additionalProperties": { "type": "integer" },
                "description": "escrow, unissued, holders, businesses (cents), holderCount, businessCount, funded, issued, paid, redeemed (cents)." },
        })),
        "CoinFunding": object(&["amount"], json!({ "amount": cents, "memo": str_prop() })),
        "CoinEnrolment": object(&["organisationId"], json!({ "organisationId": str_prop() })),
        "CoinIssuance": object(&["programmeId", "personId", "amount"], json!({
            "programmeId": str_prop(), "personId": str_prop(), "amount": cents, "memo": str_prop() })),
        "CoinPayment": object(&["business", "amount"], json!({
            "business": { "type": "string", "description": "The business's code, as on its poster (Z-XXXX-XX)." },
            "amount": cents,
            "programmeId": { "type": "string", "description": "Needed only when the caller holds coins in several programmes." } })),
        "CoinRedemption": object(&["account", "amount"], json!({ "account": str_prop(), "amount": cents })),
        "CoinReversal": object(&["transactionId", "memo"], json!({ "transactionId": str_prop(), "memo": str_prop() })),
        "CoinReceipt": object(&["transactionId", "kind", "programmeId", "postedAt", "transfers"], json!({
            "transactionId": str_prop(),
            "kind": { "type": "string", "enum": ["funding", "issuance", "payment", "gift", "redemption", "reversal"] },
            "programmeId": str_prop(), "postedAt": time_prop(), "memo": str_prop(),
            "reverses": str_prop(),
            "transfers": { "type": "array", "items": object(&["from", "to", "amount"], json!({
                "from": { "type": "string", "description": "Code of the debited account." },
                "to": { "type": "string", "description": "Code of the credited account." },
                "amount": cents })) },
        })),
        "CoinAccount": object(&["id", "programmeId", "kind", "code", "balance", "held", "available", "version", "active"], json!({
            "id": str_prop(), "programmeId": str_prop(),
            "kind": { "type": "string", "enum": ["escrow", "programme", "holder", "business"] },
            "code": str_prop(), "name": str_prop(), "balance": cents, "held": cents, "available": cents,
            "version": { "type": "integer", "format": "int64" }, "active": { "type": "boolean" },
            "benefit": object(&["percent", "cap", "description"], json!({
                "percent": { "type": "integer" }, "cap": cents, "description": str_prop() })),
            "entries": { "type": "array", "items": object(&["transactionId", "kind", "version", "amount", "change", "balanceBefore", "balanceAfter", "postedAt"], json!({
                "transactionId": str_prop(), "kind": str_prop(), "version": { "type": "integer", "format": "int64" },
                "amount": { "type": "integer", "format": "int64", "description": "Signed posting: debit positive, credit negative." },
                "change": { "type": "integer", "format": "int64", "description": "What it did to this balance." },
                "balanceBefore": cents, "balanceAfter": cents, "postedAt": time_prop(), "memo": str_prop(),
                "counterparty": nullable_str() })) },
        })),
    })
}

fn str_prop() -> Value {
    json!({ "type": "string" })
}

fn nullable_str() -> Value {
    json!({ "type": "string", "nullable": true })
}

fn time_prop() -> Value {
    json!({ "type": "string", "format": "date-time", "description": "UTC, RFC 3339." })
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": properties })
}

fn array_of(name: &str) -> Value {
    json!({ "type": "array", "items": schema_ref(name) })
}

fn schemas() -> Value {
    let role_enum = json!({
        "type": "string",
        "enum": ["bewoner", "coach", "wijkwerker", "coordinator", "partner", "ondernemer", "gemeente", "landelijk"],
    });
    let level_enum = json!({ "type": "string", "enum": ["land", "gemeente", "wijk", "buurt"] });
    json!({
        "Problem": object(&["type", "title", "status", "detail"], json!({
            "type": { "type": "string", "description": "URI of the problem type, or about:blank." },
            "title": str_prop(),
            "status": { "type": "integer" },
            "detail": str_prop(),
            "invalidParams": array_of("InvalidParam"),
        })),
        "InvalidParam": object(&["name", "code", "reason"], json!({
            "name": { "type": "string", "description": "The invalid field." },
            "code": { "type": "string", "description": "Stable machine-readable reason." },
            "reason": str_prop(),
        })),
        "RoleAtPlace": object(&["role", "placeCode"], json!({
            "role": role_enum, "placeCode": str_prop(), "placeName": nullable_str(),
        })),
        "Me": object(&["id", "displayName", "language", "roles", "createdAt"], json!({
            "id": str_prop(), "displayName": str_prop(), "email": nullable_str(), "language": str_prop(),
            "homePlaceCode": nullable_str(), "createdAt": time_prop(), "roles": array_of("RoleAtPlace"),
        })),
        "Person": object(&["id", "displayName", "language", "createdAt"], json!({
            "id": str_prop(), "email": nullable_str(), "displayName": str_prop(), "language": str_prop(),
            "homePlaceCode": nullable_str(), "createdAt": time_prop(),
        })),
        "Consent": object(&["id", "subjectId", "granteeId", "scope", "purpose", "grantedAt"], json!({
            "id": str_prop(), "subjectId": str_prop(), "granteeId": str_prop(),
            "scope": { "type": "string", "enum": ["profile", "weektests", "family-plan"] }, "purpose": str_prop(),
            "grantedAt": time_prop(),
            "validUntil": { "type": "string", "format": "date-time", "nullable": true },
            "revokedAt": { "type": "string", "format": "date-time", "nullable": true },
        })),
        "ConsentView": { "allOf": [schema_ref("Consent"), object(&["otherName", "active"], json!({
            "otherName": { "type": "string", "description": "The other party's name." },
            "active": { "type": "boolean" },
        }))] },
        "ConsentLists": object(&["given", "received"], json!({
            "given": array_of("ConsentView"), "received": array_of("ConsentView"),
        })),
        "NewConsent": object(&["granteeId", "scope", "purpose"], json!({
            "granteeId": str_prop(), "scope": { "type": "string", "enum": ["profile", "weektests", "family-plan"] },
            "purpose": { "type": "string", "maxLength": 200 },
            "validUntil": { "type": "string", "description": "RFC 3339 time, or a date (valid through that day)." },
        })),
        "AccessRecord": object(&["at", "actorName", "subjectId", "what", "why"], json!({
            "at": time_prop(), "actorId": nullable_str(),
            "actorName": { "type": "string", "description": "Empty when the reader's account was erased." },
            "subjectId": str_prop(), "what": str_prop(), "why": str_prop(),
        })),
        "AccessLog": object(&["items"], json!({ "items": array_of("AccessRecord") })),
        "PersonalExport": object(&["exportedAt", "person", "roles", "consentsGiven", "consentsReceived", "accessLog", "sessions", "apiTokens"], json!({
            "exportedAt": time_prop(),
            "person": schema_ref("Person"),
            "roles": { "type": "array", "items": object(&["role", "placeCode"], json!({ "role": role_enum, "placeCode": str_prop() })) },
            "consentsGiven": array_of("ConsentView"),
            "consentsReceived": array_of("ConsentView"),
            "accessLog": array_of("AccessRecord"),
            "sessions": { "type": "array", "items": object(&["createdAt", "expiresAt"], json!({ "createdAt": time_prop(), "expiresAt": time_prop() })) },
            "apiTokens": { "type": "array", "items": object(&["id", "label", "createdAt"], json!({ "id": str_prop(), "label": str_prop(), "createdAt": time_prop() })) },
        })),
        "PlaceRef": object(&["code", "level", "name"], json!({ "code": str_prop(), "level": level_enum, "name": str_prop() })),
        "PlaceChild": object(&["code", "level", "name"], json!({
            "code": str_prop(), "level": level_enum, "name": str_prop(),
            "residents": { "type": "integer", "nullable": true, "description": "Null when under the minimum group size." },
        })),
        "Organisation": object(&["id", "name", "kind", "placeCode", "description"], json!({
            "id": str_prop(), "name": str_prop(),
            "kind": { "type": "string", "enum": ["partner", "business", "initiative", "gemeente", "federation"] },
            "placeCode": str_prop(), "description": str_prop(), "website": nullable_str(),
        })),
        "PlaceDetail": object(&["code", "level", "name", "path", "children", "minGroupSize", "organisations"], json!({
            "code": str_prop(), "level": level_enum, "name": str_prop(), "parentCode": nullable_str(),
            "path": array_of("PlaceRef"), "children": array_of("PlaceChild"),
            "residentsTotal": { "type": "integer", "nullable": true },
            "minGroupSize": { "type": "integer", "minimum": 5 },
            "organisations": array_of("Organisation"),
        })),
        "TeamMember": object(&["personId", "displayName", "role", "placeCode"], json!({
            "personId": str_prop(), "displayName": str_prop(), "role": role_enum, "placeCode": str_prop(),
            "organisation": nullable_str(),
        })),
        "Team": object(&["items"], json!({ "items": array_of("TeamMember") })),
        "RoleGrant": object(&["role"], json!({
            "role": role_enum,
            "personId": { "type": "string", "description": "The person; or give email instead." },
            "email": { "type": "string", "description": "The person's e-mail address, if personId is not given." },
        })),
        "RoleGranted": object(&["personId", "role", "placeCode"], json!({
            "personId": str_prop(), "role": role_enum, "placeCode": str_prop(),
        })),
        "PersonProfile": object(&["id", "displayName", "consent"], json!({
            "id": str_prop(), "displayName": str_prop(), "email": nullable_str(), "homePlaceCode": nullable_str(),
            "consent": object(&["id", "purpose"], json!({
                "id": str_prop(), "purpose": str_prop(),
                "validUntil": { "type": "string", "format": "date-time", "nullable": true },
            })),
        })),
    })
}

fn weektest_schemas() -> Value {
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

fn family_schemas() -> Value {
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

fn survey_schemas() -> Value {
    let texts = json!({ "type": "object", "description": "Text per language code; nl is required.", "required": ["nl"],
        "additionalProperties": { "type": "string" } });
    let count = json!({ "type": "integer", "nullable": true, "description": "Null when hidden to protect small groups." });
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
            "domains": { "type": "array", "items": object(&["domain", "name", "demand", "supply", "verdict"], json!({
                "domain": str_prop(), "name": str_prop(), "demand": count, "supply": { "type": "integer" },
                "verdict": { "type": "string", "enum": ["shortage", "surplus", "balanced", "unknown"] },
            })) },
        })),
        "Wijkplan": object(&["id", "placeCode", "ambition", "description", "updatedAt", "goals"], json!({
            "id": str_prop(), "placeCode": str_prop(), "ambition": str_prop(), "description": str_prop(), "updatedAt": time_prop(),
            "goals": { "type": "array", "items": object(&["id", "title", "indicator", "unit", "baseline", "target", "targetDate", "contributions", "measurements"], json!({
                "id": str_prop(), "title": str_prop(), "indicator": str_prop(), "unit": str_prop(),
                "baseline": { "type": "number" }, "target": { "type": "number" },
                "targetDate": { "type": "string", "format": "date" },
                "progressPercent": { "type": "integer", "nullable": true },
                "contributions": { "type": "array", "items": object(&["who", "name", "what"], json!({
                    "who": { "type": "string", "enum": ["bewoners", "partners", "ondernemers", "gemeente"] }, "name": str_prop(), "what": str_prop() })) },
                "measurements": { "type": "array", "items": object(&["measuredOn", "value", "note"], json!({
                    "measuredOn": { "type": "string", "format": "date" }, "value": { "type": "number" }, "note": str_prop() })) },
            })) },
        })),
    })
}

/// Merges several `{ name: schema }` objects into one.
fn all_schemas() -> Value {
    let mut all = Map::new();
    for part in [schemas(), weektest_schemas(), family_schemas(), survey_schemas(), coin_schemas()] {
        if let Value::Object(m) = part {
            all.extend(m);
        }
    }
    Value::Object(all)
}

pub fn build() -> Value {
    let mut paths = Map::new();
    for (method, path, op) in operations() {
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[method] = op.to_json();
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "wijkwerk API",
            "version": API_VERSION,
            "description": "The API of wijkwerk, the platform for verenigd wijkgericht werken. Times are UTC (RFC 3339); money is integer cents; errors are application/problem+json (RFC 9457).",
            "contact": { "name": "wijkwerk", "email": "api@wijkwerk.nl", "url": "https://wijkwerk.nl" },
            "license": { "name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/" },
        },
        "servers": [{ "url": "https://wijkwerk.nl/api/v1", "description": "Production" }],
        "tags": [
            { "name": "meta", "description": "About the API itself." },
            { "name": "me", "description": "The caller's own data, consents and access log." },
            { "name": "places", "description": "Lands, gemeenten, wijken and buurten." },
            { "name": "persons", "description": "Other people's data, under their consent." },
            { "name": "weektests", "description": "The week test and its variants." },
            { "name": "goals", "description": "Goals of the week test made to measure." },
            { "name": "households", "description": "Households, side by side, and the family plan." },
            { "name": "surveys", "description": "Wijk surveys: anonymous answers, results without small groups." },
            { "name": "coin", "description": "The social coin: a local euro-backed currency on a double-entry ledger." },
        ],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": { "type": "http", "scheme": "bearer", "description": "Create a token with `wijkwerk token create --email …`." },
            },
            "headers": {
                "API-Version": { "description": "The full version of the API.", "schema": { "type": "string", "example": API_VERSION } },
            },
            "schemas": all_schemas(),
        },
    })
}

pub async fn document() -> Response {
    static DOC: OnceLock<Value> = OnceLock::new();
    Json(DOC.get_or_init(build)).into_response()
}
