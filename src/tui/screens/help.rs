//! The `?` overlay: every key of the screen it is opened on (a session's, the home screen's), in
//! the first layout that fits the terminal whole (no line wrapped, none below the border).

use ratatui::Frame;
use ratatui::text::Line;

use super::{Theme, Tone, popup, popup_rows};
use crate::tui::keymap::{self, KeyRow};

const TITLE: &str = "keys";
const CLOSE: &str = "any key closes this";

/// Each key with what it does where there is room; on a small terminal each key with its one word
/// from the footer hints ("n → skip"), in two columns, or one where the width is short. Every key
/// is listed in each layout, and so is how to close it.
pub fn render(frame: &mut Frame, table: &[KeyRow], theme: Theme) {
    let area = frame.area();
    let full: Vec<Line> = keymap::help_lines(table).map(Line::from).collect();
    let short: Vec<String> = keymap::short_help_entries(table).collect();
    let layouts = [full, columns(&short, 2), columns(&short, 1)].map(|mut lines| {
        lines.extend([Line::from(""), Line::from(CLOSE)]);
        lines
    });
    let rows = |lines: &Vec<Line>| popup_rows(area, TITLE, lines);
    // Whole: no line wraps, and all of them fit inside the border.
    let whole = |lines: &Vec<Line>| {
        let rows = rows(lines);
        usize::from(rows) == lines.len() && rows.saturating_add(2) <= area.height
    };
    let chosen = (layouts.iter().position(whole))
        // Where none fits whole, the one that loses the fewest rows.
        .or_else(|| (0..layouts.len()).min_by_key(|&i| rows(&layouts[i])))
        .unwrap_or(0);
    let lines = layouts.into_iter().nth(chosen).unwrap_or_default();
    popup(frame, TITLE, lines, theme.style(Tone::Accent));
}

/// `entries` laid out in `n` columns, filled top to bottom, then left to right.
fn columns(entries: &[String], n: usize) -> Vec<Line<'static>> {
    let rows = entries.len().div_ceil(n.max(1));
    let width = (entries.iter())
        .map(|e| e.chars().count())
        .max()
        .unwrap_or(0)
        + 3;
    (0..rows)
        .map(|row| {
            let cells: Vec<String> = (0..n)
                .filter_map(|column| entries.get(column * rows + row))
                .map(|entry| format!("{entry:<width$}"))
                .collect();
            Line::from(cells.concat().trim_end().to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::tui::keymap::{HOME_KEYS, SESSION_KEYS};

    /// At every size down to the 40x12 minimum, and on a narrow or a low terminal, the overlay
    /// lists every key of the table and how to close it: nothing falls below its border.
    #[test]
    fn every_key_is_listed_at_every_size() {
        for (width, height) in [
            (40, 12),
            (45, 24),
            (60, 20),
            (80, 24),
            (100, 30),
            (100, 12),
            (30, 16),
        ] {
            for table in [&SESSION_KEYS[..], &HOME_KEYS[..]] {
                let mut terminal =
                    Terminal::new(TestBackend::new(width, height)).expect("terminal");
                terminal
                    .draw(|frame| render(frame, table, Theme { color: false }))
                    .expect("draw");
                let buffer = terminal.backend().buffer();
                let screen: String = (0..height)
                    .map(|y| {
                        let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
                        row + "\n"
                    })
                    .collect();
                // Each key on one line with what it does, or with its word where room is short.
                for row in table {
                    let short = format!("{} {}", row.keys.join(" "), row.short);
                    assert!(
                        screen.lines().any(|line| line.contains(row.keys[0])
                            && (line.contains(row.what) || line.contains(&short))),
                        "{width}x{height}, {row:?}:\n{screen}"
                    );
                }
                assert!(screen.contains(CLOSE), "{width}x{height}:\n{screen}");
            }
        }
    }
}
