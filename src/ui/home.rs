//! The home screen (pick a routine) and the plan screen (a routine's timed steps).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, Tone};
use crate::app::Prepared;
use crate::catalog::Entry;
use crate::plan::{Plan, clock};
use crate::routine::Routine;

/// The routine picker: title, place and duration of each; the summary and safety line of the
/// chosen one below.
pub fn render_home(
    frame: &mut Frame,
    entries: &[Entry],
    selected: usize,
    streak: Option<&str>,
    today: Option<&Prepared>,
    theme: Theme,
) {
    let area = frame.area();
    let [header, list, details, keys] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(if area.height >= 16 { 8 } else { 3 }),
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
        let mut lines = vec![Line::from(entry.routine.summary.clone())];
        lines.extend(
            today
                .map(|t| today_lines(&entry.routine, t, theme))
                .unwrap_or_default(),
        );
        lines.push(Line::from(vec![
            Span::styled("Safety: ", theme.style(Tone::Paused)),
            Span::raw(entry.routine.safety.clone()),
        ]));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), details);
    }
    // The longest that fits: nothing is cut halfway through a key's name.
    let choices: &[&str] = if streak.is_some() {
        &[
            "↑↓ choose · enter start · s plan · h history · ! safety · q quit",
            "enter start · s plan · h history · ! safety · q quit",
            "enter start · s plan · h history · ! safety",
            "enter start · h history · ! safety",
        ]
    } else {
        &[
            "↑↓ choose · enter start · s plan · ! safety · q quit",
            "enter start · s plan · ! safety · q quit",
        ]
    };
    let keys_line = choices
        .iter()
        .find(|c| c.chars().count() <= usize::from(keys.width))
        .or(choices.last())
        .copied()
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(keys_line).style(theme.style(Tone::Dim)),
        keys,
    );
}

/// "Knee hug: hold 14 s: +4 s after 4 pain-free sessions" for each dose that changed, and
/// "Knee hug: Last time: 6/10, ..." for each exercise that hurt recently.
pub fn today_lines(routine: &Routine, today: &Prepared, theme: Theme) -> Vec<Line<'static>> {
    let name = |i: usize| {
        routine
            .exercises
            .get(i)
            .map_or("", |e| e.name.as_str())
            .to_owned()
    };
    let doses = today.doses.iter().filter_map(|d| {
        d.reason.as_ref().map(|why| {
            Line::from(vec![
                Span::styled("Today: ", theme.style(Tone::Success)),
                Span::raw(format!("{}: {why}", name(d.exercise))),
            ])
        })
    });
    let pains = today.memory.iter().map(|m| {
        Line::from(vec![
            Span::styled("Hurt recently: ", theme.style(Tone::Pain)),
            Span::raw(format!("{}: {}", name(m.exercise), m.line())),
        ])
    });
    doses.chain(pains).collect()
}

/// A routine's plan, one line per step with its start and length, scrolled by `scroll` lines.
/// `today`, when the log has been read, is the routine as it will play today: its doses are the
/// ones listed, and why they changed is said above the steps.
pub fn render_plan(
    frame: &mut Frame,
    entry: &Entry,
    today: Option<&Prepared>,
    scroll: u16,
    theme: Theme,
) {
    let area = frame.area();
    let routine = today.map_or(&entry.routine, |t| &t.routine);
    let plan = Plan::new(routine);
    let notes = today
        .map(|t| today_lines(&entry.routine, t, theme))
        .unwrap_or_default();
    let mut head = vec![
        Line::from(Span::styled(
            routine.title.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(Span::styled(
            format!("{} steps · {}", plan.steps.len(), clock(plan.total_secs)),
            theme.style(Tone::Dim),
        )),
    ];
    head.extend(notes);
    let [header, body, keys] = area.layout(&Layout::vertical([
        Constraint::Length(u16::try_from(head.len()).unwrap_or(2)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    frame.render_widget(Paragraph::new(head), header);
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
