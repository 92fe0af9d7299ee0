//! The plan screen: a routine's timed steps, as it will play today.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::home::{RoutineCard, limits_line, needs_lines, today_lines, wrapped_rows};
use super::{Theme, Tone};
use crate::core::plan::{Plan, Row};

/// The plan screen's content, planned once when the screen opens.
#[derive(Debug, Clone)]
pub struct PlanView {
    card: RoutineCard,
    /// "12 steps · 5:30".
    counts: String,
    rows: Vec<Row>,
}

impl PlanView {
    /// The plan of `card`'s routine as it plays today (as its file has it before the log is read).
    pub fn new(card: &RoutineCard) -> PlanView {
        let routine = card.today.as_ref().map_or(&card.routine, |t| &t.routine);
        let plan = Plan::new(routine);
        PlanView {
            counts: format!("{} steps · {}", plan.steps.len(), plan.total_text()),
            rows: plan.rows(routine),
            card: card.clone(),
        }
    }
}

/// A routine's plan, one line per step with its start and length, scrolled by `scroll` lines
/// (kept within the steps). Once the log has been read it is the routine as it will play today:
/// its doses are the ones listed, and why they changed is said above the steps. Returns the
/// largest useful scroll: the last step at the bottom.
pub fn render(frame: &mut Frame, view: &PlanView, scroll: u16, theme: Theme) -> u16 {
    let area = frame.area();
    let card = &view.card;
    let routine = card.today.as_ref().map_or(&card.routine, |t| &t.routine);
    let notes = (card.today.as_ref())
        .map(|t| today_lines(&card.routine, t, theme))
        .unwrap_or_default();
    let mut head = vec![
        Line::from(Span::styled(
            routine.title.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(Span::styled(view.counts.clone(), theme.style(Tone::Dim))),
    ];
    head.extend(needs_lines(routine, area.width, theme));
    head.extend(limits_line(routine, theme));
    head.extend(notes);
    // The steps keep at least half the screen; the header wraps into the rest.
    let head_rows = wrapped_rows(&head, area.width).min(usize::from(area.height / 2));
    let [header, body, keys] = area.layout(&Layout::vertical([
        Constraint::Length(u16::try_from(head_rows).unwrap_or(2)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), header);
    let lines: Vec<Line> = (view.rows.iter())
        .map(|row| {
            Line::from(vec![
                Span::styled(
                    format!("{:>6} {:>6}  ", row.start, row.length),
                    theme.style(Tone::Dim),
                ),
                Span::raw(format!("{:<12} {}", row.title, row.subject)),
            ])
        })
        .collect();
    let max_scroll =
        u16::try_from(lines.len().saturating_sub(usize::from(body.height))).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll.min(max_scroll), 0)),
        body,
    );
    frame.render_widget(
        Paragraph::new("↑↓ scroll · enter start · q back").style(theme.style(Tone::Dim)),
        keys,
    );
    max_scroll
}
