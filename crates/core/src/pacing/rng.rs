//! A tiny deterministic random source, so the core needs no `rand` crate and every schedule can be
//! replayed in a test from the value the shell passed in.

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// one add and a 64-bit finalizer per draw. Any seed works, including 0 and small or sequential values
/// from JS (`Math.random() * 2 ** 53`), because the finalizer spreads every input bit over the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform draw from `[0, 2^32)`, used as a fraction `x / 2^32` of a unit interval.
    pub fn next_fraction(&mut self) -> u32 {
        // The high bits of SplitMix64 are as good as the low ones; take them for clarity.
        (self.next_u64() >> 32) as u32
    }

    /// A uniform draw from `[0, span)`; 0 when `span` is 0. Multiply-shift instead of `%`, which is
    /// unbiased enough here (spans are milliseconds, far below 2^32) and cannot divide by zero.
    pub fn below(&mut self, span: u64) -> u64 {
        ((u128::from(span) * u128::from(self.next_fraction())) >> 32) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_sequence() {
        // First outputs for seed 1234567 of the reference C implementation (prng.di.unimi.it/splitmix64.c).
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn below_stays_in_range_and_handles_zero() {
        let mut r = SplitMix64::new(0);
        assert_eq!(r.below(0), 0);
        for _ in 0..1000 {
            assert!(r.below(7) < 7);
        }
        assert!(r.below(u64::MAX) < u64::MAX);
    }

    #[test]
    fn same_seed_same_draws() {
        let (mut a, mut b) = (SplitMix64::new(42), SplitMix64::new(42));
        assert_eq!(a.next_u64(), b.next_u64());
    }
}
