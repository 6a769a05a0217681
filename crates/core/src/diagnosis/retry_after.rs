//! `Retry-After` (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date (§5.6.7) measured from the
//! response's own `Date` header when it has one (so a skewed local clock does not matter), else from
//! the time the response arrived. The date parser is hand-written: three fixed formats do not justify a
//! date crate in the core.

/// Seconds to wait, from the response. `None` when the value is absent, garbage, in the past, or too
/// large to represent; also for an HTTP-date when neither `Date` nor the arrival time is known.
pub(crate) fn seconds(value: &str, date_header: Option<&str>, received_at_ms: Option<u64>) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // delta-seconds = 1*DIGIT; more digits than u64 holds is an overflow, not a huge wait.
        return value.parse::<u64>().ok();
    }
    let base = reference(date_header, received_at_ms)?;
    let at = http_date(value, Some(base))?;
    u64::try_from(at.checked_sub(base)?).ok()
}

/// Whether `value` is a valid HTTP-date before the reference time (the `Date` header, else the
/// arrival): what [`seconds`] leaves as `None` but a scheduler reads as "retry now" (RFC 9110 §10.2.3
/// gives no wait for a date already past).
pub(crate) fn is_past_date(value: &str, date_header: Option<&str>, received_at_ms: Option<u64>) -> bool {
    let Some(base) = reference(date_header, received_at_ms) else { return false };
    http_date(value.trim(), Some(base)).is_some_and(|at| at < base)
}

/// The time an HTTP-date is measured from, in epoch seconds: the response's valid `Date`, else its
/// arrival.
fn reference(date_header: Option<&str>, received_at_ms: Option<u64>) -> Option<i64> {
    date_header
        .and_then(|d| http_date(d, None))
        .or_else(|| received_at_ms.and_then(|ms| i64::try_from(ms / 1000).ok()))
}

/// Parses an HTTP-date into seconds since the Unix epoch. `reference` (epoch seconds) resolves the
/// two-digit year of the obsolete RFC 850 form: RFC 9110 §5.6.7 says a year that appears more than 50
/// years in the future is the most recent past year with those digits.
pub(crate) fn http_date(s: &str, reference: Option<i64>) -> Option<i64> {
    let s = s.trim();
    if s.len() > 64 {
        return None;
    }
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        [wd, day, mon, year, time, "GMT"] if weekday(wd, false) && year.len() == 4 => {
            civil_to_epoch(num(year)?, month(mon)?, num(day)?, time_of_day(time)?)
        }
        // rfc850-date: Sunday, 06-Nov-94 08:49:37 GMT
        [wd, dmy, time, "GMT"] if weekday(wd, true) => {
            let mut parts = dmy.split('-');
            let (day, mon, yy) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() || yy.len() != 2 {
                return None;
            }
            let year = full_year(num(yy)?, reference);
            civil_to_epoch(year, month(mon)?, num(day)?, time_of_day(time)?)
        }
        // asctime-date: Sun Nov  6 08:49:37 1994
        [wd, mon, day, time, year] if weekday(wd, false) && year.len() == 4 => {
            civil_to_epoch(num(year)?, month(mon)?, num(day)?, time_of_day(time)?)
        }
        _ => None,
    }
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn weekday(s: &str, long: bool) -> bool {
    const SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const LONG: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    if long {
        LONG.contains(&s)
    } else {
        SHORT.contains(&s)
    }
}

fn month(s: &str) -> Option<i64> {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let i = MONTHS.iter().position(|m| *m == s)?;
    i64::try_from(i + 1).ok()
}

fn time_of_day(s: &str) -> Option<i64> {
    let mut parts = s.split(':');
    let (h, m, sec) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || h.len() != 2 || m.len() != 2 || sec.len() != 2 {
        return None;
    }
    let (h, m, sec) = (num(h)?, num(m)?, num(sec)?);
    // 60 is a leap second, which the grammar allows.
    (h < 24 && m < 60 && sec <= 60).then_some(h * 3600 + m * 60 + sec)
}

fn full_year(yy: i64, reference: Option<i64>) -> i64 {
    let ref_year = reference.map_or(2000, year_of);
    let century = ref_year - ref_year.rem_euclid(100);
    let mut year = century + yy;
    if year > ref_year + 50 {
        year -= 100;
    }
    year
}

/// Seconds since the Unix epoch for a proleptic Gregorian date and a time of day in seconds; `None`
/// for an impossible date (31 Feb) or a year outside 1..=9999.
pub(crate) fn civil_to_epoch(year: i64, month: i64, day: i64, seconds_of_day: i64) -> Option<i64> {
    if !(1..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + seconds_of_day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01, counting in 400-year eras of 146 097 days with the year starting in March so
/// the leap day falls at its end.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn year_of(epoch: i64) -> i64 {
    // Approximate is enough for the 50-year window; step back if the estimate overshot.
    let mut year = 1970 + epoch.div_euclid(31_556_952);
    while year > 1 && days_from_civil(year, 1, 1) * 86_400 > epoch {
        year -= 1;
    }
    year
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 9110 §5.6.7's example instant, in its three forms.
    const EPOCH_1994: i64 = 784_111_777;

    #[test]
    fn the_three_date_forms_agree() {
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 GMT", None), Some(EPOCH_1994));
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT", Some(EPOCH_1994)), Some(EPOCH_1994));
        assert_eq!(http_date("Sun Nov  6 08:49:37 1994", None), Some(EPOCH_1994));
    }

    #[test]
    fn epoch_and_leap_days() {
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT", None), Some(0));
        assert_eq!(http_date("Thu, 29 Feb 2024 12:00:00 GMT", None), Some(1_709_208_000));
        assert_eq!(http_date("Thu, 29 Feb 2023 12:00:00 GMT", None), None);
        assert_eq!(http_date("Wed, 31 Apr 2024 12:00:00 GMT", None), None);
    }

    #[test]
    fn rfc850_two_digit_year_is_at_most_50_years_ahead() {
        let in_2030 = http_date("Tue, 01 Jan 2030 00:00:00 GMT", None);
        assert_eq!(full_year(94, in_2030), 2094 - 100);
        assert_eq!(full_year(60, in_2030), 2060);
        assert_eq!(full_year(99, in_2030), 1999);
    }

    #[test]
    fn delta_seconds() {
        assert_eq!(seconds("120", None, None), Some(120));
        assert_eq!(seconds(" 5 ", None, None), Some(5));
        assert_eq!(seconds("0", None, None), Some(0));
        assert_eq!(seconds("99999999999999999999999", None, None), None);
        assert_eq!(seconds("-5", None, None), None);
        assert_eq!(seconds("5s", None, None), None);
        assert_eq!(seconds("1.5", None, None), None);
        assert_eq!(seconds("", None, None), None);
    }

    #[test]
    fn http_date_relative_to_the_date_header() {
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(seconds("Sun, 06 Nov 1994 08:51:37 GMT", Some(date), None), Some(120));
        // The Date header wins over the (skewed) local arrival time.
        assert_eq!(seconds("Sun, 06 Nov 1994 08:51:37 GMT", Some(date), Some(1_000)), Some(120));
        assert_eq!(seconds("Sunday, 06-Nov-94 08:50:37 GMT", Some(date), None), Some(60));
        assert_eq!(seconds("Sun Nov  6 08:49:47 1994", Some(date), None), Some(10));
    }

    #[test]
    fn http_date_relative_to_arrival_without_date_header() {
        let received = u64::try_from(EPOCH_1994).unwrap() * 1000 + 999;
        assert_eq!(seconds("Sun, 06 Nov 1994 08:50:07 GMT", None, Some(received)), Some(30));
        assert_eq!(seconds("Sun, 06 Nov 1994 08:50:07 GMT", Some("garbage"), Some(received)), Some(30));
        assert_eq!(seconds("Sun, 06 Nov 1994 08:50:07 GMT", None, None), None);
    }

    #[test]
    fn past_dates_and_garbage_are_none() {
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(seconds("Sun, 06 Nov 1994 08:48:37 GMT", Some(date), None), None);
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 0000 08:49:37 GMT",
            "tomorrow",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
        ] {
            assert_eq!(seconds(bad, Some(date), None), None, "{bad}");
        }
    }

    #[test]
    fn far_future_dates_do_not_overflow() {
        assert_eq!(
            seconds("Fri, 31 Dec 9999 23:59:59 GMT", Some("Thu, 01 Jan 1970 00:00:00 GMT"), None),
            Some(253_402_300_799)
        );
        assert_eq!(seconds("Sun, 06 Nov 1994 08:49:37 GMT", None, Some(u64::MAX)), None);
    }
}
