//! One stable sort for the whole core: a merge sort of indices with the comparison behind
//! `&mut dyn FnMut`, so the wasm keeps a single copy instead of the standard library's sort
//! instantiated once per element type and closure (the content core carried seven, ~30 KB).

use std::cmp::Ordering;

/// The indices `0..n` in the stable order `cmp` gives (equal elements keep their order).
pub fn sorted_indices(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b: Vec<usize> = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                // Take from the right only when strictly smaller: stability.
                if cmp(a[j], a[i]) == Ordering::Less {
                    b[k] = a[j];
                    j += 1;
                } else {
                    b[k] = a[i];
                    i += 1;
                }
                k += 1;
            }
            b[k..k + (mid - i)].copy_from_slice(&a[i..mid]);
            k += mid - i;
            b[k..k + (end - j)].copy_from_slice(&a[j..end]);
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Sorts `v` stably by `cmp` (the standard `sort_by`, through [`sorted_indices`]).
pub fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_indices(v.len(), &mut |i, j| cmp(&v[i], &v[j]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_cases() {
        let mut v: Vec<u8> = Vec::new();
        sort_by(&mut v, |a, b| a.cmp(b));
        assert!(v.is_empty());
        let mut v = vec![3, 1, 2];
        sort_by(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, [1, 2, 3]);
        assert_eq!(sorted_indices(1, &mut |_, _| Ordering::Equal), [0]);
    }

    proptest! {
        /// The same order as the standard library's stable sort, ties included.
        #[test]
        fn equals_the_standard_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v.clone();
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }
    }
}
