//! Reads an invitation's age text ("Sent 3 weeks ago") into a lower bound in days.
//!
//! A row whose age cannot be read must never be chosen automatically, so this module never
//! guesses: a phrase it does not recognise, or one that reads as two different ages, is `None`.
//! The words come from [`crate::pure::words`]; this module only knows the shapes
//! "<today word>", "<yesterday word>" and "<number or 'a'> <unit>".

use crate::pure::words::{self, LangWords, Meaning, Sense, LANGUAGES};

/// A readable age and the language it was read in (for reports of unread phrasings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Age {
    pub min_days: u32,
    pub lang: &'static str,
}

/// Lower-bound age in days of an invitation from the page's age text, or None when unreadable.
/// today 0, yesterday 1, N days N, N weeks 7N, N months 30N, N years 365N, "a"/"an" = 1,
/// minutes/hours/seconds = 0. Numbers too large for a `u32` saturate.
pub fn parse_age(text: &str) -> Option<u32> {
    parse_age_detail(text).map(|a| a.min_days)
}

/// [`parse_age`] plus the language the phrase was read in. When several languages read the same
/// number (Spanish and Portuguese share "semanas"), the one with more context words wins
/// ("Enviado há" is Portuguese), then the earlier one in [`LANGUAGES`].
pub fn parse_age_detail(text: &str) -> Option<Age> {
    read(text).map(|(age, _)| age)
}

/// [`parse_age_detail`], but only for text that also carries a word that goes with a sent age
/// in the same language ("Sent", "ago", "il y a", "vor", "geleden", …). For picking the age line
/// out of a card's lines: a headline such as "10 years in sales" reads as an age on its own.
pub fn parse_sent_age(text: &str) -> Option<Age> {
    read(text).and_then(|(age, context)| (context > 0).then_some(age))
}

/// The age, and how many context words of its language the text holds.
fn read(text: &str) -> Option<(Age, usize)> {
    let folded = words::fold(text);
    let tokens = tokenize(&folded);
    // Most lines of a card (names, headlines) hold no age word at all.
    if tokens
        .iter()
        .all(|t| t.senses.is_empty() && t.apostrophe.is_none())
    {
        return None;
    }
    let mut days: Option<u32> = None;
    let mut best: Option<(&'static LangWords, usize)> = None;
    for (i, lw) in LANGUAGES.iter().enumerate() {
        let lang = u8::try_from(i).unwrap_or(u8::MAX);
        let mut matched = false;
        for d in readings(lang, &tokens) {
            match days {
                None => days = Some(d),
                // Two different ages in one text: reading either would be a guess.
                Some(seen) if seen != d => return None,
                Some(_) => {}
            }
            matched = true;
        }
        if matched {
            let score = tokens
                .iter()
                .filter(|t| means(t.senses, lang, Meaning::Context))
                .count();
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((lw, score));
            }
        }
    }
    match (days, best) {
        (Some(min_days), Some((lw, context))) => Some((
            Age {
                min_days,
                lang: lw.lang,
            },
            context,
        )),
        _ => None,
    }
}

fn means(senses: &[(String, Sense)], lang: u8, meaning: Meaning) -> bool {
    senses
        .iter()
        .any(|(_, s)| s.lang == lang && s.meaning == meaning)
}

/// Days per unit when the word is a unit in this language.
fn unit_days(senses: &[(String, Sense)], lang: u8) -> Option<u32> {
    senses.iter().find_map(|(_, s)| match s.meaning {
        Meaning::Unit(days) if s.lang == lang => Some(days),
        _ => None,
    })
}

/// Each age that language `lang` reads somewhere in `tokens`.
fn readings<'a>(lang: u8, tokens: &'a [Token<'_>]) -> impl Iterator<Item = u32> + 'a {
    tokens.iter().enumerate().filter_map(move |(i, tok)| {
        if means(tok.senses, lang, Meaning::Today) {
            return Some(0);
        }
        if means(tok.senses, lang, Meaning::Yesterday) {
            return Some(1);
        }
        // Elided article, as in Italian "un’ora".
        if let Some((article, unit)) = tok.apostrophe.map(|at| tok.text.split_at(at)) {
            let unit = unit.get(1..).unwrap_or_default();
            if means(words::senses(article), lang, Meaning::One) {
                if let Some(per) = unit_days(words::senses(unit), lang) {
                    return Some(per);
                }
            }
        }
        let unit = tokens.get(i + 1)?;
        let per = unit_days(unit.senses, lang)?;
        let count = match tok.number {
            // "3 2 weeks" or "2 903 days" (a space as thousands separator): the count is not
            // this token alone, and we will not pick one.
            Some(_) if i > 0 && tokens.get(i - 1).is_some_and(|p| p.number.is_some()) => {
                return None
            }
            Some(n) => n,
            None if means(tok.senses, lang, Meaning::One) => 1,
            None => return None,
        };
        Some(count.saturating_mul(per))
    })
}

#[derive(Debug)]
struct Token<'a> {
    /// A word of the folded text (see [`words::fold`]).
    text: &'a str,
    /// The value when the token is all ASCII digits, saturated at `u32::MAX`.
    number: Option<u32>,
    /// What the token means in each language that has it (see [`words::senses`]).
    senses: &'static [(String, Sense)],
    /// Where its first apostrophe is (elided articles, "un'ora"): found once, not per language.
    apostrophe: Option<usize>,
}

/// Splits folded text into words. Any non-letter, non-digit breaks a word (so every kind of
/// space, "·" and ":" do), except an apostrophe inside a word ("aujourd'hui") and a "." or ","
/// between digits, which keeps "1,100" and "1.5" whole so they are not misread as "100" or "5".
/// The words are slices of `folded`: a card's every line is tried, so nothing is copied.
fn tokenize(folded: &str) -> Vec<Token<'_>> {
    if folded.is_ascii() {
        // Each byte is a char: no UTF-8 decoding for most lines of a card.
        split_words(folded, folded.bytes().map(char::from).enumerate())
    } else {
        split_words(folded, folded.char_indices())
    }
}

/// [`tokenize`] over `folded`'s chars with their byte offsets.
fn split_words(folded: &str, chars: impl Iterator<Item = (usize, char)>) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = chars.peekable();
    let mut prev: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        let digit_before = prev.is_some_and(|p| p.is_ascii_digit());
        let digit_after = chars.peek().is_some_and(|(_, n)| n.is_ascii_digit());
        let joins = c.is_alphanumeric()
            || c == '\''
            || ((c == '.' || c == ',') && digit_before && digit_after);
        if joins {
            start.get_or_insert(at);
        } else if let Some(from) = start.take() {
            tokens.push(make_token(&folded[from..at]));
        }
        prev = Some(c);
    }
    if let Some(from) = start {
        tokens.push(make_token(&folded[from..]));
    }
    tokens
}

fn make_token(raw: &str) -> Token<'_> {
    // Most tokens have no apostrophe at either end: no trimming pass for them.
    let text = if raw.starts_with('\'') || raw.ends_with('\'') {
        raw.trim_matches('\'')
    } else {
        raw
    };
    let number = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        Some(text.bytes().fold(0u32, |n, b| {
            n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
        }))
    } else {
        None
    };
    Token {
        text,
        number,
        senses: words::senses(text),
        apostrophe: text.bytes().position(|b| b == b'\''),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(table: &[(&str, Option<u32>)]) {
        for (text, want) in table {
            assert_eq!(parse_age(text), *want, "{text:?}");
        }
    }

    #[test]
    fn english_forms() {
        check(&[
            ("Sent today", Some(0)),
            ("Sent yesterday", Some(1)),
            ("Sent 0 days ago", Some(0)),
            ("Sent 1 day ago", Some(1)),
            ("Sent 6 days ago", Some(6)),
            ("Sent 1 week ago", Some(7)),
            ("Sent 3 weeks ago", Some(21)),
            ("Sent 1 month ago", Some(30)),
            ("Sent 2 months ago", Some(60)),
            ("Sent 11 months ago", Some(330)),
            ("Sent 1 year ago", Some(365)),
            ("Sent 2 years ago", Some(730)),
            ("Sent a month ago", Some(30)),
            ("Sent a week ago", Some(7)),
            ("Sent a day ago", Some(1)),
            ("Sent a year ago", Some(365)),
            ("Sent an hour ago", Some(0)),
            ("Sent one week ago", Some(7)),
            ("Sent 5 minutes ago", Some(0)),
            ("Sent 1 minute ago", Some(0)),
            ("Sent 23 hours ago", Some(0)),
            ("Sent 30 seconds ago", Some(0)),
            ("Sent a second ago", Some(0)),
            ("SENT 3 WEEKS AGO", Some(21)),
            ("sent 3 weeks ago", Some(21)),
            ("Sent Today", Some(0)),
            ("3 weeks", Some(21)),
            ("today", Some(0)),
        ]);
    }

    #[test]
    fn whitespace_and_surrounding_text() {
        check(&[
            ("Sent\u{00A0}3\u{00A0}weeks\u{00A0}ago", Some(21)),
            ("Sent 3\u{202F}weeks ago", Some(21)),
            ("Sent\u{2009}2\u{2007}months ago", Some(60)),
            ("\n   Sent 3 weeks ago\n  ", Some(21)),
            ("\tSent\t\t1\nmonth\r\nago", Some(30)),
            ("Sent 1 month ago · Message", Some(30)),
            ("Sent 1 month ago•Withdraw", Some(30)),
            ("(Sent 2 weeks ago)", Some(14)),
            ("Sent\u{200B}3\u{200B}weeks ago", Some(21)),
            ("Invitation: Sent 4 days ago.", Some(4)),
            ("Sent 3 weeks ago · sent 3 weeks ago", Some(21)),
        ]);
    }

    #[test]
    fn french_forms() {
        check(&[
            ("Envoyée il y a 3 semaines", Some(21)),
            ("Envoyée aujourd’hui", Some(0)),
            ("Envoyée aujourd'hui", Some(0)),
            ("Envoyee AUJOURD\u{2019}HUI", Some(0)),
            ("Envoyée hier", Some(1)),
            ("Envoyé il y a 2 mois", Some(60)),
            ("il y a 1 an", Some(365)),
            ("Envoyée il y a 2 ans", Some(730)),
            ("Envoyée il y a un mois", Some(30)),
            ("Envoyée il y a une semaine", Some(7)),
            ("Envoyée il y a un an", Some(365)),
            ("Envoyée il y a 1 jour", Some(1)),
            ("Envoyée il y a 5 jours", Some(5)),
            ("Envoyée il y a 3 heures", Some(0)),
            ("Envoyée il y a\u{00A0}3\u{202F}semaines", Some(21)),
            ("Envoyée il y a 1 année", Some(365)),
        ]);
    }

    #[test]
    fn german_forms() {
        check(&[
            ("vor 3 Wochen gesendet", Some(21)),
            ("Gesendet: heute", Some(0)),
            ("Gesendet: gestern", Some(1)),
            ("gestern", Some(1)),
            ("vor 1 Woche gesendet", Some(7)),
            ("vor einer Woche gesendet", Some(7)),
            ("vor einem Monat gesendet", Some(30)),
            ("vor 2 Monaten gesendet", Some(60)),
            ("vor einem Jahr gesendet", Some(365)),
            ("vor 2 Jahren gesendet", Some(730)),
            ("vor 4 Tagen gesendet", Some(4)),
            ("vor einem Tag", Some(1)),
            ("vor 5 Stunden gesendet", Some(0)),
            ("Gesendet: vor 3 Wochen", Some(21)),
        ]);
    }

    #[test]
    fn best_effort_languages() {
        check(&[
            ("Inviato 2 settimane fa", Some(14)),
            ("Inviato oggi", Some(0)),
            ("Inviato ieri", Some(1)),
            ("Inviato un mese fa", Some(30)),
            ("Inviato 3 mesi fa", Some(90)),
            ("Inviato un anno fa", Some(365)),
            ("Inviato un’ora fa", Some(0)),
            ("3 weken geleden verzonden", Some(21)),
            ("een maand geleden verzonden", Some(30)),
            ("Vandaag verzonden", Some(0)),
            ("Gisteren verzonden", Some(1)),
            ("2 jaar geleden", Some(730)),
            ("Enviada hace 2 meses", Some(60)),
            ("Enviada hace un mes", Some(30)),
            ("Enviada hace 3 días", Some(3)),
            ("Enviada hace 1 año", Some(365)),
            ("Enviada hoy", Some(0)),
            ("Enviada ayer", Some(1)),
            ("Enviado há 3 semanas", Some(21)),
            ("Enviado há um mês", Some(30)),
            ("Enviado há 2 anos", Some(730)),
            ("Enviado hoje", Some(0)),
            ("Enviado ontem", Some(1)),
        ]);
    }

    #[test]
    fn unreadable_is_none() {
        check(&[
            ("", None),
            ("   ", None),
            ("\u{00A0}", None),
            ("Sent recently", None),
            ("Sent 3 ago", None),
            ("Sent 3", None),
            ("3", None),
            ("Sent a few days ago", None),
            ("Sent several weeks ago", None),
            ("Sent weeks ago", None),
            ("Sent 3weeks ago", None),
            ("Sent 3w ago", None),
            ("Sent 2mo ago", None),
            ("Sent 1.5 weeks ago", None),
            ("Sent 1,100 days ago", None),
            ("Sent 2 903 days ago", None),
            ("Sent 3 weeks ago · 2 days", None),
            ("Sent today and yesterday", None),
            ("Withdraw", None),
            ("Pending", None),
            ("Sent ٣ weeks ago", None),
            ("a", None),
            ("an", None),
            ("ago 3", None),
            ("Enviado", None),
        ]);
    }

    #[test]
    fn huge_numbers_saturate() {
        check(&[
            ("Sent 4294967295 days ago", Some(u32::MAX)),
            ("Sent 4294967296 days ago", Some(u32::MAX)),
            (
                "Sent 99999999999999999999999999999999 years ago",
                Some(u32::MAX),
            ),
            ("Sent 20000000 years ago", Some(u32::MAX)),
            ("Sent 0000003 weeks ago", Some(21)),
        ]);
    }

    #[test]
    fn detail_names_the_language() {
        let table = [
            ("Sent 3 weeks ago", "en", 21),
            ("Sent an hour ago", "en", 0),
            ("Envoyée il y a 3 semaines", "fr", 21),
            ("il y a 1 an", "fr", 365),
            ("Envoyée aujourd’hui", "fr", 0),
            ("vor 3 Wochen gesendet", "de", 21),
            ("Inviato 2 settimane fa", "it", 14),
            ("3 weken geleden verzonden", "nl", 21),
            ("1 week geleden verzonden", "nl", 7),
            ("Enviada hace 2 meses", "es", 60),
            ("Enviado há 3 semanas", "pt", 21),
            ("Enviado há 2 anos", "pt", 730),
        ];
        for (text, lang, days) in table {
            assert_eq!(
                parse_age_detail(text),
                Some(Age {
                    min_days: days,
                    lang
                }),
                "{text:?}"
            );
        }
        assert_eq!(parse_age_detail("Sent recently"), None);
    }

    #[test]
    fn sent_age_needs_a_sent_word() {
        let table: &[(&str, Option<u32>)] = &[
            ("Sent 3 weeks ago", Some(21)),
            ("Sent today", Some(0)),
            ("3 weeks ago", Some(21)),
            ("Envoyée il y a 3 semaines", Some(21)),
            ("Envoyée hier", Some(1)),
            ("vor 3 Wochen gesendet", Some(21)),
            ("Gesendet: heute", Some(0)),
            ("Inviato 2 settimane fa", Some(14)),
            ("3 weken geleden verzonden", Some(21)),
            ("Enviada hace 2 meses", Some(60)),
            ("Enviado há 3 semanas", Some(21)),
            ("10 years in sales", None),
            ("Recruiter with 3 years experience", None),
            ("today", None),
            ("Sent recently", None),
        ];
        for (text, want) in table {
            assert_eq!(parse_sent_age(text).map(|a| a.min_days), *want, "{text:?}");
        }
    }

    /// Every unit word of every language, with the count and days it implies.
    fn unit_words() -> Vec<(&'static str, &'static str, u32)> {
        let mut out = Vec::new();
        for lw in LANGUAGES {
            for (list, per) in [
                (lw.days, 1),
                (lw.weeks, 7),
                (lw.months, 30),
                (lw.years, 365),
                (lw.sub_day, 0),
            ] {
                for w in list {
                    out.push((lw.lang, *w, per));
                }
            }
        }
        out
    }

    #[test]
    fn every_unit_word_reads_with_a_number() {
        for (lang, unit, per) in unit_words() {
            let text = format!("7 {unit}");
            assert_eq!(
                parse_age_detail(&text).map(|a| a.min_days),
                Some(7 * per),
                "{lang} {text:?}"
            );
        }
    }

    const EN_UNITS: &[(&str, u32)] = &[
        ("day", 1),
        ("days", 1),
        ("week", 7),
        ("weeks", 7),
        ("month", 30),
        ("months", 30),
        ("year", 365),
        ("years", 365),
        ("minute", 0),
        ("minutes", 0),
        ("hour", 0),
        ("hours", 0),
        ("seconds", 0),
    ];

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = parse_age(&s);
            let _ = parse_age_detail(&s);
        }

        #[test]
        fn never_panics_on_near_misses(
            s in "[ a-zA-Z0-9\u{00A0}\u{202F}'’·:.,éèàñüö-]{0,40}"
        ) {
            let _ = parse_age(&s);
        }

        #[test]
        fn sent_n_unit_ago_is_n_times_the_unit(n in any::<u32>(), u in 0..EN_UNITS.len()) {
            let (unit, per) = EN_UNITS.get(u).copied().unwrap_or(("days", 1));
            let want = (u64::from(n) * u64::from(per)).min(u64::from(u32::MAX)) as u32;
            prop_assert_eq!(parse_age(&format!("Sent {n} {unit} ago")), Some(want));
        }

        #[test]
        fn every_language_unit_scales(n in 0u32..100_000, i in 0usize..1000) {
            let words = unit_words();
            let (_, unit, per) = words.get(i % words.len()).copied().unwrap_or(("en", "days", 1));
            prop_assert_eq!(parse_age(&format!("{n} {unit}")), Some(n * per));
        }

        #[test]
        fn a_larger_number_never_gives_a_smaller_bound(
            a in any::<u64>(), b in any::<u64>(), u in 0..EN_UNITS.len()
        ) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let (unit, _) = EN_UNITS.get(u).copied().unwrap_or(("days", 1));
            let small = parse_age(&format!("Sent {lo} {unit} ago"));
            let large = parse_age(&format!("Sent {hi} {unit} ago"));
            prop_assert!(small.is_some() && large.is_some());
            prop_assert!(large >= small);
        }

        #[test]
        fn surrounding_noise_without_units_does_not_change_the_age(
            n in 0u32..1000, pre in "[A-Za-z ·:]{0,12}", post in "[A-Za-z ·:]{0,12}"
        ) {
            // Skip the rare draw whose noise itself spells an age.
            prop_assume!(parse_age(&format!("{pre} {post}")).is_none());
            let noisy = format!("{pre} Sent {n} weeks ago {post}");
            prop_assert_eq!(parse_age(&noisy), Some(n * 7), "{:?}", noisy);
        }
    }
}
