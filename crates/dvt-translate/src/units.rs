//! Date parts (units) and their spellings.

use std::fmt;

/// A date part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Year.
    Year,
    /// Quarter.
    Quarter,
    /// Month.
    Month,
    /// Week.
    Week,
    /// Day.
    Day,
    /// Hour.
    Hour,
    /// Minute.
    Minute,
    /// Second.
    Second,
    /// Millisecond.
    Millisecond,
    /// Microsecond.
    Microsecond,
    /// Day of week.
    DayOfWeek,
    /// Day of year.
    DayOfYear,
    /// ISO day of week: 1 = Monday … 7 = Sunday.
    IsoDayOfWeek,
    /// Seconds since the Unix epoch.
    Epoch,
}

/// Synonyms of each unit, as the dialects write them (lower case).
const SPELLINGS: &[(Unit, &[&str])] = &[
    (
        Unit::Year,
        &["year", "years", "y", "yy", "yyy", "yyyy", "yr", "yrs"],
    ),
    (
        Unit::Quarter,
        &["quarter", "quarters", "q", "qq", "qtr", "qtrs"],
    ),
    (Unit::Month, &["month", "months", "mm", "m", "mon", "mons"]),
    (
        Unit::Week,
        &[
            "week",
            "weeks",
            "w",
            "wk",
            "ww",
            "weekofyear",
            "woy",
            "wy",
            "isoweek",
        ],
    ),
    (Unit::Day, &["day", "days", "d", "dd", "dayofmonth"]),
    (
        Unit::Hour,
        &["hour", "hours", "h", "hh", "hr", "hrs", "hh24"],
    ),
    (
        Unit::Minute,
        &["minute", "minutes", "mi", "n", "min", "mins"],
    ),
    (
        Unit::Second,
        &["second", "seconds", "s", "ss", "sec", "secs"],
    ),
    (
        Unit::Millisecond,
        &["millisecond", "milliseconds", "ms", "msec"],
    ),
    (
        Unit::Microsecond,
        &["microsecond", "microseconds", "us", "usec", "mcs"],
    ),
    (Unit::DayOfWeek, &["dayofweek", "dow", "weekday", "dw"]),
    (Unit::DayOfYear, &["dayofyear", "doy", "dy", "y_day"]),
    (
        Unit::IsoDayOfWeek,
        &["isodow", "dayofweekiso", "weekday_iso", "dow_iso"],
    ),
    (Unit::Epoch, &["epoch", "epoch_second", "epoch_seconds"]),
];

impl Unit {
    /// Parse a unit from any dialect's spelling (case-insensitive, quotes stripped).
    pub fn parse(s: &str) -> Option<Unit> {
        let l = s
            .trim()
            .trim_matches(|c| c == '\'' || c == '"')
            .to_ascii_lowercase();
        SPELLINGS
            .iter()
            .find(|(_, names)| names.contains(&l.as_str()))
            .map(|(u, _)| *u)
    }

    /// The standard lower-case name (`day`, `dayofweek`, …).
    pub fn name(self) -> &'static str {
        SPELLINGS
            .iter()
            .find(|(u, _)| *u == self)
            .map(|(_, n)| n[0])
            .unwrap_or("day")
    }

    /// The standard keyword (`DAY`, `DOW`, …) as used in `EXTRACT` and `INTERVAL`.
    pub fn keyword(self) -> &'static str {
        match self {
            Unit::Year => "YEAR",
            Unit::Quarter => "QUARTER",
            Unit::Month => "MONTH",
            Unit::Week => "WEEK",
            Unit::Day => "DAY",
            Unit::Hour => "HOUR",
            Unit::Minute => "MINUTE",
            Unit::Second => "SECOND",
            Unit::Millisecond => "MILLISECOND",
            Unit::Microsecond => "MICROSECOND",
            Unit::DayOfWeek => "DOW",
            Unit::DayOfYear => "DOY",
            Unit::IsoDayOfWeek => "ISODOW",
            Unit::Epoch => "EPOCH",
        }
    }

    /// Seconds in one unit, for units of fixed length.
    pub fn seconds(self) -> Option<u64> {
        match self {
            Unit::Week => Some(604_800),
            Unit::Day => Some(86_400),
            Unit::Hour => Some(3_600),
            Unit::Minute => Some(60),
            Unit::Second => Some(1),
            _ => None,
        }
    }

    /// Months in one unit, for calendar units.
    pub fn months(self) -> Option<u32> {
        match self {
            Unit::Year => Some(12),
            Unit::Quarter => Some(3),
            Unit::Month => Some(1),
            _ => None,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
