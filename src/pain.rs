//! Pain: what the person can say about it, when it is a red flag, and the dialog that asks.
//!
//! Pure: the dialog is a small state machine fed with key actions; it never draws or reads the
//! clock. The advice it gives is plain guidance, not a diagnosis.

use crate::keymap::Action;

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
}

/// What it feels like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feel {
    Ache,
    Sharp,
    Burning,
    TinglingNumbness,
    ShootingDownLeg,
}

impl Feel {
    pub const ALL: [Feel; 5] = [
        Feel::Ache,
        Feel::Sharp,
        Feel::Burning,
        Feel::TinglingNumbness,
        Feel::ShootingDownLeg,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Feel::Ache => "ache",
            Feel::Sharp => "sharp",
            Feel::Burning => "burning",
            Feel::TinglingNumbness => "tingling/numbness",
            Feel::ShootingDownLeg => "shooting down the leg",
        }
    }
}

/// What the person chose to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Go on as planned.
    Resume,
    /// Go on with this exercise's holds and reps halved.
    Gentler,
    /// Leave this exercise and go on to the next.
    Skip,
    /// End the session.
    End,
}

impl Choice {
    pub const ALL: [Choice; 4] = [Choice::Resume, Choice::Gentler, Choice::Skip, Choice::End];

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Resume => "resume",
            Choice::Gentler => "gentler",
            Choice::Skip => "skip",
            Choice::End => "end",
        }
    }

    /// The words on the dialog's buttons.
    pub fn label(self) -> &'static str {
        match self {
            Choice::Resume => "go on",
            Choice::Gentler => "go on gently (half holds and reps)",
            Choice::Skip => "skip this exercise",
            Choice::End => "end the session",
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
}

/// Severe pain, or pain with nerve-like signs, calls for stopping rather than pushing on.
pub fn red_flag(severity: u8, feel: Feel) -> bool {
    severity >= 7 || matches!(feel, Feel::TinglingNumbness | Feel::ShootingDownLeg)
}

/// What the dialog says when the answers raise a red flag.
pub const RED_FLAG_ADVICE: [&str; 2] = [
    "Please stop here and rest.",
    "If the pain persists, gets worse, or comes with numbness or weakness, seek medical advice.",
];

/// Which question the dialog is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Severity,
    Place,
    Feel,
    Choice,
    /// "Resume anyway?" after a red flag.
    ConfirmResume,
}

/// The pain dialog: severity, then where, then how it feels, then what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialog {
    pub question: Question,
    pub severity: u8,
    /// Index into [`Place::ALL`].
    pub place: usize,
    /// Index into [`Feel::ALL`].
    pub feel: usize,
    /// Index into [`Choice::ALL`].
    pub choice: usize,
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

impl Default for Dialog {
    fn default() -> Dialog {
        Dialog::new()
    }
}

impl Dialog {
    pub fn new() -> Dialog {
        Dialog {
            question: Question::Severity,
            severity: 5,
            place: 0,
            feel: 0,
            choice: 0,
        }
    }

    /// True when the answers so far are a red flag.
    pub fn red_flag(&self) -> bool {
        red_flag(self.severity, Feel::ALL[self.feel])
    }

    fn answer(&self, choice: Choice) -> Answer {
        Answer {
            severity: self.severity,
            place: Place::ALL[self.place],
            feel: Feel::ALL[self.feel],
            choice,
        }
    }

    /// Handles one key. A digit answers the current question at once (severity 0-9, or the
    /// numbered option); arrows move and Enter confirms (the only way to say 10); Esc cancels.
    pub fn handle(&mut self, action: Action) -> Outcome {
        if action == Action::Quit {
            return Outcome::Cancelled;
        }
        match self.question {
            Question::Severity => match action {
                Action::Digit(d) => {
                    self.severity = d;
                    self.question = Question::Place;
                }
                Action::Up | Action::Skip => self.severity = (self.severity + 1).min(10),
                Action::Down | Action::Back => self.severity = self.severity.saturating_sub(1),
                Action::Confirm => self.question = Question::Place,
                _ => {}
            },
            Question::Place => {
                if pick(&mut self.place, Place::ALL.len(), action) {
                    self.question = Question::Feel;
                }
            }
            Question::Feel => {
                if pick(&mut self.feel, Feel::ALL.len(), action) {
                    self.question = Question::Choice;
                    // After a red flag, "end" is the suggestion.
                    self.choice = if self.red_flag() { 3 } else { 0 };
                }
            }
            Question::Choice => {
                if pick(&mut self.choice, Choice::ALL.len(), action) {
                    let choice = Choice::ALL[self.choice];
                    if self.red_flag() && choice != Choice::End {
                        self.question = Question::ConfirmResume;
                    } else {
                        return Outcome::Answered(self.answer(choice));
                    }
                }
            }
            Question::ConfirmResume => {
                if action == Action::Yes {
                    return Outcome::Answered(self.answer(Choice::ALL[self.choice]));
                }
                self.question = Question::Choice;
            }
        }
        Outcome::Asking
    }
}

/// Moves a list selection with the arrows, or picks with a digit (1-based) or Enter. True once
/// something is picked.
fn pick(selected: &mut usize, count: usize, action: Action) -> bool {
    match action {
        Action::Digit(d) if (1..=count).contains(&usize::from(d)) => {
            *selected = usize::from(d) - 1;
            true
        }
        Action::Up | Action::Back => {
            *selected = selected.saturating_sub(1);
            false
        }
        Action::Down | Action::Skip => {
            *selected = (*selected + 1).min(count - 1);
            false
        }
        Action::Confirm => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(keys: &[Action]) -> (Dialog, Outcome) {
        let mut dialog = Dialog::new();
        let mut outcome = Outcome::Asking;
        for &key in keys {
            outcome = dialog.handle(key);
        }
        (dialog, outcome)
    }

    /// One key per question: 4, lower back (1), ache (1), gentler (2).
    #[test]
    fn one_key_per_answer() {
        let (_, outcome) = run(&[
            Action::Digit(4),
            Action::Digit(1),
            Action::Digit(1),
            Action::Digit(2),
        ]);
        assert_eq!(
            outcome,
            Outcome::Answered(Answer {
                severity: 4,
                place: Place::LowerBack,
                feel: Feel::Ache,
                choice: Choice::Gentler,
            })
        );
    }

    /// 10 is reached with the arrows and Enter.
    #[test]
    fn severity_ten_with_arrows() {
        let mut keys = vec![Action::Up; 7];
        keys.extend([Action::Confirm, Action::Digit(3), Action::Digit(2)]);
        let (dialog, outcome) = run(&keys);
        assert_eq!((dialog.severity, outcome), (10, Outcome::Asking));
        assert_eq!(dialog.question, Question::Choice);
    }

    /// Severity 7 or more, tingling or shooting pain: "end" is preselected, and resuming needs a
    /// "yes".
    #[test]
    fn red_flag_preselects_end_and_resume_needs_confirmation() {
        for keys in [
            [Action::Digit(7), Action::Digit(1), Action::Digit(1)],
            [Action::Digit(2), Action::Digit(3), Action::Digit(4)],
            [Action::Digit(2), Action::Digit(3), Action::Digit(5)],
        ] {
            let (mut dialog, _) = run(&keys);
            assert!(dialog.red_flag());
            assert_eq!(Choice::ALL[dialog.choice], Choice::End);
            assert_eq!(dialog.handle(Action::Digit(1)), Outcome::Asking);
            assert_eq!(dialog.question, Question::ConfirmResume);
            assert!(matches!(
                dialog.handle(Action::Yes),
                Outcome::Answered(Answer {
                    choice: Choice::Resume,
                    ..
                })
            ));
        }
    }

    /// Anything but "yes" at the confirmation goes back to the choice.
    #[test]
    fn declining_the_confirmation_goes_back() {
        let (mut dialog, _) = run(&[
            Action::Digit(8),
            Action::Digit(1),
            Action::Digit(2),
            Action::Digit(1),
        ]);
        assert_eq!(dialog.handle(Action::Confirm), Outcome::Asking);
        assert_eq!(dialog.question, Question::Choice);
        assert!(matches!(dialog.handle(Action::Confirm), Outcome::Asking));
    }

    /// A red flag with "end" chosen needs no confirmation.
    #[test]
    fn ending_after_a_red_flag_is_immediate() {
        let (_, outcome) = run(&[
            Action::Digit(9),
            Action::Digit(3),
            Action::Digit(2),
            Action::Confirm,
        ]);
        assert!(matches!(
            outcome,
            Outcome::Answered(Answer {
                choice: Choice::End,
                severity: 9,
                ..
            })
        ));
    }

    /// Esc at any question cancels.
    #[test]
    fn escape_cancels() {
        assert_eq!(run(&[Action::Quit]).1, Outcome::Cancelled);
        assert_eq!(
            run(&[Action::Digit(3), Action::Digit(1), Action::Quit]).1,
            Outcome::Cancelled
        );
    }

    #[test]
    fn red_flag_rule() {
        assert!(!red_flag(6, Feel::Sharp));
        assert!(red_flag(7, Feel::Ache));
        assert!(red_flag(0, Feel::TinglingNumbness));
        assert!(red_flag(1, Feel::ShootingDownLeg));
    }
}
