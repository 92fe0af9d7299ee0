//! `stretchy status`: one short line for a status bar or a prompt, its JSON for waybar and
//! polybar, or a line of the person's own `--format`. It reads the history cache and the state
//! file and writes nothing, not even a folder: status bars run it every few seconds.

use std::fmt::Write as _;

use jiff::Zoned;
use serde::Serialize;

use crate::core::history::{self, glance::Glanced};
use crate::core::reminder::{self, Due, Reminders};
use crate::storage::cache::{self, GlanceError};
use crate::storage::paths::Paths;
use crate::storage::state;

/// What `status` says, in every form. Its field names are the JSON's and `--format`'s.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// The short line: "stretch due", "stretch in 23m", "✓ today · streak 5".
    pub text: String,
    /// `due`, `later`, `off_hours`, `off` (reminders off) or `unknown` (the history could not
    /// be read); also waybar's CSS class.
    pub class: &'static str,
    pub due: bool,
    /// RFC 3339, when the next break is due (or was, when due).
    pub next_due_at: Option<String>,
    pub minutes_until_due: Option<u32>,
    pub done_today: Option<bool>,
    pub streak: Option<u32>,
    pub week_done: Option<u32>,
    pub week_goal: u32,
    /// Why the history could not be read, when it could not.
    pub error: Option<String>,
}

/// The fields `--format` knows, in the order the help lists them.
pub const FIELDS: [&str; 11] = [
    "status",
    "text",
    "class",
    "due",
    "next_due_at",
    "next_due_time",
    "minutes_until_due",
    "done_today",
    "streak",
    "week_done",
    "week_goal",
];

/// The status at `now` from the files in `paths`, without writing anything.
pub fn gather(
    paths: &Paths,
    reminders: &Reminders,
    settings: &history::Settings,
    now: &Zoned,
) -> Status {
    let glanced = match paths.data.as_deref() {
        Some(dir) => cache::glance(dir, now.date(), settings).map_err(|e| match e {
            GlanceError::Log(e) => e.to_string(),
            e @ GlanceError::NoCache => e.to_string(),
        }),
        None => Err("no data folder (set --data-dir or HOME)".to_owned()),
    };
    let snoozed = state::snoozed_until(paths.data.as_deref());
    match glanced {
        Ok(glanced) => {
            let due = reminders.due(glanced.last_break, snoozed, now);
            status(&due, &glanced, now)
        }
        Err(error) => Status {
            text: "stretchy".to_owned(),
            class: "unknown",
            due: false,
            next_due_at: None,
            minutes_until_due: None,
            done_today: None,
            streak: None,
            week_done: None,
            week_goal: settings.weekly_goal,
            error: Some(error),
        },
    }
}

/// The status for a due rule's answer and a glance at the history.
pub fn status(due: &Due, glanced: &Glanced, now: &Zoned) -> Status {
    let rest = || {
        let streak = format!("streak {}", glanced.streak);
        if glanced.done_today {
            format!("✓ today · {streak}")
        } else {
            streak
        }
    };
    let (text, class, at) = match due {
        Due::Off => (rest(), "off", None),
        Due::OffHours => (rest(), "off_hours", None),
        Due::Now { since } => ("stretch due".to_owned(), "due", Some(since)),
        Due::Later { at } => {
            let wait = reminder::short_wait(reminder::minutes_until(now, at));
            (format!("stretch in {wait}"), "later", Some(at))
        }
    };
    Status {
        text,
        class,
        due: matches!(due, Due::Now { .. }),
        next_due_at: at.map(|at| format!("{:.0}", at.timestamp().display_with_offset(at.offset()))),
        minutes_until_due: at.map(|at| reminder::minutes_until(now, at)),
        done_today: Some(glanced.done_today),
        streak: Some(glanced.streak),
        week_done: Some(glanced.week_done),
        week_goal: glanced.week_goal,
        error: None,
    }
}

/// `--format`: `{field}` ([`FIELDS`]; `status` is the short line, like `text`) is replaced by the field's value (empty when it has none), `{{` and `}}`
/// are braces. An unknown field or a lone brace is an error naming it.
pub fn format(status: &Status, template: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if let Some(after) = tail.strip_prefix('{') {
            let Some(end) = after.find('}') else {
                return Err("--format: a `{` without its `}` (write `{{` for a brace)".to_owned());
            };
            let name = &after[..end];
            let Some(value) = field(status, name) else {
                return Err(format!(
                    "--format: no field `{name}`; the fields are {}",
                    FIELDS.join(", ")
                ));
            };
            out.push_str(&value);
            rest = &after[end + 1..];
        } else {
            return Err("--format: a `}` without its `{` (write `}}` for a brace)".to_owned());
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn field(status: &Status, name: &str) -> Option<String> {
    let some = |value: Option<u32>| value.map(|v| v.to_string()).unwrap_or_default();
    let mut text = String::new();
    match name {
        "text" | "status" => text.push_str(&status.text),
        "class" => text.push_str(status.class),
        "due" => text.push_str(if status.due { "true" } else { "false" }),
        "next_due_at" => text.push_str(status.next_due_at.as_deref().unwrap_or_default()),
        "next_due_time" => {
            if let Some(at) = &status.next_due_at {
                // RFC 3339: the hours and minutes follow the `T`.
                let _ = write!(text, "{}", at.get(11..16).unwrap_or_default());
            }
        }
        "minutes_until_due" => text = some(status.minutes_until_due),
        "done_today" => {
            text.push_str(match status.done_today {
                Some(true) => "true",
                Some(false) => "false",
                None => "",
            });
        }
        "streak" => text = some(status.streak),
        "week_done" => text = some(status.week_done),
        "week_goal" => text = status.week_goal.to_string(),
        _ => return None,
    }
    Some(text)
}
