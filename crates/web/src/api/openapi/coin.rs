//! The social coin.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new("post", "/coin/programmes", "createCoinProgramme", "coin", "Create a social coin programme for a place the caller runs as gemeente, with its escrow and limits.").body("NewCoinProgramme").ok(201, "CoinProgramme").errors(&[400, 403, 415, 422]),
        Op::new("get", "/coin/programmes/{id}", "getCoinProgramme", "coin", "A programme with its totals: escrow, unissued coins, coins of holders and businesses, and gross flows.").params(id("Programme id.")).ok(200, "CoinProgramme").errors(&[403, 404]),
        Op::new("post", "/coin/programmes/{id}/fundings", "fundCoinProgramme", "coin", "Record euros received in the programme's escrow bank account; the programme may then issue that many coins.").params(vec![path_param("id", "Programme id."), idempotency_param()]).body("CoinFunding").ok(201, "CoinReceipt").errors(&[400, 403, 404, 409, 415, 422]),
        Op::new("post", "/coin/programmes/{id}/businesses", "enrolCoinBusiness", "coin", "Let an organisation take part: it can be paid in coins from now on.").params(id("Programme id.")).body("CoinEnrolment").ok(201, "CoinAccount").errors(&[400, 403, 404, 415, 422]),
        Op::new("post", "/coin/issuances", "issueCoins", "coin", "Issue coins from a programme to a resident; never more than funded.").params(vec![idempotency_param()]).body("CoinIssuance").ok(201, "CoinReceipt").errors(&[400, 403, 409, 415, 422]),
        Op::new("post", "/coin/payments", "payWithCoins", "coin", "The caller pays a participating business by its code; the business's bonus, if any, comes back in the same transaction.").params(vec![idempotency_param()]).body("CoinPayment").ok(201, "CoinReceipt").errors(&[400, 409, 415, 422]),
        Op::new("post", "/coin/redemptions", "redeemCoins", "coin", "A business turns coins back into euros, paid from the escrow.").params(vec![idempotency_param()]).body("CoinRedemption").ok(201, "CoinReceipt").errors(&[400, 403, 409, 415, 422]),
        Op::new("post", "/coin/reversals", "reverseCoinTransaction", "coin", "Undo a transaction with the opposite entries (nothing posted is ever changed); refused when the money is gone.").params(vec![idempotency_param()]).body("CoinReversal").ok(201, "CoinReceipt").errors(&[400, 403, 409, 415, 422]),
        Op::new("get", "/coin/accounts/{id}", "getCoinAccount", "coin", "Balance and newest entries of an account, for its holder, the business's people or the programme's gemeente (logged for the holder).").params(id("Account id.")).ok(200, "CoinAccount").errors(&[404]),
        Op::new("get", "/coin/ledger.beancount", "getCoinLedger", "coin", "The whole ledger as a Beancount file (text/plain) with a balance assertion per account per day; bean-check accepts it.").ok(200, "text/plain").errors(&[403]),
    ]
}

pub(super) fn schemas() -> Value {
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

fn idempotency_param() -> Value {
    json!({ "name": "Idempotency-Key", "in": "header", "required": true,
        "description": "A unique key per request (a UUID, say). A retry with the same key and body returns the first result with header Idempotent-Replayed: true; the same key with another body is refused with 409.",
        "schema": { "type": "string", "minLength": 1, "maxLength": 255 } })
}
