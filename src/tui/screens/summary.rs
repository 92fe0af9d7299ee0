//! The summary shown when a session ends: what was done, skipped, how long it took, and what to
//! do after pain.

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, Tone};
use crate::core::pain;
use crate::core::plan::clock;
use crate::core::session::{Outcome, SessionView};

/// What was done, skipped, and how long it took.
pub fn render(frame: &mut Frame, view: &SessionView, outcome: Outcome, theme: Theme) {
    let (title, tone) = match outcome {
        Outcome::Completed => ("Routine complete. Well done.", Tone::Success),
        Outcome::Stopped => ("Session ended early.", Tone::Paused),
        Outcome::StoppedForPain => ("Session ended because something hurt.", Tone::Pain),
    };
    let mut lines = vec![
        Line::from(Span::styled(
            title,
            theme.style(tone).add_modifier(Modifier::BOLD),
        )),
        Line::from(view.routine.title.clone()),
        Line::from(active_line(view)),
        Line::from(""),
    ];
    // What the rule table says for the last report (or, unanswered, what suits any pain), before
    // the list of exercises, so that a small terminal cuts the list, not this.
    let advice = pain::after_session(outcome == Outcome::StoppedForPain, view.pain);
    if !advice.is_empty() {
        for line in advice {
            lines.push(Line::from(Span::styled(line, theme.style(Tone::Pain))));
        }
        lines.push(Line::from(""));
    }
    for (i, exercise) in view.routine.exercises.iter().enumerate() {
        let (mark, note, tone) = if view.completed.contains(&i) {
            ("✓", "", Tone::Success)
        } else if view.skipped.contains(&i) {
            ("↷", " (skipped)", Tone::Dim)
        } else {
            ("·", " (not done)", Tone::Dim)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), theme.style(tone)),
            Span::raw(format!("{}{note}", exercise.name)),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "enter or q: close",
        theme.style(Tone::Dim),
    )));
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        frame.area(),
    );
}

/// "Active time 5:18", noting a preview's speed (its times are real, not the routine's).
pub fn active_line(view: &SessionView) -> String {
    let active = format!("Active time {}", clock(view.active.as_secs()));
    if view.speed > 1 {
        format!("{active} (a preview at {}× speed)", view.speed)
    } else {
        active
    }
}
