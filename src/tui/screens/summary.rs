//! The summary shown when a session ends: how far it got, where the streak and the week stand
//! now, what grew since last time, each pain report and what was done about it, the advice after
//! pain, and a plain "not saved" when the log could not be written.
//!
//! Draws a [`SessionView`] and a [`Recap`] the app gathered while the session ran; decides
//! nothing about progression or pain itself ([`crate::core::progress`] and
//! [`crate::core::pain`] do).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, Tone, wrapped_rows};
use crate::core::history::{Stats, week_words};
use crate::core::pain::{self, Choice};
use crate::core::plan::{Plan, Step, StepKind, clock};
use crate::core::progress::Growth;
use crate::core::session::{Effect, Outcome, Record, SessionView};
use crate::core::wording::plural;

/// What the summary says beyond the session itself, gathered by the app while it ran.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recap {
    /// The streak and the week once this session is in the log (`None`: not known, as when the
    /// log could not be written or there is no log).
    pub standing: Option<Standing>,
    /// Doses larger than the routine's last session played (from the log before this session).
    pub grew: Vec<Growth>,
    /// Each pain report of this session, in order.
    pub pains: Vec<PainNote>,
    /// Why this session could not be written to the log ("disk full"), when it could not.
    pub unsaved: Option<String>,
}

/// The streak and this week's sessions against the goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub streak: u32,
    pub this_week: u32,
    pub goal: u32,
}

impl Standing {
    /// Where the log's figures leave the streak and the week.
    pub fn of(stats: &Stats) -> Standing {
        Standing {
            streak: stats.current_streak,
            this_week: stats.this_week.sessions,
            goal: stats.this_week.goal,
        }
    }
}

/// One pain report: where in the session, how bad, and what the person chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PainNote {
    /// The step it was reported in.
    pub step: Step,
    /// `None` while (or when) the questions were left unanswered.
    pub severity: Option<u8>,
    pub choice: Option<Choice>,
}

impl Recap {
    /// A new session starts, with what grew since the routine's last session.
    pub fn new(grew: Vec<Growth>) -> Recap {
        Recap {
            grew,
            ..Recap::default()
        }
    }

    /// Notes the pain reports among a session's effects (`plan`: the session's plan, whose steps
    /// the records count).
    pub fn note(&mut self, effects: &[Effect], plan: &Plan) {
        for effect in effects {
            match effect {
                Effect::Log(Record::Pain { step, .. }) => {
                    if let Some(step) = plan.steps.get(*step) {
                        self.pains.push(PainNote {
                            step: *step,
                            severity: None,
                            choice: None,
                        });
                    }
                }
                Effect::Log(Record::PainAnswered(answer)) => {
                    if let Some(note) = self.pains.last_mut() {
                        note.severity = Some(answer.severity);
                        note.choice = Some(answer.choice);
                    }
                }
                Effect::Log(
                    Record::Started
                    | Record::StepDone { .. }
                    | Record::Skipped { .. }
                    | Record::Paused { .. }
                    | Record::Resumed
                    | Record::Gentler { .. }
                    | Record::Ended { .. },
                )
                | Effect::Cue(_) => {}
            }
        }
    }
}

/// The summary with nothing known beyond the session itself.
pub fn render(frame: &mut Frame, view: &SessionView, outcome: Outcome, theme: Theme) {
    render_recap(frame, view, outcome, &Recap::default(), theme);
}

/// The summary: the outcome, the standing, what grew, the pain, the exercises; the key line
/// stays on the bottom row whatever the size.
pub fn render_recap(
    frame: &mut Frame,
    view: &SessionView,
    outcome: Outcome,
    recap: &Recap,
    theme: Theme,
) {
    let said = Said::of(view, outcome, recap);
    let tone = match outcome {
        Outcome::Completed => Tone::Success,
        Outcome::Stopped => Tone::Paused,
        Outcome::StoppedForPain => Tone::Pain,
    };
    let mut lines = vec![
        Line::from(Span::styled(
            said.title,
            theme.style(tone).add_modifier(Modifier::BOLD),
        )),
        Line::from(said.active),
    ];
    // Most important first, so that a small terminal cuts the list of exercises, not these.
    if let Some(counted) = said.counted {
        let tone = match counted {
            Counted::NotSaved(_) => Tone::Pain,
            Counted::Preview => Tone::Dim,
            Counted::Standing(_) => Tone::Success,
        };
        lines.push(Line::from(Span::styled(counted.text(), theme.style(tone))));
    }
    lines.push(Line::from(""));
    if let Some(grew) = said.grew {
        lines.push(Line::from(grew));
        lines.push(Line::from(""));
    }
    let painful = !said.pains.is_empty() || !said.advice.is_empty();
    for line in said.pains.into_iter().chain(said.advice) {
        lines.push(Line::from(Span::styled(line, theme.style(Tone::Pain))));
    }
    if painful {
        lines.push(Line::from(""));
    }
    for (i, exercise) in view.routine.exercises.iter().enumerate() {
        let (mark, note, tone) = if view.completed.contains(&i) {
            ("✓", "", Tone::Success)
        } else if view.skipped.contains(&i) {
            ("↷", " (skipped)", Tone::Dim)
        } else {
            ("·", " (not done)", Tone::Dim)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), theme.style(tone)),
            Span::raw(format!("{}{note}", exercise.name)),
        ]));
    }
    let [body, keys] = frame.area().layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    // In the middle of the rows above the key line, from the top when it does not all fit.
    let rows: usize = lines
        .iter()
        .map(|l| wrapped_rows(l, body.width.into()))
        .sum();
    let spare = u16::try_from(usize::from(body.height).saturating_sub(rows) / 2).unwrap_or(0);
    let body = Rect {
        y: body.y + spare,
        height: body.height - spare,
        ..body
    };
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        body,
    );
    frame.render_widget(
        Paragraph::new("enter or q: close")
            .alignment(Alignment::Center)
            .style(theme.style(Tone::Dim)),
        keys,
    );
}

/// What the summary says, in the order it says it: drawn by [`render_recap`] and printed line by
/// line by the plain mode, so both say the same words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// How far it got: "Session done: all 5 exercises", "Ended early: 2 of 5 done".
    pub title: String,
    /// "Desk reset · Active time 5:18".
    pub active: String,
    /// Whether and how the session counts; `None` when that is not known.
    pub counted: Option<Counted>,
    /// "Grew since last time: …", when something grew.
    pub grew: Option<String>,
    /// "Pain in Knee hug (left): 6/10, went on gently", one per report.
    pub pains: Vec<String>,
    /// The advice after pain, from the rule table.
    pub advice: Vec<String>,
}

/// Where the session leaves the streak and the week, or why it does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Counted {
    /// The log could not be written, for this reason ("disk full").
    NotSaved(String),
    /// A preview (faster than real time): not counted.
    Preview,
    Standing(Standing),
}

impl Counted {
    pub fn text(&self) -> String {
        match self {
            Counted::NotSaved(why) => {
                format!("not saved: {why}. This session is not in your history.")
            }
            Counted::Preview => "Not counted in your streak or your week.".to_owned(),
            Counted::Standing(standing) => format!(
                "streak {} · {}",
                plural(standing.streak, "day"),
                week_words(standing.this_week, standing.goal)[0]
            ),
        }
    }
}

impl Said {
    /// The summary of the session `view` shows, ended with `outcome`, with what the app gathered.
    pub fn of(view: &SessionView, outcome: Outcome, recap: &Recap) -> Said {
        let counted = if let Some(why) = &recap.unsaved {
            Some(Counted::NotSaved(why.clone()))
        } else if view.speed > 1 {
            Some(Counted::Preview)
        } else {
            recap.standing.map(Counted::Standing)
        };
        let grew = grew_line(view, recap);
        Said {
            title: title(view, outcome),
            active: format!("{} · {}", view.routine.title, active_line(view)),
            counted,
            grew: (!grew.is_empty()).then_some(grew),
            pains: (recap.pains.iter())
                .map(|note| pain_line(view, note))
                .collect(),
            // What the rule table says for the last report (or, unanswered, what suits any pain).
            advice: pain::after_session(outcome == Outcome::StoppedForPain, view.pain),
        }
    }

    /// Each line, for the plain mode.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.title.clone(), self.active.clone()];
        lines.extend(self.counted.as_ref().map(Counted::text));
        lines.extend(self.grew.clone());
        lines.extend(self.pains.iter().cloned());
        lines.extend(self.advice.iter().cloned());
        lines
    }
}

/// "Session done: 5 exercises", "Ended early: 2 of 5 exercises done".
fn title(view: &SessionView, outcome: Outcome) -> String {
    let all = view.routine.exercises.len();
    let done = view.completed.len();
    let skipped = view.skipped.len();
    match outcome {
        Outcome::Completed if done == all && all > 1 => {
            format!("Session done: all {all} exercises")
        }
        Outcome::Completed if done == all => format!("Session done: {}", plural(all, "exercise")),
        Outcome::Completed if skipped > 0 => format!(
            "Session done: {done} of {}, {skipped} skipped",
            plural(all, "exercise")
        ),
        Outcome::Completed => format!("Session done: {done} of {}", plural(all, "exercise")),
        Outcome::Stopped => format!("Ended early: {done} of {} done", plural(all, "exercise")),
        Outcome::StoppedForPain => format!(
            "Ended because something hurt: {done} of {} done",
            plural(all, "exercise")
        ),
    }
}

/// "Longer than last time: Knee hug 12 s (was 10 s) · Cat-cow 9 reps (was 8)", for exercises
/// done to the end without a pain report; empty when nothing grew.
fn grew_line(view: &SessionView, recap: &Recap) -> String {
    let hurt = |i: usize| recap.pains.iter().any(|p| p.step.exercise == Some(i));
    let parts: Vec<String> = (recap.grew.iter())
        .filter(|g| view.completed.contains(&g.exercise) && !hurt(g.exercise))
        .filter_map(|g| {
            let name = &view.routine.exercises.get(g.exercise)?.name;
            let mut what = Vec::new();
            if let Some((then, now)) = g.secs {
                what.push(format!("{now} s (was {then} s)"));
            }
            if let Some((then, now)) = g.reps {
                what.push(format!("{} (was {then})", plural(now, "rep")));
            }
            Some(format!("{name} {}", what.join(", ")))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("Grew since last time: {}", parts.join(" · "))
    }
}

/// "Pain in Knee hug (left): 6/10, went on gently".
fn pain_line(view: &SessionView, note: &PainNote) -> String {
    let step = &note.step;
    let mut place = match (step.kind, step.exercise) {
        (StepKind::Warmup | StepKind::Cooldown, _) | (_, None) => step.title().to_lowercase(),
        (_, Some(i)) => {
            (view.routine.exercises.get(i)).map_or_else(String::new, |e| e.name.clone())
        }
    };
    if let Some(side) = step.side {
        place = format!("{place} ({})", side.as_str());
    }
    let severity = note
        .severity
        .map_or_else(|| "not rated".to_owned(), |s| format!("{s}/10"));
    let done = match note.choice {
        Some(Choice::Resume) => "went on",
        Some(Choice::Gentler) => "went on gently",
        Some(Choice::Skip) => "skipped the exercise",
        Some(Choice::End) => "ended the session",
        None => "no answer given",
    };
    format!("Pain in {place}: {severity}, {done}")
}

/// "Active time 5:18", noting a preview's speed (its times are real, not the routine's).
pub fn active_line(view: &SessionView) -> String {
    let active = format!("Active time {}", clock(view.active.as_secs()));
    if view.speed > 1 {
        format!("{active} (a preview at {}× speed)", view.speed)
    } else {
        active
    }
}
