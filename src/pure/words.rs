//! Every language's words the core reads on LinkedIn's page, in one table a member can correct.
//!
//! LinkedIn shows the sent-invitations page in the member's language, and nobody on the team can
//! open it in most of them. When a member reports a phrasing we do not read, the fix belongs here
//! and nowhere else: the parsers only ever consult [`LANGUAGES`].
//!
//! Words are written as LinkedIn would display them (accents, typographic apostrophes). They are
//! compared after [`fold`], so case, accents and apostrophe style never matter.

/// Seen on real pages or in several tools built against them.
pub const CONFIRMED: &str = "confirmed";
/// Seen in tools built on accounts in that language, but not by us.
pub const WELL_EVIDENCED: &str = "well evidenced";
/// The language's ordinary words; no source shows LinkedIn's exact phrasing on this page.
pub const BEST_EFFORT: &str = "best effort";

/// One language's words. Every list holds alternatives; any one of them counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LangWords {
    /// ISO 639-1 code.
    pub lang: &'static str,
    /// [`CONFIRMED`], [`WELL_EVIDENCED`] or [`BEST_EFFORT`].
    pub status: &'static str,
    /// Where the words come from, so a reviewer knows what a report would contradict.
    pub source: &'static str,
    /// An age of 0 days on its own ("Sent today").
    pub today: &'static [&'static str],
    /// An age of 1 day on its own ("Sent yesterday").
    pub yesterday: &'static [&'static str],
    /// Words standing for the number 1 before a unit ("a month", "un mois", "einem Monat").
    pub one: &'static [&'static str],
    pub days: &'static [&'static str],
    pub weeks: &'static [&'static str],
    pub months: &'static [&'static str],
    pub years: &'static [&'static str],
    /// Seconds, minutes and hours: less than a day, so a lower bound of 0 days.
    pub sub_day: &'static [&'static str],
    /// Words around an age ("sent", "ago"). Never used for the number: only to tell which
    /// language a phrase is in when several would read the same number from it.
    pub context: &'static [&'static str],
    /// The People tab label, before its count ("People (448)").
    pub people_tab: &'static [&'static str],
    /// The Pages tab label (invitations to follow pages, which we leave alone).
    pub pages_tab: &'static [&'static str],
    /// The withdraw control's visible text.
    pub withdraw: &'static [&'static str],
}

/// Days in one unit. Months and years are lower bounds: "1 month ago" covers about days 30–59.
pub const DAYS_PER_WEEK: u32 = 7;
pub const DAYS_PER_MONTH: u32 = 30;
pub const DAYS_PER_YEAR: u32 = 365;

impl LangWords {
    /// Days per unit for a folded token, or `None` when the token is not a unit in this language.
    /// Reads the table directly: the oracle the folded lexicon ([`senses`]) is checked against;
    /// parsing goes through the lexicon.
    #[cfg(test)]
    pub fn unit_days(&self, folded_token: &str) -> Option<u32> {
        if has(self.days, folded_token) {
            Some(1)
        } else if has(self.weeks, folded_token) {
            Some(DAYS_PER_WEEK)
        } else if has(self.months, folded_token) {
            Some(DAYS_PER_MONTH)
        } else if has(self.years, folded_token) {
            Some(DAYS_PER_YEAR)
        } else if has(self.sub_day, folded_token) {
            Some(0)
        } else {
            None
        }
    }
}

/// The languages in the order they are tried; where two read the same number, the earlier one
/// is reported unless the other has more context words.
pub const LANGUAGES: &[LangWords] = &[
    LangWords {
        lang: "en",
        status: CONFIRMED,
        source: "LinkedIn's English page as seen by many public tools (\"Sent 3 weeks ago\")",
        today: &["today"],
        yesterday: &["yesterday"],
        one: &["a", "an", "one"],
        days: &["day", "days"],
        weeks: &["week", "weeks"],
        months: &["month", "months"],
        years: &["year", "years"],
        sub_day: &["second", "seconds", "minute", "minutes", "hour", "hours"],
        context: &["sent", "ago"],
        people_tab: &["People"],
        pages_tab: &["Pages"],
        withdraw: &["Withdraw"],
    },
    LangWords {
        lang: "fr",
        status: WELL_EVIDENCED,
        source: "tools built on French accounts (\"Envoyée il y a 3 semaines\", \"Envoyée aujourd’hui\")",
        today: &["aujourd’hui"],
        yesterday: &["hier"],
        one: &["un", "une"],
        days: &["jour", "jours"],
        weeks: &["semaine", "semaines"],
        months: &["mois"],
        // "an" is also an English article; ages are read one language at a time, so "il y a
        // 1 an" is a year in French and "an hour" stays an hour in English.
        years: &["an", "ans", "année", "années"],
        sub_day: &["seconde", "secondes", "minute", "minutes", "heure", "heures"],
        context: &["envoyée", "envoyé", "envoyées", "envoyés", "il", "y", "a"],
        people_tab: &["Personnes"],
        pages_tab: &["Pages"],
        withdraw: &["Retirer"],
    },
    LangWords {
        lang: "de",
        status: BEST_EFFORT,
        source: "unconfirmed reports (\"vor 3 Wochen gesendet\", \"Gesendet: heute\", tab \"Personen\")",
        today: &["heute"],
        yesterday: &["gestern"],
        one: &["ein", "eine", "einem", "einer"],
        days: &["Tag", "Tage", "Tagen"],
        weeks: &["Woche", "Wochen"],
        months: &["Monat", "Monate", "Monaten"],
        years: &["Jahr", "Jahre", "Jahren"],
        sub_day: &["Sekunde", "Sekunden", "Minute", "Minuten", "Stunde", "Stunden"],
        context: &["gesendet", "versendet", "vor"],
        people_tab: &["Personen"],
        pages_tab: &["Seiten"],
        withdraw: &["Zurückziehen"],
    },
    LangWords {
        lang: "it",
        status: BEST_EFFORT,
        source: "tab name \"Persone\" reported; age wording is ordinary Italian, unconfirmed",
        today: &["oggi"],
        yesterday: &["ieri"],
        one: &["un", "una", "uno"],
        days: &["giorno", "giorni"],
        weeks: &["settimana", "settimane"],
        months: &["mese", "mesi"],
        years: &["anno", "anni"],
        sub_day: &["secondo", "secondi", "minuto", "minuti", "ora", "ore"],
        context: &["inviato", "inviata", "inviati", "inviate", "fa"],
        people_tab: &["Persone"],
        pages_tab: &["Pagine"],
        withdraw: &["Ritira"],
    },
    LangWords {
        lang: "nl",
        status: BEST_EFFORT,
        source: "tab name \"Mensen\" reported; age wording is ordinary Dutch, unconfirmed",
        today: &["vandaag"],
        yesterday: &["gisteren"],
        one: &["een", "één"],
        days: &["dag", "dagen"],
        weeks: &["week", "weken"],
        months: &["maand", "maanden"],
        years: &["jaar", "jaren"],
        sub_day: &["seconde", "seconden", "minuut", "minuten", "uur", "uren"],
        context: &["verzonden", "verstuurd", "geleden"],
        people_tab: &["Mensen"],
        pages_tab: &["Pagina’s"],
        withdraw: &["Intrekken"],
    },
    LangWords {
        lang: "es",
        status: BEST_EFFORT,
        source: "tab name \"Personas\" reported; age wording is ordinary Spanish, unconfirmed",
        today: &["hoy"],
        yesterday: &["ayer"],
        one: &["un", "una"],
        days: &["día", "días"],
        weeks: &["semana", "semanas"],
        months: &["mes", "meses"],
        years: &["año", "años"],
        sub_day: &["segundo", "segundos", "minuto", "minutos", "hora", "horas"],
        context: &["enviado", "enviada", "enviados", "enviadas", "hace"],
        people_tab: &["Personas"],
        pages_tab: &["Páginas"],
        withdraw: &["Retirar"],
    },
    LangWords {
        lang: "pt",
        status: BEST_EFFORT,
        source: "tab name \"Pessoas\" reported; age wording is ordinary Portuguese, unconfirmed",
        today: &["hoje"],
        yesterday: &["ontem"],
        one: &["um", "uma"],
        days: &["dia", "dias"],
        weeks: &["semana", "semanas"],
        months: &["mês", "meses"],
        years: &["ano", "anos"],
        sub_day: &["segundo", "segundos", "minuto", "minutos", "hora", "horas"],
        context: &["enviado", "enviada", "enviados", "enviadas", "há"],
        people_tab: &["Pessoas"],
        pages_tab: &["Páginas"],
        withdraw: &["Retirar"],
    },
];

/// The words of one language, by code.
pub fn language(lang: &str) -> Option<&'static LangWords> {
    LANGUAGES.iter().find(|w| w.lang.eq_ignore_ascii_case(lang))
}

/// Whether `folded_token` (already passed through [`fold`]) is one of `words`. Folds each word
/// on every call: for rare lookups (tab labels, tests); age parsing goes through [`senses`].
pub fn has(words: &[&str], folded_token: &str) -> bool {
    words.iter().any(|w| folded(w).eq(folded_token.chars()))
}

/// What an age word means in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Today,
    Yesterday,
    /// The number 1 before a unit ("a", "un", "einem").
    One,
    /// A unit worth this many days (0 for seconds, minutes and hours).
    Unit(u32),
    /// A word around an age ("sent", "ago").
    Context,
}

/// One meaning of a folded word: in which language (index into [`LANGUAGES`]) and what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sense {
    pub lang: u8,
    pub meaning: Meaning,
}

/// Every age word of every language, folded once and sorted, so that reading an age is one
/// binary search per token instead of folding the whole table for every comparison (the
/// table was the largest cost of a scan: bench/results.md).
fn lexicon() -> &'static [(String, Sense)] {
    static LEXICON: std::sync::OnceLock<Vec<(String, Sense)>> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut all = Vec::new();
        for (i, lw) in LANGUAGES.iter().enumerate() {
            let lists: [(&[&str], Meaning); 9] = [
                (lw.today, Meaning::Today),
                (lw.yesterday, Meaning::Yesterday),
                (lw.one, Meaning::One),
                (lw.days, Meaning::Unit(1)),
                (lw.weeks, Meaning::Unit(DAYS_PER_WEEK)),
                (lw.months, Meaning::Unit(DAYS_PER_MONTH)),
                (lw.years, Meaning::Unit(DAYS_PER_YEAR)),
                (lw.sub_day, Meaning::Unit(0)),
                (lw.context, Meaning::Context),
            ];
            for (words, meaning) in lists {
                for w in words {
                    let lang = u8::try_from(i).unwrap_or(u8::MAX);
                    all.push((fold(w), Sense { lang, meaning }));
                }
            }
        }
        crate::pure::order::sort_by(&mut all, |a, b| a.0.cmp(&b.0));
        all
    })
}

/// Every meaning of a folded token, in any language (empty for most words of a card).
pub fn senses(folded_token: &str) -> &'static [(String, Sense)] {
    let lex = lexicon();
    match index().get(folded_token) {
        Some(&(start, len)) => &lex[start as usize..(start + len) as usize],
        None => &[],
    }
}

/// Where each word's senses start in [`lexicon`] and how many there are: one hash lookup per
/// token of every line of every card, where a binary search compared a dozen strings.
fn index() -> &'static crate::pure::hash::Map<&'static str, (u32, u32)> {
    static INDEX: std::sync::OnceLock<crate::pure::hash::Map<&'static str, (u32, u32)>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m: crate::pure::hash::Map<&'static str, (u32, u32)> = Default::default();
        for (i, (w, _)) in lexicon().iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            m.entry(w.as_str())
                .and_modify(|e| e.1 += 1)
                .or_insert((i, 1));
        }
        m
    })
}

/// Whether `label` names the People tab in any language ("People", "Personnes (12)").
pub fn is_people_tab(label: &str) -> bool {
    first_word_in(label, |w| w.people_tab)
}

/// Whether `label` names the Pages tab in any language.
pub fn is_pages_tab(label: &str) -> bool {
    first_word_in(label, |w| w.pages_tab)
}

fn first_word_in(label: &str, list: impl Fn(&LangWords) -> &'static [&'static str]) -> bool {
    let folded = fold(label);
    let word = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .find(|w| !w.is_empty())
        .unwrap_or("");
    !word.is_empty() && LANGUAGES.iter().any(|lw| has(list(lw), word))
}

/// Lowercases, drops accents and makes every apostrophe a plain `'`, so that "Aujourd’hui",
/// "aujourd'hui" and "AUJOURD'HUI" compare equal, as do "días" and "dias".
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Most of a card's text: lowercase and the backtick, byte for byte.
        let lower = text.to_ascii_lowercase();
        return if lower.contains('`') {
            lower.replace('`', "'")
        } else {
            lower
        };
    }
    folded(text).collect()
}

/// [`fold`] without allocating, for comparisons.
pub fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(fold_char)
}

fn fold_char(c: char) -> Option<char> {
    Some(match c {
        // Combining accents (decomposed text) and invisible format characters that can sit
        // inside a word without being visible to the member.
        '\u{0300}'..='\u{036F}'
        | '\u{00AD}'
        | '\u{200C}'
        | '\u{200D}'
        | '\u{2060}'
        | '\u{FEFF}' => return None,
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' | '`' => '\'',
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn categories(lw: &LangWords) -> Vec<(&'static str, &'static [&'static str])> {
        vec![
            ("today", lw.today),
            ("yesterday", lw.yesterday),
            ("one", lw.one),
            ("days", lw.days),
            ("weeks", lw.weeks),
            ("months", lw.months),
            ("years", lw.years),
            ("sub_day", lw.sub_day),
        ]
    }

    #[test]
    fn all_seven_languages_are_present_in_order() {
        let codes: Vec<&str> = LANGUAGES.iter().map(|l| l.lang).collect();
        assert_eq!(codes, ["en", "fr", "de", "it", "nl", "es", "pt"]);
    }

    #[test]
    fn every_language_states_its_evidence() {
        for lw in LANGUAGES {
            assert!(
                [CONFIRMED, WELL_EVIDENCED, BEST_EFFORT].contains(&lw.status),
                "{}",
                lw.lang
            );
            assert!(!lw.source.is_empty(), "{}", lw.lang);
        }
        assert_eq!(language("en").map(|l| l.status), Some(CONFIRMED));
        assert_eq!(language("FR").map(|l| l.status), Some(WELL_EVIDENCED));
        for code in ["de", "it", "nl", "es", "pt"] {
            assert_eq!(
                language(code).map(|l| l.status),
                Some(BEST_EFFORT),
                "{code}"
            );
        }
        assert_eq!(language("xx"), None);
    }

    #[test]
    fn every_list_is_filled_and_single_words() {
        for lw in LANGUAGES {
            let mut lists = categories(lw);
            lists.push(("people_tab", lw.people_tab));
            lists.push(("pages_tab", lw.pages_tab));
            lists.push(("withdraw", lw.withdraw));
            for (name, list) in lists {
                assert!(!list.is_empty(), "{} {name}", lw.lang);
                for w in list {
                    let f = fold(w);
                    assert!(
                        !f.is_empty() && f.chars().all(|c| c.is_alphanumeric() || c == '\''),
                        "{} {name} {w:?} would not survive tokenising",
                        lw.lang
                    );
                }
            }
        }
    }

    /// A word meaning two different things in one language would make ages ambiguous.
    #[test]
    fn no_word_has_two_meanings_within_a_language() {
        for lw in LANGUAGES {
            let cats = categories(lw);
            for (i, (a, la)) in cats.iter().enumerate() {
                for (b, lb) in cats.iter().skip(i + 1) {
                    for w in la.iter() {
                        assert!(!has(lb, &fold(w)), "{}: {w:?} is both {a} and {b}", lw.lang);
                    }
                }
            }
        }
    }

    /// Across languages a shared word must mean the same, so that reading a phrase in the wrong
    /// language cannot change its number. The one known exception: "an" (English article,
    /// French year), which never pairs up because each phrase is read in a single language.
    #[test]
    fn shared_words_mean_the_same_across_languages() {
        for (i, a) in LANGUAGES.iter().enumerate() {
            for b in LANGUAGES.iter().skip(i + 1) {
                for (ca, la) in categories(a) {
                    for (cb, lb) in categories(b) {
                        if ca == cb {
                            continue;
                        }
                        for w in la {
                            let f = fold(w);
                            if has(lb, &f) {
                                assert_eq!(
                                    (a.lang, ca, b.lang, cb, f.as_str()),
                                    ("en", "one", "fr", "years", "an"),
                                    "unexpected clash"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn folding_ignores_case_accents_and_apostrophe_style() {
        let table = [
            ("Aujourd’hui", "aujourd'hui"),
            ("AUJOURD'HUI", "aujourd'hui"),
            ("aujourd\u{2018}hui", "aujourd'hui"),
            ("Días", "dias"),
            ("me\u{0302}s", "mes"),
            ("ÉÉN", "een"),
            ("Zurückziehen", "zuruckziehen"),
            ("Pagina’s", "pagina's"),
            ("wee\u{00AD}ks", "weeks"),
        ];
        for (input, want) in table {
            assert_eq!(fold(input), want, "{input:?}");
        }
    }

    proptest::proptest! {
        /// The ASCII shortcut of `fold` folds exactly as the general path does.
        #[test]
        fn fold_is_folded_collected(s in "[ -~]{0,40}|.{0,20}") {
            proptest::prop_assert_eq!(fold(&s), folded(&s).collect::<String>());
        }
    }

    /// The folded lexicon says exactly what the table says, word by word.
    #[test]
    fn senses_agree_with_the_table() {
        for (i, lw) in LANGUAGES.iter().enumerate() {
            for (_, list) in categories(lw).into_iter().chain([("context", lw.context)]) {
                for w in list {
                    let f = fold(w);
                    let mine: Vec<Meaning> = senses(&f)
                        .iter()
                        .filter(|(_, s)| usize::from(s.lang) == i)
                        .map(|(_, s)| s.meaning)
                        .collect();
                    let mut want = Vec::new();
                    if has(lw.today, &f) {
                        want.push(Meaning::Today);
                    }
                    if has(lw.yesterday, &f) {
                        want.push(Meaning::Yesterday);
                    }
                    if has(lw.one, &f) {
                        want.push(Meaning::One);
                    }
                    if let Some(d) = lw.unit_days(&f) {
                        want.push(Meaning::Unit(d));
                    }
                    if has(lw.context, &f) {
                        want.push(Meaning::Context);
                    }
                    for m in &want {
                        assert!(mine.contains(m), "{} {w:?}: {m:?} missing", lw.lang);
                    }
                    for m in &mine {
                        assert!(want.contains(m), "{} {w:?}: extra {m:?}", lw.lang);
                    }
                }
            }
        }
        assert!(senses("sales").is_empty());
        assert!(senses("").is_empty());
        assert!(senses("zzzz").is_empty());
    }

    #[test]
    fn unit_days_reads_each_unit() {
        let en = &LANGUAGES[0];
        assert_eq!(en.unit_days("days"), Some(1));
        assert_eq!(en.unit_days("week"), Some(7));
        assert_eq!(en.unit_days("months"), Some(30));
        assert_eq!(en.unit_days("year"), Some(365));
        assert_eq!(en.unit_days("hours"), Some(0));
        assert_eq!(en.unit_days("ago"), None);
        let fr = language("fr");
        assert_eq!(fr.and_then(|l| l.unit_days("an")), Some(365));
        assert_eq!(fr.and_then(|l| l.unit_days("annees")), Some(365));
    }

    #[test]
    fn tab_labels_are_recognised_in_every_language() {
        for label in [
            "People (448)",
            "Personnes (2\u{202F}903)",
            "Personen",
            "Persone (3)",
            "Mensen",
            "Personas",
            "Pessoas (1.100)",
            "  people ",
        ] {
            assert!(is_people_tab(label), "{label:?}");
            assert!(!is_pages_tab(label), "{label:?}");
        }
        for label in [
            "Pages",
            "Pages (2)",
            "Seiten",
            "Pagine",
            "Pagina's",
            "Páginas",
            "PAGINAS",
        ] {
            assert!(is_pages_tab(label), "{label:?}");
            assert!(!is_people_tab(label), "{label:?}");
        }
        for label in ["", "Events", "Newsletters (1)", "(3) People"] {
            assert!(!is_people_tab(label), "{label:?}");
            assert!(!is_pages_tab(label), "{label:?}");
        }
    }
}
