//! Programs triage starts for the agent (`$EDITOR`, the browser opener) get the agent's
//! environment without the keys in it: a secret never reaches a child process.

use std::process::Command;

/// The service keys by name, and any variable whose name says it holds a secret.
fn is_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    matches!(upper.as_str(), "UNTHREAD_API_KEY" | "THENA_API_KEY")
        || ["_API_KEY", "_TOKEN", "_SECRET", "_PASSWORD", "_APIKEY"].iter().any(|s| upper.ends_with(s))
}

/// `command` with every secret variable removed from what it inherits.
pub fn without_secrets(command: &mut Command) -> &mut Command {
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(is_secret) {
            command.env_remove(name);
        }
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_named_secrets_and_ordinary_variables_are_not() {
        for secret in ["UNTHREAD_API_KEY", "THENA_API_KEY", "GITHUB_TOKEN", "my_api_key", "DB_PASSWORD"] {
            assert!(is_secret(secret), "{secret}");
        }
        for plain in ["HOME", "PATH", "EDITOR", "TERM", "TOKENIZER"] {
            assert!(!is_secret(plain), "{plain}");
        }
    }
}
