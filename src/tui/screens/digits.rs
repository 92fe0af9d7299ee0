//! Large countdown digits, readable from across the room, drawn with block characters.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
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

pub const HEIGHT: u16 = 5;

/// The text a countdown shows: plain seconds under a minute ("45"), else "m:ss".
pub fn clock_text(secs: u64) -> String {
    if secs < 60 {
        secs.to_string()
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

/// Five lines drawing `text` (digits and ':') in block characters, each cell `scale` wide.
pub fn big(text: &str, scale: usize) -> Vec<Line<'static>> {
    (0..HEIGHT as usize)
        .map(|row| {
            let mut line = String::new();
            for (i, c) in text.chars().enumerate() {
                if i > 0 {
                    line.push_str(&" ".repeat(scale));
                }
                let pattern = match c {
                    ':' => COLON[row],
                    d => d.to_digit(10).map_or("   ", |d| GLYPHS[d as usize][row]),
                };
                for cell in pattern.chars() {
                    let fill = if cell == '#' { '█' } else { ' ' };
                    line.extend(std::iter::repeat_n(fill, scale));
                }
            }
            Line::from(line)
        })
        .collect()
}

/// [`big`] centred in its area, each cell set directly: laying the same lines out as a
/// paragraph (graphemes, widths, styling the whole area) was most of the cost of the frame drawn
/// every second.
pub struct Big<'a> {
    pub text: &'a str,
    pub scale: usize,
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
            let cells = line.spans.iter().flat_map(|span| span.content.chars());
            for (c, x) in cells.zip(left..area.right()) {
                buf[(x, y)].set_char(c).set_style(self.style);
            }
        }
    }
}

/// How many cells wide `big(text, scale)` is.
pub fn width(text: &str, scale: usize) -> usize {
    let cells: usize = text.chars().map(|c| if c == ':' { 1 } else { 3 }).sum();
    let gaps = text.chars().count().saturating_sub(1);
    (cells + gaps) * scale
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
    fn big_digits_have_the_width_they_claim() {
        for (text, scale) in [("10", 1), ("1:05", 2), ("7", 2)] {
            let lines = big(text, scale);
            assert_eq!(lines.len(), 5);
            assert!(lines.iter().all(|l| l.width() == width(text, scale)));
        }
    }
}
