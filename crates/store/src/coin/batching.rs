//! The payment queue: payments arriving at the same moment are written
//! together, one database transaction (one commit, one lock round, a few
//! statements) for the whole batch, through [`Store::post_batch`] like every
//! other entry.

use super::postings::{Plan, Request, check_key};
use super::{Idempotency, Posted};
use crate::{Engine, Result, Store, StoreError};
use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};
use tokio::sync::{Mutex, mpsc, oneshot};

/// Payments one batch may hold.
const MAX_BATCH: usize = 64;

/// The ledger's queue of payments and the workers that empty it. Started on
/// the first payment; a clone of the store shares it.
#[derive(Clone, Default)]
pub(crate) struct Ledger {
    queue: Arc<OnceLock<mpsc::Sender<Job>>>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger").field("started", &self.queue.get().is_some()).finish()
    }
}

/// A payment waiting for its batch.
struct Job {
    request: Request,
    reply: oneshot::Sender<Result<Posted>>,
}

impl Store {
    /// Posts a payment together with others waiting at the same moment, each
    /// checked on its own against the balances the ones before it left. A
    /// refused payment is answered alone and leaves no trace; if the batch
    /// cannot be written, every payment in it is posted on its own instead.
    pub(super) async fn post_batched(&self, plan: Plan, idem: Option<&Idempotency>) -> Result<Posted> {
        check_key(idem)?;
        let queue = self.ledger.queue.get_or_init(|| self.start_ledger_workers());
        let (reply, answer) = oneshot::channel();
        let job = Job { request: Request { plan, idem: idem.cloned() }, reply };
        if let Err(mpsc::error::SendError(job)) = queue.send(job).await {
            return self.post(job.request.plan, job.request.idem.as_ref()).await;
        }
        answer.await.map_err(|_| StoreError::Conflict("ledger worker stopped"))?
    }

    fn start_ledger_workers(&self) -> mpsc::Sender<Job> {
        let (sender, receiver) = mpsc::channel::<Job>(4096);
        let receiver = Arc::new(Mutex::new(receiver));
        // PostgreSQL takes several batches at once (while one waits for its
        // commit, the next is checked); SQLite has one writer anyway.
        let workers = match self.engine {
            Engine::Postgres => 2,
            Engine::Sqlite => 1,
        };
        for _ in 0..workers {
            let (store, receiver) = (self.clone(), receiver.clone());
            tokio::spawn(async move {
                while let Some(jobs) = next_batch(&receiver).await {
                    store.run_batch(jobs).await;
                }
            });
        }
        sender
    }

    async fn run_batch(&self, jobs: Vec<Job>) {
        // The same key twice in one batch: the later one waits and is posted
        // on its own afterwards (then it replays the first's result).
        let mut seen = BTreeSet::new();
        let (mut batch, mut later) = (Vec::new(), Vec::new());
        for job in jobs {
            match &job.request.idem {
                Some(i) if !seen.insert((i.actor_id.clone(), i.key.clone())) => later.push(job),
                _ => batch.push(job),
            }
        }
        let (requests, replies): (Vec<Request>, Vec<_>) =
            batch.into_iter().map(|j| (j.request, j.reply)).unzip();
        match self.post_batch(&requests).await {
            Ok(answers) => {
                for (reply, answer) in replies.into_iter().zip(answers) {
                    let _ = reply.send(answer);
                }
            }
            Err(_) => {
                // Something in the batch could not be written (a key another
                // server used at the same moment, say): each on its own.
                for (request, reply) in requests.into_iter().zip(replies) {
                    let _ = reply.send(self.post(request.plan, request.idem.as_ref()).await);
                }
            }
        }
        for job in later {
            let _ = job.reply.send(self.post(job.request.plan, job.request.idem.as_ref()).await);
        }
    }
}

/// Waits for one payment, then takes what else is waiting, up to a batch;
/// `None` when the queue is closed.
async fn next_batch(receiver: &Mutex<mpsc::Receiver<Job>>) -> Option<Vec<Job>> {
    let mut rx = receiver.lock().await;
    let mut jobs = vec![rx.recv().await?];
    while jobs.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
    Some(jobs)
}
