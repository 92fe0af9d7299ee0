//! Large countdown digits, readable from across the room, drawn with block characters at a size
//! that suits the window.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Each glyph is 5 rows of 3 cells; `#` is filled.
const GLYPHS: [[&str; 5]; 10] = [
    ["###", "# #", "# #", "# #", "###"],
    [" # ", "## ", " # ", " # ", "###"],
    ["###", "  #", "###", "#  ", "###"],
    ["###", "  #", "###", "  #", "###"],
    ["# #", "# #", "###", "  #", "  #"],
    ["###", "#  ", "###", "  #", "###"],
    ["###", "#  ", "###", "# #", "###"],
    ["###", "  #", "  #", "  #", "  #"],
    ["###", "# #", "###", "# #", "###"],
    ["###", "# #", "###", "  #", "###"],
];
const COLON: [&str; 5] = [" ", "#", " ", "#", " "];
/// "4/15": a rep out of a set.
const SLASH: [&str; 5] = ["  #", "  #", " # ", "#  ", "#  "];
const BLANK: [&str; 5] = ["   "; 5];

/// Rows of a glyph.
const ROWS: u16 = 5;

/// How large the digits are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Two glyph rows to a terminal row, with half blocks: 3 rows tall, a glyph cell one
    /// column wide. For small windows.
    Half,
    /// Each glyph cell `rows` rows tall and `cols` columns wide (a terminal cell is about twice
    /// as tall as it is wide, so `cols` = 2 × `rows` keeps the shape).
    Full { rows: u16, cols: u16 },
}

impl Scale {
    /// Every scale, largest first.
    pub const ALL: [Scale; 6] = [
        Scale::Full { rows: 4, cols: 8 },
        Scale::Full { rows: 3, cols: 6 },
        Scale::Full { rows: 2, cols: 4 },
        Scale::Full { rows: 1, cols: 2 },
        Scale::Full { rows: 1, cols: 1 },
        Scale::Half,
    ];

    /// Terminal rows the digits take.
    pub fn height(self) -> u16 {
        match self {
            Scale::Half => ROWS.div_ceil(2),
            Scale::Full { rows, .. } => ROWS * rows,
        }
    }

    fn cols(self) -> usize {
        match self {
            Scale::Half => 1,
            Scale::Full { cols, .. } => cols.into(),
        }
    }
}

/// The text a countdown shows: plain seconds under a minute ("45"), else "m:ss".
pub fn clock_text(secs: u64) -> String {
    if secs < 60 {
        secs.to_string()
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

fn glyph(c: char) -> &'static [&'static str; 5] {
    match c {
        ':' => &COLON,
        '/' => &SLASH,
        d => d
            .to_digit(10)
            .and_then(|d| GLYPHS.get(d as usize))
            .unwrap_or(&BLANK),
    }
}

/// Whether glyph cell (`row`, `col`) of `text`'s glyph row pattern is filled, for each column
/// of the text at scale 1 (a glyph column apart between characters).
fn pattern_row(text: &str, row: usize) -> Vec<bool> {
    let mut cells = Vec::new();
    for (i, c) in text.chars().enumerate() {
        if i > 0 {
            cells.push(false);
        }
        cells.extend(glyph(c)[row].chars().map(|cell| cell == '#'));
    }
    cells
}

/// The lines drawing `text` (digits, ':' and '/') in block characters at `scale`.
pub fn big(text: &str, scale: Scale) -> Vec<String> {
    let cols = scale.cols();
    let widen = |cells: Vec<char>| -> String {
        (cells.into_iter())
            .flat_map(|c| std::iter::repeat_n(c, cols))
            .collect()
    };
    let fill = |filled: bool| if filled { '█' } else { ' ' };
    match scale {
        Scale::Half => (0..usize::from(ROWS))
            .step_by(2)
            .map(|top| {
                let upper = pattern_row(text, top);
                let lower = if top + 1 < usize::from(ROWS) {
                    pattern_row(text, top + 1)
                } else {
                    vec![false; upper.len()]
                };
                let cells = (upper.iter().zip(&lower))
                    .map(|(&up, &down)| match (up, down) {
                        (true, true) => '█',
                        (true, false) => '▀',
                        (false, true) => '▄',
                        (false, false) => ' ',
                    })
                    .collect();
                widen(cells)
            })
            .collect(),
        Scale::Full { rows, .. } => (0..usize::from(ROWS))
            .flat_map(|row| {
                let line = widen(pattern_row(text, row).into_iter().map(fill).collect());
                std::iter::repeat_n(line, rows.into())
            })
            .collect(),
    }
}

/// [`big`] centred in its area, each cell set directly: laying the same lines out as a
/// paragraph (graphemes, widths, styling the whole area) was most of the cost of the frame drawn
/// every second.
pub struct Big<'a> {
    pub text: &'a str,
    pub scale: Scale,
    pub style: Style,
}

impl Widget for Big<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let width = u16::try_from(width(self.text, self.scale)).unwrap_or(u16::MAX);
        let left = area.x + area.width.saturating_sub(width) / 2;
        for (line, y) in big(self.text, self.scale)
            .iter()
            .zip(area.top()..area.bottom())
        {
            for (c, x) in line.chars().zip(left..area.right()) {
                buf[(x, y)].set_char(c).set_style(self.style);
            }
        }
    }
}

/// How many cells wide `big(text, scale)` is.
pub fn width(text: &str, scale: Scale) -> usize {
    let cells: usize = text.chars().map(|c| if c == ':' { 1 } else { 3 }).sum();
    let gaps = text.chars().count().saturating_sub(1);
    (cells + gaps) * scale.cols()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_under_a_minute_then_minutes() {
        assert_eq!(clock_text(9), "9");
        assert_eq!(clock_text(59), "59");
        assert_eq!(clock_text(60), "1:00");
        assert_eq!(clock_text(125), "2:05");
    }

    #[test]
    fn big_digits_have_the_size_they_claim() {
        for text in ["10", "1:05", "7", "4/15"] {
            for scale in Scale::ALL {
                let lines = big(text, scale);
                assert_eq!(lines.len(), usize::from(scale.height()), "{text} {scale:?}");
                assert!(
                    lines
                        .iter()
                        .all(|l| l.chars().count() == width(text, scale)),
                    "{text} {scale:?}"
                );
            }
        }
    }

    /// Half blocks pack two glyph rows into one: the top bar of a 7, the two ends of a 1.
    #[test]
    fn half_size_digits_pack_two_rows_into_one() {
        assert_eq!(big("7", Scale::Half), ["▀▀█", "  █", "  ▀"]);
        assert_eq!(big("1", Scale::Half), ["▄█ ", " █ ", "▀▀▀"]);
    }
}
