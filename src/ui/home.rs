//! The home screen (pick a routine) and the plan screen (a routine's timed steps).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, Tone};
use crate::catalog::Entry;
use crate::plan::{Plan, clock};

/// The routine picker: title, place and duration of each; the summary and safety line of the
/// chosen one below.
pub fn render_home(
    frame: &mut Frame,
    entries: &[Entry],
    selected: usize,
    streak: Option<&str>,
    theme: Theme,
) {
    let area = frame.area();
    let [header, list, details, keys] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(if area.height >= 16 { 6 } else { 3 }),
        Constraint::Length(1),
    ]));
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(
                "stretchy",
                theme.style(Tone::Accent).add_modifier(Modifier::BOLD),
            )),
            Line::from(Span::styled(
                streak.unwrap_or("Pick a routine for your back").to_owned(),
                theme.style(Tone::Dim),
            )),
        ]),
        header,
    );
    let title_width = entries
        .iter()
        .map(|e| e.routine.title.chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let routine = &entry.routine;
            let (marker, style) = if i == selected {
                ("› ", theme.style(Tone::Accent).add_modifier(Modifier::BOLD))
            } else {
                ("  ", Style::default())
            };
            Line::from(vec![
                Span::styled(format!("{marker}{:<title_width$}", routine.title), style),
                Span::styled(
                    format!(
                        "  {:<8} {:>5}",
                        routine.place.as_str(),
                        clock(Plan::new(routine).total_secs)
                    ),
                    theme.style(Tone::Dim),
                ),
            ])
        })
        .collect();
    // Keep the chosen routine in view on short terminals.
    let rows = usize::from(list.height).max(1);
    let scroll = (selected + 1).saturating_sub(rows);
    frame.render_widget(
        Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(0), 0)),
        list,
    );
    if let Some(entry) = entries.get(selected) {
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(entry.routine.summary.clone()),
                Line::from(vec![
                    Span::styled("Safety: ", theme.style(Tone::Paused)),
                    Span::raw(entry.routine.safety.clone()),
                ]),
            ])
            .wrap(Wrap { trim: true }),
            details,
        );
    }
    frame.render_widget(
        Paragraph::new(if streak.is_some() {
            "↑↓ choose · enter start · s plan · h history · q quit"
        } else {
            "↑↓ choose · enter start · s plan · q quit"
        })
        .style(theme.style(Tone::Dim)),
        keys,
    );
}

/// A routine's plan, one line per step with its start and length, scrolled by `scroll` lines.
pub fn render_plan(frame: &mut Frame, entry: &Entry, scroll: u16, theme: Theme) {
    let area = frame.area();
    let routine = &entry.routine;
    let plan = Plan::new(routine);
    let [header, body, keys] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(
                routine.title.clone(),
                Style::default().add_modifier(Modifier::BOLD),
            )),
            Line::from(Span::styled(
                format!("{} steps · {}", plan.steps.len(), clock(plan.total_secs)),
                theme.style(Tone::Dim),
            )),
        ]),
        header,
    );
    let mut start = 0u64;
    let lines: Vec<Line> = plan
        .steps
        .iter()
        .map(|step| {
            let line = Line::from(vec![
                Span::styled(
                    format!("{:>6} {:>6}  ", clock(start), clock(step.secs.into())),
                    theme.style(Tone::Dim),
                ),
                Span::raw(format!("{:<12} {}", step.title(), step.subject(routine))),
            ]);
            start += u64::from(step.secs);
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
    frame.render_widget(
        Paragraph::new("↑↓ scroll · enter start · q back").style(theme.style(Tone::Dim)),
        keys,
    );
}
