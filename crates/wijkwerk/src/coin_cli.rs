//! `wijkwerk coin …`: checks, exports, bulk issuance and the ledger benchmark.

use clap::{Arg, ArgMatches, Command};
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Instant;
use wijkwerk_domain::coin::{Benefit, Limits, ProgrammeInput, parse_issuance_csv};
use wijkwerk_store::Store;

pub fn command(db_arg: fn() -> Arg) -> Command {
    Command::new("coin")
        .about("The social coin ledger")
        .subcommand_required(true)
        .subcommand(
            Command::new("check")
                .about("Verify every ledger rule on the database; exits non-zero on any violation")
                .arg(db_arg()),
        )
        .subcommand(
            Command::new("beancount")
                .about("Write the whole ledger as a Beancount file (check it with bean-check)")
                .arg(
                    Arg::new("out")
                        .long("out")
                        .value_name("FILE")
                        .help("File to write; standard output without it"),
                )
                .arg(db_arg()),
        )
        .subcommand(
            Command::new("issue")
                .about(
                    "Issue coins from a CSV file (persoon;bedrag;omschrijving); a file run twice issues once",
                )
                .arg(Arg::new("programme").long("programme").required(true).value_name("ID"))
                .arg(Arg::new("file").required(true).value_name("CSV"))
                .arg(
                    Arg::new("as")
                        .long("as")
                        .required(true)
                        .value_name("EMAIL")
                        .help("The gemeente employee issuing"),
                )
                .arg(db_arg()),
        )
        .subcommand(
            Command::new("bench")
                .about("Durable payments per second through the ledger alone (no HTTP)")
                .arg(
                    Arg::new("holders")
                        .long("holders")
                        .default_value("10000")
                        .value_parser(clap::value_parser!(usize)),
                )
                .arg(
                    Arg::new("businesses")
                        .long("businesses")
                        .default_value("200")
                        .value_parser(clap::value_parser!(usize)),
                )
                .arg(
                    Arg::new("payments")
                        .long("payments")
                        .default_value("20000")
                        .value_parser(clap::value_parser!(usize)),
                )
                .arg(
                    Arg::new("concurrency")
                        .long("concurrency")
                        .default_value("32")
                        .value_parser(clap::value_parser!(usize)),
                )
                .arg(Arg::new("prepare-http").long("prepare-http").value_name("FILE").help(
                    "Only set up, with an API token per holder; write shop codes and tokens to FILE for wrk",
                ))
                .arg(db_arg()),
        )
}

pub async fn run(m: &ArgMatches, store: Store) -> Result<(), String> {
    match m.subcommand() {
        Some(("check", _)) => check(&store).await,
        Some(("beancount", b)) => {
            let text = store.beancount().await.map_err(|e| e.to_string())?;
            match b.get_one::<String>("out") {
                Some(path) => std::fs::write(path, text).map_err(|e| format!("{path}: {e}")),
                None => std::io::stdout().write_all(text.as_bytes()).map_err(|e| e.to_string()),
            }
        }
        Some(("issue", i)) => issue(&store, i).await,
        Some(("bench", b)) => bench(store, b).await,
        _ => unreachable!("clap requires a subcommand"),
    }
}

async fn check(store: &Store) -> Result<(), String> {
    let started = Instant::now();
    let tty = std::io::stderr().is_terminal();
    let violations = store
        .coin_check(&mut |step| {
            if tty {
                eprint!("\r\x1b[2K{step}");
            } else {
                eprintln!("{step}");
            }
        })
        .await
        .map_err(|e| e.to_string())?;
    if tty {
        eprintln!();
    }
    for v in &violations {
        println!("rule {}: {}", v.rule, v.detail);
    }
    if violations.is_empty() {
        println!("ledger ok: all 8 rules hold ({:.1} s)", started.elapsed().as_secs_f64());
        Ok(())
    } else {
        Err(format!("{} violation(s) of the ledger rules", violations.len()))
    }
}

async fn issue(store: &Store, m: &ArgMatches) -> Result<(), String> {
    use sha2::{Digest, Sha256};
    let programme = m.get_one::<String>("programme").expect("required");
    let file = m.get_one::<String>("file").expect("required");
    let email = m.get_one::<String>("as").expect("required");
    let person = store
        .person_by_email(email)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no account with e-mail address {email}"))?;
    // The same use case as the gemeente's page: only someone who runs the
    // programme may issue its coins.
    let actor = store.actor(&person.id).await.map_err(|e| e.to_string())?;
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| format!("{file}: not UTF-8 text"))?;
    let (lines, bad) = parse_issuance_csv(&text).map_err(|e| format!("{file}: {e}"))?;
    let hash = wijkwerk_store::secrets::hex(&Sha256::digest(&bytes));
    let tty = std::io::stderr().is_terminal();
    let started = Instant::now();
    let report =
        wijkwerk_app::coin::issue_in_bulk(store, &actor, programme, &hash, &lines, &mut |done, total| {
            if tty && (done % 25 == 0 || done == total) {
                eprint!("\r\x1b[2K{done}/{total} lines ({:.0}%)", 100.0 * done as f64 / total.max(1) as f64);
            } else if !tty && (done % 1000 == 0 || done == total) {
                eprintln!("{done}/{total} lines");
            }
        })
        .await
        .map_err(|e| match e {
            wijkwerk_app::Error::NotFound(_) => format!("{email} runs no coin programme {programme}"),
            other => other.to_string(),
        })?;
    if tty {
        eprintln!();
    }
    let mut refused = bad.iter().map(|(line, code)| (*line, code.to_string())).collect::<Vec<_>>();
    let (mut new, mut again) = (0, 0);
    for (line, outcome) in report {
        match outcome {
            Ok(true) => new += 1,
            Ok(false) => again += 1,
            Err(code) => refused.push((line, code)),
        }
    }
    refused.sort();
    for (line, code) in &refused {
        println!("line {line}: refused ({code})");
    }
    println!(
        "{new} issued, {again} already issued by an earlier run, {} refused ({:.1} s)",
        refused.len(),
        started.elapsed().as_secs_f64()
    );
    if refused.is_empty() { Ok(()) } else { Err(format!("{} line(s) refused", refused.len())) }
}

/// Made-up programme with holders and businesses, then concurrent payments
/// straight into the ledger; prints durable payments per second.
async fn bench(store: Store, m: &ArgMatches) -> Result<(), String> {
    let holders = *m.get_one::<usize>("holders").expect("default");
    let businesses = *m.get_one::<usize>("businesses").expect("default");
    let payments = *m.get_one::<usize>("payments").expect("default");
    let concurrency = *m.get_one::<usize>("concurrency").expect("default");
    let e = |e: wijkwerk_store::StoreError| e.to_string();
    if store.place("GM9699").await.map_err(e)?.is_none() {
        store.add_place("NL", wijkwerk_domain::PlaceLevel::Land, "Nederland", None).await.ok();
        store
            .add_place("GM9699", wijkwerk_domain::PlaceLevel::Gemeente, "Proefstad", Some("NL"))
            .await
            .map_err(e)?;
    }
    let p = store
        .create_programme(
            "GM9699",
            &ProgrammeInput {
                name: "Benchmark".into(),
                description: String::new(),
                limits: Limits::default(),
            },
        )
        .await
        .map_err(e)?;
    eprintln!("setting up {holders} holders and {businesses} businesses …");
    // One funding may be at most a million euros; a big programme gets several.
    let mut to_fund = holders as i64 * 100_000;
    while to_fund > 0 {
        let part = to_fund.min(wijkwerk_domain::coin::MAX_AMOUNT);
        store.fund_programme(&p.id, part, "", None, None).await.map_err(e)?;
        to_fund -= part;
    }
    let mut shops = Vec::new();
    for i in 0..businesses {
        let org =
            store.add_organisation(&format!("Zaak {i}"), "business", "GM9699", "", None).await.map_err(e)?;
        let account = store.enrol_business(&p.id, &org.id).await.map_err(e)?;
        if i % 10 == 0 {
            store.set_benefit(&account.id, Benefit { percent: 5, cap: 500 }, "").await.map_err(e)?;
        }
        shops.push(account.code);
    }
    let prepare = m.get_one::<String>("prepare-http");
    let mut wallets = Vec::new();
    let mut tokens = Vec::new();
    for i in 0..holders {
        let person = store.add_person(&format!("Houder {i}"), None).await.map_err(e)?;
        store.issue_coins(&p.id, &person.id, 100_000, "", None, None).await.map_err(e)?;
        wallets.push(store.holder_account(&p.id, &person.id).await.map_err(e)?.id);
        if prepare.is_some() {
            tokens.push(store.create_api_token(&person.id, "bench").await.map_err(e)?);
        }
        if i % 1000 == 999 {
            eprintln!("  {} holders", i + 1);
        }
    }
    if let Some(path) = prepare {
        // First line: shop codes; then one bearer token per line.
        let text = format!("{}\n{}\n", shops.join(" "), tokens.join("\n"));
        std::fs::write(path, text).map_err(|err| format!("{path}: {err}"))?;
        println!("prepared {holders} holders with tokens and {businesses} businesses in {path}");
        return Ok(());
    }
    let (wallets, shops) = (Arc::new(wallets), Arc::new(shops));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (store, wallets, shops, next) = (store.clone(), wallets.clone(), shops.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut done = 0usize;
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= payments {
                    return Ok::<usize, String>(done);
                }
                // A cheap spread over holders and shops, different per payment.
                let h = (n.wrapping_mul(7919)) % wallets.len();
                let s = (n.wrapping_mul(104_729)) % shops.len();
                let key = wijkwerk_store::coin::Idempotency {
                    actor_id: format!("bench-{h}"),
                    key: format!("pay-{n}"),
                    request_hash: format!("{h}-{s}-{n}"),
                };
                store
                    .pay(&wallets[h], &shops[s], 100 + (n % 400) as i64, None, Some(&key))
                    .await
                    .map_err(|e| e.to_string())?;
                done += 1;
            }
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.map_err(|e| e.to_string())??;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} ledger: {total} payments by {concurrency} workers in {seconds:.2} s = {:.0} payments/s \
         ({holders} holders, {businesses} businesses, idempotency key on each)",
        store.engine().name(),
        total as f64 / seconds
    );
    check(&store).await
}
