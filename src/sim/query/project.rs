//! Dotted `select` projection: only the fields asked for, nested as the record nests them.

use serde_json::{Map, Value};

/// A parsed `select`: the fields asked for at one level, each with what is asked inside it
/// (`None`: everything). Parsed once per request, not once per record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Select {
    fields: Option<Vec<(String, Select)>>,
}

/// The selection that wants everything.
static ALL: Select = Select { fields: None };

impl Select {
    /// `tags.name` asks for `tags` and, inside each, `name`; a bare `tags` asks for all of it.
    pub fn parse<S: AsRef<str>>(select: &[S]) -> Select {
        if select.is_empty() {
            return Select { fields: None };
        }
        let mut fields: Vec<(String, Vec<&str>, bool)> = Vec::new();
        for path in select {
            let (head, rest) = path.as_ref().split_once('.').map_or((path.as_ref(), None), |(h, r)| (h, Some(r)));
            let at = match fields.iter().position(|(name, ..)| name == head) {
                Some(at) => at,
                None => {
                    fields.push((head.to_string(), Vec::new(), false));
                    fields.len() - 1
                }
            };
            match rest {
                Some(rest) => fields[at].1.push(rest),
                None => fields[at].2 = true,
            }
        }
        let fields = fields
            .into_iter()
            .map(|(name, inner, whole)| (name, if whole { Select::default() } else { Select::parse(&inner) }))
            .collect();
        Select { fields: Some(fields) }
    }

    /// What is asked inside `field`, or `None` when it is not asked for.
    pub fn get(&self, field: &str) -> Option<&Select> {
        match &self.fields {
            None => Some(&ALL),
            Some(fields) => fields.iter().find(|(name, _)| name == field).map(|(_, inner)| inner),
        }
    }

    pub fn wants(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
}

/// Keep only the selected paths; nested objects keep only their selected fields and arrays
/// map over their elements (`tags.name` gives `tags: [{name}]`). Trimmed in place: what was
/// asked for is never rebuilt (rebuilding every object was a sixth of a list page).
pub fn project(mut value: Value, select: &Select) -> Value {
    trim(&mut value, select);
    value
}

fn trim(value: &mut Value, select: &Select) {
    if select.fields.is_none() {
        return;
    }
    match value {
        Value::Array(items) => items.iter_mut().for_each(|i| trim(i, select)),
        Value::Object(obj) => {
            obj.retain(|key, _| select.wants(key));
            for (key, child) in obj.iter_mut() {
                trim(child, select.get(key).unwrap_or(&ALL));
            }
        }
        _ => {}
    }
}

/// An object built field by field, each only when the selection asks for it: a page of a
/// list is most of the simulator's work, and most of a record is not asked for.
pub struct Built<'s> {
    select: &'s Select,
    obj: Map<String, Value>,
}

impl<'s> Built<'s> {
    pub fn new(select: &'s Select) -> Self {
        Built { select, obj: Map::new() }
    }

    /// Add `name`, building it (with what is asked inside it) only when it is asked for.
    pub fn put(&mut self, name: &str, value: impl FnOnce(&Select) -> Value) -> &mut Self {
        if let Some(inner) = self.select.get(name) {
            self.obj.insert(name.into(), value(inner));
        }
        self
    }

    /// Add the asked-for members of an object built whole.
    pub fn merge(&mut self, other: Map<String, Value>) -> &mut Self {
        let select = self.select;
        self.obj.extend(other.into_iter().filter(|(k, _)| select.wants(k)));
        self
    }

    pub fn finish(self) -> Value {
        Value::Object(self.obj)
    }
}
