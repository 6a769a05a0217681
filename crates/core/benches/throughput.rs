//! Throughput of the core's three hot decisions on one core: diagnoses of a realistic 502 (20 headers,
//! an 8 KiB nginx error page behind CloudFront: `tests/bench/facts-502.json`, the same input
//! `tests/bench/boundary.mjs` sends through the wasm boundary), form classifications of a checkout
//! form, and pacing decisions. Plain `Instant` loops: no bench framework to build.
//!
//!   cargo bench -p gateway-guard-core --bench throughput
//!   cargo bench -p gateway-guard-core --bench throughput -- diagnose    (one figure, e.g. under perf)
//!
//! Each figure is the median of 7 rounds of ~0.3 s after a warm-up, timed by the thread's on-CPU time
//! where Linux reports it (shared machines), else by wall time. Goal (issue 8.5): at least
//! 100,000 diagnoses per second.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use gateway_guard_core::diagnosis::{diagnose, Facts, Vendor};
use gateway_guard_core::form::{assess_form, FieldDescription, FormDescription, Risk};
use gateway_guard_core::pacing::{self, FailureEvent, PacingState, Settings, Trigger};

const FACTS_502: &str = include_str!("../../../tests/bench/facts-502.json");
const ROUNDS: usize = 7;
const ROUND_TIME: Duration = Duration::from_millis(300);

/// This thread's time on a CPU, in ns (Linux: `/proc/thread-self/schedstat`, first field). The
/// machines this runs on are shared, so wall time would count the time other processes held the core.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// A clock: on-CPU time where the OS reports it, else wall time.
struct Clock {
    wall: Instant,
    cpu: Option<u64>,
}

impl Clock {
    fn start() -> Clock {
        Clock { wall: Instant::now(), cpu: cpu_ns() }
    }
    fn seconds(&self) -> f64 {
        match (self.cpu, cpu_ns()) {
            (Some(start), Some(now)) => now.saturating_sub(start) as f64 / 1e9,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}

/// Operations per second: median over rounds, each round running `op` in batches for ROUND_TIME.
fn per_second(mut op: impl FnMut()) -> f64 {
    let warm = Instant::now();
    while warm.elapsed() < ROUND_TIME {
        op();
    }
    let mut rates: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let clock = Clock::start();
            let mut n = 0u64;
            while clock.seconds() < ROUND_TIME.as_secs_f64() {
                for _ in 0..64 {
                    op();
                }
                n += 64;
            }
            n as f64 / clock.seconds()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[ROUNDS / 2]
}

fn checkout_form() -> FormDescription {
    let field = |name: &str, input_type: &str, autocomplete: &str, label: &str| FieldDescription {
        name: name.into(),
        input_type: input_type.into(),
        autocomplete: autocomplete.into(),
        label: label.into(),
        id: None,
    };
    FormDescription {
        origin: "https://shop.example".into(),
        action: "/checkout/order-received".into(),
        method: "post".into(),
        fields: vec![
            field("billing_first_name", "text", "given-name", "First name"),
            field("billing_last_name", "text", "family-name", "Last name"),
            field("billing_address_1", "text", "address-line1", "Street address"),
            field("billing_city", "text", "address-level2", "Town / City"),
            field("billing_postcode", "text", "postal-code", "Postcode / ZIP"),
            field("billing_email", "email", "email", "Email address"),
            field("cardnumber", "text", "cc-number", "Card number"),
            field("exp-date", "text", "cc-exp", "Expiration date (MM / YY)"),
            field("cvc", "text", "cc-csc", "Security code"),
            field("terms", "checkbox", "", "I have read and agree to the website terms and conditions"),
        ],
        submit_texts: vec!["Place order".into()],
        heading_text: Some("Your order".into()),
    }
}

fn bench_diagnose() -> f64 {
    let facts: Facts = serde_json::from_str(FACTS_502).expect("tests/bench/facts-502.json is Facts");
    let d = diagnose(&facts);
    assert_eq!(d.vendor, Vendor::Nginx, "the bench input is the nginx 502 it claims to be");
    per_second(|| {
        black_box(diagnose(black_box(&facts)));
    })
}

fn bench_form() -> f64 {
    let form = checkout_form();
    assert_eq!(assess_form(&form).risk, Risk::Payment);
    per_second(|| {
        black_box(assess_form(black_box(&form)));
    })
}

/// A retry failing again for one of 8 failing origins. The state is cloned per call (so the schedule
/// does not run away); the clone alone is measured too.
fn bench_pacing() -> (f64, f64) {
    let settings = Settings::default();
    let mut state = PacingState::new();
    let event = |i: u64, now_ms: u64| FailureEvent {
        origin: format!("https://site{i}.example"),
        tab_id: u32::try_from(i).unwrap() + 1,
        status: 502,
        method: "GET".into(),
        retry_after_s: None,
        trigger: Trigger::Navigation,
        now_ms,
    };
    for i in 0..8 {
        pacing::on_failure(&mut state, &settings, &event(i, 1_700_000_000_000), i);
    }
    let mut retry = event(3, 1_700_000_000_000);
    retry.trigger = Trigger::Retry;
    let mut now = 1_700_000_000_000u64;
    let mut rand = 0u64;
    let decisions = per_second(|| {
        now += 7_000;
        rand = rand.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        retry.now_ms = now;
        let mut s = state.clone();
        black_box(pacing::on_failure(&mut s, &settings, black_box(&retry), rand));
    });
    let clones = per_second(|| {
        black_box(state.clone());
    });
    (decisions, clones)
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument names the figures to run.
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let clock = if cpu_ns().is_some() { "on-CPU time of the thread" } else { "wall time" };
    println!(
        "Core throughput, one thread (median of {ROUNDS} rounds of {} ms, {clock}):",
        ROUND_TIME.as_millis()
    );
    if wanted("diagnose") {
        let rate = bench_diagnose();
        let verdict = if rate >= 100_000.0 { "met" } else { "NOT met" };
        println!(
            "  diagnose, 502 with 20 headers, 8 KiB page  {rate:>10.0} /s  {:>7.2} us  (goal 100,000/s: {verdict})",
            1e6 / rate
        );
    }
    if wanted("form") {
        let rate = bench_form();
        println!("  assess_form, 10-field checkout form        {rate:>10.0} /s  {:>7.2} us", 1e6 / rate);
    }
    if wanted("pacing") {
        let (rate, clones) = bench_pacing();
        println!(
            "  pacing on_failure, 8 origins tracked       {rate:>10.0} /s  {:>7.2} us  (with a state clone; the clone alone: {:.2} us)",
            1e6 / rate,
            1e6 / clones
        );
    }
}
