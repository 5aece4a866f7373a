//! Observer-driven waits: resolve as soon as the DOM shows what we wait for, or give up after a
//! bounded time. No polling, so detection is immediate and nothing runs while idle.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MutationObserver, MutationObserverInit, Node};

/// Waits until `pred()` is true, re-checking on every mutation under `target` (subtree, child
/// lists, attributes). Returns `true` when it became true, `false` after `timeout_ms`.
pub async fn until(target: &Node, timeout_ms: u64, pred: impl Fn() -> bool + 'static) -> bool {
    if pred() {
        return true;
    }
    let Some(window) = web_sys::window() else {
        return pred();
    };
    let pred = Rc::new(pred);
    let resolver: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));

    let r = resolver.clone();
    let promise = Promise::new(&mut |resolve, _reject| {
        *r.borrow_mut() = Some(resolve);
    });

    let (r, p) = (resolver.clone(), pred.clone());
    let on_mutation = Closure::<dyn FnMut()>::new(move || {
        if p() {
            if let Some(f) = r.borrow_mut().take() {
                let _ = f.call1(&JsValue::NULL, &JsValue::TRUE);
            }
        }
    });
    let r = resolver.clone();
    let on_timeout = Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = r.borrow_mut().take() {
            let _ = f.call1(&JsValue::NULL, &JsValue::FALSE);
        }
    });

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
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            timeout_ms.min(i32::MAX as u64) as i32,
        )
        .unwrap_or(0);

    let result = JsFuture::from(promise)
        .await
        .map(|v| v.is_truthy())
        .unwrap_or(false);
    observer.disconnect();
    window.clear_timeout_with_handle(timer);
    drop(on_mutation);
    drop(on_timeout);
    result || pred()
}
