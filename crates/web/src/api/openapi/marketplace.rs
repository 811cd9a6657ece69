//! The wijk cooperative and its marketplace: posts, suggestions, agreements, hours.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    let post = || id("Market post id.");
    let agreement = || id("Agreement id.");
    let search = {
        let mut p = code();
        for (name, text) in [
            ("kind", "request or offer."),
            ("domain", "A life domain code."),
            ("buurt", "A buurt code of the wijk."),
            ("q", "Words in the title or description."),
        ] {
            p.push(json!({ "name": name, "in": "query", "required": false, "description": text, "schema": { "type": "string", "maxLength": 200 } }));
        }
        p.push(json!({ "name": "before", "in": "query", "required": false, "description": "Where the page starts: the next of the page before.", "schema": { "type": "string", "maxLength": 100 } }));
        p
    };
    vec![
        Op::new("get", "/places/{code}/cooperative", "getCooperative", "cooperative", "A wijk's cooperative: its register entry and mandate, members per kind (no names), the board, the teams of job seekers, the hours exchanged, its alliances with other wijken and the wijkalliantie's partners.").public().params(code()).ok(200, "Cooperative").errors(&[404]),
        Op::new("post", "/places/{code}/cooperative/members", "joinCooperative", "cooperative", "Join the wijk's cooperative, accepting its terms. Joining again changes nothing.").params(code()).body("JoinInput").ok(201, "CooperativeMember").errors(&[400, 401, 404, 415, 422]),
        Op::new("get", "/places/{code}/market-posts", "listMarketPosts", "cooperative", "Open requests and offers on the wijk's marketplace, newest first, 30 to a page.").params(search).ok(200, "MarketPostList").errors(&[400, 401, 404, 422]),
        Op::new("post", "/places/{code}/market-posts", "createMarketPost", "cooperative", "Post a request or offer as a member; a professional of the wijk may post for a resident (resident's e-mail and consent: true), a coach for their team. The owner sees it and can withdraw it.").params(code()).body("MarketPostInput").ok(201, "MarketPost").errors(&[400, 401, 403, 404, 415, 422]),
        Op::new("get", "/market-posts/{id}", "getMarketPost", "cooperative", "One post with the best matching posts of the other kind (domain, then buurt or wijk, then shared skills, with the reasons) and the agreements the viewer may see.").params(post()).ok(200, "MarketPostView").errors(&[401, 404]),
        Op::new("post", "/market-posts/{id}/withdrawal", "withdrawMarketPost", "cooperative", "The owner, or the professional who placed it for them, takes an open post down.").params(post()).ok(201, "MarketPost").errors(&[401, 404, 409]),
        Op::new("post", "/market-posts/{id}/renewal", "renewMarketPost", "cooperative", "The owner keeps an open or expired post up for daysOpen more days from now (30 when left out, at most 90).").params(post()).body("RenewalInput").ok(201, "MarketPost").errors(&[400, 401, 404, 409, 415, 422]),
        Op::new("post", "/market-posts/{id}/agreements", "proposeAgreement", "cooperative", "Answer a post with a proposal: what, when, and how many minutes (whole half-hours, at most 720). A coach may answer a request for their team.").params(post()).body("AgreementInput").ok(201, "Agreement").errors(&[400, 401, 403, 404, 409, 415, 422]),
        Op::new("get", "/market-agreements/{id}", "getAgreement", "cooperative", "An agreement, for its two sides.").params(agreement()).ok(200, "AgreementView").errors(&[401, 404]),
        Op::new("post", "/market-agreements/{id}/answer", "answerAgreement", "cooperative", "The side that did not propose accepts or declines. Accepting closes a request: it found its helper.").params(agreement()).body("AgreementAnswer").ok(201, "AgreementView").errors(&[400, 401, 404, 409, 415, 422]),
        Op::new("post", "/market-agreements/{id}/hours", "confirmHours", "cooperative", "One side says how many minutes it took, with thanks if they like. When both say the same the agreement is done, and with a reward in hours one transfer moves them (two movements summing to zero). Sending the same again changes nothing.").params(agreement()).body("HoursInput").ok(201, "AgreementView").errors(&[400, 401, 404, 409, 415, 422]),
        Op::new("get", "/me/marketplace", "getMyMarketplace", "cooperative", "The caller's posts (with how many posts match each), agreements, hours balance and movements.").ok(200, "MyMarketplace").errors(&[401]),
    ]
}

pub(super) fn schemas() -> Value {
    let kind = json!({ "type": "string", "enum": ["request", "offer"] });
    let reward = json!({ "type": "string", "enum": ["paid", "volunteer", "hours", "coin"] });
    let minutes = || json!({ "type": "integer", "description": "Minutes." });
    let opt_minutes =
        json!({ "type": "integer", "nullable": true, "description": "Minutes, once this side said." });
    json!({
        "Cooperative": object(&["code", "members", "membersPerKind", "board", "teams"], json!({
            "code": str_prop(),
            "cooperative": { "type": "object", "nullable": true, "properties": {
                "placeCode": str_prop(), "placeName": str_prop(), "name": str_prop(),
                "legalForm": { "type": "string", "enum": ["cooperatie", "vereniging"] }, "terms": str_prop(),
                "mandate": str_prop(), "registeredAt": time_prop() } },
            "members": { "type": "integer" },
            "membersPerKind": { "type": "object", "additionalProperties": { "type": "integer" } },
            "board": { "type": "array", "items": object(&["name", "role"], json!({ "name": str_prop(), "role": str_prop() })) },
            "teams": { "type": "array", "items": object(&["id", "name", "members"], json!({
                "id": str_prop(), "placeCode": str_prop(), "name": str_prop(), "coachName": str_prop(),
                "members": { "type": "integer" }, "createdAt": time_prop() })) },
            "hoursTransfers": { "type": "integer" }, "hoursMinutes": minutes(),
            "alliances": { "type": "array", "items": object(&["id", "name", "joined"], json!({
                "id": str_prop(), "name": str_prop(), "purpose": str_prop(), "createdAt": time_prop(),
                "joined": { "type": "boolean", "description": "False while this wijk is only invited." } })) },
            "partners": { "type": "array", "description": "The wijkalliantie: which partner does what, with which budget (cents a year).",
                "items": object(&["partner", "year", "role", "budget"], json!({
                "id": str_prop(), "placeCode": str_prop(), "year": { "type": "integer" }, "partner": str_prop(),
                "role": str_prop(), "contribution": str_prop(), "budget": { "type": "integer", "description": "Cents a year." } })) } })),
        "CooperativeMember": object(&["placeCode", "kind", "joinedAt"], json!({
            "placeCode": str_prop(), "name": str_prop(), "email": str_prop(),
            "kind": { "type": "string", "enum": ["resident", "business", "partner"] }, "boardRole": str_prop(),
            "joinedAt": time_prop() })),
        "JoinInput": object(&["kind", "acceptTerms"], json!({
            "kind": { "type": "string", "enum": ["resident", "business", "partner"] },
            "acceptTerms": { "type": "boolean" } })),
        "MarketPost": object(&["id", "placeCode", "buurtCode", "kind", "title", "domain", "reward", "status", "expiresAt"], json!({
            "id": str_prop(), "placeCode": str_prop(), "buurtCode": str_prop(), "buurtName": str_prop(),
            "ownerName": str_prop(), "postedByName": { "type": "string", "description": "The professional who posted it for the owner; empty otherwise." },
            "teamId": nullable_str(), "teamName": str_prop(), "kind": kind, "title": str_prop(), "description": str_prop(),
            "domain": str_prop(), "whenText": str_prop(), "reward": reward, "skills": { "type": "array", "items": str_prop() },
            "status": { "type": "string", "enum": ["open", "closed", "withdrawn", "expired"] },
            "createdAt": time_prop(), "expiresAt": time_prop(), "warnFrom": time_prop() })),
        "MarketPostList": object(&["code", "posts", "next"], json!({
            "code": str_prop(), "posts": array_of("MarketPost"),
            "next": { "type": "string", "nullable": true, "description": "The before of the next page; null on the last." } })),
        "MarketPostInput": object(&["kind", "title", "description", "domain", "buurt", "reward"], json!({
            "kind": kind, "title": { "type": "string", "maxLength": 120 }, "description": { "type": "string", "maxLength": 2000 },
            "domain": { "type": "string", "description": "A life domain code." }, "buurt": { "type": "string", "pattern": "^BU[0-9]{8}$" },
            "when": { "type": "string", "maxLength": 200 }, "reward": reward,
            "skills": { "type": "array", "maxItems": 10, "items": { "type": "string", "maxLength": 40 } },
            "daysOpen": { "type": "integer", "minimum": 1, "maximum": 90 },
            "resident": { "type": "string", "format": "email", "description": "For a professional posting for a resident." },
            "consent": { "type": "boolean", "description": "The resident agreed; required with resident." },
            "team": { "type": "string", "description": "A team the caller coaches." } })),
        "MarketPostView": object(&["post", "expiry", "suggestions", "agreements", "isOwner", "mayRespond"], json!({
            "post": schema_ref("MarketPost"),
            "expiry": { "type": "string", "enum": ["open", "warn-owner", "expired"] },
            "suggestions": { "type": "array", "items": object(&["post", "score", "reasons"], json!({
                "post": schema_ref("MarketPost"), "score": { "type": "integer" },
                "reasons": { "type": "array", "items": { "type": "string", "enum": ["same-domain", "same-buurt", "same-wijk", "shared-skill"] } } })) },
            "agreements": array_of("Agreement"), "isOwner": { "type": "boolean" }, "mayRespond": { "type": "boolean" },
            "myTeams": { "type": "array", "items": { "type": "array", "items": str_prop() } } })),
        "Agreement": object(&["id", "placeCode", "what", "plannedMinutes", "reward", "status", "createdAt"], json!({
            "id": str_prop(), "placeCode": str_prop(), "postId": nullable_str(), "postTitle": str_prop(),
            "helperName": str_prop(), "receiverName": str_prop(), "teamId": nullable_str(), "teamName": str_prop(),
            "proposedBy": { "type": "string", "enum": ["helper", "receiver"] }, "what": str_prop(), "whenText": str_prop(),
            "plannedMinutes": minutes(), "reward": reward,
            "status": { "type": "string", "enum": ["proposed", "agreed", "declined", "done"] },
            "createdAt": time_prop(), "agreedAt": nullable_str(), "helperMinutes": opt_minutes.clone(),
            "receiverMinutes": opt_minutes, "helperThanks": str_prop(), "receiverThanks": str_prop(), "doneAt": nullable_str() })),
        "AgreementView": object(&["agreement", "mySide", "confirmation", "mayAnswer", "mayConfirm"], json!({
            "agreement": schema_ref("Agreement"), "mySide": { "type": "string", "enum": ["helper", "receiver"] },
            "confirmation": object(&["state"], json!({
                "state": { "type": "string", "enum": ["waiting", "differs", "agreed"] },
                "minutes": { "type": "integer", "description": "The agreed minutes, once both said the same." } })),
            "mayAnswer": { "type": "boolean" }, "mayConfirm": { "type": "boolean" }, "isCoach": { "type": "boolean" } })),
        "AgreementInput": object(&["what", "when", "minutes"], json!({
            "what": { "type": "string", "maxLength": 500 }, "when": { "type": "string", "maxLength": 200 },
            "minutes": { "type": "integer", "minimum": 30, "maximum": 720, "multipleOf": 30 },
            "team": { "type": "string" } })),
        "RenewalInput": { "type": "object", "properties": { "daysOpen": { "type": "integer", "minimum": 1, "maximum": 90 } } },
        "AgreementAnswer": object(&["accept"], json!({ "accept": { "type": "boolean" } })),
        "HoursInput": object(&["minutes"], json!({
            "minutes": { "type": "integer", "minimum": 30, "maximum": 720, "multipleOf": 30 },
            "thanks": { "type": "string", "maxLength": 500 } })),
        "MyMarketplace": object(&["posts", "agreements", "balance", "movements"], json!({
            "newNearby": { "type": "array", "description": "Open posts of others placed in the caller's home buurt this past week.", "items": schema_ref("MarketPost") },
            "posts": { "type": "array", "items": object(&["post", "expiry", "matches"], json!({
                "post": schema_ref("MarketPost"), "expiry": { "type": "string", "enum": ["open", "warn-owner", "expired"] },
                "matches": { "type": "integer" }, "onMyBehalf": { "type": "boolean" }, "forSomeone": { "type": "boolean" } })) },
            "agreements": array_of("Agreement"),
            "balance": { "type": "integer", "description": "Minutes received for helping minus minutes given for help." },
            "movements": { "type": "array", "items": object(&["transferId", "agreementId", "minutes", "at"], json!({
                "transferId": str_prop(), "agreementId": str_prop(), "what": str_prop(), "minutes": minutes(), "at": time_prop() })) } })),
    })
}
