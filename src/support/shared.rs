//! Text many records hold alike (a customer, an agent, a tag, a source, a status): one
//! `Arc<str>` for all of them. Decoding 100,000 tickets brought 600,000 copies of a few
//! hundred names, each allocated twice (serde builds a `String`, then the `Arc`) and freed
//! again once the inbox kept its one copy; made shared as they are decoded, a repeat
//! allocates nothing.

use std::cell::RefCell;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

pub type Shared = Arc<str>;

/// How many names one thread remembers: a server that names every ticket's customer
/// differently only stops the sharing, it cannot grow this without bound.
const REMEMBERED: usize = 1 << 16;

/// One copy of each name.
#[derive(Debug, Clone, Default)]
pub struct NameSet(foldhash::HashSet<Shared>);

impl NameSet {
    /// The set's copy of `text`, made when it is new.
    pub fn get_or_insert(&mut self, text: &str) -> Shared {
        match self.0.get(text) {
            Some(known) => known.clone(),
            None => self.adopt(text.into()),
        }
    }

    /// `name` made the set's copy (and, when the set has none yet, made it).
    pub fn share(&mut self, name: &mut Shared) {
        match self.0.get(&**name) {
            Some(known) if !Arc::ptr_eq(known, name) => *name = known.clone(),
            Some(_) => {}
            None => _ = self.adopt(name.clone()),
        }
    }

    fn adopt(&mut self, name: Shared) -> Shared {
        self.0.insert(name.clone());
        name
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

thread_local! {
    /// serde's derived decoders take no state, so the names decoded so far live here, one
    /// set per thread (the inbox makes the copies from different threads one: `Names`).
    static DECODED: RefCell<NameSet> = RefCell::default();
}

/// `text` as this thread's shared copy.
pub fn shared(text: &str) -> Shared {
    DECODED.with_borrow_mut(|names| {
        if names.len() == REMEMBERED {
            names.clear();
        }
        names.get_or_insert(text)
    })
}

/// A string decoded straight into an `Arc` (serde's own `Arc<str>` goes through a
/// `String`: two allocations): the thread's shared copy when `NAME` (a name many records
/// hold), or one of its own (a title: one allocation, and nothing remembered).
struct Decoded<const NAME: bool>(Shared);

impl<'de, const NAME: bool> Deserialize<'de> for Decoded<NAME> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text<const NAME: bool>;
        impl<const NAME: bool> serde::de::Visitor<'_> for Text<NAME> {
            type Value = Decoded<NAME>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Decoded<NAME>, E> {
                Ok(Decoded(if NAME { shared(text) } else { text.into() }))
            }
        }
        d.deserialize_str(Text::<NAME>)
    }
}

/// For `#[serde(deserialize_with = "…")]` on a `Shared` field naming what many records name.
pub fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Shared, D::Error> {
    Decoded::<true>::deserialize(d).map(|s| s.0)
}

/// For `#[serde(default, deserialize_with = "…")]` on an `Option<Shared>` field.
pub fn decode_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Shared>, D::Error> {
    Option::<Decoded<true>>::deserialize(d).map(|s| s.map(|s| s.0))
}

/// For `#[serde(deserialize_with = "…")]` on a `Shared` field whose text is its own.
pub fn decode_own<'de, D: Deserializer<'de>>(d: D) -> Result<Shared, D::Error> {
    Decoded::<false>::deserialize(d).map(|s| s.0)
}

/// As `decode_own`, for an `Option<Shared>` field.
pub fn decode_own_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Shared>, D::Error> {
    Option::<Decoded<false>>::deserialize(d).map(|s| s.map(|s| s.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_name_decoded_twice_is_one_copy() {
        let names: Vec<Decoded<true>> = serde_json::from_str(r#"["Acme", "Acme", "Initech", "Ac\u006de"]"#).unwrap();
        assert!(Arc::ptr_eq(&names[0].0, &names[1].0) && Arc::ptr_eq(&names[0].0, &names[3].0), "escaped too");
        assert_eq!(&*names[2].0, "Initech");
        let none: Option<Decoded<true>> = serde_json::from_str("null").unwrap();
        assert!(none.is_none());
    }

    #[test]
    fn a_text_of_its_own_is_never_shared() {
        let titles: Vec<Decoded<false>> = serde_json::from_str(r#"["Same", "Same", "Tab\tin it"]"#).unwrap();
        assert!(!Arc::ptr_eq(&titles[0].0, &titles[1].0), "two titles, two copies");
        assert_eq!((&*titles[1].0, &*titles[2].0), ("Same", "Tab\tin it"));
    }
}
