//! Drafts on disk: one file per conversation and kind, written atomically (temp file in
//! the same directory, fsync, rename, fsync the directory), readable only by the user.
//! A crash loses at most what was typed since the last save.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::desk::TicketId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DraftKind {
    Reply,
    Note,
}

impl DraftKind {
    fn suffix(self) -> &'static str {
        match self {
            DraftKind::Reply => "reply",
            DraftKind::Note => "note",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DraftKey {
    pub ticket: TicketId,
    pub kind: DraftKind,
}

#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
    /// Who may write here: the one process holding the directory's lock.
    claim: Claim,
}

/// Two consoles on one profile would clobber each other's drafts, and one would bring back
/// a draft the other had just sent: the first holds the drafts, a second only reads them.
#[derive(Debug, Clone)]
enum Claim {
    /// Not asked for (tests, tools): writes go ahead.
    Unclaimed,
    /// This process holds the lock for as long as it runs.
    Held { _lock: std::sync::Arc<File> },
    /// Another process (this pid, when it said) holds it: nothing here is written or deleted.
    Elsewhere { holder: Option<u32> },
}

impl DraftStore {
    /// `DATA_DIR/drafts` of the platform's data directory (XDG on Linux).
    pub fn default_location() -> Option<DraftStore> {
        let dirs = directories::ProjectDirs::from("dev", "triage", "triage")?;
        Some(DraftStore::at(dirs.data_dir().join("drafts")))
    }

    pub fn at(dir: impl Into<PathBuf>) -> DraftStore {
        DraftStore { dir: dir.into(), claim: Claim::Unclaimed }
    }

    /// Take the drafts for this process (a lock on `drafts.lock`, released when it exits,
    /// however it exits); when another process has them, this store reads only.
    pub fn claimed(mut self) -> DraftStore {
        // Beside the directory (`drafts.lock`), so the directory holds drafts only.
        let path = self.dir.with_extension("lock");
        let lock =
            self.ensure_dir().and_then(|()| OpenOptions::new().create(true).truncate(false).write(true).open(&path));
        self.claim = match lock {
            Ok(mut file) => match file.try_lock() {
                Ok(()) => {
                    // Who holds them, for the console that finds them taken.
                    let _ = file.set_len(0).and_then(|()| write!(file, "{}", std::process::id()));
                    Claim::Held { _lock: std::sync::Arc::new(file) }
                }
                Err(_) => {
                    Claim::Elsewhere { holder: fs::read_to_string(&path).ok().and_then(|s| s.trim().parse().ok()) }
                }
            },
            // A directory that cannot be written is refused by every save anyway.
            Err(_) => Claim::Unclaimed,
        };
        self
    }

    /// Another triage holds the drafts: these are shown, never written.
    pub fn read_only(&self) -> bool {
        matches!(self.claim, Claim::Elsewhere { .. })
    }

    /// The process that holds the drafts, when another does and said which.
    pub fn holder(&self) -> Option<u32> {
        match self.claim {
            Claim::Elsewhere { holder } => holder,
            _ => None,
        }
    }

    fn writable(&self) -> io::Result<()> {
        match self.read_only() {
            true => Err(io::Error::other("another triage has these drafts open; this one's are not saved")),
            false => Ok(()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &DraftKey) -> PathBuf {
        // Ticket ids come from the server: only a safe alphabet reaches the file name.
        let id: String =
            key.ticket.0.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
        self.dir.join(format!("{id}.{}.md", key.kind.suffix()))
    }

    fn ensure_dir(&self) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }

    /// Write the draft atomically; an empty draft deletes the file.
    pub fn save(&self, key: &DraftKey, text: &str) -> io::Result<()> {
        self.writable()?;
        if text.trim().is_empty() {
            return self.delete(key);
        }
        self.ensure_dir()?;
        write_privately(&self.dir, &self.path(key), text)
    }

    /// The draft goes, and with it any mark that it was being sent.
    pub fn delete(&self, key: &DraftKey) -> io::Result<()> {
        self.writable()?;
        self.unmark_sending(key)?;
        remove(&self.path(key))
    }

    /// Beside the draft: its send began at this time and its outcome is not known yet.
    fn sending_path(&self, key: &DraftKey) -> PathBuf {
        self.path(key).with_extension("sending")
    }

    /// Say on disk, before a send leaves, that the draft is on its way: a crash before the
    /// answer leaves the mark, and the next run says "may have been sent", never a plain draft.
    pub fn mark_sending(&self, key: &DraftKey, at: jiff::Timestamp) -> io::Result<()> {
        self.writable()?;
        self.ensure_dir()?;
        write_privately(&self.dir, &self.sending_path(key), &at.to_string())
    }

    /// The send's outcome is known (it failed, or was found not to have arrived).
    pub fn unmark_sending(&self, key: &DraftKey) -> io::Result<()> {
        self.writable()?;
        remove(&self.sending_path(key))
    }

    /// The drafts whose send began, and when, without an outcome: a crash or a kill mid-send.
    pub fn in_flight(&self) -> HashMap<DraftKey, jiff::Timestamp> {
        let drafts = self.load_all();
        let began = |key: &DraftKey| fs::read_to_string(self.sending_path(key)).ok()?.trim().parse().ok();
        drafts.keys().filter_map(|key| Some((key.clone(), began(key)?))).collect()
    }

    /// Every saved draft. Leftover temp files from a crash are removed.
    pub fn load_all(&self) -> HashMap<DraftKey, String> {
        let mut drafts = HashMap::new();
        let Ok(entries) = fs::read_dir(&self.dir) else { return drafts };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.contains(".tmp") {
                // Leftovers of a crash — unless another process is writing them right now.
                if !self.read_only() {
                    let _ = fs::remove_file(entry.path());
                }
                continue;
            }
            let Some(stem) = name.strip_suffix(".md") else { continue };
            let (id, kind) = match stem.rsplit_once('.') {
                Some((id, "reply")) => (id, DraftKind::Reply),
                Some((id, "note")) => (id, DraftKind::Note),
                _ => continue,
            };
            if let Ok(text) = fs::read_to_string(entry.path()) {
                drafts.insert(DraftKey { ticket: TicketId(id.to_string()), kind }, text);
            }
        }
        drafts
    }
}

/// Remove `path`; one already gone is fine.
fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Write `text` to `target` in `dir` whole or not at all (a temporary file renamed over it,
/// synced), readable by its owner only: a crash never leaves half a file.
pub fn write_privately(dir: &Path, target: &Path, text: &str) -> io::Result<()> {
    let temp = target.with_extension(format!("tmp{}", std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = (|| {
        let mut file = options.open(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, target)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_private_and_atomic() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::at(dir.path().join("drafts"));
        let key = DraftKey { ticket: TicketId("0476bfd0-0c3f".into()), kind: DraftKind::Note };
        store.save(&key, "Hello,\nwe are on it").unwrap();
        store.save(&key, "Hello,\nwe are on it — fixed").unwrap();
        assert_eq!(store.load_all().get(&key).map(String::as_str), Some("Hello,\nwe are on it — fixed"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&store.path(&key)), 0o600);
            assert_eq!(mode(store.dir()), 0o700);
        }
        fs::write(store.dir().join("x.reply.md.tmp123"), "half").unwrap();
        assert_eq!(store.load_all().len(), 1, "temp files are not drafts");
        assert!(!store.dir().join("x.reply.md.tmp123").exists(), "and are cleaned up");
        store.save(&key, "  ").unwrap();
        assert!(store.load_all().is_empty(), "an empty draft is deleted");
    }

    #[test]
    fn a_second_claim_reads_the_drafts_but_never_writes_or_deletes_them() {
        let dir = tempfile::tempdir().unwrap();
        let key = DraftKey { ticket: TicketId("c1".into()), kind: DraftKind::Reply };
        let first = DraftStore::at(dir.path().join("drafts")).claimed();
        assert!(!first.read_only());
        first.save(&key, "the first console's words").unwrap();
        let second = DraftStore::at(dir.path().join("drafts")).claimed();
        assert!(second.read_only(), "the first holds the drafts");
        assert_eq!(second.holder(), Some(std::process::id()), "and says who it is");
        assert_eq!(second.load_all()[&key], "the first console's words", "it still sees them");
        assert!(second.save(&key, "clobbered").is_err() && second.delete(&key).is_err());
        assert_eq!(first.load_all()[&key], "the first console's words");
        drop(first);
        assert!(!DraftStore::at(dir.path().join("drafts")).claimed().read_only(), "free once the first is gone");
    }

    #[test]
    fn a_send_in_flight_is_marked_until_its_outcome_is_known() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::at(dir.path().join("drafts"));
        let key = DraftKey { ticket: TicketId("c1".into()), kind: DraftKind::Reply };
        let at: jiff::Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
        store.save(&key, "on its way").unwrap();
        store.mark_sending(&key, at).unwrap();
        assert_eq!(store.in_flight(), HashMap::from([(key.clone(), at)]), "a restart sees the send began");
        assert_eq!(store.load_all().len(), 1, "the mark is no draft of its own");
        store.unmark_sending(&key).unwrap();
        assert!(store.in_flight().is_empty(), "failed: a plain draft again");
        store.mark_sending(&key, at).unwrap();
        store.delete(&key).unwrap();
        assert!(store.in_flight().is_empty() && !store.sending_path(&key).exists(), "sent: both gone");
    }

    #[test]
    fn hostile_ids_stay_in_the_directory() {
        let store = DraftStore::at("/tmp/drafts");
        let key = DraftKey { ticket: TicketId("../../etc/passwd".into()), kind: DraftKind::Reply };
        assert_eq!(store.path(&key), PathBuf::from("/tmp/drafts/______etc_passwd.reply.md"));
    }
}
