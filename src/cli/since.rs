//! `export --since`: a date, or the words people use for the usual ones: `today`, `yesterday`,
//! `7d` (seven days ago), `2w` (two weeks ago). Words are kept as they are until the shell knows
//! today's date ([`Since::date`]), so parsing needs no clock.

use jiff::civil::Date;

/// The first day an export keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    Date(Date),
    /// Today (0), yesterday (1), `7d` (7), `2w` (14).
    DaysAgo(u32),
}

impl Since {
    /// The first day kept, counted back from `today`; the calendar's first day if that is further
    /// back than the calendar goes.
    pub fn date(self, today: Date) -> Date {
        match self {
            Since::Date(date) => date,
            Since::DaysAgo(days) => jiff::Span::new()
                .try_days(i64::from(days))
                .and_then(|span| today.checked_sub(span))
                .unwrap_or(Date::MIN),
        }
    }
}

/// Reads `--since`'s value; the error says what it takes, in one line.
pub fn parse(text: &str) -> Result<Since, String> {
    let refused = || {
        format!("expected a date like 2026-03-01, or today, yesterday, 7d or 2w; found '{text}'")
    };
    let text = text.trim();
    match text.to_lowercase().as_str() {
        "today" => return Ok(Since::DaysAgo(0)),
        "yesterday" => return Ok(Since::DaysAgo(1)),
        _ => {}
    }
    let count = |digits: &str, per: u32| {
        digits
            .parse::<u32>()
            .ok()
            .and_then(|n| n.checked_mul(per))
            .map(Since::DaysAgo)
    };
    let words = if let Some(digits) = text.strip_suffix('d') {
        count(digits, 1)
    } else if let Some(digits) = text.strip_suffix('w') {
        count(digits, 7)
    } else {
        // Only the ISO form: "03/04/2026" means different days in different countries.
        text.parse::<Date>().ok().map(Since::Date)
    };
    words.ok_or_else(refused)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use pretty_assertions::assert_eq;

    use super::*;

    fn on(text: &str) -> Result<Date, String> {
        parse(text).map(|since| since.date(date(2026, 3, 10)))
    }

    #[test]
    fn a_date_is_taken_as_it_is() {
        assert_eq!(on("2026-03-01"), Ok(date(2026, 3, 1)));
    }

    #[test]
    fn words_count_back_from_today() {
        assert_eq!(on("today"), Ok(date(2026, 3, 10)));
        assert_eq!(on("Yesterday"), Ok(date(2026, 3, 9)));
        assert_eq!(on("7d"), Ok(date(2026, 3, 3)));
        assert_eq!(on("2w"), Ok(date(2026, 2, 24)));
        assert_eq!(on("0d"), Ok(date(2026, 3, 10)));
    }

    #[test]
    fn too_far_back_is_the_first_day_there_is() {
        assert_eq!(on("4000000000d"), Ok(Date::MIN));
    }

    #[test]
    fn anything_else_says_what_is_expected() {
        for text in [
            "banana",
            "2026-13-01",
            "01/03/2026",
            "d",
            "-3d",
            "7 days",
            "",
        ] {
            assert_eq!(
                on(text),
                Err(format!(
                    "expected a date like 2026-03-01, or today, yesterday, 7d or 2w; found '{text}'"
                ))
            );
        }
    }
}
