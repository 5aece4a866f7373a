//! Does the confirm dialog name the same person as the row we clicked? A mismatch stops the run.

/// The name-bearing label patterns, lower-case, after [`clean`] (so one ASCII space and `'`).
/// Longer patterns first where one could be read inside another at the same position.
const PATTERNS: &[&str] = &[
    "withdrawn invitation sent to ",
    "withdraw invitation sent to ",
    "withdrawn invitation to ",
    "withdraw invitation to ",
    "retirer l'invitation envoyée à ",
];

/// Characters a page may slip into names or labels that no reader sees: zero-width joiners and
/// spaces, the byte-order mark, and bidirectional marks/embeddings/isolates (common around
/// right-to-left names).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}'
            | '\u{FEFF}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Everything [`normalize_name`] does except case-folding, so a name can be shown as written.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_invisible(c) {
            continue;
        }
        // `char::is_whitespace` is Unicode White_Space: includes U+00A0, U+202F, line breaks.
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(match c {
            '\u{2019}' | '\u{2018}' => '\'',
            other => other,
        });
    }
    out
}

/// A simple, NFC-free normalisation for comparing names: invisible characters stripped, all
/// Unicode whitespace collapsed to one space and trimmed, typographic apostrophes made `'`,
/// lower-cased.
pub fn normalize_name(s: &str) -> String {
    clean(s).to_lowercase()
}

/// Where a pattern starts in `chars` (at a word boundary), and the index just after it.
fn find_pattern(chars: &[char]) -> Option<(usize, usize)> {
    for start in 0..chars.len() {
        let at_boundary = start == 0 || chars.get(start - 1).is_some_and(|c| !c.is_alphanumeric());
        if !at_boundary {
            continue;
        }
        for pattern in PATTERNS {
            if let Some(end) = match_at(chars, start, pattern) {
                return Some((start, end));
            }
        }
    }
    None
}

/// Case-insensitive match of a lower-case pattern at `start`; the index after it on success.
fn match_at(chars: &[char], start: usize, pattern: &str) -> Option<usize> {
    let mut i = start;
    for p in pattern.chars() {
        let c = chars.get(i)?;
        let mut lower = c.to_lowercase();
        // A character whose lower case is several characters cannot match one pattern char.
        if lower.next() != Some(p) || lower.next().is_some() {
            return None;
        }
        i += 1;
    }
    Some(i)
}

/// The name a single line carries through one of the label patterns, with the text before it.
fn split_line(line: &str) -> Option<(String, String)> {
    let cleaned = clean(line);
    let chars: Vec<char> = cleaned.chars().collect();
    let (start, end) = find_pattern(&chars)?;
    let before: String = chars.get(..start)?.iter().collect();
    let name: String = chars.get(end..)?.iter().collect();
    let name = name.trim().to_string();
    if name.is_empty() {
        None
    } else {
        Some((before, name))
    }
}

/// Extract the person from a withdraw/confirm label: "Withdraw invitation sent to NAME",
/// "Withdrawn invitation sent to NAME", "Withdraw invitation to NAME", French "Retirer
/// l’invitation envoyée à NAME" (either apostrophe). Matching ignores case, invisible marks and
/// odd spaces; the name is returned as written (cleaned, not lower-cased). Multi-line text is
/// read line by line and the first naming line wins. None if no line has such a pattern.
///
/// The name runs to the end of its line and nothing is trimmed from it but spaces: stripping
/// punctuation ("Smith?") could turn someone else's name into the row's, and a false "same"
/// is the one mistake the check must never make. A false "other" only stops the run.
pub fn name_from_label(label: &str) -> Option<String> {
    label
        .split(['\n', '\r'])
        .find_map(split_line)
        .map(|(_, name)| name)
}

/// The verdict of the dialog check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameCheck {
    /// The dialog names the row's person.
    Same,
    /// The dialog names someone else (as written in the dialog): stop the run.
    Other(String),
    /// The dialog names nobody (older layouts): acceptable only under the page rules.
    Absent,
}

/// Is `needle` (normalised, non-empty) in `hay` (normalised) with no letter or digit glued to
/// either end? So "ann" is not found in "anna smith", but is in "ann, are you sure".
fn contains_phrase(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(pos) = hay.get(from..).and_then(|rest| rest.find(needle)) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = hay
            .get(..start)
            .and_then(|s| s.chars().next_back())
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = hay
            .get(end..)
            .and_then(|s| s.chars().next())
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        // Step one character past this hit so overlapping hits are still tried.
        let step = hay
            .get(start..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8);
        from = start + step;
    }
    false
}

/// `texts`: the dialog's aria-labels (dialog and its buttons) and its visible text, in that
/// order; multi-line text (innerText) is read line by line. Same when a label pattern names
/// exactly the row's name (normalised equality), or a line without a pattern (or the text before
/// a pattern) contains the normalised row name as a whole-word phrase; Other(name) when some
/// pattern names someone else and nothing names the row's person; Absent otherwise.
/// A prefix is NOT a match ("Ann" vs "Anna Smith"). An empty row name never matches.
///
/// The name a pattern carries is judged only by equality, never by containment: "Withdraw
/// invitation sent to Anna Smith-Jones" must not pass for the row "Anna Smith".
pub fn check_dialog(row_name: &str, texts: &[String]) -> NameCheck {
    let row = normalize_name(row_name);
    let mut other: Option<String> = None;
    for text in texts {
        for line in text.split(['\n', '\r']) {
            match split_line(line) {
                Some((before, name)) => {
                    if !row.is_empty() && normalize_name(&name) == row {
                        return NameCheck::Same;
                    }
                    if contains_phrase(&normalize_name(&before), &row) {
                        return NameCheck::Same;
                    }
                    if other.is_none() {
                        other = Some(name);
                    }
                }
                None => {
                    if contains_phrase(&normalize_name(line), &row) {
                        return NameCheck::Same;
                    }
                }
            }
        }
    }
    match other {
        Some(name) => NameCheck::Other(name),
        None => NameCheck::Absent,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn normalisation_folds_spaces_case_apostrophes_and_marks() {
        let table = [
            ("  Anna\u{00A0}\u{00A0}Smith ", "anna smith"),
            ("Anna\u{202F}Smith", "anna smith"),
            ("Anna\t\n Smith", "anna smith"),
            ("O\u{2019}Brien", "o'brien"),
            ("O\u{2018}Brien", "o'brien"),
            ("\u{200F}\u{202B}Amir\u{202C} Haddad\u{200E}", "amir haddad"),
            ("Zo\u{200B}\u{FEFF}e", "zoe"),
            ("\u{2066}Lee\u{2069}", "lee"),
            ("ÉLODIE Durand", "élodie durand"),
            ("🚀 Kim", "🚀 kim"),
            ("", ""),
            ("\u{200B} \u{00A0}", ""),
        ];
        for (input, want) in table {
            assert_eq!(normalize_name(input), want, "{input:?}");
        }
    }

    #[test]
    fn labels_in_english_and_french_give_the_name() {
        let table: &[(&str, Option<&str>)] = &[
            ("Withdraw invitation sent to Anna Smith", Some("Anna Smith")),
            (
                "Withdrawn invitation sent to Anna Smith",
                Some("Anna Smith"),
            ),
            ("Withdraw invitation to Anna Smith", Some("Anna Smith")),
            ("withdraw INVITATION sent to anna smith", Some("anna smith")),
            (
                "Withdraw\u{00A0}invitation sent to\u{00A0}Anna Smith ",
                Some("Anna Smith"),
            ),
            (
                "Retirer l\u{2019}invitation envoyée à Élodie Durand",
                Some("Élodie Durand"),
            ),
            (
                "Retirer l'invitation envoyée à Élodie Durand",
                Some("Élodie Durand"),
            ),
            ("RETIRER L'INVITATION ENVOYÉE À Jean", Some("Jean")),
            (
                "Withdraw invitation sent to \u{200F}محمد علي\u{200E}",
                Some("محمد علي"),
            ),
            (
                "Withdraw invitation sent to 🌟 Kim Lee 🌟",
                Some("🌟 Kim Lee 🌟"),
            ),
            (
                "Heading\nWithdraw invitation sent to Bo\nCancel",
                Some("Bo"),
            ),
            ("Withdraw", None),
            ("Withdraw invitation sent to ", None),
            ("Cancel", None),
            ("Rewithdraw invitation sent to X", None),
            ("", None),
        ];
        for (label, want) in table {
            assert_eq!(name_from_label(label).as_deref(), *want, "{label:?}");
        }
    }

    #[test]
    fn dialog_check_table() {
        use NameCheck::*;
        let other = |s: &str| Other(s.to_string());
        let table: Vec<(&str, Vec<&str>, NameCheck)> = vec![
            ("Anna Smith", vec!["Withdrawn invitation sent to Anna Smith"], Same),
            ("Anna Smith", vec!["Withdraw invitation sent to ANNA\u{00A0}SMITH"], Same),
            ("Anna Smith", vec!["Withdraw invitation sent to Anna\u{202F}Smith\u{200E}"], Same),
            ("O\u{2019}Brien", vec!["Withdraw invitation sent to O'Brien"], Same),
            ("Élodie", vec!["Retirer l’invitation envoyée à élodie"], Same),
            ("🚀 Kim", vec!["Withdraw invitation sent to 🚀 Kim"], Same),
            ("Kim", vec!["Withdraw invitation sent to 🚀 Kim"], other("🚀 Kim")),
            // A prefix is not the person.
            ("Ann", vec!["Withdraw invitation sent to Anna Smith"], other("Anna Smith")),
            ("Anna Smith", vec!["Withdraw invitation sent to Anna Smith-Jones"], other("Anna Smith-Jones")),
            ("Ann", vec!["", "You won't be able to resend to Anna Smith for 3 weeks."], Absent),
            // Visible text naming the person as a whole phrase.
            ("Anna Smith", vec!["Dialog", "If you withdraw now, you won’t be able to resend to Anna Smith for up to 3 weeks."], Same),
            ("Anna Smith", vec!["Withdraw invitation\nAre you sure?\nCancel\nWithdraw"], Absent),
            ("Anna Smith", vec!["Withdraw invitation sent to Bob Jones"], other("Bob Jones")),
            ("Anna Smith", vec!["Withdraw invitation sent to Bob Jones", "Withdraw invitation sent to Anna Smith"], Same),
            // Same name twice is still the same person.
            ("Anna Smith", vec!["Withdraw invitation sent to Anna Smith", "Withdrawn invitation sent to Anna Smith"], Same),
            ("Bob", vec!["Withdraw invitation sent to Carol", "Withdraw invitation sent to Dave"], other("Carol")),
            ("", vec!["Withdraw invitation sent to Anna"], other("Anna")),
            ("", vec!["Some text"], Absent),
            ("Anna", vec![], Absent),
            ("Amir", vec!["Withdraw invitation sent to \u{202B}Amir\u{202C}"], Same),
            // Text before a pattern counts as visible text.
            ("Bo Li", vec!["Bo Li — Withdraw invitation sent to Bo Li"], Same),
        ];
        for (row, list, want) in table {
            assert_eq!(check_dialog(row, &texts(&list)), want, "{row:?} {list:?}");
        }
    }

    #[test]
    fn phrase_search_respects_word_edges() {
        assert!(contains_phrase("hi ann, bye", "ann"));
        assert!(!contains_phrase("hi anna, bye", "ann"));
        assert!(!contains_phrase("hi joann", "ann"));
        assert!(contains_phrase("joann ann", "ann"));
        assert!(contains_phrase("ann", "ann"));
        assert!(!contains_phrase("ann", ""));
        assert!(contains_phrase("é ann", "ann"));
    }

    fn name() -> impl Strategy<Value = String> {
        // Letters of several scripts, spaces, punctuation, emoji, invisible marks.
        proptest::string::string_regex(
            "[A-Za-zÀ-ÿ\u{0600}-\u{0620}\u{4E00}-\u{4E10} .,'’?!\u{00A0}\u{200E}\u{200F}🚀-]{1,24}",
        )
        .unwrap_or_else(|_| unreachable!())
    }

    proptest! {
        #[test]
        fn someone_else_is_never_the_same(a in name(), b in name(), which in 0usize..5) {
            prop_assume!(normalize_name(&a) != normalize_name(&b));
            prop_assume!(!normalize_name(&b).is_empty());
            let label = match which {
                0 => format!("Withdraw invitation sent to {b}"),
                1 => format!("Withdrawn invitation sent to {b}"),
                2 => format!("Withdraw invitation to {b}"),
                3 => format!("Retirer l’invitation envoyée à {b}"),
                _ => format!("Retirer l'invitation envoyée à {b}"),
            };
            prop_assert_ne!(check_dialog(&a, &[label]), NameCheck::Same);
        }

        #[test]
        fn the_person_is_recognised_in_their_own_label(a in name()) {
            prop_assume!(!normalize_name(&a).is_empty());
            let label = format!("Withdraw invitation sent to {a}");
            prop_assert_eq!(check_dialog(&a, &[label]), NameCheck::Same);
        }

        #[test]
        fn any_input_is_handled(row in ".{0,40}", t in proptest::collection::vec(".{0,80}", 0..4)) {
            let _ = normalize_name(&row);
            let _ = check_dialog(&row, &t);
            for s in &t {
                let _ = name_from_label(s);
            }
        }
    }
}
