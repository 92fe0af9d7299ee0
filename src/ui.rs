//! Drawing: pure functions from what the app holds (and a session view) to a ratatui buffer.
//! Nothing here changes state or reads the clock.

pub mod digits;
pub mod history;
pub mod home;
pub mod pain;
pub mod safety;
pub mod session;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// What the status line reports besides the session itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusLine {
    /// The sound state, always shown during a session: "sound on", "sound muted".
    pub sound: Option<String>,
    /// Something the person should know: the log is not being saved, a cue file was ignored.
    pub problem: Option<String>,
    /// At the get-ready of an exercise that hurt recently: "Last time: 6/10, sharp, ...".
    pub recall: Option<String>,
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
    let width = lines
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(0)
        .max(title.chars().count() + 2);
    let width = u16::try_from(width + 4).unwrap_or(u16::MAX).min(area.width);
    // Rows once wrapped inside the border, so nothing at the bottom is cut off.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
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

/// True when the terminal is smaller than the layouts need.
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}
