//! `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date.
//!
//! The engine takes the header already turned into seconds ([`super::FailureEvent::retry_after_s`]);
//! this module does that conversion for the shell and the diagnosis.

/// Seconds to wait according to a `Retry-After` value, or `None` when it is neither form.
///
/// An HTTP-date is measured from the response's `Date` header when there is a valid one (the server's
/// own clock, so a skewed client clock does not matter), else from `now_ms`. A date in the past means
/// 0 s. Delay-seconds too large for a `u64` saturate.
///
/// ```
/// use gateway_guard_core::pacing::retry_after_seconds;
///
/// assert_eq!(retry_after_seconds("120", None, 0), Some(120));
/// let date = Some("Sun, 06 Nov 1994 08:49:37 GMT");
/// assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:51:37 GMT", date, 0), Some(120));
/// assert_eq!(retry_after_seconds("soon", None, 0), None);
/// ```
pub fn retry_after_seconds(value: &str, date_header: Option<&str>, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // delay-seconds = 1*DIGIT; a value beyond u64 is "very long", not garbage.
        return Some(value.parse::<u64>().unwrap_or(u64::MAX));
    }
    let at = http_date_seconds(value)?;
    let reference = date_header.and_then(http_date_seconds).unwrap_or(now_ms / 1000);
    Some(at.saturating_sub(reference))
}

/// Seconds since the Unix epoch of an HTTP-date in any of the three forms a recipient must accept
/// (RFC 9110 §5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850 form
/// `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`. The weekday is not checked.
pub fn http_date_seconds(text: &str) -> Option<u64> {
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    let (day, month, year, clock) = match words.as_slice() {
        [_, d, m, y, clock, "GMT"] => (d.parse().ok()?, month_number(m)?, y.parse().ok()?, *clock),
        [_, dmy, clock, "GMT"] => {
            let mut parts = dmy.split('-');
            let d = parts.next()?.parse().ok()?;
            let m = month_number(parts.next()?)?;
            let y: u64 = parts.next()?.parse().ok()?;
            if parts.next().is_some() {
                return None;
            }
            // RFC 9110 §5.6.7 reads a two-digit year as the most recent one with those digits that is not
            // more than 50 years ahead; a fixed 1970 pivot gives the same answer until 2020 + 50.
            let y = match y {
                0..=69 => 2000 + y,
                70..=99 => 1900 + y,
                _ => y,
            };
            (d, m, y, *clock)
        }
        [_, m, d, clock, y] => (d.parse().ok()?, month_number(m)?, y.parse().ok()?, *clock),
        _ => return None,
    };
    let mut hms = clock.split(':').map(|p| p.parse::<u64>().ok());
    let (h, mi, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || h > 23 || mi > 59 || s > 60 || !(1..=31).contains(&day) || year < 1970 {
        return None;
    }
    let days = days_from_civil(year, month, day)?;
    Some(days.saturating_mul(86_400).saturating_add(h * 3600 + mi * 60 + s))
}

fn month_number(name: &str) -> Option<u64> {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    MONTHS.iter().position(|m| *m == name).map(|i| i as u64 + 1)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`), for
/// years from 1970 on; `None` past year 9999, which no honest server sends.
fn days_from_civil(year: u64, month: u64, day: u64) -> Option<u64> {
    if year > 9999 {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).checked_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPOCH_1994: u64 = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT

    #[test]
    fn reads_all_three_date_forms() {
        assert_eq!(http_date_seconds("Sun, 06 Nov 1994 08:49:37 GMT"), Some(EPOCH_1994));
        assert_eq!(http_date_seconds("Sunday, 06-Nov-94 08:49:37 GMT"), Some(EPOCH_1994));
        assert_eq!(http_date_seconds("Sun Nov  6 08:49:37 1994"), Some(EPOCH_1994));
        assert_eq!(http_date_seconds("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(http_date_seconds("Tue, 29 Feb 2028 12:00:00 GMT"), Some(1_835_438_400));
        // A two-digit year is this century's unless that would be more than 50 years ahead.
        assert_eq!(http_date_seconds("Tuesday, 29-Feb-28 12:00:00 GMT"), Some(1_835_438_400));
    }

    #[test]
    fn rejects_malformed_dates_without_panicking() {
        for bad in [
            "",
            "GMT",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 99999999999999999999 08:49:37 GMT",
            "Sun, 06-Nov-94-1 08:49:37 GMT",
            "Sun, 06 Nov 1969 08:49:37 GMT",
        ] {
            assert_eq!(http_date_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn delay_seconds_and_dates_become_seconds() {
        assert_eq!(retry_after_seconds(" 30 ", None, 0), Some(30));
        assert_eq!(retry_after_seconds("99999999999999999999999", None, 0), Some(u64::MAX));
        assert_eq!(retry_after_seconds("-5", None, 0), None);
        assert_eq!(retry_after_seconds("1.5", None, 0), None);
        // Against the client clock when there is no Date header.
        let now_ms = EPOCH_1994 * 1000;
        assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 09:49:37 GMT", None, now_ms), Some(3600));
        // Against the server's Date when there is one, whatever the client clock says.
        let date = Some("Sun, 06 Nov 1994 08:00:00 GMT");
        assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:01:00 GMT", date, 0), Some(60));
        // A date in the past means now.
        assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:00:00 GMT", None, now_ms), Some(0));
    }
}
