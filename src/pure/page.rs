//! Says which LinkedIn page a URL is, with the URLs that must and must not match beside it.
//!
//! LinkedIn is a single-page app that switches between Sent and Received without a reload, so
//! the shell asks this on every URL change; a security page means stop at once. A small hand
//! parser keeps the core free of the `url` crate.

use serde::Serialize;

/// What the extension should make of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PageKind {
    /// The Sent tab, People (connection) invitations: the only list we act on.
    SentPeople,
    /// The Sent tab for Pages, Events and other non-person invitations: left alone.
    SentPages,
    /// Invitations received, where LinkedIn sometimes sends the member back on its own.
    Received,
    /// A checkpoint, login or challenge page: every run must stop.
    Security,
    Other,
}

/// Path prefixes of LinkedIn's security and sign-in pages. Matched as plain prefixes, so
/// "/login-submit" and "/checkpoint/challenge/…" count too: wrongly stopping is cheap.
const SECURITY_PREFIXES: &[&str] = &["/checkpoint", "/authwall", "/login", "/challenge", "/uas"];

/// Classify a full URL.
pub fn classify(url: &str) -> PageKind {
    let Some((path, query)) = linkedin_path_and_query(url.trim()) else {
        return PageKind::Other;
    };
    let path = path.to_ascii_lowercase();
    if SECURITY_PREFIXES.iter().any(|p| path.starts_with(p)) {
        return PageKind::Security;
    }
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    if segments.next() != Some("mynetwork") || segments.next() != Some("invitation-manager") {
        return PageKind::Other;
    }
    match segments.next() {
        None | Some("received") => PageKind::Received,
        Some("sent") => {
            // The newer links name the type in the path; older ones in the query. Both empty
            // means LinkedIn's default, People.
            let kind = segments
                .next()
                .map(str::to_string)
                .or_else(|| query_param(query, "invitationType"))
                .unwrap_or_default();
            if kind.is_empty() || kind.eq_ignore_ascii_case("connection") {
                PageKind::SentPeople
            } else {
                PageKind::SentPages
            }
        }
        Some(_) => PageKind::Other,
    }
}

/// SentPeople or SentPages: the pages where the extension shows itself.
pub fn is_sent_list(url: &str) -> bool {
    matches!(classify(url), PageKind::SentPeople | PageKind::SentPages)
}

/// Path and query of a URL on www.linkedin.com or linkedin.com (http or https); `None` for any
/// other host or scheme. The fragment is dropped.
fn linkedin_path_and_query(url: &str) -> Option<(&str, &str)> {
    let rest = ["https://", "http://"].iter().find_map(|scheme| {
        let head = url.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| url.get(scheme.len()..))
            .flatten()
    })?;
    let rest = rest.get(..rest.find('#').unwrap_or(rest.len()))?;
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = rest.get(..authority_end)?;
    // A port is harmless; user info ("linkedin.com@evil") is how a lookalike would get in.
    let host = authority
        .strip_suffix(":443")
        .or_else(|| authority.strip_suffix(":80"))
        .unwrap_or(authority);
    if !(host.eq_ignore_ascii_case("www.linkedin.com") || host.eq_ignore_ascii_case("linkedin.com"))
    {
        return None;
    }
    let rest = rest.get(authority_end..)?;
    Some(match rest.split_once('?') {
        Some((path, query)) => (path, query),
        None => (rest, ""),
    })
}

/// The first value of `key` (ASCII case-insensitive) in a query string; `Some("")` when present
/// without a value.
fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        k.eq_ignore_ascii_case(key).then(|| v.to_string())
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SENT_PEOPLE: &[&str] = &[
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/CONNECTION/",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/CONNECTION",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/connection/",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/?invitationType=CONNECTION",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/?invitationType=connection",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/?invitationType=",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/?invitationType=&page=3",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/?page=2&invitationType=CONNECTION",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/?page=2",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent?foo",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/#main",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/CONNECTION/#x?invitationType=ORGANIZATION",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/?invitationtype=CONNECTION",
        "https://www.linkedin.com/MyNetwork/Invitation-Manager/SENT/",
        "https://linkedin.com/mynetwork/invitation-manager/sent/",
        "HTTPS://WWW.LINKEDIN.COM/mynetwork/invitation-manager/sent/",
        "http://www.linkedin.com/mynetwork/invitation-manager/sent/",
        "https://www.linkedin.com:443/mynetwork/invitation-manager/sent/",
        "https://www.linkedin.com//mynetwork//invitation-manager//sent//",
        "  https://www.linkedin.com/mynetwork/invitation-manager/sent/  ",
    ];

    const SENT_PAGES: &[&str] = &[
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/ORGANIZATION/",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/organization",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/EVENT/",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/NEWSLETTER/",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/?invitationType=ORGANIZATION",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/?invitationType=EVENT&page=2",
        "https://www.linkedin.com/mynetwork/invitation-manager/sent?invitationType=ORGANIZATION#top",
        "https://linkedin.com/mynetwork/invitation-manager/sent/ORGANIZATION/",
    ];

    const RECEIVED: &[&str] = &[
        "https://www.linkedin.com/mynetwork/invitation-manager/",
        "https://www.linkedin.com/mynetwork/invitation-manager",
        "https://www.linkedin.com/mynetwork/invitation-manager/?filterCriteria=",
        "https://www.linkedin.com/mynetwork/invitation-manager/received/",
        "https://www.linkedin.com/mynetwork/invitation-manager/received/CONNECTION/",
        "https://www.linkedin.com/mynetwork/invitation-manager/received/?invitationType=CONNECTION",
        "https://www.linkedin.com/mynetwork/invitation-manager/RECEIVED#x",
    ];

    const SECURITY: &[&str] = &[
        "https://www.linkedin.com/checkpoint/challenge/AgF123",
        "https://www.linkedin.com/checkpoint/lg/login-submit",
        "https://www.linkedin.com/authwall?trk=x&sessionRedirect=%2Fmynetwork%2F",
        "https://www.linkedin.com/login",
        "https://www.linkedin.com/login?session_redirect=/mynetwork/invitation-manager/sent/",
        "https://www.linkedin.com/login-submit",
        "https://www.linkedin.com/challenge/abc",
        "https://www.linkedin.com/uas/login",
        "https://www.linkedin.com/UAS/login-submit",
        "https://www.linkedin.com/Checkpoint/rp/request-password-reset",
        "https://linkedin.com/authwall",
    ];

    const OTHER: &[&str] = &[
        "",
        "   ",
        "not a url",
        "/mynetwork/invitation-manager/sent/",
        "www.linkedin.com/mynetwork/invitation-manager/sent/",
        "https://www.linkedin.com/",
        "https://www.linkedin.com",
        "https://www.linkedin.com/feed/",
        "https://www.linkedin.com/mynetwork/",
        "https://www.linkedin.com/mynetwork/grow/",
        "https://www.linkedin.com/mynetwork/invitation-manager/archived/",
        "https://www.linkedin.com/mynetwork/sent/",
        "https://www.linkedin.com/in/jane-doe/",
        "https://www.linkedin.com/search/results/?q=/mynetwork/invitation-manager/sent/",
        "https://www.linkedin.com/feed/?next=/login",
        "https://www.linkedin.com/feed/#/checkpoint",
        "https://evil.example/mynetwork/invitation-manager/sent/",
        "https://www.linkedin.com.evil.example/mynetwork/invitation-manager/sent/",
        "https://www.linkedin.com@evil.example/mynetwork/invitation-manager/sent/",
        "https://evil.example/?u=https://www.linkedin.com/mynetwork/invitation-manager/sent/",
        "https://fr.linkedin.com/mynetwork/invitation-manager/sent/",
        "https://m.linkedin.com/mynetwork/invitation-manager/sent/",
        "https://www.linkedin.com:8443/mynetwork/invitation-manager/sent/",
        "ftp://www.linkedin.com/mynetwork/invitation-manager/sent/",
        "chrome-extension://abc/mynetwork/invitation-manager/sent/",
        "javascript:alert('/mynetwork/invitation-manager/sent/')",
        "https://evil.example/login",
    ];

    fn expect(urls: &[&str], kind: PageKind) {
        for url in urls {
            assert_eq!(classify(url), kind, "{url:?}");
        }
    }

    #[test]
    fn sent_people() {
        expect(SENT_PEOPLE, PageKind::SentPeople);
    }

    #[test]
    fn sent_pages() {
        expect(SENT_PAGES, PageKind::SentPages);
    }

    #[test]
    fn received() {
        expect(RECEIVED, PageKind::Received);
    }

    #[test]
    fn security() {
        expect(SECURITY, PageKind::Security);
    }

    #[test]
    fn other() {
        expect(OTHER, PageKind::Other);
    }

    #[test]
    fn sent_list_is_both_sent_tabs_and_nothing_else() {
        for url in SENT_PEOPLE.iter().chain(SENT_PAGES) {
            assert!(is_sent_list(url), "{url:?}");
        }
        for url in RECEIVED.iter().chain(SECURITY).chain(OTHER) {
            assert!(!is_sent_list(url), "{url:?}");
        }
    }

    #[test]
    fn kinds_serialise_by_name() {
        assert_eq!(
            serde_json::to_string(&PageKind::SentPeople).ok().as_deref(),
            Some("\"SentPeople\"")
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = classify(&s);
        }

        #[test]
        fn fragments_never_change_the_kind(
            i in 0usize..1000, frag in "[a-zA-Z0-9/?=&#]{0,20}"
        ) {
            let all: Vec<&str> = SENT_PEOPLE.iter().chain(SENT_PAGES).chain(RECEIVED)
                .chain(SECURITY).copied().filter(|u| !u.contains('#')).map(str::trim).collect();
            let url = all[i % all.len()];
            prop_assert_eq!(classify(&format!("{url}#{frag}")), classify(url));
        }

        #[test]
        fn other_hosts_are_always_other(
            host in "[a-z]{1,10}\\.(com|net|example)", path in "(/[a-zA-Z?=&-]{0,12}){0,4}"
        ) {
            prop_assume!(host != "linkedin.com");
            prop_assert_eq!(classify(&format!("https://{host}{path}")), PageKind::Other);
        }
    }
}
