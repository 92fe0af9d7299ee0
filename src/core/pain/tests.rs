//! The rule table, walked through every combination of answers, and the dialog that asks.

use pretty_assertions::assert_eq;

use super::*;

fn run(keys: &[Input]) -> (Dialog, Outcome) {
    let mut dialog = Dialog::new(Stage::Exercise, 0);
    let mut outcome = Outcome::Asking;
    for &key in keys {
        outcome = dialog.handle(key);
    }
    (dialog, outcome)
}

/// Every report the dialog can make: 11 severities × places × feelings × first, second and
/// third report on the exercise × an exercise, the warm-up or the cool-down.
fn every_report() -> Vec<Report> {
    let mut reports = Vec::new();
    for severity in 0..=10 {
        for place in Place::ALL {
            for feel in Feel::ALL {
                for earlier in 0..=2 {
                    for stage in Stage::ALL {
                        reports.push(Report {
                            severity,
                            place,
                            feel,
                            earlier,
                            stage,
                        });
                    }
                }
            }
        }
    }
    reports
}

/// Words that name a feeling, to check the advice never makes it a condition.
fn names(feel: Feel) -> &'static [&'static str] {
    match feel {
        Feel::Ache => &["ache"],
        Feel::Sharp => &["sharp"],
        Feel::Burning => &["burning"],
        Feel::TinglingNumbness => &["tingling", "numb"],
        Feel::ShootingDownLeg => &["shoot"],
        Feel::Weakness => &["weak"],
    }
}

/// The rule table, for every combination of answers: what stops the session, what stops the
/// exercise, what suggests going gently; which choices need a yes; and words that speak to what
/// was answered.
#[test]
fn every_combination_of_answers_follows_the_rules() {
    let reports = every_report();
    assert_eq!(reports.len(), 11 * 5 * 6 * 3 * 3);
    for report in reports {
        let Report {
            severity,
            feel,
            earlier,
            stage,
            ..
        } = report;
        let g = guidance(report);
        let context = format!("{report:?} → {g:#?}");
        let nerve = matches!(
            feel,
            Feel::TinglingNumbness | Feel::ShootingDownLeg | Feel::Weakness
        );
        assert_eq!(g.preselected, g.level.preselected(), "{context}");
        // 7 or more, tingling or numbness, shooting down the leg, weakness: stop the session,
        // "end" first, and anything else only after a yes.
        if severity >= 7 || nerve {
            assert_eq!(g.level, Level::StopSession, "{context}");
            assert_eq!(g.preselected, Choice::End, "{context}");
            for choice in [Choice::Resume, Choice::Gentler, Choice::Skip] {
                assert!(g.needs_yes(choice), "{choice:?}: {context}");
            }
            assert!(g.why.contains("stop the session"), "{context}");
        }
        // Sharp pain at any severity stops at least this exercise, and says so.
        if feel == Feel::Sharp {
            assert!(g.level >= Level::StopExercise, "{context}");
            assert!(
                matches!(g.preselected, Choice::Skip | Choice::End),
                "{context}"
            );
            assert!(g.why.starts_with("Sharp pain"), "{context}");
            assert!(g.why.contains("a sign to stop"), "{context}");
        }
        // A second report on the same exercise: at least skip it.
        if earlier > 0 {
            assert!(g.level >= Level::StopExercise, "{context}");
            assert!(
                matches!(g.preselected, Choice::Skip | Choice::End),
                "{context}"
            );
        }
        // Whatever stops the exercise never goes on with it without a yes.
        if g.level >= Level::StopExercise {
            assert!(g.needs_yes(Choice::Resume), "{context}");
            assert!(g.needs_yes(Choice::Gentler), "{context}");
        }
        assert!(!g.needs_yes(Choice::End), "{context}");
        let ache_or_burning = matches!(feel, Feel::Ache | Feel::Burning);
        if ache_or_burning && earlier == 0 {
            let expected = match severity {
                0..=3 => Level::GoOn,
                4..=6 => Level::Gently,
                _ => Level::StopSession,
            };
            assert_eq!(g.level, expected, "{context}");
        }
        if g.level <= Level::Gently {
            for choice in Choice::ALL {
                assert!(!g.needs_yes(choice), "{choice:?}: {context}");
            }
        }
        // The words name what was answered, and never make it a condition ("if it comes with
        // numbness" to someone who reported numbness).
        assert!(g.why.contains(&format!("({severity}/10)")), "{context}");
        assert!(!g.advice.is_empty(), "{context}");
        assert_eq!(g.ended[0], ENDED_ADVICE[0], "{context}");
        assert!(g.ended.len() >= 2, "{context}");
        // The warm-up and cool-down are named as such, and have no holds or reps to halve.
        if stage != Stage::Exercise {
            for line in std::iter::once(&g.why).chain(&g.advice) {
                assert!(!line.contains("this exercise"), "{line:?}: {context}");
                assert!(!line.contains("half"), "{line:?}: {context}");
            }
        }
        for line in g.advice.iter().chain(&g.ended) {
            let line = line.to_lowercase();
            for condition in line.split("if it").skip(1) {
                for name in names(feel) {
                    assert!(!condition.contains(name), "{name:?} in {line:?}: {context}");
                }
            }
        }
    }
}

/// The dialog shows what the table says: every combination of answers, typed as numbers, lands
/// on the table's choice, marks the choices that need a yes, and each choice ends in the answer
/// (after a yes where one is needed), with what was suggested.
#[test]
fn the_dialog_offers_what_the_table_says() {
    for report in every_report() {
        for choice in Choice::ALL {
            let mut dialog = Dialog::new(report.stage, report.earlier);
            let number = |i: usize| u8::try_from(i + 1).unwrap();
            let place = number(Place::ALL.iter().position(|&p| p == report.place).unwrap());
            let feel = number(Feel::ALL.iter().position(|&f| f == report.feel).unwrap());
            for number in [report.severity, place, feel] {
                assert_eq!(dialog.choose(number), Outcome::Asking);
            }
            let g = guidance(report);
            assert_eq!(dialog.guidance().as_ref(), Some(&g));
            assert_eq!(dialog.question(), Question::Choice);
            let offers = dialog.offers();
            let preselected = Choice::ALL
                .iter()
                .position(|&c| c == g.preselected)
                .unwrap();
            assert_eq!(usize::from(dialog.selected()), preselected + 1);
            let number = Choice::ALL.iter().position(|&c| c == choice).unwrap() + 1;
            let offer = offers[number - 1];
            assert_eq!(offer.label, choice.label(report.stage));
            assert_eq!(offer.needs_yes, g.needs_yes(choice));
            let expected = Outcome::Answered(Answer {
                severity: report.severity,
                place: report.place,
                feel: report.feel,
                choice,
                suggested: g.preselected,
            });
            let outcome = dialog.choose(u8::try_from(number).unwrap());
            if g.needs_yes(choice) {
                assert_eq!(outcome, Outcome::Asking);
                assert!(dialog.awaiting_yes());
                assert_eq!(dialog.prompt(), choice.confirm_question(report.stage));
                assert_eq!(dialog.handle(Input::Yes), expected);
            } else {
                assert_eq!(outcome, expected);
            }
        }
    }
}

/// One key per question: 4, lower back (1), ache (1), gentler (2).
#[test]
fn one_key_per_answer() {
    let (_, outcome) = run(&[
        Input::Digit(4),
        Input::Digit(1),
        Input::Digit(1),
        Input::Digit(2),
    ]);
    assert_eq!(
        outcome,
        Outcome::Answered(Answer {
            severity: 4,
            place: Place::LowerBack,
            feel: Feel::Ache,
            choice: Choice::Gentler,
            suggested: Choice::Gentler,
        })
    );
}

/// 10 is reached with the arrows and Enter, or chosen as a number.
#[test]
fn severity_ten_with_arrows_or_a_number() {
    let mut keys = vec![Input::Up; 7];
    keys.extend([Input::Enter, Input::Digit(3), Input::Digit(2)]);
    let (dialog, outcome) = run(&keys);
    assert_eq!((dialog.severity(), outcome), (10, Outcome::Asking));
    assert_eq!(dialog.question(), Question::Choice);
    let mut dialog = Dialog::new(Stage::Exercise, 0);
    dialog.choose(10);
    assert_eq!(
        (dialog.severity(), dialog.question()),
        (10, Question::Place)
    );
}

/// Numbers a question does not offer change nothing.
#[test]
fn numbers_out_of_range_are_ignored() {
    let mut dialog = Dialog::new(Stage::Exercise, 0);
    dialog.choose(11);
    assert_eq!(dialog.question(), Question::Severity);
    dialog.choose(3);
    for number in [0, 6, 9] {
        assert_eq!(dialog.choose(number), Outcome::Asking);
        assert_eq!(dialog.question(), Question::Place);
    }
    dialog.choose(5);
    assert_eq!(dialog.choose(7), Outcome::Asking);
    assert_eq!(dialog.question(), Question::Feel);
    assert_eq!(dialog.offers().len(), 6);
}

/// The arrows move the highlight within the list and Enter takes it.
#[test]
fn arrows_move_within_the_list() {
    let (mut dialog, _) = run(&[Input::Digit(2)]);
    for _ in 0..9 {
        dialog.handle(Input::Down);
    }
    assert_eq!(dialog.selected(), 5);
    dialog.handle(Input::Up);
    assert_eq!(dialog.selected(), 4);
    dialog.handle(Input::Enter);
    assert_eq!(dialog.question(), Question::Feel);
    assert_eq!(dialog.selected(), 1);
}

/// A red flag preselects "end"; going on needs a "yes", and anything else goes back.
#[test]
fn stopping_the_session_preselects_end_and_going_on_needs_a_yes() {
    for keys in [
        [Input::Digit(7), Input::Digit(1), Input::Digit(1)],
        [Input::Digit(2), Input::Digit(3), Input::Digit(4)],
        [Input::Digit(2), Input::Digit(3), Input::Digit(5)],
        [Input::Digit(2), Input::Digit(3), Input::Digit(6)],
    ] {
        let (mut dialog, _) = run(&keys);
        assert_eq!(dialog.guidance().unwrap().level, Level::StopSession);
        assert_eq!(dialog.selected(), 4);
        assert_eq!(dialog.handle(Input::Digit(1)), Outcome::Asking);
        assert!(dialog.awaiting_yes());
        assert_eq!(dialog.handle(Input::Enter), Outcome::Asking);
        assert_eq!(dialog.question(), Question::Choice);
        // A "no" goes back to the suggestion, so Enter ends rather than asking again.
        assert_eq!(dialog.selected(), 4);
        dialog.handle(Input::Digit(1));
        assert_eq!(dialog.handle(Input::Digit(9)), Outcome::Asking);
        assert_eq!(dialog.selected(), 4);
        dialog.handle(Input::Digit(1));
        assert!(matches!(
            dialog.handle(Input::Yes),
            Outcome::Answered(Answer {
                choice: Choice::Resume,
                suggested: Choice::End,
                ..
            })
        ));
    }
}

/// Sharp pain at 5 preselects "skip", and going on with the exercise needs a yes.
#[test]
fn sharp_pain_preselects_skip() {
    let (mut dialog, _) = run(&[Input::Digit(5), Input::Digit(1), Input::Digit(2)]);
    let g = dialog.guidance().unwrap();
    assert_eq!(g.preselected, Choice::Skip);
    assert_eq!(
        g.why,
        "Sharp pain in your lower back (5/10) is a sign to stop this exercise."
    );
    assert_eq!(
        dialog.handle(Input::Enter),
        Outcome::Answered(Answer {
            severity: 5,
            place: Place::LowerBack,
            feel: Feel::Sharp,
            choice: Choice::Skip,
            suggested: Choice::Skip,
        })
    );
}

/// A second report on the same exercise preselects skipping it, and says why.
#[test]
fn a_second_report_preselects_skip() {
    let mut dialog = Dialog::new(Stage::Exercise, 1);
    for n in [2, 1, 1] {
        dialog.choose(n);
    }
    let g = dialog.guidance().unwrap();
    assert_eq!(g.preselected, Choice::Skip);
    assert_eq!(
        g.why,
        "An ache in your lower back (2/10), and this exercise has hurt twice in this session: \
         leave it for today."
    );
}

/// The words as a person reads them, for one report at each level.
#[test]
fn advice_reads_naturally_at_each_level() {
    let words = |severity, place, feel| {
        let g = guidance(Report {
            severity,
            place,
            feel,
            earlier: 0,
            stage: Stage::Exercise,
        });
        let mut lines = vec![g.why];
        lines.extend(g.advice);
        lines
    };
    assert_eq!(
        words(2, Place::UpperBackNeck, Feel::Ache),
        [
            "An ache in your upper back or neck (2/10): you can go on if it stays mild.",
            "Move only within a range that does not hurt.",
            "Stop if it gets worse, turns sharp, shoots down a leg, or brings tingling, numbness \
             or weakness.",
        ]
    );
    assert_eq!(
        words(5, Place::ButtockHip, Feel::Burning),
        [
            "Burning in your buttock or hip (5/10): going on gently is the safer choice.",
            "Go on gently: half the dose, and a smaller movement.",
            "Stop if it gets worse, turns sharp, shoots down a leg, or brings tingling, numbness \
             or weakness.",
        ]
    );
    assert_eq!(
        words(3, Place::Other, Feel::Sharp),
        [
            "Sharp pain (3/10) is a sign to stop this exercise.",
            "Ease out of the position slowly and leave this exercise for today.",
            "If it does not settle within a few days, or gets worse, ask a clinician.",
            "End the session if it shoots down a leg or brings tingling, numbness or weakness.",
        ]
    );
    assert_eq!(
        words(8, Place::LowerBack, Feel::Ache),
        [
            "An ache in your lower back (8/10): pain this strong is a sign to stop the session.",
            "Ease out of the position slowly, end the session and rest.",
            "If it does not settle within a few days, or gets worse, ask a clinician.",
            "If it shoots down a leg or brings tingling, numbness or weakness, ask a clinician \
             soon.",
        ]
    );
    assert_eq!(
        words(3, Place::Leg, Feel::TinglingNumbness),
        [
            "Tingling or numbness in your leg (3/10) is a sign to stop the session.",
            "Ease out of the position slowly, end the session and rest.",
            "If the tingling or numbness stays or spreads, ask a clinician soon.",
            URGENT,
        ]
    );
    assert_eq!(
        words(6, Place::Leg, Feel::ShootingDownLeg)[0],
        "Pain shooting down the leg (6/10) is a sign to stop the session."
    );
    assert_eq!(
        words(6, Place::LowerBack, Feel::ShootingDownLeg)[0],
        "Pain in your lower back shooting down the leg (6/10) is a sign to stop the session."
    );
    assert_eq!(
        words(4, Place::Leg, Feel::Weakness)[2],
        "If the weakness stays, ask a clinician soon; if it gets worse, get care now."
    );
}

/// Once the session has ended, the summary says to rest and when to ask a clinician, in the
/// words of what was answered.
#[test]
fn what_is_said_once_the_session_has_ended() {
    let ended = |severity, feel| {
        guidance(Report {
            severity,
            place: Place::LowerBack,
            feel,
            earlier: 0,
            stage: Stage::Exercise,
        })
        .ended
    };
    assert_eq!(
        ended(5, Feel::Sharp),
        [
            "Rest, and move gently only within what feels comfortable.",
            "If it does not settle within a few days, or gets worse, ask a clinician.",
            "If it shoots down a leg or brings tingling, numbness or weakness, ask a clinician \
             soon.",
        ]
    );
    assert_eq!(
        ended(2, Feel::ShootingDownLeg),
        [
            "Rest, and move gently only within what feels comfortable.",
            "If the pain keeps shooting down the leg, ask a clinician soon.",
            URGENT,
        ]
    );
}

/// Esc at any question cancels.
#[test]
fn escape_cancels() {
    assert_eq!(run(&[Input::Cancel]).1, Outcome::Cancelled);
    assert_eq!(
        run(&[Input::Digit(3), Input::Digit(1), Input::Cancel]).1,
        Outcome::Cancelled
    );
}

/// Each question has its prompt and numbered offers; the severity's are its words.
#[test]
fn prompts_and_offers() {
    let mut dialog = Dialog::new(Stage::Exercise, 0);
    assert_eq!(
        dialog.prompt(),
        "Everything is paused. How bad is it, from 0 to 10?"
    );
    let offers = dialog.offers();
    assert_eq!(offers.len(), 11);
    assert_eq!((offers[0].number, offers[0].label), (0, "none"));
    assert_eq!(
        (offers[10].number, offers[10].label),
        (10, "the worst imaginable")
    );
    assert_eq!(dialog.selected(), 5);
    dialog.choose(5);
    assert_eq!(dialog.prompt(), "Where does it hurt?");
    assert_eq!(
        dialog.offers().iter().map(|o| o.label).collect::<Vec<_>>(),
        [
            "lower back",
            "buttock/hip",
            "leg",
            "upper back/neck",
            "other"
        ]
    );
    dialog.choose(1);
    assert_eq!(dialog.prompt(), "What does it feel like?");
    assert_eq!(dialog.offers()[5].label, "weakness");
    assert_eq!(dialog.guidance(), None);
    dialog.choose(1);
    assert_eq!(dialog.prompt(), "What now?");
}

#[test]
fn lists_read_as_english() {
    assert_eq!(or_list(&["a"], true), "a");
    assert_eq!(or_list(&["a", "b"], true), "a or b");
    assert_eq!(or_list(&["a", "b", "c"], false), "a, b or c");
    assert_eq!(or_list(&["a", "b", "c"], true), "a, b, or c");
}

/// After the session: the advice for the last report when it ended for pain, or when the person
/// went on to the end in spite of a sign to stop; nothing after mild pain or none.
#[test]
fn what_is_said_after_the_session_depends_on_how_it_ended() {
    let report = |severity, feel| Report {
        severity,
        place: Place::Leg,
        feel,
        earlier: 0,
        stage: Stage::Exercise,
    };
    let tingling = report(2, Feel::TinglingNumbness);
    for ended_for_pain in [true, false] {
        assert_eq!(
            after_session(ended_for_pain, Some(tingling)),
            guidance(tingling).ended
        );
        let sharp = report(3, Feel::Sharp);
        assert_eq!(
            after_session(ended_for_pain, Some(sharp)),
            guidance(sharp).ended
        );
    }
    let mild = report(5, Feel::Ache);
    assert_eq!(after_session(true, Some(mild)), guidance(mild).ended);
    assert!(after_session(false, Some(mild)).is_empty());
    assert_eq!(after_session(true, None), ENDED_ADVICE);
    assert!(after_session(false, None).is_empty());
}
