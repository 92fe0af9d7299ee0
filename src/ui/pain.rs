//! The pain dialog: one question at a time over the frozen session, each answered with one key.

use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::{Theme, Tone, popup};
use crate::pain::{Choice, Dialog, Feel, Place, Question, RED_FLAG_ADVICE};

pub fn render(frame: &mut Frame, dialog: &Dialog, theme: Theme) {
    // Small terminals drop the blank lines and key hints so every option stays visible.
    let roomy = frame.area().height >= 16;
    let mut lines: Vec<Line> = Vec::new();
    let strong = theme.style(Tone::Pain).add_modifier(Modifier::BOLD);
    match dialog.question {
        Question::Severity => {
            lines.push(Line::from("Everything is paused. How bad is it?"));
            lines.push(Line::from(Span::styled(
                format!("{:>2} / 10   {}", dialog.severity, bar(dialog.severity)),
                strong,
            )));
            if roomy {
                lines.push(Line::from(""));
                lines.push(dim("0-9: answer · ↑↓ change · enter: ok (10)", theme));
            }
        }
        Question::Place => {
            lines.push(Line::from("Where does it hurt?"));
            options(
                &mut lines,
                Place::ALL.map(Place::as_str),
                dialog.place,
                theme,
            );
        }
        Question::Feel => {
            lines.push(Line::from("What does it feel like?"));
            options(&mut lines, Feel::ALL.map(Feel::as_str), dialog.feel, theme);
        }
        Question::Choice => {
            if dialog.red_flag() {
                advice(&mut lines, roomy, strong);
            }
            lines.push(Line::from("What now?"));
            options(
                &mut lines,
                Choice::ALL.map(Choice::label),
                dialog.choice,
                theme,
            );
        }
        Question::ConfirmResume => {
            advice(&mut lines, roomy, strong);
            lines.push(Line::from("Go on anyway? y: yes · any other key: back"));
        }
    }
    if roomy
        && !matches!(
            dialog.question,
            Question::Severity | Question::ConfirmResume
        )
    {
        lines.push(Line::from(""));
        let hint = if dialog.question == Question::Choice {
            "1-4: answer · ↑↓ move · enter: ok · esc: back"
        } else {
            "1-5: answer · ↑↓ move · enter: ok · esc: back"
        };
        lines.push(dim(hint, theme));
    }
    popup(frame, "something hurts", lines, theme.style(Tone::Pain));
}

fn options(
    lines: &mut Vec<Line>,
    names: impl IntoIterator<Item = &'static str>,
    selected: usize,
    theme: Theme,
) {
    for (i, name) in names.into_iter().enumerate() {
        let marker = if i == selected { "›" } else { " " };
        let style = if i == selected {
            theme.style(Tone::Accent).add_modifier(Modifier::BOLD)
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!("{marker} {} {name}", i + 1),
            style,
        )));
    }
}

/// The red-flag advice, with a blank line after it when there is room.
fn advice(lines: &mut Vec<Line>, roomy: bool, style: ratatui::style::Style) {
    for advice in RED_FLAG_ADVICE {
        lines.push(Line::from(Span::styled(advice, style)));
    }
    if roomy {
        lines.push(Line::from(""));
    }
}

fn dim(text: &'static str, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(text, theme.style(Tone::Dim)))
}

/// A ten-cell bar for the severity.
fn bar(severity: u8) -> String {
    let n = usize::from(severity.min(10));
    "■".repeat(n) + &"□".repeat(10 - n)
}
