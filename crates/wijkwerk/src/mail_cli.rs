//! `wijkwerk mail send`: queues the reminders that came due and this week's
//! marketplace e-mails (once per person and ISO week), then hands
//! every waiting message to an SMTP relay, one connection per run.
//!
//! The relay is the host's mail server (Postfix, OpenSMTPD, msmtpd, or the
//! municipality's relay): it does TLS, DKIM and retries towards the world,
//! so this side speaks plain SMTP (RFC 5321) to it and nothing more. Run it
//! from cron every few minutes; two runs at once share the work, since each
//! message is claimed before it is sent.

use clap::{Arg, ArgMatches, Command};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::mail::{dot_stuffed, is_deliverable};
use wijkwerk_store::Store;
use wijkwerk_store::meetings::Meeting;
use wijkwerk_web::mail_view::{Sender, compose, compose_digest};

pub fn command(db_arg: fn() -> Arg) -> Command {
    Command::new("mail").about("E-mail: meeting invitations and reminders, and the marketplace's weekly e-mail").subcommand_required(true).subcommand(
        Command::new("send")
            .about("Queue the reminders that are due and send what waits through an SMTP relay (cron, every few minutes)")
            .arg(
                Arg::new("smtp")
                    .long("smtp")
                    .value_name("HOST:PORT")
                    .env("WIJKWERK_SMTP")
                    .default_value("127.0.0.1:25")
                    .help("The SMTP relay (plain SMTP; the relay does TLS towards the world)"),
            )
            .arg(
                Arg::new("from")
                    .long("from")
                    .value_name("ADDRESS")
                    .env("WIJKWERK_MAIL_FROM")
                    .required(true)
                    .help("Sender address, e.g. bijeenkomsten@wijkwerk.example"),
            )
            .arg(
                Arg::new("site")
                    .long("site")
                    .value_name("URL")
                    .env("WIJKWERK_SITE")
                    .required(true)
                    .help("Public address of the site, for the links in the messages"),
            )
            .arg(
                Arg::new("limit")
                    .long("limit")
                    .value_name("N")
                    .default_value("1000")
                    .value_parser(clap::value_parser!(i64).range(1..=100_000))
                    .help("At most this many messages in one run"),
            )
            .arg(db_arg()),
    )
}

pub async fn run(m: &ArgMatches, store: Store) -> Result<(), String> {
    let from = m.get_one::<String>("from").expect("required").clone();
    if !is_deliverable(&from) {
        return Err(format!("--from {from:?} is not an address a relay takes"));
    }
    let site = m.get_one::<String>("site").expect("required").trim_end_matches('/').to_string();
    if !(site.starts_with("https://") || site.starts_with("http://")) {
        return Err(format!("--site {site:?} must start with https:// (or http://)"));
    }
    let relay = m.get_one::<String>("smtp").expect("has default");
    let limit = *m.get_one::<i64>("limit").expect("has default");
    let sender = Sender { from, site };
    let i18n = wijkwerk_web::i18n::I18n::shared();

    let now = Timestamp::now();
    let (reminders, items) = wijkwerk_app::mail::due(&store, now, limit).await.map_err(|e| e.to_string())?;
    let (digests_queued, digests) =
        wijkwerk_app::digest::due(&store, now, limit).await.map_err(|e| e.to_string())?;
    eprintln!(
        "reminders queued: {reminders}; weekly marketplace e-mails queued: {digests_queued}; messages to send: {}",
        items.len() + digests.len()
    );
    // Each message with what to note when it went, or did not.
    let mut outgoing: Vec<(Outgoing, wijkwerk_domain::mail::Message)> = Vec::new();
    let mut meetings: HashMap<String, Meeting> = HashMap::new();
    for item in items {
        if !meetings.contains_key(&item.meeting_id) {
            let v = wijkwerk_app::meetings::show(&store, None, &item.meeting_id, now)
                .await
                .map_err(|e| e.to_string())?;
            meetings.insert(item.meeting_id.clone(), v.meeting);
        }
        let message = compose(&i18n, &sender, &item, &meetings[&item.meeting_id], Timestamp::now());
        outgoing.push((Outgoing::Meeting(item), message));
    }
    let mut empty = 0;
    for item in digests {
        let digest = wijkwerk_app::digest::content(&store, &item, now).await.map_err(|e| e.to_string())?;
        if digest.is_empty() {
            // Nothing new this week: no message, and none again this week.
            wijkwerk_app::digest::done(&store, &item, true, now).await.map_err(|e| e.to_string())?;
            empty += 1;
            continue;
        }
        let message = compose_digest(&i18n, &sender, &item, &digest, Timestamp::now());
        outgoing.push((Outgoing::Digest(item), message));
    }
    if empty > 0 {
        eprintln!("weekly marketplace e-mails with nothing new, not sent: {empty}");
    }
    if outgoing.is_empty() {
        return Ok(());
    }
    let mut smtp =
        Smtp::connect(relay, &sender.from).await.map_err(|e| format!("SMTP relay {relay}: {e}"))?;
    let (mut sent, mut failed) = (0usize, 0usize);
    let tty = std::io::stderr().is_terminal();
    let total = outgoing.len();
    for (n, (what, message)) in outgoing.into_iter().enumerate() {
        let to = message.to.clone();
        match smtp.send(&sender.from, &to, &message.to_rfc5322()).await {
            Ok(()) => {
                what.sent(&store).await?;
                sent += 1;
            }
            Err(e) => {
                // The relay said no to this one (or the line broke): noted,
                // tried again by a later run while attempts are left.
                what.failed(&store, &e).await?;
                failed += 1;
                eprintln!("\nnot sent ({}): {e}", what.id());
                if smtp.broken {
                    break;
                }
            }
        }
        if tty {
            eprint!("\r{}/{total} sent", n + 1);
            let _ = std::io::stderr().flush();
        } else if (n + 1) % 100 == 0 {
            eprintln!("{}/{total} sent", n + 1);
        }
    }
    smtp.quit().await;
    if tty {
        eprintln!();
    }
    println!("{sent} sent, {failed} not sent");
    if failed > 0 && sent == 0 { Err(format!("{failed} messages could not be sent")) } else { Ok(()) }
}

/// A message on its way: a meeting's (invitation or reminder) or a weekly
/// marketplace e-mail, each noted in its own outbox.
enum Outgoing {
    Meeting(wijkwerk_store::mail::OutboxItem),
    Digest(wijkwerk_store::digests::DigestItem),
}

impl Outgoing {
    fn id(&self) -> &str {
        match self {
            Outgoing::Meeting(i) => &i.id,
            Outgoing::Digest(i) => &i.id,
        }
    }

    async fn sent(&self, store: &Store) -> Result<(), String> {
        let now = Timestamp::now();
        match self {
            Outgoing::Meeting(i) => wijkwerk_app::mail::sent(store, i, now).await,
            Outgoing::Digest(i) => wijkwerk_app::digest::done(store, i, false, now).await,
        }
        .map_err(|e| e.to_string())
    }

    async fn failed(&self, store: &Store, error: &str) -> Result<(), String> {
        let now = Timestamp::now();
        match self {
            Outgoing::Meeting(i) => wijkwerk_app::mail::failed(store, i, error, now).await,
            Outgoing::Digest(i) => wijkwerk_app::digest::failed(store, i, error, now).await,
        }
        .map_err(|e| e.to_string())
    }
}

/// Just enough SMTP for a relay: EHLO, then MAIL, RCPT, DATA per message.
struct Smtp {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    /// The connection is unusable (a read or write failed).
    broken: bool,
}

const WAIT: Duration = Duration::from_secs(60);

impl Smtp {
    async fn connect(relay: &str, from: &str) -> Result<Smtp, String> {
        let stream = tokio::time::timeout(WAIT, TcpStream::connect(relay))
            .await
            .map_err(|_| "no answer".to_string())?
            .map_err(|e| e.to_string())?;
        let (read, writer) = stream.into_split();
        let mut smtp = Smtp { reader: BufReader::new(read), writer, broken: false };
        smtp.expect(&[220]).await?;
        // Our name in EHLO: the sender's domain is what the relay can check.
        let domain = from.rsplit_once('@').map(|(_, d)| d).unwrap_or("localhost");
        smtp.command(&format!("EHLO {domain}"), &[250]).await?;
        Ok(smtp)
    }

    async fn send(&mut self, from: &str, to: &str, message: &str) -> Result<(), String> {
        if !is_deliverable(to) {
            return Err(format!("{to:?} is not a deliverable address"));
        }
        let result = async {
            self.command(&format!("MAIL FROM:<{from}>"), &[250]).await?;
            self.command(&format!("RCPT TO:<{to}>"), &[250, 251]).await?;
            self.command("DATA", &[354]).await?;
            let mut data = dot_stuffed(message);
            data.push_str(".\r\n");
            self.write(&data).await?;
            self.expect(&[250]).await.map(|_| ())
        }
        .await;
        if result.is_err() && !self.broken {
            // Back to a clean state for the next message.
            let _ = self.command("RSET", &[250]).await;
        }
        result
    }

    async fn quit(&mut self) {
        if !self.broken {
            let _ = self.command("QUIT", &[221]).await;
        }
    }

    async fn command(&mut self, line: &str, ok: &[u16]) -> Result<String, String> {
        self.write(&format!("{line}\r\n")).await?;
        self.expect(ok).await
    }

    async fn write(&mut self, text: &str) -> Result<(), String> {
        let done = tokio::time::timeout(WAIT, self.writer.write_all(text.as_bytes())).await;
        if !matches!(done, Ok(Ok(()))) {
            self.broken = true;
            return Err("the connection to the relay broke".into());
        }
        Ok(())
    }

    /// Reads one reply (all its `250-` lines) and checks its code.
    async fn expect(&mut self, ok: &[u16]) -> Result<String, String> {
        let mut reply = String::new();
        loop {
            let mut line = String::new();
            let read = tokio::time::timeout(WAIT, self.reader.read_line(&mut line)).await;
            if !matches!(read, Ok(Ok(n)) if n > 0) || line.len() < 4 {
                self.broken = true;
                return Err("the relay stopped answering".into());
            }
            reply.push_str(&line);
            if line.as_bytes()[3] != b'-' {
                break;
            }
        }
        let code: u16 = reply.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
        if ok.contains(&code) { Ok(reply) } else { Err(format!("the relay answered {}", reply.trim_end())) }
    }
}
