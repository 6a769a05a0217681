//! One test per rule of "Retry pacing" in behaviour.md, driving the public functions.

use super::*;

const O: &str = "https://shop.example";
const MIN: u64 = 60_000;

fn failure(tab_id: TabId, status: u16, trigger: Trigger, now_ms: u64) -> FailureEvent {
    FailureEvent {
        origin: O.into(),
        tab_id,
        status,
        method: "GET".into(),
        retry_after_s: None,
        trigger,
        now_ms,
    }
}

fn retry_at(plan: RetryPlan) -> u64 {
    match plan {
        RetryPlan::Retry { at_ms, .. } => at_ms,
        other => panic!("expected a retry, got {other:?}"),
    }
}

fn reason(plan: RetryPlan) -> NoRetryReason {
    match plan {
        RetryPlan::NoAutoRetry { reason } => reason,
        other => panic!("expected no retry, got {other:?}"),
    }
}

/// Fail, then let every due retry fail too, until the engine stops; returns the retry times.
fn run_outage(status: u16, seed: u64) -> (PacingState, Vec<u64>) {
    run_outage_with(&Settings::default(), status, seed)
}

fn run_outage_with(s: &Settings, status: u16, seed: u64) -> (PacingState, Vec<u64>) {
    let mut st = PacingState::new();
    let mut times = Vec::new();
    let mut plan = on_failure(&mut st, s, &failure(1, status, Trigger::Navigation, 0), seed);
    let mut i = seed;
    while let RetryPlan::Retry { at_ms, .. } = plan {
        assert_eq!(take_due(&mut st, at_ms).len(), 1);
        times.push(at_ms);
        i = i.wrapping_add(1);
        plan = on_failure(&mut st, s, &failure(1, status, Trigger::Retry, at_ms), i);
        assert!(times.len() < 100, "the schedule must end");
    }
    (st, times)
}

#[test]
fn first_retry_never_sooner_than_the_floor() {
    for status in [429, 500, 502, 503, 504, 599] {
        for seed in 0..500 {
            let mut st = PacingState::new();
            let at = retry_at(on_failure(
                &mut st,
                &Settings::default(),
                &failure(1, status, Trigger::Navigation, 1_000),
                seed,
            ));
            assert!(at >= 6_000, "status {status} seed {seed}: {at}");
        }
    }
}

#[test]
fn retries_are_spaced_by_the_floor_capped_and_stop_after_give_up() {
    for status in [502, 503, 504] {
        let (st, times) = run_outage(status, 11);
        let gaps: Vec<u64> = times.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.iter().all(|&g| (5_000..=10 * MIN).contains(&g)), "{status}: {gaps:?}");
        // Scheduled while the failure was younger than 30 min; none after one more cap.
        let last = *times.last().unwrap();
        assert!(last < 40 * MIN && times[times.len() - 2] < 30 * MIN);
        assert_eq!(st.get(O).unwrap().phase, Phase::GaveUp);
        assert!(next_wake(&st).is_none() && due(&st, u64::MAX).is_empty());
    }
}

#[test]
fn waits_never_exceed_the_cap() {
    let s = Settings { cap_s: 60, give_up_s: 3600, ..Settings::default() };
    let (_, times) = run_outage_with(&s, 504, 8);
    let gaps: Vec<u64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.iter().all(|&g| g <= MIN) && gaps.iter().filter(|&&g| g == MIN).count() > 30, "{gaps:?}");
}

#[test]
fn gave_up_stays_given_up_for_user_navigations() {
    let (mut st, times) = run_outage(502, 3);
    let later = times.last().unwrap() + MIN;
    let plan = on_failure(&mut st, &Settings::default(), &failure(2, 502, Trigger::Navigation, later), 1);
    assert_eq!(reason(plan), NoRetryReason::GaveUp);
}

#[test]
fn retry_after_up_to_an_hour_is_honoured_and_longer_means_no_auto_retry() {
    let s = Settings::default();
    for (ra, ok) in [(30, true), (3600, true), (3601, false), (u64::MAX, false)] {
        let mut st = PacingState::new();
        let event = FailureEvent { retry_after_s: Some(ra), ..failure(1, 503, Trigger::Navigation, 1_000) };
        let plan = on_failure(&mut st, &s, &event, 5);
        if ok {
            let at = retry_at(plan);
            assert!(at >= 1_000 + ra * 1000 && at <= 1_000 + ra * 1000 + ra * 200, "{ra}: {at}");
        } else {
            let until_ms = 1_000u64.saturating_add(ra.saturating_mul(1000)).min(253_402_300_799_000);
            assert_eq!(reason(plan), NoRetryReason::RetryAfterTooLong { until_ms });
            assert!(next_wake(&st).is_none());
            // A user navigation before then still gets no retry; one after then does.
            let again = on_failure(&mut st, &s, &failure(1, 503, Trigger::Navigation, 2_000), 5);
            assert_eq!(reason(again), NoRetryReason::RetryAfterTooLong { until_ms });
        }
    }
    // After the server's time has passed, retries resume.
    let mut st = PacingState::new();
    let event = FailureEvent { retry_after_s: Some(7200), ..failure(1, 503, Trigger::Navigation, 0) };
    on_failure(&mut st, &s, &event, 1);
    let plan = on_failure(&mut st, &s, &failure(1, 503, Trigger::Navigation, 7_200_000), 1);
    assert!(matches!(plan, RetryPlan::Retry { .. }));
}

#[test]
fn retry_after_of_zero_still_keeps_the_floor() {
    let mut st = PacingState::new();
    let event = FailureEvent { retry_after_s: Some(0), ..failure(1, 503, Trigger::Navigation, 0) };
    assert!(retry_at(on_failure(&mut st, &Settings::default(), &event, 9)) >= 5_000);
}

#[test]
fn a_post_is_never_retried_nor_reloaded_on_recovery() {
    let s = Settings::default();
    let mut st = PacingState::new();
    for method in ["POST", "PUT", "DELETE", "PATCH", ""] {
        let event = FailureEvent { method: method.into(), ..failure(9, 502, Trigger::Navigation, 0) };
        assert_eq!(reason(on_failure(&mut st, &s, &event, 1)), NoRetryReason::PostMethod);
    }
    assert_eq!(st, PacingState::new());
    // A GET tab of the same origin recovers: the POST tab is not among the tabs to reload.
    on_failure(&mut st, &s, &failure(1, 502, Trigger::Navigation, 0), 1);
    let head = FailureEvent { method: "head".into(), ..failure(2, 502, Trigger::Navigation, 0) };
    assert!(matches!(on_failure(&mut st, &s, &head, 1), RetryPlan::Retry { .. }));
    let rec = on_success(&mut st, O, 1, 30_000).unwrap();
    assert_eq!(rec.tabs_to_reload, vec![2]);
}

#[test]
fn statuses_outside_5xx_and_429_and_disabled_settings_plan_nothing() {
    let mut st = PacingState::new();
    let s = Settings::default();
    assert_eq!(
        reason(on_failure(&mut st, &s, &failure(1, 404, Trigger::Navigation, 0), 1)),
        NoRetryReason::NotRetryableStatus
    );
    let off = Settings { auto_retry: false, ..Settings::default() };
    assert_eq!(
        reason(on_failure(&mut st, &off, &failure(1, 502, Trigger::Navigation, 0), 1)),
        NoRetryReason::Disabled
    );
    assert!(st.origins.is_empty());
}

#[test]
fn tabs_of_one_origin_share_one_schedule_and_one_probe() {
    let s = Settings::default();
    let mut st = PacingState::new();
    let first = retry_at(on_failure(&mut st, &s, &failure(1, 503, Trigger::Navigation, 0), 1));
    let plan = on_failure(&mut st, &s, &failure(2, 503, Trigger::Navigation, 100), 2);
    let RetryPlan::Retry { at_ms, probe_tab_id, attempts, .. } = plan else { panic!() };
    assert_eq!((probe_tab_id, attempts), (1, 2));
    // Joining pushes the plan back (the second tab's request counted), never forward.
    assert!(at_ms >= first && at_ms >= 5_100);
    assert_eq!(st.origins.len(), 1);
    let due_now = take_due(&mut st, at_ms);
    assert_eq!(due_now, vec![DueRetry { origin: O.into(), tab_id: 1, attempts: 2 }]);
    assert!(take_due(&mut st, at_ms).is_empty(), "taken once");
    let rec = on_success(&mut st, O, 1, at_ms + 300).unwrap();
    assert_eq!(rec.tabs_to_reload, vec![2]);
    assert_eq!((rec.incident_duration_ms, rec.attempts, rec.statuses), (at_ms + 300, 2, vec![503]));
    assert!(st.origins.is_empty() && on_success(&mut st, O, 1, 0).is_none());
}

#[test]
fn an_unanswered_probe_is_due_again_after_the_watchdog() {
    let mut st = PacingState::new();
    let at = retry_at(on_failure(&mut st, &Settings::default(), &failure(1, 502, Trigger::Navigation, 0), 1));
    take_due(&mut st, at);
    assert_eq!(next_wake(&st), Some(at + PROBE_WATCHDOG_MS));
    assert_eq!(due(&st, at + PROBE_WATCHDOG_MS).len(), 1);
}

#[test]
fn at_most_max_origins_are_tracked_least_recently_failed_first_out() {
    let s = Settings::default();
    let mut st = PacingState::new();
    for i in 0..(MAX_ORIGINS as u64 + 44) {
        let event = FailureEvent {
            origin: format!("https://s{i}.example"),
            ..failure(1, 502, Trigger::Navigation, i)
        };
        on_failure(&mut st, &s, &event, i);
    }
    assert_eq!(st.origins.len(), MAX_ORIGINS);
    assert!(st.get("https://s43.example").is_none() && st.get("https://s44.example").is_some());
}

#[test]
fn state_survives_a_worker_restart_through_json() {
    let s = Settings::default();
    let mut st = PacingState::new();
    let at = retry_at(on_failure(&mut st, &s, &failure(1, 504, Trigger::Navigation, 0), 77));
    on_manual_reload(&mut st, &s, &ManualReload { origin: O.into(), tab_id: 1, now_ms: 1_000 });
    let stored = serde_json::to_string(&st).unwrap();
    let mut back: PacingState = serde_json::from_str::<PacingState>(&stored).unwrap().normalized();
    assert_eq!(back, st);
    assert_eq!(next_wake(&back), Some(at));
    assert_eq!(take_due(&mut back, at).len(), 1);
}

#[test]
fn plans_serialize_to_tagged_camel_case() {
    let plan = RetryPlan::Retry { at_ms: 5, attempts: 1, probe_tab_id: 3, incident_started_ms: 0 };
    assert_eq!(
        serde_json::to_string(&plan).unwrap(),
        r#"{"kind":"retry","atMs":5,"attempts":1,"probeTabId":3,"incidentStartedMs":0}"#
    );
    let no = RetryPlan::NoAutoRetry { reason: NoRetryReason::RetryAfterTooLong { until_ms: 9 } };
    assert_eq!(
        serde_json::to_string(&no).unwrap(),
        r#"{"kind":"noAutoRetry","reason":{"kind":"retryAfterTooLong","untilMs":9}}"#
    );
    let e: FailureEvent =
        serde_json::from_str(r#"{"origin":"o","tabId":1,"status":502,"method":"GET","nowMs":3}"#).unwrap();
    assert_eq!((e.trigger, e.retry_after_s), (Trigger::Navigation, None));
}

#[test]
fn manual_reloads_count_never_shorten_and_rapid_ones_get_the_notice() {
    let s = Settings::default();
    let mut st = PacingState::new();
    let at = retry_at(on_failure(&mut st, &s, &failure(1, 503, Trigger::Navigation, 0), 4));
    let reload = |st: &mut PacingState, now_ms| {
        on_manual_reload(st, &s, &ManualReload { origin: O.into(), tab_id: 1, now_ms })
    };
    let v1 = reload(&mut st, 1_000);
    assert_eq!((v1.rapid_reload_notice, v1.attempts), (false, 2));
    assert!(v1.next_retry_ms.unwrap() >= at.max(6_000));
    // The reload's own failure is not counted again and pushes the plan back by a backoff.
    let after = retry_at(on_failure(&mut st, &s, &failure(1, 503, Trigger::ManualReload, 1_200), 5));
    assert!(after >= v1.next_retry_ms.unwrap());
    assert!(!reload(&mut st, 12_000).rapid_reload_notice);
    let v3 = reload(&mut st, 25_000);
    assert!(v3.rapid_reload_notice, "3 reloads within 30 s");
    assert_eq!(v3.attempts, 4);
    assert!(v3.next_retry_ms.unwrap() >= 30_000);
    // Spread out, they do not.
    assert!(!reload(&mut st, 70_000).rapid_reload_notice);
    // A reload of an origin that is not failing changes nothing.
    let other = on_manual_reload(
        &mut st,
        &s,
        &ManualReload { origin: "https://x.example".into(), tab_id: 5, now_ms: 0 },
    );
    assert_eq!((other.rapid_reload_notice, other.attempts, other.next_retry_ms), (false, 0, None));
}

#[test]
fn a_tab_seen_again_after_the_floor_retries_at_once() {
    let s = Settings::default();
    let mut st = PacingState::new();
    let at = retry_at(on_failure(&mut st, &s, &failure(1, 504, Trigger::Navigation, 0), 1));
    let at = retry_at(on_failure(&mut st, &s, &failure(1, 504, Trigger::Retry, at), 2));
    // Before the floor: wait. After it: retry now, long before the countdown ends.
    let last = st.get(O).unwrap().last_attempt_ms;
    assert!(on_tab_visible(&mut st, &s, 1, last + 4_999).is_none());
    let now = last + 5_000;
    assert!(now < at);
    assert_eq!(
        on_tab_visible(&mut st, &s, 1, now),
        Some(DueRetry { origin: O.into(), tab_id: 1, attempts: 2 })
    );
    // In flight: no second retry; a tab showing no failure: nothing.
    assert!(on_tab_visible(&mut st, &s, 1, now + 10_000).is_none());
    assert!(on_tab_visible(&mut st, &s, 42, now).is_none());
}

#[test]
fn a_tab_seen_again_still_waits_for_retry_after() {
    let s = Settings::default();
    let mut st = PacingState::new();
    let event = FailureEvent { retry_after_s: Some(120), ..failure(1, 503, Trigger::Navigation, 0) };
    on_failure(&mut st, &s, &event, 1);
    assert!(on_tab_visible(&mut st, &s, 1, 60_000).is_none());
    assert!(on_tab_visible(&mut st, &s, 1, 120_000).is_some());
}

#[test]
fn cancel_stops_and_retry_now_is_always_allowed() {
    let s = Settings::default();
    let mut st = PacingState::new();
    on_failure(&mut st, &s, &failure(1, 502, Trigger::Navigation, 0), 1);
    assert!(cancel(&mut st, O) && !cancel(&mut st, "https://x.example"));
    assert!(next_wake(&st).is_none() && due(&st, u64::MAX).is_empty());
    assert_eq!(
        reason(on_failure(&mut st, &s, &failure(2, 502, Trigger::Navigation, 1_000), 1)),
        NoRetryReason::Cancelled
    );
    // Retry now ignores the floor and the cancel; its failure plans the schedule again.
    assert_eq!(retry_now(&mut st, O, None, 1_500).map(|d| d.tab_id), Some(1));
    assert!(matches!(
        on_failure(&mut st, &s, &failure(1, 502, Trigger::Retry, 2_000), 1),
        RetryPlan::Retry { .. }
    ));
    assert!(retry_now(&mut st, "https://x.example", None, 0).is_none());
}

#[test]
fn closing_the_probe_tab_hands_probing_to_another_tab() {
    let s = Settings::default();
    let mut st = PacingState::new();
    on_failure(&mut st, &s, &failure(1, 502, Trigger::Navigation, 0), 1);
    on_failure(&mut st, &s, &failure(2, 502, Trigger::Navigation, 0), 1);
    forget_tab(&mut st, 1);
    assert_eq!(due(&st, u64::MAX).first().map(|d| d.tab_id), Some(2));
    forget_tab(&mut st, 2);
    assert!(due(&st, u64::MAX).is_empty());
}

#[test]
fn a_failure_long_after_the_last_one_starts_a_new_incident() {
    let s = Settings::default();
    let (mut st, times) = run_outage(502, 1);
    let later = times.last().unwrap() + 21 * MIN;
    let plan = on_failure(&mut st, &s, &failure(1, 502, Trigger::Navigation, later), 1);
    let RetryPlan::Retry { incident_started_ms, attempts, .. } = plan else { panic!("{plan:?}") };
    assert_eq!((incident_started_ms, attempts), (later, 1));
}

#[test]
fn same_inputs_same_plan_and_different_randomness_spreads_users() {
    let plan = |seed| {
        let mut st = PacingState::new();
        retry_at(on_failure(&mut st, &Settings::default(), &failure(1, 502, Trigger::Navigation, 0), seed))
    };
    assert_eq!(plan(5), plan(5));
    let distinct: std::collections::BTreeSet<u64> = (0..100).map(plan).collect();
    assert!(distinct.len() > 90, "no lump on the floor: {distinct:?}");
}

#[test]
fn hostile_numbers_do_not_panic() {
    let wild = Settings {
        floor_s: 0,
        cap_s: u64::MAX,
        give_up_s: u64::MAX,
        rapid_reload_count: 0,
        ..Settings::default()
    };
    let mut st = PacingState::new();
    for now in [0, 1, u64::MAX / 2, u64::MAX - 1, u64::MAX, 3] {
        for ra in [None, Some(0), Some(3600), Some(u64::MAX)] {
            let event = FailureEvent { retry_after_s: ra, ..failure(1, 503, Trigger::Retry, now) };
            let _ = on_failure(&mut st, &wild, &event, now);
            let _ =
                on_manual_reload(&mut st, &wild, &ManualReload { origin: O.into(), tab_id: 1, now_ms: now });
            let _ = on_tab_visible(&mut st, &wild, 1, now);
            let _ = take_due(&mut st, now);
            let _ = retry_now(&mut st, O, Some(u32::MAX), now);
        }
    }
    let _ = on_success(&mut st, O, 1, 0);
}

#[test]
fn an_absurd_retry_after_is_bounded_to_year_9999_not_overflowing() {
    let mut state = PacingState::new();
    let settings = Settings::default();
    let event = FailureEvent {
        origin: "https://x.example".into(),
        tab_id: 1,
        status: 503,
        method: "GET".into(),
        retry_after_s: Some(u64::MAX / 2),
        trigger: Trigger::Navigation,
        now_ms: 1_795_000_000_000,
    };
    let plan = on_failure(&mut state, &settings, &event, 1);
    assert_eq!(
        plan,
        RetryPlan::NoAutoRetry { reason: NoRetryReason::RetryAfterTooLong { until_ms: 253_402_300_799_000 } }
    );
}
