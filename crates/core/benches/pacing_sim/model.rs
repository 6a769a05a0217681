//! The simulated users: Gateway Guard through the real engine, the others as simple reload ladders.

use gateway_guard_core::pacing::rng::SplitMix64;
use gateway_guard_core::pacing::{
    on_failure, on_success, take_due, FailureEvent, PacingState, RetryPlan, Settings, Trigger,
};

/// Chrome's error-page auto-reload ladder, waits in seconds after each failed attempt, no jitter;
/// the last wait repeats.
const CHROME_LADDER_S: [u64; 7] = [1, 5, 30, 60, 300, 600, 1800];

/// Who reloads the page.
pub enum Strategy {
    /// Gateway Guard with default settings, for a failure with this status.
    GatewayGuard(u16),
    /// Chrome's ladder.
    Chrome,
    /// Reload every `n` ms, forever (a fixed auto-reloader, or a person pressing F5).
    Every(u64, &'static str),
}

impl Strategy {
    pub fn all() -> Vec<Strategy> {
        vec![
            Strategy::GatewayGuard(502),
            Strategy::GatewayGuard(503),
            Strategy::GatewayGuard(504),
            Strategy::Chrome,
            Strategy::Every(5_000, "fixed 5 s reloader"),
            Strategy::Every(3_000, "F5 every 3 s"),
        ]
    }

    pub fn name(&self) -> String {
        match self {
            Strategy::GatewayGuard(status) => format!("Gateway Guard ({status})"),
            Strategy::Chrome => "Chrome ladder".into(),
            Strategy::Every(_, name) => (*name).into(),
        }
    }

    pub fn is_gateway_guard(&self) -> bool {
        matches!(self, Strategy::GatewayGuard(_))
    }

    /// Every request one user sends, from its first failure at `t0_ms` to the first success (at or
    /// after `outage_ms`); the last one is missing when the strategy stopped before recovery.
    fn requests(&self, t0_ms: u64, outage_ms: u64, seed: u64) -> Vec<u64> {
        let mut times = vec![t0_ms];
        match self {
            Strategy::GatewayGuard(status) => gateway_guard(*status, t0_ms, outage_ms, seed, &mut times),
            Strategy::Chrome => {
                let mut t = t0_ms;
                let mut step = 0;
                while t < outage_ms {
                    t += CHROME_LADDER_S[step.min(CHROME_LADDER_S.len() - 1)] * 1000;
                    times.push(t);
                    step += 1;
                }
            }
            Strategy::Every(every_ms, _) => {
                let mut t = t0_ms;
                while t < outage_ms {
                    t += every_ms;
                    times.push(t);
                }
            }
        }
        times
    }
}

fn gateway_guard(status: u16, t0_ms: u64, outage_ms: u64, seed: u64, times: &mut Vec<u64>) {
    const ORIGIN: &str = "https://busy.example";
    const TAB: u32 = 1;
    let settings = Settings::default();
    let mut state = PacingState::new();
    let mut rng = SplitMix64::new(seed);
    let event = |trigger, now_ms| FailureEvent {
        origin: ORIGIN.into(),
        tab_id: TAB,
        status,
        method: "GET".into(),
        retry_after_s: None,
        trigger,
        now_ms,
    };
    let mut plan = on_failure(&mut state, &settings, &event(Trigger::Navigation, t0_ms), rng.next_u64());
    while let RetryPlan::Retry { at_ms, .. } = plan {
        let due = take_due(&mut state, at_ms);
        assert_eq!(due.len(), 1, "the alarm at the planned time finds exactly the probe");
        times.push(at_ms);
        if at_ms >= outage_ms {
            assert!(on_success(&mut state, ORIGIN, TAB, at_ms).is_some());
            return;
        }
        plan = on_failure(&mut state, &settings, &event(Trigger::Retry, at_ms), rng.next_u64());
    }
}

/// When users first hit the failure.
#[derive(Clone, Copy)]
pub enum Arrival {
    /// At the outage's start: exactly 0 for `single` (one user, many random seeds), else spread over
    /// the first second (a crowd that was on the site).
    AtStart { single: bool },
    /// Uniformly during the outage.
    Uniform,
}

/// What `users` users of one site did during one outage.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Mean requests per user while the server was failing (the first failure included).
    pub mean_requests: f64,
    /// Mean time from the server's recovery to the page's, over users whose page recovered.
    pub mean_delay_s: f64,
    /// 95th percentile of that delay.
    pub p95_delay_s: f64,
    /// Users whose page never recovered by itself (the strategy stopped first).
    pub gave_up: usize,
    /// All users' requests during the outage divided by its length.
    pub outage_rps: f64,
    /// The most requests in any one second from the recovery on.
    pub peak_rps_after: f64,
}

pub fn simulate(s: &Strategy, outage_ms: u64, arrival: Arrival, users: usize) -> Summary {
    // Seeded from the outage and the strategy's name (FNV-1a), so every run prints the same table.
    let name_hash = s
        .name()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let mut seeds = SplitMix64::new(outage_ms ^ name_hash);
    let mut before = 0usize;
    let mut delays = Vec::with_capacity(users);
    let mut after_bins: Vec<u32> = Vec::new();
    for _ in 0..users {
        let t0 = match arrival {
            Arrival::AtStart { single: true } => 0,
            Arrival::AtStart { single: false } => seeds.below(1000),
            Arrival::Uniform => seeds.below(outage_ms),
        };
        let times = s.requests(t0, outage_ms, seeds.next_u64());
        before += times.iter().filter(|&&t| t < outage_ms).count();
        if let Some(&last) = times.last().filter(|&&t| t >= outage_ms) {
            delays.push(last - outage_ms);
            let bin = ((last - outage_ms) / 1000) as usize;
            if after_bins.len() <= bin {
                after_bins.resize(bin + 1, 0);
            }
            after_bins[bin] += 1;
        }
    }
    delays.sort_unstable();
    let n = users as f64;
    Summary {
        mean_requests: before as f64 / n,
        mean_delay_s: delays.iter().sum::<u64>() as f64 / delays.len().max(1) as f64 / 1000.0,
        p95_delay_s: delays.get(delays.len() * 95 / 100).copied().unwrap_or(0) as f64 / 1000.0,
        gave_up: users - delays.len(),
        outage_rps: before as f64 / (outage_ms as f64 / 1000.0),
        peak_rps_after: after_bins.iter().copied().max().unwrap_or(0) as f64,
    }
}
