//! The generated workspace: deterministic from a seed and an anchor time.

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp, ToSpan, civil::Weekday, tz::TimeZone};
use rand::{Rng, SeedableRng, seq::IndexedRandom};
use rand_chacha::ChaCha8Rng;

use super::db::Db;
use super::ids;
use super::model::*;
use super::threads::{self, log_uniform};
use super::vocabulary::{Vocabulary, vocabulary};

/// What to generate.
#[derive(Debug, Clone)]
pub struct DatasetSpec {
    pub seed: u64,
    pub conversations: usize,
    /// "Now" for the dataset: conversations spread over the 90 days before it.
    pub anchor: Timestamp,
}

impl DatasetSpec {
    pub fn new(seed: u64, conversations: usize) -> Self {
        // Anchored to the current hour, so the demo always shows recent activity and two
        // runs within the hour agree.
        let now = Timestamp::now();
        let anchor = Timestamp::from_second(now.as_second() - now.as_second().rem_euclid(3600)).unwrap_or(now);
        DatasetSpec { seed, conversations, anchor }
    }
}

const SPREAD_DAYS: i64 = 90;

pub fn generate(spec: &DatasetSpec) -> Db {
    let vocabulary = vocabulary();
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let anchor = spec.anchor;

    let users = agents(&mut rng, vocabulary);
    let tag_names = vocabulary.tag_names();
    let tags: Vec<SimTag> =
        tag_names.iter().map(|name| SimTag { id: ids::uuid(&mut rng), name: name.clone() }).collect();
    let tag_index = |name: &str| tag_names.iter().position(|t| t == name).expect("topic tags are in the tag list");

    let customers = customers(&mut rng, vocabulary, users.len(), &tag_index, anchor);

    let mut conversations: Vec<SimConversation> = (0..spec.conversations)
        .map(|_| {
            let seed: u64 = rng.random();
            conversation(seed, anchor, &customers, users.len(), &|name| tag_index(name))
        })
        .collect();
    conversations.sort_by_key(|c| c.created_at);
    for (i, c) in conversations.iter_mut().enumerate() {
        c.friendly_id = i as u64 + 1;
    }
    let by_id = conversations.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();

    Db {
        vocabulary,
        users,
        tags,
        customers,
        conversations,
        articles: vocabulary.articles.clone(),
        threads: HashMap::new(),
        by_id,
        anchor,
        slack_team_id: ids::slack(&mut rng, 'T'),
        triage_channel_id: ids::slack(&mut rng, 'C'),
        bot_id: ids::slack(&mut rng, 'B'),
        hostile: false,
        generation: 0,
    }
}

/// The agents, from the vocabulary's names.
fn agents(rng: &mut ChaCha8Rng, vocabulary: &Vocabulary) -> Vec<SimUser> {
    vocabulary
        .agents
        .iter()
        .map(|name| {
            let first = name.split(' ').next().unwrap_or(name).to_lowercase();
            SimUser {
                id: ids::uuid(rng),
                name: name.clone(),
                email: format!("{first}@{}", vocabulary.agent_domain),
                slack_id: ids::slack(rng, 'U'),
                photo: format!("https://avatars.{}/{first}.png", vocabulary.agent_domain),
            }
        })
        .collect()
}

/// The customers, each with contacts, a tier tag and account owners among the agents.
fn customers(
    rng: &mut ChaCha8Rng,
    vocabulary: &Vocabulary,
    agents: usize,
    tag_index: &dyn Fn(&str) -> usize,
    anchor: Timestamp,
) -> Vec<SimCustomer> {
    vocabulary
        .customers
        .iter()
        .map(|seed| {
            let created_at = anchor - SignedDuration::from_hours(rng.random_range(120 * 24..900 * 24));
            let primary = rng.random_range(0..agents);
            let secondary = rng.random_bool(0.5).then(|| (primary + rng.random_range(1..agents)) % agents);
            let contacts = seed
                .contacts
                .iter()
                .map(|name| Contact {
                    name: name.clone(),
                    email: format!("{}@{}", ids::slug(name.split(' ').next().unwrap_or(name)), seed.domain),
                    slack_id: ids::slack(rng, 'U'),
                })
                .collect();
            let tier = tag_index(vocabulary.tier_tags.choose(rng).expect("tier tags"));
            SimCustomer {
                id: ids::alnum(rng, 20),
                name: seed.name.clone(),
                domain: seed.domain.clone(),
                contacts,
                primary_assignee: Some(primary),
                secondary_assignee: secondary,
                reply_timeout_minutes: *[Some(30), Some(60), Some(120), Some(240), None].choose(rng).expect("options"),
                channel_id: ids::slack(rng, 'C'),
                channel_name: format!("ext-{}", ids::slug(&seed.name)),
                created_at,
                updated_at: created_at + SignedDuration::from_hours(rng.random_range(1..2000)),
                tags: vec![tier],
            }
        })
        .collect()
}

/// One conversation, from its own seed (so it does not depend on its neighbours).
fn conversation(
    seed: u64,
    anchor: Timestamp,
    customers: &[SimCustomer],
    agents: usize,
    tag_index: &dyn Fn(&str) -> usize,
) -> SimConversation {
    let vocabulary = vocabulary();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // A few large customers and a long tail, as in real support queues.
    let customer_index = ((rng.random::<f64>().powf(1.6)) * customers.len() as f64) as usize;
    let customer = &customers[customer_index.min(customers.len() - 1)];
    let created_at = created_time(&mut rng, anchor);
    let topic_index = rng.random_range(0..vocabulary.topics.len());
    let topic = &vocabulary.topics[topic_index];
    let tag_count = rng.random_range(1..=topic.tags.len());
    let mut tags: Vec<usize> = topic.tags[..tag_count].iter().map(|t| tag_index(t)).collect();
    let priority = *[None, None, None, Some(3), Some(3), Some(5), Some(5), Some(5), Some(7), Some(7), Some(9)]
        .choose(&mut rng)
        .expect("options");
    if priority == Some(9) && !tags.contains(&tag_index("Urgent")) {
        tags.push(tag_index("Urgent"));
    }
    let source_type = *["slack", "slack", "slack", "slack", "slack", "slack", "slack", "email", "email", "widget"]
        .choose(&mut rng)
        .expect("options");

    let plan = threads::plan(seed, created_at, anchor);
    let Lifecycle { last, first_agent, closed_at, status, responder, assignee, status_updated_at, csat } =
        lifecycle(&mut rng, &plan, created_at, anchor, customer, agents);
    let response_time = first_agent.map(|t| t.duration_since(created_at).as_secs());
    let resolution_time = closed_at.map(|t| t.duration_since(created_at).as_secs());
    let updated_at = [Some(last), closed_at, status_updated_at].into_iter().flatten().max().unwrap_or(created_at);
    SimConversation {
        id: ids::uuid(&mut rng),
        friendly_id: 0,
        status,
        title: topic.title.clone(),
        summary: topic.summary.clone(),
        priority,
        customer: customer_index.min(customers.len() - 1),
        requester: rng.random_range(0..customer.contacts.len()),
        assignee,
        tags,
        created_at,
        updated_at,
        closed_at,
        status_updated_at,
        last_activity_at: last,
        response_time,
        response_time_working: first_agent.map(|t| working_seconds(created_at, t)),
        resolution_time,
        resolution_time_working: closed_at.map(|t| working_seconds(created_at, t)),
        source_type,
        topic: topic_index,
        message_count: plan.len(),
        seed,
        csat,
        sentiment: ["Positive", "Neutral", "Neutral", "Negative"].choose(&mut rng).expect("options"),
        notes: None,
        wake_up_at: (status == SimStatus::OnHold).then(|| anchor + SignedDuration::from_hours(rng.random_range(2..72))),
        snoozed_at: None,
        locked_at: None,
        metadata: serde_json::Map::new(),
        submitter_user_id: None,
        channel: None,
        no_customer: false,
        exclude_analytics: false,
        followers: vec![],
        work: super::work::TicketWork::seeded(seed, &super::model::slack_ts(created_at)),
        on_hold_by: (status == SimStatus::OnHold).then_some(responder),
        closed_by: closed_at.map(|_| responder),
        assigned_at: assignee.map(|_| first_agent.unwrap_or(created_at + SignedDuration::from_mins(2))),
    }
}

/// Where a conversation's story has got to by the anchor: answered or not, closed or not,
/// by whom.
struct Lifecycle {
    last: Timestamp,
    first_agent: Option<Timestamp>,
    closed_at: Option<Timestamp>,
    status: SimStatus,
    responder: usize,
    assignee: Option<usize>,
    status_updated_at: Option<Timestamp>,
    csat: Option<u8>,
}

/// Draws from `rng` in a fixed order: the dataset depends on it.
fn lifecycle(
    rng: &mut ChaCha8Rng,
    plan: &[threads::Planned],
    created_at: Timestamp,
    anchor: Timestamp,
    customer: &SimCustomer,
    agents: usize,
) -> Lifecycle {
    let last = plan.last().map_or(created_at, |m| m.at);
    let first_agent = plan.iter().find(|m| m.author == Author::Agent).map(|m| m.at);
    let age_days = anchor.duration_since(created_at).as_hours() / 24;
    let closed_chance = match age_days {
        0 => 0.05,
        1..=2 => 0.3,
        3..=13 => 0.6,
        _ => 0.93,
    };
    let closed_at = Some(last + log_uniform(rng, 300.0, 3.0 * 3600.0))
        .filter(|at| *at < anchor && first_agent.is_some() && rng.random_bool(closed_chance));
    let status = match closed_at {
        Some(_) => SimStatus::Closed,
        None if first_agent.is_none() => SimStatus::Open,
        None => *[SimStatus::Open, SimStatus::InProgress, SimStatus::InProgress, SimStatus::OnHold]
            .choose(rng)
            .expect("options"),
    };
    let responder =
        if rng.random_bool(0.6) { customer.primary_assignee.unwrap_or(0) } else { rng.random_range(0..agents) };
    let assignee = (first_agent.is_some() || rng.random_bool(0.55)).then_some(responder);
    let status_updated_at = match status {
        SimStatus::Open => None,
        SimStatus::InProgress => first_agent,
        SimStatus::OnHold => Some(last + SignedDuration::from_mins(10)).filter(|t| *t < anchor).or(Some(last)),
        SimStatus::Closed => closed_at,
    };
    let csat = (status == SimStatus::Closed && rng.random_bool(0.55))
        .then(|| *[2, 3, 4, 4, 5, 5, 5].choose(rng).expect("options"));
    Lifecycle { last, first_agent, closed_at, status, responder, assignee, status_updated_at, csat }
}

/// Mostly weekdays and business hours, as real volume is.
fn created_time(rng: &mut impl Rng, anchor: Timestamp) -> Timestamp {
    loop {
        let back = SignedDuration::from_micros(rng.random_range(5 * 60 * 1_000_000..SPREAD_DAYS * 86_400 * 1_000_000));
        let t = anchor - back;
        let zoned = t.to_zoned(TimeZone::UTC);
        let weekend = matches!(zoned.weekday(), Weekday::Saturday | Weekday::Sunday);
        let night = !(7..19).contains(&zoned.hour());
        if (weekend && rng.random_bool(0.75)) || (night && rng.random_bool(0.6)) {
            continue;
        }
        return t;
    }
}

/// Seconds between `from` and `to` that fall in working hours: Mon–Fri, 09:00–17:00 UTC.
pub fn working_seconds(from: Timestamp, to: Timestamp) -> i64 {
    let mut total = 0;
    let mut day = from.to_zoned(TimeZone::UTC).date();
    let last = to.to_zoned(TimeZone::UTC).date();
    while day <= last {
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            let open = day.at(9, 0, 0, 0).to_zoned(TimeZone::UTC).map(|z| z.timestamp());
            let close = day.at(17, 0, 0, 0).to_zoned(TimeZone::UTC).map(|z| z.timestamp());
            if let (Ok(open), Ok(close)) = (open, close) {
                let start = open.max(from);
                let end = close.min(to);
                if end > start {
                    total += end.duration_since(start).as_secs();
                }
            }
        }
        day = match day.checked_add(1.day()) {
            Ok(d) => d,
            Err(_) => break,
        };
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(n: usize) -> DatasetSpec {
        DatasetSpec { seed: 7, conversations: n, anchor: "2026-11-20T12:00:00Z".parse().unwrap() }
    }

    #[test]
    fn same_seed_same_data() {
        let (a, b) = (generate(&spec(300)), generate(&spec(300)));
        let ids = |db: &Db| db.conversations.iter().map(|c| (c.id.clone(), c.status, c.updated_at)).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
    }

    #[test]
    fn realistic_spread() {
        let db = generate(&spec(2000));
        for status in SimStatus::ALL {
            assert!(db.conversations.iter().any(|c| c.status == status), "{status:?}");
        }
        for p in [None, Some(3), Some(5), Some(7), Some(9)] {
            assert!(db.conversations.iter().any(|c| c.priority == p));
        }
        let oldest = db.conversations.first().unwrap().created_at;
        assert!(db.anchor.duration_since(oldest).as_hours() > 80 * 24);
        assert!(db.conversations.iter().all(|c| c.updated_at >= c.created_at && c.updated_at <= db.anchor));
        let thread = db.thread(&db.conversations[5]);
        assert_eq!(thread.len(), db.conversations[5].message_count);
    }

    #[test]
    fn working_hours() {
        let fri_16: Timestamp = "2026-11-20T16:00:00Z".parse().unwrap();
        let mon_10: Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
        assert_eq!(working_seconds(fri_16, mon_10), 2 * 3600);
    }
}
