//! The `wijkwerk` command: runs the platform and its admin tasks.

use clap::{Arg, ArgAction, ArgMatches, Command};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use wijkwerk_domain::Role;
use wijkwerk_domain::person::NewAccount;
use wijkwerk_domain::privacy::MinGroupSize;
use wijkwerk_store::{Store, StoreError, StoreOptions};
use wijkwerk_web::{AppState, WebConfig};

mod bench_data;
mod bench_market;
mod cbs_cli;
mod coin_cli;
mod mail_cli;

const DEFAULT_DB: &str = "sqlite://wijkwerk.db";
const DEFAULT_ADDR: &str = "127.0.0.1:8080";

fn db_arg() -> Arg {
    Arg::new("db")
        .long("db")
        .value_name("URL")
        .env("WIJKWERK_DATABASE_URL")
        .default_value(DEFAULT_DB)
        .help("Database: sqlite://FILE or postgres://USER@HOST/DB")
}

fn server_args(cmd: Command) -> Command {
    cmd.arg(db_arg())
        .arg(
            Arg::new("addr")
                .long("addr")
                .value_name("HOST:PORT")
                .default_value(DEFAULT_ADDR)
                .help("Address to listen on"),
        )
        .arg(
            Arg::new("min-group-size")
                .long("min-group-size")
                .value_name("N")
                .env("WIJKWERK_MIN_GROUP_SIZE")
                .default_value("10")
                .value_parser(clap::value_parser!(u64))
                .help("Smallest group any aggregate may show (never below 5)"),
        )
        .arg(
            Arg::new("insecure-cookies")
                .long("insecure-cookies")
                .action(ArgAction::SetTrue)
                .help("Leave the Secure flag off cookies (only behind plain HTTP on a non-local address)"),
        )
}

fn cli() -> Command {
    Command::new("wijkwerk")
        .about("wijkwerk: verenigd wijkgericht werken")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(server_args(
            Command::new("demo")
                .about("Create the demo municipality (if the database is empty) and serve it"),
        ))
        .subcommand(server_args(Command::new("serve").about("Serve the platform")))
        .subcommand(Command::new("openapi").about("Print the OpenAPI document of /api/v1"))
        .subcommand(
            Command::new("weektest-template")
                .about("Week-test variants (the \"ik ben…\" series) as JSON files")
                .subcommand_required(true)
                .subcommand(
                    Command::new("import")
                        .about("Add a variant, or a new version of one, from JSON files (no rebuild needed)")
                        .arg(Arg::new("file").required(true).num_args(1..).value_name("FILE"))
                        .arg(db_arg()),
                )
                .subcommand(Command::new("list").about("List the stored variants").arg(db_arg())),
        )
        .subcommand(
            Command::new("hsds").about("The sociale kaart as Open Referral HSDS 3.0").subcommand_required(true).subcommand(
                Command::new("import")
                    .about("Import services from HSDS JSON (one service, a list, or a /services page); all or nothing")
                    .arg(Arg::new("file").required(true).value_name("FILE"))
                    .arg(
                        Arg::new("place")
                            .long("place")
                            .required(true)
                            .value_name("CODE")
                            .help("Where new organisations belong, and the area of services that name none"),
                    )
                    .arg(
                        Arg::new("organisation")
                            .long("organisation")
                            .value_name("NAME")
                            .help("Organisation for services that do not name one"),
                    )
                    .arg(
                        Arg::new("kind")
                            .long("kind")
                            .default_value("public")
                            .value_parser(["public", "private", "informal"])
                            .help("Kind of provider (HSDS does not say)"),
                    )
                    .arg(
                        Arg::new("domain")
                            .long("domain")
                            .value_name("CODE")
                            .help("Life domain for services without a wijkwerk taxonomy term (e.g. werk, leren)"),
                    )
                    .arg(
                        Arg::new("reviewer")
                            .long("reviewer")
                            .value_name("EMAIL")
                            .help("Approve the entries in this coördinator's name; without it they wait for review"),
                    )
                    .arg(db_arg()),
            ),
        )
        .subcommand(
            Command::new("bench-data")
                .about("Fill a fresh database with a large made-up gemeente (Proefstad) for scripts/bench")
                .arg(
                    Arg::new("responses")
                        .long("responses")
                        .default_value("1000000")
                        .value_parser(clap::value_parser!(usize))
                        .help("Survey responses over 50 buurten"),
                )
                .arg(
                    Arg::new("services")
                        .long("services")
                        .default_value("50000")
                        .value_parser(clap::value_parser!(usize))
                        .help("Services on the sociale kaart"),
                )
                .arg(
                    Arg::new("market-posts")
                        .long("market-posts")
                        .default_value("0")
                        .value_parser(clap::value_parser!(usize))
                        .help("Open marketplace posts over the five wijken's cooperatives, all in one alliance"),
                )
                .arg(db_arg()),
        )
        .subcommand(coin_cli::command(db_arg))
        .subcommand(cbs_cli::command(db_arg))
        .subcommand(cbs_cli::geo_command(db_arg))
        .subcommand(
            Command::new("initiatives")
                .about("Wijk initiatives and the wijkbudget")
                .subcommand_required(true)
                .subcommand(
                    Command::new("settle")
                        .about("Apply each wijk's rule to initiatives whose decision clock ran out (pages do it too), and strip emergency budget requests past their retention (for a nightly cron)")
                        .arg(db_arg()),
                )
                .subcommand(
                    Command::new("check")
                        .about("Check the wijkbudget ledger: two postings per movement summing to zero, no account below zero")
                        .arg(db_arg()),
                ),
        )
        .subcommand(mail_cli::command(db_arg))
        .subcommand(Command::new("migrate").about("Bring the database schema up to date").arg(db_arg()))
        .subcommand(token_command())
        .subcommand(
            Command::new("user").about("Accounts").subcommand_required(true).subcommand(
                Command::new("add")
                    .about("Create an account; the password is read from stdin unless --password is given")
                    .arg(Arg::new("email").long("email").required(true).value_name("EMAIL"))
                    .arg(Arg::new("name").long("name").required(true).value_name("NAME"))
                    .arg(Arg::new("password").long("password").value_name("PASSWORD"))
                    .arg(Arg::new("language").long("language").default_value("nl").value_name("nl|en"))
                    .arg(
                        Arg::new("home")
                            .long("home")
                            .value_name("PLACE")
                            .help("Place code where the person lives"),
                    )
                    .arg(
                        Arg::new("role")
                            .long("role")
                            .value_name("ROLE@PLACE")
                            .action(ArgAction::Append)
                            .help("A role at a place, e.g. wijkwerker@WK960102 (repeatable)"),
                    )
                    .arg(db_arg()),
            ),
        )
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WIJKWERK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let matches = cli().get_matches();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    match runtime.block_on(run(matches)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn open(m: &ArgMatches, min_group: MinGroupSize) -> Result<Store, String> {
    let url = m.get_one::<String>("db").expect("has default");
    let store = Store::connect(url, StoreOptions { min_group_size: min_group, ..Default::default() })
        .await
        .map_err(|e| format!("cannot open {url}: {e}"))?;
    store.migrate().await.map_err(|e| format!("migration failed: {e}"))?;
    Ok(store)
}

fn explain(e: StoreError) -> String {
    match e {
        StoreError::Invalid(i) => {
            i.errors.iter().map(|e| format!("{}: {}", e.field, e.code)).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    }
}

async fn run(matches: ArgMatches) -> Result<(), String> {
    match matches.subcommand() {
        Some(("demo", m)) => serve(m, true).await,
        Some(("serve", m)) => serve(m, false).await,
        Some(("openapi", _)) => {
            let doc = wijkwerk_web::openapi_document();
            println!("{}", serde_json::to_string_pretty(&doc).expect("JSON"));
            Ok(())
        }
        Some(("weektest-template", t)) => match t.subcommand() {
            Some(("import", m)) => {
                let store = open(m, MinGroupSize::DEFAULT).await?;
                for file in m.get_many::<String>("file").into_iter().flatten() {
                    let json = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
                    let template = wijkwerk_domain::weektest::Template::parse(&json)
                        .map_err(|e| format!("{file}: {e}"))?;
                    store.import_template(&template).await.map_err(|e| match e {
                        StoreError::Conflict(_) => format!(
                            "{file}: {} version {} exists with another definition; raise \"version\"",
                            template.code, template.version
                        ),
                        other => format!("{file}: {}", explain(other)),
                    })?;
                    println!("imported {} version {}", template.code, template.version);
                }
                Ok(())
            }
            Some(("list", m)) => {
                let store = open(m, MinGroupSize::DEFAULT).await?;
                for t in store.templates().await.map_err(explain)? {
                    println!(
                        "{:<14} v{:<3} {}",
                        t.code,
                        t.version,
                        wijkwerk_domain::texts::text(&t.name, "nl")
                    );
                }
                Ok(())
            }
            _ => unreachable!("clap requires a subcommand"),
        },
        Some(("bench-data", m)) => {
            let store = open(m, MinGroupSize::DEFAULT).await?;
            let started = std::time::Instant::now();
            let responses = *m.get_one::<usize>("responses").expect("default");
            let services = *m.get_one::<usize>("services").expect("default");
            let survey = bench_data::generate(&store, responses, services).await?;
            let market_posts = *m.get_one::<usize>("market-posts").expect("default");
            if market_posts > 0 {
                let post = bench_market::generate(&store, market_posts).await?;
                println!("market post {post}: {market_posts} open posts");
            }
            eprintln!("vacuum and analyze …");
            store.settle_after_bulk_load().await.map_err(|e| e.to_string())?;
            println!(
                "survey {survey}: {responses} responses; {services} services; {:.0} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Some(("coin", c)) => {
            let (_, m) = c.subcommand().expect("clap requires a subcommand");
            let store = open(m, MinGroupSize::DEFAULT).await?;
            coin_cli::run(c, store).await
        }
        Some(("cbs", c)) => {
            if let Some(m) = c.subcommand_matches("provinces") {
                let store = open(m, MinGroupSize::DEFAULT).await?;
                return cbs_cli::run_provinces(m, store).await;
            }
            let m = c.subcommand_matches("import").expect("import or provinces");
            let store = open(m, MinGroupSize::DEFAULT).await?;
            cbs_cli::run(m, store).await
        }
        Some(("geo", g)) => {
            let m = g.subcommand_matches("import").expect("only subcommand");
            let store = open(m, MinGroupSize::DEFAULT).await?;
            cbs_cli::run_geo(m, store).await
        }
        Some(("hsds", h)) => hsds_import(h.subcommand_matches("import").expect("only subcommand")).await,
        Some(("initiatives", c)) => initiatives_cli(c).await,
        Some(("mail", c)) => {
            let m = c.subcommand_matches("send").expect("only subcommand");
            let store = open(m, MinGroupSize::DEFAULT).await?;
            mail_cli::run(m, store).await
        }
        Some(("migrate", m)) => {
            let url = m.get_one::<String>("db").expect("has default");
            let store = Store::connect(url, StoreOptions::default()).await.map_err(|e| e.to_string())?;
            let applied = store.migrate().await.map_err(|e| e.to_string())?;
            if applied.is_empty() {
                println!("schema is up to date");
            }
            for name in applied {
                println!("applied {name}");
            }
            Ok(())
        }
        Some(("token", t)) => token_create(t.subcommand_matches("create").expect("only subcommand")).await,
        Some(("user", u)) => {
            let m = u.subcommand_matches("add").expect("only subcommand");
            add_user(m).await
        }
        _ => unreachable!("clap requires a subcommand"),
    }
}

/// Reads, checks and then imports every service of an HSDS file through
/// `app::socialmap::import_hsds`. Nothing is stored when any entry is wrong;
/// every problem is listed.
async fn hsds_import(m: &ArgMatches) -> Result<(), String> {
    use wijkwerk_app::socialmap::{HsdsImport, HsdsOutcome, import_hsds};
    let store = open(m, MinGroupSize::DEFAULT).await?;
    let file = m.get_one::<String>("file").expect("required");
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{file}: not JSON: {e}"))?;
    let how = HsdsImport {
        kind: m.get_one::<String>("kind").expect("default"),
        defaults: wijkwerk_domain::hsds_import::Defaults {
            place: m.get_one::<String>("place").expect("required"),
            domain: m.get_one::<String>("domain").map(String::as_str),
            organisation: m.get_one::<String>("organisation").map(String::as_str),
        },
        reviewer_email: m.get_one::<String>("reviewer").map(String::as_str),
    };
    let approved = how.reviewer_email.is_some();
    let tty = std::io::stderr().is_terminal();
    let mut report = |done: usize, total: usize| {
        // On a terminal one line that counts up; in a log every tenth.
        if tty {
            eprint!("\rimporting {done}/{total}");
        } else if done % (total / 10).max(1) == 0 || done == total {
            eprintln!("imported {done}/{total}");
        }
    };
    let outcome = import_hsds(&store, &doc, how, &mut report).await.map_err(|e| match e {
        wijkwerk_app::Error::Invalid(i) if i.errors.iter().any(|e| e.field == "place") => {
            format!("there is no place {}", m.get_one::<String>("place").expect("required"))
        }
        wijkwerk_app::Error::Invalid(i) if i.errors.iter().any(|e| e.field == "reviewer") => {
            format!("no account with e-mail address {}", m.get_one::<String>("reviewer").expect("given"))
        }
        other => other.to_string(),
    })?;
    let (services, count) = match outcome {
        HsdsOutcome::NoServices => {
            return Err(format!(
                "{file}: no HSDS services found (expected a service, a list, or a page with \"contents\")"
            ));
        }
        HsdsOutcome::Refused(problems) => {
            return Err(format!(
                "nothing imported; {} problem(s):\n  {}",
                problems.len(),
                problems.join("\n  ")
            ));
        }
        HsdsOutcome::Imported { services, count } => (services, count),
    };
    if tty {
        eprintln!();
    }
    println!(
        "{} service(s): {} new, {} updated; {} new organisation(s); {}",
        services.len(),
        count.created,
        count.updated,
        count.organisations_created,
        if approved { "approved" } else { "waiting for review" }
    );
    Ok(())
}

async fn add_user(m: &ArgMatches) -> Result<(), String> {
    let store = open(m, MinGroupSize::DEFAULT).await?;
    let mut roles = Vec::new();
    for spec in m.get_many::<String>("role").into_iter().flatten() {
        let (role, place) = spec.split_once('@').ok_or_else(|| format!("--role {spec}: write ROLE@PLACE"))?;
        let role = Role::parse(role).ok_or_else(|| {
            let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            format!("--role {spec}: unknown role; use one of {}", names.join(", "))
        })?;
        roles.push((role, place.to_string()));
    }
    let password = match m.get_one::<String>("password") {
        Some(p) => p.clone(),
        None => {
            if std::io::stdin().is_terminal() {
                eprint!("password: ");
                std::io::stderr().flush().ok();
            }
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let role_refs: Vec<(Role, &str)> = roles.iter().map(|(r, p)| (*r, p.as_str())).collect();
    let person = store
        .create_account_with_roles(
            NewAccount {
                email: m.get_one::<String>("email").expect("required").clone(),
                display_name: m.get_one::<String>("name").expect("required").clone(),
                password,
                language: m.get_one::<String>("language").expect("default").clone(),
                home_place_code: m.get_one::<String>("home").cloned(),
            },
            &role_refs,
        )
        .await
        .map_err(explain)?;
    println!("{}", person.id);
    Ok(())
}

async fn serve(m: &ArgMatches, demo: bool) -> Result<(), String> {
    let min = *m.get_one::<u64>("min-group-size").expect("default");
    let min_group = MinGroupSize::new(min)
        .ok_or_else(|| format!("--min-group-size {min}: the minimum is {}", MinGroupSize::FLOOR))?;
    let store = open(m, min_group).await?;
    if demo {
        if store.has_demo().await.map_err(explain)? {
            eprintln!("demo municipality already present");
        } else {
            let mut step = 0;
            store
                .seed_demo(&mut |what| {
                    step += 1;
                    eprintln!("[{step}/{}] demo: {what}", wijkwerk_store::demo::STEPS);
                })
                .await
                .map_err(explain)?;
            eprintln!("demo: CBS-cijfers, peilingen en de 0-meting");
            wijkwerk_app::demo::seed_indicators(&store).await.map_err(|e| e.to_string())?;
        }
    }
    let addr = m.get_one::<String>("addr").expect("default");
    let listener =
        tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let config = WebConfig { secure_cookies: !m.get_flag("insecure-cookies"), ..Default::default() };
    let url = m.get_one::<String>("db").expect("default");
    println!("wijkwerk is running at http://{addr} (database {url}, engine {})", store.engine().name());
    if demo {
        println!("demo accounts (password: {}):", wijkwerk_store::demo::DEMO_PASSWORD);
        for a in wijkwerk_store::demo::demo_accounts() {
            println!("  {:<12} {:<26} {}", a.role.as_str(), a.email, a.name);
        }
    }
    println!("stop with Ctrl-C");
    wijkwerk_web::serve(listener, AppState::new(store, config)).await.map_err(|e| e.to_string())
}

/// `wijkwerk token create`: a person's token, or a partner organisation's
/// connection to its referrals (made as a gemeente account).
async fn token_create(m: &clap::ArgMatches) -> Result<(), String> {
    let store = open(m, MinGroupSize::DEFAULT).await?;
    let label = m.get_one::<String>("label").expect("default");
    if let Some(org) = m.get_one::<String>("organisation") {
        let email =
            m.get_one::<String>("as").ok_or("--organisation needs --as EMAIL (a gemeente account)")?;
        let person = store
            .person_by_email(email)
            .await
            .map_err(explain)?
            .ok_or_else(|| format!("no account with e-mail address {email}"))?;
        let actor = store.actor(&person.id).await.map_err(explain)?;
        let token = wijkwerk_app::intake::connect_organisation(&store, &actor, org, label).await.map_err(
            |e| match e {
                wijkwerk_app::Error::Forbidden(_) => {
                    format!(
                        "{email} is not the gemeente of this organisation; only its gemeente can connect it"
                    )
                }
                wijkwerk_app::Error::NotFound(_) => format!("no organisation with id {org}"),
                other => other.to_string(),
            },
        )?;
        println!("{token}");
        return Ok(());
    }
    let email = m.get_one::<String>("email").expect("one of the group");
    let person = store
        .person_by_email(email)
        .await
        .map_err(explain)?
        .ok_or_else(|| format!("no account with e-mail address {email}"))?;
    let token = store
        .create_api_token(&person.id, m.get_one::<String>("label").expect("default"))
        .await
        .map_err(explain)?;
    println!("{token}");
    Ok(())
}

/// `wijkwerk initiatives settle` (the nightly round: initiatives' clocks,
/// the emergency budget's retention, expired marketplace posts) and
/// `wijkwerk initiatives check` (the wijkbudget, emergency and hours ledgers).
async fn initiatives_cli(c: &ArgMatches) -> Result<(), String> {
    let (what, m) = c.subcommand().expect("clap requires a subcommand");
    let store = open(m, MinGroupSize::DEFAULT).await?;
    if what == "settle" {
        let n = wijkwerk_app::initiatives::settle_clocks(&store, wijkwerk_domain::Timestamp::now())
            .await
            .map_err(|e| e.to_string())?;
        println!("{n} initiatives settled");
        let stripped = wijkwerk_app::emergency::apply_retention(&store, wijkwerk_domain::Timestamp::now())
            .await
            .map_err(|e| e.to_string())?;
        println!("{stripped} emergency budget requests past their retention stripped");
        let (expired, warn) = wijkwerk_app::marketplace::settle(&store, wijkwerk_domain::Timestamp::now())
            .await
            .map_err(|e| e.to_string())?;
        println!("{expired} marketplace posts expired, {} owners to warn (shown on their page)", warn.len());
        return Ok(());
    }
    let mut problems = wijkwerk_app::initiatives::check_ledger(&store).await.map_err(|e| e.to_string())?;
    let hours = wijkwerk_app::marketplace::check_hours(&store).await.map_err(|e| e.to_string())?;
    println!(
        "hours ledger: {} transfers, {} movements, sum {} minutes",
        hours.transfers, hours.movements, hours.total
    );
    problems.extend(hours.broken.iter().map(|t| format!("hours transfer {t} does not sum to zero")));
    problems
        .extend(hours.missing.iter().map(|a| format!("agreement {a} was done for hours without a transfer")));
    if hours.total != 0 {
        problems.push(format!("the hours ledger sums to {} minutes, not zero", hours.total));
    }
    for p in &problems {
        eprintln!("{p}");
    }
    if problems.is_empty() {
        println!("the wijkbudget, emergency and hours ledgers are in order");
        Ok(())
    } else {
        Err(format!("{} problems in the ledgers", problems.len()))
    }
}

fn token_command() -> Command {
    Command::new("token").about("API tokens").subcommand_required(true).subcommand(
                Command::new("create")
                    .about("Create a bearer API token for a user, or a partner organisation's connection to its referrals, and print it")
                    .arg(Arg::new("email").long("email").value_name("EMAIL").help("The account the token is for"))
                    .arg(
                        Arg::new("organisation")
                            .long("organisation")
                            .value_name("ID")
                            .conflicts_with("email")
                            .help("A partner organisation: a token for its referrals and what residents share with it only"),
                    )
                    .arg(
                        Arg::new("as")
                            .long("as")
                            .value_name("EMAIL")
                            .requires("organisation")
                            .help("The gemeente account that connects the organisation"),
                    )
                    .arg(Arg::new("label").long("label").default_value("cli").value_name("TEXT"))
                    .group(clap::ArgGroup::new("for").args(["email", "organisation"]).required(true))
                    .arg(db_arg()),
            )
}
