//! Calendar dates and times as the extension writes and reads them: local days, "YYYY-MM-DD",
//! ISO 8601 UTC, read strictly and without chrono's general parser or clock.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Timelike, Utc};

/// A Unix time as a UTC date-time; the epoch for times chrono cannot represent.
pub fn utc(now_ms: f64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(now_ms.floor() as i64).unwrap_or_default()
}

/// The local calendar day of a Unix time; 1970-01-01 for times chrono cannot represent.
pub fn local_day(now_ms: f64, utc_offset_min: i32) -> NaiveDate {
    let shifted = now_ms + f64::from(utc_offset_min) * 60_000.0;
    // `as` saturates (and maps NaN to 0), which from_timestamp_millis then rejects or accepts.
    DateTime::from_timestamp_millis(shifted.floor() as i64)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// "YYYY-MM-DD" of the local day; `utc_offset_min` is minutes EAST of UTC.
pub fn local_date(now_ms: f64, utc_offset_min: i32) -> String {
    format_date(local_day(now_ms, utc_offset_min))
}

/// "YYYY-MM-DD" without chrono's formatting machinery.
pub fn format_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `d` moved by `days`; None past chrono's calendar.
pub fn add_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    d.checked_add_signed(TimeDelta::try_days(days)?)
}

/// The ledger's time format: ISO 8601 UTC in whole seconds, "2026-11-22T05:21:31Z" (one shape,
/// so the strings sort as the times they name).
pub fn iso_utc(at: DateTime<Utc>) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        format_date(at.date_naive()),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// A "YYYY-MM-DD" date, read strictly (the only shape the extension writes). Hand-written so
/// the core carries none of chrono's general parser.
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// An RFC 3339 date-time ("2026-11-22T05:21:31Z", "…T06:21:31.250+01:00") as UTC.
pub fn parse_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    let date = parse_ymd(s.get(..10)?)?;
    let rest = s.get(10..)?;
    let rest = rest
        .strip_prefix('T')
        .or_else(|| rest.strip_prefix('t'))
        .or_else(|| rest.strip_prefix(' '))?;
    let two = |t: &str, at: usize| -> Option<u32> {
        let p = t.get(at..at + 2)?;
        p.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse().ok())
            .flatten()
    };
    if rest.len() < 9 || rest.as_bytes()[2] != b':' || rest.as_bytes()[5] != b':' {
        return None;
    }
    let (h, m, sec) = (two(rest, 0)?, two(rest, 3)?, two(rest, 6)?);
    let mut tail = rest.get(8..)?;
    let mut millis = 0u32;
    if let Some(frac) = tail.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let ms: String = frac[..digits]
            .chars()
            .chain("000".chars())
            .take(3)
            .collect();
        millis = ms.parse().ok()?;
        tail = &frac[digits..];
    }
    let offset_min: i64 = match tail {
        "Z" | "z" => 0,
        t if t.len() == 6
            && (t.starts_with('+') || t.starts_with('-'))
            && t.as_bytes()[3] == b':' =>
        {
            let sign = if t.starts_with('-') { -1 } else { 1 };
            sign * (i64::from(two(t, 1)?) * 60 + i64::from(two(t, 4)?))
        }
        _ => return None,
    };
    let naive = date.and_hms_milli_opt(h, m, sec, millis)?;
    let utc = naive.and_utc().timestamp_millis() - offset_min * 60_000;
    DateTime::from_timestamp_millis(utc)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 2026-11-22T12:00:00Z.
    const NOON: f64 = 1_795_348_800_000.0;
    const HOUR: f64 = 3_600_000.0;

    #[test]
    fn local_dates_follow_the_offset() {
        assert_eq!(local_date(NOON, 0), "2026-11-22");
        let late = NOON + 11.5 * HOUR; // 23:30 UTC
        assert_eq!(local_date(late, 0), "2026-11-22");
        assert_eq!(local_date(late, 60), "2026-11-23");
        assert_eq!(local_date(NOON - 12.0 * HOUR, -300), "2026-11-21");
        assert_eq!(local_date(f64::NAN, 0), "1970-01-01");
        assert_eq!(local_date(f64::INFINITY, 0), "1970-01-01");
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            parse_ymd("2026-11-22"),
            NaiveDate::from_ymd_opt(2026, 11, 22)
        );
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "26-11-22",
            "2026/11/22",
            "2026-11-2",
            "2026-11-22x",
            "",
            "２０２６-11-22",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
        let ms = |s: &str| parse_rfc3339(s).map(|d| d.timestamp_millis());
        assert_eq!(ms("2026-11-22T05:21:31Z"), Some(1_795_324_891_000));
        assert_eq!(ms("2026-11-22T06:21:31+01:00"), Some(1_795_324_891_000));
        assert_eq!(ms("2026-11-22T05:21:31.250Z"), Some(1_795_324_891_250));
        assert_eq!(ms("2026-11-22t05:21:31z"), Some(1_795_324_891_000));
        for bad in [
            "2026-11-22",
            "2026-11-22T25:00:00Z",
            "2026-11-22T05:21:31",
            "2026-11-22T05:21:31+0100",
            "2026-11-22T05:21:31.Z",
            "not a date",
        ] {
            assert_eq!(ms(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn iso_round_trips(ms in 0i64..4_102_444_800_000) {
            let at = utc(ms as f64);
            prop_assert_eq!(parse_rfc3339(&iso_utc(at)).map(|d| d.timestamp()), Some(ms / 1000));
        }

        #[test]
        fn date_parsers_never_panic(s in ".{0,40}") {
            let _ = parse_ymd(&s);
            let _ = parse_rfc3339(&s);
        }
    }
}
