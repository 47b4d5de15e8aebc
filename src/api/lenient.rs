//! Per-item tolerant decoding: one bad item in a page becomes a placeholder, not a failed page.

use serde::{Deserialize, Deserializer, de::DeserializeOwned};

/// An item that decoded, decoded without its unreadable fields, or the reason it did not.
/// Decodes only from borrowed JSON bytes (`serde_json::from_slice`/`from_str`, as
/// `http::decode` does): not from a `Value`, a reader, or inside `untagged`/`flatten`.
#[derive(Debug, Clone, PartialEq)]
pub enum Lenient<T> {
    Ok(T),
    /// Decoded once the fields at these paths were left out (they read as empty/unknown).
    Repaired {
        value: T,
        fields: Vec<String>,
    },
    Bad {
        error: String,
    },
}

/// Fields one item may lose before it is given up as unreadable.
const MAX_REPAIRS: usize = 8;

impl<T> Lenient<T> {
    pub fn ok(self) -> Option<T> {
        match self {
            Lenient::Ok(t) | Lenient::Repaired { value: t, .. } => Some(t),
            Lenient::Bad { .. } => None,
        }
    }
    pub fn as_ok(&self) -> Option<&T> {
        match self {
            Lenient::Ok(t) | Lenient::Repaired { value: t, .. } => Some(t),
            Lenient::Bad { .. } => None,
        }
    }
    /// Whether anything of the item was unreadable (a lost field or the whole item).
    pub fn is_damaged(&self) -> bool {
        !matches!(self, Lenient::Ok(_))
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The common case costs one decode; only a damaged item pays for the `Value` tree
        // and the path tracking its repair needs. The item's bytes are borrowed from the
        // body, not copied (a 50 MB export was copied whole, item by item): every body is
        // decoded from a slice.
        let raw = <&serde_json::value::RawValue>::deserialize(d)?;
        if let Ok(t) = serde_json::from_str::<T>(raw.get()) {
            return Ok(Lenient::Ok(t));
        }
        let mut value: serde_json::Value = serde_json::from_str(raw.get()).map_err(serde::de::Error::custom)?;
        let mut fields = Vec::new();
        loop {
            let error = match serde_path_to_error::deserialize::<_, T>(&value) {
                Ok(t) if fields.is_empty() => return Ok(Lenient::Ok(t)),
                Ok(value) => return Ok(Lenient::Repaired { value, fields }),
                Err(e) => e,
            };
            let path = error.path().clone();
            // Leave out the innermost unreadable value and try again: one bad field costs
            // that field, never the item's neighbours.
            if fields.len() == MAX_REPAIRS || !remove_at(&mut value, &path) {
                return Ok(Lenient::Bad { error: format!("{} at {}", error.inner(), path) });
            }
            fields.push(path.to_string());
        }
    }
}

/// Remove the value the path points at (an object member or an array element).
fn remove_at(root: &mut serde_json::Value, path: &serde_path_to_error::Path) -> bool {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    let Some((last, parents)) = segments.split_last() else { return false };
    let mut at = root;
    for segment in parents {
        let next = match segment {
            Segment::Map { key } => at.get_mut(key.as_str()),
            Segment::Seq { index } => at.get_mut(*index),
            _ => None,
        };
        match next {
            Some(next) => at = next,
            None => return false,
        }
    }
    match (last, at) {
        (Segment::Map { key }, serde_json::Value::Object(map)) => map.remove(key.as_str()).is_some(),
        (Segment::Seq { index }, serde_json::Value::Array(items)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

/// `null` decodes as the type's default (an empty list, an empty string).
pub fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// An id given either as a string or as an object with an `id` (the reference types
/// `assignedToUserId` as a User; real callers treat it as an id string).
pub fn id_or_object<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum IdOrObject {
        Id(String),
        Num(i64),
        Object { id: Option<String> },
    }
    Ok(match Option::<IdOrObject>::deserialize(d)? {
        Some(IdOrObject::Id(s)) if !s.is_empty() => Some(s),
        Some(IdOrObject::Num(n)) => Some(n.to_string()),
        Some(IdOrObject::Object { id }) => id,
        _ => None,
    })
}

/// A number that may arrive as a JSON number or a numeric string.
pub fn number_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumOrStr {
        Num(f64),
        Str(String),
    }
    Ok(match Option::<NumOrStr>::deserialize(d)? {
        Some(NumOrStr::Num(n)) => Some(n),
        Some(NumOrStr::Str(s)) => s.trim().parse().ok(),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::Lenient;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Item {
        id: String,
        #[serde(default)]
        priority: Option<u8>,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn item(json: &str) -> Lenient<Item> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_bad_field_costs_that_field_only() {
        let repaired = item(r#"{"id":"a","priority":"urgent","tags":["x"]}"#);
        let Lenient::Repaired { value, fields } = repaired else { panic!("{repaired:?}") };
        assert_eq!(value, Item { id: "a".into(), priority: None, tags: vec!["x".into()] });
        assert_eq!(fields, ["priority"]);
        let repaired = item(r#"{"id":"a","tags":[null,"y"]}"#);
        assert_eq!(repaired.as_ok().unwrap().tags, ["y"]);
        assert!(repaired.is_damaged());
    }

    #[test]
    fn an_item_without_what_identifies_it_is_unreadable() {
        assert!(matches!(item(r#"{"priority":3}"#), Lenient::Bad { .. }));
        assert!(matches!(item("17"), Lenient::Bad { .. }));
        assert!(matches!(item(r#"{"id":"a"}"#), Lenient::Ok(_)));
    }
}
