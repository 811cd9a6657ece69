//! The OpenAPI 3 description of `/api/v1`, written out here rather than
//! derived by macros (which cost compile time on every build). A test checks
//! that it lists exactly the API routes the router has, and CI lints it
//! against the NL API Design Rules.

use crate::security::API_VERSION;
use axum::Json;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

mod challenges;
mod coin;
mod core;
mod emergency;
mod family;
mod indicators;
mod initiatives;
mod intake;
mod marketplace;
mod meetings;
mod newspaper;
mod surveys;
mod weektests;

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

/// One operation of the document. Made with [`Op::new`]: signed in, no
/// parameters or body, 200 without content and no other errors unless a
/// builder method says otherwise.
struct Op {
    method: &'static str,
    path: &'static str,
    id: &'static str,
    summary: &'static str,
    tag: &'static str,
    secured: bool,
    params: Vec<Value>,
    body: Option<&'static str>,
    ok: (u16, Option<&'static str>),
    errors: &'static [u16],
}

impl Op {
    fn new(
        method: &'static str,
        path: &'static str,
        id: &'static str,
        tag: &'static str,
        summary: &'static str,
    ) -> Op {
        Op {
            method,
            path,
            id,
            summary,
            tag,
            secured: true,
            params: vec![],
            body: None,
            ok: (200, None),
            errors: &[],
        }
    }

    /// Open to anyone, without a token.
    fn public(self) -> Op {
        Op { secured: false, ..self }
    }

    fn params(self, params: Vec<Value>) -> Op {
        Op { params, ..self }
    }

    /// A JSON body of this schema.
    fn body(self, schema: &'static str) -> Op {
        Op { body: Some(schema), ..self }
    }

    /// The body is a photo or receipt itself (JPEG, PNG or PDF).
    fn file_body(self) -> Op {
        Op { body: Some(FILE_BODY), ..self }
    }

    /// Success with this status and schema (or media type, for a file).
    fn ok(self, status: u16, schema: &'static str) -> Op {
        Op { ok: (status, Some(schema)), ..self }
    }

    /// Success with this status and no content.
    fn no_content(self, status: u16) -> Op {
        Op { ok: (status, None), ..self }
    }

    fn errors(self, errors: &'static [u16]) -> Op {
        Op { errors, ..self }
    }
}

/// Stands for a file body in [`Op::body`].
const FILE_BODY: &str = "(file)";

/// The place code in the path.
fn code() -> Vec<Value> {
    vec![path_param("code", "Place code, e.g. GM9601, WK960102 or BU96010201.")]
}

/// An id in the path.
fn id(what: &str) -> Vec<Value> {
    vec![path_param("id", what)]
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
            // A file, not JSON: its media types (comma-separated) stand in the schema's place.
            Some(s) if s.contains('/') => {
                ok["content"] =
                    s.split(',').map(|m| (m.to_string(), json!({ "schema": { "type": "string" } }))).collect()
            }
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
        if self.params.iter().any(|p| p["in"] == "query") {
            // Every query passes `ApiQuery`: repeated or unreadable parameters.
            errors.push(400);
        }
        errors.sort();
        errors.dedup();
        for code in errors {
            let text = match code {
                400 => {
                    "The body is not a JSON object (or has a key twice), or a query parameter is repeated or unreadable."
                }
                401 => "No valid bearer token was sent.",
                403 => "Signed in, but not allowed.",
                404 => "Not found.",
                409 => "Conflicts with stored data.",
                413 => "The body is larger than the limit.",
                415 => {
                    "The body is not of a media type this operation takes (JSON, or the file types it lists)."
                }
                422 => "Invalid input; every invalid field is listed.",
                429 => {
                    "Too many requests of this kind from this source; the Retry-After header says when to try again."
                }
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
        if self.body == Some(FILE_BODY) {
            let file = json!({ "schema": { "type": "string", "format": "binary" } });
            op["requestBody"] = json!({
                "required": true,
                "content": { "image/jpeg": file, "image/png": file, "application/pdf": file },
            });
        } else if let Some(body) = self.body {
            op["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": schema_ref(body) } },
            });
        }
        op
    }
}

/// Every API route, feature by feature.
fn operations() -> Vec<Op> {
    [
        core::operations(),
        weektests::operations(),
        family::operations(),
        surveys::operations(),
        coin::operations(),
        indicators::operations(),
        meetings::operations(),
        initiatives::operations(),
        challenges::operations(),
        emergency::operations(),
        marketplace::operations(),
        intake::operations(),
        newspaper::operations(),
    ]
    .into_iter()
    .flatten()
    .collect()
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

fn all_schemas() -> Value {
    let mut all = Map::new();
    for part in [
        core::schemas(),
        weektests::schemas(),
        family::schemas(),
        surveys::schemas(),
        coin::schemas(),
        indicators::schemas(),
        meetings::schemas(),
        initiatives::schemas(),
        challenges::schemas(),
        emergency::schemas(),
        marketplace::schemas(),
        intake::schemas(),
        newspaper::schemas(),
    ] {
        if let Value::Object(m) = part {
            all.extend(m);
        }
    }
    Value::Object(all)
}

pub fn build() -> Value {
    let mut paths = Map::new();
    for op in operations() {
        let entry = paths.entry(op.path.to_string()).or_insert_with(|| json!({}));
        entry[op.method] = op.to_json();
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
            { "name": "indicators", "description": "Figures per place (CBS and polls), the 0-meting, targets and effects." },
            { "name": "housing", "description": "Mens, wat woon je: housing projects scored on broad prosperity." },
            { "name": "meetings", "description": "The open podium: a wijk's meetings, their agenda and registering (with a waiting list)." },
            { "name": "challenges", "description": "Right to challenge: interventions the gemeente plans, challenges with a better or cheaper plan, and the gemeente's answers with reasons." },
            { "name": "emergency", "description": "The luisterloket's emergency budget for first needs: requests made with the resident, four-eyes approvals, payout as social coin or to a creditor, and a double-entry ledger per wijk and year." },
            { "name": "cooperative", "description": "The wijk cooperative: members, the marketplace of requests and offers with suggestions both ways, agreements with hours confirmed by both sides into a double-entry hours ledger, teams of job seekers, alliances between wijken and the wijkalliantie." },
            { "name": "intake", "description": "The luisterloket's intake: the resident's own story over every life domain, shared per organisation, domain and end date; professionals read only what is shared, and every read is in the resident's log. A partner organisation can get a token of its own (from its gemeente) that works only on /referrals and reading /intakes." },
            { "name": "newspaper", "description": "The wijkkrant: a printable neighbourhood paper per wijk and month, made by residents." },
            { "name": "initiatives", "description": "Initiatives of residents decided on a visible clock of Dutch working days, and the wijkbudget that pays for them (a double-entry ledger per wijk and year)." },
            { "name": "wijkscan", "description": "The gemeente's self-assessment on the ten tasks of neighbourhood-oriented work." },
            { "name": "money", "description": "Follow the money: budgets and spending per place, payer, life domain and intervention." },
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
