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

/// An object written straight into JSON bytes, field by field, each only when the selection
/// asks for it: a page of a list was mostly the simulator building `Value` trees and
/// serializing them, and most of a record is not asked for. Fields come out in the order
/// they are put, as a real service writes them.
pub struct Written<'a> {
    select: &'a Select,
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Written<'a> {
    pub fn new(select: &'a Select, out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        Written { select, out, empty: true }
    }

    /// Write `name`'s key when it is asked for; what is asked inside it.
    fn key(&mut self, name: &str) -> Option<&'a Select> {
        let inner = self.select.get(name)?;
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        write(self.out, name);
        self.out.push(b':');
        Some(inner)
    }

    /// A plain value (a string, a number, an option of one), made only when asked for.
    pub fn put<T: serde::Serialize>(&mut self, name: &str, value: impl FnOnce() -> T) -> &mut Self {
        if self.key(name).is_some() {
            write(self.out, &value());
        }
        self
    }

    /// A value with members, trimmed to what is asked inside it (`tags.name`).
    pub fn put_value(&mut self, name: &str, value: impl FnOnce() -> Value) -> &mut Self {
        if let Some(inner) = self.key(name) {
            write(self.out, &project(value(), inner));
        }
        self
    }

    /// A nested record that writes itself, with what is asked inside it.
    pub fn put_record(&mut self, name: &str, record: impl FnOnce(&Select, &mut Vec<u8>)) -> &mut Self {
        if let Some(inner) = self.key(name) {
            record(inner, self.out);
        }
        self
    }

    /// The asked-for members of an object built whole.
    pub fn merge(&mut self, other: Map<String, Value>) -> &mut Self {
        for (name, value) in other {
            self.put_value(&name, || value);
        }
        self
    }

    pub fn finish(&mut self) {
        self.out.push(b'}');
    }
}

/// Serialize into a byte buffer, which cannot fail for the simulator's own values.
pub fn write<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(out, value).expect("JSON of the simulator's values")
}

/// The JSON a record writes, as a `Value` (for the routes that answer one record).
pub fn written(write: impl FnOnce(&mut Vec<u8>)) -> Value {
    let mut out = Vec::new();
    write(&mut out);
    serde_json::from_slice(&out).expect("the simulator writes valid JSON")
}
