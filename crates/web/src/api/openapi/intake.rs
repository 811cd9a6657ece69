//! The luisterloket's intake: the resident's own, their shares, and what a professional may read.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new("get", "/me/intake", "getMyIntake", "intake", "The caller's own intake, whole, with every share they gave (active, ended or stopped), the domain codes an intake takes, and the organisations of their gemeente they can share with.").ok(200, "MyIntake").errors(&[401]),
        Op::new("put", "/me/intake", "saveMyIntake", "intake", "Write the caller's intake whole: their own words first, the second person, and per life domain a rating on the five-step scale with strengths and worries. Domains left out are removed.").body("IntakeInput").ok(200, "Intake").errors(&[400, 401, 415, 422]),
        Op::new("post", "/me/intake/shares", "shareMyIntake", "intake", "Share domains of the caller's intake (or their own words, `own-words`) with an organisation of their gemeente until a date, at most a year ahead.").body("IntakeShareInput").ok(201, "IntakeShares").errors(&[400, 401, 409, 415, 422]),
        Op::new("delete", "/me/intake/shares/{id}", "stopIntakeShare", "intake", "Stop a share at once.").params(id("Share id.")).no_content(204).errors(&[401, 404]),
        Op::new("get", "/intakes/shared", "listSharedIntakes", "intake", "Intakes with an active share for an organisation the caller works for: the resident's name, how many domains and until when; nothing of the content.").ok(200, "SharedIntakes").errors(&[401, 403]),
        Op::new("post", "/intakes/{id}/referrals", "referIntake", "intake", "Refer the resident to an organisation they share with; the referral is about exactly the domains shared with it, with the professional's reasons (the resident reads them too).").params(id("Intake id.")).body("ReferralInput").ok(201, "Referral").errors(&[400, 401, 403, 404, 415, 422]),
        Op::new("post", "/intakes/{id}/notes", "addIntakeNote", "intake", "A note on a domain the resident shares with the caller's organisation (or their own words); the resident reads every note and can answer it.").params(id("Intake id.")).body("IntakeNoteInput").ok(201, "IntakeNote").errors(&[400, 401, 403, 404, 415, 422]),
        Op::new("put", "/me/intake/notes/{id}/reply", "replyToIntakeNote", "intake", "The caller's own view on a note in their intake (replacing an earlier one).").params(id("Note id.")).body("IntakeNoteReply").ok(200, "IntakeNotes").errors(&[400, 401, 404, 415, 422]),
        Op::new("get", "/referrals", "listReferrals", "intake", "Referrals to the organisations the caller works for, open ones first.").ok(200, "Referrals").errors(&[401, 403]),
        Op::new("post", "/referrals/{id}/answer", "answerReferral", "intake", "The partner accepts a referral, or declines it with a reason; once. The answer shows on the resident's intake.").params(id("Referral id.")).body("ReferralAnswer").ok(201, "Referral").errors(&[400, 401, 403, 404, 409, 415, 422]),
        Op::new("get", "/intakes/{id}", "readSharedIntake", "intake", "The part of an intake shared with an organisation the caller works for, now; checked on every read and written in the resident's access log. Nothing shared is 404.").params(id("Intake id.")).ok(200, "SharedIntakeView").errors(&[401, 403, 404]),
    ]
}

pub(super) fn schemas() -> Value {
    let rating = || json!({ "type": "integer", "minimum": 1, "maximum": 5, "nullable": true, "description": "1 it does not go now, I need help at once … 5 I manage well myself." });
    let entry = object(
        &["domain"],
        json!({ "domain": str_prop(), "rating": rating(), "strengths": str_prop(), "worries": str_prop() }),
    );
    let intake = object(
        &["id", "started", "domains", "createdAt", "updatedAt"],
        json!({
        "id": str_prop(), "personName": str_prop(), "placeCode": nullable_str(),
        "started": { "type": "string", "enum": ["self", "conversation"] },
        "happy": str_prop(), "needs": str_prop(), "secondPerson": str_prop(), "secondContributes": str_prop(),
        "domains": { "type": "array", "items": entry }, "createdAt": time_prop(), "updatedAt": time_prop() }),
    );
    let share = object(
        &["id", "organisationId", "domain", "grantedAt", "validUntil"],
        json!({
        "id": str_prop(), "organisationId": str_prop(), "organisation": str_prop(), "domain": str_prop(),
        "grantedAt": time_prop(), "validUntil": time_prop(), "revokedAt": nullable_str() }),
    );
    let text = |max: u32| json!({ "type": "string", "maxLength": max });
    let referral = object(
        &["id", "intakeId", "organisationId", "domains", "reason", "referredAt", "status"],
        json!({
        "id": str_prop(), "intakeId": str_prop(), "personName": str_prop(), "organisationId": str_prop(),
        "organisation": str_prop(), "domains": { "type": "array", "items": str_prop() }, "reason": str_prop(),
        "referredByName": str_prop(), "referredAt": time_prop(),
        "status": { "type": "string", "enum": ["open", "accepted", "declined"] }, "answer": str_prop(),
        "answeredByName": str_prop(), "answeredAt": nullable_str() }),
    );
    json!({
        "Intake": intake,
        "IntakeShare": share,
        "IntakeNote": object(&["id", "domain", "text", "writtenAt"], json!({
            "id": str_prop(), "domain": str_prop(), "authorName": str_prop(), "organisation": str_prop(), "text": str_prop(),
            "writtenAt": time_prop(), "reply": str_prop(), "repliedAt": nullable_str() })),
        "IntakeNotes": object(&["items"], json!({ "items": array_of("IntakeNote") })),
        "IntakeNoteInput": object(&["domain", "text"], json!({ "domain": str_prop(), "text": text(2000) })),
        "IntakeNoteReply": object(&["reply"], json!({ "reply": text(2000) })),
        "Referral": referral,
        "Referrals": object(&["items"], json!({ "items": array_of("Referral") })),
        "ReferralInput": object(&["organisationId", "reason"], json!({ "organisationId": str_prop(), "reason": text(1000) })),
        "ReferralAnswer": object(&["outcome"], json!({
            "outcome": { "type": "string", "enum": ["accepted", "declined"] }, "answer": text(1000) })),
        "IntakeShares": array_of("IntakeShare"),
        "MyIntake": object(&["shares", "domains", "organisations", "referrals", "notes"], json!({
            "notes": array_of("IntakeNote"),
            "referrals": array_of("Referral"),
            "intake": { "allOf": [schema_ref("Intake")], "nullable": true },
            "shares": array_of("IntakeShare"),
            "domains": { "type": "array", "items": str_prop() },
            "organisations": { "type": "array", "items": { "type": "array", "items": str_prop(), "minItems": 2, "maxItems": 2 } } })),
        "IntakeInput": object(&["domains"], json!({
            "happy": text(2000), "needs": text(2000), "secondPerson": text(100), "secondContributes": text(2000),
            "together": { "type": "boolean", "description": "Written together at the luisterloket (first save only)." },
            "domains": { "type": "array", "items": object(&["domain"], json!({
                "domain": str_prop(), "rating": rating(), "strengths": text(2000), "worries": text(2000) })) } })),
        "IntakeShareInput": object(&["organisationId", "domains", "validUntil"], json!({
            "organisationId": str_prop(), "domains": { "type": "array", "items": str_prop(), "minItems": 1 },
            "validUntil": { "type": "string", "format": "date", "description": "The last day the share holds." } })),
        "SharedIntakes": object(&["items"], json!({ "items": { "type": "array", "items": object(&["intakeId", "personName", "domains", "until"], json!({
            "intakeId": str_prop(), "personName": str_prop(), "organisation": str_prop(),
            "domains": { "type": "integer", "minimum": 1 }, "until": time_prop() })) } })),
        "SharedIntakeView": object(&["intake", "visible", "until"], json!({
            "intake": schema_ref("Intake"), "visible": { "type": "array", "items": str_prop() }, "until": time_prop() })),
    })
}
