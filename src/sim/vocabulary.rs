//! The words the simulated workspace is made of (`assets/sim-vocabulary.json`).

use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    pub workspace: String,
    pub slack_workspace: String,
    pub agent_domain: String,
    pub agents: Vec<String>,
    pub customers: Vec<CustomerSeed>,
    pub tier_tags: Vec<String>,
    pub topics: Vec<Topic>,
    pub customer_follow_ups: Vec<String>,
    pub agent_replies: Vec<String>,
    pub notes: Vec<String>,
    pub autoresponder: String,
    pub articles: Vec<ArticleSeed>,
}

#[derive(Debug, Deserialize)]
pub struct CustomerSeed {
    pub name: String,
    pub domain: String,
    pub contacts: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Topic {
    pub title: String,
    pub tags: Vec<String>,
    pub summary: String,
    pub opening: String,
    pub customer: Vec<String>,
    pub agent: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ArticleSeed {
    pub title: String,
    pub content: String,
    pub url: String,
}

impl Vocabulary {
    /// Topic tags first (in order of first use), then the customer tier tags.
    pub fn tag_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for tag in self.topics.iter().flat_map(|t| &t.tags).chain(&self.tier_tags) {
            if !names.contains(tag) {
                names.push(tag.clone());
            }
        }
        names
    }
}

pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        serde_json::from_str(include_str!("../../assets/sim-vocabulary.json"))
            .expect("assets/sim-vocabulary.json is valid")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn vocabulary_is_rich_enough_for_a_demo() {
        let v = super::vocabulary();
        assert!(v.customers.len() >= 20 && v.agents.len() >= 10 && v.tag_names().len() >= 12);
    }
}
