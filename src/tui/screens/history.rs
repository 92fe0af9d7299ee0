//! The history screen: streaks, a calendar of the last six months shaded by the person's own
//! range, sessions per week against the goal, pain over time, sessions per routine and the pain
//! reports. Draws [`Stats`]; computes nothing itself.
//!
//! The parts sit side by side where the width allows and one under another where it does not;
//! what does not fit the height scrolls, so every part is there at any size.

use std::fmt::Write as _;

use jiff::civil::{Date, Weekday};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Widget, Wrap};

use super::{READING, Theme, Tone, wrap};
use crate::core::history::{Day, ExerciseNames, PainRow, Stats, week_words};
use crate::core::wording::plural;

/// What the history screen shows: the figures, and the names to show exercises by.
#[derive(Debug, Clone, Copy)]
pub struct HistoryScreen<'a> {
    pub stats: &'a Stats,
    pub names: &'a ExerciseNames,
    /// Log lines that could not be read: mentioned, so nothing is dropped silently.
    pub unreadable: usize,
}

/// Draws the history scrolled by `scroll` rows; returns the largest useful scroll (0 when it
/// all fits).
pub fn render(frame: &mut Frame, screen: &HistoryScreen, scroll: u16, theme: Theme) -> u16 {
    let area = frame.area();
    let stats = screen.stats;
    let mut head = headline(stats, area.width, theme);
    if screen.unreadable > 0 {
        head.push(Line::from(Span::styled(
            format!(
                "{} unreadable, left out",
                plural(screen.unreadable, "log line")
            ),
            theme.style(Tone::Dim),
        )));
    }
    let head: Vec<Line> = (head.into_iter())
        .flat_map(|l| wrap(l, area.width, 2))
        .collect();
    let [top, body, keys] = area.layout(&Layout::vertical([
        Constraint::Length(u16::try_from(head.len()).unwrap_or(2)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    frame.render_widget(Paragraph::new(head), top);

    let rows = arrange(body.width, body.height);
    let height: u16 = rows
        .iter()
        .map(|row| row_height(row, body.width, screen, theme))
        .fold(0, u16::saturating_add);
    let max_scroll = height.saturating_sub(body.height);
    let scroll = scroll.min(max_scroll);
    // Drawn whole into a buffer of its own, then the visible rows copied onto the screen.
    let mut page = Buffer::empty(Rect::new(0, 0, body.width, height));
    let mut y = 0;
    for row in &rows {
        let h = row_height(row, body.width, screen, theme);
        let parts = split(row, Rect::new(0, y, body.width, h));
        for ((part, _), rect) in row.iter().zip(parts.iter()) {
            draw(*part, &mut page, *rect, screen, theme);
        }
        y = y.saturating_add(h);
    }
    let shown = body.height.min(height.saturating_sub(scroll));
    let screen_buf = frame.buffer_mut();
    for dy in 0..shown {
        for x in 0..body.width {
            if let (Some(from), Some(to)) = (
                page.cell((x, scroll + dy)),
                screen_buf.cell_mut((body.x + x, body.y + dy)),
            ) {
                *to = from.clone();
            }
        }
    }

    let mut hint = "q back".to_owned();
    if max_scroll > 0 {
        hint.push_str(" · ↑↓ PgUp PgDn scroll");
    }
    frame.render_widget(Paragraph::new(hint).style(theme.style(Tone::Dim)), keys);
    max_scroll
}

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

/// "Streak 3 days (longest 12)", then this week against the goal and, where the width allows,
/// the totals (the routines' table has them too).
fn headline(stats: &Stats, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let week = &stats.this_week;
    let mut second = format!(
        "{}, {} min",
        week_words(week.sessions, week.goal)[0],
        week.minutes
    );
    let rate = stats
        .completion_rate
        .map(|r| format!(" · {:.0}% completed", r * 100.0))
        .unwrap_or_default();
    let totals = format!(
        " · in all {}, {} min{rate}",
        plural(stats.total_sessions, "session"),
        stats.total_minutes
    );
    if second.chars().count() + totals.chars().count() <= usize::from(width) {
        second.push_str(&totals);
    }
    vec![
        Line::from(vec![
            Span::styled(
                format!("Streak {}", plural(stats.current_streak, "day")),
                theme.style(Tone::Success).add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(
                " (longest {})",
                plural(stats.longest_streak, "day")
            )),
        ]),
        Line::from(Span::styled(second, theme.style(Tone::Dim))),
    ]
}

/// The parts of the screen, each drawn into its own rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Calendar,
    /// Sessions per week with the goal, bars this many rows tall.
    Weeks(u16),
    PainChart,
    Routines,
    Reports,
}

/// The calendar's width with all 26 weeks: weekday names and two columns a week.
const CALENDAR_WIDTH: u16 = 4 + 2 * 26;

/// The parts in rows, each with its width; side by side where the width allows.
fn arrange(width: u16, height: u16) -> Vec<Vec<(Part, Constraint)>> {
    // Taller bars where the window is tall.
    let bars = (height / 3).clamp(5, 14);
    let fill = Constraint::Fill(1);
    if width >= CALENDAR_WIDTH + 2 + 40 {
        let calendar = Constraint::Length(CALENDAR_WIDTH);
        let mut rows = vec![vec![(Part::Calendar, calendar), (Part::Weeks(bars), fill)]];
        if width >= 150 {
            rows.push(vec![(Part::PainChart, fill), (Part::Routines, fill)]);
            rows.push(vec![(Part::Reports, fill)]);
        } else {
            rows.push(vec![(Part::PainChart, fill)]);
            rows.push(vec![
                (Part::Routines, Constraint::Length(46)),
                (Part::Reports, fill),
            ]);
        }
        rows
    } else {
        [
            Part::Calendar,
            Part::Weeks(bars),
            Part::PainChart,
            Part::Routines,
            Part::Reports,
        ]
        .into_iter()
        .map(|part| vec![(part, fill)])
        .collect()
    }
}

/// The parts' rectangles across a row of `band`, as they are drawn.
fn split(row: &[(Part, Constraint)], band: Rect) -> std::rc::Rc<[Rect]> {
    let widths: Vec<Constraint> = row.iter().map(|(_, c)| *c).collect();
    Layout::horizontal(widths).spacing(2).split(band)
}

/// A row is as tall as its tallest part, plus a blank row under it.
fn row_height(row: &[(Part, Constraint)], width: u16, screen: &HistoryScreen, theme: Theme) -> u16 {
    let parts = split(row, Rect::new(0, 0, width, 1));
    (row.iter().zip(parts.iter()))
        .map(|((part, _), rect)| part_height(*part, rect.width, screen, theme))
        .max()
        .unwrap_or(0)
        .saturating_add(1)
}

fn part_height(part: Part, width: u16, screen: &HistoryScreen, theme: Theme) -> u16 {
    let stats = screen.stats;
    let rows = match part {
        Part::Calendar => 9 + wrap(legend(stats, width, theme), width, 0).len(),
        Part::Weeks(bars) => usize::from(bars) + 5,
        Part::PainChart => PainChart::fit(screen, width).height(),
        Part::Routines => 3 + stats.routines.len().max(1),
        Part::Reports => report_lines(screen, width, theme).len(),
    };
    u16::try_from(rows).unwrap_or(u16::MAX)
}

fn draw(part: Part, buf: &mut Buffer, area: Rect, screen: &HistoryScreen, theme: Theme) {
    match part {
        Part::Calendar => calendar(buf, area, screen.stats, theme),
        Part::Weeks(bars) => weeks(buf, area, screen.stats, bars, theme),
        Part::PainChart => pain_chart(buf, area, screen, theme),
        Part::Routines => routines(buf, area, screen.stats, theme),
        Part::Reports => Paragraph::new(report_lines(screen, area.width, theme)).render(area, buf),
    }
}

fn bold(text: impl Into<String>) -> Span<'static> {
    Span::styled(text.into(), Style::default().add_modifier(Modifier::BOLD))
}

/// The weeks of the calendar, each from its Monday (the first may be cut by the 26 weeks' start,
/// the last at today).
fn calendar_weeks(stats: &Stats) -> Vec<&[Day]> {
    let first_monday = (stats.days.iter())
        .position(|d| d.date.weekday() == Weekday::Monday)
        .unwrap_or(0);
    stats.days[first_monday..].chunks(7).collect()
}

/// Month names over week columns `cell` wide: each at the week its first day falls in, and the
/// first column's month when there is room before the next.
fn month_row(
    mondays: &[Date],
    indent: usize,
    cell: usize,
    width: u16,
    theme: Theme,
) -> Line<'static> {
    let mut text = " ".repeat(indent);
    let mut labels: Vec<(usize, String)> = Vec::new();
    for (i, monday) in mondays.iter().enumerate() {
        let sunday = monday.saturating_add(jiff::Span::new().days(6));
        let starts_month = monday.day() == 1 || sunday.month() != monday.month();
        if starts_month || i == 0 {
            let first = if i == 0 && !starts_month {
                *monday
            } else {
                sunday
            };
            labels.push((i * cell, first.strftime("%b").to_string()));
        }
    }
    for (n, (column, label)) in labels.iter().enumerate() {
        let next = labels.get(n + 1).map_or(usize::MAX, |(c, _)| *c);
        let at = indent + column;
        let fits = at + label.len() <= usize::from(width);
        if fits && at >= text.chars().count() && column + label.len() < next {
            let pad = at - text.chars().count();
            text.push_str(&" ".repeat(pad));
            text.push_str(label);
        }
    }
    Line::from(Span::styled(text, theme.style(Tone::Dim)))
}

/// The shade characters for as many shades as there are, lightest first: the least minutes
/// always get the lightest shade, so one session (or days all alike, or a day of 0 minutes
/// among longer ones) never shows as the darkest.
fn shade_chars(levels: usize) -> &'static [&'static str] {
    match levels {
        0 | 1 => &["░"],
        2 => &["░", "▓"],
        3 => &["░", "▒", "▓"],
        _ => &["░", "▒", "▓", "█"],
    }
}

/// "·· none  ░░ 2  ▒▒ 3-4  ▓▓ 5  ██ 6-7 min  ! pain", or tighter where `width` is narrower
/// ("·none ░2 ▒3-4 ▓5 █6-7 min !pain"), so it stays on one row down to 40 columns.
fn legend(stats: &Stats, width: u16, theme: Theme) -> Line<'static> {
    let ranges: Vec<String> = if stats.days.iter().any(|d| d.sessions > 0) {
        (stats.shades.ranges().iter())
            .map(|(from, to)| {
                if from == to {
                    from.to_string()
                } else {
                    format!("{from}-{to}")
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let chars = shade_chars(ranges.len());
    // (none, gap between items, a shade's swatch and what follows it, pain)
    let forms = [
        ("·· none", "  ", 2, " ", "! pain"),
        ("·· none", " ", 1, " ", "! pain"),
        ("·none", " ", 1, "", "!pain"),
    ];
    let said = |(none, gap, swatch, after, pain): (&str, &str, usize, &str, &str)| {
        let mut text = none.to_owned();
        for (shade, range) in chars.iter().zip(&ranges) {
            let _ = write!(text, "{gap}{}{after}{range}", shade.repeat(swatch));
        }
        if !ranges.is_empty() {
            text.push_str(" min");
        }
        let _ = write!(text, "{gap}{pain}");
        text
    };
    let text = (forms.into_iter())
        .map(said)
        .find(|t| t.chars().count() <= usize::from(width))
        .unwrap_or_else(|| said(forms[forms.len() - 1]));
    Line::from(Span::styled(text, theme.style(Tone::Dim)))
}

/// A heat map: one column per week (oldest left), one row per weekday, shaded by the day's
/// minutes within the person's own range; days with pain show `!`. As many weeks as fit.
fn calendar(buf: &mut Buffer, area: Rect, stats: &Stats, theme: Theme) {
    let weeks = calendar_weeks(stats);
    let fit = usize::from(area.width.saturating_sub(4)) / 2;
    let shown = &weeks[weeks.len().saturating_sub(fit)..];
    let title = if shown.len() >= 26 {
        "Last six months".to_owned()
    } else {
        format!("Last {}", plural(shown.len(), "week"))
    };
    let mondays: Vec<Date> = shown
        .iter()
        .filter_map(|w| w.first())
        .map(|d| d.date)
        .collect();
    let mut lines = vec![
        Line::from(bold(title)),
        month_row(&mondays, 4, 2, area.width, theme),
    ];
    let levels = stats.shades.ranges().len();
    for (row, name) in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
        .iter()
        .enumerate()
    {
        let mut spans = vec![Span::styled(format!("{name}  "), theme.style(Tone::Dim))];
        for week in shown {
            spans.push(match week.get(row) {
                Some(day) => cell(day, stats.shades.level(day), levels, theme),
                None => Span::raw("  "),
            });
        }
        lines.push(Line::from(spans));
    }
    let [grid, key] = area.layout(&Layout::vertical([
        Constraint::Length(9),
        Constraint::Fill(1),
    ]));
    Paragraph::new(lines).render(grid, buf);
    Paragraph::new(wrap(legend(stats, area.width, theme), area.width, 0)).render(key, buf);
}

fn cell(day: &Day, level: usize, levels: usize, theme: Theme) -> Span<'static> {
    if level == 0 {
        let tone = if day.pain { Tone::Pain } else { Tone::Dim };
        return Span::styled(if day.pain { "·!" } else { "··" }, theme.style(tone));
    }
    let chars = shade_chars(levels);
    let shade = chars
        .get(level - 1)
        .or(chars.last())
        .copied()
        .unwrap_or("░");
    if day.pain {
        Span::styled(format!("{shade}!"), theme.style(Tone::Pain))
    } else {
        Span::styled(format!("{shade}{shade}"), theme.style(Tone::Success))
    }
}

/// Sessions per week for the last twelve weeks (as many as fit), as bars against a dotted goal
/// line, with each week's minutes and its Monday's date under its own column: every label sits
/// in its column, so none can run into a bar or another label.
fn weeks(buf: &mut Buffer, area: Rect, stats: &Stats, bars: u16, theme: Theme) {
    let goal = stats.this_week.goal;
    let most_minutes = (stats.weekly_minutes.iter())
        .map(|w| w.minutes)
        .max()
        .unwrap_or(0);
    // Room for the widest label (minutes, or a two-digit date) and a space.
    let label = most_minutes.to_string().len().max(2);
    let usable = usize::from(area.width.saturating_sub(4));
    let column = (usable / 12).clamp(label + 1, label + 4);
    let count = (usable / column).min(stats.weekly_minutes.len());
    let shown = &stats.weekly_minutes[stats.weekly_minutes.len() - count..];
    let bar = column - 1;
    let top = (shown.iter().map(|w| w.sessions).max().unwrap_or(0))
        .max(goal)
        .max(1);
    let rows = u32::from(bars);
    // The goal's row counted from the bottom (1 is the lowest), when there is a goal.
    let goal_row = (goal > 0).then(|| (goal * rows).div_ceil(top).clamp(1, rows));
    let mut lines = vec![Line::from(vec![
        bold("Sessions per week"),
        Span::styled(
            if goal > 0 {
                format!(" · ┄ goal {goal}")
            } else {
                String::new()
            },
            theme.style(Tone::Dim),
        ),
    ])];
    for r in (1..=rows).rev() {
        let axis = if Some(r) == goal_row {
            format!("{goal:>2} ┤")
        } else if r == rows {
            format!("{top:>2} │")
        } else {
            "   │".to_owned()
        };
        let mut spans = vec![Span::styled(axis, theme.style(Tone::Dim))];
        for week in shown {
            // The bar's height in eighths of a row.
            let eighths = (week.sessions * rows * 8).div_ceil(top);
            let filled = eighths.saturating_sub((r - 1) * 8).min(8);
            let (text, tone) = if filled > 0 {
                (BLOCKS[filled as usize].repeat(bar), Tone::Accent)
            } else if Some(r) == goal_row {
                ("┄".repeat(bar), Tone::Dim)
            } else {
                (" ".repeat(bar), Tone::Dim)
            };
            spans.push(Span::styled(text, theme.style(tone)));
            let gap = if Some(r) == goal_row { "┄" } else { " " };
            spans.push(Span::styled(gap, theme.style(Tone::Dim)));
        }
        lines.push(Line::from(spans));
    }
    let under = |text: String| Line::from(Span::styled(text, theme.style(Tone::Dim)));
    lines.push(under(format!("   └{}", "─".repeat(count * column))));
    let mut minutes = "min ".to_owned();
    let mut days = "    ".to_owned();
    for week in shown {
        let _ = write!(minutes, "{:<column$}", week.minutes);
        let _ = write!(days, "{:<column$}", week.week_start.day());
    }
    lines.push(under(minutes));
    lines.push(under(days));
    let mondays: Vec<Date> = shown.iter().map(|w| w.week_start).collect();
    lines.push(month_row(&mondays, 4, column, area.width, theme));
    Paragraph::new(lines).render(area, buf);
}

/// Bar tops by eighths of a row: none, then `▁` up to `█`.
const BLOCKS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// What pain outside an exercise is listed as.
const OUTSIDE: &str = "Warm-up or cool-down";

/// Exercises in the pain chart; the rest are counted under it.
const MAX_SERIES: usize = 8;

/// The pain chart fitted to a width: its rows (name, then the worst each shown week), the width
/// of the name column, and the Monday of each shown week.
struct PainChart {
    rows: Vec<(String, Vec<Option<u8>>)>,
    name_width: usize,
    mondays: Vec<Date>,
}

impl PainChart {
    /// As many of the calendar's latest weeks as fit beside the names, and only the exercises
    /// with a report in them: a row of dots alone says nothing.
    fn fit(screen: &HistoryScreen, width: u16) -> PainChart {
        let stats = screen.stats;
        let width = usize::from(width);
        let series = screen.names.pain_rows(&stats.pain_weeks);
        let weeks = calendar_weeks(stats);
        let longest = (series.iter())
            .map(|s| s.name.as_deref().unwrap_or(OUTSIDE).chars().count())
            .max()
            .unwrap_or(0);
        // Names in full where all the weeks fit beside them; else the name column gives way to
        // the weeks down to 22 characters, then to a dozen weeks.
        let all_weeks = 1 + 2 * weeks.len();
        let name_width = (longest.min(width.saturating_sub(all_weeks).max(22)))
            .min(width.saturating_sub(1 + 2 * 12))
            .max(8);
        let fit = width.saturating_sub(name_width + 1) / 2;
        let skip = weeks.len().saturating_sub(fit);
        let rows = (series.into_iter())
            .filter_map(|s| {
                // The series' weeks line up with the calendar's (its first week may be cut).
                let offset = s.weeks.len().saturating_sub(weeks.len());
                let shown: Vec<Option<u8>> = s.weeks.into_iter().skip(offset + skip).collect();
                let name = s.name.unwrap_or_else(|| OUTSIDE.to_owned());
                shown.iter().any(Option::is_some).then_some((name, shown))
            })
            .collect();
        PainChart {
            rows,
            name_width,
            mondays: (weeks[skip..].iter())
                .filter_map(|w| w.first())
                .map(|d| d.date)
                .collect(),
        }
    }

    /// Its height: the title, the months, the rows (at most [`MAX_SERIES`]), or the line that
    /// says there is none.
    fn height(&self) -> usize {
        2 + self.rows.len().clamp(1, MAX_SERIES)
    }
}

/// The worst pain each week per exercise, over the calendar's weeks: severity by date.
fn pain_chart(buf: &mut Buffer, area: Rect, screen: &HistoryScreen, theme: Theme) {
    let mut lines = vec![Line::from(vec![
        bold("Pain over time"),
        Span::styled(" · worst each week, 0-10", theme.style(Tone::Dim)),
    ])];
    let chart = PainChart::fit(screen, area.width);
    if chart.rows.is_empty() {
        let when = if chart.mondays.len() >= 26 {
            "the last six months".to_owned()
        } else {
            format!("the last {}", plural(chart.mondays.len(), "week"))
        };
        lines.push(Line::from(Span::styled(
            format!("No pain reported in {when}."),
            theme.style(Tone::Dim),
        )));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    }
    let name_width = chart.name_width;
    lines.push(month_row(
        &chart.mondays,
        name_width + 1,
        2,
        area.width,
        theme,
    ));
    let more = chart.rows.len().saturating_sub(MAX_SERIES);
    let shown = if more > 0 { MAX_SERIES - 1 } else { MAX_SERIES };
    for (name, weeks) in chart.rows.iter().take(shown) {
        let name: String = if name.chars().count() > name_width {
            let cut: String = name.chars().take(name_width - 1).collect();
            format!("{cut}…")
        } else {
            name.clone()
        };
        let mut spans = vec![Span::raw(format!("{name:<name_width$} "))];
        for worst in weeks {
            spans.push(match worst {
                Some(s) => Span::styled(format!("{s:>2}"), theme.style(Tone::Pain)),
                None => Span::styled(" ·", theme.style(Tone::Dim)),
            });
        }
        lines.push(Line::from(spans));
    }
    if more > 0 {
        lines.push(Line::from(Span::styled(
            format!(
                "and {} more (see the reports)",
                plural(more + 1, "exercise")
            ),
            theme.style(Tone::Dim),
        )));
    }
    Paragraph::new(lines).render(area, buf);
}

/// Sessions per routine: how many, how many completed, minutes; and the totals, which the rows
/// add up to.
fn routines(buf: &mut Buffer, area: Rect, stats: &Stats, theme: Theme) {
    let [title, table] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    Paragraph::new(Line::from(bold("Routines"))).render(title, buf);
    if stats.routines.is_empty() {
        Paragraph::new("No sessions yet: start one from the home screen.")
            .style(theme.style(Tone::Dim))
            .wrap(Wrap { trim: true })
            .render(table, buf);
        return;
    }
    let completed: u32 = stats.routines.iter().map(|r| r.completed).sum();
    let mut rows: Vec<Row> = (stats.routines.iter())
        .map(|r| {
            Row::new(vec![
                r.title.clone(),
                r.sessions.to_string(),
                r.completed.to_string(),
                r.minutes.to_string(),
            ])
        })
        .collect();
    rows.push(
        Row::new(vec![
            "In all".to_owned(),
            stats.total_sessions.to_string(),
            completed.to_string(),
            stats.total_minutes.to_string(),
        ])
        .style(Style::default().add_modifier(Modifier::BOLD)),
    );
    let longest = (stats.routines.iter())
        .map(|r| r.title.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    Table::new(
        rows,
        [
            Constraint::Max(u16::try_from(longest).unwrap_or(u16::MAX)),
            Constraint::Length(8),
            Constraint::Length(9),
            Constraint::Length(7),
        ],
    )
    .flex(ratatui::layout::Flex::Start)
    .header(
        Row::new(vec!["Routine", "Sessions", "Completed", "Minutes"]).style(theme.style(Tone::Dim)),
    )
    .render(table, buf);
}

/// Reports listed; older ones are counted (the export has them all).
const MAX_REPORTS: usize = 60;

/// Pain reports, newest first: date, severity, the exercise by name and side, where and how it
/// felt, what was done, and the routine.
fn report_lines(screen: &HistoryScreen, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let stats = screen.stats;
    let mut lines = vec![Line::from(vec![
        bold("Pain reports"),
        Span::styled(" · newest first", theme.style(Tone::Dim)),
    ])];
    if stats.pains.is_empty() {
        lines.push(Line::from(Span::styled("None.", theme.style(Tone::Dim))));
    }
    // Wrapped rows hang under the exercise, clear of the date and severity, where there is room.
    let indent = if width >= 60 { 19 } else { 2 };
    for pain in stats.pains.iter().take(MAX_REPORTS) {
        lines.extend(wrap(report_line(pain, screen.names, theme), width, indent));
    }
    if stats.pains.len() > MAX_REPORTS {
        let earlier = Line::from(Span::styled(
            format!(
                "and {} earlier (stretchy export has them all)",
                plural(stats.pains.len() - MAX_REPORTS, "report")
            ),
            theme.style(Tone::Dim),
        ));
        lines.extend(wrap(earlier, width, 0));
    }
    lines
}

fn report_line(pain: &PainRow, names: &ExerciseNames, theme: Theme) -> Line<'static> {
    let severity = pain
        .severity
        .map_or_else(|| " ?/10".to_owned(), |s| format!("{s:>2}/10"));
    let mut what = match &pain.exercise {
        Some(id) => names.name(&pain.routine, id).to_owned(),
        None => OUTSIDE.to_owned(),
    };
    if let Some(side) = &pain.side {
        let _ = write!(what, " ({side})");
    }
    let felt: Vec<&str> = [&pain.location, &pain.feels]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !felt.is_empty() {
        let _ = write!(what, ", {}", felt.join(", "));
    }
    let done = match pain.action.as_deref() {
        Some("resume") => "went on",
        Some("gentler") => "went on gently",
        Some("skip") => "skipped it",
        Some("end") => "ended the session",
        Some(_) | None => "no answer",
    };
    Line::from(vec![
        Span::styled(format!("{}  ", pain.date), theme.style(Tone::Dim)),
        Span::styled(format!("{severity}  "), theme.style(Tone::Pain)),
        Span::raw(format!("{what} · {done} ")),
        Span::styled(format!("· {}", pain.title), theme.style(Tone::Dim)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::history::{self, SessionOutcome, SessionRecord, Settings, parse_at};

    /// A session on 2 March 2026 of routine `routine`, `secs` long, with these reports.
    fn session(routine: &str, secs: f64, pains: Vec<history::PainReport>) -> SessionRecord {
        session_at("2026-03-02T08:00:00+01:00", routine, secs, pains)
    }

    /// A session started `at`.
    fn session_at(
        at: &str,
        routine: &str,
        secs: f64,
        pains: Vec<history::PainReport>,
    ) -> SessionRecord {
        SessionRecord {
            id: format!("{at}-{routine}-{secs}"),
            routine: routine.to_owned(),
            title: routine.to_owned(),
            hash: String::new(),
            start: parse_at(at).expect("time"),
            preview: false,
            outcome: SessionOutcome::Stopped,
            active_secs: secs,
            planned_secs: 300,
            exercises_done: Vec::new(),
            skipped: Vec::new(),
            gentler: Vec::new(),
            pains,
        }
    }

    fn stats_of(sessions: &[SessionRecord]) -> Stats {
        history::stats(
            sessions,
            jiff::civil::date(2026, 3, 2),
            &Settings::default(),
        )
    }

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    /// A first session stopped in the warm-up (0 minutes) is a day done, in the lightest shade,
    /// and the legend says so.
    #[test]
    fn a_lone_day_of_zero_minutes_gets_the_lightest_shade() {
        let stats = stats_of(&[session("desk-reset", 20.0, Vec::new())]);
        let theme = Theme { color: false };
        let today = stats.days.last().expect("today");
        let levels = stats.shades.ranges().len();
        let shown = cell(today, stats.shades.level(today), levels, theme);
        assert_eq!(shown.content, "░░");
        assert_eq!(
            text(&legend(&stats, 80, theme)),
            "·· none  ░░ 0 min  ! pain"
        );
    }

    /// The least minutes are the lightest shade and the most the darkest, however many shades.
    #[test]
    fn shades_run_from_light_to_dark() {
        for levels in 1..=4 {
            let chars = shade_chars(levels);
            assert_eq!(chars.len(), levels);
            assert_eq!(chars[0], "░");
        }
        assert_eq!(shade_chars(4)[3], "█");
    }

    /// A report of `severity` in `exercise` at `at`.
    fn report(at: &str, exercise: &str, severity: u8) -> history::PainReport {
        history::PainReport {
            at: parse_at(at).expect("time"),
            exercise: Some(exercise.to_owned()),
            side: None,
            rep: None,
            second: 3.0,
            severity: Some(severity),
            location: None,
            feels: None,
            action: None,
        }
    }

    /// A routine `id` whose `elbow-press-up` is called `name`.
    fn routine(id: &str, name: &str) -> crate::core::routine::Routine {
        let json = format!(
            r#"{{"schema": 1, "id": "{id}", "title": "{id}", "summary": "x", "exercises": [
                {{"id": "elbow-press-up", "name": "{name}", "cues": ["x"], "hold": {{"secs": 5}}}}]}}"#
        );
        crate::core::routine::Routine::from_json(&json, "r.json").expect("valid routine")
    }

    /// The whole screen at `width` x `height`, as text.
    fn screen_text(stats: &Stats, names: &ExerciseNames, width: u16, height: u16) -> String {
        let backend = ratatui::backend::TestBackend::new(width, height);
        let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
        let screen = HistoryScreen {
            stats,
            names,
            unreadable: 0,
        };
        terminal
            .draw(|frame| {
                render(frame, &screen, 0, Theme { color: false });
            })
            .expect("draw");
        format!("{}", terminal.backend())
    }

    /// One exercise id named differently by two routines: the chart and the reports name each
    /// report as the routine it came from names the exercise.
    #[test]
    fn pain_is_named_as_the_routine_it_came_from_names_the_exercise() {
        let flare = routine("flare-up", "Prone on elbows");
        let core = routine("core-stability", "Elbow press-up");
        let names = ExerciseNames::new([&flare, &core]);
        let stats = stats_of(&[
            session(
                "core-stability",
                300.0,
                vec![report("2026-02-24T08:02:00+01:00", "elbow-press-up", 4)],
            ),
            session(
                "flare-up",
                300.0,
                vec![report("2026-03-02T08:02:00+01:00", "elbow-press-up", 2)],
            ),
        ]);
        let text = screen_text(&stats, &names, 100, 60);
        // Once in the chart, once in the reports.
        assert_eq!(text.matches("Elbow press-up").count(), 2, "{text}");
        assert_eq!(text.matches("Prone on elbows").count(), 2, "{text}");
    }

    /// With four shades of two-digit minutes the legend still fits one row of 40 columns.
    #[test]
    fn the_legend_fits_forty_columns() {
        let sessions: Vec<SessionRecord> = [("02", 2), ("03", 9), ("04", 14), ("05", 21)]
            .iter()
            .flat_map(|&(day, minutes)| {
                (0..3).map(move |hour| {
                    session_at(
                        &format!("2026-02-{day}T0{hour}:00:00+01:00"),
                        "desk-reset",
                        f64::from(minutes + hour) * 60.0,
                        Vec::new(),
                    )
                })
            })
            .collect();
        let stats = stats_of(&sessions);
        assert_eq!(stats.shades.ranges().len(), 4);
        let theme = Theme { color: false };
        let wide = text(&legend(&stats, 100, theme));
        assert!(wide.starts_with("·· none  ░░ "), "{wide}");
        let narrow = text(&legend(&stats, 40, theme));
        assert!(narrow.chars().count() <= 40, "{narrow}");
        assert!(
            narrow.contains("none") && narrow.ends_with("pain"),
            "{narrow}"
        );
    }

    /// An exercise whose reports are all older than the weeks shown has no row (not a row of
    /// dots); a wide window shows it, and long names whole.
    #[test]
    fn the_pain_chart_shows_whole_names_and_only_rows_with_a_report_in_view() {
        let long = "Towel hamstring stretch on your back";
        let names = ExerciseNames::new([&routine("flare-up", long)]);
        let stats = stats_of(&[
            session_at(
                "2025-09-10T08:00:00+01:00",
                "flare-up",
                300.0,
                vec![report("2025-09-10T08:02:00+01:00", "elbow-press-up", 5)],
            ),
            session(
                "other",
                300.0,
                vec![report("2026-03-02T08:02:00+01:00", "cat-cow", 2)],
            ),
        ]);
        let narrow = PainChart::fit(&screen(&stats, &names), 60);
        let rows: Vec<&str> = narrow.rows.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(rows, ["cat-cow"]);
        let wide = PainChart::fit(&screen(&stats, &names), 100);
        let rows: Vec<&str> = wide.rows.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(rows, ["cat-cow", long]);
        assert_eq!(wide.name_width, long.chars().count());
        assert_eq!(wide.mondays.len(), 26);
    }

    fn screen<'a>(stats: &'a Stats, names: &'a ExerciseNames) -> HistoryScreen<'a> {
        HistoryScreen {
            stats,
            names,
            unreadable: 0,
        }
    }
}
