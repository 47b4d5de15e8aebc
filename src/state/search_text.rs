//! Every ticket's haystack in one buffer, so a typed word is looked for in one SIMD pass
//! over all of them (100,000 tickets is one scan, not 100,000 searches, each with its own
//! setup). A replaced ticket's new text is appended; the old one is garbage until the buffer
//! is rebuilt, once garbage is half of it.

use memchr::memmem::Finder;

#[derive(Debug, Clone, Default)]
pub struct SearchText {
    text: Vec<u8>,
    /// Each ticket's haystack in `text` (start, end), by ticket index.
    spans: Vec<(u32, u32)>,
    /// Every region of `text` in order (its start, and the ticket it was written for).
    regions: Vec<(u32, u32)>,
    garbage: usize,
    /// The searches typed so far, each extending the one before, with what they found:
    /// typing a letter narrows the last result (a ticket without `webhoo` has no
    /// `webhook`), deleting one goes back to it. Cleared when any haystack changes.
    typed: Vec<(String, Vec<bool>)>,
}

/// How many typed searches are remembered (a query is rarely longer).
const TYPED: usize = 24;

impl SearchText {
    /// The buffer for these haystacks, in ticket order.
    #[cfg(test)]
    pub fn build<'a>(haystacks: impl Iterator<Item = &'a str>) -> SearchText {
        let mut s = SearchText::default();
        for h in haystacks {
            s.push(h);
        }
        s
    }

    /// A new ticket, at the next index.
    pub fn push(&mut self, haystack: &str) {
        self.typed.clear();
        let index = self.spans.len() as u32;
        let span = self.append(haystack, index);
        self.spans.push(span);
    }

    /// Ticket `i`'s haystack is now `haystack`. Whether the buffer wants rebuilding.
    pub fn replace(&mut self, i: usize, haystack: &str) -> bool {
        let (start, end) = self.spans[i];
        if &self.text[start as usize..end as usize] == haystack.as_bytes() {
            return false;
        }
        self.typed.clear();
        self.garbage += (end - start) as usize + 1;
        self.spans[i] = self.append(haystack, i as u32);
        self.garbage * 2 > self.text.len()
    }

    /// Ticket `i`'s haystack.
    pub fn get(&self, i: usize) -> &str {
        let (start, end) = self.spans[i];
        // Written from a `&str`, so always UTF-8.
        std::str::from_utf8(&self.text[start as usize..end as usize]).unwrap_or_default()
    }

    /// The same haystacks without the garbage of the replaced ones.
    pub fn compact(&self) -> SearchText {
        let mut s = SearchText { text: Vec::with_capacity(self.text.len() - self.garbage), ..SearchText::default() };
        s.make_room(self.spans.len());
        for i in 0..self.spans.len() {
            s.push(self.get(i));
        }
        s
    }

    /// Room for `more` tickets' spans and regions, made once. Their text grows as it comes
    /// (`append`): how long it will be is not known.
    pub fn make_room(&mut self, more: usize) {
        self.spans.reserve_exact(more);
        self.regions.reserve_exact(more);
    }

    fn append(&mut self, haystack: &str, index: u32) -> (u32, u32) {
        let wanted = haystack.len() + 1;
        if self.text.capacity() - self.text.len() < wanted {
            // An eighth more at a time, not double: the text of 100,000 tickets (26 MB) sat
            // in 35 MB. The more frequent growth did not show in the merge's time (170 ms
            // for 100,000 either way): glibc grows a mapped buffer by remapping its pages.
            self.text.reserve_exact(wanted.max(self.text.len() / 8));
        }
        let start = self.text.len() as u32;
        self.regions.push((start, index));
        self.text.extend_from_slice(haystack.as_bytes());
        let end = self.text.len() as u32;
        // A line break between haystacks: no typed word (one word, no spaces) spans two.
        self.text.push(b'\n');
        (start, end)
    }

    /// As `matching`, for the search as typed (`finders` are its lower-cased words): from
    /// the last search it extends when that found few, else with a pass over everything.
    pub fn matching_typed(&mut self, search: &str, finders: &[Finder]) -> Vec<bool> {
        while self.typed.last().is_some_and(|(s, _)| !search.starts_with(s.as_str())) {
            self.typed.pop();
        }
        let found = match self.typed.last() {
            Some((s, found)) if s == search => return found.clone(),
            // Narrowing looks at each candidate alone; one pass is faster when most are.
            Some((_, found)) if found.iter().filter(|f| **f).count() * 4 < found.len() => self.narrow(found, finders),
            _ => self.matching(finders),
        };
        if self.typed.len() == TYPED {
            self.typed.remove(0);
        }
        self.typed.push((search.to_string(), found.clone()));
        found
    }

    /// Of the tickets in `candidates`, those whose own haystack holds every word.
    fn narrow(&self, candidates: &[bool], finders: &[Finder]) -> Vec<bool> {
        candidates.iter().enumerate().map(|(i, &c)| c && self.holds(i, finders)).collect()
    }

    /// Whether ticket `i`'s own haystack holds every word.
    pub fn holds(&self, i: usize, finders: &[Finder]) -> bool {
        let (start, end) = self.spans[i];
        let hay = &self.text[start as usize..end as usize];
        finders.iter().all(|f| f.find(hay).is_some())
    }

    /// The region holding `p`, looked for forward from region `from` (hits come in order):
    /// galloping, so a wide word with a hit in every region costs a step or two per hit,
    /// not a binary search over all of them.
    fn region_from(&self, from: usize, p: u32) -> usize {
        let mut step = 1;
        let mut low = from;
        while low + step < self.regions.len() && self.regions[low + step].0 <= p {
            low += step;
            step *= 2;
        }
        let high = (low + step).min(self.regions.len());
        low + self.regions[low..high].partition_point(|&(start, _)| start <= p) - 1
    }

    /// Which tickets hold every word, by ticket index.
    pub fn matching(&self, finders: &[Finder]) -> Vec<bool> {
        let mut all = vec![true; self.spans.len()];
        for finder in finders {
            let found = self.holding(finder);
            all.iter_mut().zip(found).for_each(|(a, f)| *a &= f);
        }
        all
    }

    /// One pass for one word: after a hit, the scan jumps to the end of that region.
    fn holding(&self, finder: &Finder) -> Vec<bool> {
        let mut found = vec![false; self.spans.len()];
        let (mut at, mut k) = (0, 0);
        while let Some(hit) = finder.find(&self.text[at..]) {
            let p = (at + hit) as u32;
            k = self.region_from(k, p);
            let (start, ticket) = self.regions[k];
            let end = self.regions.get(k + 1).map_or(self.text.len(), |&(next, _)| next as usize);
            // A region rewritten since (its ticket's text lives further on) is garbage.
            if self.spans[ticket as usize].0 == start {
                found[ticket as usize] = true;
            }
            at = end;
            if at >= self.text.len() {
                break;
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(haystacks: &[String], words: &[&str]) -> Vec<bool> {
        haystacks.iter().map(|h| words.iter().all(|w| h.contains(w))).collect()
    }

    #[test]
    fn one_pass_finds_what_a_search_of_each_would_and_replacements_are_followed() {
        let mut haystacks: Vec<String> = (0..500)
            .map(|n| format!("ticket {n} webhook{} #{}", if n % 3 == 0 { " retries" } else { "" }, n * 7))
            .collect();
        let mut text = SearchText::build(haystacks.iter().map(String::as_str));
        let check = |text: &SearchText, haystacks: &[String]| {
            for words in [vec!["webhook"], vec!["retries", "#21"], vec!["1"], vec!["e"], vec!["nothing"], vec!["4 web"]]
            {
                let finders: Vec<Finder> = words.iter().map(Finder::new).collect();
                assert_eq!(text.matching(&finders), naive(haystacks, &words), "{words:?}");
            }
        };
        check(&text, &haystacks);
        for n in (0..500).step_by(2) {
            haystacks[n] = format!("renamed {n} billing");
            if text.replace(n, &haystacks[n]) {
                text = SearchText::build(haystacks.iter().map(String::as_str));
            }
            text.push("");
            haystacks.push(String::new());
        }
        check(&text, &haystacks);
    }

    #[test]
    fn the_buffer_grows_by_an_eighth_and_compacts_to_what_it_holds() {
        let mut text = SearchText::default();
        text.make_room(20_000);
        let haystacks: Vec<String> = (0..20_000).map(|n| format!("ticket {n} {}", "x".repeat(n % 97))).collect();
        for h in &haystacks {
            text.push(h);
            // After every growth, not only at the end (where doubling may happen to fit).
            let unused = text.text.capacity() - text.text.len();
            assert!(unused <= text.text.len() / 8, "{unused} unused of {}", text.text.len());
        }
        assert_eq!(text.spans.capacity(), 20_000, "the spans' room made once");
        for n in (0..20_000).step_by(3) {
            text.replace(n, "renamed");
        }
        let compact = text.compact();
        assert_eq!(compact.garbage, 0);
        assert_eq!(compact.text.capacity(), compact.text.len(), "made to fit");
        for (n, haystack) in haystacks.iter().enumerate() {
            assert_eq!(compact.get(n), if n % 3 == 0 { "renamed" } else { haystack.as_str() });
        }
    }

    #[test]
    fn typing_narrows_deleting_goes_back_and_a_change_forgets() {
        let mut haystacks: Vec<String> = (0..400)
            .map(|n| format!("ticket {n} {}", if n % 40 == 0 { "webhook retries" } else { "billing" }))
            .collect();
        let mut text = SearchText::build(haystacks.iter().map(String::as_str));
        let typed = |text: &mut SearchText, haystacks: &[String], search: &str| {
            let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
            let finders: Vec<Finder> = words.iter().map(Finder::new).collect();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            assert_eq!(text.matching_typed(search, &finders), naive(haystacks, &words), "{search:?}");
        };
        for search in ["w", "we", "webhook", "webhook r", "webhook re", "webhook", "webhook x", "web", "ticket 4"] {
            typed(&mut text, &haystacks, search);
        }
        // A ticket renamed to match: a narrowing from before would miss it.
        haystacks[1] = "webhook now".into();
        text.replace(1, &haystacks[1]);
        typed(&mut text, &haystacks, "webhook");
        typed(&mut text, &haystacks, "webhook n");
    }
}
