//! Who we connect to and as whom: flags first, then the environment, then the profile.

use std::collections::BTreeMap;
use std::path::Path;

use secrecy::SecretString;

use super::file::{ConfigFile, KeySource, Profile};
use super::flags::{Backend, ConnectionArgs};
use crate::api::thena::ThenaClient;
use crate::api::unthread::DEFAULT_BASE_URL;
use crate::support::sanitize;

type Lookup = Box<dyn Fn(&str) -> Option<String>>;

/// The environment as a lookup, so resolution is testable without touching the process.
pub struct Env(Lookup);

impl Env {
    pub fn process() -> Env {
        Env(Box::new(|name| std::env::var(name).ok()))
    }
    pub fn from_map(map: BTreeMap<String, String>) -> Env {
        Env(Box::new(move |name| map.get(name).cloned()))
    }
    /// A set, non-empty variable.
    pub fn get(&self, name: &str) -> Option<String> {
        (self.0)(name).filter(|v| !v.trim().is_empty())
    }
}

/// Everything needed to connect. The key stays in a redacting type.
pub struct Resolved {
    pub backend: Backend,
    pub profile: Option<String>,
    pub base_url: String,
    pub key: SecretString,
    pub me: Option<String>,
    /// Said on stderr before the console starts (a config file others can read…).
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for Resolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolved")
            .field("backend", &self.backend)
            .field("profile", &self.profile)
            .field("base_url", &self.base_url)
            .field("key", &"[REDACTED]")
            .finish()
    }
}

/// Why there is no connection: `NoKey` is the first run (explained at length), the rest are
/// mistakes to fix.
#[derive(Debug, Clone, PartialEq)]
pub enum ResolveError {
    NoKey { backend: Backend },
    Invalid(String),
}

/// Runs `api_key_cmd`: its trimmed standard output, or (exit code, standard error).
pub type RunCommand<'a> = &'a dyn Fn(&str) -> Result<String, (Option<i32>, String)>;

/// The shell runs the command, so `pass show x | head -1` works (with a timeout).
pub use super::key_command::run_shell;

pub fn resolve(
    flags: &ConnectionArgs,
    env: &Env,
    config: &ConfigFile,
    config_path: &Path,
    run: RunCommand,
) -> Result<Resolved, ResolveError> {
    let profile_name = flags.profile.clone().or_else(|| config.default_profile.clone());
    let empty = Profile::default();
    let profile = match &profile_name {
        Some(name) => named_profile(config, name, config_path)?,
        None => &empty,
    };
    let label = profile_name.clone().unwrap_or_else(|| "default".into());
    let backend = flags.backend.or(profile.backend).unwrap_or_default();
    let base_url = base_url(backend, flags, env, profile)?;
    let mut warnings = Vec::new();
    let key = api_key(backend, env, profile, &label, config_path, run, &mut warnings)?;
    Ok(Resolved {
        backend,
        profile: profile_name,
        base_url,
        key: SecretString::from(key),
        me: flags.me.clone().or_else(|| env.get("TRIAGE_ME")).or_else(|| profile.me.clone()),
        warnings,
    })
}

fn invalid(message: String) -> ResolveError {
    ResolveError::Invalid(message)
}

fn named_profile<'c>(config: &'c ConfigFile, name: &str, config_path: &Path) -> Result<&'c Profile, ResolveError> {
    config.profiles.get(name).ok_or_else(|| {
        let known: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
        invalid(format!(
            "no profile {name:?} in {} (profiles: {})",
            config_path.display(),
            if known.is_empty() { "none".into() } else { known.join(", ") }
        ))
    })
}

/// Flags, then the environment, then the profile; Unthread has a default, Thena needs a
/// workspace.
fn base_url(backend: Backend, flags: &ConnectionArgs, env: &Env, profile: &Profile) -> Result<String, ResolveError> {
    if backend == Backend::Unthread {
        return Ok(flags
            .base_url
            .clone()
            .or_else(|| env.get("UNTHREAD_BASE_URL"))
            .or_else(|| profile.base_url.clone())
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string()));
    }
    let workspace = |w: &str| ThenaClient::base_for_workspace(w).map_err(|e| invalid(e.to_string()));
    match (flags.base_url.clone().or_else(|| env.get("THENA_BASE_URL")), env.get("THENA_WORKSPACE")) {
        (Some(url), _) => Ok(url),
        (None, Some(w)) => workspace(&w),
        (None, None) => match (&profile.base_url, &profile.workspace) {
            (Some(url), _) => Ok(url.clone()),
            (None, Some(w)) => workspace(w),
            (None, None) => Err(invalid(
                "no Thena workspace: set THENA_WORKSPACE or THENA_BASE_URL, or workspace in the profile".into(),
            )),
        },
    }
}

/// The environment's key, else the profile's source of one: a command, a variable, or the
/// file itself (with a warning when others can read it).
fn api_key(
    backend: Backend,
    env: &Env,
    profile: &Profile,
    label: &str,
    config_path: &Path,
    run: RunCommand,
    warnings: &mut Vec<String>,
) -> Result<String, ResolveError> {
    let key_var = match backend {
        Backend::Unthread => "UNTHREAD_API_KEY",
        Backend::Thena => "THENA_API_KEY",
    };
    if let Some(key) = env.get(key_var) {
        return Ok(key);
    }
    match profile.key_source(label).map_err(invalid)? {
        Some(KeySource::Command(cmd)) => match run(&cmd) {
            Ok(key) if !key.is_empty() => Ok(key),
            Ok(_) => Err(invalid(format!("api_key_cmd of profile {label:?} printed nothing"))),
            // Ran, but what it printed is no key (or it hung): said, never shown.
            Err((None | Some(0), why)) => Err(invalid(format!("api_key_cmd of profile {label:?}: {why}"))),
            Err((Some(code), stderr)) => {
                let stderr = sanitize::line(&stderr).chars().take(400).collect::<String>();
                Err(invalid(format!("api_key_cmd of profile {label:?} failed with exit code {code}: {stderr}")))
            }
        },
        Some(KeySource::Env(var)) => {
            // Whatever it is called, the variable holds a key now: no child inherits it.
            crate::support::child::never_pass(&var);
            env.get(&var)
                .ok_or_else(|| invalid(format!("profile {label:?} takes its key from ${var}, which is not set")))
        }
        Some(KeySource::Inline) => {
            if let Some(mode) = super::readable_by_others(config_path) {
                warnings.push(format!(
                    "{} holds an api_key and is readable by others (mode {mode:o}); run: chmod 600 {}",
                    config_path.display(),
                    config_path.display()
                ));
            }
            Ok(profile.api_key.clone().unwrap_or_default())
        }
        None => Err(ResolveError::NoKey { backend }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;
    use secrecy::ExposeSecret;

    const CONFIG: &str = r#"
default_profile = "acme"
[profiles.acme]
base_url = "https://acme.unthread.io/api"
me = "maria@acme.dev"
api_key_cmd = "pass show acme"
[profiles.env]
api_key_env = "ACME_KEY"
[profiles.inline]
api_key = "sk_inline"
[profiles.thena]
backend = "thena"
workspace = "globex"
api_key_env = "GLOBEX_KEY"
"#;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_map(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    fn run_ok(cmd: &str) -> Result<String, (Option<i32>, String)> {
        assert_eq!(cmd, "pass show acme");
        Ok("sk_from_pass".into())
    }

    fn go(flags: ConnectionArgs, env: &Env) -> Result<Resolved, ResolveError> {
        resolve(&flags, env, &parse(CONFIG, "c.toml").unwrap(), Path::new("/nonexistent/c.toml"), &run_ok)
    }

    #[test]
    fn profile_then_environment_then_flags() {
        let r = go(ConnectionArgs::default(), &env(&[])).unwrap();
        assert_eq!(
            (r.profile.as_deref(), r.base_url.as_str(), r.me.as_deref()),
            (Some("acme"), "https://acme.unthread.io/api", Some("maria@acme.dev"))
        );
        assert_eq!(r.key.expose_secret(), "sk_from_pass");
        let e = env(&[
            ("UNTHREAD_BASE_URL", "https://env.example/api"),
            ("UNTHREAD_API_KEY", "sk_env"),
            ("TRIAGE_ME", "env@x.io"),
        ]);
        let r = go(ConnectionArgs::default(), &e).unwrap();
        assert_eq!(
            (r.base_url.as_str(), r.key.expose_secret(), r.me.as_deref()),
            ("https://env.example/api", "sk_env", Some("env@x.io"))
        );
        let flags = ConnectionArgs {
            base_url: Some("https://flag.example/api".into()),
            me: Some("flag@x.io".into()),
            ..Default::default()
        };
        let r = go(flags, &e).unwrap();
        assert_eq!((r.base_url.as_str(), r.me.as_deref()), ("https://flag.example/api", Some("flag@x.io")));
    }

    #[test]
    fn every_key_source() {
        let r =
            go(ConnectionArgs { profile: Some("env".into()), ..Default::default() }, &env(&[("ACME_KEY", "sk_var")]))
                .unwrap();
        assert_eq!(r.key.expose_secret(), "sk_var");
        let err = go(ConnectionArgs { profile: Some("env".into()), ..Default::default() }, &env(&[])).unwrap_err();
        assert_eq!(err, ResolveError::Invalid("profile \"env\" takes its key from $ACME_KEY, which is not set".into()));
        let r = go(ConnectionArgs { profile: Some("inline".into()), ..Default::default() }, &env(&[])).unwrap();
        assert_eq!(r.key.expose_secret(), "sk_inline");
        let r =
            go(ConnectionArgs { profile: Some("thena".into()), ..Default::default() }, &env(&[("GLOBEX_KEY", "k")]))
                .unwrap();
        assert_eq!((r.backend, r.base_url.as_str()), (Backend::Thena, "https://globex.thena.ai"));
        assert!(!format!("{r:?}").contains("sk_"), "Debug never shows the key");
    }

    #[test]
    fn failures_are_explained_without_the_key() {
        let config = parse(CONFIG, "c.toml").unwrap();
        let failing = |_: &str| -> Result<String, (Option<i32>, String)> {
            Err((Some(2), "gpg: decryption failed: No secret key".into()))
        };
        let err = resolve(&ConnectionArgs::default(), &env(&[]), &config, Path::new("c.toml"), &failing).unwrap_err();
        assert_eq!(
            err,
            ResolveError::Invalid(
                "api_key_cmd of profile \"acme\" failed with exit code 2: gpg: decryption failed: No secret key".into()
            )
        );
        let err = go(ConnectionArgs { profile: Some("nope".into()), ..Default::default() }, &env(&[])).unwrap_err();
        assert_eq!(
            err,
            ResolveError::Invalid(
                "no profile \"nope\" in /nonexistent/c.toml (profiles: acme, env, inline, thena)".into()
            )
        );
        let none = resolve(&ConnectionArgs::default(), &env(&[]), &ConfigFile::default(), Path::new("c.toml"), &run_ok)
            .unwrap_err();
        assert_eq!(none, ResolveError::NoKey { backend: Backend::Unthread });
    }

    #[cfg(unix)]
    #[test]
    fn an_inline_key_in_a_readable_file_is_warned_about() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, CONFIG).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let config = parse(CONFIG, "c.toml").unwrap();
        let flags = ConnectionArgs { profile: Some("inline".into()), ..Default::default() };
        let r = resolve(&flags, &env(&[]), &config, &path, &run_ok).unwrap();
        assert_eq!(r.warnings.len(), 1);
        assert!(
            r.warnings[0].contains("readable by others (mode 644)") && r.warnings[0].contains("chmod 600"),
            "{}",
            r.warnings[0]
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(resolve(&flags, &env(&[]), &config, &path, &run_ok).unwrap().warnings.is_empty());
    }
}
