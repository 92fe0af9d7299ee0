//! The pain dialog: one question at a time over the frozen session, each answered with one key.
//! Every word and choice comes from [`crate::core::pain`]; this only lays them out.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{Theme, Tone, popup, popup_rows};
use crate::core::pain::{Dialog, Level, Question, severity_words};

const TITLE: &str = "something hurts";

/// How readily a line gives way on a small terminal: the answers and what they mean never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Keep {
    Always,
    /// Advice after the first line, dropped last line first.
    Advice,
    /// "What now?", once the options below say it.
    Prompt,
    /// Blank lines and key hints.
    Spacing,
}

pub fn render(frame: &mut Frame, dialog: &Dialog, theme: Theme) {
    let mut lines = guidance_lines(dialog, theme);
    lines.extend(question_lines(dialog, theme));
    // On a small terminal, what gives way first goes first, the last such line first.
    let room = frame.area().height.saturating_sub(2);
    while popup_rows(frame.area(), TITLE, lines.iter().map(|(l, _)| l)) > room {
        let Some(most) = lines
            .iter()
            .map(|(_, k)| *k)
            .filter(|&k| k != Keep::Always)
            .max()
        else {
            break;
        };
        if let Some(i) = lines.iter().rposition(|(_, k)| *k == most) {
            lines.remove(i);
        }
    }
    // A blank line at the end says nothing.
    while lines.last().is_some_and(|(l, _)| l.width() == 0) {
        lines.pop();
    }
    popup(
        frame,
        TITLE,
        lines.into_iter().map(|(l, _)| l).collect(),
        theme.style(Tone::Pain),
    );
}

/// Once the feeling is answered: why the preselected choice, and the advice, in red when the
/// table says to stop.
fn guidance_lines(dialog: &Dialog, theme: Theme) -> Vec<(Line<'static>, Keep)> {
    let Some(guidance) = dialog.guidance() else {
        return Vec::new();
    };
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let (why, advice) = match guidance.level {
        Level::StopExercise | Level::StopSession => {
            (theme.style(Tone::Pain).patch(bold), theme.style(Tone::Pain))
        }
        Level::GoOn | Level::Gently => (bold, Style::default()),
    };
    let mut lines = vec![(Line::from(Span::styled(guidance.why, why)), Keep::Always)];
    for (i, line) in guidance.advice.into_iter().enumerate() {
        let keep = if i == 0 { Keep::Always } else { Keep::Advice };
        lines.push((Line::from(Span::styled(line, advice)), keep));
    }
    lines.push(blank());
    lines
}

/// The question, its answers with the highlighted one marked, and its keys.
fn question_lines(dialog: &Dialog, theme: Theme) -> Vec<(Line<'static>, Keep)> {
    let strong = theme.style(Tone::Pain).add_modifier(Modifier::BOLD);
    let dim = |text: String| {
        (
            Line::from(Span::styled(text, theme.style(Tone::Dim))),
            Keep::Spacing,
        )
    };
    let mut lines = Vec::new();
    match dialog.question() {
        Question::Severity => {
            let severity = dialog.severity();
            let scale = format!(
                "{severity:>2} / 10   {}  {}",
                bar(severity),
                severity_words(severity)
            );
            lines.push((Line::from(dialog.prompt()), Keep::Always));
            lines.push((Line::from(Span::styled(scale, strong)), Keep::Always));
            lines.push(blank());
            lines.push(dim("0-9: answer · ↑↓ change (to 10) · enter: ok".to_owned()));
        }
        Question::Place | Question::Feel | Question::Choice => {
            let keep = if dialog.question() == Question::Choice {
                Keep::Prompt
            } else {
                Keep::Always
            };
            lines.push((Line::from(dialog.prompt()), keep));
            let offers = dialog.offers();
            for offer in &offers {
                let (marker, style) = if offer.number == dialog.selected() {
                    ("›", theme.style(Tone::Accent).add_modifier(Modifier::BOLD))
                } else {
                    (" ", Style::default())
                };
                let text = format!("{marker} {} {}", offer.number, offer.label);
                lines.push((Line::from(Span::styled(text, style)), Keep::Always));
            }
            lines.push(blank());
            lines.push(dim(format!(
                "1-{}: answer · ↑↓ move · enter: ok · esc: back",
                offers.len()
            )));
        }
        Question::ConfirmResume => {
            let text = format!("{} y: yes · any other key: back", dialog.prompt());
            let style = theme.style(Tone::Accent).add_modifier(Modifier::BOLD);
            lines.push((Line::from(Span::styled(text, style)), Keep::Always));
        }
    }
    lines
}

fn blank() -> (Line<'static>, Keep) {
    (Line::from(""), Keep::Spacing)
}

/// A ten-cell bar for the severity.
fn bar(severity: u8) -> String {
    let n = usize::from(severity.min(10));
    "■".repeat(n) + &"□".repeat(10 - n)
}
