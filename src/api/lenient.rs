//! Per-item tolerant decoding: one bad item in a page becomes a placeholder, not a failed page.

use serde::{Deserialize, Deserializer, de::DeserializeOwned};

/// An item that decoded, or the reason it did not (with the field path).
#[derive(Debug, Clone, PartialEq)]
pub enum Lenient<T> {
    Ok(T),
    Bad { error: String },
}

impl<T> Lenient<T> {
    pub fn ok(self) -> Option<T> {
        match self {
            Lenient::Ok(t) => Some(t),
            Lenient::Bad { .. } => None,
        }
    }
    pub fn as_ok(&self) -> Option<&T> {
        match self {
            Lenient::Ok(t) => Some(t),
            Lenient::Bad { .. } => None,
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        Ok(match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(t) => Lenient::Ok(t),
            Err(e) => Lenient::Bad { error: format!("{} at {}", e.inner(), e.path()) },
        })
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
