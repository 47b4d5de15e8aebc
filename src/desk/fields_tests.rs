use super::*;

fn compare(field: &str, operator: &str, value: serde_json::Value) -> Compare {
    Compare { field: field.into(), operator: operator.into(), value }
}

fn def(id: &str, label: &str, kind: FieldKind, required: bool, options: &[&str]) -> FieldDef {
    FieldDef {
        id: id.into(),
        label: label.into(),
        kind,
        required,
        options: options.iter().map(|o| o.to_string()).collect(),
        condition: None,
    }
}

/// A bug report: severity, then impact when severe, then an owner for a blocker.
fn bug() -> TicketType {
    let mut impact = def("imp", "Customer impact", FieldKind::MultiSelect, false, &["Billing", "Login", "Data"]);
    impact.condition = Some(Condition::One(compare("sev", "in", serde_json::json!(["High", "Blocker"]))));
    let mut owner = def("own", "Blocker owner", FieldKind::User, true, &[]);
    owner.condition = Some(Condition::All(vec![
        compare("sev", "equals", "Blocker".into()),
        compare("reg", "notEquals", "true".into()),
    ]));
    TicketType {
        id: "bug".into(),
        name: "Bug report".into(),
        fields: vec![
            def("sev", "Severity", FieldKind::Select, true, &["Low", "Medium", "High", "Blocker"]),
            def("ver", "Affected version", FieldKind::ShortText, true, &[]),
            def("reg", "Regression", FieldKind::Checkbox, false, &[]),
            impact,
            owner,
        ],
    }
}

fn with(pairs: &[(&str, FieldValue)]) -> Fields {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn labels<'a>(fields: impl Iterator<Item = &'a FieldDef>) -> Vec<&'a str> {
    fields.map(|f| f.label.as_str()).collect()
}

#[test]
fn conditional_fields_appear_and_disappear_with_the_values_they_read() {
    let t = bug();
    let text = |s: &str| FieldValue::Text(s.into());
    assert_eq!(labels(t.visible(&Fields::new())), ["Severity", "Affected version", "Regression"]);
    let high = with(&[("sev", text("High"))]);
    assert_eq!(labels(t.visible(&high)), ["Severity", "Affected version", "Regression", "Customer impact"]);
    let blocker = with(&[("sev", text("Blocker"))]);
    assert!(labels(t.visible(&blocker)).contains(&"Blocker owner"));
    let regression = with(&[("sev", text("Blocker")), ("reg", FieldValue::Checked(true))]);
    assert!(!labels(t.visible(&regression)).contains(&"Blocker owner"), "and: both must hold");
}

#[test]
fn missing_lists_required_visible_empty_fields_only() {
    let t = bug();
    assert_eq!(labels(t.missing(&Fields::new())), ["Severity", "Affected version"]);
    let set = with(&[("sev", FieldValue::Text("Blocker".into())), ("ver", FieldValue::Text("  ".into()))]);
    assert_eq!(labels(t.missing(&set)), ["Affected version", "Blocker owner"]);
}

#[test]
fn typed_values_are_checked_against_the_fields_kind() {
    let t = bug();
    let agent = |w: &str| if w == "maria" { Ok("u1".to_string()) } else { Err(format!("no agent {w}")) };
    let sev = t.field("severity").unwrap();
    assert_eq!(sev.parse_value("block", agent), Ok(FieldValue::Text("Blocker".into())));
    let err = sev.parse_value("Urgent", agent).unwrap_err();
    assert!(err.contains("Low, Medium, High, Blocker"), "{err}");
    let impact = t.field("Customer impact").unwrap();
    assert_eq!(impact.parse_value("billing, data", agent), Ok(FieldValue::List(vec!["Billing".into(), "Data".into()])));
    assert!(t.field("Regression").unwrap().parse_value("maybe", agent).is_err());
    assert_eq!(t.field("Blocker owner").unwrap().parse_value("maria", agent), Ok(FieldValue::Text("u1".into())));
    assert!(t.field("Nope").is_err());
}

#[test]
fn a_field_line_splits_at_the_longest_label() {
    let t = bug();
    let (f, rest) = t.split_field_line("Affected version 2.4.1").unwrap();
    assert_eq!((f.id.as_str(), rest), ("ver", "2.4.1"));
    let (f, rest) = t.split_field_line("sev High").unwrap();
    assert_eq!((f.id.as_str(), rest), ("sev", "High"));
    assert!(t.split_field_line("colour red").is_err());
}

#[test]
fn values_read_with_their_kind() {
    let name = |id: &str| (id == "u1").then(|| "Maria Garcia".to_string());
    assert_eq!(show(&FieldValue::Text("u1".into()), &FieldKind::User, name), "Maria Garcia");
    assert_eq!(show(&FieldValue::Text("true".into()), &FieldKind::Checkbox, name), "yes");
    assert_eq!(show(&FieldValue::List(vec!["A".into(), "B".into()]), &FieldKind::MultiSelect, name), "A, B");
}
