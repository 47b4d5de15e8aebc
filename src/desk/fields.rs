//! Ticket types and their fields (API-NOTES §11): which fields a ticket shows (a field's
//! conditions read the ticket's other fields), what a typed value means for each kind of
//! field, and how a value reads on screen.

use serde::{Deserialize, Serialize};

/// A field's value as the ticket holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldValue {
    Text(String),
    /// A multi-select's options (or a multi-user-select's user ids).
    List(Vec<String>),
    Checked(bool),
}

impl FieldValue {
    /// Nothing chosen or written: a required field so valued still needs its value.
    pub fn is_empty(&self) -> bool {
        match self {
            FieldValue::Text(t) => t.trim().is_empty(),
            FieldValue::List(l) => l.is_empty(),
            FieldValue::Checked(_) => false,
        }
    }

    /// The value a condition compares: text, the list joined, or `true`/`false`.
    fn as_text(&self) -> String {
        match self {
            FieldValue::Text(t) => t.clone(),
            FieldValue::List(l) => l.join(","),
            FieldValue::Checked(b) => b.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    ShortText,
    LongText,
    Select,
    MultiSelect,
    Checkbox,
    User,
    Users,
}

/// A comparison of one field's value with a given value (the reference's simple condition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Compare {
    /// The field whose value is compared (from `leftValueFrom`).
    pub field: String,
    pub operator: String,
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    One(Compare),
    All(Vec<Compare>),
    Any(Vec<Compare>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDef {
    pub id: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub options: Vec<String>,
    pub condition: Option<Condition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketType {
    pub id: String,
    pub name: String,
    pub fields: Vec<FieldDef>,
}

/// A kind of collaborator (Engineering, Account manager…), assignable per ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollaboratorType {
    pub id: String,
    pub name: String,
    pub key: String,
}

/// A ticket type by id and name, as a change carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeRef {
    pub id: String,
    pub name: String,
}

/// The workspace's ticket types and collaborator types.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub types: Vec<TicketType>,
    pub collaborator_types: Vec<CollaboratorType>,
}

/// A ticket's fields by field id, in id order (a sorted vector: a ticket holds one or two).
pub type Fields = litemap::LiteMap<String, FieldValue>;

impl Compare {
    fn holds(&self, fields: &Fields) -> bool {
        let left = fields.get(&self.field).map(FieldValue::as_text).unwrap_or_default();
        let right = match &self.value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        };
        let list = |v: &serde_json::Value| -> Vec<String> {
            match v {
                serde_json::Value::Array(a) => {
                    a.iter().map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string)).collect()
                }
                _ => right.split(',').map(|s| s.trim().to_string()).collect(),
            }
        };
        let numbers = left.trim().parse::<f64>().ok().zip(right.trim().parse::<f64>().ok());
        let ordered = |test: fn(f64, f64) -> bool| numbers.is_some_and(|(l, r)| test(l, r));
        match self.operator.as_str() {
            "equals" => left == right,
            "notEquals" => left != right,
            "contains" => left.contains(&right),
            "notContains" => !left.contains(&right),
            "in" => list(&self.value).contains(&left),
            "notIn" => !list(&self.value).contains(&left),
            "greaterThan" => ordered(|l, r| l > r),
            "lessThan" => ordered(|l, r| l < r),
            "greaterThanOrEquals" => ordered(|l, r| l >= r),
            "lessThanOrEquals" => ordered(|l, r| l <= r),
            // An operator we do not know: show the field rather than hide what may matter.
            _ => true,
        }
    }
}

impl FieldDef {
    /// Whether the ticket shows this field, its conditions read against `fields`.
    pub fn visible(&self, fields: &Fields) -> bool {
        match &self.condition {
            None => true,
            Some(Condition::One(c)) => c.holds(fields),
            Some(Condition::All(cs)) => cs.iter().all(|c| c.holds(fields)),
            Some(Condition::Any(cs)) => cs.iter().any(|c| c.holds(fields)),
        }
    }

    /// What a person typed, as this field's value; the error says what was expected.
    pub fn parse_value(
        &self,
        typed: &str,
        agent: impl Fn(&str) -> Result<String, String>,
    ) -> Result<FieldValue, String> {
        let typed = typed.trim();
        let option = |word: &str| -> Result<String, String> {
            crate::support::fuzzy::named(word, &self.options, "option")
                .map(|i| self.options[i].clone())
                .map_err(|_| format!("{} is one of: {}", self.label, self.options.join(", ")))
        };
        let words = || typed.split(',').map(str::trim).filter(|w| !w.is_empty());
        match self.kind {
            FieldKind::ShortText | FieldKind::LongText => Ok(FieldValue::Text(typed.to_string())),
            FieldKind::Select if typed.is_empty() => Ok(FieldValue::Text(String::new())),
            FieldKind::Select => option(typed).map(FieldValue::Text),
            FieldKind::MultiSelect => words().map(option).collect::<Result<_, _>>().map(FieldValue::List),
            FieldKind::Checkbox => match typed.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => Ok(FieldValue::Checked(true)),
                "false" | "no" | "off" | "0" => Ok(FieldValue::Checked(false)),
                _ => Err(format!("{} is a checkbox: true or false", self.label)),
            },
            FieldKind::User if typed.is_empty() => Ok(FieldValue::Text(String::new())),
            FieldKind::User => agent(typed).map(FieldValue::Text),
            FieldKind::Users => words().map(&agent).collect::<Result<_, _>>().map(FieldValue::List),
        }
    }

    /// The values `field LABEL …` completes: the options, or true/false.
    pub fn choices(&self) -> Vec<String> {
        match self.kind {
            FieldKind::Checkbox => vec!["true".into(), "false".into()],
            _ => self.options.clone(),
        }
    }
}

/// How a value reads: text as is, lists joined, users by name.
pub fn show(value: &FieldValue, kind: &FieldKind, agent_name: impl Fn(&str) -> Option<String>) -> String {
    let user = |id: &str| agent_name(id).unwrap_or_else(|| id.to_string());
    match (value, kind) {
        (FieldValue::Text(t), FieldKind::User) if !t.is_empty() => user(t),
        (FieldValue::List(l), FieldKind::Users) => l.iter().map(|id| user(id)).collect::<Vec<_>>().join(", "),
        (FieldValue::List(l), _) => l.join(", "),
        (FieldValue::Checked(b), _) => if *b { "yes" } else { "no" }.into(),
        (FieldValue::Text(t), FieldKind::Checkbox) => if t == "true" { "yes" } else { "no" }.into(),
        (v, _) => v.as_text(),
    }
}

/// How a value reads without its field's kind: user ids that name an agent by name.
pub fn show_plain(value: &FieldValue, agent_name: impl Fn(&str) -> Option<String>) -> String {
    let word = |w: &str| agent_name(w).unwrap_or_else(|| w.to_string());
    match value {
        FieldValue::Text(t) => word(t),
        FieldValue::List(l) => l.iter().map(|w| word(w)).collect::<Vec<_>>().join(", "),
        FieldValue::Checked(b) => if *b { "yes" } else { "no" }.into(),
    }
}

impl TicketType {
    /// The fields this ticket shows now, in the type's order.
    pub fn visible<'a>(&'a self, fields: &'a Fields) -> impl Iterator<Item = &'a FieldDef> + 'a {
        self.fields.iter().filter(move |f| f.visible(fields))
    }

    /// Required fields shown and still empty: what the form asks for.
    pub fn missing<'a>(&'a self, fields: &'a Fields) -> impl Iterator<Item = &'a FieldDef> + 'a {
        self.visible(fields).filter(move |f| f.required && fields.get(&f.id).is_none_or(FieldValue::is_empty))
    }

    /// The field a person names: its exact label (any case), else the one fuzzy match.
    pub fn field(&self, label: &str) -> Result<&FieldDef, String> {
        let labels: Vec<String> = self.fields.iter().map(|f| f.label.clone()).collect();
        crate::support::fuzzy::named(label, &labels, &format!("{} field", self.name)).map(|i| &self.fields[i])
    }

    /// `field LABEL VALUE`: the longest leading words that are a label exactly, else the
    /// first word as a fuzzy label; the rest is the value.
    pub fn split_field_line<'l>(&self, line: &'l str) -> Result<(&FieldDef, &'l str), String> {
        let cuts: Vec<usize> =
            line.char_indices().filter(|(_, c)| c.is_whitespace()).map(|(i, _)| i).chain([line.len()]).collect();
        for &cut in cuts.iter().rev() {
            let head = line[..cut].trim();
            if let Some(f) = self.fields.iter().find(|f| f.label.eq_ignore_ascii_case(head)) {
                return Ok((f, line[cut..].trim()));
            }
        }
        let cut = cuts[0];
        self.field(line[..cut].trim()).map(|f| (f, line[cut..].trim()))
    }
}

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;
