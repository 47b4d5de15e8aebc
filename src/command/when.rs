//! When a snooze ends, as an agent says it (COMMANDS.md): `90m`, `2h`, `3d`, `1w`,
//! `tomorrow`, `tomorrow 9:00`, `mon` … `sun` (the next one), `14:30` (today, else tomorrow),
//! `2026-12-03`, `2026-12-03 09:00` — in the agent's time zone; a day without a time is 9:00.

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

const MORNING: Time = Time::constant(9, 0, 0, 0);

pub fn when(text: &str, now: Timestamp, tz: &TimeZone) -> Result<Timestamp, String> {
    let text = text.trim().to_lowercase();
    let bad = || {
        format!("can't read {text:?} as a time (2h, 90m, 3d, tomorrow, tomorrow 9:00, mon, 14:30, 2026-12-03 09:00)")
    };
    let (day, time) = text.split_once(char::is_whitespace).map_or((text.as_str(), None), |(d, t)| (d, Some(t.trim())));
    if time.is_none()
        && let Some(span) = duration(day)
    {
        return Ok(now + span);
    }
    let today = now.to_zoned(tz.clone()).date();
    let at = |date: Date, time: Option<Time>| {
        date.to_datetime(time.unwrap_or(MORNING)).to_zoned(tz.clone()).map(|z| z.timestamp()).map_err(|_| bad())
    };
    let clock = time.map(|t| parse_time(t).ok_or_else(bad)).transpose()?;
    let wake = match day {
        "today" => at(today, clock)?,
        "tomorrow" => at(today.tomorrow().map_err(|_| bad())?, clock)?,
        _ if clock.is_none() && parse_time(day).is_some() => {
            let wake = at(today, parse_time(day))?;
            if wake > now { wake } else { at(today.tomorrow().map_err(|_| bad())?, parse_time(day))? }
        }
        _ => match weekday(day) {
            Some(wd) => at(today.nth_weekday(1, wd).map_err(|_| bad())?, clock)?,
            None => at(day.parse::<Date>().map_err(|_| bad())?, clock)?,
        },
    };
    if wake <= now {
        return Err(format!("{text:?} is in the past; a snooze wakes later"));
    }
    Ok(wake)
}

/// `90m`, `2h`, `3d`, `1w`.
fn duration(word: &str) -> Option<SignedDuration> {
    let unit = word.chars().last()?;
    let n: i64 = word[..word.len() - unit.len_utf8()].parse().ok().filter(|n| *n > 0)?;
    let minutes = match unit {
        'm' => n,
        'h' => n * 60,
        'd' => n * 60 * 24,
        'w' => n * 60 * 24 * 7,
        _ => return None,
    };
    Some(SignedDuration::from_mins(minutes))
}

fn parse_time(word: &str) -> Option<Time> {
    let (h, m) = word.split_once(':')?;
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

fn weekday(word: &str) -> Option<Weekday> {
    let days = [
        ("mon", Weekday::Monday),
        ("tue", Weekday::Tuesday),
        ("wed", Weekday::Wednesday),
        ("thu", Weekday::Thursday),
        ("fri", Weekday::Friday),
        ("sat", Weekday::Saturday),
        ("sun", Weekday::Sunday),
    ];
    days.iter().find(|(short, _)| word.len() >= 3 && word.starts_with(short)).map(|(_, d)| *d)
}

/// A few common wake times from `now` for the snooze picker, each with its words.
pub fn common(now: Timestamp, tz: &TimeZone) -> Vec<(&'static str, Timestamp)> {
    ["1h", "4h", "tomorrow", "mon", "1w"]
        .into_iter()
        .filter_map(|words| when(words, now, tz).ok().map(|at| (words, at)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> TimeZone {
        TimeZone::get("Europe/Berlin").unwrap_or(TimeZone::fixed(jiff::tz::offset(1)))
    }

    /// Tuesday 1 December 2026, 15:20 in Berlin (14:20 UTC).
    fn now() -> Timestamp {
        "2026-12-01T14:20:00Z".parse().unwrap()
    }

    fn local(text: &str) -> String {
        when(text, now(), &berlin()).map(|t| t.to_zoned(berlin()).strftime("%a %Y-%m-%d %H:%M").to_string()).unwrap()
    }

    #[test]
    fn the_forms_of_commands_md() {
        assert_eq!(when("2h", now(), &berlin()), Ok(now() + SignedDuration::from_hours(2)));
        assert_eq!(when("90m", now(), &berlin()), Ok(now() + SignedDuration::from_mins(90)));
        assert_eq!(local("3d"), "Fri 2026-12-04 15:20");
        assert_eq!(local("tomorrow"), "Wed 2026-12-02 09:00");
        assert_eq!(local("tomorrow 9:00"), "Wed 2026-12-02 09:00");
        assert_eq!(local("Tomorrow 14:30"), "Wed 2026-12-02 14:30");
        assert_eq!(local("mon"), "Mon 2026-12-07 09:00");
        assert_eq!(local("tue"), "Tue 2026-12-08 09:00", "the next Tuesday, not today");
        assert_eq!(local("friday 17:00"), "Fri 2026-12-04 17:00");
        assert_eq!(local("16:00"), "Tue 2026-12-01 16:00", "later today");
        assert_eq!(local("08:00"), "Wed 2026-12-02 08:00", "passed today: tomorrow");
        assert_eq!(local("2026-12-03"), "Thu 2026-12-03 09:00");
        assert_eq!(local("2026-12-03 10:15"), "Thu 2026-12-03 10:15");
    }

    #[test]
    fn nonsense_and_the_past_say_so() {
        for text in ["soon", "2x", "0h", "25:00", "2026-13-01", "tomorrow noon", ""] {
            let err = when(text, now(), &berlin()).unwrap_err();
            assert!(err.contains("can't read"), "{text}: {err}");
        }
        assert!(when("2026-11-30", now(), &berlin()).unwrap_err().contains("in the past"));
        assert_eq!(common(now(), &berlin()).len(), 5);
    }
}
