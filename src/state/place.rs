//! Where the agent is in the inbox — the view, the sort and the `/` text — kept for the
//! next run (`store::history`) and restored from it.

use super::Inbox;
use crate::desk::views::Sort;
use crate::store::history::Place;

impl Inbox {
    /// Where the agent is now.
    fn place(&self) -> Place {
        Place {
            view: self.tabs.lens().map(|l| l.view.name.clone()),
            sort: Some(self.sort_label()),
            search: self.search.clone(),
        }
    }

    /// The place, when it moved since it was last kept (asked after every action, so the
    /// unmoved case compares in place and allocates nothing).
    pub fn moved_place(&mut self) -> Option<Place> {
        let r = &self.remembered;
        let view = self.tabs.lens().map(|l| l.view.name.as_str());
        let sort = r.sort.as_deref().map(sort_and_direction);
        if r.view.as_deref() == view && r.search == self.search && sort == Some((self.sort.label(), self.ascending)) {
            return None;
        }
        let place = self.place();
        self.remembered = place.clone();
        Some(place)
    }

    /// Back where the last run left off (a view that is gone is skipped).
    pub fn restore_place(&mut self, place: Place) {
        if let Some(index) = place.view.as_deref().and_then(|v| self.tabs.views.iter().position(|x| x.name == v)) {
            self.show_view(index);
        }
        let (sort, ascending) = place.sort.as_deref().map_or(("", false), sort_and_direction);
        if let Some(sort) = Sort::parse(sort) {
            self.ascending = ascending;
            self.set_sort(sort);
        }
        self.set_search(place.search.clone());
        self.remembered = place;
    }
}

/// `"created ↑"` → the sort's label and whether it runs ascending (as `sort_label` writes it).
fn sort_and_direction(label: &str) -> (&str, bool) {
    (label.trim_end_matches(" ↑"), label.ends_with(" ↑"))
}
