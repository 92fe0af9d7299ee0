//! The history screen: streaks, a calendar heat map of the last six months, minutes per week,
//! sessions per routine and pain reports. Draws [`Stats`]; computes nothing itself.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Row, Table};

use super::{Theme, Tone};
use crate::core::history::Stats;

/// Draws the whole history; `unreadable` log lines are mentioned so nothing is silently dropped.
pub fn render(frame: &mut Frame, stats: &Stats, unreadable: usize, theme: Theme) {
    let area = frame.area();
    let roomy = area.height >= 24 && area.width >= 60;
    let [head, calendar, lower, keys] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(if area.height >= 12 { 9 } else { 0 }),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    frame.render_widget(Paragraph::new(headline(stats, theme)), head);
    if area.width >= 100 && roomy {
        let [cal, chart] = calendar.layout(&Layout::horizontal([
            Constraint::Length(58),
            Constraint::Fill(1),
        ]));
        render_calendar(frame, cal, stats, theme);
        render_weeks(frame, chart, stats, theme);
    } else {
        render_calendar(frame, calendar, stats, theme);
    }
    if roomy {
        let [chart_or_routines, pains] = lower.layout(&Layout::horizontal([
            Constraint::Percentage(50),
            Constraint::Percentage(50),
        ]));
        if area.width >= 100 {
            render_routines(frame, chart_or_routines, stats, theme);
        } else {
            let [weeks, routines] = chart_or_routines.layout(&Layout::vertical([
                Constraint::Length(8),
                Constraint::Fill(1),
            ]));
            render_weeks(frame, weeks, stats, theme);
            render_routines(frame, routines, stats, theme);
        }
        render_pains(frame, pains, stats, theme);
    } else {
        render_routines(frame, lower, stats, theme);
    }
    let mut hint = "q back".to_owned();
    if unreadable > 0 {
        hint = format!(
            "{hint} · {unreadable} unreadable log line{} skipped",
            if unreadable == 1 { "" } else { "s" }
        );
    }
    if !roomy {
        hint.push_str(" · a larger window shows more");
    }
    frame.render_widget(Paragraph::new(hint).style(theme.style(Tone::Dim)), keys);
}

/// Shown where the history's figures go while the log is being read.
pub const READING: &str = "reading your history…";

/// The history screen while the log is still being read: its figures come in a moment.
pub fn render_reading(frame: &mut Frame, theme: Theme) {
    let [head, _, keys] = frame.area().layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    let reading = Line::from(Span::styled(READING, theme.style(Tone::Dim)));
    frame.render_widget(Paragraph::new(reading), head);
    frame.render_widget(Paragraph::new("q back").style(theme.style(Tone::Dim)), keys);
}

/// "Streak 3 days (longest 12) · this week 2 of 3 sessions, 14 min".
fn headline(stats: &Stats, theme: Theme) -> Vec<Line<'static>> {
    let days = |n: u32| {
        if n == 1 {
            "1 day".to_owned()
        } else {
            format!("{n} days")
        }
    };
    let week = &stats.this_week;
    let rate = stats
        .completion_rate
        .map(|r| format!(" · {:.0}% completed", r * 100.0))
        .unwrap_or_default();
    vec![
        Line::from(vec![
            Span::styled(
                format!("Streak {}", days(stats.current_streak)),
                theme.style(Tone::Success).add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(" (longest {})", days(stats.longest_streak))),
        ]),
        Line::from(Span::styled(
            format!(
                "This week {} of {} sessions, {} min · {} sessions, {} min in all{rate}",
                week.sessions, week.goal, week.minutes, stats.total_sessions, stats.total_minutes
            ),
            theme.style(Tone::Dim),
        )),
    ]
}

/// A heat map: one column per week (oldest left), one row per weekday, shaded by minutes; days
/// with pain show `!`. As many weeks as fit.
fn render_calendar(frame: &mut Frame, area: Rect, stats: &Stats, theme: Theme) {
    if area.height < 2 || area.width < 8 {
        return;
    }
    let weeks_fit = usize::from(area.width.saturating_sub(4)) / 2;
    let first_monday = stats
        .days
        .iter()
        .position(|d| d.date.weekday() == jiff::civil::Weekday::Monday)
        .unwrap_or(0);
    let days = &stats.days[first_monday..];
    let weeks: Vec<&[crate::core::history::Day]> = days.chunks(7).collect();
    let shown = &weeks[weeks.len().saturating_sub(weeks_fit)..];
    let mut lines = vec![Line::from(Span::styled(
        "Last six months",
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    for (row, name) in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
        .iter()
        .enumerate()
    {
        let mut spans = vec![Span::styled(format!("{name}  "), theme.style(Tone::Dim))];
        for week in shown {
            spans.push(match week.get(row) {
                Some(day) => cell(day, theme),
                None => Span::raw("  "),
            });
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(Span::styled(
        "·· none  ░░ <10 min  ▒▒ <20  ▓▓ 20+  ! pain",
        theme.style(Tone::Dim),
    )));
    frame.render_widget(Paragraph::new(lines), area);
}

fn cell(day: &crate::core::history::Day, theme: Theme) -> Span<'static> {
    let shade = match (day.sessions, day.minutes) {
        (0, _) => "··",
        (_, 0..10) => "░░",
        (_, 10..20) => "▒▒",
        _ => "▓▓",
    };
    if day.pain {
        Span::styled(
            format!("{}!", &shade[..shade.len() / 2]),
            theme.style(Tone::Pain),
        )
    } else if day.sessions == 0 {
        Span::styled(shade, theme.style(Tone::Dim))
    } else {
        Span::styled(shade, theme.style(Tone::Success))
    }
}

/// Minutes per week for the last twelve weeks.
fn render_weeks(frame: &mut Frame, area: Rect, stats: &Stats, theme: Theme) {
    if area.height < 3 {
        return;
    }
    let bars: Vec<Bar> = stats
        .weekly_minutes
        .iter()
        .map(|w| {
            Bar::default()
                .value(u64::from(w.minutes))
                .label(Line::from(w.week_start.day().to_string()))
        })
        .collect();
    let bar_width = (area.width.saturating_sub(2) / 12)
        .clamp(1, 5)
        .saturating_sub(1)
        .max(1);
    frame.render_widget(
        BarChart::default()
            .block(Block::new().title("Minutes per week"))
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1)
            .bar_style(theme.style(Tone::Accent)),
        area,
    );
}

/// Sessions per routine: how many, how many completed, minutes.
fn render_routines(frame: &mut Frame, area: Rect, stats: &Stats, theme: Theme) {
    if area.height < 2 {
        return;
    }
    let rows: Vec<Row> = stats
        .routines
        .iter()
        .map(|r| {
            Row::new(vec![
                r.title.clone(),
                r.sessions.to_string(),
                r.completed.to_string(),
                r.minutes.to_string(),
            ])
        })
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(5),
            Constraint::Length(5),
        ],
    )
    .header(Row::new(vec!["Routine", "Sessions", "Done", "Min"]).style(theme.style(Tone::Dim)));
    if empty {
        frame.render_widget(
            Paragraph::new("No sessions yet: start one from the home screen.")
                .style(theme.style(Tone::Dim)),
            area,
        );
    } else {
        frame.render_widget(table, area);
    }
}

/// Pain reports, newest first.
fn render_pains(frame: &mut Frame, area: Rect, stats: &Stats, theme: Theme) {
    let mut lines = vec![Line::from(Span::styled(
        "Pain reports",
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    if stats.pains.is_empty() {
        lines.push(Line::from(Span::styled("None.", theme.style(Tone::Dim))));
    }
    for pain in &stats.pains {
        let severity = pain
            .severity
            .map_or_else(|| "?/10".to_owned(), |s| format!("{s}/10"));
        let what = [
            pain.exercise.clone(),
            pain.location.clone(),
            pain.feels.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", pain.date), theme.style(Tone::Dim)),
            Span::styled(format!("{severity:>5}  "), theme.style(Tone::Pain)),
            Span::raw(format!("{} · {what}", pain.title)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
