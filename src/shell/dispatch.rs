//! What each subcommand does. Everything that can go wrong before the console starts is a
//! plain message and exit code 2; the terminal is untouched until then.

use std::process::ExitCode;

use clap::CommandFactory;
use secrecy::SecretString;

use crate::api::Timeouts;
use crate::api::thena::ThenaClient;
use crate::api::unthread::UnthreadClient;
use crate::console::{self, Session};
use crate::desk::any::AnyDesk;
use crate::desk::thena::ThenaDesk;
use crate::desk::unthread::UnthreadDesk;
use crate::shell::cli::{Backend, Cli, Command, ConfigCommand, DemoArgs, ExportArgs, SimArgs, StatsArgs};
use crate::shell::connect::{Connection, Loaded, connect, load_config, thena_range};
use crate::shell::scripting;
use crate::sim::{Faults, SimOptions, Simulator};
use crate::support::sanitize;

pub fn run(cli: Cli) -> ExitCode {
    match &cli.command {
        Some(Command::Sim(args)) => run_sim(args),
        Some(Command::Completions { shell }) => {
            // The commands on tickets are parsed by the command table, not clap: added here so
            // the shell completes them too.
            let verbs = crate::command::COMMANDS.iter().filter(|c| c.headless());
            let mut command = Cli::command().subcommands(verbs.map(|c| clap::Command::new(c.name).about(c.help)));
            clap_complete::generate(*shell, &mut command, "triage", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some(Command::Config(command)) => run_config(&cli, command),
        Some(Command::Demo(args)) => with_config(&cli, |loaded| run_demo(&cli, args, loaded)),
        Some(Command::Stats(args)) => with_connection(&cli, |c, _| run_stats(c, args)),
        Some(Command::Export(args)) => with_connection(&cli, |c, _| run_export(&cli, c, args)),
        Some(Command::List(args)) => with_connection(&cli, |c, loaded| {
            let views = match crate::config::views(&loaded.file.views, &loaded.file.notify) {
                Ok(views) => views,
                Err(e) => return explain(&format!("{}: {e}", loaded.path.display())),
            };
            scripting::finish(runtime().block_on(scripting::list(&c.desk, args, c.me.clone(), &views)))
        }),
        Some(Command::Show(args)) => {
            with_connection(&cli, |c, _| scripting::finish(runtime().block_on(scripting::show(&c.desk, args))))
        }
        Some(Command::New(args)) => with_connection(&cli, |c, _| {
            scripting::finish(runtime().block_on(scripting::new(&c.desk, args, c.me.clone())))
        }),
        Some(Command::Run(words)) => with_connection(&cli, |c, loaded| {
            let library = loaded.look.library;
            scripting::finish(runtime().block_on(scripting::run_verb(&c.desk, words, c.me.clone(), library)))
        }),
        None => with_connection(&cli, |c, loaded| run_console(&cli, c, loaded)),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime starts")
}

fn explain(message: &str) -> ExitCode {
    eprintln!("triage: {message}");
    ExitCode::from(2)
}

fn with_config(cli: &Cli, then: impl FnOnce(Loaded) -> ExitCode) -> ExitCode {
    match load_config(&cli.connection) {
        Ok(loaded) => then(loaded),
        Err(message) => explain(&message),
    }
}

fn with_connection(cli: &Cli, then: impl FnOnce(Connection, Loaded) -> ExitCode) -> ExitCode {
    with_config(cli, |loaded| match connect(&cli.connection, &loaded) {
        Ok(connection) => then(connection, loaded),
        Err(e) if e.no_key => {
            eprintln!("triage: {}", e.message);
            ExitCode::from(4)
        }
        Err(e) => explain(&e.message),
    })
}

/// Errors are printed after the terminal is restored, sanitized: they may quote a server.
/// The console's exit status: 0 when the agent quit, 128 + N after signal N (130 for
/// Ctrl-c from outside, 143 for SIGTERM), as a shell reports a program a signal ended.
fn finish(result: color_eyre::Result<crate::console::run::Ended>) -> ExitCode {
    match result {
        Ok(crate::console::run::Ended::Quit) => ExitCode::SUCCESS,
        Ok(crate::console::run::Ended::Signal(n)) => ExitCode::from(u8::try_from(128 + n).unwrap_or(1)),
        Err(e) => {
            eprintln!("triage: {}", sanitize::text(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}

fn run_config(cli: &Cli, command: &ConfigCommand) -> ExitCode {
    let env = crate::config::Env::process();
    let Some(path) = crate::config::path(cli.connection.config.as_deref(), &env) else {
        return explain("no config directory on this system; use --config FILE");
    };
    match command {
        ConfigCommand::Path => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        ConfigCommand::Init { force } => {
            if path.exists() && !force {
                return explain(&format!("{} exists; --force replaces it", path.display()));
            }
            match write_private(&path, crate::config::EXAMPLE) {
                Ok(()) => {
                    println!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => explain(&format!("cannot write {}: {e}", path.display())),
            }
        }
    }
}

/// A file only its owner can read: it may come to hold a key.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    std::io::Write::write_all(&mut options.open(path)?, text.as_bytes())
}

fn session(
    profile: String,
    me: Option<String>,
    loaded: Loaded,
    cache: Option<crate::store::cache::CacheKey>,
) -> Session {
    Session { profile, me, look: loaded.look, cache }
}

fn run_console(cli: &Cli, connection: Connection, loaded: Loaded) -> ExitCode {
    let _log = crate::support::logging::init(cli.connection.log_level.as_deref());
    if let Err(e) = crate::console::terminal::install_hooks() {
        return explain(&e.to_string());
    }
    let session = session(connection.profile, connection.me, loaded, Some(connection.cache_key));
    finish(runtime().block_on(console::open(connection.desk, session)))
}

fn run_demo(cli: &Cli, args: &DemoArgs, loaded: Loaded) -> ExitCode {
    let _log = crate::support::logging::init(cli.connection.log_level.as_deref());
    if let Err(e) = crate::console::terminal::install_hooks() {
        return explain(&e.to_string());
    }
    let options = SimOptions {
        seed: args.data.seed,
        conversations: args.data.conversations,
        faults: Faults { latency_ms: args.data.latency_ms, ..Faults::default() },
        ..SimOptions::default()
    };
    let me = cli.connection.me.clone().or_else(|| crate::shell::connect::env("TRIAGE_ME"));
    finish(runtime().block_on(async move {
        let sim = Simulator::start(options, "127.0.0.1:0".parse().expect("a valid address")).await?;
        let me = me.or_else(|| sim.state().read(|db| db.users.first().map(|u| u.email.clone())));
        let desk = match cli.connection.backend.unwrap_or_default() {
            Backend::Unthread => {
                let client = UnthreadClient::new(&sim.unthread_url(), SecretString::from("demo"), Timeouts::default())?;
                AnyDesk::Unthread(UnthreadDesk::new(client))
            }
            Backend::Thena => {
                let client = ThenaClient::new(&sim.thena_url(), SecretString::from("demo"), Timeouts::default())?;
                let (from, to) =
                    thena_range(&cli.connection, jiff::Zoned::now().date()).map_err(|e| color_eyre::eyre::eyre!(e))?;
                AnyDesk::Thena(ThenaDesk::new(client, from, to))
            }
        };
        console::open(desk, session("demo".into(), me, loaded, None)).await
    }))
}

fn run_stats(connection: Connection, args: &StatsArgs) -> ExitCode {
    if let Some(template) = &args.format {
        return run_stats_line(connection, args, template);
    }
    let today = jiff::Zoned::now().date();
    match runtime().block_on(crate::shell::stats::run(&connection.desk, args, today)) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("triage stats: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_stats_line(connection: Connection, args: &StatsArgs, template: &str) -> ExitCode {
    use crate::shell::stats_line::{self, Source};
    if let Err(e) = stats_line::check(template) {
        eprintln!("triage stats: {e}");
        return ExitCode::from(2);
    }
    let me = connection.me.clone();
    let cached = (!args.refresh)
        .then(|| crate::store::cache::default_path(&connection.cache_key))
        .and_then(|path| stats_line::from_cache(path, me.as_deref(), jiff::Timestamp::now()));
    let counted = match cached {
        Some(g) => Ok((g, Source::Cache)),
        None => runtime().block_on(stats_line::from_server(&connection.desk, me)).map(|g| (g, Source::Server)),
    };
    match counted.map_err(|e| e.to_string()).and_then(|(g, source)| stats_line::render(template, &g, source, args)) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("triage stats: {}", sanitize::text(&e));
            ExitCode::from(1)
        }
    }
}

fn run_export(cli: &Cli, connection: Connection, args: &ExportArgs) -> ExitCode {
    let (Some(from), Some(to)) = (cli.connection.from, cli.connection.to) else {
        return explain("export needs the range: --from YYYY-MM-DD --to YYYY-MM-DD");
    };
    if to < from {
        return explain(&format!("--from {from} is after --to {to}"));
    }
    let mut out: Box<dyn std::io::Write> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("triage export: cannot write {}: {e}", path.display());
                return ExitCode::from(1);
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match runtime().block_on(crate::shell::export::run(&connection.desk, from, to, args.format, &mut out)) {
        Ok(_) => ExitCode::SUCCESS,
        // `triage export | head` closes the pipe early: not an error.
        Err(crate::shell::export::ExportError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("triage export: {}", sanitize::line(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

pub fn sim_options(args: &SimArgs) -> SimOptions {
    SimOptions {
        seed: args.data.seed,
        conversations: args.data.conversations,
        anchor: None,
        api_key: args.api_key.clone(),
        faults: Faults {
            latency_ms: args.data.latency_ms,
            fail_rate: args.fail_rate,
            rate_limit: args.rate_limit,
            rules: Vec::new(),
        },
        thena_style: args.thena_style,
        hostile: args.hostile,
    }
}

fn run_sim(args: &SimArgs) -> ExitCode {
    runtime().block_on(async {
        let started = std::time::Instant::now();
        let sim = match Simulator::start(sim_options(args), args.addr).await {
            Ok(sim) => sim,
            Err(e) => {
                eprintln!("triage sim: cannot listen on {}: {e}", args.addr);
                return ExitCode::from(1);
            }
        };
        println!(
            "triage sim: {} conversations ready in {:.1}s\n  Unthread  {}  (X-Api-Key: {})\n  Thena     {}/v1/requests/exports  (Bearer)\nCtrl-C stops.",
            args.data.conversations,
            started.elapsed().as_secs_f64(),
            sim.unthread_url(),
            if args.api_key.is_some() { "the --api-key value" } else { "any non-empty key" },
            sim.thena_url(),
        );
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = sim.wait() => {}
        }
        ExitCode::SUCCESS
    })
}
