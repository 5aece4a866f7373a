//! Stage two of reading the page: the DOM reader's plain strings become typed invitations.
//!
//! The reader copies what it sees without judging it; everything that can be wrong with a row
//! (no profile link, a link that is not a profile, no name) is decided here, on strings alone,
//! so it is tested without a browser.

use crate::pure::hash::Set;

use serde::{Deserialize, Serialize};

use crate::pure::age::parse_age;

/// LinkedIn's origin, which every canonical profile path is joined to.
pub const ORIGIN: &str = "https://www.linkedin.com";

/// One row exactly as the DOM reader found it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RawRow {
    /// Raw text; may contain extra whitespace or NBSP.
    pub name: String,
    /// Raw href: "/in/jane-doe-12ab/", "https://www.linkedin.com/in/jane-doe-12ab?miniProfileUrn=..",
    /// "/in/ren%C3%A9/" …
    pub profile_href: String,
    pub headline: String,
    pub age_text: String,
    /// The personal note's text when the invitation carried one.
    pub note: Option<String>,
    /// Whether the row has a withdraw control.
    pub has_withdraw: bool,
}

/// A pending invitation the core can reason about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    /// Position among the invitations kept, in page order.
    pub index: usize,
    /// Whitespace collapsed and trimmed.
    pub name: String,
    /// Canonical "/in/<slug>/", see [`profile_path`].
    pub profile: String,
    /// [`ORIGIN`] followed by `profile`.
    pub profile_url: String,
    pub headline: String,
    /// Whitespace collapsed and trimmed.
    pub age_text: String,
    /// Lower bound from [`parse_age`]; `None` means unknown, which is never chosen automatically.
    pub age_min_days: Option<u32>,
    /// `None` when absent or only whitespace.
    pub note: Option<String>,
    pub has_withdraw: bool,
}

/// Why a row could not become an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowError {
    MissingProfile,
    BadProfile(String),
    MissingName,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowError::MissingProfile => write!(f, "The row has no link to a profile."),
            RowError::BadProfile(href) => {
                write!(
                    f,
                    "The row's link \"{href}\" is not a LinkedIn profile link."
                )
            }
            RowError::MissingName => write!(f, "The row shows no name."),
        }
    }
}

impl std::error::Error for RowError {}

/// The canonical path "/in/<slug>/" of a LinkedIn profile link, or `None` for any other link.
///
/// Accepts relative links and absolute ones on `www.linkedin.com` or `linkedin.com` (any case,
/// `https`, `http` or scheme-relative). Query and fragment are dropped, as is anything after the
/// slug ("/in/x/overlay/contact-info/" is still x's profile). The slug keeps its case and is
/// percent-decoded, so "/in/ren%C3%A9/", "/in/ren%c3%a9" and "/in/rené/" are the same person.
pub fn profile_path(href: &str) -> Option<String> {
    let href = href.trim();
    let end = href.find(['?', '#']).unwrap_or(href.len());
    let href = href.get(..end)?;
    let path = strip_linkedin_origin(href)?;
    let mut segments = path.strip_prefix('/')?.split('/');
    if !segments.next()?.eq_ignore_ascii_case("in") {
        return None;
    }
    let slug = percent_decode(segments.next()?)?;
    // A decoded '%' or '/' would read differently the next time round, and "." or ".." would
    // walk out of /in/ when joined to the origin.
    let acceptable = !matches!(slug.as_str(), "" | "." | "..")
        && !slug.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '/' | '?' | '#' | '\\' | '%')
        });
    acceptable.then(|| ["/in/", &percent_encode(&slug), "/"].concat())
}

/// Encodes a decoded slug the way a browser's `URL.pathname` shows a raw one (non-ASCII and the
/// path-unsafe ASCII as uppercase %XX), so `/in/rené/`, `/in/ren%C3%A9/` and `/in/ren%c3%a9/`
/// are one profile and match what the page's own links report.
fn percent_encode(slug: &str) -> String {
    let mut out = String::with_capacity(slug.len());
    for b in slug.bytes() {
        let safe = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b);
        if safe {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The path of `href` when it is relative or on LinkedIn's own host; `None` otherwise.
fn strip_linkedin_origin(href: &str) -> Option<&str> {
    if href.starts_with('/') && !href.starts_with("//") {
        return Some(href);
    }
    let rest = ["https://", "http://", "//"].iter().find_map(|scheme| {
        let head = href.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| href.get(scheme.len()..))
            .flatten()
    })?;
    let slash = rest.find('/').unwrap_or(rest.len());
    let host = rest.get(..slash)?;
    let known =
        host.eq_ignore_ascii_case("www.linkedin.com") || host.eq_ignore_ascii_case("linkedin.com");
    if known {
        rest.get(slash..)
    } else {
        None
    }
}

/// Decodes %XX escapes; `None` for a broken escape or bytes that are not UTF-8, because a slug
/// we cannot decode cannot be compared with anything.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Runs of any whitespace (NBSP, U+202F, newlines) become one space; ends are trimmed.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// One raw row to an invitation at position `index`.
pub fn parse_row(raw: &RawRow, index: usize) -> Result<Invitation, RowError> {
    let href = raw.profile_href.trim();
    if href.is_empty() {
        return Err(RowError::MissingProfile);
    }
    let profile = profile_path(href).ok_or_else(|| RowError::BadProfile(href.to_string()))?;
    let name = collapse_whitespace(&raw.name);
    if name.is_empty() {
        return Err(RowError::MissingName);
    }
    let age_text = collapse_whitespace(&raw.age_text);
    let note = raw
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    Ok(Invitation {
        index,
        name,
        profile_url: [ORIGIN, profile.as_str()].concat(),
        profile,
        headline: collapse_whitespace(&raw.headline),
        age_min_days: parse_age(&age_text),
        age_text,
        note,
        has_withdraw: raw.has_withdraw,
    })
}

/// The outcome of reading every row of a scan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub invitations: Vec<Invitation>,
    /// Position of the failing row among the raw rows, and why it failed.
    pub errors: Vec<(usize, RowError)>,
    /// Rows dropped because an earlier row had the same profile.
    pub duplicates: usize,
}

/// Parse all rows; dedupe by profile (keep the first; count duplicates); `index` = position
/// among kept invitations. A lazily loaded list can render a row twice while scrolling, and
/// acting on one person twice would be a mistake, so only the first is kept.
pub fn parse_rows(raws: &[RawRow]) -> Parsed {
    let mut parsed = Parsed::default();
    let mut seen: Set<String> = Set::default();
    for (raw_index, raw) in raws.iter().enumerate() {
        match parse_row(raw, parsed.invitations.len()) {
            Ok(inv) => {
                if seen.insert(inv.profile.clone()) {
                    parsed.invitations.push(inv);
                } else {
                    parsed.duplicates += 1;
                }
            }
            Err(e) => parsed.errors.push((raw_index, e)),
        }
    }
    parsed
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn profile_path_normalises() {
        let table: &[(&str, Option<&str>)] = &[
            ("/in/jane-doe-12ab/", Some("/in/jane-doe-12ab/")),
            ("/in/jane-doe-12ab", Some("/in/jane-doe-12ab/")),
            ("  /in/jane-doe-12ab/ \n", Some("/in/jane-doe-12ab/")),
            (
                "https://www.linkedin.com/in/jane-doe-12ab/",
                Some("/in/jane-doe-12ab/"),
            ),
            (
                "https://www.linkedin.com/in/jane-doe-12ab?miniProfileUrn=urn%3Ali%3Afs",
                Some("/in/jane-doe-12ab/"),
            ),
            (
                "https://www.linkedin.com/in/jane-doe-12ab/?x=1#y",
                Some("/in/jane-doe-12ab/"),
            ),
            ("/in/jane-doe-12ab#about", Some("/in/jane-doe-12ab/")),
            (
                "/in/jane-doe-12ab/?a=/company/x/",
                Some("/in/jane-doe-12ab/"),
            ),
            ("HTTPS://WWW.LINKEDIN.COM/in/jane/", Some("/in/jane/")),
            ("https://WWW.LinkedIn.com/in/jane", Some("/in/jane/")),
            ("https://linkedin.com/in/jane/", Some("/in/jane/")),
            ("http://www.linkedin.com/in/jane/", Some("/in/jane/")),
            ("//www.linkedin.com/in/jane/", Some("/in/jane/")),
            ("/IN/jane/", Some("/in/jane/")),
            ("/in/Jane-Doe/", Some("/in/Jane-Doe/")),
            ("/in/jane/overlay/contact-info/", Some("/in/jane/")),
            ("/in/ren%C3%A9/", Some("/in/ren%C3%A9/")),
            ("/in/ren%c3%a9", Some("/in/ren%C3%A9/")),
            ("/in/rené/", Some("/in/ren%C3%A9/")),
            (
                "https://www.linkedin.com/in/ren%C3%A9?trk=x",
                Some("/in/ren%C3%A9/"),
            ),
            ("/in/a%2Bb/", Some("/in/a+b/")),
            // Not profile links.
            ("", None),
            ("   ", None),
            ("/company/x/", None),
            ("/in/", None),
            ("/in", None),
            ("/in//jane/", None),
            ("/inbox/", None),
            ("/feed/", None),
            ("#", None),
            ("javascript:void(0)", None),
            ("javascript:/in/x/", None),
            ("mailto:jane@example.com", None),
            ("in/jane/", None),
            ("www.linkedin.com/in/jane/", None),
            ("https://evil.example/in/jane/", None),
            ("https://www.linkedin.com.evil.example/in/jane/", None),
            ("https://www.linkedin.com@evil.example/in/jane/", None),
            ("https://fr.linkedin.com/in/jane/", None),
            ("ftp://www.linkedin.com/in/jane/", None),
            ("//evil.example/in/jane/", None),
            ("/in/%E9/", None),
            ("/in/%G1/", None),
            ("/in/abc%/", None),
            ("/in/a%20b/", None),
            ("/in/a%2Fb/", None),
            ("/in/a%25b/", None),
            ("/in/../", None),
            ("/in/%2E%2E/", None),
        ];
        for (href, want) in table {
            assert_eq!(profile_path(href).as_deref(), *want, "{href:?}");
        }
    }

    fn raw(name: &str, href: &str) -> RawRow {
        RawRow {
            name: name.into(),
            profile_href: href.into(),
            headline: "Engineer".into(),
            age_text: "Sent 3 weeks ago".into(),
            note: None,
            has_withdraw: true,
        }
    }

    #[test]
    fn parse_row_cleans_every_field() {
        let r = RawRow {
            name: "\n  Jane\u{00A0}\u{00A0}Doe  ".into(),
            profile_href: "https://www.linkedin.com/in/jane-doe-12ab?miniProfileUrn=x".into(),
            headline: " Senior   Engineer\nat Acme ".into(),
            age_text: " Sent\u{00A0}2 months\u{202F}ago ".into(),
            note: Some("  Hi Jane,\nlet's connect.  ".into()),
            has_withdraw: true,
        };
        let inv = parse_row(&r, 4);
        assert_eq!(
            inv,
            Ok(Invitation {
                index: 4,
                name: "Jane Doe".into(),
                profile: "/in/jane-doe-12ab/".into(),
                profile_url: "https://www.linkedin.com/in/jane-doe-12ab/".into(),
                headline: "Senior Engineer at Acme".into(),
                age_text: "Sent 2 months ago".into(),
                age_min_days: Some(60),
                note: Some("Hi Jane,\nlet's connect.".into()),
                has_withdraw: true,
            })
        );
    }

    #[test]
    fn parse_row_reports_typed_errors() {
        assert_eq!(
            parse_row(&raw("Jane", ""), 0),
            Err(RowError::MissingProfile)
        );
        assert_eq!(
            parse_row(&raw("Jane", "  "), 0),
            Err(RowError::MissingProfile)
        );
        assert_eq!(
            parse_row(&raw("Jane", "/company/acme/"), 0),
            Err(RowError::BadProfile("/company/acme/".into()))
        );
        assert_eq!(
            parse_row(&raw(" \u{00A0} ", "/in/jane/"), 0),
            Err(RowError::MissingName)
        );
        assert_eq!(
            parse_row(&raw("", "/in/jane/"), 0),
            Err(RowError::MissingName)
        );
    }

    #[test]
    fn notes_of_only_whitespace_are_absent_and_unknown_ages_stay_unknown() {
        let mut r = raw("Jane", "/in/jane/");
        r.note = Some(" \n\u{00A0} ".into());
        r.age_text = "Sent recently".into();
        r.has_withdraw = false;
        let inv = parse_row(&r, 0);
        assert_eq!(inv.as_ref().map(|i| i.note.clone()), Ok(None));
        assert_eq!(inv.as_ref().map(|i| i.age_min_days), Ok(None));
        assert_eq!(inv.as_ref().map(|i| i.has_withdraw), Ok(false));
    }

    #[test]
    fn errors_read_as_sentences() {
        for e in [
            RowError::MissingProfile,
            RowError::BadProfile("/company/x/".into()),
            RowError::MissingName,
        ] {
            let s = e.to_string();
            assert!(s.starts_with("The row") && s.ends_with('.'), "{s}");
        }
        assert!(RowError::BadProfile("/company/x/".into())
            .to_string()
            .contains("/company/x/"));
    }

    #[test]
    fn parse_rows_keeps_the_first_of_each_profile() {
        let rows = vec![
            raw("Jane", "/in/jane/"),
            raw("Bad", "/company/x/"),
            raw("Jane again", "https://www.linkedin.com/in/jane?trk=1"),
            raw("René", "/in/ren%C3%A9/"),
            raw("", "/in/nameless/"),
            raw("René twice", "/in/rené"),
            raw("Bob", "/in/bob/"),
        ];
        let p = parse_rows(&rows);
        let kept: Vec<(usize, &str, &str)> = p
            .invitations
            .iter()
            .map(|i| (i.index, i.name.as_str(), i.profile.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                (0, "Jane", "/in/jane/"),
                (1, "René", "/in/ren%C3%A9/"),
                (2, "Bob", "/in/bob/")
            ]
        );
        assert_eq!(p.duplicates, 2);
        assert_eq!(
            p.errors,
            [
                (1, RowError::BadProfile("/company/x/".into())),
                (4, RowError::MissingName)
            ]
        );
    }

    #[test]
    fn parse_rows_of_nothing_is_empty() {
        assert_eq!(parse_rows(&[]), Parsed::default());
    }

    #[test]
    fn raw_rows_cross_the_boundary_as_json() {
        let r = raw("Jane", "/in/jane/");
        let json = serde_json::to_string(&r).unwrap_or_default();
        let back: Result<RawRow, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(r));
    }

    proptest! {
        #[test]
        fn profile_path_never_panics_and_is_idempotent(s in any::<String>()) {
            if let Some(p) = profile_path(&s) {
                prop_assert!(p.starts_with("/in/") && p.ends_with('/'));
                prop_assert_eq!(profile_path(&p), Some(p.clone()));
            }
        }

        #[test]
        fn profile_path_survives_decoration(
            slug in "[A-Za-z0-9-]{1,30}",
            query in "[a-z=&%0-9]{0,20}",
            host in prop::sample::select(vec!["", "https://www.linkedin.com", "https://linkedin.com", "HTTPS://WWW.LINKEDIN.COM"]),
            slash in any::<bool>(),
        ) {
            let href = format!("{host}/in/{slug}{}?{query}", if slash { "/" } else { "" });
            prop_assert_eq!(profile_path(&href), Some(format!("/in/{slug}/")));
        }

        #[test]
        fn parse_rows_accounts_for_every_row(
            rows in prop::collection::vec(
                ("[a-c ]{0,3}", prop::sample::select(vec!["", "/in/a/", "/in/b/", "/in/a", "/company/c/", "/in/c/?x"])),
                0..20,
            )
        ) {
            let raws: Vec<RawRow> = rows.iter().map(|(n, h)| raw(n, h)).collect();
            let p = parse_rows(&raws);
            prop_assert_eq!(p.invitations.len() + p.errors.len() + p.duplicates, raws.len());
            let profiles: Set<&str> = p.invitations.iter().map(|i| i.profile.as_str()).collect();
            prop_assert_eq!(profiles.len(), p.invitations.len());
            for (k, inv) in p.invitations.iter().enumerate() {
                prop_assert_eq!(inv.index, k);
            }
        }
    }
}
