//! Pain: what the person can say about it, the one rule table that turns those answers into
//! guidance, and the dialog that asks.
//!
//! Pure: the dialog is a small state machine fed with key actions or numbered answers; nothing
//! here draws, prints or reads the clock. Every front end takes its words and choices from here:
//! the dialog and the banner under it, the summary, the plain mode and the log. The guidance is
//! plain advice, not a diagnosis.
//!
//! The rule table ([`guidance`]), strongest rule first:
//!
//! | answers | level | preselected | needs an explicit yes |
//! |---|---|---|---|
//! | severity 7 or more; tingling or numbness, pain shooting down the leg, or weakness | stop the session | end | go on, go on gently, skip |
//! | sharp pain at any severity; a second report on the same exercise in one session | stop this exercise | skip | go on, go on gently |
//! | severity 4-6 with an ache or burning | go on gently | go on gently | nothing |
//! | severity 0-3 with an ache or burning | go on | go on | nothing |

use crate::core::plan::StepKind;

/// What the dialog understands from a key: its own small vocabulary, so the rules need no
/// keyboard (the keymap turns its actions into these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A number: answers the question at once (severity 0-10, or the numbered offer).
    Digit(u8),
    /// One more on the severity scale; the offer above in a list.
    Up,
    /// One less on the severity scale; the offer below in a list.
    Down,
    /// One less on the severity scale; the offer above in a list.
    Left,
    /// One more on the severity scale; the offer below in a list.
    Right,
    /// Takes the severity shown or the offer highlighted.
    Enter,
    /// "Yes" to "go on anyway?".
    Yes,
    /// Leaves the dialog without an answer.
    Cancel,
    /// Any other key: a "no" to "go on anyway?", nothing elsewhere.
    Other,
}

/// Pain of this severity or more stops the session.
pub const SEVERE: u8 = 7;

/// Pain of this severity or more (below [`SEVERE`]) suggests going on gently.
pub const MODERATE: u8 = 4;

/// Where it hurts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    LowerBack,
    ButtockHip,
    Leg,
    UpperBackNeck,
    Other,
}

impl Place {
    pub const ALL: [Place; 5] = [
        Place::LowerBack,
        Place::ButtockHip,
        Place::Leg,
        Place::UpperBackNeck,
        Place::Other,
    ];

    /// As written in the log and shown on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            Place::LowerBack => "lower back",
            Place::ButtockHip => "buttock/hip",
            Place::Leg => "leg",
            Place::UpperBackNeck => "upper back/neck",
            Place::Other => "other",
        }
    }

    /// In a sentence, after the feeling: "in your lower back"; nothing for "other".
    fn in_words(self) -> &'static str {
        match self {
            Place::LowerBack => " in your lower back",
            Place::ButtockHip => " in your buttock or hip",
            Place::Leg => " in your leg",
            Place::UpperBackNeck => " in your upper back or neck",
            Place::Other => "",
        }
    }
}

/// A report worth recalling at the exercise's next get-ready, which then waits for an answer:
/// moderate pain or more, or a feeling that stops the exercise or the session (sharp, tingling
/// or numbness, shooting down the leg, weakness) at any score: a 2/10 tingle matters next time too.
pub fn worth_recalling(severity: u8, feel: Option<Feel>) -> bool {
    severity >= MODERATE || feel.is_some_and(|feel| feel == Feel::Sharp || feel.stops_the_session())
}

/// What it feels like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feel {
    Ache,
    Sharp,
    Burning,
    TinglingNumbness,
    ShootingDownLeg,
    Weakness,
}

impl Feel {
    pub const ALL: [Feel; 6] = [
        Feel::Ache,
        Feel::Sharp,
        Feel::Burning,
        Feel::TinglingNumbness,
        Feel::ShootingDownLeg,
        Feel::Weakness,
    ];

    /// As written in the log and shown on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            Feel::Ache => "ache",
            Feel::Sharp => "sharp",
            Feel::Burning => "burning",
            Feel::TinglingNumbness => "tingling/numbness",
            Feel::ShootingDownLeg => "shooting down the leg",
            Feel::Weakness => "weakness",
        }
    }

    /// The feeling a log line names ("sharp"), if it is one the dialog offers.
    pub fn from_log(text: &str) -> Option<Feel> {
        Feel::ALL.into_iter().find(|feel| feel.as_str() == text)
    }

    /// Signs that a nerve may be involved: they stop the session at any severity.
    fn stops_the_session(self) -> bool {
        match self {
            Feel::TinglingNumbness | Feel::ShootingDownLeg | Feel::Weakness => true,
            Feel::Ache | Feel::Sharp | Feel::Burning => false,
        }
    }

    /// The answers as the start of a sentence: "Sharp pain in your lower back".
    fn describe(self, place: Place) -> String {
        let place_words = place.in_words();
        match self {
            Feel::Ache => format!("An ache{place_words}"),
            Feel::Sharp => format!("Sharp pain{place_words}"),
            Feel::Burning => format!("Burning{place_words}"),
            Feel::TinglingNumbness => format!("Tingling or numbness{place_words}"),
            Feel::Weakness => format!("Weakness{place_words}"),
            // "in your leg shooting down the leg" says it twice.
            Feel::ShootingDownLeg if place == Place::Leg => "Pain shooting down the leg".to_owned(),
            Feel::ShootingDownLeg => format!("Pain{place_words} shooting down the leg"),
        }
    }
}

/// What the person chose to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Go on as planned.
    Resume,
    /// Go on with the rest of this exercise at half the dose: each hold and timed part half as
    /// long, each set of counted reps half as many.
    Gentler,
    /// Leave this exercise and go on to the next.
    Skip,
    /// End the session.
    End,
}

impl Choice {
    pub const ALL: [Choice; 4] = [Choice::Resume, Choice::Gentler, Choice::Skip, Choice::End];

    /// As written in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Resume => "resume",
            Choice::Gentler => "gentler",
            Choice::Skip => "skip",
            Choice::End => "end",
        }
    }

    /// The words on the dialog's options and on banners beside their key, for what the pain
    /// interrupted: the warm-up and cool-down have no dose to halve and are not an exercise.
    pub fn label(self, stage: Stage) -> &'static str {
        match (self, stage) {
            (Choice::Resume, _) => "go on",
            (Choice::Gentler, Stage::Exercise) => "go on gently, half the dose",
            (Choice::Gentler, Stage::Warmup | Stage::Cooldown) => "go on gently, smaller movements",
            (Choice::Skip, Stage::Exercise) => "skip this exercise",
            (Choice::Skip, Stage::Warmup) => "skip the warm-up",
            (Choice::Skip, Stage::Cooldown) => "skip the cool-down",
            (Choice::End, _) => "end the session",
        }
    }

    /// A word or two, for key hints in a narrow footer.
    pub fn short(self) -> &'static str {
        match self {
            Choice::Resume => "go on",
            Choice::Gentler => "go on gently",
            Choice::Skip => "skip",
            Choice::End => "end",
        }
    }

    /// The question asked before a choice the rule table advises against. Skipping the
    /// cool-down ends the routine.
    pub fn confirm_question(self, stage: Stage) -> &'static str {
        match (self, stage) {
            (Choice::Resume, _) => "Go on anyway?",
            (Choice::Gentler, _) => "Go on gently anyway?",
            (Choice::Skip, Stage::Exercise) => "Skip this exercise and go on anyway?",
            (Choice::Skip, Stage::Warmup) => "Skip the warm-up and go on anyway?",
            (Choice::Skip, Stage::Cooldown) => "Skip the cool-down and finish anyway?",
            (Choice::End, _) => "End the session?",
        }
    }
}

/// What the pain interrupted, for the words and choices that depend on it: an exercise (with the
/// get-ready and rests that belong to it: in the rest before an exercise, the one coming up), or
/// the warm-up or cool-down, which have no holds or reps to halve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Exercise,
    Warmup,
    Cooldown,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Exercise, Stage::Warmup, Stage::Cooldown];

    /// The stage a step belongs to.
    pub fn of(kind: StepKind) -> Stage {
        match kind {
            StepKind::Warmup => Stage::Warmup,
            StepKind::Cooldown => Stage::Cooldown,
            StepKind::GetReady
            | StepKind::Hold { .. }
            | StepKind::Reps { .. }
            | StepKind::Timed
            | StepKind::Rest
            | StepKind::Switch
            | StepKind::RestBetween => Stage::Exercise,
        }
    }

    /// The stage in a sentence: "this exercise", "the warm-up".
    fn this(self) -> &'static str {
        match self {
            Stage::Exercise => "this exercise",
            Stage::Warmup => "the warm-up",
            Stage::Cooldown => "the cool-down",
        }
    }
}

/// Everything the rule table reads: the answers, and how often this exercise hurt before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// 0 (none) to 10 (worst imaginable).
    pub severity: u8,
    pub place: Place,
    pub feel: Feel,
    /// Earlier pain reports on the same exercise in this session.
    pub earlier: u32,
    /// What the pain interrupted: the words name it, and only an exercise has a dose to halve.
    pub stage: Stage,
}

/// How strongly the answers call for stopping, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Mild: going on is fine, within a pain-free range.
    GoOn,
    /// Going on gently is the safer choice.
    Gently,
    /// Leave this exercise for today.
    StopExercise,
    /// End the session.
    StopSession,
}

impl Level {
    /// The choice offered first.
    pub fn preselected(self) -> Choice {
        match self {
            Level::GoOn => Choice::Resume,
            Level::Gently => Choice::Gentler,
            Level::StopExercise => Choice::Skip,
            Level::StopSession => Choice::End,
        }
    }

    /// Choices taken only after an explicit yes: whatever goes on with what the level stops.
    pub fn needs_yes(self, choice: Choice) -> bool {
        match self {
            Level::GoOn | Level::Gently => false,
            Level::StopExercise => matches!(choice, Choice::Resume | Choice::Gentler),
            Level::StopSession => choice != Choice::End,
        }
    }
}

/// What the rule table says about a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guidance {
    pub level: Level,
    /// The choice offered first: `level.preselected()`.
    pub preselected: Choice,
    /// One sentence: what was answered and what it calls for.
    pub why: String,
    /// What to do now and what to watch for, in the words of what was answered (someone who
    /// reported numbness is not told "if it comes with numbness").
    pub advice: Vec<String>,
    /// What to say once the session has ended for this report: rest, and when to ask a
    /// clinician, in the same words.
    pub ended: Vec<String>,
}

impl Guidance {
    /// True when `choice` is taken only after an explicit yes.
    pub fn needs_yes(&self, choice: Choice) -> bool {
        self.level.needs_yes(choice)
    }
}

/// The rule table: from a report to its guidance. See the module's table.
pub fn guidance(report: Report) -> Guidance {
    let Report {
        severity,
        place,
        feel,
        earlier,
        stage,
    } = report;
    let this = stage.this();
    let severe = severity >= SEVERE;
    let level = if severe || feel.stops_the_session() {
        Level::StopSession
    } else if feel == Feel::Sharp || earlier > 0 {
        Level::StopExercise
    } else if severity >= MODERATE && matches!(feel, Feel::Ache | Feel::Burning) {
        Level::Gently
    } else {
        Level::GoOn
    };
    let what = format!("{} ({severity}/10)", feel.describe(place));
    let times = match earlier + 1 {
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    };
    let why = match level {
        Level::StopSession if feel.stops_the_session() => {
            format!("{what} is a sign to stop the session.")
        }
        Level::StopSession => format!("{what}: pain this strong is a sign to stop the session."),
        Level::StopExercise if feel == Feel::Sharp && earlier > 0 => {
            format!("{what} is a sign to stop {this}, which has hurt {times} in this session.")
        }
        Level::StopExercise if feel == Feel::Sharp => {
            format!("{what} is a sign to stop {this}.")
        }
        Level::StopExercise => {
            format!("{what}, and {this} has hurt {times} in this session: leave it for today.")
        }
        Level::Gently => format!("{what}: going on gently is the safer choice."),
        Level::GoOn => format!("{what}: you can go on if it stays mild."),
    };
    let settle = "If it does not settle within a few days, or gets worse, ask a clinician.";
    // When to ask a clinician, for the dialog and again once the session has ended.
    let mut follow_up = match feel {
        Feel::TinglingNumbness => {
            vec!["If the tingling or numbness stays or spreads, ask a clinician soon.".to_owned()]
        }
        Feel::ShootingDownLeg => {
            vec!["If the pain keeps shooting down the leg, ask a clinician soon.".to_owned()]
        }
        Feel::Weakness => vec![
            "If the weakness stays, ask a clinician soon; if it gets worse, get care now."
                .to_owned(),
        ],
        Feel::Ache | Feel::Sharp | Feel::Burning => vec![
            settle.to_owned(),
            format!(
                "If it {}, ask a clinician soon.",
                signs_besides(feel, false)
            ),
        ],
    };
    if feel.stops_the_session() {
        follow_up.push(URGENT.to_owned());
    }
    let advice = match level {
        Level::GoOn => vec![
            "Move only within a range that does not hurt.".to_owned(),
            format!("Stop if it gets worse, {}.", signs_besides(feel, true)),
        ],
        Level::Gently => vec![
            match stage {
                Stage::Exercise => "Go on gently: half the dose, and a smaller movement.",
                Stage::Warmup | Stage::Cooldown => "Go on gently, with smaller, slower movements.",
            }
            .to_owned(),
            format!("Stop if it gets worse, {}.", signs_besides(feel, true)),
        ],
        Level::StopExercise => vec![
            format!("Ease out of the position slowly and leave {this} for today."),
            settle.to_owned(),
            format!("End the session if it {}.", signs_besides(feel, false)),
        ],
        Level::StopSession => {
            let mut lines =
                vec!["Ease out of the position slowly, end the session and rest.".to_owned()];
            lines.extend(follow_up.iter().cloned());
            lines
        }
    };
    let mut ended = vec![ENDED_ADVICE[0].to_owned()];
    ended.extend(follow_up);
    Guidance {
        level,
        preselected: level.preselected(),
        why,
        advice,
        ended,
    }
}

/// Signs that mean getting care now rather than waiting, said beside nerve-like answers.
pub const URGENT: &str = "Numbness around the groin or inner thighs, or losing control of \
    bladder or bowel: get care now.";

/// While stopped for pain with the questions left unanswered (Esc): what to do before going on.
pub const PAUSED_ADVICE: [&str; 2] = [
    "Ease out of the position slowly and rest.",
    "If it is sharp, shoots down a leg, or brings numbness or weakness: end here.",
];

/// After a session ended for pain without answers to the questions.
pub const ENDED_ADVICE: [&str; 2] = [
    "Rest, and move gently only within what feels comfortable.",
    "If pain is severe, keeps getting worse, or comes with numbness, tingling or weakness, \
     ask a clinician.",
];

/// What to say once a session has ended, for the last pain report in it (`None`: none, or left
/// unanswered): after ending for pain, rest and when to ask a clinician, in the words of what was
/// answered; after going on to the end in spite of a sign to stop, the same words; otherwise
/// nothing.
pub fn after_session(ended_for_pain: bool, last: Option<Report>) -> Vec<String> {
    match last.map(guidance) {
        Some(g) if ended_for_pain || g.level >= Level::StopExercise => g.ended,
        None if ended_for_pain => ENDED_ADVICE.map(str::to_owned).to_vec(),
        Some(_) | None => Vec::new(),
    }
}

/// What going on means after the questions were left unanswered (Esc): the gentler dose, so that
/// pain nobody described never brings back the full one. Where there is no exercise to make
/// gentler (the warm-up, the cool-down), it is plain going on.
pub const GO_ON_UNANSWERED: Choice = Choice::Gentler;

/// The signs to watch for besides the one answered, after "if it": "turns sharp, shoots down a
/// leg, or brings tingling, numbness or weakness". `sharp`: name sharp pain among them.
fn signs_besides(feel: Feel, sharp: bool) -> String {
    let mut signs = Vec::new();
    if sharp && feel != Feel::Sharp {
        signs.push("turns sharp".to_owned());
    }
    if feel != Feel::ShootingDownLeg {
        signs.push("shoots down a leg".to_owned());
    }
    let mut brings = Vec::new();
    if feel != Feel::TinglingNumbness {
        brings.extend(["tingling", "numbness"]);
    }
    if feel != Feel::Weakness {
        brings.push("weakness");
    }
    if !brings.is_empty() {
        signs.push(format!("brings {}", or_list(&brings, false)));
    }
    or_list(&signs, true)
}

/// "a, b or c"; with `serial`, "a, b, or c" (for items that have their own "or" inside).
fn or_list<S: AsRef<str>>(items: &[S], serial: bool) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            let comma = if serial && rest.len() > 1 { "," } else { "" };
            format!("{}{comma} or {}", rest.join(", "), last.as_ref())
        }
    }
}

/// Every answer to the pain questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// 0 (none) to 10 (worst imaginable).
    pub severity: u8,
    pub place: Place,
    pub feel: Feel,
    pub choice: Choice,
    /// What the rule table offered first.
    pub suggested: Choice,
}

/// Which question the dialog is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Severity,
    Place,
    Feel,
    Choice,
    /// "Go on anyway?" before a choice the rule table advises against.
    ConfirmResume,
}

/// One answer the current question offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    /// What picks it: the severity itself (0-10), or its place in a list, from 1.
    pub number: u8,
    pub label: &'static str,
    /// Taken only after an explicit yes.
    pub needs_yes: bool,
}

/// The pain dialog: severity, then where, then how it feels, then what to do.
///
/// A text front end asks [`Dialog::prompt`], lists [`Dialog::offers`] with
/// [`Dialog::selected`] marked and [`Dialog::guidance`] above them, and passes each answer to
/// [`Dialog::choose`] (or each key to [`Dialog::handle`]); when [`Dialog::awaiting_yes`], only
/// [`Input::Yes`] goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialog {
    question: Question,
    severity: u8,
    /// Index into [`Place::ALL`].
    place: usize,
    /// Index into [`Feel::ALL`].
    feel: usize,
    /// Index into [`Choice::ALL`].
    choice: usize,
    /// Earlier pain reports on the same exercise in this session.
    earlier: u32,
    stage: Stage,
}

/// What a key did to the dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Still asking.
    Asking,
    /// Esc: back to the paused session, nothing chosen.
    Cancelled,
    /// All answered.
    Answered(Answer),
}

impl Dialog {
    /// A dialog for a report made during `stage`, on an exercise that hurt `earlier` times
    /// before in this session.
    pub fn new(stage: Stage, earlier: u32) -> Dialog {
        Dialog {
            question: Question::Severity,
            severity: 5,
            place: 0,
            feel: 0,
            choice: 0,
            earlier,
            stage,
        }
    }

    pub fn question(&self) -> Question {
        self.question
    }

    /// What the pain interrupted.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The severity as answered so far.
    pub fn severity(&self) -> u8 {
        self.severity
    }

    /// The question, in words.
    pub fn prompt(&self) -> &'static str {
        match self.question {
            Question::Severity => "Everything is paused. How bad is it, from 0 to 10?",
            Question::Place => "Where does it hurt?",
            Question::Feel => "What does it feel like?",
            Question::Choice => "What now?",
            Question::ConfirmResume => self.pending().confirm_question(self.stage),
        }
    }

    /// The answers the current question offers, numbered. None while awaiting a yes.
    pub fn offers(&self) -> Vec<Offer> {
        let number = |i: usize| u8::try_from(i + 1).unwrap_or(u8::MAX);
        match self.question {
            Question::Severity => (0..=10)
                .map(|n| Offer {
                    number: n,
                    label: severity_words(n),
                    needs_yes: false,
                })
                .collect(),
            Question::Place => (Place::ALL.iter().enumerate())
                .map(|(i, p)| Offer {
                    number: number(i),
                    label: p.as_str(),
                    needs_yes: false,
                })
                .collect(),
            Question::Feel => (Feel::ALL.iter().enumerate())
                .map(|(i, f)| Offer {
                    number: number(i),
                    label: f.as_str(),
                    needs_yes: false,
                })
                .collect(),
            Question::Choice => {
                let guidance = self.guidance();
                (Choice::ALL.iter().enumerate())
                    .map(|(i, &c)| Offer {
                        number: number(i),
                        label: c.label(self.stage),
                        needs_yes: guidance.as_ref().is_some_and(|g| g.needs_yes(c)),
                    })
                    .collect()
            }
            Question::ConfirmResume => Vec::new(),
        }
    }

    /// The number of the offer that Enter takes: the severity, or the highlighted option.
    pub fn selected(&self) -> u8 {
        let index = match self.question {
            Question::Severity => return self.severity,
            Question::Place => self.place,
            Question::Feel => self.feel,
            Question::Choice | Question::ConfirmResume => self.choice,
        };
        u8::try_from(index + 1).unwrap_or(u8::MAX)
    }

    /// The rule table's guidance, once the feeling is answered.
    pub fn guidance(&self) -> Option<Guidance> {
        matches!(self.question, Question::Choice | Question::ConfirmResume)
            .then(|| guidance(self.report()))
    }

    /// True when the chosen answer waits for an explicit yes.
    pub fn awaiting_yes(&self) -> bool {
        self.question == Question::ConfirmResume
    }

    fn report(&self) -> Report {
        Report {
            severity: self.severity,
            place: Place::ALL[self.place],
            feel: Feel::ALL[self.feel],
            earlier: self.earlier,
            stage: self.stage,
        }
    }

    fn pending(&self) -> Choice {
        Choice::ALL[self.choice]
    }

    fn answer(&self) -> Answer {
        let report = self.report();
        Answer {
            severity: report.severity,
            place: report.place,
            feel: report.feel,
            choice: self.pending(),
            suggested: guidance(report).preselected,
        }
    }

    /// Answers the current question with the offer numbered `number` (the only way a text front
    /// end says 10). A number the question does not offer changes nothing; while awaiting a yes,
    /// any number means no.
    pub fn choose(&mut self, number: u8) -> Outcome {
        let n = usize::from(number);
        match self.question {
            Question::Severity if number <= 10 => {
                self.severity = number;
                self.question = Question::Place;
            }
            Question::Place if (1..=Place::ALL.len()).contains(&n) => {
                self.place = n - 1;
                self.question = Question::Feel;
            }
            Question::Feel if (1..=Feel::ALL.len()).contains(&n) => {
                self.feel = n - 1;
                self.ask_choice();
            }
            Question::Choice if (1..=Choice::ALL.len()).contains(&n) => {
                self.choice = n - 1;
                return self.take_choice();
            }
            // A "no" goes back to what the rule table suggests, so Enter does not pick the
            // declined choice again.
            Question::ConfirmResume => self.ask_choice(),
            Question::Severity | Question::Place | Question::Feel | Question::Choice => {}
        }
        Outcome::Asking
    }

    /// Handles one key. A digit answers the current question at once (severity 0-9, or the
    /// numbered option); arrows move and Enter confirms (the only key way to say 10); Esc
    /// cancels.
    pub fn handle(&mut self, input: Input) -> Outcome {
        if input == Input::Cancel {
            return Outcome::Cancelled;
        }
        if self.question == Question::ConfirmResume {
            if input == Input::Yes {
                return Outcome::Answered(self.answer());
            }
            self.ask_choice();
            return Outcome::Asking;
        }
        if let Input::Digit(d) = input {
            return self.choose(d);
        }
        if self.question == Question::Severity {
            match input {
                Input::Up | Input::Right => self.severity = (self.severity + 1).min(10),
                Input::Down | Input::Left => self.severity = self.severity.saturating_sub(1),
                Input::Enter => return self.choose(self.severity),
                Input::Digit(_) | Input::Yes | Input::Cancel | Input::Other => {}
            }
            return Outcome::Asking;
        }
        let selected = self.selected();
        let last = u8::try_from(self.offers().len()).unwrap_or(u8::MAX);
        match input {
            Input::Up | Input::Left => self.highlight(selected.saturating_sub(1).max(1)),
            Input::Down | Input::Right => self.highlight((selected + 1).min(last)),
            Input::Enter => return self.choose(selected),
            Input::Digit(_) | Input::Yes | Input::Cancel | Input::Other => {}
        }
        Outcome::Asking
    }

    /// Moves the highlight of a list to the offer numbered `number` (from 1).
    fn highlight(&mut self, number: u8) {
        let index = usize::from(number).saturating_sub(1);
        match self.question {
            Question::Place => self.place = index,
            Question::Feel => self.feel = index,
            Question::Choice => self.choice = index,
            Question::Severity | Question::ConfirmResume => {}
        }
    }

    /// On to "what now?", with the rule table's choice highlighted.
    fn ask_choice(&mut self) {
        self.question = Question::Choice;
        let preselected = guidance(self.report()).preselected;
        self.choice = Choice::ALL
            .iter()
            .position(|&c| c == preselected)
            .unwrap_or(0);
    }

    /// The highlighted choice is picked: answered, or a yes is asked for first.
    fn take_choice(&mut self) -> Outcome {
        if guidance(self.report()).needs_yes(self.pending()) {
            self.question = Question::ConfirmResume;
            Outcome::Asking
        } else {
            Outcome::Answered(self.answer())
        }
    }
}

/// A word for each severity, for a screen reader or a list: "mild", "severe".
pub fn severity_words(severity: u8) -> &'static str {
    match severity {
        0 => "none",
        1..=3 => "mild",
        4..=6 => "moderate",
        7..=9 => "severe",
        _ => "the worst imaginable",
    }
}

#[cfg(test)]
mod tests;
