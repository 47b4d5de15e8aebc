//! The canary: a key that must never appear in anything the app writes or prints — logs at
//! trace level, drafts, config, the terminal, error messages and panic reports.

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::{Fault, FaultRule, Faults, SimOptions};

const CANARY: &str = "sk_live_CANARY_9d2e71";

fn every_file_under(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(every_file_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path, bytes));
        }
    }
    out
}

#[test]
fn the_key_never_leaks() {
    let rt = runtime();
    let sim = rt.block_on(sim_with(SimOptions { api_key: Some(CANARY.into()), ..options(30) }));
    let home = tempfile::tempdir().unwrap().keep();
    let config = home.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "default_profile = \"p\"\n[profiles.p]\nbase_url = \"{}\"\napi_key_cmd = \"echo {CANARY}\"\n",
            sim.unthread_url()
        ),
    )
    .unwrap();
    let config = config.to_string_lossy().into_owned();
    let env = [("TRIAGE_LOG", "trace")];
    let mut outputs = Vec::new();

    // A session with server errors, retries, a draft and a failed send.
    sim.state().set_faults(Faults {
        rules: vec![
            FaultRule::new(Some("POST"), Some("/users/list"), Fault::Status { status: 500 }).times(2),
            FaultRule::new(Some("POST"), Some("/messages$"), Fault::Status { status: 503 }),
        ],
        ..Faults::default()
    });
    let mut tty = Tty::spawn_in(&home, &["--config", &config], &env, 110, 30);
    tty.wait_for("30 of 30", WAIT);
    tty.send("r");
    tty.send("a reply that fails");
    tty.send("\x13");
    tty.wait_for("did not arrive", WAIT);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
    outputs.push(tty.raw());

    // A rejected key: the error names the variable, never the key.
    let mut rejected = Tty::spawn_in(
        &home,
        &[],
        &[("UNTHREAD_API_KEY", "sk_live_CANARY_wrong"), ("UNTHREAD_BASE_URL", &sim.unthread_url())],
        110,
        30,
    );
    rejected.wait_for("rejected the API key", WAIT);
    rejected.send("q");
    rejected.wait_exit(WAIT);
    outputs.push(rejected.raw());

    // A panic report.
    let mut panicked = Tty::spawn_in(
        &home,
        &["--config", &config],
        &[("TRIAGE_FAULT", "panic_in_worker"), ("TRIAGE_LOG", "trace")],
        110,
        30,
    );
    assert!(!panicked.wait_exit(WAIT).success());
    outputs.push(panicked.raw());

    let files = every_file_under(&home);
    assert!(
        files.iter().any(|(p, _)| p.to_string_lossy().contains("triage") && p.to_string_lossy().ends_with(".log")),
        "a log was written: {:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(files.iter().any(|(p, _)| p.to_string_lossy().contains("drafts")), "a draft was written");
    for (path, bytes) in &files {
        if path.ends_with("config.toml") {
            continue; // the config names the command, and the test wrote the key into it
        }
        assert!(!String::from_utf8_lossy(bytes).contains("CANARY"), "the key leaked into {}", path.display());
    }
    for (i, raw) in outputs.iter().enumerate() {
        assert!(!String::from_utf8_lossy(raw).contains("CANARY"), "the key leaked to the terminal in run {i}");
    }
}

/// `api_key_env` names any variable: the editor gets an allow-listed environment, so neither
/// that variable nor any other secret-looking one (or a password inside a URL) reaches it.
#[test]
fn the_editor_inherits_no_key_whatever_its_variable_is_called() {
    let rt = runtime();
    let sim = rt.block_on(sim_with(SimOptions { api_key: Some(CANARY.into()), ..options(5) }));
    let home = tempfile::tempdir().unwrap().keep();
    let (config, script, seen) = (home.join("config.toml"), home.join("editor.sh"), home.join("editor-env.txt"));
    let profile = format!("[profiles.p]\nbase_url = \"{}\"\napi_key_env = \"ACME_UNTHREAD_KEY\"\n", sim.unthread_url());
    std::fs::write(&config, format!("default_profile = \"p\"\n{profile}")).unwrap();
    std::fs::write(&script, format!("#!/bin/sh\nenv > '{}'\necho 'edited' >> \"$1\"\n", seen.display())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let (config, editor) = (config.to_string_lossy().into_owned(), script.to_string_lossy().into_owned());
    let secrets = [
        ("ACME_UNTHREAD_KEY", CANARY.to_string()),
        ("API_KEY", format!("{CANARY}_1")),
        ("PGPASSWORD", format!("{CANARY}_2")),
        ("aws_secret_access_key", format!("{CANARY}_3")),
        ("GH_PAT", format!("{CANARY}_4")),
        ("DATABASE_URL", format!("postgres://app:{CANARY}_5@db/app")),
        ("HTTPS_PROXY", format!("http://me:{CANARY}_6@proxy:3128")),
    ];
    let mut env: Vec<(&str, &str)> = secrets.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.push(("EDITOR", &editor));
    env.push(("LC_ALL", "C.UTF-8"));
    let mut tty = Tty::spawn_in(&home, &["--config", &config], &env, 110, 30);
    tty.wait_for("5 of 5", WAIT);
    tty.send("r");
    tty.send("x");
    tty.send("\x05"); // Ctrl-e
    tty.wait_for("edited", WAIT);
    tty.send("\x1b");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
    let inherited = std::fs::read_to_string(&seen).unwrap();
    assert!(inherited.contains("HOME=") && inherited.contains("LC_ALL=C.UTF-8"), "{inherited}");
    assert!(!inherited.contains("CANARY"), "a secret reached the editor:\n{inherited}");
    for (name, _) in &secrets {
        assert!(!inherited.contains(&format!("{name}=")), "{name} reached the editor");
    }
}
