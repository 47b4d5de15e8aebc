//! A ticket's tags as one shared set: 100,000 tickets carry a few hundred combinations of a
//! few dozen tags, and each decoded list was its own vector (128 bytes and a header for two
//! tags). Decoded, a list becomes this thread's copy of that set; the inbox makes the
//! copies of different threads one (`app::state::names`).

use std::cell::RefCell;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

use super::TagRef;
use crate::support::shared::NameSet;

/// A ticket's tags, in the server's order, shared by every ticket with the same ones.
pub type Tags = Arc<[TagRef]>;

thread_local! {
    static DECODED: RefCell<NameSet<[TagRef]>> = RefCell::default();
}

/// This thread's shared copy of `tags`.
pub fn shared_tags(tags: &[TagRef]) -> Tags {
    NameSet::local(&DECODED, tags)
}

/// For `#[serde(deserialize_with = "…")]` on a `Tags` field.
pub fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Tags, D::Error> {
    Vec::<TagRef>::deserialize(d).map(|tags| shared_tags(&tags))
}

/// `tags` with `tag` added at the end, unless a tag of its id is there already.
pub fn with_tag(tags: &Tags, tag: &TagRef) -> Tags {
    if tags.iter().any(|x| x.id == tag.id) {
        return tags.clone();
    }
    tags.iter().chain([tag]).cloned().collect()
}

/// `tags` without the tag of `tag`'s id.
pub fn without_tag(tags: &Tags, tag: &TagRef) -> Tags {
    tags.iter().filter(|x| x.id != tag.id).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(id: &str) -> TagRef {
        TagRef { id: id.into(), name: id.to_uppercase().into() }
    }

    #[test]
    fn the_same_tags_decoded_twice_are_one_set_and_an_order_is_its_own() {
        let json = r#"[[{"id":"a","name":"A"},{"id":"b","name":"B"}],[{"id":"a","name":"A"},{"id":"b","name":"B"}],[{"id":"b","name":"B"},{"id":"a","name":"A"}]]"#;
        #[derive(Deserialize)]
        struct One(#[serde(deserialize_with = "decode")] Tags);
        let sets: Vec<One> = serde_json::from_str(json).unwrap();
        assert!(Arc::ptr_eq(&sets[0].0, &sets[1].0), "one copy");
        assert!(!Arc::ptr_eq(&sets[0].0, &sets[2].0) && sets[2].0[0] == tag("b"), "another order, another set");
    }

    #[test]
    fn adding_a_tag_twice_keeps_one_and_removing_takes_it_off() {
        let tags: Tags = [tag("a")].into();
        let added = with_tag(&with_tag(&tags, &tag("b")), &tag("b"));
        assert_eq!(&*added, &[tag("a"), tag("b")]);
        assert_eq!(&*without_tag(&added, &tag("a")), &[tag("b")]);
        assert_eq!(&*without_tag(&tags, &tag("z")), &[tag("a")]);
    }
}
