//! The clock, chance, timers and logging, read from the browser in one place.

use js_sys::{Date, Math};
use wasm_bindgen::JsValue;

/// Milliseconds since the Unix epoch (wall clock; the pure cap logic guards against it going back).
pub fn now_ms() -> f64 {
    Date::now()
}

/// Minutes east of UTC for the local time zone at `now_ms` (the pure core wants it this way round).
pub fn utc_offset_min(now_ms: f64) -> i32 {
    let d = Date::new(&JsValue::from_f64(now_ms));
    -(d.get_timezone_offset() as i32)
}

/// `Math.random` as the core's random source.
pub struct MathRandom;

impl crate::pure::rng::Rng for MathRandom {
    fn next_f64(&mut self) -> f64 {
        Math::random()
    }
}

/// Sleep for `ms` milliseconds (a cancellable gloo timer future: dropping it clears the timer).
pub async fn sleep(ms: u64) {
    gloo_timers::future::TimeoutFuture::new(ms.min(u32::MAX as u64) as u32).await;
}

pub fn log(msg: &str) {
    web_sys::console::info_1(&JsValue::from_str(&format!("[Invite Sweeper] {msg}")));
}

pub fn warn(msg: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("[Invite Sweeper] {msg}")));
}

/// A readable message from a thrown JS value.
pub fn js_error_text(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    if let Ok(m) = js_sys::Reflect::get(e, &JsValue::from_str("message")) {
        if let Some(s) = m.as_string() {
            return s;
        }
    }
    format!("{e:?}")
}

/// `performance.now()`: milliseconds since the page's time origin (the page and the content
/// script share it), for the figures the benchmarks read off the panel. No User Timing mark is
/// made: the page can read those, and it must learn nothing of the extension.
pub fn perf_now() -> f64 {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &JsValue::from_str("performance"))
        .ok()
        .and_then(|perf| {
            let f = js_sys::Reflect::get(&perf, &JsValue::from_str("now")).ok()?;
            let f = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&f)?.clone();
            f.call0(&perf).ok()?.as_f64()
        })
        .unwrap_or(0.0)
}
