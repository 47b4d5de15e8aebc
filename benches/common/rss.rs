//! Resident memory, for the benches that print it (Linux: `/proc/PID/status`).

/// This process's resident memory in KiB.
pub fn rss_kb() -> u64 {
    rss_kb_of("self")
}

/// The resident memory in KiB of process `pid` (`"self"` for this one); 0 when unknown.
pub fn rss_kb_of(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
