//! The backoff schedule: how long to wait after a failed request, given the status and how long the
//! outage has lasted.
//!
//! # Shape
//! The nominal wait is `max(first, growth × elapsed)`: a status-dependent first wait, then a fixed share
//! of how long the outage has lasted. Retry times thus form a geometric ladder, each about
//! `r = 1 + 0.75 × growth` times the previous once jittered (1.56 for a 502), which is exponential
//! backoff keyed on elapsed time rather than on an attempt counter, so that manual reloads, extra tabs
//! or a restarted worker cannot skew it. Why proportional: outage lengths are heavy-tailed, and for such
//! lengths the time still to go grows with the time already gone, so the useful probing rate falls as
//! `1 / elapsed`. A recovery lands at a random point of a rung and is noticed on average about
//! `(r - 1) / ln r - 1` of the outage late (26 % for r = 1.56), at a cost of about
//! `ln(outage / first) / ln r` requests. `first` keeps the early tries dense: under half a minute, 35 %
//! of the outage is less than the floor.
//!
//! # Jitter
//! The AWS Architecture Blog's "Exponential Backoff And Jitter" (Marc Brooker, 2015) compares full
//! jitter (`random(0, wait)`), equal jitter (`wait/2 + random(0, wait/2)`) and decorrelated jitter, and
//! shows that any of them breaks up clients that failed together, full jitter doing so with the least
//! total work when clients contend for one resource. Our clients do not contend: each polls a server
//! until it recovers, and the cost of a long wait is the user's delay, which grows with
//! `E[wait²] / E[wait]`: full jitter costs a third more delay than a fixed wait for the same number of
//! requests, equal jitter 4 %. Equal jitter still spreads users who failed in the same second over half
//! a rung at every step, so they drift apart quickly (the simulation shows no burst after recovery). We
//! draw uniformly from `[max(floor, wait/2), wait]` (never clamping onto the floor, which would put a
//! share of the users on the same instant), then apply the cap, so a very long outage is probed
//! exactly every `cap` with the phases the earlier jitter spread. Decorrelated jitter was rejected
//! because its random walk gives some users waits several times the median.
//!
//! # Status
//! Per status class, `first` and `growth` differ; see [`StatusClass::profile`].

use serde::{Deserialize, Serialize};

use super::rng::SplitMix64;
use super::settings::Settings;

/// How a failure's status shapes its schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusClass {
    /// 502 and the other retryable 5xx: the gateway could not get an answer from the origin. Answering
    /// costs the gateway little, so probes may come a bit more often.
    BadGateway,
    /// 503: maintenance or shedding load; it usually clears quickly, so the first retry comes sooner,
    /// but an overloaded server is then probed less often.
    Unavailable,
    /// 429: the site limits this client; treated like 503 (and usually sends Retry-After).
    TooManyRequests,
    /// 504: the origin is too slow to answer; every probe ties up a worker until the timeout, so it is
    /// probed least often.
    GatewayTimeout,
}

/// The schedule's numbers for one [`StatusClass`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// Least nominal wait, in ms: the first tries are jittered over `[floor, first]`.
    pub first_ms: u64,
    /// Nominal wait as a share of the outage so far, in thousandths (750 = 75 %).
    pub growth_permille: u64,
    /// The share of the nominal wait that jitter may remove, in thousandths (500 = equal jitter).
    pub jitter_permille: u64,
}

impl StatusClass {
    /// The class of a status the spec retries (any 5xx, and 429), or `None`.
    pub fn of(status: u16) -> Option<Self> {
        match status {
            503 => Some(Self::Unavailable),
            504 => Some(Self::GatewayTimeout),
            429 => Some(Self::TooManyRequests),
            500..=599 => Some(Self::BadGateway),
            _ => None,
        }
    }

    /// The numbers for this class. Tuned with `cargo bench -p gateway-guard-core --bench pacing_sim`
    /// (see BENCHMARKS.md) against: recovery noticed within max(10 s, 35 % of the outage) on average,
    /// at most 8 requests in a 2-min outage and 15 in a 30-min one.
    pub fn profile(self) -> Profile {
        match self {
            Self::BadGateway => Profile { first_ms: 10_000, growth_permille: 750, jitter_permille: 500 },
            Self::Unavailable | Self::TooManyRequests => {
                Profile { first_ms: 8_000, growth_permille: 800, jitter_permille: 500 }
            }
            Self::GatewayTimeout => Profile { first_ms: 10_000, growth_permille: 850, jitter_permille: 500 },
        }
    }
}

/// The wait before the next automatic retry after a failure `elapsed_ms` into the outage, for
/// `settings` already clamped: jittered above the floor, then
/// capped.
pub fn backoff_ms(class: StatusClass, elapsed_ms: u64, settings: &Settings, rng: &mut SplitMix64) -> u64 {
    let p = class.profile();
    let floor = u128::from(settings.floor_ms());
    let grown = u128::from(elapsed_ms) * u128::from(p.growth_permille) / 1000;
    let nominal = u128::from(p.first_ms).max(grown).max(floor);
    // Uniform over [max(floor, nominal·(1 - jitter)), nominal]: jittering above the floor rather than
    // clamping afterwards, so that no share of the users lands on exactly the floor together.
    let low = (nominal - nominal * u128::from(p.jitter_permille.min(1000)) / 1000).max(floor);
    let wait = low + (((nominal - low) * u128::from(rng.next_fraction())) >> 32);
    u64::try_from(wait).unwrap_or(u64::MAX).min(settings.cap_ms()).max(settings.floor_ms())
}

/// Extra wait added after a `Retry-After` of `retry_after_ms`, drawn from `[0, max(floor, 20 %))`, so
/// that users who got the same header at the same moment do not all come back in the same second. The
/// header says "no sooner than", so waiting a little longer is allowed.
pub fn retry_after_spread_ms(retry_after_ms: u64, settings: &Settings, rng: &mut SplitMix64) -> u64 {
    rng.below(settings.floor_ms().max(retry_after_ms / 5))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draws(class: StatusClass, elapsed_ms: u64) -> Vec<u64> {
        let s = Settings::default();
        let mut rng = SplitMix64::new(7);
        (0..2000).map(|_| backoff_ms(class, elapsed_ms, &s, &mut rng)).collect()
    }

    #[test]
    fn statuses_map_to_classes() {
        assert_eq!(StatusClass::of(503), Some(StatusClass::Unavailable));
        assert_eq!(StatusClass::of(429), Some(StatusClass::TooManyRequests));
        assert_eq!(StatusClass::of(504), Some(StatusClass::GatewayTimeout));
        assert_eq!(StatusClass::of(502), Some(StatusClass::BadGateway));
        assert_eq!(StatusClass::of(500), Some(StatusClass::BadGateway));
        for not_retried in [0, 200, 404, 428, 600, u16::MAX] {
            assert_eq!(StatusClass::of(not_retried), None);
        }
    }

    #[test]
    fn first_wait_respects_the_floor_and_is_jittered() {
        let d = draws(StatusClass::Unavailable, 0);
        assert!(d.iter().all(|&w| (5_000..=8_000).contains(&w)));
        let d = draws(StatusClass::GatewayTimeout, 0);
        assert!(d.iter().all(|&w| (5_000..=10_000).contains(&w)));
        let (lo, hi) = (d.iter().min().unwrap(), d.iter().max().unwrap());
        assert!(hi - lo > 4_000, "waits should spread over the jitter range, got {lo}..{hi}");
    }

    #[test]
    fn a_503_starts_sooner_than_a_502() {
        let mean = |v: Vec<u64>| v.iter().sum::<u64>() / v.len() as u64;
        assert!(mean(draws(StatusClass::Unavailable, 0)) < mean(draws(StatusClass::BadGateway, 0)));
    }

    #[test]
    fn waits_grow_with_the_outage_and_stop_at_the_cap() {
        let early = draws(StatusClass::BadGateway, 60_000);
        let late = draws(StatusClass::BadGateway, 600_000);
        assert!(early.iter().max() < late.iter().min());
        assert!(draws(StatusClass::BadGateway, 3_600_000).iter().all(|&w| w == 600_000));
        assert!(draws(StatusClass::GatewayTimeout, u64::MAX).iter().all(|&w| w == 600_000));
    }

    #[test]
    fn a_custom_floor_and_cap_hold() {
        let s = Settings { floor_s: 60, cap_s: 60, ..Settings::default() }.clamped();
        let mut rng = SplitMix64::new(1);
        for elapsed in [0, 1, 30_000, u64::MAX] {
            assert_eq!(backoff_ms(StatusClass::Unavailable, elapsed, &s, &mut rng), 60_000);
        }
    }

    #[test]
    fn retry_after_spread_is_bounded() {
        let s = Settings::default();
        let mut rng = SplitMix64::new(3);
        for _ in 0..1000 {
            assert!(retry_after_spread_ms(10_000, &s, &mut rng) < 5_000);
            assert!(retry_after_spread_ms(600_000, &s, &mut rng) < 120_000);
        }
    }
}
