//! The session screen: countdown, cues, pacer, gauges, what comes next. Draws a [`SessionView`];
//! never changes anything. The summary once it has ended is [`super::summary`].

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Wrap};

use super::digits::{self, Scale, clock_text};
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
    // Roomy terminals get space between parts and full banners; small ones keep the essentials
    // on one line each. The digits take what the rest leaves, as large as it allows.
    let roomy = area.height >= 20;
    let pacer_rows = u16::from(view.breathing.is_some() || view.reps.is_some());
    let gap = |n: u16| Constraint::Fill(if roomy { n } else { 0 });
    let banner = banner(view, status, theme, roomy, with_keys);
    let banner_rows: usize = banner
        .iter()
        .map(|l| wrapped_rows(l, area.width.into()))
        .sum();
    let banner_rows = u16::try_from(banner_rows).unwrap_or(u16::MAX);
    let cues_needed: usize = (cue_lines(view).iter())
        .map(|(l, _)| wrapped_rows(l, area.width.into()))
        .sum();
    let cues_needed = u16::try_from(cues_needed).unwrap_or(u16::MAX);
    // Header, stage, two gauges, next, keys.
    let others = banner_rows.saturating_add(6 + pacer_rows);
    let text = big_text(view);
    // The digits are sized as if every step had a pacer line, so that they keep their size
    // from one step to the next.
    let scale = digit_scale(
        &text,
        area,
        banner_rows.saturating_add(7),
        cues_needed,
        roomy,
    );
    let digit_rows = scale.map_or(1, Scale::height);
    let cue_rows = if roomy {
        // Five rows, or as many as the words need (a routine's limits above a caution) out of
        // the space between the parts.
        let spare = area
            .height
            .saturating_sub(others.saturating_add(digit_rows));
        Constraint::Length(cues_needed.clamp(5.min(spare), spare.max(1)))
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
        Constraint::Length(banner_rows),
        Constraint::Length(1),
    ]));
    render_header(frame, header, view, status, theme);
    render_centred(frame, vec![stage_line(view, theme)], stage, false);
    render_countdown(frame, big, &text, scale, theme.style(tone));
    render_centred(frame, fit_cue_lines(view, cues), cues, true);
    if let Some(line) = pacer_line(view, theme).or_else(|| reps_line(view, pacer.width, theme)) {
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
            count,
            secs_per_rep: None,
        } => {
            let done = view.reps.map_or(0, |rep| rep.n - 1);
            format!("{done} of {count} reps done")
        }
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

/// Below 40x12: the countdown (or the rep count) and a request for more room, nothing that could
/// overflow.
fn render_tiny(frame: &mut Frame, view: &SessionView, theme: Theme) {
    let area = frame.area();
    let mut lines = vec![
        Line::from(Span::styled(
            format!("{} {}", view.step.title(), big_text(view)),
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
        // "Gentle…", not "Gentle …".
        out.truncate(out.trim_end().len());
        out.push('…');
    }
    out
}

/// The fewest letters of a routine's title the status bar keeps before the figures beside it
/// take their short forms.
const TITLE_MIN: usize = 8;

/// The figures on the right of the status bar, each in its forms from longest to shortest: the
/// sound state, a preview's speed, and where the session is ("exercise 2 of 5", "warm-up").
/// Figures are never cut: a narrower bar takes a shorter form, whole.
fn figures(view: &SessionView, status: &StatusLine) -> Vec<String> {
    let (long_place, short_place) = place(view);
    let sound_long = status.sound.clone();
    // "sound off: no PulseAudio or PipeWire" → "sound off": the state without the why.
    let sound_short = status.sound.as_ref().map(|s| {
        (s.split_whitespace())
            .take(2)
            .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect::<Vec<_>>()
            .join(" ")
    });
    let (preview_long, preview_short) = if view.speed > 1 {
        (
            Some(format!("preview {}×", view.speed)),
            Some(format!("{}×", view.speed)),
        )
    } else {
        (None, None)
    };
    let join = |parts: [&Option<String>; 3]| -> String {
        let parts: Vec<&str> = parts.into_iter().flatten().map(String::as_str).collect();
        parts.join(" · ")
    };
    let (long, short) = (Some(long_place), Some(short_place));
    let mut forms = vec![
        join([&sound_long, &preview_long, &long]),
        join([&sound_short, &preview_long, &long]),
        join([&sound_short, &preview_short, &long]),
        join([&sound_short, &preview_short, &short]),
        // Beside a problem that must read whole at 40 columns, the sound state gives way.
        join([&None, &preview_short, &short]),
    ];
    forms.dedup();
    forms
}

/// Where the session is, as a person counts it: "exercise 2 of 5" (short: "ex 2/5"), or the
/// warm-up or cool-down.
fn place(view: &SessionView) -> (String, String) {
    let of = view.routine.exercises.len();
    match (view.step.kind, view.step.exercise) {
        (StepKind::Warmup, _) => ("warm-up".to_owned(), "warm-up".to_owned()),
        (StepKind::Cooldown, _) => ("cool-down".to_owned(), "cool-down".to_owned()),
        (_, Some(i)) => (
            format!("exercise {} of {of}", i + 1),
            format!("ex {}/{of}", i + 1),
        ),
        (_, None) => (String::new(), String::new()),
    }
}

/// The status bar: the routine's title and any problem on the left, the figures on the right.
/// Figures are never cut, so when the line is too narrow for everything the title shortens
/// first (with an ellipsis), then the figures take their short forms. A problem takes the
/// title's place when both do not fit; it is shortened with an ellipsis rather than crowd the
/// figures, and always keeps [`GAP`] spaces from them.
fn render_header(
    frame: &mut Frame,
    area: Rect,
    view: &SessionView,
    status: &StatusLine,
    theme: Theme,
) {
    let room = usize::from(area.width);
    let forms = figures(view, status);
    let shortest = forms.last().cloned().unwrap_or_default();
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let (left, right) = match header_notice(view, status) {
        None => {
            let title_min = view.routine.title.chars().count().min(TITLE_MIN);
            let right = forms
                .iter()
                .find(|right| title_min + 1 + width(right) <= room)
                .unwrap_or(&shortest)
                .clone();
            let title_room = room.saturating_sub(width(&right) + 1);
            let title = shorten(&view.routine.title, title_room);
            (vec![Span::styled(title, bold)], right)
        }
        Some(problem) => {
            let notice = |text: String| Span::styled(text, theme.style(Tone::Paused));
            let fits = |left: usize, right: &str| left + GAP + width(right) <= room;
            let title = &view.routine.title;
            let with_title = width(title) + width(" · ") + width(problem);
            // The figures keep the longest form beside the whole problem; the title comes too
            // if it fits beside both.
            let right = forms
                .iter()
                .find(|right| fits(width(problem), right))
                .unwrap_or(&shortest)
                .clone();
            if fits(with_title, &right) {
                let title = Span::styled(title.clone(), bold);
                (vec![title, notice(format!(" · {problem}"))], right)
            } else {
                let problem_room = room.saturating_sub(width(&right) + GAP);
                (vec![notice(shorten(problem, problem_room))], right)
            }
        }
    };
    let right_width = u16::try_from(width(&right)).unwrap_or(0).min(area.width);
    let [left_area, right_area] = area.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right_width),
    ]));
    let left = Line::from(left);
    let left_area = around_text(left_area, std::slice::from_ref(&left), Alignment::Left);
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(
        Paragraph::new(right).style(theme.style(Tone::Dim)),
        right_area,
    );
}

/// The fewest spaces between a problem and the figures, so the two never read as one.
const GAP: usize = 2;

/// The problem the header shows: the log's or the sound's, all session long; an ignored setting
/// only at the first step, so that the routine's title is not lost for the whole session.
fn header_notice<'a>(view: &SessionView, status: &'a StatusLine) -> Option<&'a str> {
    let settings = status.settings.as_deref().filter(|_| view.step_index == 0);
    status.problem.as_deref().or(settings)
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
    let position = step.position_words();
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

/// What the big digits show: the rep under way in a set of reps ("4/15"), else the clock.
fn big_text(view: &SessionView) -> String {
    match view.reps {
        Some(rep) => format!("{}/{}", rep.n, rep.of),
        None => clock_text(view.clock_secs),
    }
}

/// The largest digits for `text` that leave the rest of the screen its rows: `others` for the
/// lines around them and `cues` for the cue lines. Large digits come only with room for five
/// cue lines (or all of them) and, on a roomy screen, space between the parts, so their size
/// stays the same from step to step; the smallest keep a line or two of cues.
/// `None`: plain text, one row.
fn digit_scale(text: &str, area: Rect, others: u16, cues: u16, roomy: bool) -> Option<Scale> {
    Scale::ALL.into_iter().find(|&scale| {
        let (cue_rows, gaps, margin) = match scale {
            Scale::Full { rows, .. } if rows > 1 => (cues.max(5), if roomy { 4 } else { 0 }, 4),
            Scale::Full { cols: 2, .. } => (cues.min(2), 0, 4),
            Scale::Full { .. } => (cues.min(2), 0, 0),
            Scale::Half => (cues.min(1), 0, 0),
        };
        digits::width(text, scale) + margin <= usize::from(area.width)
            && [scale.height(), cue_rows, gaps]
                .into_iter()
                .fold(others, u16::saturating_add)
                <= area.height
    })
}

fn render_countdown(frame: &mut Frame, area: Rect, text: &str, scale: Option<Scale>, style: Style) {
    match scale {
        Some(scale) => frame.render_widget(digits::Big { text, scale, style }, area),
        None => frame.render_widget(
            Paragraph::new(text.to_owned())
                .style(style.add_modifier(Modifier::BOLD))
                .alignment(Alignment::Center),
            area,
        ),
    }
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

/// Under the rep count of a set of reps: a mark for each rep (filled once done, the one under
/// way ringed), so that every rep visibly changes something with the sound off, and what moves
/// the count on: "●●●◉○○○○ rep 4 of 8 · enter: next rep", "… rep 4 of 8 · 12 s left". The marks
/// give way first where the line is narrow.
fn reps_line(view: &SessionView, room: u16, theme: Theme) -> Option<Line<'static>> {
    let rep = view.reps?;
    let moves = if view.step.self_paced() {
        format!("{}: next rep", key_name(Action::Confirm))
    } else {
        format!("{} s left", view.clock_secs)
    };
    let words = format!("rep {} of {} · {moves}", rep.n, rep.of);
    let marks: String = (1..=rep.of)
        .map(|n| match n.cmp(&rep.n) {
            std::cmp::Ordering::Less => '●',
            std::cmp::Ordering::Equal => '◉',
            std::cmp::Ordering::Greater => '○',
        })
        .collect();
    let marks_fit = width(&marks) + 2 + width(&words) <= usize::from(room);
    let mut spans = Vec::new();
    if marks_fit {
        spans.push(Span::styled(format!("{marks}  "), theme.style(tone(view))));
    }
    spans.push(Span::raw(words));
    Some(Line::from(spans))
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
            // Self-paced reps have no length to wait out, only a count.
            let dose = match step.kind {
                StepKind::Reps {
                    count,
                    secs_per_rep: None,
                } => format!("{count} reps at your own pace"),
                _ => format!("{} {length}", step.title()),
            };
            let mut parts = vec![dose];
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
    // Going on gently says what it changed, as long as its exercise is on screen.
    let gentled =
        (view.gentled).map(|g| Line::from(Span::styled(g.text(), theme.style(Tone::Accent))));
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
        .chain(gentled)
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
/// The keys the footer drops, in turn, when its line would be cut: back, then mute, then help
/// (help names the others, and `?` works unshown). Quit never gives way.
const GIVE_WAY: [&[Action]; 4] = [
    &[],
    &[Action::Back],
    &[Action::Back, Action::Mute],
    &[Action::Back, Action::Mute, Action::Help],
];

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
    // At a get-ready, gentler is offered beside pause: the dose is about to start.
    let gentle = if view.step.kind == StepKind::GetReady {
        format!(" · {}", hint(Action::Gentler))
    } else {
        String::new()
    };
    let fitting = |lines: &[String]| -> String {
        let [.., shortest] = lines else {
            return String::new();
        };
        lines
            .iter()
            .find(|line| line.chars().count() <= usize::from(width))
            .unwrap_or(shortest)
            .clone()
    };
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
        let all = [
            Action::Skip,
            Action::Back,
            Action::Pain,
            Action::Mute,
            Action::Help,
            Action::Quit,
        ];
        let lines = GIVE_WAY.map(|dropped| {
            let shown: Vec<Action> = all.into_iter().filter(|a| !dropped.contains(a)).collect();
            format!("{pause}{done}{gentle} · {}", hints(&shown))
        });
        fitting(&lines)
    } else if waiting {
        let keys = |shown: &[Action]| {
            let keys: Vec<&str> = shown.iter().map(|&a| key_name(a)).collect();
            format!("{} · {}", hint(Action::Confirm), keys.join(" · "))
        };
        // Back gives way first; help names it.
        fitting(&[
            keys(&[
                Action::TogglePause,
                Action::Skip,
                Action::Back,
                Action::Pain,
                Action::Help,
                Action::Quit,
            ]),
            keys(&[
                Action::TogglePause,
                Action::Skip,
                Action::Pain,
                Action::Help,
                Action::Quit,
            ]),
        ])
    } else {
        let pause = if paused {
            format!("{space} go on")
        } else {
            hint(Action::TogglePause)
        };
        fitting(&narrow_keys(&format!("{pause}{gentle}")))
    }
}

/// Below 60 columns, a running step's keys after pause (and gentler): pain, help and quit, their
/// words giving way to bare keys from the right, longest first.
fn narrow_keys(start: &str) -> [String; 4] {
    let [pain, help, quit] = [Action::Pain, Action::Help, Action::Quit].map(key_name);
    [
        format!(
            "{start} · {}",
            hints(&[Action::Pain, Action::Help, Action::Quit])
        ),
        format!(
            "{start} · {} · {quit}",
            hints(&[Action::Pain, Action::Help])
        ),
        format!("{start} · {} · {help} · {quit}", hint(Action::Pain)),
        format!("{start} · {pain} · {help} · {quit}"),
    ]
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
