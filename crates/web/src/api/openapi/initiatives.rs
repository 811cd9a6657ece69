//! Initiatives and the wijkbudget: the register, submitting, supporting,
//! deciding on the clock, payment, the account afterwards, the budget.

use super::*;

fn key_param() -> Value {
    json!({ "name": "Idempotency-Key", "in": "header", "required": true,
        "description": "A unique key per request (a UUID, say). A retry with the same key and body moves no money again and answers with the initiative as it is; the same key with another body is refused with 409.",
        "schema": { "type": "string", "minLength": 1, "maxLength": 255 } })
}

fn with_key(mut params: Vec<Value>) -> Vec<Value> {
    params.push(key_param());
    params
}

pub(super) fn operations() -> Vec<Op> {
    let one = || id("Initiative id.");
    vec![
        Op::new("get", "/places/{code}/initiatives", "listInitiatives", "initiatives", "A place's public register of initiatives: open ones first (with their clock in Dutch working days), then decided ones with the reason, the money and the result; for a wijk also its rules and its wijkbudget per year. Clocks that ran out are settled first by the wijk's rule.").public().params(code()).ok(200, "Initiatives").errors(&[404]),
        Op::new("post", "/places/{code}/initiatives", "submitInitiative", "initiatives", "Submit an idea for a wijk. Up to the wijk's limit it goes on the short route (by default three working days, Dutch public holidays excluded); above it on the long route. The group's name is public; the submitter is not. At most five a day per person.").params(code()).body("InitiativeInput").ok(201, "Initiative").errors(&[400, 403, 404, 415, 422, 429]),
        Op::new("get", "/initiatives/{id}", "getInitiative", "initiatives", "One initiative with its clock, and whether I support it.").public().params(one()).ok(200, "InitiativeDetail").errors(&[404]),
        Op::new("post", "/initiatives/{id}/decision", "decideInitiative", "initiatives", "Approve (up to what was asked; without an amount all of it, set apart in this year's wijkbudget) or reject, always with a reason that the register shows. The short route by the wijk's coördinator or the gemeente, the long route and escalated ones by the gemeente; never by the one who submitted it.").params(with_key(one())).body("InitiativeDecision").ok(201, "Initiative").errors(&[400, 403, 404, 409, 415, 422]),
        Op::new("post", "/initiatives/{id}/payment", "payInitiative", "initiatives", "Record that the grant was paid to the group.").params(with_key(one())).ok(201, "Initiative").errors(&[400, 403, 404, 409, 422]),
        Op::new("post", "/initiatives/{id}/account", "accountForInitiative", "initiatives", "The short account afterwards: what happened and what was spent (cents); the rest returns to the wijkbudget. By the submitter, or a wijkwerker or coördinator on the group's behalf.").params(with_key(one())).body("InitiativeAccount").ok(201, "Initiative").errors(&[400, 403, 404, 409, 415, 422]),
        Op::new("get", "/initiatives/{id}/files", "listInitiativeFiles", "initiatives", "Photos and receipts with the account. Photos are public; receipts only for the group, the wijk's wijkwerkers and deciders and the wijkbudget keeper.").public().params(one()).ok(200, "InitiativeFiles").errors(&[404]),
        Op::new("post", "/initiatives/{id}/files", "addInitiativeFile", "initiatives", "Add a photo (JPEG, PNG; with a description, its alt text) or a receipt (also PDF) once the grant is there: the file is the body, at most 5 MB. Where and when a photo was taken is taken out of it. At most ten files per initiative.").params([one(), vec![
            json!({ "name": "kind", "in": "query", "required": true, "description": "photo or receipt.", "schema": { "type": "string", "enum": ["photo", "receipt"] } }),
            json!({ "name": "description", "in": "query", "required": false, "description": "What is on it (required for a photo).", "schema": { "type": "string", "maxLength": 200 } }),
        ]].concat()).file_body().ok(201, "InitiativeFile").errors(&[403, 404, 409, 422]),
        Op::new("get", "/initiatives/{id}/files/{file}", "getInitiativeFile", "initiatives", "The file itself; a PDF as a download. A receipt the caller may not see is not found.").public().params(vec![path_param("id", "Initiative id."), path_param("file", "File id.")]).ok(200, "image/jpeg,image/png,application/pdf").errors(&[404]),
        Op::new("delete", "/initiatives/{id}/files/{file}", "removeInitiativeFile", "initiatives", "Remove a file: its uploader, or a decider of the wijk.").params(vec![path_param("id", "Initiative id."), path_param("file", "File id.")]).no_content(204).errors(&[403, 404]),
        Op::new("post", "/initiatives/{id}/support", "supportInitiative", "initiatives", "I support this idea (again: no change). Public pages show counts only.").params(one()).ok(201, "Initiative").errors(&[404, 409]),
        Op::new("delete", "/initiatives/{id}/support", "withdrawInitiativeSupport", "initiatives", "I no longer support this idea.").params(one()).no_content(204).errors(&[404]),
        Op::new("get", "/places/{code}/wijkbudget", "getWijkbudget", "initiatives", "A wijk's budget per year (allocated, set apart, paid, returned, left) and its ledger, newest first: public money.").public().params(code()).ok(200, "Wijkbudget").errors(&[404]),
        Op::new("post", "/places/{code}/wijkbudget", "allocateWijkbudget", "initiatives", "The gemeente puts money in a wijk's budget for a year.").params(with_key(code())).body("BudgetAllocation").ok(201, "Wijkbudget").errors(&[400, 403, 404, 409, 415, 422]),
    ]
}

pub(super) fn schemas() -> Value {
    let cents = || json!({ "type": "integer", "minimum": 0, "description": "Euro cents." });
    let needs = json!({ "type": "array", "items": { "type": "string", "enum": wijkwerk_domain::initiatives::NEEDS } });
    let clock = json!({ "type": "object", "nullable": true, "required": ["state", "workingDaysLeft"], "properties": {
        "state": { "type": "string", "enum": ["running", "last-day", "overdue"] },
        "workingDaysLeft": { "type": "integer", "minimum": 0 } } });
    let status = json!({ "type": "string", "enum": ["submitted", "escalated", "approved", "rejected", "paid", "accounted"] });
    let initiative = json!({
        "id": str_prop(), "placeCode": str_prop(), "placeName": str_prop(), "title": str_prop(), "description": str_prop(),
        "needs": needs, "needsNote": str_prop(), "amount": cents(), "groupName": str_prop(), "submittedAt": time_prop(),
        "route": { "type": "string", "enum": ["small", "large"] }, "dueAt": time_prop(),
        "onTimeout": { "type": "string", "enum": ["approve", "escalate"] }, "status": status,
        "escalatedAt": nullable_str(), "decidedAt": nullable_str(), "byDefault": { "type": "boolean" }, "reason": str_prop(),
        "granted": cents(), "budgetYear": { "type": "integer", "nullable": true }, "paidAt": nullable_str(),
        "report": str_prop(), "spent": { "type": "integer", "nullable": true, "minimum": 0 }, "accountedAt": nullable_str(), "kept": cents(),
        "supporters": { "type": "integer", "minimum": 0 }, "paperSupport": { "type": "integer", "minimum": 0 },
        "clock": clock, "mine": { "type": "boolean" },
    });
    let required =
        ["id", "placeCode", "title", "status", "amount", "granted", "dueAt", "route", "supporters"];
    let mut detail = initiative.clone();
    detail["supportedByMe"] = json!({ "type": "boolean" });
    let totals = object(
        &["year", "allocated", "granted", "paid", "returned", "left"],
        json!({
        "year": { "type": "integer" }, "allocated": cents(), "granted": cents(), "paid": cents(), "returned": cents(), "left": cents() }),
    );
    let rules = json!({ "type": "object", "nullable": true, "properties": {
        "smallLimit": cents(), "smallDays": { "type": "integer" }, "largeDays": { "type": "integer" },
        "onTimeout": { "type": "string", "enum": ["approve", "escalate"] }, "eligible": str_prop(), "accounting": str_prop(),
        "groupsMaySave": { "type": "boolean" } } });
    let movement = object(
        &["id", "year", "kind", "amount", "createdAt"],
        json!({
        "id": str_prop(), "year": { "type": "integer" }, "kind": { "type": "string", "enum": ["allocate", "grant", "pay", "return"] },
        "initiativeId": nullable_str(), "initiative": nullable_str(), "amount": cents(), "memo": str_prop(), "createdAt": time_prop() }),
    );
    json!({
        "Initiative": object(&required, initiative),
        "InitiativeDetail": object(&required, detail),
        "BudgetYear": totals,
        "BudgetMovement": movement,
        "Initiatives": object(&["code", "budget", "initiatives"], json!({
            "code": str_prop(), "rules": rules, "budget": array_of("BudgetYear"), "initiatives": array_of("Initiative") })),
        "Wijkbudget": object(&["code", "budget"], json!({
            "code": str_prop(), "budget": array_of("BudgetYear"), "movements": array_of("BudgetMovement") })),
        "InitiativeInput": object(&["title", "description"], json!({
            "title": { "type": "string", "maxLength": 150 }, "description": { "type": "string", "maxLength": 3000 },
            "needs": { "type": "array", "items": { "type": "string", "enum": wijkwerk_domain::initiatives::NEEDS } },
            "amount": { "type": "integer", "minimum": 0, "maximum": wijkwerk_domain::initiatives::MAX_AMOUNT, "description": "Euro cents; asking money adds the need geld." },
            "groupName": { "type": "string", "maxLength": 150 }, "needsNote": { "type": "string", "maxLength": 1000 } })),
        "InitiativeDecision": object(&["verdict", "reason"], json!({
            "verdict": { "type": "string", "enum": ["approve", "reject"] },
            "amount": { "type": "integer", "minimum": 0, "description": "Euro cents granted, at most what was asked; absent: all of it." },
            "reason": { "type": "string", "maxLength": 1000 } })),
        "InitiativeAccount": object(&["report"], json!({
            "report": { "type": "string", "maxLength": 3000 }, "spent": { "type": "integer", "minimum": 0, "description": "Euro cents spent of what was paid." },
            "keep": { "type": "boolean", "description": "The group keeps the rest for next year (only where the wijk's rules allow); otherwise it returns to the wijkbudget." } })),
        "BudgetAllocation": object(&["year", "amount"], json!({
            "year": { "type": "integer", "minimum": 2000, "maximum": 2100 }, "amount": { "type": "integer", "minimum": 1, "maximum": 100_000_000 },
            "memo": { "type": "string", "maxLength": 200 } })),
        "InitiativeFile": object(&["id", "initiativeId", "kind", "mediaType", "description", "size", "uploadedAt"], json!({
            "id": str_prop(), "initiativeId": str_prop(), "kind": { "type": "string", "enum": ["photo", "receipt"] },
            "mediaType": { "type": "string", "enum": ["image/jpeg", "image/png", "application/pdf"] },
            "description": str_prop(), "size": { "type": "integer", "minimum": 1 },
            "uploadedAt": time_prop(),
            "removable": { "type": "boolean", "description": "The caller may remove it." } })),
        "InitiativeFiles": object(&["items", "mayAdd"], json!({
            "items": array_of("InitiativeFile"), "mayAdd": { "type": "boolean" } })),
    })
}
