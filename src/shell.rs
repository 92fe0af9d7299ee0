//! Where a running session's effects land: records go to the journal (the log), cues to the sound
//! player. The one [`Effects`] the real app uses.

use std::time::Instant;

use crate::app::Effects;
use crate::catalog::Entry;
use crate::journal::Journal;
use crate::plan::Plan;
use crate::session::Effect;

pub struct Shell {
    pub journal: Journal,
}

impl Effects for Shell {
    fn begin(&mut self, entry: &Entry, plan: &Plan, speed: u32) {
        self.journal.begin(entry, plan, speed);
    }

    fn apply(&mut self, effect: Effect, _at: Instant) {
        match effect {
            Effect::Log(record) => self.journal.record(record),
            // Sound arrives with the audio module.
            Effect::Cue(_) => {}
        }
    }

    fn notice(&mut self) -> Option<String> {
        self.journal.problem().map(str::to_owned)
    }
}
