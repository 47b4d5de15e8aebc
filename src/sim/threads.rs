//! Conversation threads: who wrote when (decided at generation time) and what they wrote
//! (filled in when a thread is first read). Both are pure functions of the seed.

use jiff::{SignedDuration, Timestamp};
use rand::{Rng, SeedableRng, seq::IndexedRandom};
use rand_chacha::ChaCha8Rng;

use super::db::Db;
use super::ids;
use super::model::{Author, SimConversation, SimMessage, slack_ts};

const PLAN_SALT: u64 = 0x9e37_79b9_7f4a_7c15;
const TEXT_SALT: u64 = 0xd1b5_4a32_d192_ed03;
/// Message counts, weighted towards the 3–6 a real support thread usually has.
const COUNTS: [usize; 18] = [1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10, 11, 12];

#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub author: Author,
    pub at: Timestamp,
}

/// A duration between `min` and `max` seconds, uniform on a log scale (many quick
/// answers, a long tail of slow ones).
pub fn log_uniform(rng: &mut impl Rng, min: f64, max: f64) -> SignedDuration {
    let secs = (min.ln() + rng.random::<f64>() * (max.ln() - min.ln())).exp();
    SignedDuration::from_micros((secs * 1e6) as i64)
}

/// Authors and times of a thread that starts at `created`; nothing after `anchor`.
pub fn plan(seed: u64, created: Timestamp, anchor: Timestamp) -> Vec<Planned> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ PLAN_SALT);
    let wanted = *COUNTS.choose(&mut rng).expect("COUNTS is not empty");
    let mut out = vec![Planned { author: Author::Customer, at: created }];
    let mut t = created;
    if wanted > 1 && rng.random_bool(0.3) {
        t += log_uniform(&mut rng, 5.0, 60.0);
        out.push(Planned { author: Author::Bot, at: t });
    }
    let mut agent_turn = true;
    let mut answered = false;
    let latest = anchor - SignedDuration::from_mins(1);
    while out.len() < wanted {
        t += if answered {
            log_uniform(&mut rng, 120.0, 20.0 * 3600.0)
        } else {
            log_uniform(&mut rng, 60.0, 8.0 * 3600.0)
        };
        if t >= latest {
            break;
        }
        let author = match agent_turn {
            true if answered && rng.random_bool(0.15) => Author::Note,
            true => Author::Agent,
            false => Author::Customer,
        };
        if author != Author::Note {
            agent_turn = !agent_turn;
        }
        answered |= author == Author::Agent;
        out.push(Planned { author, at: t });
    }
    out
}

/// The full thread of a generated conversation.
pub fn generate(db: &Db, conversation: &SimConversation) -> Vec<SimMessage> {
    messages(db, conversation).collect()
}

/// The thread's messages, oldest first, each written when it is reached (a list page
/// needs only the first of each).
pub fn messages<'a>(db: &'a Db, conversation: &'a SimConversation) -> impl Iterator<Item = SimMessage> + 'a {
    let vocabulary = db.vocabulary;
    let topic = &vocabulary.topics[conversation.topic];
    let mut rng = ChaCha8Rng::seed_from_u64(conversation.seed ^ TEXT_SALT);
    let (mut customer_lines, mut agent_lines) = (topic.customer.iter(), topic.agent.iter());
    plan(conversation.seed, conversation.created_at, db.anchor).into_iter().enumerate().map(move |(i, planned)| {
        let template = match planned.author {
            Author::Customer if i == 0 => &topic.opening,
            Author::Customer => {
                customer_lines.next().unwrap_or_else(|| pick(&mut rng, &vocabulary.customer_follow_ups))
            }
            Author::Agent => agent_lines.next().unwrap_or_else(|| pick(&mut rng, &vocabulary.agent_replies)),
            Author::Note => pick(&mut rng, &vocabulary.notes),
            Author::Bot | Author::Api { .. } => &vocabulary.autoresponder,
        };
        let mut text = fill(template, db, conversation, &mut rng);
        if let Some(tail) = db.hostile.then(|| super::hostile::body_suffix(conversation.friendly_id, i)).flatten() {
            text = format!("{text} {tail}");
        }
        let private_note = planned.author == Author::Note;
        SimMessage {
            id: ids::uuid(&mut rng),
            ts: slack_ts(planned.at),
            timestamp: planned.at,
            author: planned.author,
            text,
            private_note,
        }
    })
}

fn pick<'a>(rng: &mut impl Rng, lines: &'a [String]) -> &'a String {
    lines.choose(rng).expect("vocabulary lists are not empty")
}

/// Replace the vocabulary's placeholders with Slack mrkdwn the way real messages carry
/// it: `<@U…>` mentions, `<url|label>` links, `<mailto:…|…>`, `<#C…|channel>`.
fn fill(template: &str, db: &Db, conversation: &SimConversation, rng: &mut impl Rng) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let customer = &db.customers[conversation.customer];
    let contact = &customer.contacts[conversation.requester];
    let first_name = contact.name.split(' ').next().unwrap_or(&contact.name);
    let colleague = {
        let others: Vec<_> = (0..db.users.len()).filter(|&u| Some(u) != conversation.assignee).collect();
        &db.users[*others.choose(rng).unwrap_or(&0)]
    };
    let article = db.articles.choose(rng).expect("articles are not empty");
    let other_ticket = rng.random_range(1..=conversation.friendly_id.max(2));
    template
        .replace("{customer}", first_name)
        .replace("{colleague}", &format!("<@{}>", colleague.slack_id))
        .replace("{agent}", &conversation.assignee.map_or("<!here>".into(), |a| format!("<@{}>", db.users[a].slack_id)))
        .replace("{docs}", &format!("<{}|{}>", article.url, article.title))
        .replace("{email}", &format!("<mailto:{0}|{0}>", contact.email))
        .replace("{ticket}", &format!("#{other_ticket}"))
        .replace("{channel}", &format!("<#{}|{}>", customer.channel_id, customer.channel_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_are_deterministic_and_end_before_the_anchor() {
        let created: Timestamp = "2026-01-01T10:00:00Z".parse().unwrap();
        let anchor: Timestamp = "2026-01-03T10:00:00Z".parse().unwrap();
        for seed in 0..200 {
            let p = plan(seed, created, anchor);
            assert_eq!(p, plan(seed, created, anchor));
            assert_eq!(p[0].author, Author::Customer);
            assert!(p.iter().all(|m| m.at < anchor) && p.len() <= 12);
            assert!(p.windows(2).all(|w| w[0].at < w[1].at));
        }
    }
}
