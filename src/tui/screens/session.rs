//! The session screen: countdown, cues, pacer, gauges, what comes next. Draws a [`SessionView`];
//! never changes anything. The summary once it has ended is [`super::summary`].

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Wrap};

use super::digits::{self, clock_text};
use super::{StatusLine, Theme, Tone, too_small, wrapped_rows};
use crate::core::pain::{Choice, PAUSED_ADVICE, Stage};
use crate::core::plan::{Step, StepKind, clock};
use crate::core::session::{BreathPhase, PauseReason, SessionView, Status};
use crate::tui::keymap::{Action, hint, hints, key_name};

/// What to do after a session ended for pain without answers: the plain mode's name for
/// [`crate::core::pain::ENDED_ADVICE`], whose words live with the rule table.
pub use crate::core::pain::ENDED_ADVICE as PAIN_ADVICE;

/// Draws a running or paused session, or its summary once it has ended.
/// `status` is shown in the header: the sound state and any problem.
pub fn render(frame: &mut Frame, view: &SessionView, status: &StatusLine, theme: Theme) {
    draw(frame, view, status, theme, true);
}

/// Draws a session under a dialog that takes the keys while it is open (the pain questions):
/// without the key line and the banner's keys, which would name what the keys do once it closes.
pub fn render_under_dialog(
    frame: &mut Frame,
    view: &SessionView,
    status: &StatusLine,
    theme: Theme,
) {
    draw(frame, view, status, theme, false);
}

fn draw(frame: &mut Frame, view: &SessionView, status: &StatusLine, theme: Theme, with_keys: bool) {
    let area = frame.area();
    if let Status::Finished(outcome) = view.status {
        super::summary::render(frame, view, outcome, theme);
        return;
    }
    if too_small(area) {
        render_tiny(frame, view, theme);
        return;
    }
    let tone = tone(view);
    // Roomy terminals get big digits, space between parts and full banners; small ones keep the
    // essentials on one line each.
    let roomy = area.height >= 20;
    let digit_rows = if area.height >= 16 { digits::HEIGHT } else { 1 };
    let pacer_rows = u16::from(view.breathing.is_some());
    let gap = |n: u16| Constraint::Fill(if roomy { n } else { 0 });
    let banner = banner(view, status, theme, roomy, with_keys);
    let banner_rows: usize = banner
        .iter()
        .map(|l| wrapped_rows(l, area.width.into()))
        .sum();
    let cue_rows = if roomy {
        // Five rows, or as many as the words need (a routine's limits above a caution) out of
        // the space between the parts.
        let needed: usize = (cue_lines(view).iter())
            .map(|(l, _)| wrapped_rows(l, area.width.into()))
            .sum();
        let others = 6 + usize::from(digit_rows + pacer_rows) + banner_rows;
        let spare = usize::from(area.height).saturating_sub(others);
        Constraint::Length(u16::try_from(needed.clamp(5, spare.max(5))).unwrap_or(5))
    } else {
        Constraint::Fill(1)
    };
    let [
        header,
        stage,
        _,
        big,
        _,
        cues,
        pacer,
        _,
        step_gauge,
        session_gauge,
        next,
        banner_area,
        keys,
    ] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        gap(1),
        Constraint::Length(digit_rows),
        gap(1),
        cue_rows,
        Constraint::Length(pacer_rows),
        gap(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::try_from(banner_rows).unwrap_or(u16::MAX)),
        Constraint::Length(1),
    ]));
    render_header(frame, header, view, status, theme);
    render_centred(frame, vec![stage_line(view, theme)], stage, false);
    render_countdown(frame, big, view, theme.style(tone));
    render_centred(frame, fit_cue_lines(view, cues), cues, true);
    if let Some(line) = pacer_line(view, theme) {
        render_centred(frame, vec![line], pacer, false);
    }
    render_gauges(
        frame,
        [step_gauge, session_gauge],
        view,
        theme.style(tone),
        theme,
    );
    render_centred(frame, vec![next_line(view, theme)], next, false);
    if !banner.is_empty() {
        render_centred(frame, banner, banner_area, true);
    }
    frame.render_widget(
        Paragraph::new(if with_keys {
            key_hints(view, area.width)
        } else {
            String::new()
        })
        .style(theme.style(Tone::Dim)),
        keys,
    );
}

/// How far through the step and through the whole routine.
fn render_gauges(
    frame: &mut Frame,
    [step_area, session_area]: [Rect; 2],
    view: &SessionView,
    style: Style,
    theme: Theme,
) {
    let step_label = match view.step.kind {
        // A get-ready that waits does not count down until a key says how to go on.
        _ if view.waiting => "waiting for you".to_owned(),
        StepKind::Reps {
            secs_per_rep: None, ..
        } => "press enter when done".to_owned(),
        _ => format!("{:.0}% of this step", view.step_progress * 100.0),
    };
    frame.render_widget(
        Gauge::default()
            .gauge_style(style)
            .ratio(view.step_progress.clamp(0.0, 1.0))
            .label(step_label),
        inset(step_area),
    );
    frame.render_widget(
        Gauge::default()
            .gauge_style(theme.style(Tone::Accent))
            .ratio(view.session_progress.clamp(0.0, 1.0))
            .label(format!(
                "{} left in the routine",
                clock(view.session_left_secs)
            )),
        inset(session_area),
    );
}

/// Below 40x12: the countdown and a request for more room, nothing that could overflow.
fn render_tiny(frame: &mut Frame, view: &SessionView, theme: Theme) {
    let area = frame.area();
    let mut lines = vec![
        Line::from(Span::styled(
            format!("{} {}", view.step.title(), clock_text(view.clock_secs)),
            theme.style(tone(view)).add_modifier(Modifier::BOLD),
        )),
        Line::from("make the window larger"),
    ];
    if let Status::Paused(_) = view.status {
        lines.insert(1, Line::from("paused"));
    }
    render_centred(frame, lines, area, true);
}

/// A centred paragraph of `lines` (wrapped if need be, with `wrap`), drawn in the part of
/// `area` around them.
fn render_centred(frame: &mut Frame, lines: Vec<Line<'_>>, area: Rect, wrap: bool) {
    let area = around_text(area, &lines, Alignment::Center);
    let paragraph = Paragraph::new(lines).alignment(Alignment::Center);
    let paragraph = if wrap {
        paragraph.wrap(Wrap { trim: true })
    } else {
        paragraph
    };
    frame.render_widget(paragraph, area);
}

/// The part of `area` a paragraph of `lines` needs, because a paragraph styles every cell of its
/// area, twice, on every frame. When no line can need wrapping (the usual case), that is the rows
/// the lines fill, less the columns beside the widest line, which leaves every line on the same
/// cells: a paragraph starts a line at half its area's width less half the line's (centred), at
/// its right edge less the line (right), or at its left edge, so a centred one loses as many
/// columns on each side. Otherwise it is all of `area`.
fn around_text(area: Rect, lines: &[Line], alignment: Alignment) -> Rect {
    let widest = lines.iter().map(most_cells).max().unwrap_or(0);
    if widest > area.width {
        return area;
    }
    let spare = area.width - widest;
    let (left, right) = match alignment {
        Alignment::Left => (0, spare),
        Alignment::Center => (spare / 2, spare / 2),
        Alignment::Right => (spare, 0),
    };
    Rect {
        x: area.x + left,
        y: area.y,
        width: area.width - left - right,
        height: u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .min(area.height),
    }
}

/// At least as many cells as `line` takes: one per ASCII character and two per other character,
/// which no grapheme exceeds. Cheaper than measuring graphemes, and never less than a paragraph
/// counts, so a line that fits by this count is never wrapped or cut.
fn most_cells(line: &Line) -> u16 {
    let cells: usize = line
        .spans
        .iter()
        .flat_map(|span| span.content.chars())
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    u16::try_from(cells).unwrap_or(u16::MAX)
}

/// The fewest letters of a routine's title the status bar keeps before giving up other parts.
const TITLE_MIN: usize = 8;

/// `text` cut to `room` cells, ending in an ellipsis when cut.
fn shorten(text: &str, room: usize) -> String {
    if width(text) <= room {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if width(&out) + width(&c.to_string()) + 1 > room {
            break;
        }
        out.push(c);
    }
    if room > 0 {
        out.push('…');
    }
    out
}

/// The status bar: the routine's title and any problem on the left; the sound state, a preview's
/// speed and the step count on the right. A problem (the log is not being saved) must read whole,
/// so when the line is too narrow for everything, the title gives way first, then the sound state
/// and the preview, and then the step count shortens to "3/7".
fn render_header(
    frame: &mut Frame,
    area: Rect,
    view: &SessionView,
    status: &StatusLine,
    theme: Theme,
) {
    let preview = if view.speed > 1 {
        format!("preview {}× · ", view.speed)
    } else {
        String::new()
    };
    let sound = status
        .sound
        .as_ref()
        .map(|s| format!("{s} · "))
        .unwrap_or_default();
    let (step, of) = (view.step_index + 1, view.step_count);
    let right = format!("{sound}{preview}step {step} of {of}");
    let title = Span::styled(
        view.routine.title.clone(),
        Style::default().add_modifier(Modifier::BOLD),
    );
    let (left, right) = match &status.problem {
        None => {
            // The title shortens first (to a few letters and an ellipsis), then the sound
            // state and the preview give way; the step count is never cut.
            let room = usize::from(area.width);
            let title_min = view.routine.title.chars().count().min(TITLE_MIN);
            let candidates = [
                right.clone(),
                format!("{preview}step {step} of {of}"),
                format!("step {step} of {of}"),
                format!("{step}/{of}"),
            ];
            let right = candidates
                .iter()
                .find(|right| title_min + 1 + width(right) <= room)
                .unwrap_or(&candidates[3])
                .clone();
            let title_room = room.saturating_sub(width(&right) + 1);
            let title = Span::styled(
                shorten(&view.routine.title, title_room),
                Style::default().add_modifier(Modifier::BOLD),
            );
            (vec![title], right)
        }
        Some(problem) => {
            let notice = |text: String| Span::styled(text, theme.style(Tone::Paused));
            let fits =
                |left: usize, right: &str| left + 1 + width(right) <= usize::from(area.width);
            let short = format!("step {step} of {of}");
            if fits(title.width() + width(" · ") + width(problem), &right) {
                (vec![title, notice(format!(" · {problem}"))], right)
            } else if fits(width(problem), &right) {
                (vec![notice(problem.clone())], right)
            } else if fits(width(problem), &short) {
                (vec![notice(problem.clone())], short)
            } else {
                (vec![notice(problem.clone())], format!("{step}/{of}"))
            }
        }
    };
    let [left_area, right_area] = area.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(width(&right)).unwrap_or(0)),
    ]));
    let left = Line::from(left);
    let left_area = around_text(left_area, std::slice::from_ref(&left), Alignment::Left);
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(
        Paragraph::new(right).style(theme.style(Tone::Dim)),
        right_area,
    );
}

/// Columns `text` takes on screen.
fn width(text: &str) -> usize {
    Span::raw(text).width()
}

/// "HOLD · Seated knee hug · left · rep 1/2".
fn stage_line(view: &SessionView, theme: Theme) -> Line<'static> {
    let step = view.step;
    let mut spans = vec![Span::styled(
        step.title().to_uppercase(),
        theme.style(tone(view)).add_modifier(Modifier::BOLD),
    )];
    let name = step_name(view);
    if !name.is_empty() {
        spans.push(Span::raw(format!(" · {name}")));
    }
    let mut position = step.position_words();
    if let Some(beat) = view.beat {
        position.push(format!("{} of {}", beat.n, beat.of));
    }
    if !position.is_empty() && step.kind != StepKind::Rest && step.kind != StepKind::Switch {
        spans.push(Span::styled(
            format!(" · {}", position.join(" · ")),
            theme.style(Tone::Dim),
        ));
    }
    Line::from(spans)
}

/// The exercise (or warm-up/cool-down) a step belongs to.
fn step_name(view: &SessionView) -> String {
    let routine = view.routine;
    match view.step.kind {
        StepKind::Warmup => routine.warmup.as_ref().map(|s| s.name.clone()),
        StepKind::Cooldown => routine.cooldown.as_ref().map(|s| s.name.clone()),
        _ => view
            .step
            .exercise
            .and_then(|i| routine.exercises.get(i))
            .map(|e| e.name.clone()),
    }
    .unwrap_or_default()
}

fn render_countdown(frame: &mut Frame, area: Rect, view: &SessionView, style: Style) {
    let text = clock_text(view.clock_secs);
    let scale = if usize::from(area.width) >= digits::width(&text, 2) + 4 {
        2
    } else {
        1
    };
    if usize::from(area.width) < digits::width(&text, 1) || area.height < digits::HEIGHT {
        frame.render_widget(
            Paragraph::new(text)
                .style(style.add_modifier(Modifier::BOLD))
                .alignment(Alignment::Center),
            area,
        );
        return;
    }
    frame.render_widget(
        digits::Big {
            text: &text,
            scale,
            style,
        },
        area,
    );
}

/// The cue lines that fit in `area` as whole sentences: when rows run short, set-up and cue lines
/// give way, the last first, so that a caution or a routine's limits is never cut mid-sentence
/// (unless it alone is longer than the rows there are).
fn fit_cue_lines(view: &SessionView, area: Rect) -> Vec<Line<'static>> {
    let mut lines = cue_lines(view);
    let rows = |lines: &[(Line, bool)]| -> usize {
        lines
            .iter()
            .map(|(l, _)| wrapped_rows(l, area.width.into()))
            .sum()
    };
    while rows(&lines) > usize::from(area.height) {
        let Some(i) = lines.iter().rposition(|(_, keep)| !keep) else {
            break;
        };
        lines.remove(i);
    }
    lines.into_iter().map(|(l, _)| l).collect()
}

/// What to read on screen: cues while working, the set-up while getting ready; each with true
/// for a line that must stay whole (a caution, a routine's limits).
fn cue_lines(view: &SessionView) -> Vec<(Line<'static>, bool)> {
    let routine = view.routine;
    let exercise = view.step.exercise.and_then(|i| routine.exercises.get(i));
    let lines: Vec<String> = match view.step.kind {
        StepKind::Warmup => routine
            .warmup
            .as_ref()
            .map(|s| s.cues.clone())
            .unwrap_or_default(),
        StepKind::Cooldown => routine
            .cooldown
            .as_ref()
            .map(|s| s.cues.clone())
            .unwrap_or_default(),
        StepKind::GetReady => exercise
            .map(|e| {
                let mut lines = e.setup.clone();
                if lines.is_empty() {
                    lines.clone_from(&e.cues);
                }
                lines
            })
            .unwrap_or_default(),
        StepKind::Hold { .. } | StepKind::Reps { .. } | StepKind::Timed => {
            exercise.map(|e| e.cues.clone()).unwrap_or_default()
        }
        StepKind::Switch => vec![match view.step.side {
            Some(side) => format!("Change to your {} side", side.as_str()),
            None => "Change sides".to_owned(),
        }],
        StepKind::Rest => vec!["Relax and breathe".to_owned()],
        StepKind::RestBetween => vec!["Relax; the next exercise is coming up".to_owned()],
    };
    let caution = exercise
        .and_then(|e| e.caution.clone())
        .filter(|_| view.step.kind == StepKind::GetReady);
    // A routine's limits stay above its first step, so they are read before it gets going.
    let limits = routine.limits.clone().filter(|_| view.step_index == 0);
    let keep = |text: String| (Line::from(text), true);
    (limits.into_iter().map(keep))
        .chain(lines.into_iter().map(|text| (Line::from(text), false)))
        .chain(caution.into_iter().map(keep))
        .collect()
}

/// "breathe out ●●●○○○ 3" during holds with a pacer.
fn pacer_line(view: &SessionView, theme: Theme) -> Option<Line<'static>> {
    let breathing = view.breathing?;
    let (word, total) = match breathing.phase {
        BreathPhase::In => ("breathe in ", 4),
        BreathPhase::Out => ("breathe out", 6),
    };
    let left = usize::try_from(breathing.secs_left).unwrap_or(0).min(total);
    let dots: String = "●".repeat(total - left) + &"○".repeat(left);
    Some(Line::from(vec![
        Span::styled(word, theme.style(Tone::Accent)),
        Span::raw(format!("  {dots}")),
    ]))
}

fn next_line(view: &SessionView, theme: Theme) -> Line<'static> {
    let text = match view.next {
        Some(next) => format!("next: {}", next_text(next, view)),
        None => "next: done".to_owned(),
    };
    Line::from(Span::styled(text, theme.style(Tone::Dim)))
}

/// What comes next, briefly: "Hold 0:10 · left · rep 2/2", "Rest 0:15, then Towel stretch".
fn next_text(step: &Step, view: &SessionView) -> String {
    let name = step
        .exercise
        .and_then(|i| view.routine.exercises.get(i))
        .map_or("", |e| e.name.as_str());
    let length = clock(step.secs.into());
    match step.kind {
        StepKind::RestBetween => format!("Rest {length}, then {name}"),
        StepKind::GetReady => format!("Get ready for {name}"),
        StepKind::Warmup | StepKind::Cooldown | StepKind::Timed => {
            format!("{} {length} · {}", step.title(), step.subject(view.routine))
        }
        StepKind::Rest | StepKind::Switch => format!("{} {length}", step.title()),
        StepKind::Hold { .. } | StepKind::Reps { .. } => {
            let mut parts = vec![format!("{} {length}", step.title())];
            parts.extend(step.position_words());
            parts.join(" · ")
        }
    }
}

/// The lines under the countdown that say what is going on and which key does what (`keys`: the
/// keys are the session's now): a recall of recent pain at a get-ready, or why the session is
/// paused. None while running.
fn banner(
    view: &SessionView,
    status: &StatusLine,
    theme: Theme,
    roomy: bool,
    keys: bool,
) -> Vec<Line<'static>> {
    let pain_style = theme.style(Tone::Pain);
    let recall = status
        .recall
        .as_ref()
        .map(|r| Line::from(Span::styled(r.clone(), pain_style)));
    if view.waiting {
        // The warning waits for an answer: what was remembered, and the keys that answer it.
        let mut lines: Vec<Line> = recall.into_iter().collect();
        if keys && (roomy || lines.is_empty()) {
            let keys = waiting_keys()
                .map(|k| format!("{}: {}", k.key, k.label))
                .join(" · ");
            lines.push(Line::from(Span::styled(keys, pain_style)));
        }
        return lines;
    }
    let (text, tone): (Vec<String>, Tone) = match view.status {
        Status::Paused(PauseReason::User) => {
            (vec!["PAUSED · space to go on".to_owned()], Tone::Paused)
        }
        Status::Paused(PauseReason::Interrupted) => (
            vec!["PAUSED: the timer was interrupted · space when ready".to_owned()],
            Tone::Paused,
        ),
        Status::Paused(PauseReason::Pain) if roomy => {
            let mut lines = vec![
                format!("STOPPED FOR PAIN · {}", PAUSED_ADVICE[0]),
                PAUSED_ADVICE[1].to_owned(),
            ];
            if keys {
                lines.push(
                    pain_keys(view)
                        .map(|k| format!("{}: {}", k.key, k.label))
                        .join(" · "),
                );
            }
            (lines, Tone::Pain)
        }
        // Under the questions on a small terminal the dialog covers most of the screen: the
        // advice would show as the end of a sentence below it.
        Status::Paused(PauseReason::Pain) if !keys => {
            (vec!["STOPPED FOR PAIN".to_owned()], Tone::Pain)
        }
        Status::Paused(PauseReason::Pain) => (
            vec!["STOPPED FOR PAIN".to_owned(), PAUSED_ADVICE[1].to_owned()],
            Tone::Pain,
        ),
        Status::Running | Status::WaitingForDone | Status::Finished(_) => (Vec::new(), Tone::Rest),
    };
    // At the get-ready of an exercise that hurt lately, the recall stays, paused or not.
    let recall = match view.status {
        Status::Paused(PauseReason::Pain) => None,
        Status::Running | Status::Paused(_) | Status::WaitingForDone | Status::Finished(_) => {
            recall
        }
    };
    recall
        .into_iter()
        .chain(
            text.into_iter()
                .map(|t| Line::from(Span::styled(t, theme.style(tone)))),
        )
        .collect()
}

/// A key and what it does now, in full (banners, plain mode) and short (narrow key hints).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyOffer {
    pub key: &'static str,
    pub label: &'static str,
    pub short: &'static str,
}

impl KeyOffer {
    fn choice(key: &'static str, choice: Choice, stage: Stage) -> KeyOffer {
        KeyOffer {
            key,
            label: choice.label(stage),
            short: choice.short(),
        }
    }
}

/// The keys that answer a get-ready waiting with a warning, and what each does: the banner and
/// the key hints both name these, and the engine does them.
pub fn waiting_keys() -> [KeyOffer; 3] {
    [
        KeyOffer::choice(
            key_name(Action::TogglePause),
            Choice::Resume,
            Stage::Exercise,
        ),
        KeyOffer::choice(key_name(Action::Gentler), Choice::Gentler, Stage::Exercise),
        KeyOffer::choice(key_name(Action::Skip), Choice::Skip, Stage::Exercise),
    ]
}

/// The keys while paused for pain with the questions unanswered, and what each does: the banner
/// and the key hints both name these, and the engine does them. In the warm-up or cool-down the
/// skip key skips that stage, and says so.
pub fn pain_keys(view: &SessionView) -> [KeyOffer; 3] {
    let stage = Stage::of(view.step.kind);
    [
        KeyOffer::choice(key_name(Action::TogglePause), view.go_on, stage),
        KeyOffer::choice(key_name(Action::Skip), Choice::Skip, stage),
        KeyOffer::choice(key_name(Action::Quit), Choice::End, stage),
    ]
}

/// The keys that matter now, shortened to fit narrow terminals.
fn key_hints(view: &SessionView, width: u16) -> String {
    let paused = matches!(view.status, Status::Paused(_));
    let waiting = view.status == Status::WaitingForDone;
    if view.waiting {
        let keys = waiting_keys()
            .map(|k| format!("{} {}", k.key, k.short))
            .join(" · ");
        return if width >= 60 {
            format!("{keys} · {}", hints(&[Action::Pain, Action::Quit]))
        } else {
            keys
        };
    }
    if view.status == Status::Paused(PauseReason::Pain) {
        let keys = pain_keys(view)
            .map(|k| format!("{} {}", k.key, k.short))
            .join(" · ");
        return if width >= 60 {
            format!("{keys} · {}", hints(&[Action::Mute, Action::Help]))
        } else {
            format!("{keys} · {}", key_name(Action::Help))
        };
    }
    let space = key_name(Action::TogglePause);
    if width >= 60 {
        let pause = if paused {
            format!("{space} resume")
        } else {
            hint(Action::TogglePause)
        };
        let done = if waiting {
            format!(" · {}", hint(Action::Confirm))
        } else {
            String::new()
        };
        // Back, then mute, give way when the line would be cut; help names them all.
        let all = [
            Action::Skip,
            Action::Back,
            Action::Pain,
            Action::Mute,
            Action::Help,
            Action::Quit,
        ];
        let lines = [&[][..], &[Action::Back], &[Action::Back, Action::Mute]].map(|dropped| {
            let shown: Vec<Action> = all.into_iter().filter(|a| !dropped.contains(a)).collect();
            format!("{pause}{done} · {}", hints(&shown))
        });
        let [.., shortest] = &lines;
        lines
            .iter()
            .find(|line| line.chars().count() <= usize::from(width))
            .unwrap_or(shortest)
            .clone()
    } else if waiting {
        let keys = [
            Action::TogglePause,
            Action::Skip,
            Action::Back,
            Action::Pain,
            Action::Help,
            Action::Quit,
        ]
        .map(key_name)
        .join(" · ");
        format!("{} · {keys}", hint(Action::Confirm))
    } else {
        let pause = if paused {
            format!("{space} go on")
        } else {
            hint(Action::TogglePause)
        };
        let rest = hints(&[Action::Pain, Action::Help]);
        format!("{pause} · {rest} · {}", key_name(Action::Quit))
    }
}

/// The colour of the current step.
fn tone(view: &SessionView) -> Tone {
    match view.status {
        Status::Paused(PauseReason::Pain) => Tone::Pain,
        Status::Paused(_) => Tone::Paused,
        Status::Finished(_) => Tone::Success,
        Status::Running | Status::WaitingForDone => match view.step.kind {
            StepKind::Hold { .. } | StepKind::Reps { .. } | StepKind::Timed | StepKind::Warmup => {
                Tone::Work
            }
            StepKind::GetReady
            | StepKind::Rest
            | StepKind::Switch
            | StepKind::RestBetween
            | StepKind::Cooldown => Tone::Rest,
        },
    }
}

/// Two cells of margin each side, for gauges.
fn inset(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(2),
        width: area.width.saturating_sub(4),
        ..area
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::widgets::Widget;

    use super::*;

    /// The rows a centred, wrapped paragraph of `text` draws in an area `width` wide.
    fn drawn(text: &str, width: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, 4);
        let mut buf = Buffer::empty(area);
        Paragraph::new(Line::from(text))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(area, &mut buf);
        (0..area.height)
            .map(|y| {
                let row: String = (0..width).map(|x| buf[(x, y)].symbol()).collect();
                row.trim().to_owned()
            })
            .filter(|row| !row.is_empty())
            .collect()
    }

    /// A paragraph drawn in the part of its area around its text leaves every cell as it would
    /// in the whole area: lines of odd and even widths, each alignment, areas of every width from
    /// too narrow to roomy.
    #[test]
    fn text_drawn_around_itself_lands_on_the_same_cells() {
        let lines = vec![
            Line::from(vec![
                Span::styled("HOLD", Style::default().add_modifier(Modifier::BOLD)),
                Span::raw(" · Wall stretch"),
            ]),
            Line::from("ab"),
            Line::from(""),
            Line::from("背中のストレッチをする x"),
        ];
        let screen = Rect::new(0, 0, 50, 8);
        for alignment in [Alignment::Left, Alignment::Center, Alignment::Right] {
            let draw = |area| {
                let mut buf = Buffer::empty(screen);
                Paragraph::new(lines.clone())
                    .alignment(alignment)
                    .wrap(Wrap { trim: true })
                    .render(area, &mut buf);
                buf
            };
            for width in 1..=40 {
                let area = Rect::new(3, 1, width, 6);
                assert_eq!(
                    draw(around_text(area, &lines, alignment)),
                    draw(area),
                    "{alignment:?}, {width} wide"
                );
            }
        }
    }

    /// Text whose cells are counted as fitting is drawn whole on one row, whatever its script:
    /// wide characters, emoji sequences, combining marks, ligatures, halfwidth sound marks.
    #[test]
    fn text_counted_as_fitting_is_never_wrapped() {
        for text in [
            "HOLD · Wall stretch · left",
            "abcd efgh ",
            "breathe in   ●●○○○○",
            "背中のストレッチ",
            "👨‍👩‍👧 family 🇫🇷 ❤\u{fe0f} 1\u{fe0f}\u{20e3}",
            "e\u{301}te\u{301} cafe\u{301}",
            "لا لا لا سلام",
            "ｶﾞｷﾞｸﾞ ﾊﾟ",
            "\u{1100}\u{1161}\u{11a8} \u{d55c}\u{ae00}",
        ] {
            let cells = most_cells(&Line::from(text));
            assert_eq!(drawn(text, cells), drawn(text, 200), "{text:?}");
        }
    }
}
