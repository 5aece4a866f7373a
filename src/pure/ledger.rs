//! The ledger: one record per withdrawal (LinkedIn keeps none), its CSV/JSON exports and the re-invite list.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::pure::dates::{add_days, format_date, iso_utc, local_day, parse_ymd, utc};
use crate::pure::invitation::Invitation;

/// One withdrawal, as people keep it in their own spreadsheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub name: String,
    pub profile_url: String,
    pub headline: String,
    /// The page's age text, e.g. "Sent 3 months ago".
    pub sent_text: String,
    /// The lower bound of the age in days, when the text could be read.
    pub sent_min_days: Option<u32>,
    /// "YYYY-MM-DD": withdrawal date − sent_min_days, the latest the invitation can have been sent.
    pub sent_estimate: Option<String>,
    pub had_note: bool,
    /// ISO 8601 UTC, whole seconds: "2026-11-22T05:21:31Z".
    pub withdrawn_at: String,
    /// "YYYY-MM-DD": the UTC date of withdrawal + [`RECONNECT_DAYS`].
    pub reconnect_after: String,
}

/// LinkedIn blocks a new invitation to the same person for up to about three weeks.
pub const RECONNECT_DAYS: i64 = 21;

/// The CSV columns, in order (the testing contract's columns plus `sent_estimate`).
pub const CSV_HEADER: [&str; 9] = [
    "name",
    "profile_url",
    "headline",
    "sent_text",
    "sent_min_days",
    "sent_estimate",
    "had_note",
    "withdrawn_at",
    "reconnect_after",
];

/// The record of withdrawing `inv` at `now_ms`.
pub fn entry_for(inv: &Invitation, now_ms: f64) -> LedgerEntry {
    let at = utc(now_ms);
    let day = at.date_naive();
    let withdrawn_at = iso_utc(at);
    // Out-of-range dates fall back to the withdrawal day itself rather than failing the record.
    let reconnect = add_days(day, RECONNECT_DAYS).unwrap_or(day);
    let sent_estimate = inv
        .age_min_days
        .map(|d| format_date(add_days(day, -i64::from(d)).unwrap_or(day)));
    LedgerEntry {
        name: inv.name.clone(),
        profile_url: inv.profile_url.clone(),
        headline: inv.headline.clone(),
        sent_text: inv.age_text.clone(),
        sent_min_days: inv.age_min_days,
        sent_estimate,
        had_note: inv.note.is_some(),
        withdrawn_at,
        reconnect_after: format_date(reconnect),
    }
}

/// Characters that make a spreadsheet read a cell as a formula when they lead it.
fn is_formula_lead(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Does this cell need a protective apostrophe? Those leading with a formula character do, and
/// so do those that are apostrophes followed by one: otherwise "'=1" and the protected "=1"
/// would export alike and the import could not tell them apart.
fn needs_guard(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .chars()
        .next()
        .is_some_and(is_formula_lead)
}

fn guard(cell: &str) -> String {
    if needs_guard(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn unguard(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest.to_string(),
        _ => cell,
    }
}

fn push_cell(out: &mut String, cell: &str) {
    let cell = guard(cell);
    if cell.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

fn push_row<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

fn cells_of(e: &LedgerEntry) -> [String; 9] {
    [
        e.name.clone(),
        e.profile_url.clone(),
        e.headline.clone(),
        e.sent_text.clone(),
        e.sent_min_days.map(|d| d.to_string()).unwrap_or_default(),
        e.sent_estimate.clone().unwrap_or_default(),
        e.had_note.to_string(),
        e.withdrawn_at.clone(),
        e.reconnect_after.clone(),
    ]
}

/// RFC 4180, UTF-8 (no byte-order mark), header row [`CSV_HEADER`], CRLF after every row; fields
/// with comma, quote, CR or LF are quoted. Formula cells are neutralised with a leading apostrophe
/// (see [`needs_guard`]), which [`from_csv`] removes again.
pub fn to_csv(entries: &[LedgerEntry]) -> String {
    let mut out = String::new();
    push_row(&mut out, &CSV_HEADER);
    for e in entries {
        push_row(&mut out, &cells_of(e));
    }
    out
}

/// Where the reader stands inside a field.
enum At {
    FieldStart,
    Unquoted,
    Quoted,
    /// Just read a quote inside a quoted field: an escaped quote or the field's end.
    AfterQuote,
}

/// Split RFC 4180 text into records of raw cells. Accepts LF, CRLF or lone CR line ends and a
/// leading byte-order mark; skips blank lines.
fn parse_records(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut at = At::FieldStart;
    let mut line = 1usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_end = c == '\r' || c == '\n';
        // A CRLF pair is taken as one line end (inside quotes it is kept as written).
        let crlf = c == '\r' && chars.peek() == Some(&'\n');
        if crlf {
            chars.next();
        }
        if line_end {
            line += 1;
        }
        match at {
            At::Quoted => {
                if c == '"' {
                    at = At::AfterQuote;
                } else {
                    cell.push(c);
                    if crlf {
                        cell.push('\n');
                    }
                }
            }
            At::AfterQuote if c == '"' => {
                cell.push('"');
                at = At::Quoted;
            }
            At::FieldStart if c == '"' => at = At::Quoted,
            At::FieldStart | At::Unquoted | At::AfterQuote if c == ',' => {
                record.push(std::mem::take(&mut cell));
                at = At::FieldStart;
            }
            _ if line_end => {
                // A line with nothing on it is no record.
                if !(matches!(at, At::FieldStart) && record.is_empty()) {
                    record.push(std::mem::take(&mut cell));
                    records.push(std::mem::take(&mut record));
                }
                at = At::FieldStart;
            }
            At::AfterQuote => {
                return Err(format!(
                    "line {line}: unexpected {c:?} after a closing quote"
                ));
            }
            At::FieldStart | At::Unquoted => {
                cell.push(c);
                at = At::Unquoted;
            }
        }
    }
    match at {
        At::Quoted => return Err("a quoted field is never closed".to_string()),
        At::FieldStart if record.is_empty() => {}
        _ => {
            record.push(cell);
            records.push(record);
        }
    }
    Ok(records)
}

/// The exact inverse of [`to_csv`]. Columns are found by header name (any order; extra columns
/// ignored). An empty `sent_min_days`/`sent_estimate` cell reads as None.
pub fn from_csv(text: &str) -> Result<Vec<LedgerEntry>, String> {
    let mut records = parse_records(text)?.into_iter();
    let header = records.next().ok_or("the file is empty")?;
    let mut index = [0usize; 9];
    for (slot, name) in index.iter_mut().zip(CSV_HEADER) {
        *slot = header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| format!("the header has no column {name:?}"))?;
    }
    let mut entries = Vec::new();
    for (n, record) in records.enumerate() {
        let row = n + 2;
        let get = |i: usize| -> Result<String, String> {
            let at = index.get(i).copied().unwrap_or(usize::MAX);
            record
                .get(at)
                .cloned()
                .map(unguard)
                .ok_or_else(|| format!("row {row}: only {} fields", record.len()))
        };
        let days = get(4)?;
        let sent_min_days = if days.is_empty() {
            None
        } else {
            Some(
                days.parse::<u32>()
                    .map_err(|_| format!("row {row}: sent_min_days {days:?} is not a number"))?,
            )
        };
        let estimate = get(5)?;
        let note = get(6)?;
        let had_note = match note.to_ascii_lowercase().as_str() {
            "true" => true,
            "false" => false,
            _ => return Err(format!("row {row}: had_note {note:?} is not true/false")),
        };
        entries.push(LedgerEntry {
            name: get(0)?,
            profile_url: get(1)?,
            headline: get(2)?,
            sent_text: get(3)?,
            sent_min_days,
            sent_estimate: (!estimate.is_empty()).then_some(estimate),
            had_note,
            withdrawn_at: get(7)?,
            reconnect_after: get(8)?,
        });
    }
    Ok(entries)
}

/// A pretty JSON array of the same records (field names as in the CSV header), written by hand:
/// the content script's core carries no JSON library (the tests check it against serde_json).
pub fn to_json(entries: &[LedgerEntry]) -> String {
    if entries.is_empty() {
        return "[]".to_string();
    }
    let mut out = String::from("[");
    for (i, e) in entries.iter().enumerate() {
        out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
        let field = |out: &mut String, first: bool, name: &str| {
            out.push_str(if first { "\n    \"" } else { ",\n    \"" });
            out.push_str(name);
            out.push_str("\": ");
        };
        field(&mut out, true, "name");
        push_json_str(&mut out, &e.name);
        field(&mut out, false, "profile_url");
        push_json_str(&mut out, &e.profile_url);
        field(&mut out, false, "headline");
        push_json_str(&mut out, &e.headline);
        field(&mut out, false, "sent_text");
        push_json_str(&mut out, &e.sent_text);
        field(&mut out, false, "sent_min_days");
        match e.sent_min_days {
            Some(d) => out.push_str(&d.to_string()),
            None => out.push_str("null"),
        }
        field(&mut out, false, "sent_estimate");
        match &e.sent_estimate {
            Some(s) => push_json_str(&mut out, s),
            None => out.push_str("null"),
        }
        field(&mut out, false, "had_note");
        out.push_str(if e.had_note { "true" } else { "false" });
        field(&mut out, false, "withdrawn_at");
        push_json_str(&mut out, &e.withdrawn_at);
        field(&mut out, false, "reconnect_after");
        push_json_str(&mut out, &e.reconnect_after);
        out.push_str("\n  }");
    }
    out.push_str("\n]");
    out
}

/// A JSON string literal, escaped as serde_json escapes it (quote, backslash, control
/// characters; everything else as itself).
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// "invite-sweeper-ledger-YYYY-MM-DD.csv" for the member's local date; `ext` with or without dot.
pub fn export_file_name(now_ms: f64, utc_offset_min: i32, ext: &str) -> String {
    format!(
        "invite-sweeper-ledger-{}.{}",
        format_date(local_day(now_ms, utc_offset_min)),
        ext.trim_start_matches('.')
    )
}

/// People whose reconnect_after is on or before (today + within_days), most recent withdrawal
/// first. "Today" is the UTC date: the signature carries no offset, and reconnect_after is a UTC
/// date too. Use [`reinvite_due_local`] to count from the member's local date.
pub fn reinvite_due(entries: &[LedgerEntry], now_ms: f64, within_days: i64) -> Vec<LedgerEntry> {
    reinvite_due_local(entries, now_ms, 0, within_days)
}

/// [`reinvite_due`] counted from the local date. A person withdrawn more than once appears once,
/// judged by their latest withdrawal (an earlier one's date says nothing about now). Records
/// whose reconnect_after is not a date are left out.
pub fn reinvite_due_local(
    entries: &[LedgerEntry],
    now_ms: f64,
    utc_offset_min: i32,
    within_days: i64,
) -> Vec<LedgerEntry> {
    let today = local_day(now_ms, utc_offset_min);
    let limit = add_days(today, within_days).unwrap_or(if within_days > 0 {
        NaiveDate::MAX
    } else {
        NaiveDate::MIN
    });
    let mut latest: Vec<&LedgerEntry> = Vec::new();
    for e in entries {
        let key = person_key(e);
        match latest.iter_mut().find(|l| person_key(l) == key) {
            Some(l) if l.withdrawn_at < e.withdrawn_at => *l = e,
            Some(_) => {}
            None => latest.push(e),
        }
    }
    let mut due: Vec<LedgerEntry> = latest
        .into_iter()
        .filter(|e| parse_ymd(&e.reconnect_after).is_some_and(|d| d <= limit))
        .cloned()
        .collect();
    // ISO 8601 UTC strings of one shape sort as the times they name.
    crate::pure::order::sort_by(&mut due, |a, b| b.withdrawn_at.cmp(&a.withdrawn_at));
    due
}

fn person_key(e: &LedgerEntry) -> &str {
    if e.profile_url.is_empty() {
        &e.name
    } else {
        &e.profile_url
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 2026-11-22T05:21:31.789Z.
    const T: f64 = 1_795_324_891_789.0;
    const DAY: f64 = 86_400_000.0;

    fn inv(age: Option<u32>, note: Option<&str>) -> Invitation {
        Invitation {
            index: 0,
            name: "Anna Smith".into(),
            profile: "/in/anna/".into(),
            profile_url: "https://www.linkedin.com/in/anna/".into(),
            headline: "Engineer, Paris".into(),
            age_text: "Sent 3 months ago".into(),
            age_min_days: age,
            note: note.map(String::from),
            has_withdraw: true,
        }
    }

    fn entry(name: &str, withdrawn_at: &str, reconnect_after: &str) -> LedgerEntry {
        LedgerEntry {
            name: name.into(),
            profile_url: format!("https://www.linkedin.com/in/{name}/"),
            headline: String::new(),
            sent_text: String::new(),
            sent_min_days: None,
            sent_estimate: None,
            had_note: false,
            withdrawn_at: withdrawn_at.into(),
            reconnect_after: reconnect_after.into(),
        }
    }

    #[test]
    fn an_entry_records_the_withdrawal_and_when_to_reconnect() {
        let e = entry_for(&inv(Some(90), None), T);
        assert_eq!(e.withdrawn_at, "2026-11-22T05:21:31Z");
        assert_eq!(e.reconnect_after, "2026-12-13");
        assert_eq!(e.sent_estimate.as_deref(), Some("2026-08-24"));
        assert_eq!(e.sent_min_days, Some(90));
        assert_eq!(e.sent_text, "Sent 3 months ago");
        assert!(!e.had_note);
        assert_eq!(e.profile_url, "https://www.linkedin.com/in/anna/");
        let e = entry_for(&inv(None, Some("Hi!")), T);
        assert!(e.had_note);
        assert_eq!(e.sent_estimate, None);
        // Across a year end, and just before UTC midnight.
        let e = entry_for(&inv(Some(0), None), 1_798_761_599_000.0); // 2026-12-31T23:59:59Z
        assert_eq!(e.withdrawn_at, "2026-12-31T23:59:59Z");
        assert_eq!(e.reconnect_after, "2027-01-21");
        assert_eq!(e.sent_estimate.as_deref(), Some("2026-12-31"));
    }

    #[test]
    fn reconnect_is_always_twenty_one_days_later() {
        for k in 0..800 {
            let now = T + k as f64 * 0.37 * DAY;
            let e = entry_for(&inv(None, None), now);
            let w = parse_ymd(&e.withdrawn_at[..10]).expect("date");
            let r = parse_ymd(&e.reconnect_after).expect("date");
            assert_eq!((r - w).num_days(), RECONNECT_DAYS);
        }
    }

    #[test]
    fn header_is_exact() {
        let csv = to_csv(&[]);
        assert_eq!(
            csv,
            "name,profile_url,headline,sent_text,sent_min_days,sent_estimate,had_note,withdrawn_at,reconnect_after\r\n"
        );
        assert_eq!(from_csv(&csv), Ok(vec![]));
    }

    #[test]
    fn a_row_is_written_as_expected() {
        let e = entry_for(&inv(Some(90), Some("x")), T);
        let csv = to_csv(&[e]);
        let row = csv.split("\r\n").nth(1).expect("row");
        assert_eq!(
            row,
            "Anna Smith,https://www.linkedin.com/in/anna/,\"Engineer, Paris\",Sent 3 months ago,90,2026-08-24,true,2026-11-22T05:21:31Z,2026-12-13"
        );
        assert!(csv.ends_with("\r\n"));
    }

    #[test]
    fn formula_cells_are_neutralised() {
        let table = [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+33 6 12", "'+33 6 12"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("'=1", "''=1"),
            ("''-1", "'''-1"),
            ("'plain", "'plain"),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (name, cell) in table {
            let mut e = entry("x", "2026-11-22T05:21:31Z", "2026-12-13");
            e.name = name.into();
            let csv = to_csv(std::slice::from_ref(&e));
            let row = csv.split("\r\n").nth(1).expect("row");
            assert!(row.starts_with(&format!("{cell},")), "{name:?} → {row:?}");
            assert_eq!(from_csv(&csv), Ok(vec![e]), "{name:?}");
        }
    }

    #[test]
    fn reading_is_lenient_about_line_ends_order_and_bom() {
        let text = "\u{FEFF}reconnect_after,name,profile_url,headline,sent_text,sent_min_days,sent_estimate,had_note,withdrawn_at,extra\n\
                    2026-12-13,Bo,u,h,s,,,FALSE,2026-11-22T05:21:31Z,zzz\n\n";
        let got = from_csv(text).expect("parse");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "Bo");
        assert_eq!(got[0].reconnect_after, "2026-12-13");
        assert_eq!(got[0].sent_min_days, None);
        assert!(from_csv("").is_err());
        assert!(from_csv("name,profile_url\r\n").is_err());
        let head = to_csv(&[]);
        assert!(from_csv(&format!("{head}\"open")).is_err());
        assert!(from_csv(&format!("{head}a,b,c,d,x,,false,w,r\r\n")).is_err());
        assert!(from_csv(&format!("{head}a,b,c,d,,,maybe,w,r\r\n")).is_err());
        assert!(from_csv(&format!("{head}a,b\r\n")).is_err());
        assert!(from_csv(&format!("{head}\"a\"b,,,,,,false,w,r\r\n")).is_err());
    }

    #[test]
    fn json_is_an_array_of_the_records() {
        let list = vec![entry_for(&inv(Some(90), None), T)];
        let json = to_json(&list);
        assert!(json.starts_with('[') && json.contains("\n  {"));
        let back: Vec<LedgerEntry> = serde_json::from_str(&json).expect("json");
        assert_eq!(back, list);
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v[0]["reconnect_after"], "2026-12-13");
        assert_eq!(to_json(&[]), "[]");
    }

    #[test]
    fn file_names_use_the_local_date() {
        assert_eq!(
            export_file_name(T, 0, "csv"),
            "invite-sweeper-ledger-2026-11-22.csv"
        );
        assert_eq!(
            export_file_name(T, -360, ".json"),
            "invite-sweeper-ledger-2026-11-21.json"
        );
    }

    #[test]
    fn reinvite_list() {
        let list = vec![
            entry("a", "2026-10-01T10:00:00Z", "2026-10-22"),
            entry("b", "2026-11-01T10:00:00Z", "2026-11-22"),
            entry("c", "2026-11-02T10:00:00Z", "2026-11-23"),
            entry("d", "2026-11-20T10:00:00Z", "2026-12-11"),
            entry("e", "2026-10-05T10:00:00Z", "not a date"),
        ];
        let names = |v: Vec<LedgerEntry>| v.into_iter().map(|e| e.name).collect::<Vec<_>>();
        assert_eq!(names(reinvite_due(&list, T, 0)), vec!["b", "a"]);
        assert_eq!(names(reinvite_due(&list, T, 1)), vec!["c", "b", "a"]);
        assert_eq!(names(reinvite_due(&list, T, 30)), vec!["d", "c", "b", "a"]);
        assert_eq!(
            names(reinvite_due(&list, T, i64::MAX)),
            vec!["d", "c", "b", "a"]
        );
        assert!(reinvite_due(&list, T, i64::MIN).is_empty());
        // Local date: at 21:21 UTC it is already the 23rd in Tokyo.
        let evening = T + 16.0 * 3_600_000.0;
        assert_eq!(names(reinvite_due(&list, evening, 0)), vec!["b", "a"]);
        assert_eq!(
            names(reinvite_due_local(&list, evening, 540, 0)),
            vec!["c", "b", "a"]
        );
        // Withdrawn again later: judged by the latest withdrawal only.
        let mut again = list.clone();
        again.push(entry("a", "2026-11-21T10:00:00Z", "2026-12-12"));
        assert_eq!(names(reinvite_due(&again, T, 0)), vec!["b"]);
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[=+\\-@\t\r\n,\"' a-zé😀\u{FEFF}]{0,12}",]
    }

    fn any_entry() -> impl Strategy<Value = LedgerEntry> {
        (
            (text(), text(), text(), text()),
            any::<Option<u32>>(),
            proptest::option::of("[0-9'=-][0-9a-z-]{0,11}"),
            any::<bool>(),
            (text(), text()),
        )
            .prop_map(
                |((name, profile_url, headline, sent_text), days, est, had_note, (w, r))| {
                    LedgerEntry {
                        name,
                        profile_url,
                        headline,
                        sent_text,
                        sent_min_days: days,
                        sent_estimate: est,
                        had_note,
                        withdrawn_at: w,
                        reconnect_after: r,
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn csv_round_trips(entries in proptest::collection::vec(any_entry(), 0..6)) {
            let csv = to_csv(&entries);
            prop_assert_eq!(from_csv(&csv), Ok(entries.clone()));
            // No cell as written starts like a formula.
            for record in parse_records(&csv).unwrap_or_default() {
                for cell in record {
                    prop_assert!(!cell.starts_with(is_formula_lead), "{:?}", cell);
                }
            }
        }

        #[test]
        fn reading_any_text_does_not_panic(s in any::<String>()) {
            let _ = from_csv(&s);
        }

        /// The hand-written JSON export is byte for byte what serde_json wrote before it.
        #[test]
        fn json_export_equals_serde_json(entries in proptest::collection::vec(any_entry(), 0..5)) {
            let ours = to_json(&entries);
            prop_assert_eq!(&ours, &serde_json::to_string_pretty(&entries).unwrap_or_default());
            let back: Vec<LedgerEntry> = serde_json::from_str(&ours).unwrap_or_default();
            prop_assert_eq!(back, entries);
        }
    }
}
