//! Reporting buckets: a day, a week starting on Monday, a month starting on the 1st. Shared by
//! the simulator (answering reporting) and by desks that compute series themselves (Thena).

use jiff::ToSpan;
use jiff::civil::Date;

/// How long one bucket of a series is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grain {
    Day,
    Week,
    Month,
}

impl Grain {
    /// `day`, `week`, `month`: as a panel names its buckets.
    pub fn name(self) -> &'static str {
        match self {
            Grain::Day => "day",
            Grain::Week => "week",
            Grain::Month => "month",
        }
    }
}

/// The first day of the bucket holding `date`.
pub fn bucket(grain: Grain, date: Date) -> Date {
    match grain {
        Grain::Day => date,
        Grain::Week => date - (date.weekday().to_monday_zero_offset() as i64).days(),
        Grain::Month => date.first_of_month(),
    }
}

/// Every bucket from the one holding `start` to the one holding `end`, in order.
pub fn buckets(grain: Grain, start: Date, end: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = Some(bucket(grain, start));
    while let Some(date) = d.filter(|date| *date <= end) {
        out.push(date);
        d = match grain {
            Grain::Day => date.checked_add(1.day()).ok(),
            Grain::Week => date.checked_add(1.week()).ok(),
            Grain::Month => date.checked_add(1.month()).ok(),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_months_on_the_first() {
        let d: Date = "2022-12-01".parse().unwrap();
        assert_eq!(bucket(Grain::Week, d).to_string(), "2022-11-28");
        assert_eq!(bucket(Grain::Month, "2022-12-31".parse().unwrap()).to_string(), "2022-12-01");
        let weeks = buckets(Grain::Week, d, "2022-12-31".parse().unwrap());
        assert_eq!(
            weeks.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            ["2022-11-28", "2022-12-05", "2022-12-12", "2022-12-19", "2022-12-26"]
        );
    }
}
