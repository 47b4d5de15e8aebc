//! What each subcommand does.

use std::process::ExitCode;

use secrecy::SecretString;

use crate::api::Timeouts;
use crate::api::unthread::{DEFAULT_BASE_URL, UnthreadClient};
use crate::cli::{Cli, Command, DemoArgs, SimArgs};
use crate::console::{self, Session};
use crate::desk::unthread::UnthreadDesk;
use crate::sanitize;
use crate::sim::{Faults, SimOptions, Simulator};

pub fn run(cli: Cli) -> ExitCode {
    let me = cli.connection.me.clone().or_else(|| env("TRIAGE_ME"));
    match cli.command {
        Some(Command::Sim(args)) => run_sim(args),
        Some(Command::Demo(args)) => run_demo(args, me),
        Some(Command::Stats(ref args)) => run_stats(&cli, args),
        None => run_console(cli, me),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
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

/// The Unthread client from flags and the environment, or the exit code after explaining.
fn unthread_client(cli: &Cli) -> Result<(UnthreadClient, String), ExitCode> {
    let Some(key) = env("UNTHREAD_API_KEY") else {
        eprintln!(
            "triage: no Unthread API key.\n\n  Set UNTHREAD_API_KEY to a service-account key (Unthread → Settings → Service Accounts),\n  and UNTHREAD_BASE_URL if your workspace uses another API host (default {DEFAULT_BASE_URL}).\n\n  To try the console without an account: triage demo"
        );
        return Err(ExitCode::from(2));
    };
    let base = cli
        .connection
        .base_url
        .clone()
        .or_else(|| env("UNTHREAD_BASE_URL"))
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
    match UnthreadClient::new(&base, SecretString::from(key), Timeouts::default()) {
        Ok(c) => Ok((c, host_of(&base))),
        Err(e) => {
            eprintln!("triage: {e}");
            Err(ExitCode::from(2))
        }
    }
}

fn run_stats(cli: &Cli, args: &crate::cli::StatsArgs) -> ExitCode {
    let (client, _) = match unthread_client(cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let today = jiff::Zoned::now().date();
    match runtime().block_on(crate::stats::run(&UnthreadDesk::new(client), args, today)) {
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

fn run_console(cli: Cli, me: Option<String>) -> ExitCode {
    let (client, profile) = match unthread_client(&cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Err(e) = crate::app::terminal::install_hooks() {
        eprintln!("triage: {e}");
        return ExitCode::from(1);
    }
    let session = Session { profile, me };
    finish(runtime().block_on(console::open(UnthreadDesk::new(client), session)))
}

fn host_of(base: &str) -> String {
    crate::ui::markup::host_of(base).unwrap_or_else(|| base.to_string())
}

fn run_demo(args: DemoArgs, me: Option<String>) -> ExitCode {
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
        let client = UnthreadClient::new(&sim.unthread_url(), SecretString::from("demo"), Timeouts::default())?;
        console::open(UnthreadDesk::new(client), Session { profile: "demo".into(), me }).await
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
