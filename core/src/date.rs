//! Calendar dates as `YYYY-MM-DD` strings, with day arithmetic (proleptic Gregorian), so that
//! validity periods are computed the same way natively and in the browser.

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Parses `YYYY-MM-DD` (ASCII digits only, a real day of the month) into days since 1970-01-01.
/// Strict on purpose: it also reads signed data.
pub fn parse(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b.get(r)?.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

/// Formats a day count as `YYYY-MM-DD`.
pub fn format(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `date` plus `days`, or `None` when `date` is not a valid `YYYY-MM-DD`.
pub fn add_days(date: &str, days: i64) -> Option<String> {
    parse(date).map(|d| format(d + days))
}

/// The number of days in `month` (1..=12) of `year`.
fn days_in_month(year: i64, month: i64) -> i64 {
    let next = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    next - days_from_civil(year, month, 1)
}

/// `date` plus `months` calendar months: the same day of the month `months` later, or that
/// month's last day when it is shorter (2026-01-31 + 1 month = 2026-02-28; 2028-01-31 + 1 month
/// = 2028-02-29; 2026-03-31 − 1 month = 2026-02-28). `None` when `date` is not a valid
/// `YYYY-MM-DD` or the result leaves the years 0000 to 9999.
pub fn add_months(date: &str, months: i64) -> Option<String> {
    let (y, m, d) = civil_from_days(parse(date)?);
    let index = (y * 12 + m - 1).checked_add(months)?;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    if !(0..=9999).contains(&year) {
        return None;
    }
    let day = d.min(days_in_month(year, month));
    Some(format(days_from_civil(year, month, day)))
}

/// The months from `from` to `to`, a started month counted in full: the fewest `n` with
/// `add_months(from, n)` on or after `to` (0 when `from` is on or after `to`). From 2027-01-15 to
/// 2028-06-01 is 16 months and 17 days, so 17. `None` when either is not a valid date.
pub fn months_started(from: &str, to: &str) -> Option<u32> {
    let (start, end) = (parse(from)?, parse(to)?);
    if start >= end {
        return Some(0);
    }
    let (fy, fm, _) = civil_from_days(start);
    let (ty, tm, _) = civil_from_days(end);
    // `add_months(from, n)` lies in the n-th month after `from`'s and rises with n; the one in
    // `to`'s month is on or after `to`, or the next one is.
    let whole = (ty * 12 + tm) - (fy * 12 + fm);
    let reached = parse(&add_months(from, whole)?)? >= end;
    u32::try_from(if reached { whole } else { whole + 1 }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_days_across_months_and_leap_years() {
        assert_eq!(add_days("2026-11-23", 30).as_deref(), Some("2026-12-23"));
        assert_eq!(add_days("2026-12-20", 30).as_deref(), Some("2027-01-19"));
        assert_eq!(add_days("2028-02-28", 1).as_deref(), Some("2028-02-29"));
        assert_eq!(add_days("2100-02-28", 1).as_deref(), Some("2100-03-01"));
        assert_eq!(parse("1970-01-01"), Some(0));
    }

    #[test]
    fn adds_months_keeping_the_day_or_the_month_end() {
        for (from, n, to) in [
            ("2026-01-31", 1, "2026-02-28"),
            ("2028-01-31", 1, "2028-02-29"),
            ("2026-01-31", 2, "2026-03-31"),
            ("2026-03-31", -1, "2026-02-28"),
            ("2026-01-15", 36, "2029-01-15"),
            ("2026-11-30", 3, "2027-02-28"),
            ("2026-12-01", 1, "2027-01-01"),
            ("2026-05-20", 0, "2026-05-20"),
        ] {
            assert_eq!(add_months(from, n).as_deref(), Some(to), "{from} + {n}");
        }
        assert_eq!(add_months("2026-02-30", 1), None);
        assert_eq!(add_months("9999-12-01", 1), None);
        assert_eq!(add_months("2026-01-01", i64::MAX), None);
    }

    #[test]
    fn counts_started_months_in_full() {
        for (from, to, n) in [
            // 16 months and 17 days: the started 17th month counts.
            ("2027-01-15", "2028-06-01", 17),
            ("2027-01-01", "2028-06-01", 17),
            ("2027-01-02", "2028-06-01", 17),
            ("2026-12-31", "2028-06-01", 18),
            ("2028-05-31", "2028-06-01", 1),
            ("2028-06-01", "2028-06-01", 0),
            ("2028-07-01", "2028-06-01", 0),
            // 2026-01-31 + 1 month is 2026-02-28: one whole month to that day, two to March 1.
            ("2026-01-31", "2026-02-28", 1),
            ("2026-01-31", "2026-03-01", 2),
        ] {
            assert_eq!(months_started(from, to), Some(n), "{from} → {to}");
        }
        assert_eq!(months_started("2026-13-01", "2027-01-01"), None);
    }

    #[test]
    fn rejects_invalid_dates() {
        for bad in [
            "+202-01-01",
            "2026-+1-01",
            "2026-01-+1",
            "2026/01/01",
            "２０２６-01-01",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "20261123",
            "",
            "2026-11-23-1",
            "abcd-ef-gh",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
