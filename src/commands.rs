//! What each subcommand does.

use std::process::ExitCode;

use secrecy::SecretString;

use crate::api::Timeouts;
use crate::api::thena::ThenaClient;
use crate::api::unthread::UnthreadClient;
use crate::cli::{Backend, Cli, Command, DemoArgs, SimArgs};
use crate::connect::{Connection, connect, thena_range};
use crate::console::{self, Session};
use crate::desk::any::AnyDesk;
use crate::desk::thena::ThenaDesk;
use crate::desk::unthread::UnthreadDesk;
use crate::sanitize;
use crate::sim::{Faults, SimOptions, Simulator};

pub fn run(cli: Cli) -> ExitCode {
    let me = cli.connection.me.clone().or_else(|| crate::connect::env("TRIAGE_ME"));
    match cli.command {
        Some(Command::Sim(args)) => run_sim(args),
        Some(Command::Demo(ref args)) => run_demo(&cli, args, me),
        Some(Command::Stats(ref args)) => run_stats(&cli, args),
        Some(Command::Export(ref args)) => run_export(&cli, args),
        None => run_console(cli, me),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime starts")
}

/// Errors are printed after the terminal is restored, sanitized: they may quote a server.
fn finish(result: color_eyre::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("triage: {}", sanitize::text(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}

fn connect_or_explain(cli: &Cli) -> Result<Connection, ExitCode> {
    connect(&cli.connection).map_err(|message| {
        eprintln!("triage: {message}");
        ExitCode::from(2)
    })
}

fn run_stats(cli: &Cli, args: &crate::cli::StatsArgs) -> ExitCode {
    let connection = match connect_or_explain(cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let today = jiff::Zoned::now().date();
    match runtime().block_on(crate::stats::run(&connection.desk, args, today)) {
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

fn run_export(cli: &Cli, args: &crate::cli::ExportArgs) -> ExitCode {
    let (Some(from), Some(to)) = (cli.connection.from, cli.connection.to) else {
        eprintln!("triage export: give the range with --from YYYY-MM-DD --to YYYY-MM-DD");
        return ExitCode::from(2);
    };
    if to < from {
        eprintln!("triage export: --from {from} is after --to {to}");
        return ExitCode::from(2);
    }
    let connection = match connect_or_explain(cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
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
    match runtime().block_on(crate::export::run(&connection.desk, from, to, args.format, &mut out)) {
        Ok(_) => ExitCode::SUCCESS,
        // `triage export | head` closes the pipe early: not an error.
        Err(crate::export::ExportError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("triage export: {}", sanitize::line(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

fn run_console(cli: Cli, me: Option<String>) -> ExitCode {
    let connection = match connect_or_explain(&cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Err(e) = crate::app::terminal::install_hooks() {
        eprintln!("triage: {e}");
        return ExitCode::from(1);
    }
    let session = Session { profile: connection.profile, me };
    finish(runtime().block_on(console::open(connection.desk, session)))
}

fn run_demo(cli: &Cli, args: &DemoArgs, me: Option<String>) -> ExitCode {
    if let Err(e) = crate::app::terminal::install_hooks() {
        eprintln!("triage: {e}");
        return ExitCode::from(1);
    }
    let options = SimOptions {
        seed: args.data.seed,
        conversations: args.data.conversations,
        faults: Faults { latency_ms: args.data.latency_ms, ..Faults::default() },
        ..SimOptions::default()
    };
    finish(runtime().block_on(async move {
        let sim = Simulator::start(options, "127.0.0.1:0".parse().expect("a valid address")).await?;
        let me = me.or_else(|| sim.state().read(|db| db.users.first().map(|u| u.email.clone())));
        let desk = match cli.connection.backend {
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
        console::open(desk, Session { profile: "demo".into(), me }).await
    }))
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
    }
}

fn run_sim(args: SimArgs) -> ExitCode {
    runtime().block_on(async {
        let started = std::time::Instant::now();
        let sim = match Simulator::start(sim_options(&args), args.addr).await {
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
