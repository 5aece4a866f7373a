//! The only code that clicks on LinkedIn's page, and only two things: the withdraw control of a
//! row the run chose, and the confirm button of the dialog that click opened, after the dialog
//! was checked to name the same person. Anything unexpected is a [`Stop`] with its reason.
//! Neither is ever clicked while disabled.

use wasm_bindgen::prelude::*;
use web_sys::{
    AddEventListenerOptions, Document, Element, Event, HtmlElement, MouseEvent, MouseEventInit,
    PointerEvent, PointerEventInit, ScrollIntoViewOptions, ScrollLogicalPosition,
};

use super::panel::is_ours;
use super::selectors as s;
use super::{
    all_css, all_doc, all_in, first_in, fold_ws, is_rendered, label_is, reader, text_outside, watch,
};
use crate::pure::names::{check_dialog, NameCheck};
use crate::pure::page::{classify, PageKind};
use crate::pure::run::Reason;

/// Why a step stopped: the reason code, and the message key (with its substitutions) of the
/// sentence the panel shows in the member's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    pub reason: Reason,
    pub detail: &'static str,
    pub subs: Vec<String>,
}

fn stop(reason: Reason, detail: &'static str) -> Stop {
    Stop {
        reason,
        detail,
        subs: Vec::new(),
    }
}

fn stop_with(reason: Reason, detail: &'static str, subs: Vec<String>) -> Stop {
    Stop {
        reason,
        detail,
        subs,
    }
}

/// A stop signal on the page right now: a security check, an error toast, or a URL that is no
/// longer the People list.
pub fn stop_signal(doc: &Document, url: &str) -> Option<Stop> {
    match classify(url) {
        PageKind::SentPeople => {}
        PageKind::Security => return Some(stop(Reason::Checkpoint, "detailSecurityPage")),
        _ => return Some(stop(Reason::Navigated, "detailNavigated")),
    }
    if let Some(el) = all_doc(doc, &s::SECURITY)
        .into_iter()
        .find(|e| !inside_extension(e))
    {
        let what = if el.tag_name() == "INPUT" {
            "detailPasswordPrompt"
        } else {
            "detailCaptcha"
        };
        return Some(stop(Reason::Checkpoint, what));
    }
    for t in all_doc(doc, &s::TOAST) {
        if inside_extension(&t) {
            continue;
        }
        let msg = super::text(&t);
        let lower = msg.to_lowercase();
        let error_type = t
            .get_attribute("data-test-artdeco-toast-item-type")
            .as_deref()
            == Some("error");
        // "Invitation to NAME withdrawn." is the page confirming our own withdrawal, whatever
        // words the name holds.
        if !error_type && is_success_toast(&lower) {
            continue;
        }
        if error_type || s::STOP_PHRASES.iter().any(|p| lower.contains(p)) {
            let shown: String = msg.chars().take(160).collect();
            return Some(stop_with(Reason::ErrorToast, "detailToast", vec![shown]));
        }
    }
    None
}

fn is_success_toast(lower: &str) -> bool {
    s::SUCCESS_TOASTS
        .iter()
        .any(|(start, end)| lower.starts_with(start) && lower.ends_with(end))
}

fn inside_extension(el: &Element) -> bool {
    is_ours(el)
}

/// Inside a closed native dialog: the page keeps such decoys around, never ours.
fn in_closed_dialog(el: &Element) -> bool {
    el.closest(s::CLOSED_DIALOG.css()).ok().flatten().is_some()
}

/// Elements up to five levels below a root: where portalled dialogs and their hosts live.
const SHALLOW: &str = ":scope > *, :scope > * > *, :scope > * > * > *, :scope > * > * > * > *, :scope > * > * > * > * > *";

/// Every confirm dialog open now, in the document or in an open shadow root of a top-level
/// element: the selector's shapes, plus the bare Cancel + Withdraw pair some builds render.
pub fn open_dialogs(doc: &Document) -> Vec<Element> {
    let mut out: Vec<Element> = Vec::new();
    let mut scopes: Vec<Element> = doc.document_element().into_iter().collect();
    // Dialogs portalled into an open shadow root hang off elements near the top of the body
    // (overlay > wrapper > host…), and such a root may nest another. Only the first levels are
    // searched: the list's thousands of cards sit deeper and never host the dialog.
    if let Some(body) = doc.body() {
        let mut roots: Vec<Element> = vec![body.into()];
        let mut hops = 0;
        while let Some(root) = roots.pop() {
            hops += 1;
            if hops > 64 {
                break;
            }
            for el in all_css(&root, SHALLOW) {
                if is_ours(&el) {
                    continue;
                }
                if let Some(sr) = el.shadow_root() {
                    let kids = sr.children();
                    for i in 0..kids.length() {
                        if let Some(e) = kids.item(i) {
                            scopes.push(e.clone());
                            roots.push(e);
                        }
                    }
                }
            }
        }
    }
    for scope in &scopes {
        let mut found = all_in(scope, &s::DIALOG);
        if scope.matches(s::DIALOG.css()).unwrap_or(false) {
            found.insert(0, scope.clone());
        }
        for d in found {
            if inside_extension(&d) || in_closed_dialog(&d) || !is_rendered(&d) {
                continue;
            }
            // Keep the outermost of nested matches (a dialog inside its dialog-content).
            if out.iter().any(|o| o.contains(Some(&d))) {
                continue;
            }
            out.retain(|o| !d.contains(Some(o)));
            out.push(d);
        }
        // The bare variant: a Cancel button and a Withdraw button side by side, outside any row.
        for cancel in all_css(scope, "button") {
            if !label_is(&cancel, s::CANCEL_WORDS)
                || inside_extension(&cancel)
                || in_closed_dialog(&cancel)
                || !is_rendered(&cancel)
            {
                continue;
            }
            if out.iter().any(|o| o.contains(Some(&cancel))) {
                continue;
            }
            let mut up = cancel.parent_element();
            for _ in 0..4 {
                let Some(p) = up else { break };
                let has_withdraw = all_css(&p, "button")
                    .iter()
                    .any(|b| label_is(b, s::WITHDRAW_WORDS));
                if has_withdraw {
                    let in_row = p
                        .closest(&format!("{}, {}", s::ROW_C.css(), s::ROW_B.css()))
                        .ok()
                        .flatten()
                        .is_some();
                    if !in_row {
                        out.push(p);
                    }
                    break;
                }
                up = p.parent_element();
            }
        }
    }
    out
}

/// Whether a control says it cannot be used now (`disabled`, `aria-disabled="true"`).
pub fn is_disabled(el: &Element) -> bool {
    el.has_attribute("disabled")
        || el.get_attribute("aria-disabled").as_deref() == Some("true")
        || el.matches(":disabled").unwrap_or(false)
}

fn pointer_event(kind: &str, x: f64, y: f64, buttons: u16) -> Result<Event, JsValue> {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(kind != "pointerover");
    init.set_composed(true);
    init.set_client_x(x as i32);
    init.set_client_y(y as i32);
    init.set_button(if kind == "pointerover" { -1 } else { 0 });
    init.set_buttons(buttons);
    init.set_pointer_id(1);
    init.set_pointer_type("mouse");
    init.set_is_primary(true);
    init.set_width(1);
    init.set_height(1);
    init.set_pressure(if buttons > 0 { 0.5 } else { 0.0 });
    if let Some(w) = web_sys::window() {
        init.set_view(Some(&w));
    }
    Ok(PointerEvent::new_with_event_init_dict(kind, &init)?.into())
}

fn mouse_event(kind: &str, x: f64, y: f64, buttons: u16, detail: i32) -> Result<Event, JsValue> {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_composed(true);
    init.set_client_x(x as i32);
    init.set_client_y(y as i32);
    init.set_button(0);
    init.set_buttons(buttons);
    init.set_detail(detail);
    if let Some(w) = web_sys::window() {
        init.set_view(Some(&w));
    }
    Ok(MouseEvent::new_with_mouse_event_init_dict(kind, &init)?.into())
}

/// Activates a control the way a pointer click does: the pointer and mouse sequence on the
/// element (over, down, up), then the click. Page handlers may act on the pointer events: on
/// the 2026 page focus + Enter did nothing on the withdraw link while a pointer click worked.
/// An anchor gets a one-shot `preventDefault` on its click, so the page cannot navigate because
/// of us (its `href` is real: the site root or the sent list); propagation is left alone
/// because LinkedIn's handlers listen at the document.
fn pointer_click(control: &HtmlElement) -> Result<(), Stop> {
    if control.tag_name() == "A" {
        let guard = Closure::once_into_js(|e: Event| e.prevent_default());
        let o = AddEventListenerOptions::new();
        o.set_once(true);
        control
            .add_event_listener_with_callback_and_add_event_listener_options(
                "click",
                guard.unchecked_ref(),
                &o,
            )
            .map_err(|_| stop(Reason::LayoutUnknown, "detailNoGuard"))?;
    }
    let r = control.get_bounding_client_rect();
    let (x, y) = (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0);
    let fail = |_| stop(Reason::LayoutUnknown, "detailNoControl");
    let steps: [(&str, bool, u16); 6] = [
        ("pointerover", true, 0),
        ("mouseover", false, 0),
        ("pointerdown", true, 1),
        ("mousedown", false, 1),
        ("pointerup", true, 0),
        ("mouseup", false, 0),
    ];
    for (kind, pointer, buttons) in steps {
        let e = if pointer {
            pointer_event(kind, x, y, buttons)
        } else {
            mouse_event(kind, x, y, buttons, 1)
        }
        .map_err(fail)?;
        control.dispatch_event(&e).map_err(fail)?;
        if kind == "mousedown" {
            let _ = control.focus();
        }
    }
    // The handlers above may have re-rendered the control away: then nothing is clicked, and
    // the caller's check for a new dialog says so.
    if !control.is_connected() {
        return Ok(());
    }
    let click = mouse_event("click", x, y, 0, 1).map_err(fail)?;
    control.dispatch_event(&click).map_err(fail)?;
    Ok(())
}

/// Brings the row into view and activates its withdraw control (never a disabled one).
pub fn click_withdraw(row: &Element) -> Result<(), Stop> {
    let control = first_in(row, &s::WITHDRAW)
        .ok_or_else(|| stop(Reason::LayoutUnknown, "detailNoControl"))?;
    if is_disabled(&control) {
        return Err(stop(Reason::LayoutUnknown, "detailControlDisabled"));
    }
    let opts = ScrollIntoViewOptions::new();
    opts.set_block(ScrollLogicalPosition::Center);
    row.scroll_into_view_with_scroll_into_view_options(&opts);
    let control: HtmlElement = control
        .dyn_into()
        .map_err(|_| stop(Reason::LayoutUnknown, "detailNoControl"))?;
    pointer_click(&control)
}

/// Waits (observer-driven, bounded) for a dialog that was not open before the click.
pub async fn await_dialog(
    doc: &Document,
    before: &[Element],
    timeout_ms: u64,
) -> Result<Element, Stop> {
    let d = doc.clone();
    let before_v: Vec<Element> = before.to_vec();
    let target: web_sys::Node = doc
        .body()
        .map(Into::into)
        .ok_or_else(|| stop(Reason::LayoutUnknown, "detailNoBody"))?;
    let appeared = watch::until(&target, timeout_ms, move || {
        stop_signal(&d, &href()).is_some()
            || open_dialogs(&d)
                .iter()
                .any(|x| !before_v.iter().any(|b| b.is_same_node(Some(x))))
    })
    .await;
    // A security check or an error can look like (or replace) the dialog: it wins.
    if let Some(s) = stop_signal(doc, &href()) {
        return Err(s);
    }
    if !appeared {
        return Err(stop(Reason::NoDialog, "detailNoDialog"));
    }
    let fresh: Vec<Element> = open_dialogs(doc)
        .into_iter()
        .filter(|x| !before.iter().any(|b| b.is_same_node(Some(x))))
        .collect();
    match fresh.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(stop(Reason::NoDialog, "detailDialogClosed")),
        _ => Err(stop(Reason::DialogNameMismatch, "detailSeveralDialogs")),
    }
}

/// Labels and text of a dialog, labels first, for the name check. The toast region is no part
/// of it: while a dialog is open the page moves its toasts inside, and "Invitation to NAME
/// withdrawn." about the previous person must not read as the dialog naming someone else.
fn dialog_texts(dialog: &Element) -> Vec<String> {
    let in_toast = |el: &Element| {
        el.closest(s::TOAST_REGION.css())
            .ok()
            .flatten()
            .is_some_and(|t| dialog.contains(Some(&t)))
    };
    let mut texts = Vec::new();
    if let Some(l) = dialog.get_attribute("aria-label") {
        texts.push(fold_ws(&l));
    }
    if let Some(id) = dialog.get_attribute("aria-labelledby") {
        // Ids repeat on the 2026 page (every closed decoy dialog has its own
        // `header#dialog-header`): the dialog's own element first, then the document's.
        let own = all_css(dialog, "[id]").into_iter().find(|e| e.id() == id);
        let label = own.or_else(|| dialog.owner_document()?.get_element_by_id(&id));
        if let Some(el) = label.filter(|el| !in_closed_dialog(el) || dialog.contains(Some(el))) {
            texts.push(text_outside(&el, &s::TOAST_REGION));
        }
    }
    for b in all_css(dialog, "[aria-label]") {
        if in_toast(&b) {
            continue;
        }
        if let Some(l) = b.get_attribute("aria-label") {
            texts.push(fold_ws(&l));
        }
    }
    texts.push(text_outside(dialog, &s::TOAST_REGION));
    texts
}

/// Checks that the dialog names the row's person. A dialog that names nobody is accepted only
/// when it is the only dialog open and it appeared in answer to the click just made (the caller
/// guarantees the latter by passing the fresh dialog from [`await_dialog`]).
pub fn check_name(doc: &Document, dialog: &Element, row_name: &str) -> Result<(), Stop> {
    match check_dialog(row_name, &dialog_texts(dialog)) {
        NameCheck::Same => Ok(()),
        NameCheck::Other(who) => Err(stop_with(
            Reason::DialogNameMismatch,
            "detailOtherName",
            vec![who, row_name.to_string()],
        )),
        NameCheck::Absent => {
            if open_dialogs(doc).len() == 1 {
                Ok(())
            } else {
                Err(stop(Reason::DialogNameMismatch, "detailAmbiguousDialog"))
            }
        }
    }
}

/// The confirm button of a dialog, enabled or not: a labelled or primary Withdraw, never Cancel.
pub fn confirm_candidate(dialog: &Element) -> Option<HtmlElement> {
    let candidate = first_in(dialog, &s::CONFIRM).or_else(|| {
        let withdraws: Vec<Element> = all_css(dialog, "button")
            .into_iter()
            .filter(|b| label_is(b, s::WITHDRAW_WORDS) && !label_is(b, s::CANCEL_WORDS))
            .collect();
        (withdraws.len() == 1).then(|| withdraws[0].clone())
    });
    candidate
        .filter(|b| !label_is(b, s::CANCEL_WORDS) && is_rendered(b))
        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
}

/// The confirm button of a dialog, only when it can be clicked now.
pub fn confirm_button(dialog: &Element) -> Result<HtmlElement, Stop> {
    confirm_candidate(dialog)
        .filter(|b| !is_disabled(b))
        .ok_or_else(|| stop(Reason::LayoutUnknown, "detailNoConfirm"))
}

/// Waits (observer-driven, bounded by visible time) until the dialog's confirm button is
/// enabled: the 2026 page shows it disabled for a moment. It is looked up again each time, as
/// the page may re-render it. A stop signal (an error toast inside the dialog) ends the wait.
/// `url()` is where the tab is now.
pub async fn await_confirm(
    doc: &Document,
    dialog: &Element,
    timeout_ms: u64,
    url: fn() -> String,
) -> Result<HtmlElement, Stop> {
    if confirm_candidate(dialog).is_none() {
        return Err(stop(Reason::LayoutUnknown, "detailNoConfirm"));
    }
    let (d, dl) = (doc.clone(), dialog.clone());
    watch::until(dialog, timeout_ms, move || {
        stop_signal(&d, &url()).is_some() || !dl.is_connected() || confirm_button(&dl).is_ok()
    })
    .await;
    if let Some(s) = stop_signal(doc, &url()) {
        return Err(s);
    }
    if !dialog.is_connected() {
        return Err(stop(Reason::NoDialog, "detailDialogClosed"));
    }
    confirm_button(dialog).map_err(|_| stop(Reason::ConfirmDisabled, "detailConfirmDisabled"))
}

/// Clicks the confirm button of the checked dialog, as a pointer would, if it is still there
/// and enabled at this very moment.
pub fn click_confirm(dialog: &Element, confirm: &HtmlElement) -> Result<(), Stop> {
    if !dialog.is_connected() || !dialog.contains(Some(confirm)) {
        return Err(stop(Reason::NoDialog, "detailDialogClosed"));
    }
    if is_disabled(confirm) {
        return Err(stop(Reason::ConfirmDisabled, "detailConfirmDisabled"));
    }
    pointer_click(confirm)
}

fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Waits (observer-driven, bounded) until the row with `profile` is gone, stopping early on an
/// error toast, a security check or a navigation.
pub async fn await_gone(doc: &Document, profile: &str, timeout_ms: u64) -> Result<(), Stop> {
    let d = doc.clone();
    let p = profile.to_string();
    let target: web_sys::Node = doc
        .body()
        .map(Into::into)
        .ok_or_else(|| stop(Reason::LayoutUnknown, "detailNoBody"))?;
    watch::until(&target, timeout_ms, move || {
        reader::find_row(&d, &p).is_none() || stop_signal(&d, &href()).is_some()
    })
    .await;
    if let Some(s) = stop_signal(doc, &href()) {
        return Err(s);
    }
    if reader::find_row(doc, profile).is_some() {
        return Err(stop(Reason::RowStays, "detailRowStays"));
    }
    Ok(())
}
