//! The screening text: who should talk to a clinician before starting, and which signs mean getting
//! care now instead of exercising. Shown once before the first session (the full screen in
//! `tui::screens::safety`, or as text in plain mode), printed by `stretchy safety`, and copied into
//! `docs/safety.md` (a test keeps the two the same).
//!
//! Pure: text only, no I/O. The words are the project's own; the two months after an injury to
//! the spine come from the seed articles. They name no condition the person has and promise
//! nothing: they say when to ask someone who can examine them.

/// The version of the text. A change that matters to someone who read an earlier one (a new sign
/// to look out for) bumps it, and the screen is shown once more before the next session.
pub(crate) const VERSION: u32 = 1;

/// The screen's title and the first line `stretchy safety` prints.
pub const TITLE: &str = "Before you start";

/// A heading and its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    pub heading: &'static str,
    pub points: &'static [&'static str],
}

/// Said before the sections.
pub(crate) const INTRO: &str = "stretchy is a timer for gentle exercises. It cannot tell what causes \
    your pain, and it does not replace advice from someone who can examine you.";

/// The two lists, in the order they are shown.
pub(crate) const SECTIONS: [Section; 2] = [
    Section {
        heading: "Talk to a doctor or physiotherapist before you start if:",
        points: &[
            "you injured your back or had an operation on it recently. After an injury to the \
             spine, wait about two months before exercising your back, and ask first;",
            "you are pregnant;",
            "your back pain is flaring up right now in a way that is new to you or worse than your \
             usual flare-ups;",
            "you have been told you have spondylolisthesis (a slipped vertebra): ask before any \
             exercise that bends your back backwards.",
        ],
    },
    Section {
        heading: "Get medical care now, instead of exercising, if you have:",
        points: &[
            "lost control of your bladder or bowels;",
            "numbness around your groin or inner thighs;",
            "weakness in a leg or foot that is getting worse;",
            "back pain after a fall or an accident;",
            "back pain with a fever, or while feeling unwell.",
        ],
    },
];

/// Said after the sections: what to do during a session, and where to find this again.
pub(crate) const DURING: [&str; 2] = [
    "During a session, move only as far as feels comfortable. Stop if pain turns sharp, shoots \
     down a leg, or brings numbness, tingling or weakness; press p to say something hurts.",
    "Read this again at any time with `stretchy safety`, or ! on the home screen.",
];

/// The whole text as plain lines, one paragraph or point per line (a terminal or a screen reader
/// wraps them): the title, the intro, each heading with its points as "- ...", the closing
/// paragraphs, with an empty line between the parts. What `stretchy safety` and plain mode print.
pub fn lines() -> Vec<String> {
    let mut lines = vec![TITLE.to_owned(), String::new(), INTRO.to_owned()];
    for section in SECTIONS {
        lines.push(String::new());
        lines.push(section.heading.to_owned());
        lines.extend(section.points.iter().map(|p| format!("- {p}")));
    }
    for paragraph in DURING {
        lines.push(String::new());
        lines.push(paragraph.to_owned());
    }
    lines
}

/// The text as Markdown, for `docs/safety.md`: the intro, each heading in bold with its points as
/// a list, the closing paragraphs. The title is the document's to give.
pub fn markdown() -> String {
    let mut text = vec![INTRO.to_owned()];
    for section in SECTIONS {
        text.push(String::new());
        text.push(format!("**{}**", section.heading));
        text.push(String::new());
        text.extend(section.points.iter().map(|p| format!("- {p}")));
    }
    for paragraph in DURING {
        text.push(String::new());
        text.push(paragraph.to_owned());
    }
    text.push(String::new());
    text.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sign and group the screening must name is in it, in plain words.
    #[test]
    fn names_who_should_ask_first_and_the_signs_that_need_care_now() {
        let text = lines().join("\n");
        for needed in [
            "injured your back",
            "operation",
            "two months",
            "pregnant",
            "flaring up",
            "spondylolisthesis",
            "bends your back backwards",
            "bladder or bowels",
            "numbness around your groin or inner thighs",
            "weakness in a leg or foot that is getting worse",
            "after a fall or an accident",
            "fever",
            "feeling unwell",
            "stretchy safety",
        ] {
            assert!(text.contains(needed), "missing {needed:?}");
        }
    }

    /// No promises and no diagnosis: the text never says something is safe, cures or heals, or
    /// what a person has.
    #[test]
    fn makes_no_promises() {
        let text = lines().join("\n").to_lowercase();
        for word in [
            "safe ",
            "cure",
            "heal",
            "guarantee",
            "you have a",
            "will help",
            "fix",
        ] {
            assert!(!text.contains(word), "says {word:?}");
        }
    }

    #[test]
    fn plain_lines_and_markdown_hold_the_same_words() {
        let plain = lines().join(" ");
        for line in markdown().lines() {
            let line = line.trim_start_matches("- ").trim_matches('*');
            assert!(plain.contains(line), "{line:?}");
        }
        assert_eq!(lines()[0], TITLE);
        assert!(lines().iter().all(|l| !l.contains('\n')));
    }
}
