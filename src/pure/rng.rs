//! Chance as an argument: the core never calls a random source itself.

/// A source of uniform numbers in `[0, 1)`. The shell passes `Math.random`; tests pass sequences.
pub trait Rng {
    fn next_f64(&mut self) -> f64;

    /// A whole number uniformly drawn from `lo..=hi` (inclusive). `lo > hi` yields `lo`.
    fn range_u32(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        let span = u64::from(hi - lo) + 1;
        let x = self.next_f64().clamp(0.0, 0.999_999_999_999);
        lo + ((x * span as f64) as u64).min(span - 1) as u32
    }

    /// A duration in milliseconds uniformly drawn from `lo..=hi`.
    fn range_ms(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let x = self.next_f64().clamp(0.0, 1.0);
        lo + ((hi - lo) as f64 * x).round() as u64
    }
}

impl<F: FnMut() -> f64> Rng for F {
    fn next_f64(&mut self) -> f64 {
        self()
    }
}

/// A deterministic generator for tests and for reproducible demos (xorshift64*).
#[derive(Debug, Clone)]
pub struct SeededRng(u64);

impl SeededRng {
    pub fn new(seed: u64) -> Self {
        SeededRng(seed.max(1))
    }
}

impl Rng for SeededRng {
    fn next_f64(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn ranges_stay_inside_their_bounds() {
        let mut r = SeededRng::new(7);
        for _ in 0..10_000 {
            let v = r.range_u32(30, 40);
            assert!((30..=40).contains(&v));
            let d = r.range_ms(5_000, 15_000);
            assert!((5_000..=15_000).contains(&d));
        }
    }

    #[test]
    fn every_cap_value_is_reachable() {
        let mut r = SeededRng::new(3);
        let mut seen = [false; 11];
        for _ in 0..5_000 {
            seen[(r.range_u32(30, 40) - 30) as usize] = true;
        }
        assert!(seen.iter().all(|s| *s), "{seen:?}");
    }

    #[test]
    fn extreme_inputs_do_not_escape() {
        let mut one = || 1.0;
        assert_eq!(one.range_u32(1, 3), 3);
        let mut zero = || 0.0;
        assert_eq!(zero.range_u32(1, 3), 1);
        assert_eq!(zero.range_u32(5, 2), 5);
    }
}
