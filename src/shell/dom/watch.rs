//! Observer-driven waits: resolve as soon as the DOM shows what we wait for, or give up after a
//! bounded time. No polling, so detection is immediate and nothing runs while idle.
//!
//! The bound counts only time the tab is visible: a hidden tab runs no animation frames and
//! throttles timers, so the page may not draw its dialog (or drop a row) until the member comes
//! back. While the tab is hidden the timer is off; when it is visible again the wait gets its
//! whole bound afresh ([`until`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MutationObserver, MutationObserverInit, Node, Window};

/// Whether the page's tab is hidden now (another tab in front, a minimised window).
pub fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Waits until the tab is visible (at once when it is).
pub async fn until_visible() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if !doc.hidden() {
        return;
    }
    let resolver: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
    let r = resolver.clone();
    let promise = Promise::new(&mut |resolve, _| *r.borrow_mut() = Some(resolve));
    let (r, d) = (resolver.clone(), doc.clone());
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if !d.hidden() {
            if let Some(f) = r.borrow_mut().take() {
                let _ = f.call0(&JsValue::NULL);
            }
        }
    });
    let f: &Function = on_change.as_ref().unchecked_ref();
    let _ = doc.add_event_listener_with_callback("visibilitychange", f);
    let _ = JsFuture::from(promise).await;
    let _ = doc.remove_event_listener_with_callback("visibilitychange", f);
}

/// The wait's timer: off while the tab is hidden, restarted with the whole bound when visible.
struct Timer {
    window: Window,
    handle: Cell<Option<i32>>,
    ms: i32,
}

impl Timer {
    fn start(&self, cb: &Function) {
        self.stop();
        if let Ok(h) = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(cb, self.ms)
        {
            self.handle.set(Some(h));
        }
    }

    fn stop(&self) {
        if let Some(h) = self.handle.take() {
            self.window.clear_timeout_with_handle(h);
        }
    }
}

/// Waits until `pred()` is true, re-checking on every mutation under `target` (subtree, child
/// lists, attributes). Returns `true` when it became true, `false` after `timeout_ms` of visible
/// time.
pub async fn until(target: &Node, timeout_ms: u64, pred: impl Fn() -> bool + 'static) -> bool {
    if pred() {
        return true;
    }
    let Some(window) = web_sys::window() else {
        return pred();
    };
    let Some(doc) = window.document() else {
        return pred();
    };
    let pred = Rc::new(pred);
    let resolver: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));

    let r = resolver.clone();
    let promise = Promise::new(&mut |resolve, _reject| {
        *r.borrow_mut() = Some(resolve);
    });
    let settle = |r: &Rc<RefCell<Option<Function>>>, v: bool| {
        if let Some(f) = r.borrow_mut().take() {
            let _ = f.call1(&JsValue::NULL, &JsValue::from_bool(v));
        }
    };

    let (r, p) = (resolver.clone(), pred.clone());
    let on_mutation = Closure::<dyn FnMut()>::new(move || {
        if p() {
            settle(&r, true);
        }
    });
    let r = resolver.clone();
    let on_timeout = Closure::<dyn FnMut()>::new(move || settle(&r, false));

    let observer = match MutationObserver::new(on_mutation.as_ref().unchecked_ref()) {
        Ok(o) => o,
        Err(_) => return pred(),
    };
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_attributes(true);
    init.set_character_data(true);
    let _ = observer.observe_with_options(target, &init);

    let timer = Rc::new(Timer {
        window,
        handle: Cell::new(None),
        ms: timeout_ms.min(i32::MAX as u64) as i32,
    });
    let timeout_fn: Function = on_timeout.as_ref().unchecked_ref::<Function>().clone();
    if !doc.hidden() {
        timer.start(&timeout_fn);
    }
    let (t, d, p, r) = (timer.clone(), doc.clone(), pred.clone(), resolver.clone());
    let on_visibility = Closure::<dyn FnMut()>::new(move || {
        if d.hidden() {
            t.stop();
        } else if p() {
            settle(&r, true);
        } else {
            t.start(&timeout_fn);
        }
    });
    let vis_fn: &Function = on_visibility.as_ref().unchecked_ref();
    let _ = doc.add_event_listener_with_callback("visibilitychange", vis_fn);

    let result = JsFuture::from(promise)
        .await
        .map(|v| v.is_truthy())
        .unwrap_or(false);
    observer.disconnect();
    timer.stop();
    let _ = doc.remove_event_listener_with_callback("visibilitychange", vis_fn);
    drop(on_mutation);
    drop(on_timeout);
    drop(on_visibility);
    result || pred()
}

/// Resolves at the first mutation under `target` (true) or after `ms` (false).
pub async fn until_change(target: &Node, ms: u64) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let changed = Rc::new(Cell::new(false));
    let c = changed.clone();
    let resolver: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
    let r = resolver.clone();
    let promise = Promise::new(&mut |resolve, _| *r.borrow_mut() = Some(resolve));
    let r = resolver.clone();
    let on_mutation = Closure::<dyn FnMut()>::new(move || {
        c.set(true);
        if let Some(f) = r.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
    });
    let r = resolver.clone();
    let on_timeout = Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = r.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
    });
    let Ok(observer) = MutationObserver::new(on_mutation.as_ref().unchecked_ref()) else {
        return false;
    };
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_attributes(true);
    init.set_character_data(true);
    let _ = observer.observe_with_options(target, &init);
    let handle = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            ms.min(i32::MAX as u64) as i32,
        )
        .unwrap_or(0);
    let _ = JsFuture::from(promise).await;
    observer.disconnect();
    window.clear_timeout_with_handle(handle);
    changed.get()
}
