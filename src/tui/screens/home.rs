//! The home screen: pick a routine.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, Tone};
use crate::core::plan::{Plan, clock};
use crate::core::progress::Prepared;
use crate::core::routine::Routine;

/// The home screen's content, prepared when the routines or the log change, so that a frame only
/// lays it out: no planning and no history work at each frame.
#[derive(Debug, Clone)]
pub struct HomeView {
    /// "Streak 3 days · last: Desk reset, yesterday", once the log has been read.
    pub streak: Option<String>,
    /// Every routine, in the list's order.
    pub routines: Vec<RoutineCard>,
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
}

impl RoutineCard {
    /// Plans `routine` once, for its length in the list.
    pub fn new(routine: Routine, today: Option<Prepared>) -> RoutineCard {
        RoutineCard {
            length: clock(Plan::new(&routine).total_secs),
            routine,
            today,
        }
    }
}

/// The routine picker: title, place and duration of each, and what it needs and how often it is
/// meant to be done where the width allows; the chosen one's summary, needs, limits and safety
/// line below.
pub fn render_home(frame: &mut Frame, view: &HomeView, selected: usize, theme: Theme) {
    let streak = view.streak.as_deref();
    let area = frame.area();
    // Tall enough: the list takes the rows it needs (and a blank one), leaving the details at
    // least 8; short: the details keep 3 rows and the list scrolls.
    let list_rows = if area.height >= 16 {
        let rows = u16::try_from(view.routines.len() + 1).unwrap_or(u16::MAX);
        Constraint::Length(rows.min(area.height - 3 - 8))
    } else {
        Constraint::Fill(1)
    };
    let details_rows = if area.height >= 16 {
        Constraint::Fill(1)
    } else {
        Constraint::Length(3)
    };
    let [header, list, details, keys] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        list_rows,
        details_rows,
        Constraint::Length(1),
    ]));
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(
                "stretchy",
                theme.style(Tone::Accent).add_modifier(Modifier::BOLD),
            )),
            Line::from(Span::styled(
                streak.unwrap_or("Pick a routine for your back").to_owned(),
                theme.style(Tone::Dim),
            )),
        ]),
        header,
    );
    render_list(frame, list, &view.routines, selected, theme);
    if let Some(card) = view.routines.get(selected) {
        render_details(frame, details, &card.routine, card.today.as_ref(), theme);
    }
    // The longest that fits: nothing is cut halfway through a key's name.
    let choices: &[&str] = if streak.is_some() {
        &[
            "↑↓ choose · enter start · s plan · h history · ! safety · q quit",
            "enter start · s plan · h history · ! safety · q quit",
            "enter start · s plan · h history · ! safety",
            "enter start · h history · ! safety",
        ]
    } else {
        &[
            "↑↓ choose · enter start · s plan · ! safety · q quit",
            "enter start · s plan · ! safety · q quit",
        ]
    };
    let keys_line = choices
        .iter()
        .find(|c| c.chars().count() <= usize::from(keys.width))
        .or(choices.last())
        .copied()
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(keys_line).style(theme.style(Tone::Dim)),
        keys,
    );
}

/// One row per routine, the chosen one marked and kept in view: title, place and duration, then
/// what it needs and how often it is meant to be done, each when the width allows.
fn render_list(
    frame: &mut Frame,
    area: Rect,
    cards: &[RoutineCard],
    selected: usize,
    theme: Theme,
) {
    let widest = |cell: &dyn Fn(&Routine) -> String| {
        (cards.iter())
            .map(|c| cell(&c.routine).chars().count())
            .max()
            .unwrap_or(0)
    };
    let title_width = widest(&|r| r.title.clone());
    let needs_width = widest(&|r| r.needs_short());
    let often_width = widest(&|r| r.frequency.clone().unwrap_or_default());
    let width = usize::from(area.width);
    let base = 2 + title_width + 2 + 8 + 1 + 5;
    let show_needs = base + 2 + needs_width <= width;
    let show_often = show_needs && often_width > 0 && base + 4 + needs_width + often_width <= width;
    let lines: Vec<Line> = cards
        .iter()
        .enumerate()
        .map(|(i, card)| {
            let routine = &card.routine;
            let (marker, style) = if i == selected {
                ("› ", theme.style(Tone::Accent).add_modifier(Modifier::BOLD))
            } else {
                ("  ", Style::default())
            };
            let needs = if show_needs {
                format!("  {:<needs_width$}", routine.needs_short())
            } else {
                String::new()
            };
            let often = match &routine.frequency {
                Some(frequency) if show_often => format!("  {frequency}"),
                _ => String::new(),
            };
            let rest = format!(
                "  {:<8} {:>5}{needs}{often}",
                routine.place.as_str(),
                card.length
            );
            Line::from(vec![
                Span::styled(format!("{marker}{:<title_width$}", routine.title), style),
                Span::styled(rest.trim_end().to_owned(), theme.style(Tone::Dim)),
            ])
        })
        .collect();
    // Keep the chosen routine in view on short terminals.
    let rows = usize::from(area.height).max(1);
    let scroll = (selected + 1).saturating_sub(rows);
    frame.render_widget(
        Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(0), 0)),
        area,
    );
}

/// The chosen routine: its summary, needs and how often, its limits, today's doses and recent
/// pain, and its safety line.
fn render_details(
    frame: &mut Frame,
    area: Rect,
    routine: &Routine,
    today: Option<&Prepared>,
    theme: Theme,
) {
    let mut lines = Vec::new();
    lines.extend(limits_line(routine, theme));
    lines.extend(
        today
            .map(|t| today_lines(routine, t, theme))
            .unwrap_or_default(),
    );
    lines.push(Line::from(vec![
        Span::styled("Safety: ", theme.style(Tone::Paused)),
        Span::raw(routine.safety.clone()),
    ]));
    // When rows run short, the summary and then the needs make way for the limits and the
    // safety line, which must be read whole. Where even those cannot fit whole, the limits
    // come first if there are any; if not, the summary and the needs do, to help choose; the
    // rest is cut.
    let height = usize::from(area.height);
    let rows = |lines: &[Line]| wrapped_rows(lines, area.width);
    let fits = |lines: &[Line], more: &[Line]| rows(lines) + rows(more) <= height;
    let cramped = !fits(&lines, &[]) && routine.limits.is_none();
    let needs = needs_lines(routine, area.width, theme);
    if cramped || fits(&lines, &needs) {
        lines.splice(0..0, needs);
    }
    let summary = if routine.summary.is_empty() {
        Vec::new()
    } else {
        vec![Line::from(routine.summary.clone())]
    };
    if cramped || fits(&lines, &summary) {
        lines.splice(0..0, summary);
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
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

/// "Knee hug: hold 14 s: +4 s after 4 pain-free sessions" for each dose that changed, and
/// "Knee hug: Last time: 6/10, ..." for each exercise that hurt recently.
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
            Line::from(vec![
                Span::styled("Today: ", theme.style(Tone::Success)),
                Span::raw(format!("{}: {why}", name(d.exercise))),
            ])
        })
    });
    let pains = today.memory.iter().map(|m| {
        Line::from(vec![
            Span::styled("Hurt recently: ", theme.style(Tone::Pain)),
            Span::raw(format!("{}: {}", name(m.exercise), m.line())),
        ])
    });
    doses.chain(pains).collect()
}
