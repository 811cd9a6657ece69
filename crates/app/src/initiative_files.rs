//! Photos and receipts with an initiative's account ("wat is er gebeurd,
//! laat het zien").
//!
//! Who adds them: whoever may give the account (the group that submitted
//! it, a wijkwerker for them, the wijk's deciders), once the grant is there.
//! Who sees them: photos anyone, with the public register; receipts only the
//! group and those who check the account (deciders, the wijkbudget keeper),
//! since a receipt can carry names and card numbers.
//!
//! Personal data: who uploaded a file. It is in their export; on erasure
//! their photos go and their receipts stay without them (the record of
//! public money). The uploader or a decider can remove a file.

use crate::initiatives::{holds_any, is_submitter};
use crate::places::place_at;
use crate::{Error, Result, audit};
use serde::Serialize;
use wijkwerk_domain::Place;
use wijkwerk_domain::access::{INITIATIVE_DECIDERS, PAPER_CLERKS, WIJKBUDGET_KEEPERS};
use wijkwerk_domain::attachments::{Kind, Upload};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::initiative_files::FileMeta;
use wijkwerk_store::initiatives::Initiative;

async fn initiative(store: &Store, id: &str) -> Result<(Initiative, Vec<Place>)> {
    let i = store.initiative(id).await?.ok_or(Error::NotFound("initiative"))?;
    let (_, path) = place_at(store, &i.place_code).await?;
    Ok((i, path))
}

fn sees_receipts(actor: Option<&Actor>, i: &Initiative, path: &[Place]) -> bool {
    is_submitter(actor, i)
        || holds_any(actor, PAPER_CLERKS, path)
        || holds_any(actor, INITIATIVE_DECIDERS, path)
        || holds_any(actor, WIJKBUDGET_KEEPERS, path)
}

fn may_add(actor: Option<&Actor>, i: &Initiative, path: &[Place]) -> bool {
    is_submitter(actor, i)
        || holds_any(actor, PAPER_CLERKS, path)
        || holds_any(actor, INITIATIVE_DECIDERS, path)
}

/// A file as the initiative's page lists it.
#[derive(Clone, Debug, Serialize)]
pub struct FileView {
    #[serde(flatten)]
    pub meta: FileMeta,
    /// The viewer uploaded it or decides in the wijk.
    pub removable: bool,
}

fn may_remove(actor: Option<&Actor>, meta: &FileMeta, path: &[Place]) -> bool {
    let own = actor.is_some_and(|a| meta.uploaded_by.as_deref() == Some(a.person_id.as_str()));
    own || holds_any(actor, INITIATIVE_DECIDERS, path)
}

/// The files the viewer may see, and whether they may add one now.
pub async fn list(store: &Store, actor: Option<&Actor>, id: &str) -> Result<(Vec<FileView>, bool)> {
    let (i, path) = initiative(store, id).await?;
    let receipts = sees_receipts(actor, &i, &path);
    let files = store
        .initiative_files(id)
        .await?
        .into_iter()
        .filter(|f| receipts || f.kind == Kind::Photo.as_str())
        .map(|meta| FileView { removable: may_remove(actor, &meta, &path), meta })
        .collect();
    let granted = matches!(i.status.as_str(), "approved" | "paid" | "accounted");
    Ok((files, granted && may_add(actor, &i, &path)))
}

/// Adds a photo or receipt once the grant is there.
pub async fn add(
    store: &Store,
    actor: &Actor,
    id: &str,
    upload: std::result::Result<Upload, Invalid>,
    now: Timestamp,
) -> Result<FileMeta> {
    let (i, path) = initiative(store, id).await?;
    if !may_add(Some(actor), &i, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    if !matches!(i.status.as_str(), "approved" | "paid" | "accounted") {
        return Err(Error::Conflict("initiative-not-granted"));
    }
    let upload = upload?;
    let meta = store.add_initiative_file(id, &upload, &actor.person_id).await?;
    audit::record(store, actor, "initiative.file", &i.place_code, &i.title, &now.to_rfc3339()).await?;
    Ok(meta)
}

/// One file with its bytes; a receipt the viewer may not see is not there.
pub async fn get(store: &Store, actor: Option<&Actor>, id: &str, file: &str) -> Result<(FileMeta, Vec<u8>)> {
    let (i, path) = initiative(store, id).await?;
    let (meta, bytes) = store.initiative_file(id, file).await?.ok_or(Error::NotFound("file"))?;
    if meta.kind != Kind::Photo.as_str() && !sees_receipts(actor, &i, &path) {
        return Err(Error::NotFound("file"));
    }
    Ok((meta, bytes))
}

/// Its uploader or a decider takes a file away.
pub async fn remove(store: &Store, actor: &Actor, id: &str, file: &str) -> Result<()> {
    let (i, path) = initiative(store, id).await?;
    let (meta, _) = get(store, Some(actor), id, file).await?;
    if !may_remove(Some(actor), &meta, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    store.remove_initiative_file(id, file).await?;
    audit::record(store, actor, "initiative.file-removed", &i.place_code, &i.title, &meta.kind).await?;
    Ok(())
}
