//! The luisterloket's emergency budget: requests, four-eyes approvals, the budget.

use super::*;

fn with_key(mut params: Vec<Value>) -> Vec<Value> {
    params.push(json!({ "name": "Idempotency-Key", "in": "header", "required": true,
        "description": "A unique key per request (a UUID, say). A retry with the same key and body moves no money again and answers as things are now; the same key with another body is refused with 409.",
        "schema": { "type": "string", "minLength": 1, "maxLength": 255 } }));
    params
}

pub(super) fn operations() -> Vec<Op> {
    let one = || id("Emergency request id.");
    vec![
        Op::new("get", "/places/{code}/emergency-requests", "listEmergencyRequests", "emergency", "A wijk's emergency budget per year and its requests, without the names of the residents, for the luisterloket's professionals and the gemeente.").params(code()).ok(200, "EmergencyOverview").errors(&[401, 403, 404]),
        Op::new("post", "/places/{code}/emergency-requests", "requestEmergency", "emergency", "A professional asks for a first need together with the resident (found by e-mail address; a creditor payment may be for a resident without an account): what, how much in cents (at most 250000), why this beats waiting, and how it is paid.").params(code()).body("EmergencyRequestInput").ok(201, "EmergencyRequest").errors(&[400, 401, 403, 404, 415, 422]),
        Op::new("post", "/places/{code}/emergency-budget", "allocateEmergencyBudget", "emergency", "The gemeente puts money in a wijk's emergency budget for a year and sets above which amount a third, independent approval is needed.").params(with_key(code())).body("EmergencyAllocation").ok(201, "EmergencyBudgets").errors(&[400, 401, 403, 404, 409, 415, 422]),
        Op::new("get", "/emergency-requests/{id}", "getEmergencyRequest", "emergency", "One request with its approvals, for the resident it is for or the luisterloket's professionals. A professional's read is written in the resident's access log.").params(one()).ok(200, "EmergencyRequestView").errors(&[401, 404]),
        Op::new("post", "/emergency-requests/{id}/approvals", "approveEmergencyRequest", "emergency", "One of the four eyes: never the requester, never one person twice; above the gemeente's amount a third from another organisation. The approval binds to the amount given, which must be the amount asked now. The deciding approval sets the money apart and pays it out (coins the same day, or the creditor payment recorded).").params(with_key(one())).body("EmergencyApprovalInput").ok(201, "EmergencyRequestView").errors(&[400, 401, 403, 404, 409, 415, 422]),
        Op::new("post", "/emergency-requests/{id}/refusal", "refuseEmergencyRequest", "emergency", "Refuse an open request with a reason the resident reads.").params(one()).body("EmergencyRefusal").ok(201, "EmergencyRequestView").errors(&[400, 401, 403, 404, 409, 415, 422]),
        Op::new("put", "/emergency-requests/{id}/amount", "changeEmergencyAmount", "emergency", "The requester changes the amount of an open request; approvals of the old amount stop counting.").params(one()).body("EmergencyAmount").ok(200, "EmergencyRequestView").errors(&[400, 401, 403, 404, 409, 415, 422]),
    ]
}

pub(super) fn schemas() -> Value {
    let cents = || json!({ "type": "integer", "minimum": 0, "description": "Euro cents." });
    let status = json!({ "type": "string", "enum": ["open", "approved", "refused", "paid"] });
    let payout = json!({ "type": "string", "enum": ["coin", "creditor"] });
    let request = object(
        &["id", "placeCode", "what", "amount", "why", "payout", "status", "requestedAt"],
        json!({
        "id": str_prop(), "placeCode": str_prop(), "placeName": str_prop(), "year": { "type": "integer" },
        "beneficiaryName": { "type": "string", "description": "Empty in lists, and when the resident has no account or was erased." },
        "requesterName": str_prop(), "what": str_prop(), "amount": cents(), "why": str_prop(), "payout": payout,
        "creditor": str_prop(), "status": status, "requestedAt": time_prop(), "decidedAt": nullable_str(),
        "refusedByName": str_prop(), "refusalReason": str_prop(), "coinTransactionId": nullable_str(), "paidAt": nullable_str() }),
    );
    let budget = object(
        &["year", "thirdAbove", "allocated", "granted", "paid", "left"],
        json!({
        "year": { "type": "integer" }, "thirdAbove": cents(), "allocated": cents(),
        "granted": { "type": "integer", "description": "Approved, not paid yet (cents)." }, "paid": cents(),
        "returned": cents(), "left": { "type": "integer", "description": "Cents still to spend." } }),
    );
    let approval = object(
        &["approverName", "amount", "approvedAt", "counts"],
        json!({
        "approverName": { "type": "string", "description": "Empty when the approver was erased." },
        "organisation": str_prop(), "amount": cents(), "approvedAt": time_prop(),
        "counts": { "type": "boolean", "description": "False when it approved an amount the request no longer asks." },
        "mine": { "type": "boolean" } }),
    );
    json!({
        "EmergencyRequest": request,
        "EmergencyBudget": budget,
        "EmergencyBudgets": array_of("EmergencyBudget"),
        "EmergencyOverview": object(&["code", "budgets", "requests"], json!({
            "code": str_prop(), "budgets": array_of("EmergencyBudget"), "requests": array_of("EmergencyRequest"),
            "coinAvailable": { "type": "boolean", "description": "Whether a coin programme covers the wijk." } })),
        "EmergencyRequestView": object(&["request", "approvals", "needed", "counting"], json!({
            "request": schema_ref("EmergencyRequest"), "approvals": { "type": "array", "items": approval },
            "needed": { "type": "integer", "description": "Approvals this amount needs (2, or 3 above thirdAbove)." },
            "counting": { "type": "integer" }, "thirdAbove": { "type": "integer" }, "forMe": { "type": "boolean" },
            "mayApprove": { "type": "boolean" }, "mayRefuse": { "type": "boolean" }, "mayChange": { "type": "boolean" } })),
        "EmergencyRequestInput": object(&["what", "amount", "why", "payout"], json!({
            "resident": { "type": "string", "format": "email", "maxLength": 254, "description": "The resident's e-mail address; required for coin." },
            "what": { "type": "string", "maxLength": 200 }, "amount": { "type": "integer", "minimum": 1, "maximum": 250_000 },
            "why": { "type": "string", "maxLength": 500 }, "payout": payout,
            "creditor": { "type": "string", "maxLength": 200, "description": "For a creditor payment: who and the reference." } })),
        "EmergencyAllocation": object(&["year", "amount", "thirdAbove"], json!({
            "year": { "type": "integer", "minimum": 2000, "maximum": 2100 },
            "amount": { "type": "integer", "minimum": 1, "maximum": 100_000_000 },
            "thirdAbove": { "type": "integer", "minimum": 1, "maximum": 100_000_000 } })),
        "EmergencyApprovalInput": object(&["amount"], json!({ "amount": { "type": "integer", "minimum": 1 } })),
        "EmergencyRefusal": object(&["reason"], json!({ "reason": { "type": "string", "maxLength": 1000 } })),
        "EmergencyAmount": object(&["amount"], json!({ "amount": { "type": "integer", "minimum": 1, "maximum": 250_000 } })),
    })
}
