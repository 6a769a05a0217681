//! The user's pacing settings and the bounds that keep them safe for the user and for the server.

use serde::{Deserialize, Serialize};

/// Allowed range of [`Settings::floor_s`]: never sooner than the spec's 5 s, never so late that a short
/// blip turns into a minute's wait.
pub const FLOOR_BOUNDS_S: (u64, u64) = (5, 60);
/// Allowed range of [`Settings::cap_s`].
pub const CAP_BOUNDS_S: (u64, u64) = (60, 60 * 60);
/// Allowed range of [`Settings::give_up_s`].
pub const GIVE_UP_BOUNDS_S: (u64, u64) = (5 * 60, 24 * 60 * 60);
/// Allowed range of [`Settings::rapid_reload_count`].
pub const RAPID_RELOAD_COUNT_BOUNDS: (u32, u32) = (2, 10);
/// Allowed range of [`Settings::rapid_reload_window_s`].
pub const RAPID_RELOAD_WINDOW_BOUNDS_S: (u64, u64) = (10, 120);

/// Pacing settings, as stored by the options page. Missing fields take their defaults, and every
/// function of the engine reads them through [`Settings::clamped`], so a hand-edited or corrupt value
/// can never make the extension hammer a server or wait forever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// Automatic retries at all. When off, failures are still shown but nothing reloads by itself.
    pub auto_retry: bool,
    /// Least time between two requests the extension lets a tab send to a failing origin, and the
    /// earliest first retry. Default 5 s.
    pub floor_s: u64,
    /// Longest wait between two automatic retries. Default 10 min.
    pub cap_s: u64,
    /// After this long of failure, automatic retries stop and the panel turns to other fixes. Default 30 min.
    pub give_up_s: u64,
    /// This many manual reloads within [`Settings::rapid_reload_window_s`] show the calm notice. Default 3.
    pub rapid_reload_count: u32,
    /// See [`Settings::rapid_reload_count`]. Default 30 s.
    pub rapid_reload_window_s: u64,
    /// A tab that recovered in the background may raise a notification. Default on. Read by the shell.
    pub notify_on_recovery: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            auto_retry: true,
            floor_s: 5,
            cap_s: 10 * 60,
            give_up_s: 30 * 60,
            rapid_reload_count: 3,
            rapid_reload_window_s: 30,
            notify_on_recovery: true,
        }
    }
}

impl Settings {
    /// The same settings with every number forced into its safe range.
    pub fn clamped(&self) -> Self {
        let within = |v: u64, (lo, hi): (u64, u64)| v.clamp(lo, hi);
        Self {
            auto_retry: self.auto_retry,
            floor_s: within(self.floor_s, FLOOR_BOUNDS_S),
            cap_s: within(self.cap_s, CAP_BOUNDS_S),
            give_up_s: within(self.give_up_s, GIVE_UP_BOUNDS_S),
            rapid_reload_count: self
                .rapid_reload_count
                .clamp(RAPID_RELOAD_COUNT_BOUNDS.0, RAPID_RELOAD_COUNT_BOUNDS.1),
            rapid_reload_window_s: within(self.rapid_reload_window_s, RAPID_RELOAD_WINDOW_BOUNDS_S),
            notify_on_recovery: self.notify_on_recovery,
        }
    }

    /// [`Settings::floor_s`] in milliseconds.
    pub fn floor_ms(&self) -> u64 {
        self.floor_s.saturating_mul(1000)
    }

    /// [`Settings::cap_s`] in milliseconds.
    pub fn cap_ms(&self) -> u64 {
        self.cap_s.saturating_mul(1000)
    }

    /// [`Settings::give_up_s`] in milliseconds.
    pub fn give_up_ms(&self) -> u64 {
        self.give_up_s.saturating_mul(1000)
    }

    /// [`Settings::rapid_reload_window_s`] in milliseconds.
    pub fn rapid_reload_window_ms(&self) -> u64 {
        self.rapid_reload_window_s.saturating_mul(1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_spec_defaults() {
        let s = Settings::default();
        assert_eq!((s.floor_s, s.cap_s, s.give_up_s), (5, 600, 1800));
        assert_eq!((s.rapid_reload_count, s.rapid_reload_window_s), (3, 30));
        assert!(s.auto_retry && s.notify_on_recovery);
        assert_eq!(s.clamped(), s);
    }

    #[test]
    fn clamped_forces_every_number_into_its_bounds() {
        let wild = Settings {
            floor_s: 0,
            cap_s: u64::MAX,
            give_up_s: 1,
            rapid_reload_count: 0,
            rapid_reload_window_s: u64::MAX,
            ..Settings::default()
        };
        let c = wild.clamped();
        assert_eq!((c.floor_s, c.cap_s, c.give_up_s), (5, 3600, 300));
        assert_eq!((c.rapid_reload_count, c.rapid_reload_window_s), (2, 120));
        let high = Settings { floor_s: 999, rapid_reload_count: 99, ..Settings::default() }.clamped();
        assert_eq!((high.floor_s, high.rapid_reload_count), (60, 10));
        // The bounds themselves keep floor <= cap <= give-up.
        assert!(FLOOR_BOUNDS_S.1 <= CAP_BOUNDS_S.0 && CAP_BOUNDS_S.1 <= GIVE_UP_BOUNDS_S.1);
    }

    #[test]
    fn missing_fields_take_defaults_and_names_are_camel_case() {
        let s: Settings = serde_json::from_str(r#"{"floorS": 8}"#).unwrap();
        assert_eq!(s, Settings { floor_s: 8, ..Settings::default() });
        let json = serde_json::to_string(&Settings::default()).unwrap();
        assert!(json.contains("\"giveUpS\":1800") && json.contains("\"rapidReloadWindowS\":30"));
    }
}
