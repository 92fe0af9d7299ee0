//! The plan screen: a routine as it will play today. First what to know before each part, under
//! headings (the warm-up, each exercise with its dose, setup, cues and caution, the cool-down),
//! then the table of timed steps.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::home::{RoutineCard, limits_line, needs_lines, today_lines};
use super::{Fit, Theme, Tone, wrap};
use crate::core::plan::{Plan, Row, clock};
use crate::core::routine::{Breath, Dosage, Exercise, Need, Position, Routine, Sides, Stage};
use crate::core::wording::plural;

/// The plan screen's content, planned once when the screen opens.
#[derive(Debug, Clone)]
pub struct PlanView {
    card: RoutineCard,
    /// "4 exercises · 12 steps · 5:30".
    counts: String,
    rows: Vec<Row>,
}

impl PlanView {
    /// The plan of `card`'s routine as it plays today (as its file has it before the log is read).
    pub fn new(card: &RoutineCard) -> PlanView {
        let routine = card.today.as_ref().map_or(&card.routine, |t| &t.routine);
        let plan = Plan::new(routine);
        PlanView {
            counts: format!(
                "{} · {} · {}",
                plural(routine.exercises.len(), "exercise"),
                plural(plan.steps.len(), "step"),
                plan.total_text()
            ),
            rows: plan.rows(routine),
            card: card.clone(),
        }
    }
}

/// The routine's title and counts stay on top; below them its parts and its steps scroll by
/// `scroll` rows (kept within them). Once the log has been read it is the routine as it will
/// play today: its doses are the ones listed, and why they changed is said at the top. Returns
/// how it fits: the largest useful scroll (the last step at the bottom) and a page's rows.
pub fn render(frame: &mut Frame, view: &PlanView, scroll: u16, theme: Theme) -> Fit {
    let area = frame.area();
    let card = &view.card;
    let routine = card.today.as_ref().map_or(&card.routine, |t| &t.routine);
    let [header, body, keys] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    let head = vec![
        Line::from(Span::styled(
            routine.title.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(Span::styled(view.counts.clone(), theme.style(Tone::Dim))),
    ];
    frame.render_widget(Paragraph::new(head), header);

    let mut notes = Vec::new();
    notes.extend(needs_lines(routine, area.width, theme));
    notes.extend(limits_line(routine, theme));
    if let Some(today) = &card.today {
        notes.extend(today_lines(&card.routine, today, theme));
    }
    notes.extend(parts(routine, theme));
    let mut lines: Vec<Line> = (notes.into_iter())
        .flat_map(|line| {
            let indent = hanging(&line, body.width);
            wrap(line, body.width, indent)
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(heading("Steps".to_owned(), theme));
    lines.push(Line::from(Span::styled(
        format!("{:>6} {:>6}  Step", "Start", "Length"),
        theme.style(Tone::Dim),
    )));
    lines.extend(view.rows.iter().map(|row| {
        Line::from(vec![
            Span::styled(
                format!("{:>6} {:>6}  ", row.start, row.length),
                theme.style(Tone::Dim),
            ),
            Span::raw(format!("{:<12} {}", row.title, row.subject)),
        ])
    }));
    // Wrapped above (the steps are cut at the edge instead, as a table): one line, one row.
    let max_scroll =
        u16::try_from(lines.len().saturating_sub(usize::from(body.height))).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll.min(max_scroll), 0)),
        body,
    );
    frame.render_widget(
        Paragraph::new("↑↓ scroll · enter start · q back").style(theme.style(Tone::Dim)),
        keys,
    );
    Fit {
        max_scroll,
        page: body.height.max(1),
    }
}

/// How far rows after the first of `line` are indented, so they line up under its text: its
/// leading spaces and a label span ending in ": " ("  Setup: "), when that leaves room.
fn hanging(line: &Line, width: u16) -> usize {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let leading = text.len() - text.trim_start().len();
    let label = (line.spans.first())
        .filter(|s| s.content.ends_with(": ") && line.spans.len() > 1)
        .map_or(leading, |s| s.content.chars().count());
    if label * 2 < usize::from(width) {
        label
    } else {
        0
    }
}

fn heading(text: String, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(
        text,
        theme.style(Tone::Accent).add_modifier(Modifier::BOLD),
    ))
}

/// The warm-up, each exercise and the cool-down, each under its heading.
fn parts(routine: &Routine, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(warmup) = &routine.warmup {
        lines.extend(stage("Warm-up", warmup, theme));
    }
    for (i, exercise) in routine.exercises.iter().enumerate() {
        lines.extend(exercise_lines(i + 1, exercise, theme));
    }
    if let Some(cooldown) = &routine.cooldown {
        lines.extend(stage("Cool-down", cooldown, theme));
    }
    lines
}

/// "Warm-up · March on the spot · 0:30", then its cues.
fn stage(kind: &str, stage: &Stage, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(""),
        heading(
            format!("{kind} · {} · {}", stage.name, clock(stage.secs.into())),
            theme,
        ),
    ];
    lines.extend(where_line(
        stage.position.map(Position::as_str),
        &stage.needs,
        theme,
    ));
    lines.extend(stage.cues.iter().map(|cue| cue_line(cue)));
    lines
}

/// "2. Seated knee hug", its dose, then its setup, cues and caution.
fn exercise_lines(number: usize, exercise: &Exercise, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(""),
        heading(format!("{number}. {}", exercise.name), theme),
        Line::from(vec![
            Span::styled("  Dose: ", theme.style(Tone::Dim)),
            Span::raw(dose(&exercise.dosage)),
        ]),
    ];
    lines.extend(where_line(
        exercise.position.map(Position::as_str),
        &exercise.needs,
        theme,
    ));
    for (n, setup) in exercise.setup.iter().enumerate() {
        let label = if n == 0 { "  Setup: " } else { "         " };
        lines.push(Line::from(vec![
            Span::styled(label, theme.style(Tone::Dim)),
            Span::raw(setup.clone()),
        ]));
    }
    lines.extend(exercise.cues.iter().map(|cue| cue_line(cue)));
    if let Some(caution) = &exercise.caution {
        lines.push(Line::from(vec![
            Span::styled("  Caution: ", theme.style(Tone::Paused)),
            Span::raw(caution.clone()),
        ]));
    }
    lines
}

fn cue_line(cue: &str) -> Line<'static> {
    Line::from(format!("  · {cue}"))
}

/// "  Position: seated · needs a chair, a towel", when the file says either.
fn where_line(position: Option<&str>, needs: &[Need], theme: Theme) -> Option<Line<'static>> {
    let mut parts = Vec::new();
    if let Some(position) = position {
        parts.push(position.to_owned());
    }
    if !needs.is_empty() {
        let needs: Vec<&str> = needs.iter().map(|n| n.phrase()).collect();
        parts.push(format!("needs {}", needs.join(", ")));
    }
    (!parts.is_empty()).then(|| {
        Line::from(vec![
            Span::styled("  Position: ", theme.style(Tone::Dim)),
            Span::raw(parts.join(" · ")),
        ])
    })
}

/// Today's dose in words: "hold 10 s · 2 reps · 2 sets · each side · 4 s rest between ·
/// breathe out as you hold".
fn dose(dosage: &Dosage) -> String {
    let mut parts = Vec::new();
    let repeat = |parts: &mut Vec<String>, reps: Option<u32>, sets: u32, sides: Sides| {
        if let Some(reps) = reps.filter(|&r| r > 1) {
            parts.push(plural(reps, "rep"));
        }
        if sets > 1 {
            parts.push(plural(sets, "set"));
        }
        match sides {
            Sides::Both => parts.push("each side".to_owned()),
            Sides::None => {}
        }
    };
    match dosage {
        Dosage::Hold(hold) => {
            parts.push(format!("hold {} s", hold.secs));
            repeat(&mut parts, Some(hold.reps), hold.sets, hold.sides);
            if hold.reps > 1 || hold.sets > 1 {
                parts.push(format!("{} s rest between", hold.rest_secs));
            }
            match hold.breath {
                Breath::Exhale => parts.push("breathe out as you hold".to_owned()),
                Breath::Steady => parts.push("breathe steadily".to_owned()),
                Breath::None => {}
            }
        }
        Dosage::Reps(reps) => {
            parts.push(match reps.secs_per_rep {
                Some(secs) => format!("{}, {secs} s each", plural(reps.count, "rep")),
                None => format!("{} at your own pace", plural(reps.count, "rep")),
            });
            repeat(&mut parts, None, reps.sets, reps.sides);
            if reps.sets > 1 {
                parts.push(format!("{} s rest between", reps.rest_secs));
            }
        }
        Dosage::Timed(timed) => parts.push(clock(timed.secs.into())),
    }
    parts.join(" · ")
}
