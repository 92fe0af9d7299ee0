//! `stretchy remind`'s screen: when the next break is, today's sessions, the streak, and the keys.
//! Small on purpose: it lives in a spare terminal or a tmux window.

use jiff::Zoned;
use jiff::civil::Weekday;
use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, Tone};
use crate::core::history::glance::Glanced;
use crate::core::reminder::{self, Due, Reminders};

/// What the screen says, worked out once per wake-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemindView {
    pub headline: String,
    pub tone: Tone,
    pub lines: Vec<String>,
    /// Today's sessions and the streak, or why the history could not be read.
    pub today: String,
    pub keys: String,
}

/// The suggested routine, as the screen names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub title: String,
    pub minutes: u64,
}

impl RemindView {
    pub fn new(
        due: &Due,
        history: Result<&Glanced, &str>,
        reminders: &Reminders,
        suggestion: &Suggestion,
        now: &Zoned,
    ) -> RemindView {
        let routine = format!("{}, {} min", suggestion.title, suggestion.minutes.max(1));
        let hours = format!(
            "Working hours {}-{}, {}.",
            hhmm(reminders.start),
            hhmm(reminders.end),
            days(&reminders.days)
        );
        let (headline, tone, lines, keys) = match due {
            Due::Now { since } => (
                "Time for a stretch".to_owned(),
                Tone::Accent,
                vec![
                    format!("Due since {}.", since.strftime("%H:%M")),
                    format!("{routine}: Enter starts it."),
                ],
                format!(
                    "Enter: start · s: snooze {} min · x: skip this one · q: quit",
                    reminders.snooze_mins
                ),
            ),
            Due::Later { at } => (
                format!(
                    "Next stretch in {}",
                    reminder::short_wait(reminder::minutes_until(now, at))
                ),
                Tone::Rest,
                vec![
                    format!("At {}: {routine}.", at.strftime("%H:%M")),
                    format!("Every {} min. {hours}", reminders.every_mins),
                ],
                "Enter: stretch now · q: quit".to_owned(),
            ),
            Due::OffHours => (
                "No reminders now".to_owned(),
                Tone::Dim,
                vec![
                    hours,
                    "Reminders start again with the next working day.".to_owned(),
                ],
                "Enter: stretch now · q: quit".to_owned(),
            ),
            Due::Off => (
                "Reminders are off".to_owned(),
                Tone::Dim,
                vec!["remind_every_mins is 0 in settings.json.".to_owned()],
                "Enter: stretch now · q: quit".to_owned(),
            ),
        };
        let today = match history {
            Ok(glanced) => today_line(glanced),
            Err(problem) => format!("Your history could not be read: {problem}"),
        };
        RemindView {
            headline,
            tone,
            lines,
            today,
            keys,
        }
    }
}

/// "Today: 2 sessions · streak 5 days · this week 3 of 3".
fn today_line(glanced: &Glanced) -> String {
    let today = match glanced.sessions_today {
        0 => "no session yet".to_owned(),
        1 => "1 session".to_owned(),
        n => format!("{n} sessions"),
    };
    let streak = match glanced.streak {
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    };
    format!(
        "Today: {today} · streak {streak} · this week {} of {}",
        glanced.week_done, glanced.week_goal
    )
}

fn hhmm(time: jiff::civil::Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// "Mon-Fri", "Sat, Sun", "every day".
fn days(days: &[Weekday]) -> String {
    let mut numbers: Vec<i8> = days.iter().map(|d| d.to_monday_one_offset()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let name = |n: i8| match n {
        1 => "Mon",
        2 => "Tue",
        3 => "Wed",
        4 => "Thu",
        5 => "Fri",
        6 => "Sat",
        _ => "Sun",
    };
    let contiguous = numbers.windows(2).all(|w| w[1] == w[0] + 1);
    match numbers.as_slice() {
        [] => "no days".to_owned(),
        [1, 2, 3, 4, 5, 6, 7] => "every day".to_owned(),
        [first, .., last] if contiguous && numbers.len() > 2 => {
            format!("{}-{}", name(*first), name(*last))
        }
        _ => numbers
            .iter()
            .map(|&n| name(n))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Draws the view, centred, wrapping at narrow widths; the keys come last so a short terminal
/// cuts the details, never the headline.
pub fn render(frame: &mut Frame, view: &RemindView, theme: Theme) {
    let mut lines = vec![
        Line::from(Span::styled(
            view.headline.clone(),
            theme.style(view.tone).add_modifier(Modifier::BOLD),
        )),
        Line::from(""),
    ];
    lines.extend(view.lines.iter().map(|l| Line::from(l.clone())));
    lines.push(Line::from(""));
    lines.push(Line::from(view.today.clone()));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        view.keys.clone(),
        theme.style(Tone::Dim),
    )));
    let area = frame.area();
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let top = area.height.saturating_sub(height) / 3;
    let area = ratatui::layout::Rect {
        y: area.y + top.min(area.height),
        height: area.height - top.min(area.height),
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
