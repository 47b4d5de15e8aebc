//! `[keys.CONTEXT]` tables of config.toml applied over the default key map (config hands
//! over the raw strings; what they mean is the key map's business).

use std::collections::BTreeMap;

use super::{Binding, Chord, Context, Keymap};

fn context(name: &str) -> Result<Context, String> {
    Context::parse(name)
        .ok_or_else(|| format!("[keys.{name}]: unknown context {name:?} (anywhere, inbox, thread, metrics, composer)"))
}

/// Rebind (`"z" = "status"`) or unbind (`"x" = "none"`) keys. Two keys of one table that
/// name the same key with different actions are a collision, reported with both.
pub fn apply_keys(keymap: &mut Keymap, tables: &BTreeMap<String, BTreeMap<String, String>>) -> Result<(), String> {
    for (ctx_name, table) in tables {
        let ctx = context(ctx_name)?;
        let mut seen: BTreeMap<Chord, (&str, &str)> = BTreeMap::new();
        for (key, action) in table {
            let chord = Chord::parse(key).map_err(|e| format!("[keys.{ctx_name}]: {e}"))?;
            if let Some((other_key, other_action)) = seen.get(&chord)
                && *other_action != action.as_str()
            {
                return Err(format!(
                    "[keys.{ctx_name}]: {other_key:?} = {other_action:?} and {key:?} = {action:?} bind the same key ({}); keep one",
                    chord.label()
                ));
            }
            seen.insert(chord, (key, action));
            if action == "none" {
                keymap.unbind(ctx, chord);
                continue;
            }
            // A command's name binds it (`"z" = "status"` opens the picker); a command with
            // its arguments binds the line (`"z" = "status closed"`).
            let binding = Binding::parse(action)
                .ok_or_else(|| format!("[keys.{ctx_name}]: unknown action {action:?} for {key:?}"))?;
            keymap.bind(ctx, chord, binding);
        }
    }
    Ok(())
}

/// A macro's `key`: `macro NAME` in the inbox and the thread (before `[keys]`, which may
/// rebind it).
pub fn bind_macros(keymap: &mut Keymap, macros: &[crate::command::library::Macro]) -> Result<(), String> {
    for m in macros {
        let Some(key) = &m.key else { continue };
        let chord = Chord::parse(key).map_err(|e| format!("macro {:?}: {e}", m.name))?;
        for ctx in [Context::Inbox, Context::Thread] {
            keymap.bind(ctx, chord, Binding::Line(format!("macro {}", m.name)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(ctx: &str, pairs: &[(&str, &str)]) -> BTreeMap<String, BTreeMap<String, String>> {
        BTreeMap::from([(ctx.to_string(), pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())])
    }

    #[test]
    fn rebind_and_unbind() {
        let mut map = Keymap::default();
        apply_keys(&mut map, &tables("inbox", &[("z", "status"), ("x", "none")])).unwrap();
        let bound = |ctx, key: &str| map.binding(ctx, Chord::parse(key).unwrap()).map(Binding::describe);
        assert_eq!(bound(Context::Inbox, "z").as_deref(), Some("set the status"));
        assert_eq!(bound(Context::Inbox, "x"), None);
        assert_eq!(bound(Context::Inbox, "space").as_deref(), Some("mark for bulk action"), "other bindings stay");
        // A command with its arguments is a line run as if typed after `:`.
        apply_keys(&mut map, &tables("inbox", &[("Z", "status closed")])).unwrap();
        let listing = map.listing();
        assert!(
            listing.iter().any(|(_, what, keys)| what == ":status closed" && keys == &["Z".to_string()]),
            "{listing:?}"
        );
        let err = apply_keys(&mut map, &tables("inbox", &[("Z", "explode now")])).unwrap_err();
        assert_eq!(err, "[keys.inbox]: unknown action \"explode now\" for \"Z\"");
    }

    #[test]
    fn errors_name_what_is_wrong() {
        let mut map = Keymap::default();
        let err = apply_keys(&mut map, &tables("inbox", &[("z", "make-coffee")])).unwrap_err();
        assert_eq!(err, "[keys.inbox]: unknown action \"make-coffee\" for \"z\"");
        let err = apply_keys(&mut map, &tables("inbox", &[("hyper-z", "status")])).unwrap_err();
        assert_eq!(err, "[keys.inbox]: unknown key \"hyper-z\"");
        let err = apply_keys(&mut map, &tables("sidebar", &[("z", "status")])).unwrap_err();
        assert!(err.contains("unknown context \"sidebar\""), "{err}");
        let err = apply_keys(&mut map, &tables("inbox", &[("G", "bottom"), ("shift-g", "top")])).unwrap_err();
        assert_eq!(err, "[keys.inbox]: \"G\" = \"bottom\" and \"shift-g\" = \"top\" bind the same key (G); keep one");
    }
}
