//! Human pacing: how long to wait before each confirm click, between withdrawals, and when to rest.

use serde::{Deserialize, Serialize};

use crate::pure::rng::Rng;

/// The pacing settings (all durations in milliseconds of the shipped build).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pacing {
    /// Pause between the dialog appearing and the confirm click.
    pub pause_min_ms: u64,
    pub pause_max_ms: u64,
    /// Wait between one withdrawal and the next.
    pub delay_min_ms: u64,
    pub delay_max_ms: u64,
    /// A longer rest, taken instead of the delay every `rest_every_*` withdrawals.
    pub rest_min_ms: u64,
    pub rest_max_ms: u64,
    pub rest_every_min: u32,
    pub rest_every_max: u32,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing {
            pause_min_ms: 600,
            pause_max_ms: 2_000,
            delay_min_ms: 5_000,
            delay_max_ms: 15_000,
            rest_min_ms: 30_000,
            rest_max_ms: 90_000,
            rest_every_min: 6,
            rest_every_max: 10,
        }
    }
}

/// Allowed range of each setting: (lowest, highest).
const PAUSE_BOUNDS: (u64, u64) = (300, 30_000);
const DELAY_BOUNDS: (u64, u64) = (Pacing::MIN_DELAY_MS, 600_000);
/// A rest replaces a delay, so it may not be shorter than the shortest delay.
const REST_BOUNDS: (u64, u64) = (Pacing::MIN_DELAY_MS, 1_800_000);
const REST_EVERY_BOUNDS: (u32, u32) = (1, 50);

fn check<T: PartialOrd + Copy + std::fmt::Display>(
    errors: &mut Vec<String>,
    name: &str,
    value: T,
    (lo, hi): (T, T),
    unit: &str,
) {
    if value < lo || value > hi {
        errors.push(format!(
            "{name} must be between {lo} and {hi}{unit} (got {value})"
        ));
    }
}

fn check_order<T: PartialOrd + Copy + std::fmt::Display>(
    errors: &mut Vec<String>,
    min_name: &str,
    min: T,
    max_name: &str,
    max: T,
) {
    if min > max {
        errors.push(format!(
            "{min_name} ({min}) must not be above {max_name} ({max})"
        ));
    }
}

impl Pacing {
    /// No setting may bring two withdrawals closer than this.
    pub const MIN_DELAY_MS: u64 = 2_000;

    /// Every bound, and min ≤ max for each pair; messages name the setting and the allowed range.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut e = Vec::new();
        check(
            &mut e,
            "pause_min_ms",
            self.pause_min_ms,
            PAUSE_BOUNDS,
            " ms",
        );
        check(
            &mut e,
            "pause_max_ms",
            self.pause_max_ms,
            PAUSE_BOUNDS,
            " ms",
        );
        check(
            &mut e,
            "delay_min_ms",
            self.delay_min_ms,
            DELAY_BOUNDS,
            " ms",
        );
        check(
            &mut e,
            "delay_max_ms",
            self.delay_max_ms,
            DELAY_BOUNDS,
            " ms",
        );
        check(&mut e, "rest_min_ms", self.rest_min_ms, REST_BOUNDS, " ms");
        check(&mut e, "rest_max_ms", self.rest_max_ms, REST_BOUNDS, " ms");
        let every = REST_EVERY_BOUNDS;
        check(
            &mut e,
            "rest_every_min",
            self.rest_every_min,
            every,
            " withdrawals",
        );
        check(
            &mut e,
            "rest_every_max",
            self.rest_every_max,
            every,
            " withdrawals",
        );
        check_order(
            &mut e,
            "pause_min_ms",
            self.pause_min_ms,
            "pause_max_ms",
            self.pause_max_ms,
        );
        check_order(
            &mut e,
            "delay_min_ms",
            self.delay_min_ms,
            "delay_max_ms",
            self.delay_max_ms,
        );
        check_order(
            &mut e,
            "rest_min_ms",
            self.rest_min_ms,
            "rest_max_ms",
            self.rest_max_ms,
        );
        let (a, b) = (self.rest_every_min, self.rest_every_max);
        check_order(&mut e, "rest_every_min", a, "rest_every_max", b);
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }

    /// The same settings forced into their bounds (each max raised to at least its min). The
    /// [`Pacer`] draws from this, so settings that skipped validation can slow a run down but
    /// never speed it past the floors.
    pub fn clamped(&self) -> Pacing {
        fn pair(lo: u64, hi: u64, (a, b): (u64, u64)) -> (u64, u64) {
            let lo = lo.clamp(a, b);
            (lo, hi.clamp(lo, b))
        }
        let (pause_min_ms, pause_max_ms) = pair(self.pause_min_ms, self.pause_max_ms, PAUSE_BOUNDS);
        let (delay_min_ms, delay_max_ms) = pair(self.delay_min_ms, self.delay_max_ms, DELAY_BOUNDS);
        let (rest_min_ms, rest_max_ms) = pair(self.rest_min_ms, self.rest_max_ms, REST_BOUNDS);
        let (a, b) = REST_EVERY_BOUNDS;
        let rest_every_min = self.rest_every_min.clamp(a, b);
        let rest_every_max = self.rest_every_max.clamp(rest_every_min, b);
        Pacing {
            pause_min_ms,
            pause_max_ms,
            delay_min_ms,
            delay_max_ms,
            rest_min_ms,
            rest_max_ms,
            rest_every_min,
            rest_every_max,
        }
    }
}

/// What to do after a withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Wait {
    /// The ordinary wait before the next withdrawal.
    Delay(u64),
    /// A longer rest (replaces the delay).
    Rest(u64),
}

impl Wait {
    /// The wait in milliseconds, whichever kind it is.
    pub fn ms(&self) -> u64 {
        match self {
            Wait::Delay(ms) | Wait::Rest(ms) => *ms,
        }
    }
}

/// Draws the waits of one run: counts withdrawals since the last rest against a drawn threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pacer {
    since_rest: u32,
    rest_after: u32,
}

impl Pacer {
    pub fn new(p: &Pacing, rng: &mut dyn Rng) -> Self {
        Pacer {
            since_rest: 0,
            rest_after: draw_rest_after(p, rng),
        }
    }

    /// The pause before the confirm click.
    pub fn confirm_pause(&self, p: &Pacing, rng: &mut dyn Rng) -> u64 {
        let p = p.clamped();
        rng.range_ms(p.pause_min_ms, p.pause_max_ms)
    }

    /// The wait after a withdrawal: a rest when the drawn count is reached, else a delay.
    pub fn after_withdrawal(&mut self, p: &Pacing, rng: &mut dyn Rng) -> Wait {
        let c = p.clamped();
        self.since_rest = self.since_rest.saturating_add(1);
        if self.since_rest >= self.rest_after {
            self.since_rest = 0;
            self.rest_after = draw_rest_after(p, rng);
            Wait::Rest(rng.range_ms(c.rest_min_ms, c.rest_max_ms))
        } else {
            Wait::Delay(rng.range_ms(c.delay_min_ms, c.delay_max_ms))
        }
    }
}

fn draw_rest_after(p: &Pacing, rng: &mut dyn Rng) -> u32 {
    let c = p.clamped();
    rng.range_u32(c.rest_every_min, c.rest_every_max)
}

/// Bounded waits of a step (before the test build's ÷100): the confirm dialog to appear.
pub const DIALOG_TIMEOUT_MS: u64 = 30_000;
/// Bounded waits of a step: the row to disappear after the confirm click.
pub const ROW_GONE_TIMEOUT_MS: u64 = 60_000;

/// Bounded waits of a step: the dialog's confirm button to become enabled (the 2026 page shows
/// it disabled for a moment).
pub const CONFIRM_ENABLED_TIMEOUT_MS: u64 = 15_000;

/// The least a wait on the PAGE may last in any build. The test builds divide every wait by 100,
/// but the page does not hurry for them: its dialog comes from the server after network latency
/// and its rows go when the server answers, so a bound below the page's normal speed would stop
/// good runs. Only a fault (nothing ever comes) waits this long.
pub const DIALOG_FLOOR_MS: u64 = 8_000;
pub const CONFIRM_ENABLED_FLOOR_MS: u64 = 5_000;
pub const ROW_GONE_FLOOR_MS: u64 = 8_000;

/// A bounded wait on the page: the scaled bound, but never below `floor` (nor above `ms`).
pub fn page_bound(ms: u64, scale: f64, floor: u64) -> u64 {
    scaled(ms, scale).max(floor.min(ms))
}

/// Apply the build's time scale (1.0 shipped, 0.01 test build) to a duration; never below 1 ms.
/// A scale that is not a positive number is taken as 1.0: a broken build flag must not make the
/// shipped extension fast.
pub fn scaled(ms: u64, scale: f64) -> u64 {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    // `as` saturates at u64::MAX for huge products.
    ((ms as f64 * scale).round() as u64).max(1)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::pure::rng::SeededRng;

    /// Regression (issue 12): the test builds divide waits by 100, the page does not hurry.
    #[test]
    fn page_bounds_keep_the_pages_speed() {
        assert_eq!(page_bound(DIALOG_TIMEOUT_MS, 1.0, DIALOG_FLOOR_MS), 30_000);
        assert_eq!(page_bound(DIALOG_TIMEOUT_MS, 0.01, DIALOG_FLOOR_MS), 8_000);
        assert_eq!(
            page_bound(ROW_GONE_TIMEOUT_MS, 0.5, ROW_GONE_FLOOR_MS),
            30_000
        );
        // A floor never makes a wait longer than its shipped bound.
        assert_eq!(page_bound(3_000, 0.01, 8_000), 3_000);
        assert_eq!(page_bound(CONFIRM_ENABLED_TIMEOUT_MS, f64::NAN, 1), 15_000);
    }
    use std::collections::BTreeSet;

    #[test]
    fn defaults_are_valid_and_as_documented() {
        let p = Pacing::default();
        assert!(p.validate().is_ok());
        assert_eq!((p.pause_min_ms, p.pause_max_ms), (600, 2_000));
        assert_eq!((p.delay_min_ms, p.delay_max_ms), (5_000, 15_000));
        assert_eq!((p.rest_min_ms, p.rest_max_ms), (30_000, 90_000));
        assert_eq!((p.rest_every_min, p.rest_every_max), (6, 10));
        assert_eq!(p.clamped(), p);
    }

    #[test]
    fn validation_rejects_what_is_out_of_bounds() {
        let base = Pacing::default();
        let bad: Vec<(Pacing, &str)> = vec![
            (
                Pacing {
                    delay_min_ms: 1_999,
                    ..base
                },
                "delay_min_ms",
            ),
            (
                Pacing {
                    delay_min_ms: 0,
                    delay_max_ms: 0,
                    ..base
                },
                "delay_min_ms",
            ),
            (
                Pacing {
                    delay_max_ms: 600_001,
                    ..base
                },
                "delay_max_ms",
            ),
            (
                Pacing {
                    delay_min_ms: 9_000,
                    delay_max_ms: 8_000,
                    ..base
                },
                "delay_min_ms (9000)",
            ),
            (
                Pacing {
                    pause_min_ms: 299,
                    ..base
                },
                "pause_min_ms",
            ),
            (
                Pacing {
                    pause_max_ms: 30_001,
                    ..base
                },
                "pause_max_ms",
            ),
            (
                Pacing {
                    rest_max_ms: 1_800_001,
                    ..base
                },
                "rest_max_ms",
            ),
            (
                Pacing {
                    rest_min_ms: 1_000,
                    ..base
                },
                "rest_min_ms",
            ),
            (
                Pacing {
                    rest_every_min: 0,
                    ..base
                },
                "rest_every_min",
            ),
            (
                Pacing {
                    rest_every_max: 51,
                    ..base
                },
                "rest_every_max",
            ),
            (
                Pacing {
                    rest_every_min: 9,
                    rest_every_max: 8,
                    ..base
                },
                "rest_every_min (9)",
            ),
        ];
        for (p, name) in bad {
            let errors = p.validate().expect_err(name);
            assert!(
                errors.iter().any(|e| e.contains(name)),
                "{name}: {errors:?}"
            );
        }
        let msg = Pacing {
            delay_min_ms: 1_000,
            ..base
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            msg,
            vec!["delay_min_ms must be between 2000 and 600000 ms (got 1000)"]
        );
        let edge = Pacing {
            delay_min_ms: 2_000,
            delay_max_ms: 2_000,
            pause_min_ms: 300,
            pause_max_ms: 300,
            rest_every_min: 1,
            rest_every_max: 50,
            ..base
        };
        assert!(edge.validate().is_ok());
    }

    #[test]
    fn waits_fall_within_their_ranges_and_vary() {
        let p = Pacing::default();
        let mut rng = SeededRng::new(11);
        let mut pacer = Pacer::new(&p, &mut rng);
        let (mut pauses, mut delays, mut rests) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for _ in 0..2_000 {
            let pause = pacer.confirm_pause(&p, &mut rng);
            assert!((600..=2_000).contains(&pause), "{pause}");
            pauses.insert(pause);
            match pacer.after_withdrawal(&p, &mut rng) {
                Wait::Delay(ms) => {
                    assert!((5_000..=15_000).contains(&ms), "{ms}");
                    delays.insert(ms);
                }
                Wait::Rest(ms) => {
                    assert!((30_000..=90_000).contains(&ms), "{ms}");
                    rests.insert(ms);
                }
            }
        }
        assert!(pauses.len() > 100 && delays.len() > 100 && rests.len() > 50);
    }

    #[test]
    fn a_rest_comes_every_six_to_ten_withdrawals() {
        let p = Pacing::default();
        let mut rng = SeededRng::new(5);
        let mut pacer = Pacer::new(&p, &mut rng);
        let mut since = 0;
        let mut gaps = BTreeSet::new();
        for _ in 0..5_000 {
            since += 1;
            if let Wait::Rest(_) = pacer.after_withdrawal(&p, &mut rng) {
                assert!((6..=10).contains(&since), "rest after {since}");
                gaps.insert(since);
                since = 0;
            }
        }
        assert_eq!(gaps.into_iter().collect::<Vec<_>>(), vec![6, 7, 8, 9, 10]);
    }

    #[test]
    fn invalid_settings_never_go_below_the_floors() {
        let p = Pacing {
            pause_min_ms: 0,
            pause_max_ms: 0,
            delay_min_ms: 0,
            delay_max_ms: 10,
            rest_min_ms: 0,
            rest_max_ms: 0,
            rest_every_min: 0,
            rest_every_max: 0,
        };
        let mut rng = SeededRng::new(3);
        let mut pacer = Pacer::new(&p, &mut rng);
        for _ in 0..100 {
            assert!(pacer.confirm_pause(&p, &mut rng) >= 300);
            assert!(pacer.after_withdrawal(&p, &mut rng).ms() >= Pacing::MIN_DELAY_MS);
        }
        let huge = Pacing {
            delay_min_ms: u64::MAX,
            delay_max_ms: 1,
            ..Pacing::default()
        };
        assert_eq!(huge.clamped().delay_min_ms, 600_000);
        assert!(huge.clamped().validate().is_ok());
    }

    #[test]
    fn settings_decode_with_defaults_for_missing_fields() {
        let p: Pacing = serde_json::from_str(r#"{"delay_min_ms": 7000}"#).expect("decode");
        assert_eq!(
            p,
            Pacing {
                delay_min_ms: 7_000,
                ..Pacing::default()
            }
        );
    }

    #[test]
    fn time_scale() {
        assert_eq!(scaled(DIALOG_TIMEOUT_MS, 0.01), DIALOG_TIMEOUT_MS / 100);
        assert_eq!(scaled(ROW_GONE_TIMEOUT_MS, 0.01), ROW_GONE_TIMEOUT_MS / 100);
        assert_eq!(scaled(10_000, 0.01), 100);
        assert_eq!(scaled(15_000, 0.01), 150);
        assert_eq!(scaled(5_000, 1.0), 5_000);
        assert_eq!(scaled(50, 0.01), 1);
        assert_eq!(scaled(0, 1.0), 1);
        assert_eq!(scaled(1_234, 0.01), 12);
        assert_eq!(scaled(5_000, f64::NAN), 5_000);
        assert_eq!(scaled(5_000, 0.0), 5_000);
        assert_eq!(scaled(5_000, -1.0), 5_000);
        assert_eq!(scaled(u64::MAX, 2.0), u64::MAX);
    }
}
