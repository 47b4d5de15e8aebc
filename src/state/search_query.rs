//! What was typed after `/`: words looked for in the tickets' text, and ticket numbers. A
//! `#13` means ticket 13 and nothing else (not "#130", not a title holding "#13"); a bare
//! `13` is looked for as text too, but ticket 13 comes first. So `/#13 Enter` can never
//! leave the cursor on another ticket.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// The words for the text, lower-cased, `#N` tokens left out.
    pub words: String,
    /// `#N` tokens: only these tickets match.
    pub only: Vec<u64>,
    /// `#N` and bare numbers: these tickets are the first rows.
    pub first: Vec<u64>,
}

impl SearchQuery {
    pub fn parse(typed: &str) -> SearchQuery {
        let mut query = SearchQuery::default();
        for word in typed.split_whitespace() {
            match number(word.strip_prefix('#')) {
                Some(n) => {
                    query.only.push(n);
                    query.first.push(n);
                }
                None => {
                    if let Some(n) = number(Some(word)) {
                        query.first.push(n);
                    }
                    if !query.words.is_empty() {
                        query.words.push(' ');
                    }
                    query.words.push_str(&word.to_lowercase());
                }
            }
        }
        query
    }

    /// Whether ticket `number` passes the number tokens.
    pub fn admits(&self, number: u64) -> bool {
        self.only.is_empty() || self.only.contains(&number)
    }

    /// Whether ticket `number` is one of the first rows.
    pub fn pins(&self, number: u64) -> bool {
        self.first.contains(&number)
    }
}

/// Digits only, as a ticket number.
fn number(word: Option<&str>) -> Option<u64> {
    word.filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_number_is_that_ticket_and_a_bare_one_comes_first() {
        let q = SearchQuery::parse("#13");
        assert_eq!((q.words.as_str(), q.only.as_slice(), q.first.as_slice()), ("", &[13][..], &[13][..]));
        assert!(q.admits(13) && !q.admits(130) && !q.admits(14));
        let q = SearchQuery::parse("SSO 13");
        assert_eq!((q.words.as_str(), q.only.is_empty(), q.first.as_slice()), ("sso 13", true, &[13][..]));
        assert!(q.admits(130) && q.pins(13) && !q.pins(130));
        let q = SearchQuery::parse("# #x 1e3");
        assert_eq!((q.words.as_str(), q.only.is_empty(), q.first.is_empty()), ("# #x 1e3", true, true));
    }
}
