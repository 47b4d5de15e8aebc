//! The commands on one ticket's work from the shell: `approval`, `approvals`, `files` and
//! `download` (`reply --attach` goes with the reply). Lists go to stdout (JSON with
//! `--json`), what happened to stderr; server text is sanitized wherever it is printed.

use serde_json::json;

use super::{Failure, Names, output};
use crate::command::Work;
use crate::desk::{Desk, Ticket};
use crate::support::files;
use crate::support::sanitize::line as clean;

/// The flags a command on a ticket's work may take.
pub struct Extra<'a> {
    pub dir: Option<&'a str>,
    pub attach: &'a [String],
    pub json: bool,
}

/// Runs one of the commands on a ticket's work, printing its answer.
pub async fn apply<D: Desk>(
    desk: &D,
    work: &Work,
    t: &Ticket,
    names: &Names,
    extra: &Extra<'_>,
) -> Result<(), Failure> {
    let label = format!("#{}", t.number);
    match work {
        Work::Approval { title, approver } => {
            let a = desk.create_approval(&t.id, title, approver.as_deref()).await?;
            eprintln!("{label}: approval requested ({})", clean(&a.status));
            if extra.json {
                println!("{}", output::json_text(&json!({"id": a.id, "title": a.title, "status": a.status})));
            }
        }
        Work::Approvals => {
            let approvals = desk.extras(&t.id).await?.approvals;
            let rows: Vec<serde_json::Value> = approvals
                .iter()
                .map(|a| {
                    let who =
                        a.approver.clone().or_else(|| a.assigned_to.as_deref().and_then(|id| names.agent_name(id)));
                    json!({"title": a.title, "status": a.status, "approver": who})
                })
                .collect();
            print_rows(&rows, extra.json, &["status", "title", "approver"]);
        }
        Work::Files => {
            let files = desk.extras(&t.id).await?.files;
            let rows: Vec<serde_json::Value> = files
                .iter()
                .enumerate()
                .map(|(i, f)| json!({"n": i + 1, "name": f.name, "size": f.size, "type": f.kind, "id": f.id}))
                .collect();
            print_rows(&rows, extra.json, &["n", "name", "size", "type"]);
        }
        Work::Download { file, dir } => download(desk, t, file, dir.as_deref().or(extra.dir)).await?,
    }
    Ok(())
}

async fn download<D: Desk>(desk: &D, t: &Ticket, which: &str, dir: Option<&str>) -> Result<(), Failure> {
    let files = desk.extras(&t.id).await?.files;
    let not_found = |e: String| Failure { code: 3, message: format!("#{}: {e}", t.number) };
    let file = &files[crate::command::pick_file(&files, which).map_err(not_found)?];
    let dir = match dir {
        Some(d) => files::expand_home(d),
        None => files::download_dir().ok_or_else(|| Failure::usage("no download directory: give --dir DIR"))?,
    };
    let bytes = desk.file_bytes(&t.id, &file.id).await?;
    let path = files::save_new(&dir, &file.name, &bytes).map_err(Failure::usage)?;
    eprintln!("#{}: saved {} ({} bytes)", t.number, clean(&file.name), bytes.len());
    println!("{}", path.display());
    Ok(())
}

/// Rows as JSON (an array), or as `list` prints its table.
fn print_rows(rows: &[serde_json::Value], json: bool, columns: &[&str]) {
    if json {
        println!("{}", output::json_text(&serde_json::Value::Array(rows.to_vec())));
        return;
    }
    let cell = |row: &serde_json::Value, k: &str| match &row[k] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".into(),
        other => other.to_string(),
    };
    let table: Vec<Vec<String>> = rows.iter().map(|row| columns.iter().map(|k| cell(row, k)).collect()).collect();
    // The same table as `list`: aligned on a terminal, tab-separated in a pipe, cleaned.
    print!("{}", output::table(columns, &table));
}
