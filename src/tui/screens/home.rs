//! The home screen: how today stands, the routines to pick from, and the chosen one in detail.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, Tone};
use crate::core::history::{SessionRecord, Stats, week_words};
use crate::core::plan::{Plan, clock};
use crate::core::progress::{Prepared, Reason};
use crate::core::routine::{Dosage, Exercise, Routine, Sides};
use crate::core::wording::plural;
use crate::storage::catalog::Broken;

/// The home screen's content, prepared when the routines or the log change, so that a frame only
/// lays it out: no planning and no history work at each frame.
#[derive(Debug, Clone)]
pub struct HomeView {
    /// How today stands, once the log has been read.
    pub status: HomeStatus,
    /// Every routine, in the list's order.
    pub routines: Vec<RoutineCard>,
    /// The user's routine files that cannot be used, listed after the routines.
    pub broken: Vec<Broken>,
    /// "next stretch in 23m" or "stretch due now", when reminders are on and it is working hours.
    pub reminder: Option<String>,
}

impl HomeView {
    /// The rows of the list: the routines, then the broken files.
    pub fn rows(&self) -> usize {
        self.routines.len() + self.broken.len()
    }
}

/// What the top line can say about today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeStatus {
    /// No log to read (a test, or no data folder).
    Waiting,
    /// The log is being read.
    Reading,
    Read(Today),
}

/// Today's figures for the top line: "done today · 2 of 3 this week · streak 5 days" (the week
/// in [`week_words`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    /// A session that counts for the streak (an exercise finished) started today.
    pub done: bool,
    /// Sessions this week that count towards the goal.
    pub week: u32,
    pub goal: u32,
    pub streak: u32,
}

impl Today {
    pub fn of(stats: &Stats) -> Today {
        Today {
            done: (stats.days.last()).is_some_and(|d| d.date == stats.today && d.counts),
            week: stats.this_week.sessions,
            goal: stats.this_week.goal,
            streak: stats.current_streak,
        }
    }

    /// The top line, longest first: the first that fits is drawn.
    fn lines(self) -> [String; 4] {
        let done = if self.done {
            "done today"
        } else {
            "not yet today"
        };
        let [week, shorter, shortest] = week_words(self.week, self.goal);
        let streak = self.streak;
        [
            format!("{done} · {week} · streak {}", plural(streak, "day")),
            format!("{done} · {shorter} · streak {streak}"),
            format!("{done} · {shortest} · streak {streak}"),
            done.to_owned(),
        ]
    }
}

/// One routine as the home and plan screens show it.
#[derive(Debug, Clone)]
pub struct RoutineCard {
    /// As its file has it.
    pub routine: Routine,
    /// Its length as its file plans it: "5:30".
    pub length: String,
    /// As it plays today (doses from the log, recent pain), once the log has been read.
    pub today: Option<Prepared>,
    /// Its length today, when today's doses make it differ from [`RoutineCard::length`].
    pub today_length: Option<String>,
    /// When it was last done ("yesterday"), once the log has been read; `None` if never.
    pub last_done: Option<String>,
}

impl RoutineCard {
    /// Plans `routine` once, for its length in the list, and as it plays today if known.
    pub fn new(routine: Routine, today: Option<Prepared>) -> RoutineCard {
        let length = clock(Plan::new(&routine).total_secs);
        let today_length = (today.as_ref())
            .map(|t| clock(Plan::new(&t.routine).total_secs))
            .filter(|l| *l != length);
        RoutineCard {
            length,
            routine,
            today,
            today_length,
            last_done: None,
        }
    }

    /// Notes when the routine was last done, from the log's `sessions` as of `today`: the last
    /// session of it that counts (an exercise finished), as the streak and the top line count.
    #[must_use]
    pub fn done_last(mut self, sessions: &[SessionRecord], today: jiff::civil::Date) -> Self {
        let last = (sessions.iter())
            .filter(|s| s.routine == self.routine.id && !s.preview && s.counts())
            .map(|s| s.start.date())
            .max();
        self.last_done = last.map(|date| days_ago(today, date));
        self
    }

    /// The routine as it plays today, or as its file has it before the log is read.
    fn playing(&self) -> &Routine {
        self.today.as_ref().map_or(&self.routine, |t| &t.routine)
    }
}

/// "today", "yesterday", "3 days ago".
fn days_ago(today: jiff::civil::Date, date: jiff::civil::Date) -> String {
    match (today - date).get_days() {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n if n > 1 => format!("{n} days ago"),
        _ => date.to_string(),
    }
}

/// What marks a length or a dose that has grown with practice, and what the mark means.
const GROWN: &str = "*";
const GROWN_LEGEND: [&str; 2] = [
    "* longer today: doses grown with practice",
    "* grown with practice",
];

/// Beside an exercise that hurt in the last two weeks, as on the history's calendar.
const HURT_MARK: &str = "!";

/// The home screen: the top line (how today stands), the routines under column headings, the
/// chosen one's details (two columns where the width allows: what it is, then its exercises
/// with today's doses) and the keys.
pub fn render_home(frame: &mut Frame, view: &HomeView, selected: usize, theme: Theme) {
    let area = frame.area();
    let tall = area.height >= 16;
    let grown = view.routines.iter().any(|c| c.today_length.is_some());
    let list_rows = 1 + view.rows() + usize::from(grown) + usize::from(tall);
    let header_rows: u16 = if tall { 2 } else { 1 };
    // Tall enough: the list takes the rows it needs, leaving the details at least 8; short: the
    // details keep 3 rows and the list scrolls.
    let (list_rows, details_rows) = if tall {
        let rows = u16::try_from(list_rows).unwrap_or(u16::MAX);
        (
            Constraint::Length(rows.min(area.height - header_rows - 1 - 8)),
            Constraint::Fill(1),
        )
    } else {
        (Constraint::Fill(1), Constraint::Length(3))
    };
    let [header, list, details, keys] = area.layout(&Layout::vertical([
        Constraint::Length(header_rows),
        list_rows,
        details_rows,
        Constraint::Length(1),
    ]));
    render_header(frame, header, view, theme);
    render_list(frame, list, view, selected, theme);
    let broken = selected.checked_sub(view.routines.len());
    match (
        view.routines.get(selected),
        broken.and_then(|i| view.broken.get(i)),
    ) {
        (Some(card), _) => render_details(frame, details, card, theme),
        (None, Some(file)) => render_broken(frame, details, file, theme),
        (None, None) => {}
    }
    let can_start = selected < view.routines.len();
    let choices: &[&str] = match (can_start, view.status != HomeStatus::Waiting) {
        (true, true) => &[
            "↑↓ 1-9 choose · enter start · s plan · h history · ! safety · ? keys · q quit",
            "↑↓ choose · enter start · s plan · h history · ! safety · ? keys · q quit",
            "enter start · s plan · h history · ! safety · ? keys",
            "enter start · s plan · h history · ? keys",
            "enter start · s plan · ? keys",
        ],
        (true, false) => &[
            "↑↓ 1-9 choose · enter start · s plan · ! safety · ? keys · q quit",
            "↑↓ choose · enter start · s plan · ! safety · ? keys · q quit",
            "enter start · s plan · ! safety · ? keys",
            "enter start · s plan · ? keys",
        ],
        (false, _) => &[
            "↑↓ 1-9 choose · mend the file to start it · ? keys · q quit",
            "↑↓ choose · mend the file to start it · q quit",
            "mend the file to start it · ? keys",
        ],
    };
    frame.render_widget(
        Paragraph::new(longest_fitting(choices, keys.width)).style(theme.style(Tone::Dim)),
        keys,
    );
}

/// The first of `choices` (longest first) that fits `width`, or the last.
fn longest_fitting<'a>(choices: &[&'a str], width: u16) -> &'a str {
    (choices.iter())
        .find(|c| c.chars().count() <= usize::from(width))
        .or(choices.last())
        .copied()
        .unwrap_or_default()
}

/// "stretchy" and how today stands, on two rows, or on one where rows are short.
/// "stretchy" with today's line below it, and the next break on the right of the first line
/// where it fits.
fn render_header(frame: &mut Frame, area: Rect, view: &HomeView, theme: Theme) {
    let status = &view.status;
    let lines: Vec<String> = match status {
        HomeStatus::Waiting => vec!["Pick a routine for your back".to_owned()],
        HomeStatus::Reading => vec![super::READING.to_owned()],
        HomeStatus::Read(today) => today.lines().to_vec(),
    };
    let choices: Vec<&str> = lines.iter().map(String::as_str).collect();
    let title = Span::styled(
        "stretchy",
        theme.style(Tone::Accent).add_modifier(Modifier::BOLD),
    );
    let tone = match status {
        HomeStatus::Read(Today { done: true, .. }) => Tone::Success,
        HomeStatus::Waiting | HomeStatus::Reading | HomeStatus::Read(_) => Tone::Dim,
    };
    let text = if area.height >= 2 {
        let status = longest_fitting(&choices, area.width);
        let mut first = vec![title];
        if let Some(reminder) = &view.reminder {
            // "stretchy", at least two spaces, then the reminder flush right.
            let room = usize::from(area.width).saturating_sub("stretchy".len());
            let wide = reminder.chars().count();
            if wide + 2 <= room {
                first.push(Span::raw(" ".repeat(room - wide)));
                first.push(Span::styled(reminder.clone(), theme.style(Tone::Accent)));
            }
        }
        vec![
            Line::from(first),
            Line::from(Span::styled(status.to_owned(), theme.style(tone))),
        ]
    } else {
        let status = longest_fitting(&choices, area.width.saturating_sub(11));
        vec![Line::from(vec![
            title,
            Span::styled(" · ", theme.style(Tone::Dim)),
            Span::styled(status.to_owned(), theme.style(tone)),
        ])]
    };
    frame.render_widget(Paragraph::new(text), area);
}

/// A column of the list: its heading, and its cell for each routine.
struct Column {
    heading: &'static str,
    cells: Vec<String>,
    right: bool,
}

impl Column {
    fn width(&self) -> usize {
        (self.cells.iter().map(|c| c.chars().count()))
            .chain([self.heading.chars().count()])
            .max()
            .unwrap_or(0)
    }

    fn cell(&self, row: usize) -> String {
        let width = self.width();
        let cell = self.cells.get(row).map_or("", String::as_str);
        if self.right {
            format!("{cell:>width$}")
        } else {
            format!("{cell:<width$}")
        }
    }
}

/// The routines under column headings, the chosen one marked and kept in view, numbered 1-9 for
/// the number keys: title, place and today's length always; what it needs, how many exercises,
/// when it was last done and how often it is meant to be done, each as the width allows. Then
/// the broken files, and what the mark on a grown length means.
fn render_list(frame: &mut Frame, area: Rect, view: &HomeView, selected: usize, theme: Theme) {
    let cards = &view.routines;
    let width = usize::from(area.width);
    let (title_width, columns) = list_columns(view, width);
    let heading: String = std::iter::once(format!("   {:<title_width$}", "ROUTINE"))
        .chain(columns.iter().map(|c| {
            let w = c.width();
            if c.right {
                format!("  {:>w$}", c.heading)
            } else {
                format!("  {:<w$}", c.heading)
            }
        }))
        .collect();
    let mut rows: Vec<Line> = cards
        .iter()
        .enumerate()
        .map(|(i, card)| {
            let cells = columns.iter().fold(String::new(), |mut line, c| {
                line.push_str("  ");
                line.push_str(&c.cell(i));
                line
            });
            let title = cut(&card.routine.title, title_width);
            let (head, style) = row_head(i, selected, theme);
            Line::from(vec![
                Span::styled(format!("{head}{title:<title_width$}"), style),
                Span::styled(cells.trim_end().to_owned(), theme.style(Tone::Dim)),
            ])
        })
        .collect();
    for (i, file) in view.broken.iter().enumerate() {
        let index = cards.len() + i;
        let (head, style) = row_head(index, selected, theme);
        let name = cut(file_name(file), title_width);
        let rest = width.saturating_sub(3 + title_width + 2);
        rows.push(Line::from(vec![
            Span::styled(format!("{head}{name:<title_width$}"), style),
            Span::styled(
                format!("  {}", cut(&format!("broken: {}", file.problem), rest)),
                theme.style(Tone::Pain),
            ),
        ]));
    }
    let mut below = Vec::new();
    if cards.iter().any(|c| c.today_length.is_some()) {
        below.push(Line::from(Span::styled(
            longest_fitting(&GROWN_LEGEND, area.width).to_owned(),
            theme.style(Tone::Dim),
        )));
    }
    // The legend right under the rows; where rows are short, the rows scroll above it, and a
    // row under them says how many are out of view, above and below.
    let below_rows = u16::try_from(below.len()).unwrap_or(0);
    let room = usize::from(area.height.saturating_sub(1 + below_rows));
    let overflow = rows.len() > room;
    let visible = room.saturating_sub(usize::from(overflow)).max(1);
    // Keep the chosen routine in view.
    let scroll = (selected + 1).saturating_sub(visible);
    let more = more_line(scroll, rows.len().saturating_sub(scroll + visible));
    let [heading_area, rows_area, more_area, below_area] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::try_from(visible.min(rows.len())).unwrap_or(u16::MAX)),
        Constraint::Length(u16::from(overflow)),
        Constraint::Length(below_rows),
    ]));
    frame.render_widget(
        Paragraph::new(Span::styled(
            heading.trim_end().to_owned(),
            theme.style(Tone::Dim).add_modifier(Modifier::BOLD),
        )),
        heading_area,
    );
    frame.render_widget(
        Paragraph::new(rows).scroll((u16::try_from(scroll).unwrap_or(0), 0)),
        rows_area,
    );
    frame.render_widget(
        Paragraph::new(more).style(theme.style(Tone::Dim)),
        more_area,
    );
    frame.render_widget(Paragraph::new(below), below_area);
}

/// "   ↑ 1 more · ↓ 2 more": how many routines are out of view, above and below the rows.
fn more_line(above: usize, below: usize) -> String {
    let parts: Vec<String> = [(above, "↑"), (below, "↓")]
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, arrow)| format!("{arrow} {n} more"))
        .collect();
    format!("   {}", parts.join(" · "))
}

/// The width of the title column and the columns after it that fit `width`: place and today's
/// length always, the others as long as they fit, in their order; the title shortens (down to
/// 12) before a column is left out.
fn list_columns(view: &HomeView, width: usize) -> (usize, Vec<Column>) {
    let cards = &view.routines;
    let column = |heading, right, cell: &dyn Fn(&RoutineCard) -> String| Column {
        heading,
        cells: cards.iter().map(cell).collect(),
        right,
    };
    let grown = cards.iter().any(|c| c.today_length.is_some());
    let fixed = [
        column("PLACE", false, &|c| c.routine.place.as_str().to_owned()),
        column("TIME", true, &|c| match &c.today_length {
            Some(today) => format!("{today}{GROWN}"),
            None if grown => format!("{} ", c.length),
            None => c.length.clone(),
        }),
    ];
    // In the order they give way when the width runs short: the last first.
    let optional = [
        column("NEEDS", false, &|c| c.routine.needs_short()),
        column("EXERCISES", true, &|c| {
            c.routine.exercises.len().to_string()
        }),
        column("LAST DONE", false, &|c| {
            c.last_done.clone().unwrap_or_else(|| "-".to_owned())
        }),
        column("HOW OFTEN", false, &|c| {
            c.routine.frequency.clone().unwrap_or_default()
        }),
    ];
    let widest_title = (cards.iter().map(|c| c.routine.title.chars().count()))
        .chain(view.broken.iter().map(|b| file_name(b).chars().count()))
        .chain(["ROUTINE".len()])
        .max()
        .unwrap_or(0);
    let fixed_width: usize = fixed.iter().map(|c| 2 + c.width()).sum();
    let title_width = widest_title
        .min(width.saturating_sub(3 + fixed_width))
        .max(12);
    let mut used = 3 + title_width + fixed_width;
    let show_last_done = cards.iter().any(|c| c.last_done.is_some());
    let mut columns: Vec<Column> = fixed.into_iter().collect();
    for column in optional {
        let empty = column.cells.iter().all(String::is_empty);
        if empty || (column.heading == "LAST DONE" && !show_last_done) {
            continue;
        }
        if used + 2 + column.width() > width {
            break;
        }
        used += 2 + column.width();
        columns.push(column);
    }
    (title_width, columns)
}

/// The start of row `i`: the mark of the chosen one, its number key (1-9), and its style.
fn row_head(i: usize, selected: usize, theme: Theme) -> (String, Style) {
    let number = if i < 9 {
        char::from(b'1' + u8::try_from(i).unwrap_or(0))
    } else {
        ' '
    };
    if i == selected {
        (
            format!("›{number} "),
            theme.style(Tone::Accent).add_modifier(Modifier::BOLD),
        )
    } else {
        (format!(" {number} "), Style::default())
    }
}

/// `text` cut to `width` characters, with an ellipsis when it was longer.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}

/// A broken file's name, as the list shows it.
fn file_name(file: &Broken) -> &str {
    (file.path.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

/// A broken file chosen: the command that shows what is wrong with it first, on a line of its
/// own (where rows are short, it is what stays), then what to do and its first problem whole
/// (the list shows its start).
fn render_broken(frame: &mut Frame, area: Rect, file: &Broken, theme: Theme) {
    let what = match file.problems {
        1 => "what is wrong".to_owned(),
        n => format!("the {n} things wrong"),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled("Cannot start it. ", theme.style(Tone::Pain)),
            Span::raw(format!("To see {what}:")),
        ]),
        Line::from(format!("  {}", file.check_command())),
        Line::from("Mend the file, then reopen stretchy."),
        Line::from(vec![
            Span::styled("First problem: ", theme.style(Tone::Dim)),
            Span::raw(file.problem.clone()),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// One part of the details, with how much it matters when rows run short.
struct Block {
    lines: Vec<Line<'static>>,
    /// Parts of higher rank give way first; rank 0 must be read whole (limits, safety).
    rank: u8,
}

/// The ranks of the summary and the needs: where even the parts of rank 0 cannot fit whole and
/// there are no limits, these stay, to help choose.
const SUMMARY: u8 = 3;
const NEEDS: u8 = 2;

/// The chosen routine: what it is, where and with what, its exercises with today's doses, when
/// not to do it, today's changes and recent pain, and its safety line. Side by side where the
/// width allows (the exercises on the right); one above the other elsewhere, the lesser parts
/// giving way when rows run short.
fn render_details(frame: &mut Frame, area: Rect, card: &RoutineCard, theme: Theme) {
    let routine = &card.routine;
    let mut about = vec![
        Block {
            lines: if routine.summary.is_empty() {
                Vec::new()
            } else {
                vec![Line::from(routine.summary.clone())]
            },
            rank: SUMMARY,
        },
        Block {
            lines: needs_lines(routine, area.width, theme),
            rank: NEEDS,
        },
        Block {
            lines: vec![place_line(routine, theme)],
            rank: 4,
        },
        Block {
            lines: card
                .last_done
                .iter()
                .map(|when| {
                    Line::from(vec![
                        Span::styled("Last done: ", theme.style(Tone::Dim)),
                        Span::raw(when.clone()),
                    ])
                })
                .collect(),
            rank: 5,
        },
    ];
    // Today's lines one block each, so that as many as fit are shown, before the needs and the
    // blurb: recent pain first, then the doses that changed (today_lines puts the pain last).
    let mut today: Vec<Line> = (card.today.as_ref())
        .map(|t| today_lines(routine, t, theme))
        .unwrap_or_default();
    let pains = card
        .today
        .as_ref()
        .map_or(0, |t| t.memory.len())
        .min(today.len());
    today.rotate_right(pains);
    let mut rest = vec![Block {
        lines: limits_line(routine, theme).into_iter().collect(),
        rank: 0,
    }];
    rest.extend(today.into_iter().map(|line| Block {
        lines: vec![line],
        rank: 1,
    }));
    rest.push(Block {
        lines: vec![Line::from(vec![
            Span::styled("Safety: ", theme.style(Tone::Paused)),
            Span::raw(routine.safety.clone()),
        ])],
        rank: 0,
    });
    if area.width >= 90 && area.height >= 8 {
        // The exercises' column is the wider: its lines are cut, the prose on the left wraps.
        let [left, _, right] = area.layout(&Layout::horizontal([
            Constraint::Percentage(44),
            Constraint::Length(2),
            Constraint::Fill(1),
        ]));
        about.extend(rest);
        fit_blocks(frame, left, about, routine.limits.is_some());
        let exercises = exercise_lines(card, right.width, right.height, theme);
        frame.render_widget(Paragraph::new(exercises), right);
    } else {
        // One line each: set-up lines are for the roomy two-column layout.
        about.push(Block {
            lines: exercise_lines(card, area.width, 0, theme),
            rank: 6,
        });
        about.extend(rest);
        fit_blocks(frame, area, about, routine.limits.is_some());
    }
}

/// Draws `blocks` in their order, leaving out the highest-ranked (then the later of equal rank)
/// until the rest fit `area` when word-wrapped. Where even the parts that must be read whole do
/// not fit, the limits come first if there are any; if not, the other parts stay, to help
/// choose, and the rest is cut.
fn fit_blocks(frame: &mut Frame, area: Rect, mut blocks: Vec<Block>, has_limits: bool) {
    let rows = |blocks: &[Block]| -> usize {
        (blocks.iter())
            .map(|b| wrapped_rows(&b.lines, area.width))
            .sum()
    };
    let height = usize::from(area.height);
    loop {
        if rows(&blocks) <= height {
            break;
        }
        let lowest = (blocks.iter().enumerate())
            .filter(|(_, b)| b.rank > 0 && !b.lines.is_empty())
            .max_by_key(|&(i, b)| (b.rank, i))
            .map(|(i, _)| i);
        let must = blocks.iter().filter(|b| b.rank == 0);
        let must_rows: usize = must.map(|b| wrapped_rows(&b.lines, area.width)).sum();
        match lowest {
            // Cramped without limits: keep what helps choose, cut the safety line.
            Some(_) if must_rows > height && !has_limits => {
                let keep = |b: &Block| matches!(b.rank, 0 | SUMMARY | NEEDS);
                blocks.retain(keep);
                break;
            }
            Some(i) => {
                blocks.remove(i);
            }
            None => break,
        }
    }
    let lines: Vec<Line> = blocks.into_iter().flat_map(|b| b.lines).collect();
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// "Place: desk (standing or seated, never on the floor)".
fn place_line(routine: &Routine, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled("Place: ", theme.style(Tone::Dim)),
        Span::raw(format!(
            "{} ({})",
            routine.place.as_str(),
            routine.place.meaning()
        )),
    ])
}

/// The exercises with today's doses, one line each ("1 Wall stretch  hold 30 s × 2"), with
/// below each (wrapped, indented) its set-up lines, then also its cues and caution, as far as
/// `height` rows allow them for every exercise; a grown dose is marked. An exercise's own line
/// is cut to `width`, never wrapped.
fn exercise_lines(card: &RoutineCard, width: u16, height: u16, theme: Theme) -> Vec<Line<'static>> {
    let routine = card.playing();
    let grown = |i: usize| {
        (card.today.as_ref())
            .is_some_and(|t| t.doses.iter().any(|d| d.exercise == i && d.steps_up > 0))
    };
    let width = usize::from(width);
    let name_width = (routine.exercises.iter())
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0);
    // Marked `!`, as pain is on the history's calendar, and said under "Hurt recently".
    let hurt =
        |i: usize| (card.today.as_ref()).is_some_and(|t| t.memory.iter().any(|m| m.exercise == i));
    let mut heading = vec![Span::styled(
        format!("{} today", plural(routine.exercises.len(), "exercise")),
        theme.style(Tone::Dim).add_modifier(Modifier::BOLD),
    )];
    if (0..routine.exercises.len()).any(hurt) {
        heading.push(Span::styled(
            format!("  {HURT_MARK} hurt recently"),
            theme.style(Tone::Pain),
        ));
    }
    let heading = Line::from(heading);
    let one = |i: usize, e: &Exercise| {
        let mark = if grown(i) { GROWN } else { "" };
        let text = format!(
            "{:>2} {:<name_width$}  {}{mark}",
            i + 1,
            e.name,
            dose_text(&e.dosage)
        );
        if hurt(i) {
            let mark = format!(" {HURT_MARK}");
            Line::from(vec![
                Span::raw(cut(&text, width.saturating_sub(mark.len()))),
                Span::styled(mark, theme.style(Tone::Pain)),
            ])
        } else {
            Line::from(cut(&text, width))
        }
    };
    // How much to say under each: nothing, the set-up, or the set-up, cues and caution.
    let under = |e: &Exercise, more: bool| -> Vec<Line<'static>> {
        let wrapped = |text: &str, tone: Tone| -> Vec<Line<'static>> {
            (super::safety::wrap(text, width.saturating_sub(5)).into_iter())
                .map(|part| Line::from(Span::styled(format!("     {part}"), theme.style(tone))))
                .collect()
        };
        let setup = e.setup.iter().flat_map(|l| wrapped(l, Tone::Dim));
        let cues =
            (e.cues.iter().filter(|_| more)).flat_map(|c| wrapped(&format!("“{c}”"), Tone::Dim));
        let caution = (e.caution.iter().filter(|_| more))
            .flat_map(|c| wrapped(&format!("Caution: {c}"), Tone::Paused));
        setup.chain(cues).chain(caution).collect()
    };
    let rows = |more: bool| -> usize {
        1 + (routine.exercises.iter())
            .map(|e| 1 + under(e, more).len())
            .sum::<usize>()
    };
    let depth = [true, false]
        .into_iter()
        .find(|&more| rows(more) <= usize::from(height));
    let mut lines = vec![heading];
    for (i, exercise) in routine.exercises.iter().enumerate() {
        lines.push(one(i, exercise));
        if let Some(more) = depth {
            lines.extend(under(exercise, more));
        }
    }
    lines
}

/// A dose in a few words: "hold 30 s × 2 each side", "10 reps, own pace", "2 min".
pub(super) fn dose_text(dosage: &Dosage) -> String {
    let each_side = |sides: Sides| match sides {
        Sides::Both => " each side",
        Sides::None => "",
    };
    let sets = |n: u32| {
        if n > 1 {
            format!(", {n} sets")
        } else {
            String::new()
        }
    };
    match dosage {
        Dosage::Hold(h) => {
            let times = if h.reps > 1 {
                format!(" × {}", h.reps)
            } else {
                String::new()
            };
            format!(
                "hold {} s{times}{}{}",
                h.secs,
                each_side(h.sides),
                sets(h.sets)
            )
        }
        Dosage::Reps(r) => {
            let pace = match r.secs_per_rep {
                Some(_) => "",
                None => ", own pace",
            };
            format!(
                "{}{}{pace}{}",
                plural(r.count, "rep"),
                each_side(r.sides),
                sets(r.sets)
            )
        }
        Dosage::Timed(t) if t.secs >= 60 && t.secs % 60 == 0 => format!("{} min", t.secs / 60),
        Dosage::Timed(t) => format!("{} s", t.secs),
    }
}

/// "Needs: the floor and a towel · How often: daily": what the routine needs and how often it is
/// meant to be done, as far as its file says; on two lines when one `width` is too narrow, so
/// neither is cut in half.
pub(super) fn needs_lines(routine: &Routine, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let labelled = |label: &str, text: String| {
        vec![
            Span::styled(format!("{label}: "), theme.style(Tone::Dim)),
            Span::raw(text),
        ]
    };
    let parts: Vec<Vec<Span<'static>>> = [
        routine.needs_text().map(|n| labelled("Needs", n)),
        routine.frequency.clone().map(|f| labelled("How often", f)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let one_line = Line::from(parts.join(&Span::raw(" · ")));
    if parts.is_empty() {
        Vec::new()
    } else if one_line.width() <= usize::from(width) {
        vec![one_line]
    } else {
        parts.into_iter().map(Line::from).collect()
    }
}

/// "Before you start: ...": when not to do the routine, if its file says.
pub(super) fn limits_line(routine: &Routine, theme: Theme) -> Option<Line<'static>> {
    routine.limits.as_ref().map(|limits| {
        Line::from(vec![
            Span::styled("Before you start: ", theme.style(Tone::Paused)),
            Span::raw(limits.clone()),
        ])
    })
}

/// About how many rows `lines` take when word-wrapped to `width`: each word goes on the row it
/// fits, as a wrapping paragraph places it. An estimate for choosing what to show; a word longer
/// than a row counts as the rows it fills.
pub(super) fn wrapped_rows(lines: &[Line], width: u16) -> usize {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|line| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            let mut rows = 1;
            let mut used = 0;
            for word in text.split_whitespace() {
                let len = word.chars().count();
                let needed = if used == 0 { len } else { used + 1 + len };
                if needed <= width {
                    used = needed;
                } else {
                    rows += usize::from(used > 0) + (len.saturating_sub(1)) / width;
                    used = (len - 1) % width + 1;
                }
            }
            rows
        })
        .sum()
}

/// "Grown: Knee hug, hold 14 s (+4 s), after 4 pain-free sessions" for each dose that changed,
/// and "Hurt recently: Knee hug, 6/10, sharp, ..." for each exercise that hurt recently: the one
/// home of these lines, on home, the plan view and `stretchy show`.
pub fn today_lines(routine: &Routine, today: &Prepared, theme: Theme) -> Vec<Line<'static>> {
    let name = |i: usize| {
        routine
            .exercises
            .get(i)
            .map_or("", |e| e.name.as_str())
            .to_owned()
    };
    let doses = today.doses.iter().filter_map(|d| {
        d.reason.as_ref().map(|why| {
            let tone = match why {
                Reason::Grown(_) => Tone::Success,
                Reason::SteppedBack(_) => Tone::Pain,
            };
            Line::from(vec![
                Span::styled(format!("{}: ", why.label()), theme.style(tone)),
                Span::raw(format!("{}, {}", name(d.exercise), why.text())),
            ])
        })
    });
    let pains = today.memory.iter().map(|m| {
        Line::from(vec![
            Span::styled("Hurt recently: ", theme.style(Tone::Pain)),
            Span::raw(format!("{}, {}", name(m.exercise), m.report())),
        ])
    });
    doses.chain(pains).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The top line says "day" for one, and shortens step by step, ending with the day alone.
    #[test]
    fn the_top_line_counts_days_and_shortens() {
        let today = Today {
            done: false,
            week: 1,
            goal: 3,
            streak: 1,
        };
        assert_eq!(
            today.lines(),
            [
                "not yet today · 1 of 3 this week · streak 1 day",
                "not yet today · 1/3 this week · streak 1",
                "not yet today · 1/3 week · streak 1",
                "not yet today",
            ]
        );
        let done = Today {
            done: true,
            streak: 5,
            ..today
        };
        assert_eq!(
            done.lines()[0],
            "done today · 1 of 3 this week · streak 5 days"
        );
    }

    /// Past the goal the week is a count with the goal met, never "6 of 4".
    #[test]
    fn the_top_line_says_the_goal_is_met_rather_than_a_count_past_it() {
        let today = Today {
            done: true,
            week: 6,
            goal: 4,
            streak: 9,
        };
        assert_eq!(
            today.lines(),
            [
                "done today · 6 this week (goal 4 met) · streak 9 days",
                "done today · 6 this week, goal met · streak 9",
                "done today · week goal met · streak 9",
                "done today",
            ]
        );
    }

    #[test]
    fn doses_read_in_a_few_words() {
        let (catalog, _) = crate::storage::catalog::Catalog::load(None);
        let desk = catalog.find("desk-reset").expect("built in");
        let doses: Vec<String> = (desk.routine.exercises.iter())
            .map(|e| dose_text(&e.dosage))
            .collect();
        assert_eq!(
            doses,
            [
                "hold 60 s",
                "hold 10 s × 2 each side",
                "hold 10 s × 2 each side",
                "hold 5 s × 4",
                "6 reps"
            ]
        );
    }

    /// A count of one is said in the singular: "1 rep", not "1 reps".
    #[test]
    fn one_rep_is_said_in_the_singular() {
        let json = r#"{"schema": 1, "id": "one", "title": "One", "summary": "x", "exercises": [
            {"id": "a", "name": "Cat-cow", "cues": ["x"], "reps": {"count": 1}}]}"#;
        let routine = Routine::from_json(json, "one.json").expect("valid routine");
        assert_eq!(dose_text(&routine.exercises[0].dosage), "1 rep, own pace");
    }
}
