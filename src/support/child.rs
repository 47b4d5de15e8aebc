//! Programs triage starts for the agent (`$EDITOR`, the browser opener) get an environment
//! built from an allow-list: what a terminal editor or a desktop opener needs, and nothing
//! else. A deny-list of secret-looking names always misses one (`API_KEY`, `PGPASSWORD`,
//! `GH_PAT`, a password inside `DATABASE_URL` or `HTTPS_PROXY`), so none is kept; and the
//! variable a profile reads its key from never passes, whatever it is called.

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::Mutex;

/// Variables a child inherits by name: its search path and home, who and where the user is,
/// the terminal it draws on, the language, the editor it may start in turn, and the display
/// a browser opens on.
const PASSED: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "TMPDIR",
    "TZ",
    "LANG",
    "LANGUAGE",
    "TERM",
    "COLORTERM",
    "TERMINFO",
    "TERMINFO_DIRS",
    "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION",
    "TMUX",
    "TMUX_PANE",
    "EDITOR",
    "VISUAL",
    "NVIM_APPNAME",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "DBUS_SESSION_BUS_ADDRESS",
    "BROWSER",
];
/// Families passed whole: the locale's categories and the XDG base directories.
const PASSED_PREFIXES: &[&str] = &["LC_", "XDG_"];

/// Names a key was read from in this process (`api_key_env`): never passed, even when the
/// allow-list names them.
static KEY_VARIABLES: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// `name` holds a key: no child ever sees it.
pub fn never_pass(name: &str) {
    if let Ok(mut names) = KEY_VARIABLES.lock() {
        names.insert(name.to_string());
    }
}

fn passes(name: &str, keys: &BTreeSet<String>) -> bool {
    let allowed = PASSED.contains(&name) || PASSED_PREFIXES.iter().any(|p| name.starts_with(p));
    allowed && !keys.contains(name)
}

/// `command` with an environment of the allowed variables only.
pub fn safe_environment(command: &mut Command) -> &mut Command {
    let keys = KEY_VARIABLES.lock().map(|k| k.clone()).unwrap_or_default();
    command.env_clear();
    for (name, value) in std::env::vars_os() {
        if name.to_str().is_some_and(|n| passes(n, &keys)) {
            command.env(name, value);
        }
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_an_editor_or_opener_needs_passes() {
        let none = BTreeSet::new();
        for plain in ["HOME", "PATH", "EDITOR", "TERM", "LC_ALL", "XDG_RUNTIME_DIR", "DISPLAY"] {
            assert!(passes(plain, &none), "{plain}");
        }
        let secrets = [
            "UNTHREAD_API_KEY",
            "ACME_UNTHREAD_KEY",
            "API_KEY",
            "PGPASSWORD",
            "aws_secret_access_key",
            "GH_PAT",
            "DATABASE_URL",
            "HTTPS_PROXY",
            "https_proxy",
            "SSH_AUTH_SOCK",
            "LD_PRELOAD",
        ];
        for secret in secrets {
            assert!(!passes(secret, &none), "{secret}");
        }
    }

    #[test]
    fn the_variable_a_key_came_from_never_passes() {
        let keys = BTreeSet::from(["EDITOR".to_string()]);
        assert!(!passes("EDITOR", &keys), "even an allowed name, once it held a key");
        assert!(passes("VISUAL", &keys));
    }
}
