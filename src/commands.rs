//! What each subcommand does.

use std::process::ExitCode;

use crate::cli::{Cli, Command, SimArgs};
use crate::sim::{Faults, SimOptions, Simulator};

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Sim(args)) => run_sim(args),
        None => {
            eprintln!("triage: the console is not built yet; try `triage sim`.");
            ExitCode::from(2)
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime starts")
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
