//! The one registry of everything the extension looks for on LinkedIn's page.
//!
//! Every selector is perishable: each alternative says which layout generation it serves
//! (C = React, 2025 onward; B = Ember/artdeco, about 2019–2024) and where it was seen, and the
//! DOM tests count its matches on every fixture page (tests/dom.rs). Hashed class names are never
//! used. Words the page shows (button labels) live here too, beside the selectors they refine.

/// One thing on the page, with alternatives tried as a single selector list (document order).
#[derive(Debug, Clone, Copy)]
pub struct Sel {
    pub name: &'static str,
    /// `(css, serves)`: the alternative and the layout/source it serves.
    pub alts: &'static [(&'static str, &'static str)],
}

impl Sel {
    /// All alternatives joined into one selector list, so a query returns document order without
    /// duplicates.
    /// Built once per selector: loading and reading query the same few selectors again and again.
    pub fn css(&self) -> &'static str {
        thread_local! {
            static JOINED: std::cell::RefCell<Vec<(&'static str, &'static str)>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        JOINED.with(|j| {
            if let Some((_, css)) = j.borrow().iter().find(|(name, _)| *name == self.name) {
                return *css;
            }
            let joined = self
                .alts
                .iter()
                .map(|(css, _)| *css)
                .collect::<Vec<_>>()
                .join(", ");
            // At most one string per registry entry, kept for the page's life.
            let css: &'static str = Box::leak(joined.into_boxed_str());
            j.borrow_mut().push((self.name, css));
            css
        })
    }
}

// ---- Layout C (React, 2025 onward) --------------------------------------------------------

pub const LIST_C: Sel = Sel {
    name: "current list (lazy column)",
    alts: &[(
        r#"main [data-testid="lazy-column"][data-component-type="LazyColumn"]"#,
        "C: the sent list's lazy column (2025+)",
    )],
};

/// Rows are `[role="listitem"]` inside the list; nested ones are parts of a card, so the reader
/// keeps only the outermost (`reader::outermost`).
pub const ROW_C: Sel = Sel {
    name: "current row",
    alts: &[(
        r#"[role="listitem"]"#,
        "C: one invitation card is the outermost listitem",
    )],
};

/// [`ROW_C`] without the listitems nested in a card: one query instead of a walk up from every
/// listitem. `:scope` is the list, so a list that is itself inside a listitem keeps its cards.
pub const CARD_C: Sel = Sel {
    name: "current card (outermost row)",
    alts: &[(
        r#"[role="listitem"]:not(:scope [role="listitem"] *)"#,
        "C: a listitem not inside another listitem of the list",
    )],
};

/// A current card's text lines in order (name, headline, age) outside its note and controls.
pub const LINE_C: Sel = Sel {
    name: "current card text line",
    alts: &[(
        r##":is(p, h3, span[dir]):not(button *, a:not([href*="/in/"]) *, [data-testid="expandable-text-box"], [data-testid="expandable-text-box"] *)"##,
        "C: name, headline and age lines (2026 captures: `p` and `div > p > span`); not the note, not inside a control (the paragraph holding a note is left out by the reader: `:has()` here cost a third of the scan's queries)",
    )],
};

/// A [`LINE_C`] inside a profile link: the name, where the link wraps it (not in the 2026-09
/// capture, whose link wraps only the avatar). One list-wide query instead of a `closest` per line.
pub const NAME_LINE_C: Sel = Sel {
    name: "current name line in a profile link",
    alts: &[(
        r##"a[href*="/in/"] :is(p, h3, span[dir]):not(button *, [data-testid="expandable-text-box"], [data-testid="expandable-text-box"] *)"##,
        "C: a text line inside the profile link (2025 layouts)",
    )],
};

pub const PROFILE_LINK: Sel = Sel {
    name: "profile link",
    alts: &[(r#"a[href*="/in/"]"#, "C and B: the person's profile link")],
};

pub const AVATAR_NAME: Sel = Sel {
    name: "avatar with name",
    alts: &[
        (
            "img[alt$=\"\u{2019}s profile picture\"]",
            "C: avatar alt 'NAME’s profile picture' (U+2019)",
        ),
        (
            "img[alt$=\"'s profile picture\"]",
            "C: the same with a plain apostrophe",
        ),
        (
            r#"figure[aria-label*="profile picture"]"#,
            "C: figure wrapping the avatar",
        ),
        (
            "[role=\"img\"][aria-label$=\"\u{2019}s profile picture\"]",
            "C: the avatar's svg[role=img] 'NAME’s profile picture' (2026-09 capture)",
        ),
    ],
};

pub const NOTE_C: Sel = Sel {
    name: "current note",
    alts: &[(
        r#"[data-testid="expandable-text-box"]"#,
        "C: the personal note's text box",
    )],
};

pub const SEE_MORE_C: Sel = Sel {
    name: "current note see-more",
    alts: &[(
        r#"button[data-testid="expandable-text-button"]"#,
        "C: '…see more' clamp (pointer-events:none)",
    )],
};

/// The withdraw control of a row, both 2026 variants and the legacy button.
pub const WITHDRAW: Sel = Sel {
    name: "withdraw control",
    alts: &[
        (r#"button[data-view-name="sent-invitations-withdraw-single"]"#, "C: button variant (early 2026; gone from the 2026-09 capture, kept as a fallback)"),
        (r#"a[aria-label^="Withdraw invitation"]"#, "C: anchor 'Withdraw invitation sent to NAME' with a real href (mid 2026; the 2026-09 capture)"),
        (r#"button[aria-label^="Withdraw invitation"]"#, "C/B: a button labelled for the person"),
        ("a[aria-label^=\"Retirer l\u{2019}invitation\"], a[aria-label^=\"Retirer l'invitation\"]", "C: French anchor variant"),
        (r#"button.invitation-card__action-btn"#, "B: artdeco card action button"),
    ],
};

// ---- Layout B (Ember/artdeco, about 2019–2024) -----------------------------------------------

pub const LIST_B: Sel = Sel {
    name: "legacy list",
    alts: &[("ul.mn-invitation-list", "B: artdeco invitation list")],
};

pub const ROW_B: Sel = Sel {
    name: "legacy row",
    alts: &[("li.invitation-card", "B: one invitation card")],
};

pub const NAME_B: Sel = Sel {
    name: "legacy name",
    alts: &[(".invitation-card__title", "B: card title")],
};

pub const LINK_B: Sel = Sel {
    name: "legacy profile link",
    alts: &[
        ("a.invitation-card__link", "B: card link"),
        (r#"a[href*="/in/"]"#, "B: any profile link"),
    ],
};

pub const HEADLINE_B: Sel = Sel {
    name: "legacy headline",
    alts: &[(".invitation-card__subtitle", "B: card subtitle")],
};

pub const AGE_B: Sel = Sel {
    name: "legacy age",
    alts: &[("span.time-badge", "B: 'Sent 2 months ago' badge")],
};

pub const NOTE_B: Sel = Sel {
    name: "legacy note",
    alts: &[(".invitation-card__custom-message", "B: custom message")],
};

pub const CLAMP_LINE_B: Sel = Sel {
    name: "legacy note line",
    alts: &[(
        "span.lt-line-clamp__line",
        "B: one visual line of a clamped note",
    )],
};

pub const SEE_MORE_B: Sel = Sel {
    name: "legacy see-more",
    alts: &[("a.lt-line-clamp__more", "B: line-clamp 'see more'")],
};

pub const NEXT_PAGE_B: Sel = Sel {
    name: "legacy next page",
    alts: &[(
        ".artdeco-pagination__button--next",
        "B: numbered pages, next",
    )],
};

pub const PREV_PAGE_B: Sel = Sel {
    name: "legacy previous page",
    alts: &[(
        ".artdeco-pagination__button--previous",
        "B: numbered pages, previous",
    )],
};

// ---- Dialogs --------------------------------------------------------------------------------

/// The confirm dialog, every shape reported. The bare Cancel + Withdraw pair (no role) is found
/// by `actor::open_dialogs` from the buttons, not by this selector. The 2026-09 capture's page
/// always holds closed `<dialog>`s with `[data-testid=dialog-content]` ([`CLOSED_DIALOG`]):
/// nothing inside one of those is ever a dialog that is open.
pub const DIALOG: Sel = Sel {
    name: "confirm dialog",
    alts: &[
        (
            "dialog[open]",
            "C: native dialog (2026-09: `dialog[open][data-testid=dialog]`, no role)",
        ),
        (r#"[role="alertdialog"]"#, "C/B: alert dialog"),
        (r#"[role="dialog"]"#, "C: ARIA dialog"),
        (
            r#"[data-testid="dialog-content"]"#,
            "C: dialog content container",
        ),
        (".artdeco-modal", "B: artdeco modal"),
    ],
};

/// Closed native dialogs the page keeps around (decoys in the 2026-09 capture).
pub const CLOSED_DIALOG: Sel = Sel {
    name: "closed dialog",
    alts: &[(
        "dialog:not([open])",
        "C: a closed native dialog and everything in it",
    )],
};

/// The confirm button inside a dialog, most specific first.
pub const CONFIRM: Sel = Sel {
    name: "confirm button",
    alts: &[
        (
            r#"button[aria-label^="Withdrawn invitation sent to"]"#,
            "C: labelled confirm (past tense, seen 2026)",
        ),
        (
            r#"button[aria-label^="Withdraw invitation sent to"]"#,
            "C: labelled confirm",
        ),
        (
            "button.artdeco-modal__confirm-dialog-btn.artdeco-button--primary",
            "B: primary footer button",
        ),
        (
            "button[data-test-dialog-primary-btn]",
            "B: alert dialog primary button",
        ),
    ],
};

// ---- Page furniture -------------------------------------------------------------------------

pub const MAIN: Sel = Sel {
    name: "main",
    alts: &[("main", "C and B: the page's main landmark")],
};

pub const TABS: Sel = Sel {
    name: "tabs",
    alts: &[
        (r#"[role="tab"]"#, "C: tab buttons"),
        (
            r#"main a[href*="/invitation-manager/sent/"]:not([role="listitem"] *)"#,
            "C: tab links (never inside a card: the 2026 withdraw links point at the sent list)",
        ),
        (
            r#"main button:not([role="listitem"] *, li *)"#,
            "C/B: tab pills are buttons on some builds (never a card's own buttons)",
        ),
    ],
};

/// Things that mean LinkedIn is checking the member: stop at once.
pub const SECURITY: Sel = Sel {
    name: "security check",
    alts: &[
        (r#"input[type="password"]"#, "any: a password prompt"),
        ("#captcha-internal", "LinkedIn's captcha container"),
        (
            r#"iframe[src*="arkoselabs"], iframe[data-src*="arkoselabs"]"#,
            "Arkose captcha frame",
        ),
        (
            r#"iframe[src*="funcaptcha"], iframe[data-src*="funcaptcha"]"#,
            "FunCaptcha frame",
        ),
        (
            r#"iframe[src*="hcaptcha"], iframe[data-src*="hcaptcha"]"#,
            "hCaptcha frame",
        ),
        (
            r#"iframe[src*="recaptcha"], iframe[data-src*="recaptcha"]"#,
            "reCAPTCHA frame",
        ),
        (
            r#"iframe[title*="captcha" i], iframe[title*="security verification" i]"#,
            "labelled captcha frames",
        ),
    ],
};

/// Toasts and alerts; their text decides whether they mean "stop".
pub const TOAST: Sel = Sel {
    name: "toast or alert",
    alts: &[
        (
            r#"[role="alert"]"#,
            "C/B: alert region (2026-09: one per toast after the toasts title)",
        ),
        (".artdeco-toast-item", "B: artdeco toast"),
        (
            r#"[data-test-artdeco-toast-item-type="error"]"#,
            "B: error toast",
        ),
        (r#"[data-testid*="toast"]"#, "C: toast container"),
    ],
};

/// The toast region: its title, and the region holding it. While a dialog is open the region
/// sits INSIDE the dialog (2026-09 capture), so its words are no part of the dialog's own.
pub const TOAST_REGION: Sel = Sel {
    name: "toast region",
    alts: &[
        (
            r#"section:has(> h2[data-testid="toasts-title"])"#,
            "C: section with h2[data-testid=toasts-title] then [role=alert] toasts (2026-09)",
        ),
        (r#"[role="alert"]"#, "C/B: one toast"),
        (r#"[role="status"]"#, "C: a status toast"),
        (".artdeco-toast-item", "B: artdeco toast"),
    ],
};

/// Button words, lower case, compared after whitespace folding. English is confirmed; French is
/// well evidenced; the rest are best effort (linkedin-page.md).
pub const WITHDRAW_WORDS: &[&str] = &[
    "withdraw",
    "retirer",
    "zurückziehen",
    "ritira",
    "intrekken",
    "retirar",
];
pub const CANCEL_WORDS: &[&str] = &[
    "cancel",
    "annuler",
    "abbrechen",
    "annulla",
    "annuleren",
    "cancelar",
];
pub const LOAD_MORE_WORDS: &[&str] = &[
    "load more",
    "show more results",
    "show more",
    "see more invitations",
    "afficher plus de résultats",
    "charger plus",
    "weitere ergebnisse anzeigen",
    "mostra altri risultati",
    "meer resultaten weergeven",
    "mostrar más resultados",
    "mostrar mais resultados",
];

/// Page text that means LinkedIn is pushing back (in toasts/alerts): stop the run.
pub const STOP_PHRASES: &[&str] = &[
    "too many requests",
    "try again later",
    "slow down",
    "unusual activity",
    "security check",
    "restricted",
    "something went wrong",
    // 2026-09 capture: "Sorry, unable to withdraw invitation to NAME. Please try again." (shown
    // inside the dialog, which stays open with its confirm enabled again).
    "unable to withdraw",
    "please try again",
    "réessayer plus tard",
    "réessayez plus tard",
    "une erreur",
];

/// A toast that reports success ("Invitation to NAME withdrawn.") is never a stop, whatever the
/// name in it says: its text starts with one of these and ends with the matching word.
pub const SUCCESS_TOASTS: &[(&str, &str)] = &[("invitation to ", " withdrawn.")];

/// Every selector, for the layout report and the selector tests.
pub const ALL: &[Sel] = &[
    LIST_C,
    ROW_C,
    CARD_C,
    LINE_C,
    NAME_LINE_C,
    PROFILE_LINK,
    AVATAR_NAME,
    NOTE_C,
    SEE_MORE_C,
    WITHDRAW,
    LIST_B,
    ROW_B,
    NAME_B,
    LINK_B,
    HEADLINE_B,
    AGE_B,
    NOTE_B,
    SEE_MORE_B,
    NEXT_PAGE_B,
    PREV_PAGE_B,
    DIALOG,
    CLOSED_DIALOG,
    CONFIRM,
    MAIN,
    TABS,
    SECURITY,
    TOAST,
    TOAST_REGION,
];
