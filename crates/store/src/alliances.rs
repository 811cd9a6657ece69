//! Between wijken and around the cooperative (migration 0042): alliances of
//! cooperatives with what each offers, the hours exchanged between them,
//! the wijkalliantie's partners, and the service desk where initiatives hand
//! their admin to the cooperative.

use crate::cooperative::name;
use crate::rows::from_row;
use crate::{Result, Store, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::cooperative::{AllianceInput, PartnerInput};
use wijkwerk_domain::{Timestamp, new_id};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alliance {
    pub id: String,
    pub name: String,
    pub purpose: String,
    pub created_at: String,
}
from_row! { Alliance { id: text, name: text, purpose: text, created_at: text } }

/// A wijk in an alliance: invited until it joins with what it offers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllianceMember {
    pub place_code: String,
    pub place_name: String,
    pub cooperative: String,
    pub offers: String,
    pub invited_at: String,
    pub joined_at: Option<String>,
}
from_row! { AllianceMember {
    place_code: text, place_name: text, cooperative: text, offers: text, invited_at: text, joined_at: opt_text,
} }

/// Hours that went from one wijk's members to requests in another.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exchange {
    /// The wijk whose members helped.
    pub from_wijk: String,
    pub from_name: String,
    /// The wijk of the requests they helped with.
    pub to_wijk: String,
    pub to_name: String,
    pub transfers: i64,
    pub minutes: i64,
}
from_row! { Exchange { from_wijk: text, from_name: text, to_wijk: text, to_name: text, transfers: int, minutes: int } }

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WijkPartner {
    pub id: String,
    pub place_code: String,
    pub year: i64,
    pub partner: String,
    pub role: String,
    pub contribution: String,
    /// Cents a year.
    pub budget: i64,
}
from_row! { WijkPartner { id: text, place_code: text, year: int, partner: text, role: text, contribution: text, budget: int } }

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRequest {
    pub id: String,
    pub place_code: String,
    pub initiative_id: String,
    pub initiative_title: String,
    #[serde(skip)]
    pub asked_by: Option<String>,
    pub asked_by_name: String,
    pub kind: String,
    pub question: String,
    /// `new`, `in-progress` or `done`.
    pub status: String,
    pub handler_name: String,
    pub answer: String,
    pub created_at: String,
    pub updated_at: String,
}
from_row! { ServiceRequest {
    id: text, place_code: text, initiative_id: text, initiative_title: text, asked_by: opt_text,
    asked_by_name: name, kind: text, question: text, status: text, handler_name: name, answer: text,
    created_at: text, updated_at: text,
} }

const SERVICE: &str = "SELECT r.id, r.place_code, r.initiative_id, i.title AS initiative_title, r.asked_by,
    a.display_name AS asked_by_name, r.kind, r.question, r.status, h.display_name AS handler_name, r.answer,
    r.created_at, r.updated_at
    FROM coop_service_requests r JOIN initiatives i ON i.id = r.initiative_id
    LEFT JOIN persons a ON a.id = r.asked_by LEFT JOIN persons h ON h.id = r.handler_id";

impl Store {
    /// A wijk's cooperative proposes an alliance: it joins at once with its
    /// offers; the other wijken are invited.
    pub async fn create_alliance(
        &self,
        founder: &str,
        input: &AllianceInput,
        now: Timestamp,
    ) -> Result<String> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO alliances (id, name, purpose, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(&input.name)
            .bind(&input.purpose)
            .bind(now.to_rfc3339())
            .execute(&mut *tx)
            .await?;
        let mut wijken = vec![(founder.to_string(), input.offers.clone(), Some(now.to_rfc3339()))];
        wijken
            .extend(input.invited.iter().filter(|w| *w != founder).map(|w| (w.clone(), String::new(), None)));
        for (wijk, offers, joined) in wijken {
            sqlx::query(
                "INSERT INTO alliance_members (alliance_id, place_code, offers, invited_at, joined_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (alliance_id, place_code) DO NOTHING",
            )
            .bind(&id)
            .bind(wijk)
            .bind(offers)
            .bind(now.to_rfc3339())
            .bind(joined)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn alliance(&self, id: &str) -> Result<Option<Alliance>> {
        self.one_where("SELECT id, name, purpose, created_at FROM alliances WHERE id = $1".into(), id).await
    }

    pub async fn alliance_members(&self, id: &str) -> Result<Vec<AllianceMember>> {
        self.read_all(
            sqlx::query(
                "SELECT m.place_code, p.name AS place_name, c.name AS cooperative, m.offers, m.invited_at, m.joined_at
                 FROM alliance_members m JOIN places p ON p.code = m.place_code
                 JOIN cooperatives c ON c.place_code = m.place_code
                 WHERE m.alliance_id = $1 ORDER BY m.invited_at, p.name",
            )
            .bind(id),
        )
        .await
    }

    /// The alliances a wijk is in or invited to: `(alliance, joined)`.
    pub async fn alliances_of(&self, place_code: &str) -> Result<Vec<(Alliance, bool)>> {
        let rows = sqlx::query(
            "SELECT a.id, a.name, a.purpose, a.created_at, m.joined_at FROM alliances a
             JOIN alliance_members m ON m.alliance_id = a.id WHERE m.place_code = $1 ORDER BY a.name, a.id",
        )
        .bind(place_code)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((<Alliance as crate::rows::FromRow>::from_row(r)?, opt_text(r, "joined_at")?.is_some()))
            })
            .collect()
    }

    /// An invited wijk joins with what it offers; false when it was not invited
    /// or had joined already.
    pub async fn join_alliance(
        &self,
        id: &str,
        place_code: &str,
        offers: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let changed = sqlx::query(
            "UPDATE alliance_members SET offers = $1, joined_at = $2
             WHERE alliance_id = $3 AND place_code = $4 AND joined_at IS NULL",
        )
        .bind(offers)
        .bind(now.to_rfc3339())
        .bind(id)
        .bind(place_code)
        .execute(&self.write)
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    /// The other wijken a wijk shares a joined alliance with.
    pub async fn allied_wijken(&self, place_code: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT o.place_code FROM alliance_members m
             JOIN alliance_members o ON o.alliance_id = m.alliance_id
             WHERE m.place_code = $1 AND m.joined_at IS NOT NULL AND o.joined_at IS NOT NULL
             AND o.place_code <> $1 ORDER BY o.place_code",
        )
        .bind(place_code)
        .fetch_all(&self.read)
        .await?)
    }

    /// Hours between the alliance's wijken: from the wijk whose members
    /// helped to the wijk of the request, when the two differ.
    pub async fn alliance_exchange(&self, id: &str) -> Result<Vec<Exchange>> {
        self.read_all(
            sqlx::query(
                "SELECT h.place_code AS from_wijk, fp.name AS from_name, t.place_code AS to_wijk, tp.name AS to_name,
                 COUNT(*) AS transfers, CAST(SUM(t.minutes) AS BIGINT) AS minutes
                 FROM hours_transfers t JOIN market_agreements a ON a.id = t.agreement_id
                 JOIN places tp ON tp.code = t.place_code
                 JOIN coop_members h ON h.person_id = a.helper_id JOIN places fp ON fp.code = h.place_code
                 JOIN alliance_members mt ON mt.place_code = t.place_code AND mt.alliance_id = $1
                 JOIN alliance_members mh ON mh.place_code = h.place_code AND mh.alliance_id = $1
                 WHERE h.place_code <> t.place_code AND mt.joined_at IS NOT NULL AND mh.joined_at IS NOT NULL
                 GROUP BY h.place_code, fp.name, t.place_code, tp.name ORDER BY h.place_code, t.place_code",
            )
            .bind(id),
        )
        .await
    }

    pub async fn add_wijk_partner(
        &self,
        place_code: &str,
        p: &PartnerInput,
        now: Timestamp,
    ) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO wijk_partners (id, place_code, year, partner, role, contribution, budget, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(place_code)
        .bind(p.year)
        .bind(&p.partner)
        .bind(&p.role)
        .bind(&p.contribution)
        .bind(p.budget)
        .bind(now.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    /// The wijkalliantie, newest year first, then by partner.
    pub async fn wijk_partners(&self, place_code: &str) -> Result<Vec<WijkPartner>> {
        self.read_all(
            sqlx::query(
                "SELECT id, place_code, year, partner, role, contribution, budget FROM wijk_partners
                 WHERE place_code = $1 ORDER BY year DESC, partner, id",
            )
            .bind(place_code),
        )
        .await
    }

    pub async fn ask_service(
        &self,
        place_code: &str,
        initiative_id: &str,
        asked_by: &str,
        (kind, question): (&str, &str),
        now: Timestamp,
    ) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO coop_service_requests (id, place_code, initiative_id, asked_by, kind, question, status,
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'new', $7, $7)",
        )
        .bind(&id)
        .bind(place_code)
        .bind(initiative_id)
        .bind(asked_by)
        .bind(kind)
        .bind(question)
        .bind(now.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    pub async fn service_request(&self, id: &str) -> Result<Option<ServiceRequest>> {
        self.one_where(format!("{SERVICE} WHERE r.id = $1"), id).await
    }

    /// A cooperative's desk: open first, newest first.
    pub async fn service_requests(&self, place_code: &str) -> Result<Vec<ServiceRequest>> {
        self.all_where(
            format!(
                "{SERVICE} WHERE r.place_code = $1
                 ORDER BY CASE r.status WHEN 'done' THEN 1 ELSE 0 END, r.created_at DESC, r.id"
            ),
            place_code,
        )
        .await
    }

    /// What the person asked, for their page and export.
    pub async fn service_requests_by(&self, person_id: &str) -> Result<Vec<ServiceRequest>> {
        self.all_where(format!("{SERVICE} WHERE r.asked_by = $1 ORDER BY r.created_at DESC"), person_id).await
    }

    /// The desk takes a request on, or answers it; the handler is who did.
    pub async fn update_service(
        &self,
        id: &str,
        (status, answer): (&str, &str),
        handler_id: &str,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE coop_service_requests SET status = $1, answer = $2, handler_id = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(status)
        .bind(answer)
        .bind(handler_id)
        .bind(now.to_rfc3339())
        .bind(id)
        .execute(&self.write)
        .await?;
        Ok(())
    }
}
