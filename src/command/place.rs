//! Where a command applies, and where its default keys are bound.

/// Where a command applies (and where its default keys are bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    Anywhere,
    Inbox,
    Thread,
    Metrics,
    Composer,
    /// The inbox and the thread alike: the commands on tickets.
    Tickets,
}

impl Place {
    pub fn name(self) -> &'static str {
        match self {
            Place::Anywhere => "anywhere",
            Place::Inbox => "inbox",
            Place::Thread => "thread",
            Place::Metrics => "metrics",
            Place::Composer => "composer",
            Place::Tickets => "inbox and thread",
        }
    }

    /// A `[keys.NAME]` table's place (`global` is the old name of `anywhere`).
    pub fn parse(name: &str) -> Option<Place> {
        match name {
            "anywhere" | "global" => Some(Place::Anywhere),
            "inbox" => Some(Place::Inbox),
            "thread" => Some(Place::Thread),
            "metrics" => Some(Place::Metrics),
            "composer" => Some(Place::Composer),
            _ => None,
        }
    }

    /// The places a binding here is made in (`Tickets` is two).
    pub fn expand(self) -> &'static [Place] {
        match self {
            Place::Tickets => &[Place::Inbox, Place::Thread],
            Place::Anywhere => &[Place::Anywhere],
            Place::Inbox => &[Place::Inbox],
            Place::Thread => &[Place::Thread],
            Place::Metrics => &[Place::Metrics],
            Place::Composer => &[Place::Composer],
        }
    }
}
