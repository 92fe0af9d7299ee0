//! The "Before you start" screen: the screening text of [`crate::core::safety`], shown once before
//! the first session, and again from the home screen (`!`). Long text scrolls; when some of it is
//! out of view, the screen says so and says how to scroll.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, Tone};
use crate::core::safety;

/// Why the screen is up, which decides what Enter and q say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Before a session starts: Enter goes on to it, q leaves without starting.
    BeforeSession,
    /// Opened from the home screen to read: Enter and q go back.
    Reading,
}

pub use super::Fit;

/// The widest the text runs, so lines stay easy to read on a wide terminal.
const MAX_TEXT_WIDTH: u16 = 76;

/// Draws the screen with the text scrolled down by `scroll` rows (kept within the text), and
/// returns how the text fits.
pub fn render(frame: &mut Frame, scroll: u16, purpose: Purpose, theme: Theme) -> Fit {
    let area = frame.area();
    let width = area.width.saturating_sub(2).clamp(1, MAX_TEXT_WIDTH);
    let text = body(usize::from(width), theme);
    let rows = u16::try_from(text.len()).unwrap_or(u16::MAX);
    let gap = u16::from(area.height >= 16);
    // Title, a gap on taller screens, the keys; the rest is text, less a row to say there is more
    // when it does not all fit.
    let room = area.height.saturating_sub(2 + gap);
    let overflow = rows > room;
    let [title, _, view, more, keys] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(gap),
        Constraint::Fill(1),
        Constraint::Length(u16::from(overflow)),
        Constraint::Length(1),
    ]));
    let fit = Fit {
        max_scroll: rows.saturating_sub(view.height),
        page: view.height.max(1),
    };
    let scroll = scroll.min(fit.max_scroll);
    let column = |rect: Rect| {
        let x = rect.x + rect.width.saturating_sub(width) / 2;
        Rect {
            x,
            width: width.min(rect.width),
            ..rect
        }
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            safety::TITLE,
            theme.style(Tone::Accent).add_modifier(Modifier::BOLD),
        ))),
        column(title),
    );
    frame.render_widget(Paragraph::new(text).scroll((scroll, 0)), column(view));
    if overflow {
        let above = scroll > 0;
        let below = scroll < fit.max_scroll;
        let whereabouts = match (above, below) {
            (false, _) => "↓ more below",
            (true, true) => "↕ more above and below",
            (true, false) => "↑ more above",
        };
        let line = first_fitting(
            &[
                format!("{whereabouts} · ↑↓ j k PgUp PgDn: scroll"),
                format!("{whereabouts} · ↑↓ PgUp PgDn: scroll"),
                format!("{whereabouts} · ↑↓ PgUp PgDn"),
                format!("{whereabouts} · ↑↓"),
                whereabouts.to_owned(),
            ],
            column(more).width,
        );
        frame.render_widget(
            Paragraph::new(line).style(theme.style(Tone::Paused)),
            column(more),
        );
    }
    let choices: &[&str] = match purpose {
        Purpose::BeforeSession => &[
            "enter: I have read this, continue · q: leave without starting",
            "enter: continue · q: leave without starting",
            "enter: continue · q: leave",
            "enter continue · q leave",
        ],
        Purpose::Reading => &["enter or q: back"],
    };
    let choices: Vec<String> = choices.iter().map(|&c| c.to_owned()).collect();
    frame.render_widget(
        Paragraph::new(first_fitting(&choices, column(keys).width)).style(theme.style(Tone::Dim)),
        column(keys),
    );
    fit
}

/// The first of `choices` that fits in `width` columns, or the last one when none does.
fn first_fitting(choices: &[String], width: u16) -> String {
    choices
        .iter()
        .find(|c| c.chars().count() <= usize::from(width))
        .or(choices.last())
        .cloned()
        .unwrap_or_default()
}

/// The text below the title, wrapped to `width` columns: the intro, each heading (the one about
/// getting care now stands out) with its points as a bulleted list, the closing paragraphs.
fn body(width: usize, theme: Theme) -> Vec<Line<'static>> {
    let plain = Style::default();
    let mut lines = paragraph(safety::INTRO, width, "", "", plain);
    for (i, section) in safety::SECTIONS.iter().enumerate() {
        let tone = if i == 0 { Tone::Accent } else { Tone::Pain };
        lines.push(Line::from(""));
        lines.extend(paragraph(
            section.heading,
            width,
            "",
            "",
            theme.style(tone).add_modifier(Modifier::BOLD),
        ));
        for point in section.points {
            lines.extend(paragraph(point, width, "• ", "  ", plain));
        }
    }
    for text in safety::DURING {
        lines.push(Line::from(""));
        lines.extend(paragraph(text, width, "", "", plain));
    }
    lines
}

/// `text` wrapped at spaces to `width` columns, its first line starting with `first` and the
/// others with `rest` (a bullet and its hanging indent). A word longer than a line is cut into
/// pieces rather than lost.
fn paragraph(
    text: &str,
    width: usize,
    first: &str,
    rest: &str,
    style: Style,
) -> Vec<Line<'static>> {
    wrap(text, width.saturating_sub(first.chars().count()).max(1))
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let lead = if i == 0 { first } else { rest };
            Line::from(Span::styled(format!("{lead}{line}"), style))
        })
        .collect()
}

/// Greedy word wrap: as many whole words on each line as fit in `width` characters.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        // A word that cannot fit on any line goes in pieces.
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_word_within_the_width() {
        let text = safety::INTRO;
        for width in 1..=90 {
            let lines = wrap(text, width);
            assert!(
                lines.iter().all(|l| l.chars().count() <= width),
                "{width}: {lines:?}"
            );
            assert_eq!(
                lines.concat().replace(' ', ""),
                text.replace(' ', ""),
                "{width}"
            );
        }
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdefg", 3), ["abc", "def", "g"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn the_first_choice_that_fits_is_taken() {
        let choices = ["long choice".to_owned(), "short".to_owned()];
        assert_eq!(first_fitting(&choices, 20), "long choice");
        assert_eq!(first_fitting(&choices, 6), "short");
        assert_eq!(first_fitting(&choices, 2), "short");
    }
}
