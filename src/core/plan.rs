//! The plan: a routine flattened into the ordered list of timed steps a session walks through.
//!
//! Pure: computed from a [`Routine`] alone. The session engine, `stretchy show` and the plain-text
//! mode all read the same steps, so what is shown before a session is what the session does.

use crate::core::routine::{Breath, Dosage, Routine, Sides};

/// Self-paced reps have no fixed length; plans count this many seconds per rep as an estimate.
pub(crate) const SELF_PACED_SECS_PER_REP: u32 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// "rep 2 of 3": a position within a repeated part of an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub n: u32,
    pub of: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// The routine's warm-up stage.
    Warmup,
    /// The lead-in before an exercise: get into position.
    GetReady,
    /// One hold of a stretch.
    Hold { breath: Breath },
    /// One set of repeated movements; `secs_per_rep: None` waits for the person to count each
    /// rep, and ends at the last.
    Reps {
        count: u32,
        secs_per_rep: Option<u32>,
    },
    /// A timed exercise.
    Timed,
    /// A rest between reps or sets of one exercise.
    Rest,
    /// A pause to change sides.
    Switch,
    /// A rest between two exercises.
    RestBetween,
    /// The routine's cool-down stage.
    Cooldown,
}

/// One timed step of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    /// Index in `routine.exercises`: the exercise being done, or the one coming up during a rest
    /// between exercises. `None` for the warm-up and cool-down.
    pub exercise: Option<usize>,
    /// Planned length; for self-paced reps, an estimate.
    pub secs: u32,
    /// The side worked (or, for a rest or switch, the side coming up) when the exercise has sides.
    pub side: Option<Side>,
    /// The rep (or, for a rest, the rep coming up) when there is more than one.
    pub rep: Option<Count>,
    /// The set (or, for a rest, the set coming up) when there is more than one.
    pub set: Option<Count>,
}

impl Step {
    /// A step with no side, rep or set.
    fn plain(kind: StepKind, exercise: Option<usize>, secs: u32) -> Step {
        Step {
            kind,
            exercise,
            secs,
            side: None,
            rep: None,
            set: None,
        }
    }

    /// True when the step ends only when the person has counted its last rep.
    pub(crate) fn self_paced(&self) -> bool {
        matches!(
            self.kind,
            StepKind::Reps {
                secs_per_rep: None,
                ..
            }
        )
    }

    /// A short name for the kind of step: "Hold", "Rest", "Get ready".
    pub fn title(&self) -> &'static str {
        match self.kind {
            StepKind::Warmup => "Warm-up",
            StepKind::GetReady => "Get ready",
            StepKind::Hold { .. } => "Hold",
            StepKind::Reps { .. } => "Reps",
            StepKind::Timed => "Keep going",
            StepKind::Rest | StepKind::RestBetween => "Rest",
            StepKind::Switch => "Switch sides",
            StepKind::Cooldown => "Cool-down",
        }
    }

    /// What the step is about, in one line: "Seated knee hug (left) - rep 1/2".
    pub(crate) fn subject(&self, routine: &Routine) -> String {
        let exercise = self.exercise.and_then(|i| routine.exercises.get(i));
        let name = exercise.map_or("", |e| e.name.as_str());
        match self.kind {
            StepKind::Warmup => stage_name(routine.warmup.as_ref()),
            StepKind::Cooldown => stage_name(routine.cooldown.as_ref()),
            StepKind::GetReady | StepKind::Timed => name.to_owned(),
            StepKind::Hold { .. } => format!("{name}{}", self.position()),
            StepKind::Reps {
                count,
                secs_per_rep,
            } => {
                let pace = match secs_per_rep {
                    Some(s) => format!("{count} reps, {s} s each"),
                    None => format!("{count} reps at your own pace"),
                };
                format!("{name}{} - {pace}", self.position())
            }
            StepKind::Rest => format!("{name} - next: {}", self.position_words().join(", ")),
            StepKind::Switch => match self.side {
                Some(side) => format!("{name} - next: {} side", side.as_str()),
                None => name.to_owned(),
            },
            StepKind::RestBetween => format!("next: {name}"),
        }
    }

    /// " (left) - rep 1/2 - set 2/3", leaving out what does not apply.
    fn position(&self) -> String {
        let side = self.side.map(|s| format!(" ({})", s.as_str()));
        let counts = [self.rep.map(|c| ("rep", c)), self.set.map(|c| ("set", c))]
            .into_iter()
            .flatten()
            .map(|(word, c)| format!(" - {word} {}/{}", c.n, c.of));
        side.into_iter().chain(counts).collect()
    }

    /// `["left", "rep 2/2", "set 1/3"]`, leaving out what does not apply.
    pub(crate) fn position_words(&self) -> Vec<String> {
        let side = self.side.map(|s| s.as_str().to_owned());
        let rep = self.rep.map(|c| format!("rep {}/{}", c.n, c.of));
        let set = self.set.map(|c| format!("set {}/{}", c.n, c.of));
        [side, rep, set].into_iter().flatten().collect()
    }
}

fn stage_name(stage: Option<&crate::core::routine::Stage>) -> String {
    stage.map(|s| s.name.clone()).unwrap_or_default()
}

/// A routine's steps in order, with the total planned length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub steps: Vec<Step>,
    pub total_secs: u64,
}

impl Plan {
    /// Lays out the routine: warm-up; for each exercise a rest after the previous one, a get-ready
    /// lead-in and its dose (sets, then sides left before right, then reps, with rests and switches
    /// between); cool-down. A rest, switch or lead-in of 0 seconds is left out.
    pub fn new(routine: &Routine) -> Plan {
        let mut steps = Vec::new();
        if let Some(warmup) = &routine.warmup {
            steps.push(Step::plain(StepKind::Warmup, None, warmup.secs));
        }
        for (i, exercise) in routine.exercises.iter().enumerate() {
            if i > 0 && routine.rest_between_secs > 0 {
                steps.push(Step::plain(
                    StepKind::RestBetween,
                    Some(i),
                    routine.rest_between_secs,
                ));
            }
            if routine.lead_in_secs > 0 {
                steps.push(Step::plain(
                    StepKind::GetReady,
                    Some(i),
                    routine.lead_in_secs,
                ));
            }
            match exercise.dosage {
                Dosage::Hold(h) => {
                    let dose = Dose {
                        exercise: i,
                        sets: h.sets,
                        sides: h.sides,
                        units: h.reps,
                        rest_secs: h.rest_secs,
                        switch_secs: h.switch_secs,
                    };
                    dose.lay_out(&mut steps, StepKind::Hold { breath: h.breath }, h.secs);
                }
                Dosage::Reps(r) => {
                    let dose = Dose {
                        exercise: i,
                        sets: r.sets,
                        sides: r.sides,
                        units: 1,
                        rest_secs: r.rest_secs,
                        switch_secs: r.switch_secs,
                    };
                    let kind = StepKind::Reps {
                        count: r.count,
                        secs_per_rep: r.secs_per_rep,
                    };
                    let per_rep = r.secs_per_rep.unwrap_or(SELF_PACED_SECS_PER_REP);
                    dose.lay_out(&mut steps, kind, r.count.saturating_mul(per_rep));
                }
                Dosage::Timed(t) => steps.push(Step::plain(StepKind::Timed, Some(i), t.secs)),
            }
        }
        if let Some(cooldown) = &routine.cooldown {
            steps.push(Step::plain(StepKind::Cooldown, None, cooldown.secs));
        }
        let total_secs = steps.iter().map(|s| u64::from(s.secs)).sum();
        Plan { steps, total_secs }
    }

    /// Going on gently, the one rule for it (the pain dialog, a get-ready that waits): what is left
    /// of the exercise at step `from` gets half the seconds of each hold and timed part, half the
    /// reps of each set of reps, and half the holds of each side and set, each rounded up and never
    /// below 1. Sets, sides and rests stay. Holds dropped take the rest before them along; on the
    /// side under way, the hold at `from` is never dropped (it becomes the last one when half
    /// are already done). Returns the exercise made gentler, or `None` outside an exercise.
    pub fn gentler(&mut self, from: usize) -> Option<usize> {
        let current = *self.steps.get(from)?;
        let exercise = current.exercise?;
        let half = |n: u32| n.div_ceil(2).max(1);
        let reached = current.rep.map_or(0, |c| c.n);
        let steps = std::mem::take(&mut self.steps);
        for (i, mut step) in steps.into_iter().enumerate() {
            let ours =
                i >= from && step.exercise == Some(exercise) && step.kind != StepKind::RestBetween;
            if ours {
                if let Some(rep) = step.rep {
                    let under_way = (step.set, step.side) == (current.set, current.side);
                    let of = if under_way {
                        half(rep.of).max(reached)
                    } else {
                        half(rep.of)
                    };
                    if rep.n > of {
                        continue;
                    }
                    step.rep = (of > 1).then_some(Count { n: rep.n, of });
                }
                match step.kind {
                    StepKind::Hold { .. } | StepKind::Timed => step.secs = half(step.secs),
                    StepKind::Reps {
                        count,
                        secs_per_rep,
                    } => {
                        let count = half(count);
                        step.kind = StepKind::Reps {
                            count,
                            secs_per_rep,
                        };
                        step.secs = count * secs_per_rep.unwrap_or(SELF_PACED_SECS_PER_REP);
                    }
                    StepKind::Warmup
                    | StepKind::GetReady
                    | StepKind::Rest
                    | StepKind::Switch
                    | StepKind::RestBetween
                    | StepKind::Cooldown => {}
                }
            }
            self.steps.push(step);
        }
        self.total_secs = self.steps.iter().map(|s| u64::from(s.secs)).sum();
        Some(exercise)
    }

    /// The exercise that step `index` finishes, when it is the last step of that exercise's dose.
    pub fn completes_exercise(&self, index: usize) -> Option<usize> {
        let step = self.steps.get(index)?;
        let exercise = step
            .exercise
            .filter(|_| step.kind != StepKind::RestBetween)?;
        let next = self.steps.get(index + 1);
        next.is_none_or(|n| n.exercise != Some(exercise) || n.kind == StepKind::RestBetween)
            .then_some(exercise)
    }
}

/// One line of a plan table: when the step starts, how long it lasts, what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `0:00`, `1:25`.
    pub start: String,
    /// `0:30`; `~0:20` for self-paced reps, whose length is an estimate.
    pub length: String,
    /// "Hold", "Rest".
    pub title: &'static str,
    /// "Seated knee hug (left) - rep 1/2".
    pub subject: String,
}

impl Plan {
    /// The plan as a table, the one `stretchy show` prints and the plan screen draws.
    pub fn rows(&self, routine: &Routine) -> Vec<Row> {
        let mut start = 0u64;
        (self.steps.iter())
            .map(|step| {
                let mark = if step.self_paced() { "~" } else { "" };
                let row = Row {
                    start: clock(start),
                    length: format!("{mark}{}", clock(step.secs.into())),
                    title: step.title(),
                    subject: step.subject(routine),
                };
                start += u64::from(step.secs);
                row
            })
            .collect()
    }

    /// True when self-paced steps make the total an estimate.
    pub fn estimated(&self) -> bool {
        self.steps.iter().any(Step::self_paced)
    }

    /// The total length: `5:18`, or `about 5:18` when it is an estimate.
    pub(crate) fn total_text(&self) -> String {
        let about = if self.estimated() { "about " } else { "" };
        format!("{about}{}", clock(self.total_secs))
    }
}

/// What the `~` beside a length means, for a table that has one.
pub(crate) fn self_paced_note() -> String {
    format!(
        "~ self-paced: you count each rep with enter and the set ends at its last; timed here \
         at {SELF_PACED_SECS_PER_REP} s a rep"
    )
}

/// The repeated part of one exercise: sets of sides of units (holds, or one block of reps).
struct Dose {
    exercise: usize,
    sets: u32,
    sides: Sides,
    units: u32,
    rest_secs: u32,
    switch_secs: u32,
}

impl Dose {
    fn lay_out(&self, steps: &mut Vec<Step>, kind: StepKind, secs: u32) {
        let sides: &[Option<Side>] = match self.sides {
            Sides::None => &[None],
            Sides::Both => &[Some(Side::Left), Some(Side::Right)],
        };
        let count = |n, of| (of > 1).then_some(Count { n, of });
        for set in 1..=self.sets {
            for (side_index, &side) in sides.iter().enumerate() {
                for rep in 1..=self.units {
                    let at = Step {
                        kind,
                        exercise: Some(self.exercise),
                        secs,
                        side,
                        rep: count(rep, self.units),
                        set: count(set, self.sets),
                    };
                    let first_of_set = side_index == 0 && rep == 1;
                    if set > 1 && first_of_set && self.rest_secs > 0 {
                        steps.push(Step {
                            kind: StepKind::Rest,
                            secs: self.rest_secs,
                            ..at
                        });
                    } else if side_index > 0 && rep == 1 && self.switch_secs > 0 {
                        steps.push(Step {
                            kind: StepKind::Switch,
                            secs: self.switch_secs,
                            ..at
                        });
                    } else if rep > 1 && self.rest_secs > 0 {
                        steps.push(Step {
                            kind: StepKind::Rest,
                            secs: self.rest_secs,
                            ..at
                        });
                    }
                    steps.push(at);
                }
            }
        }
    }
}

/// Formats seconds as a clock: `0:05`, `5:18`, `1:02:03`.
pub fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;
    use crate::core::routine::Routine;

    fn routine(exercises: &str) -> Routine {
        let text = format!(
            r#"{{"schema": 1, "id": "t", "title": "T", "lead_in_secs": 5, "rest_between_secs": 15,
                "warmup": {{"name": "Warm", "secs": 60}}, "cooldown": {{"name": "Cool", "secs": 30}},
                "exercises": [{exercises}]}}"#
        );
        Routine::from_json(&text, "t.json").unwrap_or_else(|e| panic!("{e}"))
    }

    /// (kind title, exercise, secs, position words) for each step: the whole plan at a glance.
    fn outline(plan: &Plan) -> Vec<(&'static str, Option<usize>, u32, String)> {
        plan.steps
            .iter()
            .map(|s| (s.title(), s.exercise, s.secs, s.position_words().join(" ")))
            .collect()
    }

    fn row(
        title: &'static str,
        exercise: Option<usize>,
        secs: u32,
        position: &str,
    ) -> (&'static str, Option<usize>, u32, String) {
        (title, exercise, secs, position.to_owned())
    }

    #[test]
    fn sets_then_sides_then_reps_with_rests_and_switches_between() {
        let plan = Plan::new(&routine(
            r#"{"id": "a", "name": "A", "cues": ["x"],
                "hold": {"secs": 10, "reps": 2, "sets": 2, "rest_secs": 4, "sides": "both", "switch_secs": 6}}"#,
        ));
        assert_eq!(
            outline(&plan),
            vec![
                row("Warm-up", None, 60, ""),
                row("Get ready", Some(0), 5, ""),
                row("Hold", Some(0), 10, "left rep 1/2 set 1/2"),
                row("Rest", Some(0), 4, "left rep 2/2 set 1/2"),
                row("Hold", Some(0), 10, "left rep 2/2 set 1/2"),
                row("Switch sides", Some(0), 6, "right rep 1/2 set 1/2"),
                row("Hold", Some(0), 10, "right rep 1/2 set 1/2"),
                row("Rest", Some(0), 4, "right rep 2/2 set 1/2"),
                row("Hold", Some(0), 10, "right rep 2/2 set 1/2"),
                row("Rest", Some(0), 4, "left rep 1/2 set 2/2"),
                row("Hold", Some(0), 10, "left rep 1/2 set 2/2"),
                row("Rest", Some(0), 4, "left rep 2/2 set 2/2"),
                row("Hold", Some(0), 10, "left rep 2/2 set 2/2"),
                row("Switch sides", Some(0), 6, "right rep 1/2 set 2/2"),
                row("Hold", Some(0), 10, "right rep 1/2 set 2/2"),
                row("Rest", Some(0), 4, "right rep 2/2 set 2/2"),
                row("Hold", Some(0), 10, "right rep 2/2 set 2/2"),
                row("Cool-down", None, 30, ""),
            ]
        );
        assert_eq!(plan.total_secs, 60 + 5 + 8 * 10 + 5 * 4 + 2 * 6 + 30);
    }

    #[test]
    fn exercises_are_separated_by_a_rest_and_each_starts_with_a_lead_in() {
        let plan = Plan::new(&routine(
            r#"{"id": "a", "name": "A", "cues": ["x"], "timed": {"secs": 20}},
               {"id": "b", "name": "B", "cues": ["x"], "reps": {"count": 5, "secs_per_rep": 3}}"#,
        ));
        assert_eq!(
            outline(&plan),
            vec![
                row("Warm-up", None, 60, ""),
                row("Get ready", Some(0), 5, ""),
                row("Keep going", Some(0), 20, ""),
                row("Rest", Some(1), 15, ""),
                row("Get ready", Some(1), 5, ""),
                row("Reps", Some(1), 15, ""),
                row("Cool-down", None, 30, ""),
            ]
        );
        assert_eq!(plan.steps[3].kind, StepKind::RestBetween);
        assert_eq!(
            plan.steps[5].kind,
            StepKind::Reps {
                count: 5,
                secs_per_rep: Some(3)
            }
        );
    }

    #[test]
    fn zero_second_rests_switches_and_lead_ins_are_left_out() {
        let text = r#"{"schema": 1, "id": "t", "title": "T", "lead_in_secs": 0, "rest_between_secs": 0,
            "exercises": [
                {"id": "a", "name": "A", "cues": ["x"],
                 "hold": {"secs": 10, "reps": 2, "rest_secs": 0, "sides": "both", "switch_secs": 0}},
                {"id": "b", "name": "B", "cues": ["x"], "timed": {"secs": 20}}]}"#;
        let plan = Plan::new(&Routine::from_json(text, "t.json").expect("valid"));
        let titles: Vec<&str> = plan.steps.iter().map(Step::title).collect();
        assert_eq!(titles, ["Hold", "Hold", "Hold", "Hold", "Keep going"]);
        assert_eq!(plan.total_secs, 60);
    }

    #[test]
    fn self_paced_reps_are_estimated_and_marked() {
        let plan = Plan::new(&routine(
            r#"{"id": "a", "name": "A", "cues": ["x"], "reps": {"count": 15, "sets": 2, "rest_secs": 20}}"#,
        ));
        let reps: Vec<&Step> = plan.steps.iter().filter(|s| s.self_paced()).collect();
        assert_eq!(reps.len(), 2);
        assert_eq!(reps[0].secs, 15 * SELF_PACED_SECS_PER_REP);
        assert_eq!(reps[1].set, Some(Count { n: 2, of: 2 }));
        // The table marks their lengths, and the total, as estimates.
        let r = routine(
            r#"{"id": "a", "name": "A", "cues": ["x"], "reps": {"count": 15, "sets": 2, "rest_secs": 20}}"#,
        );
        let rows = plan.rows(&r);
        let lengths: Vec<&str> = rows.iter().map(|row| row.length.as_str()).collect();
        assert_eq!(lengths, ["1:00", "0:05", "~1:00", "0:20", "~1:00", "0:30"]);
        assert_eq!(rows[4].start, "2:25");
        assert_eq!(plan.total_text(), "about 3:55");
    }

    #[test]
    fn subjects_read_as_one_line() {
        let r = routine(
            r#"{"id": "a", "name": "Knee hug", "cues": ["x"], "hold": {"secs": 10, "reps": 2, "sides": "both"}}"#,
        );
        let plan = Plan::new(&r);
        let subjects: Vec<String> = plan.steps.iter().map(|s| s.subject(&r)).collect();
        assert_eq!(subjects[2], "Knee hug (left) - rep 1/2");
        assert_eq!(subjects[3], "Knee hug - next: left, rep 2/2");
        assert_eq!(subjects[5], "Knee hug - next: right side");
    }

    #[test]
    fn clock_formats_minutes_and_hours() {
        assert_eq!(clock(5), "0:05");
        assert_eq!(clock(318), "5:18");
        assert_eq!(clock(3723), "1:02:03");
    }
}
