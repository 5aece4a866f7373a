//! The core's hash maps and sets, keyed with a small 32-bit hasher instead of std's SipHash.
//!
//! Every key the core hashes is a profile path, a name or a message key read from the member's
//! own page and extension: nothing to defend against flooding, so the keyed SipHash buys nothing
//! here. It costs a great deal in the JS build, where wasm2js turns each of its 64-bit rotations
//! into calls on pairs of 32-bit halves: profiled on a cold load of 500 rows, SipHash was a fifth
//! of the compiled core's time (bench/results.md). This hasher works on 32-bit words only.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` keyed with [`WordHasher`]; make one with `Map::default()`.
pub type Map<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
/// A `HashSet` keyed with [`WordHasher`]; make one with `Set::default()`.
pub type Set<T> = HashSet<T, BuildHasherDefault<WordHasher>>;

/// Multiply-rotate over 32-bit words (the scheme of rustc's Fx hash), then murmur3's finaliser,
/// so that both the low bits (the bucket) and the high bits (hashbrown's tag) depend on every byte.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u32);

const SEED: u32 = 0x9e37_79b9;

impl WordHasher {
    #[inline]
    fn add(&mut self, word: u32) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(4);
        for c in &mut chunks {
            self.add(u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 4];
            w[..rest.len()].copy_from_slice(rest);
            // The length tells "ab" from "ab\0".
            self.add(u32::from_le_bytes(w) ^ ((rest.len() as u32) << 29));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u32::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u32);
        #[cfg(target_pointer_width = "64")]
        self.add((n as u64 >> 32) as u32);
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 16;
        h = h.wrapping_mul(0x85eb_ca6b);
        h ^= h >> 13;
        h = h.wrapping_mul(0xc2b2_ae35);
        h ^= h >> 16;
        // hashbrown takes its tag from the top bits of the hash as wide as a pointer: on wasm32
        // those are this word's; natively the word is repeated so the top bits vary as well.
        u64::from(h) | (u64::from(h) << 32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash + ?Sized>(v: &T) -> u64 {
        BuildHasherDefault::<WordHasher>::default().hash_one(v)
    }

    #[test]
    fn equal_keys_hash_alike_and_near_keys_apart() {
        assert_eq!(hash("/in/ana-silva/"), hash(&"/in/ana-silva/".to_string()));
        let keys: Vec<String> = (0..2000).map(|i| format!("/in/member-{i}/")).collect();
        let mut buckets = [0u32; 64];
        let mut tags = [0u32; 128];
        for k in &keys {
            let h = hash(k.as_str()) as u32;
            buckets[(h & 63) as usize] += 1;
            tags[(h >> 25) as usize] += 1;
        }
        // 2,000 keys over 64 buckets: about 31 each; a poor mix piles them into a few.
        assert!(
            buckets.iter().all(|&n| (10..=60).contains(&n)),
            "low bits: {buckets:?}"
        );
        assert!(
            tags.iter().all(|&n| (3..=40).contains(&n)),
            "high bits: {tags:?}"
        );
        let distinct: Set<u64> = keys.iter().map(|k| hash(k.as_str())).collect();
        assert_eq!(distinct.len(), keys.len());
    }

    #[test]
    fn a_trailing_zero_byte_changes_the_hash() {
        assert_ne!(hash(&b"ab"[..]), hash(&b"ab\0"[..]));
        let mut a = WordHasher::default();
        a.write(b"ab");
        let mut b = WordHasher::default();
        b.write(b"ab\0");
        assert_ne!(a.finish(), b.finish());
    }

    #[test]
    fn maps_and_sets_work_as_std_ones() {
        let mut m: Map<String, u32> = Map::default();
        for i in 0..500 {
            m.insert(format!("/in/p{i}/"), i);
        }
        assert_eq!(m.len(), 500);
        assert_eq!(m.get("/in/p499/"), Some(&499));
        assert_eq!(m.get("/in/p500/"), None);
        let s: Set<&str> = ["a", "b", "a"].into_iter().collect();
        assert_eq!(s.len(), 2);
    }
}
