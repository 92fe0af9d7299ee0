//! Drawing: pure functions from what the app holds (and a session view) to a ratatui buffer.
//! Nothing here changes state or reads the clock.

pub mod digits;
pub mod help;
pub mod history;
pub mod home;
pub mod pain;
pub mod plan;
pub mod remind;
pub mod safety;
pub mod session;
pub mod summary;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::keymap::Page;

/// What the status line reports besides the session itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusLine {
    /// The sound state, always shown during a session: "sound on", "sound muted".
    pub sound: Option<String>,
    /// Something the person should know all session long: the log is not being saved, a cue
    /// file was ignored.
    pub problem: Option<String>,
    /// A settings key that was ignored: said on home and at a session's first step, then the
    /// routine's title has the header back.
    pub settings: Option<String>,
    /// At the get-ready of an exercise that hurt recently: "Last time: 6/10, sharp, ...".
    pub recall: Option<String>,
}

/// How a scrolled text fits, as last drawn: what the keys that scroll need to know.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fit {
    /// The largest useful scroll: the last line of text at the bottom of the view.
    pub max_scroll: u16,
    /// Rows of text in view: how far a page moves.
    pub page: u16,
}

impl Fit {
    /// Where `scroll` goes on a page key: a page keeps one row of the last in view, so the eye
    /// finds its place.
    #[must_use]
    pub fn paged(self, scroll: u16, page: Page) -> u16 {
        let step = self.page.saturating_sub(1).max(1);
        match page {
            Page::Up => scroll.min(self.max_scroll).saturating_sub(step),
            Page::Down => scroll.saturating_add(step).min(self.max_scroll),
            Page::Top => 0,
            Page::Bottom => self.max_scroll,
        }
    }
}

/// A problem the person should know about on a screen without a status bar (home: a settings
/// key that was ignored), on the row above the key hints, cut with an ellipsis when too long.
pub fn render_notice(frame: &mut Frame, notice: &str, theme: Theme) {
    let area = frame.area();
    if area.height < 3 || area.width == 0 {
        return;
    }
    let row = Rect::new(area.x, area.bottom() - 2, area.width, 1);
    let room = usize::from(area.width);
    let text = if Span::raw(notice).width() > room {
        let mut cut = String::new();
        for c in notice.chars() {
            if Span::raw(format!("{cut}{c}…")).width() > room {
                break;
            }
            cut.push(c);
        }
        format!("{cut}…")
    } else {
        notice.to_owned()
    };
    frame.render_widget(Clear, row);
    frame.render_widget(Paragraph::new(text).style(theme.style(Tone::Paused)), row);
}

/// What the home and history screens say while the log is read.
pub const READING: &str = "reading your history…";

/// `line` word-wrapped to `width` columns, its styles kept, rows after the first indented by
/// `indent`. Done here rather than by the paragraph, so that a screen knows exactly how many
/// rows its text takes (for scrolling) and wrapped rows can hang under their text.
pub fn wrap(line: Line<'static>, width: u16, indent: usize) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if Span::raw(text.as_str()).width() <= width {
        return vec![line];
    }
    let indent = " ".repeat(indent.min(width / 2));
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    let mut fresh = true;
    for span in &line.spans {
        // A span's words are split at its spaces; its first word runs on from the span before.
        for (n, word) in span.content.split(' ').enumerate() {
            let len = Span::raw(word).width();
            let space = usize::from(n > 0);
            if !fresh && !word.is_empty() && used + space + len > width {
                rows.push(vec![Span::raw(indent.clone())]);
                used = indent.len();
                fresh = true;
            } else if n > 0 {
                if let Some(row) = rows.last_mut() {
                    row.push(Span::styled(" ", span.style));
                }
                used += 1;
            }
            if let Some(row) = rows.last_mut() {
                row.push(Span::styled(word.to_owned(), span.style));
            }
            used += len;
            fresh &= word.is_empty() || used <= indent.len();
        }
    }
    rows.into_iter().map(Line::from).collect()
}

/// The smallest terminal the full layouts are made for.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// The few colours that carry meaning, or none at all when `NO_COLOR` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

/// What a colour means on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Work: a hold, reps, a timed exercise, the warm-up.
    Work,
    /// Rest, switch, get ready, cool-down.
    Rest,
    /// Paused by the person or by an interruption.
    Paused,
    /// Pain reported.
    Pain,
    /// Done, complete.
    Success,
    /// Selection and highlights.
    Accent,
    /// Secondary text.
    Dim,
}

impl Theme {
    /// Colours unless the `NO_COLOR` convention (<https://no-color.org>) asks for none.
    pub fn from_env(no_color: Option<&std::ffi::OsStr>) -> Theme {
        Theme {
            color: no_color.is_none_or(std::ffi::OsStr::is_empty),
        }
    }

    pub fn style(self, tone: Tone) -> Style {
        if !self.color {
            return match tone {
                Tone::Pain | Tone::Paused | Tone::Accent => {
                    Style::default().add_modifier(Modifier::BOLD)
                }
                Tone::Work | Tone::Rest | Tone::Success | Tone::Dim => Style::default(),
            };
        }
        let fg = match tone {
            Tone::Work | Tone::Success => Color::Green,
            Tone::Rest => Color::Cyan,
            Tone::Paused => Color::Yellow,
            Tone::Pain => Color::Red,
            Tone::Accent => Color::Magenta,
            Tone::Dim => Color::DarkGray,
        };
        Style::default().fg(fg)
    }
}

/// A centred box with a border and wrapped lines, drawn over whatever is below.
pub fn popup(frame: &mut Frame, title: &str, lines: Vec<Line<'_>>, style: Style) {
    let area = frame.area();
    let (width, _) = popup_size(area, title, &lines);
    let height = popup_rows(area, title, &lines)
        .saturating_add(2)
        .min(area.height);
    let rect = area.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(" {title} "))
        .border_style(style);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

/// Rows a [`popup`] of `lines` needs inside its border once wrapped, so a caller can leave out
/// what does not fit rather than have the bottom cut off.
pub fn popup_rows<'a>(
    area: Rect,
    title: &str,
    lines: impl IntoIterator<Item = &'a Line<'a>>,
) -> u16 {
    let lines: Vec<&Line> = lines.into_iter().collect();
    let (_, inner) = popup_size(area, title, lines.iter().copied());
    let rows: usize = lines.iter().map(|l| wrapped_rows(l, inner)).sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// Rows `line` takes when word-wrapped into `width` columns as a wrapped paragraph draws it:
/// words go on the row while they fit, and a word longer than a row is cut across rows.
pub fn wrapped_rows(line: &Line, width: usize) -> usize {
    let width = width.max(1);
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let len = Span::raw(word).width();
        let start = if used == 0 { 0 } else { used + 1 };
        if start + len <= width {
            used = start + len;
        } else if len <= width {
            rows += 1;
            used = len;
        } else {
            // Cut across rows, starting on a row of its own.
            rows += usize::from(used > 0) + (len - 1) / width;
            used = (len - 1) % width + 1;
        }
    }
    rows
}

/// A popup's width in `area`, and the columns inside its border.
fn popup_size<'a>(
    area: Rect,
    title: &str,
    lines: impl IntoIterator<Item = &'a Line<'a>>,
) -> (u16, usize) {
    let width = lines
        .into_iter()
        .map(Line::width)
        .max()
        .unwrap_or(0)
        .max(title.chars().count() + 2);
    let width = u16::try_from(width + 4).unwrap_or(u16::MAX).min(area.width);
    (width, usize::from(width.saturating_sub(2)).max(1))
}

/// True when the terminal is smaller than the layouts need.
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::widgets::Widget;

    use super::*;
    use crate::core::pain::{Feel, Place, Report, Stage, guidance};

    /// Rows a wrapped paragraph of `line` fills at `width`.
    fn drawn_rows(line: &Line, width: u16, trim: bool) -> usize {
        let area = Rect::new(0, 0, width, 20);
        let mut buf = Buffer::empty(area);
        Paragraph::new(line.clone())
            .wrap(Wrap { trim })
            .render(area, &mut buf);
        let blank = |y| (0..width).all(|x| buf[(x, y)].symbol() == " ");
        (0..area.height)
            .rposition(|y| !blank(y))
            .map_or(1, |y| y + 1)
    }

    /// The rows counted for every line of the rule table's words are the rows a paragraph
    /// draws, at widths from 10 to 100: what a popup leaves out to fit is what would not.
    #[test]
    fn wrapped_rows_are_the_rows_a_paragraph_draws() {
        let mut lines = vec![
            "0-9: answer · ↑↓ change (to 10) · enter: ok".to_owned(),
            "a-word-longer-than-the-row-is-cut-across-rows and then more".to_owned(),
        ];
        for feel in Feel::ALL {
            let g = guidance(Report {
                severity: 8,
                place: Place::UpperBackNeck,
                feel,
                earlier: 1,
                stage: Stage::Exercise,
            });
            lines.push(g.why);
            lines.extend(g.advice);
            lines.extend(g.ended);
        }
        for text in &lines {
            let line = Line::from(text.as_str());
            for width in (10..=100).step_by(3) {
                for trim in [false, true] {
                    assert_eq!(
                        wrapped_rows(&line, width.into()),
                        drawn_rows(&line, width, trim),
                        "{text:?} at {width}, trim {trim}"
                    );
                }
            }
        }
    }
}
