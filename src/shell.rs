//! Where a running session's effects land: records go to the journal (the log), cues to the sound
//! player. The one [`Effects`] the real app uses.

use std::time::Instant;

use crate::audio::{CuePlayer, SoundStatus};
use crate::core::plan::Plan;
use crate::core::session::{Cue, Effect};
use crate::storage::catalog::Entry;
use crate::storage::journal::Journal;
use crate::tui::app::Effects;
use crate::tui::screens::StatusLine;

pub struct Shell {
    pub journal: Journal,
    pub sound: Box<dyn CuePlayer>,
    /// The latest notice from the sound player (an ignored cue file), kept until replaced.
    sound_notice: Option<String>,
    /// A problem with the settings file, shown while nothing more pressing is.
    settings_notice: Option<String>,
}

impl Shell {
    pub fn new(journal: Journal, sound: Box<dyn CuePlayer>) -> Shell {
        Shell {
            journal,
            sound,
            sound_notice: None,
            settings_notice: None,
        }
    }

    /// Shows `notice` (a problem with the settings file) in the status line.
    #[must_use]
    pub fn with_settings_notice(mut self, notice: Option<String>) -> Shell {
        self.settings_notice = notice;
        self
    }
}

impl Effects for Shell {
    fn begin(&mut self, entry: &Entry, plan: &Plan, speed: u32) {
        self.journal.begin(entry, plan, speed);
    }

    fn apply(&mut self, effect: Effect, _at: Instant) {
        match effect {
            Effect::Log(record) => self.journal.record(record),
            Effect::Cue(cue) => {
                if cue == Cue::PainPause {
                    // Something hurts: whatever is still ringing stops before the pain cue.
                    self.sound.hush();
                }
                self.sound.play(cue);
            }
        }
    }

    fn status(&mut self) -> StatusLine {
        if let Some(notice) = self.sound.take_notices().pop() {
            self.sound_notice = Some(notice);
        }
        StatusLine {
            sound: Some(self.sound.status().label()),
            problem: self
                .journal
                .notice()
                .map(str::to_owned)
                .or_else(|| self.sound_notice.clone()),
            settings: self.settings_notice.clone(),
            recall: None,
        }
    }

    fn toggle_mute(&mut self) {
        let muted = self.sound.muted();
        self.sound.set_muted(!muted);
    }

    fn next_cue(&mut self, at: Option<Instant>) {
        self.sound.idle_hint(at);
    }

    fn sound(&mut self) -> Option<SoundStatus> {
        Some(self.sound.status())
    }

    fn unsaved(&mut self) -> Option<String> {
        self.journal.reason().map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;
    use crate::audio::{self, SoundMode};

    /// A settings problem reaches the status line apart from the log's and the sound's notices,
    /// which stay all session while it gives way after the first step.
    #[test]
    fn the_settings_notice_shows_in_the_status_line() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let journal = Journal::new(Some(dir.path().to_owned()), || {
            "2026-03-02T08:00:00+01:00[+01:00]".parse().expect("time")
        });
        let sound = audio::player(audio::Settings {
            mode: SoundMode::Off,
            ..audio::Settings::default()
        });
        let notice = "settings.json:2: unknown setting \"volme\"; ignored".to_owned();
        let mut shell = Shell::new(journal, sound).with_settings_notice(Some(notice.clone()));
        let status = shell.status();
        assert_eq!(status.settings, Some(notice));
        assert_eq!(status.problem, None);
    }
}
