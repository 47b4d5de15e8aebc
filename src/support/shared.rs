//! Text many records hold alike (a customer, an agent, a tag, a source, a status): one
//! `Arc<str>` for all of them. Decoding 100,000 tickets brought 600,000 copies of a few
//! hundred names, each allocated twice (serde builds a `String`, then the `Arc`) and freed
//! again once the inbox kept its one copy; made shared as they are decoded, a repeat
//! allocates nothing.

use std::cell::RefCell;
use std::hash::Hash;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

pub type Shared = Arc<str>;

/// How many names one thread remembers.
const REMEMBERED: usize = 1 << 16;

/// One copy of each name (or of each value of another kind many records hold alike: a
/// ticket's set of tags).
#[derive(Debug)]
pub struct NameSet<T: ?Sized + Eq + Hash = str>(foldhash::HashSet<Arc<T>>);

impl<T: ?Sized + Eq + Hash> Clone for NameSet<T> {
    fn clone(&self) -> Self {
        NameSet(self.0.clone())
    }
}

impl<T: ?Sized + Eq + Hash> Default for NameSet<T> {
    fn default() -> Self {
        NameSet(foldhash::HashSet::default())
    }
}

impl<T: ?Sized + Eq + Hash> NameSet<T>
where
    for<'a> Arc<T>: From<&'a T>,
{
    /// The set's copy of `value`, made when it is new.
    pub fn get_or_insert(&mut self, value: &T) -> Arc<T> {
        match self.0.get(value) {
            Some(known) => known.clone(),
            None => self.adopt(value.into()),
        }
    }

    /// `name` made the set's copy (and, when the set has none yet, made it).
    pub fn share(&mut self, name: &mut Arc<T>) {
        match self.0.get(&**name) {
            Some(known) if !Arc::ptr_eq(known, name) => *name = known.clone(),
            Some(_) => {}
            None => _ = self.adopt(name.clone()),
        }
    }

    fn adopt(&mut self, name: Arc<T>) -> Arc<T> {
        self.0.insert(name.clone());
        name
    }

    /// Whether the set holds this very copy of a value (not merely an equal one).
    pub fn holds(&self, name: &Arc<T>) -> bool {
        self.0.get(&**name).is_some_and(|known| Arc::ptr_eq(known, name))
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

    /// As `get_or_insert`, on this thread's set in `local`, forgetting all once it holds
    /// `REMEMBERED` (a server naming every record differently stops the sharing; it cannot
    /// grow the set without bound).
    pub fn local(local: &'static std::thread::LocalKey<RefCell<Self>>, value: &T) -> Arc<T> {
        local.with_borrow_mut(|set| {
            if set.len() == REMEMBERED {
                set.clear();
            }
            set.get_or_insert(value)
        })
    }
}

thread_local! {
    /// serde's derived decoders take no state, so the names decoded so far live here, one
    /// set per thread (the inbox makes the copies from different threads one: `Names`).
    static DECODED: RefCell<NameSet> = RefCell::default();
}

/// `text` as this thread's shared copy.
pub fn shared(text: &str) -> Shared {
    NameSet::local(&DECODED, text)
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
