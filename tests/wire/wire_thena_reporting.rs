//! The Thena export in every shape, and reporting numbers that equal a count over the data.

use std::collections::BTreeMap;

use crate::common::*;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use triage::api::ApiError;
use triage::api::unthread::reporting::FilterValue;
use triage::api::unthread::*;
use triage::sim::{SimOptions, ThenaStyle};
use triage::support::calendar::Grain;

#[tokio::test]
async fn thena_export_in_every_style_matches_the_dataset() {
    let sim = sim(800).await;
    let thena = thena(&sim);
    let (start, end): (Date, Date) = ("2026-10-01".parse().unwrap(), "2026-10-31".parse().unwrap());
    let expected: BTreeMap<String, (jiff::Timestamp, String)> = sim.state().read(|db| {
        db.conversations
            .iter()
            .filter(|c| (start..=end).contains(&c.created_at.to_zoned(TimeZone::UTC).date()))
            .map(|c| (c.friendly_id.to_string(), (c.created_at, c.title.clone())))
            .collect()
    });
    assert!(expected.len() > 100);
    for style in [ThenaStyle::Seed, ThenaStyle::V1, ThenaStyle::Iso] {
        sim.state().set_thena_style(style);
        let (reporter, heard) = listening();
        let mut client = thena.clone();
        client.report_to(reporter);
        let items = client.export(start, Some(end)).await.unwrap();
        let decoding = heard.try_iter().any(|a| matches!(a, triage::api::activity::Activity::Decoding { .. }));
        assert!(decoding, "progress is reported");
        assert_eq!(items.len(), expected.len(), "{style:?}");
        for item in &items {
            let r = item.as_ok().expect("every record decodes");
            assert!(r.invalid_fields().is_empty(), "{style:?}: {:?}", r.invalid_fields());
            let (created, title) = &expected[&r.request_id];
            let got = *r.created_datetime.value().unwrap();
            // The seed's format has minute precision.
            assert!(got.duration_since(*created).abs().as_secs() < 60, "{style:?}: {got} vs {created}");
            assert_eq!(&*r.request_title, title.as_str());
            assert!(!r.slack_thread_link.is_empty());
            if r.status.eq_ignore_ascii_case("closed") {
                assert!(r.closed_datetime.value().is_some() && r.resolution_time_hours.value().is_some());
            }
        }
    }
}

#[tokio::test]
async fn thena_errors_are_clear() {
    let sim = sim_with(SimOptions { api_key: Some("thena-right".into()), ..options(10) }).await;
    let start: Date = "2026-11-01".parse().unwrap();
    let err = thena(&sim).export(start, None).await.unwrap_err();
    assert_eq!(err, ApiError::Unauthorized { service: "Thena", env_var: "THENA_API_KEY" });
    let err = thena(&sim).export(start, Some("2026-10-01".parse().unwrap())).await.unwrap_err();
    assert!(matches!(err, ApiError::Config { .. }), "a reversed range is caught before sending");
    let raw = reqwest::Client::new()
        .get(format!("{}/v1/requests/exports?start_date=11/01/2026", sim.thena_url()))
        .bearer_auth("thena-right")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
}

#[tokio::test]
async fn reporting_with_two_dimensions_equals_a_count_over_the_dataset() {
    let sim = sim(1500).await;
    let client = client(&sim);
    let (start, end): (Date, Date) = ("2026-10-06".parse().unwrap(), "2026-11-16".parse().unwrap());
    let mut req = TimeSeriesRequest::new(Metric::TotalCount, start, end, Grain::Week);
    req.dimensions = vec![Dimension::CustomerId, Dimension::TagId];
    let answer = client.time_series(&req).await.unwrap();
    assert_eq!(
        answer.dates.first().map(String::as_str),
        Some("2026-10-05"),
        "weeks start on the Monday on or before startDate"
    );
    assert_eq!(answer.dates.len(), 7);

    // The same numbers, counted here from the simulator's own records.
    let mut expected: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    sim.state().read(|db| {
        for c in &db.conversations {
            let day = c.created_at.to_zoned(TimeZone::UTC).date();
            if day < start || day > end {
                continue;
            }
            let week = day - jiff::Span::new().days(day.weekday().to_monday_zero_offset() as i64);
            for &t in &c.tags {
                let key = (db.customers[c.customer].id.clone(), db.tags[t].id.clone(), week.to_string());
                *expected.entry(key).or_default() += 1.0;
            }
        }
    });
    let mut got = BTreeMap::new();
    for row in answer.rows(2) {
        for (date, value) in answer.dates.iter().zip(&row.points) {
            if let Some(v) = value {
                got.insert((row.keys[0].clone(), row.keys[1].clone(), date.clone()), *v);
            }
        }
    }
    assert_eq!(got, expected);
    let some_customer = &answer.rows(2)[0].keys[0];
    assert!(answer.lookup(Dimension::CustomerId, some_customer).is_some_and(|n| !n.is_empty()));

    // A filter (array = OR) and a mean metric with gaps.
    let maria = sim.state().read(|db| db.users[0].id.clone());
    let mut mean = TimeSeriesRequest::new(Metric::ResolutionTimeMean, start, end, Grain::Day);
    mean.filters.insert(Dimension::AssigneeId, FilterValue::Any(vec![maria.clone()]));
    let answer = client.time_series(&mean).await.unwrap();
    let row = &answer.rows(0)[0];
    assert_eq!(row.points.len(), 42);
    assert!(row.points.iter().any(Option::is_none), "days without resolutions are gaps");
    let mut sums: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    sim.state().read(|db| {
        for c in db.conversations.iter().filter(|c| c.assignee == Some(0)) {
            if let (Some(at), Some(secs)) = (c.closed_at, c.resolution_time) {
                let day = at.to_zoned(TimeZone::UTC).date();
                if (start..=end).contains(&day) {
                    let e = sums.entry(day.to_string()).or_default();
                    e.0 += secs as f64;
                    e.1 += 1.0;
                }
            }
        }
    });
    for (date, point) in answer.dates.iter().zip(&row.points) {
        let want = sums.get(date).map(|(sum, n)| (sum / n * 100.0).round() / 100.0);
        assert_eq!(*point, want, "{date}");
    }
}

#[tokio::test]
async fn a_large_export_announces_its_progress() {
    let sim = sim(3000).await;
    let (reporter, activity) = listening();
    let mut client = thena(&sim);
    client.report_to(reporter);
    let items = client.export("2026-08-01".parse().unwrap(), None).await.unwrap();
    assert_eq!(items.len(), 3000);
    let (mut downloading, mut last_done) = (0, 0);
    let mut decoding = false;
    while let Ok(a) = activity.try_recv() {
        match a {
            triage::api::activity::Activity::Downloading { done, .. } => {
                assert!(done > last_done, "progress only grows: {done} after {last_done}");
                assert!(!decoding, "downloading is told before decoding");
                (downloading, last_done) = (downloading + 1, done);
            }
            triage::api::activity::Activity::Decoding { .. } => decoding = true,
            _ => {}
        }
    }
    assert!(downloading >= 2 && decoding, "progress while downloading ({downloading}) and decoding ({decoding})");
}

/// Thena's CSAT panel (mean rating and how many ratings) and its sentiment split equal a
/// count over the dataset.
#[tokio::test]
async fn thena_csat_and_sentiment_equal_a_count_over_the_dataset() {
    use triage::desk::Desk;
    use triage::desk::series::{Dimension, Metric, SeriesQuery};
    let sim = sim(800).await;
    let (start, end): (Date, Date) = ("2026-10-01".parse().unwrap(), "2026-11-20".parse().unwrap());
    let desk = triage::desk::thena::ThenaDesk::new(thena(&sim), start, Some(end));
    let query = |metric, breakdown| SeriesQuery {
        metric,
        start,
        end,
        grain: Grain::Month,
        breakdown,
        filters: BTreeMap::new(),
    };
    let (ratings, sum, sentiments) = sim.state().read(|db| {
        let mine =
            db.conversations.iter().filter(|c| (start..=end).contains(&c.created_at.to_zoned(TimeZone::UTC).date()));
        let (mut ratings, mut sum, mut sentiments) = (0.0, 0.0, BTreeMap::<String, f64>::new());
        for c in mine {
            let rated_on = c.closed_at.unwrap_or(c.created_at).to_zoned(TimeZone::UTC).date();
            if let Some(score) = c.csat.filter(|_| rated_on <= end) {
                ratings += 1.0;
                sum += f64::from(score);
            }
            *sentiments.entry(c.sentiment.to_lowercase()).or_default() += 1.0;
        }
        (ratings, sum, sentiments)
    });
    assert!(ratings > 20.0, "enough ratings to mean something ({ratings})");
    let total = |metric, breakdown| {
        let desk = &desk;
        async move { desk.series(&query(metric, breakdown)).await.unwrap() }
    };
    let counted = total(Metric::CsatRatings, None).await;
    assert_eq!(counted.lines[0].summary(Metric::CsatRatings).overall, Some(ratings));
    // Per-month means: their ratings-weighted mean is the mean of every rating.
    let means = total(Metric::CsatMean, None).await;
    let weighted: f64 = means.lines[0]
        .points
        .iter()
        .zip(&counted.lines[0].points)
        .map(|(m, n)| m.unwrap_or(0.0) * n.unwrap_or(0.0))
        .sum();
    assert!((weighted / ratings - sum / ratings).abs() < 1e-9);
    let split = total(Metric::TotalCount, Some(Dimension::Sentiment)).await;
    let got: BTreeMap<String, f64> =
        split.lines.iter().map(|l| (l.name.clone(), l.summary(Metric::TotalCount).overall.unwrap_or(0.0))).collect();
    assert_eq!(got, sentiments);
}

/// The export's pages, the way the console asks for them: every page of `query`.
async fn every_page(
    desk: &triage::desk::thena::ThenaDesk,
    query: &triage::desk::InboxQuery,
) -> (Vec<triage::desk::Ticket>, u64) {
    use triage::desk::Desk;
    let (mut tickets, mut cursor, mut total) = (Vec::new(), None, 0);
    loop {
        let page = desk.inbox_page(query, cursor).await.unwrap();
        total = page.total.unwrap_or(total);
        tickets.extend(page.tickets);
        match page.next {
            Some(next) => cursor = Some(next),
            None => return (tickets, total),
        }
    }
}

/// The export's tickets are made page by page: a filtered walk holds exactly the unfiltered
/// walk's tickets of that status (the positions matched for another query never leak into
/// it), and a ticket's thread and customer are found from its id after the walk.
#[tokio::test]
async fn thena_pages_a_filter_and_finds_each_request_again() {
    use triage::desk::{Desk, InboxQuery, TicketId, TicketStatus};
    let sim = sim(1_200).await;
    let start: Date = "2000-01-01".parse().unwrap();
    let desk = triage::desk::thena::ThenaDesk::new(thena(&sim), start, None);
    let (all, all_total) = every_page(&desk, &InboxQuery::default()).await;
    assert_eq!((all.len(), all_total), (1_200, 1_200), "three pages of 500, no request twice or lost");
    let closed = InboxQuery { status: Some(TicketStatus::Closed), ..InboxQuery::default() };
    let (filtered, total) = every_page(&desk, &closed).await;
    let expected: Vec<&TicketId> = all.iter().filter(|t| t.status == TicketStatus::Closed).map(|t| &t.id).collect();
    assert!(expected.len() > 100, "enough closed requests to span pages ({})", expected.len());
    assert_eq!(filtered.iter().map(|t| &t.id).collect::<Vec<_>>(), expected);
    assert_eq!(total, expected.len() as u64);
    // Two walks interleaved (the second's first page downloads the export again): the
    // first walk's next page is still its own.
    let everything = InboxQuery::default();
    let first = desk.inbox_page(&everything, None).await.unwrap();
    let _ = desk.inbox_page(&closed, None).await.unwrap();
    let second = desk.inbox_page(&everything, first.next).await.unwrap();
    let ids = |tickets: &[triage::desk::Ticket]| tickets.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&second.tickets), ids(&all[500..1_000]));
    let last = all.last().unwrap();
    let thread = desk.thread(&last.id).await.unwrap();
    assert!(thread[0].body.contains(&*last.title), "{:?} opens with {:?}", thread[0].body, last.title);
    let customer = last.customer_id.as_deref().unwrap();
    let theirs = all.iter().filter(|t| t.customer_id.as_deref() == Some(customer)).count();
    assert_eq!(desk.customer(customer).await.unwrap().stats.unwrap().requests, theirs);
    assert!(desk.thread(&TicketId("thena-999999".into())).await.is_err(), "an id not in the export");
}
