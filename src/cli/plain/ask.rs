//! The pain questions as text, for plain mode: one numbered prompt at a time, each answered with
//! one key (a terminal in raw mode) or one line (anything else).
//!
//! Only the asking lives here. The questions, the options and their numbers, the preselected
//! option, the rule table's guidance and which choices need a yes all come from [`Dialog`], the
//! same one the full-screen dialog shows, so both say the same and log the same.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::input::Typed;
use crate::core::pain::{Dialog, Offer, Outcome, Question};
use crate::tui::keymap::{self, Action};

/// How many questions are always asked: how bad, where, what it feels like, what now.
const QUESTIONS: usize = 4;

/// The pain questions being asked.
#[derive(Debug, Clone)]
pub struct Questions {
    dialog: Dialog,
    /// Keys from a terminal in raw mode: one key answers. Otherwise each answer is a line.
    raw: bool,
    /// Digits typed together with more input (a pasted or sent line, "10" and its Enter), kept
    /// until the line ends so they count as one answer.
    burst: String,
}

impl Questions {
    /// Asks `dialog`, from its first question.
    pub fn new(dialog: Dialog, raw: bool) -> Questions {
        Questions {
            dialog,
            raw,
            burst: String::new(),
        }
    }

    /// The lines that ask the current question: the question, the options with their numbers
    /// (the preselected one says Enter takes it), and the keys. The rule table's guidance comes
    /// before the first "what now?" (see [`Questions::take`]).
    pub fn prompt(&self) -> Vec<String> {
        let dialog = &self.dialog;
        let mut lines = Vec::new();
        let number = match dialog.question() {
            Question::Severity => Some(1),
            Question::Place => Some(2),
            Question::Feel => Some(3),
            Question::Choice => Some(4),
            Question::ConfirmResume => None,
        };
        match number {
            Some(n) => lines.push(format!("Question {n} of {QUESTIONS}: {}", dialog.prompt())),
            None => lines.push(dialog.prompt().to_owned()),
        }
        let offers = dialog.offers();
        let selected = dialog.selected();
        match dialog.question() {
            Question::Severity => {
                lines.push(scale(&offers));
                lines.push(format!("Preselected: {selected} (Enter takes it)."));
            }
            Question::Place | Question::Feel | Question::Choice => {
                lines.extend(offers.iter().map(|offer| option(offer, selected)));
            }
            Question::ConfirmResume => {}
        }
        lines.push(self.keys());
        lines
    }

    /// How to answer, in this input's terms.
    fn keys(&self) -> String {
        let offers = self.dialog.offers();
        let back = if self.raw {
            "q or Escape: back to the paused session."
        } else {
            "q: back to the paused session."
        };
        let (first, last) = match (offers.first(), offers.last()) {
            (Some(first), Some(last)) => (first.number, last.number),
            _ => (0, 0),
        };
        match self.dialog.question() {
            Question::Severity if self.raw => format!(
                "Press 0 to 9, no Enter needed; for 10, the up arrow until 10, then Enter. {back}"
            ),
            Question::Place | Question::Feel | Question::Choice if self.raw => {
                format!("Press {first} to {last}, no Enter needed. {back}")
            }
            Question::Severity | Question::Place | Question::Feel | Question::Choice => {
                format!("Type {first} to {last} and Enter. {back}")
            }
            Question::ConfirmResume if self.raw => {
                "y: yes. Any other key: back to the choices.".to_owned()
            }
            Question::ConfirmResume => "y: yes. Anything else: back to the choices.".to_owned(),
        }
    }

    /// Takes what was typed; `more` says more is typed already (the rest of a line sent at
    /// once). Returns the lines to say (what was understood, then the next question) and where
    /// the questions stand.
    pub fn take(&mut self, typed: &Typed, more: bool) -> (Vec<String>, Outcome) {
        match typed {
            Typed::Line(line) => self.line(line),
            Typed::Key(key) => self.key(*key, more),
        }
    }

    fn key(&mut self, key: KeyEvent, more: bool) -> (Vec<String>, Outcome) {
        // Ctrl-J is how a newline arrives in raw mode, from front ends that send whole lines.
        let enter = key.code == KeyCode::Enter
            || (key.code == KeyCode::Char('j') && key.modifiers.contains(KeyModifiers::CONTROL));
        if let KeyCode::Char(c @ '0'..='9') = key.code
            && (more || !self.burst.is_empty())
        {
            self.burst.push(c);
            if more {
                return (Vec::new(), Outcome::Asking);
            }
            let line = std::mem::take(&mut self.burst);
            return self.line(&line);
        }
        if !self.burst.is_empty() {
            // The end of a line sent at once: its digits are the answer, and its Enter belongs
            // to them, not to the next question.
            let line = std::mem::take(&mut self.burst);
            let (mut lines, outcome) = self.line(&line);
            if enter || outcome != Outcome::Asking {
                return (lines, outcome);
            }
            let (after, outcome) = self.key(key, more);
            lines.extend(after);
            return (lines, outcome);
        }
        let action = if enter {
            Some(Action::Confirm)
        } else {
            keymap::action(key)
        };
        self.act(action)
    }

    fn line(&mut self, line: &str) -> (Vec<String>, Outcome) {
        let line = line.trim();
        if let Ok(number) = line.parse::<u8>() {
            return self.choose(number);
        }
        let action = match line.chars().next() {
            None => Some(Action::Confirm),
            Some(c) => keymap::action(KeyEvent::from(KeyCode::Char(c))),
        };
        self.act(action)
    }

    /// Answers with the offer numbered `number`.
    fn choose(&mut self, number: u8) -> (Vec<String>, Outcome) {
        let before = self.dialog.question();
        let said = self.said(number);
        let outcome = self.dialog.choose(number);
        self.after(before, said, outcome)
    }

    /// Passes a key's action to the dialog. A key that means nothing here is a no to "go on
    /// anyway?" ("any other key: back"), and elsewhere brings back how to answer.
    fn act(&mut self, action: Option<Action>) -> (Vec<String>, Outcome) {
        let Some(action) = action else {
            if self.dialog.awaiting_yes() {
                return self.choose(0);
            }
            return (vec![self.keys()], Outcome::Asking);
        };
        let before = self.dialog.question();
        let selected = self.dialog.selected();
        let said = match action {
            Action::Digit(d) => self.said(d),
            Action::Confirm => self.said(selected),
            _ => None,
        };
        let outcome = self.dialog.handle(keymap::dialog_input(action));
        if outcome == Outcome::Asking
            && before == self.dialog.question()
            && self.dialog.selected() != selected
        {
            // The arrows moved: say where to.
            return (
                self.said(self.dialog.selected()).into_iter().collect(),
                outcome,
            );
        }
        self.after(before, said, outcome)
    }

    /// The lines after an answer: what was understood, then the next question (or, when nothing
    /// changed, how to answer).
    fn after(
        &self,
        before: Question,
        said: Option<String>,
        outcome: Outcome,
    ) -> (Vec<String>, Outcome) {
        let lines = match outcome {
            Outcome::Cancelled => Vec::new(),
            Outcome::Answered(answer) => vec![format!(
                "{}.",
                capitalized(answer.choice.label(self.dialog.stage()))
            )],
            Outcome::Asking if self.dialog.question() == before => vec![self.keys()],
            Outcome::Asking => {
                let mut lines = Vec::new();
                // "Go on anyway?" needs no echo of its no: the choices come back.
                if before != Question::ConfirmResume {
                    lines.extend(said);
                }
                // The guidance is said once, as the feeling is answered; not again when a "no"
                // brings the choices back.
                if before == Question::Feel
                    && let Some(guidance) = self.dialog.guidance()
                {
                    lines.push(guidance.why);
                    lines.extend(guidance.advice);
                }
                lines.extend(self.prompt());
                lines
            }
        };
        (lines, outcome)
    }

    /// "6, moderate": the offer numbered `number`, as said back after it is picked.
    fn said(&self, number: u8) -> Option<String> {
        self.dialog
            .offers()
            .iter()
            .find(|o| o.number == number)
            .map(|o| format!("{}, {}.", o.number, o.label))
    }
}

/// The severity scale in one line, runs of the same word together: "0 none, 1 to 3 mild, ...".
fn scale(offers: &[Offer]) -> String {
    let mut runs: Vec<(u8, u8, &str)> = Vec::new();
    for offer in offers {
        match runs.last_mut() {
            Some((_, last, label)) if *label == offer.label => *last = offer.number,
            _ => runs.push((offer.number, offer.number, offer.label)),
        }
    }
    let runs: Vec<String> = runs
        .iter()
        .map(|&(first, last, label)| {
            if first == last {
                format!("{first} {label}")
            } else {
                format!("{first} to {last} {label}")
            }
        })
        .collect();
    format!("{}.", runs.join(", "))
}

/// "3 skip this exercise (preselected, Enter takes it)": one option of a list.
fn option(offer: &Offer, selected: u8) -> String {
    let mut notes = Vec::new();
    if offer.needs_yes {
        notes.push("asks for a yes");
    }
    if offer.number == selected {
        notes.push("preselected, Enter takes it");
    }
    if notes.is_empty() {
        format!("{} {}", offer.number, offer.label)
    } else {
        format!("{} {} ({})", offer.number, offer.label, notes.join("; "))
    }
}

/// "Go on." from "go on".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::core::pain::{Answer, Choice, Feel, Place, Report, Stage, guidance};

    fn key(c: char) -> Typed {
        Typed::Key(KeyEvent::from(KeyCode::Char(c)))
    }

    fn code(code: KeyCode) -> Typed {
        Typed::Key(KeyEvent::from(code))
    }

    fn line(text: &str) -> Typed {
        Typed::Line(text.to_owned())
    }

    /// Asks a first report's questions with `typed` (each with whether more was typed already),
    /// returning everything said, the first prompt included, and the last outcome.
    fn ask(raw: bool, typed: &[(Typed, bool)]) -> (Vec<String>, Outcome, Questions) {
        let mut questions = Questions::new(Dialog::new(Stage::Exercise, 0), raw);
        let mut said = questions.prompt();
        let mut outcome = Outcome::Asking;
        for (typed, more) in typed {
            let (lines, now) = questions.take(typed, *more);
            said.extend(lines);
            outcome = now;
        }
        (said, outcome, questions)
    }

    /// One at a time, as a person presses them.
    fn keys(typed: &[Typed]) -> (Vec<String>, Outcome, Questions) {
        let typed: Vec<(Typed, bool)> = typed.iter().map(|t| (t.clone(), false)).collect();
        ask(true, &typed)
    }

    fn lines(typed: &[&str]) -> (Vec<String>, Outcome, Questions) {
        let typed: Vec<(Typed, bool)> = typed.iter().map(|t| (line(t), false)).collect();
        ask(false, &typed)
    }

    fn contains_in_order(said: &[String], expected: &[String]) -> bool {
        let mut rest = said.iter();
        expected.iter().all(|e| rest.any(|s| s == e))
    }

    /// One key per question: each answer is said back, the rule table's guidance for the answers
    /// comes before "what now?", and Enter takes the choice the table preselects.
    #[test]
    fn one_key_each_and_enter_takes_the_preselected_choice() {
        let (said, outcome, _) = keys(&[key('6'), key('1'), key('2'), code(KeyCode::Enter)]);
        let table = guidance(Report {
            severity: 6,
            place: Place::LowerBack,
            feel: Feel::Sharp,
            earlier: 0,
            stage: Stage::Exercise,
        });
        assert_eq!(table.preselected, Choice::Skip);
        assert_eq!(
            outcome,
            Outcome::Answered(Answer {
                severity: 6,
                place: Place::LowerBack,
                feel: Feel::Sharp,
                choice: Choice::Skip,
                suggested: Choice::Skip,
            })
        );
        let mut expected: Vec<String> = [
            "Question 1 of 4: Everything is paused. How bad is it, from 0 to 10?",
            "6, moderate.",
            "Question 2 of 4: Where does it hurt?",
            "1, lower back.",
            "Question 3 of 4: What does it feel like?",
            "2, sharp.",
        ]
        .map(str::to_owned)
        .to_vec();
        expected.push(table.why.clone());
        expected.extend(table.advice.clone());
        expected.extend(
            [
                "Question 4 of 4: What now?",
                "1 go on (asks for a yes)",
                "2 go on gently, half the dose (asks for a yes)",
                "3 skip this exercise (preselected, Enter takes it)",
                "4 end the session",
                "Press 1 to 4, no Enter needed. q or Escape: back to the paused session.",
                "Skip this exercise.",
            ]
            .map(str::to_owned),
        );
        assert!(contains_in_order(&said, &expected), "{said:#?}");
    }

    /// Every list names each of the dialog's offers with its number, and marks exactly the one
    /// Enter takes; the severity says its scale and what Enter takes.
    #[test]
    fn prompts_name_every_offer_and_the_preselected_one() {
        let (said, _, _) = keys(&[]);
        assert_eq!(
            said[1..3],
            [
                "0 none, 1 to 3 mild, 4 to 6 moderate, 7 to 9 severe, 10 the worst imaginable.",
                "Preselected: 5 (Enter takes it).",
            ]
        );
        for typed in [
            &[key('3')][..],
            &[key('3'), key('2')],
            &[key('8'), key('3'), key('5')],
        ] {
            let (_, _, questions) = keys(typed);
            let prompt = questions.prompt();
            let offers = questions.dialog.offers();
            let listed: Vec<&String> = prompt
                .iter()
                .filter(|l| l.starts_with(char::is_numeric))
                .collect();
            assert_eq!(listed.len(), offers.len(), "{prompt:#?}");
            for (line, offer) in listed.iter().zip(&offers) {
                assert!(
                    line.starts_with(&format!("{} {}", offer.number, offer.label)),
                    "{line}"
                );
                let enter = offer.number == questions.dialog.selected();
                assert_eq!(line.contains("Enter takes it"), enter, "{line}");
            }
        }
    }

    /// As lines: "10" says ten, an empty line takes what is preselected, and ending after nerve
    /// signs needs no yes. The advice speaks to what was answered, and says when to get care now.
    #[test]
    fn lines_answer_and_an_empty_line_takes_the_preselected() {
        let (said, outcome, _) = lines(&["10", "", "4", ""]);
        let answer = Answer {
            severity: 10,
            place: Place::LowerBack,
            feel: Feel::TinglingNumbness,
            choice: Choice::End,
            suggested: Choice::End,
        };
        assert_eq!(outcome, Outcome::Answered(answer));
        let table = guidance(Report {
            severity: 10,
            place: Place::LowerBack,
            feel: Feel::TinglingNumbness,
            earlier: 0,
            stage: Stage::Exercise,
        });
        assert!(contains_in_order(&said, &table.advice), "{said:#?}");
        assert!(
            said.contains(&crate::core::pain::URGENT.to_owned()),
            "{said:#?}"
        );
        assert!(
            said.contains(&"Type 0 to 10 and Enter. q: back to the paused session.".to_owned()),
            "{said:#?}"
        );
        assert_eq!(said.last().map(String::as_str), Some("End the session."));
    }

    /// A choice the table advises against asks for a yes: any other key brings the choices back
    /// (without saying the guidance again), and y takes it.
    #[test]
    fn going_on_against_the_advice_needs_a_yes() {
        let (said, outcome, questions) = keys(&[key('8'), key('1'), key('1'), key('1'), key('x')]);
        assert_eq!(outcome, Outcome::Asking);
        assert_eq!(questions.dialog.question(), Question::Choice);
        let ask = said
            .iter()
            .position(|l| l == "Go on anyway?")
            .expect("asked");
        assert_eq!(
            said[ask + 1..ask + 3],
            [
                "y: yes. Any other key: back to the choices.",
                "Question 4 of 4: What now?"
            ]
        );
        let why = &guidance(Report {
            severity: 8,
            place: Place::LowerBack,
            feel: Feel::Ache,
            earlier: 0,
            stage: Stage::Exercise,
        })
        .why;
        assert_eq!(said.iter().filter(|l| *l == why).count(), 1, "{said:#?}");

        let (said, outcome, _) = keys(&[key('8'), key('1'), key('1'), key('2'), key('y')]);
        assert!(matches!(
            outcome,
            Outcome::Answered(Answer {
                choice: Choice::Gentler,
                suggested: Choice::End,
                ..
            })
        ));
        assert!(
            said.contains(&"Go on gently anyway?".to_owned()),
            "{said:#?}"
        );
        assert_eq!(
            said.last().map(String::as_str),
            Some("Go on gently, half the dose.")
        );
    }

    /// A second report on the same exercise: the table preselects skipping it even for a mild ache.
    #[test]
    fn a_second_report_preselects_skipping() {
        let mut questions = Questions::new(Dialog::new(Stage::Exercise, 1), true);
        for c in ['2', '1', '1'] {
            questions.take(&key(c), false);
        }
        let (_, outcome) = questions.take(&code(KeyCode::Enter), false);
        assert!(matches!(
            outcome,
            Outcome::Answered(Answer {
                choice: Choice::Skip,
                ..
            })
        ));
    }

    /// A line sent to the terminal at once ("10" and its Enter arrive together) is one answer:
    /// its Enter is not taken for the next question.
    #[test]
    fn a_line_sent_at_once_is_one_answer() {
        let (said, outcome, questions) = ask(
            true,
            &[
                (key('1'), true),
                (key('0'), true),
                (code(KeyCode::Enter), false),
            ],
        );
        assert_eq!(outcome, Outcome::Asking);
        assert_eq!(questions.dialog.question(), Question::Place);
        assert_eq!(questions.dialog.severity(), 10);
        assert!(
            said.contains(&"10, the worst imaginable.".to_owned()),
            "{said:#?}"
        );

        // A newline arrives as Ctrl-J in raw mode.
        let ctrl_j = Typed::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL));
        let (_, _, questions) = ask(true, &[(key('6'), true), (ctrl_j, false)]);
        assert_eq!(questions.dialog.question(), Question::Place);
        assert_eq!(questions.dialog.severity(), 6);
    }

    /// The arrows move the highlight and say where it is.
    #[test]
    fn arrows_say_the_new_selection() {
        let (said, _, questions) = keys(&[code(KeyCode::Up), code(KeyCode::Up)]);
        assert_eq!(said[said.len() - 2..], ["6, moderate.", "7, severe."]);
        assert_eq!(questions.dialog.severity(), 7);
        let (said, _, _) = keys(&[key('3'), code(KeyCode::Down)]);
        assert_eq!(said.last().map(String::as_str), Some("2, buttock/hip."));
    }

    /// q, Escape and Ctrl-C put the questions aside, at any question; a key that means nothing
    /// says again how to answer.
    #[test]
    fn escape_puts_the_questions_aside() {
        let ctrl_c = Typed::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        for cancel in [key('q'), code(KeyCode::Esc), ctrl_c] {
            assert_eq!(keys(std::slice::from_ref(&cancel)).1, Outcome::Cancelled);
            assert_eq!(keys(&[key('4'), key('2'), cancel]).1, Outcome::Cancelled);
        }
        assert_eq!(lines(&["3", "q"]).1, Outcome::Cancelled);
        let (said, outcome, _) = keys(&[key('x')]);
        assert_eq!(outcome, Outcome::Asking);
        assert_eq!(said.last(), said.get(3));
        let (said, _, questions) = lines(&["11", "ache"]);
        assert_eq!(questions.dialog.question(), Question::Severity);
        assert!(
            said.ends_with(&[said[3].clone(), said[3].clone()]),
            "{said:#?}"
        );
    }
}
