//! The commands that print and exit: `list`, `show`, `check`, `safety`, `settings`, `man` and
//! `completions`.
//! Each writes to the output it is given, so tests read exactly what a person sees.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::core::history::{self, Stats};
use crate::core::plan::{Plan, clock, self_paced_note};
use crate::core::progress::Prepared;
use crate::core::settings::{Key, Source};
use crate::core::wording::plural;
use crate::storage::catalog::{self, Catalog, Entry, Origin};
use crate::storage::settings::Loaded;
use crate::tui::screens::Theme;
use crate::tui::screens::home::today_lines;

/// `stretchy list`: one row per routine, then a line per broken routine file.
pub fn list(out: &mut impl Write, catalog: &Catalog) -> io::Result<()> {
    let header = [
        "ID",
        "TITLE",
        "PLACE",
        "NEEDS",
        "HOW OFTEN",
        "TIME",
        "EXERCISES",
        "SOURCE",
    ];
    let rows: Vec<[String; 8]> = catalog
        .entries()
        .iter()
        .map(|e| {
            let r = &e.routine;
            [
                r.id.clone(),
                r.title.clone(),
                r.place.as_str().to_owned(),
                r.needs_short(),
                r.frequency.clone().unwrap_or_else(|| "-".to_owned()),
                clock(Plan::new(r).total_secs),
                r.exercises.len().to_string(),
                match &e.origin {
                    Origin::BuiltIn => "built-in".to_owned(),
                    Origin::File(path) => path.display().to_string(),
                },
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: [&str; 8]| -> io::Result<()> {
        let [id, title, place, needs, often, time, exercises, source] = cells;
        writeln!(
            out,
            "{id:<w0$}  {title:<w1$}  {place:<w2$}  {needs:<w3$}  {often:<w4$}  {time:>w5$}  \
             {exercises:>w6$}  {source}",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
            w4 = widths[4],
            w5 = widths[5],
            w6 = widths[6],
        )
    };
    line(out, header)?;
    for row in &rows {
        line(out, row.each_ref().map(String::as_str))?;
    }
    for file in catalog.broken() {
        writeln!(
            out,
            "{}: broken, left out: {} (`{}` lists every problem)",
            file.path.display(),
            file.problem,
            file.check_command()
        )?;
    }
    Ok(())
}

/// `stretchy show`: the routine's header, then one line per step with its start and length.
pub fn show(out: &mut impl Write, entry: &Entry, today: &Prepared) -> io::Result<()> {
    let routine = &today.routine;
    let plan = Plan::new(routine);
    writeln!(out, "{} ({})", routine.title, routine.id)?;
    if !routine.summary.is_empty() {
        writeln!(out, "{}", routine.summary)?;
    }
    writeln!(
        out,
        "Place: {} · {} · {}",
        routine.place.as_str(),
        plural(routine.exercises.len(), "exercise"),
        clock(plan.total_secs)
    )?;
    if let Some(needs) = routine.needs_text() {
        writeln!(out, "Needs: {needs}")?;
    }
    if let Some(frequency) = &routine.frequency {
        writeln!(out, "How often: {frequency}")?;
    }
    if let Some(limits) = &routine.limits {
        writeln!(out, "Before you start: {limits}")?;
    }
    writeln!(out, "Safety: {}", routine.safety)?;
    for line in today_lines(&entry.routine, today, Theme { color: false }) {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    writeln!(out, "  START  LENGTH  STEP")?;
    for row in plan.rows(routine) {
        writeln!(
            out,
            "{:>7}  {:>6}  {:<12}  {}",
            row.start, row.length, row.title, row.subject
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Total {} in {} steps",
        plan.total_text(),
        plan.steps.len()
    )?;
    if plan.estimated() {
        writeln!(out, "{}", self_paced_note())?;
    }
    Ok(())
}

/// `stretchy check`: one line per problem, or one `ok` line per valid file after a line per
/// warning. True when all are valid: warnings do not count against a file.
pub fn check(out: &mut impl Write, files: &[PathBuf]) -> io::Result<bool> {
    let mut all_valid = true;
    for file in files {
        match catalog::check_file(file) {
            Ok((routine, warnings)) => {
                if !warnings.problems.is_empty() {
                    writeln!(out, "{warnings}")?;
                }
                writeln!(
                    out,
                    "{}: ok: \"{}\" ({}), {}, {}",
                    file.display(),
                    routine.title,
                    routine.id,
                    plural(routine.exercises.len(), "exercise"),
                    clock(Plan::new(&routine).total_secs)
                )?;
            }
            Err(e) => {
                all_valid = false;
                writeln!(out, "{e}")?;
            }
        }
    }
    Ok(all_valid)
}

/// `stretchy stats` (and `history` without a terminal): the main numbers in a few lines.
pub fn stats_text(out: &mut impl Write, stats: &Stats) -> io::Result<()> {
    writeln!(
        out,
        "Current streak: {} (longest {})",
        plural(stats.current_streak, "day"),
        plural(stats.longest_streak, "day")
    )?;
    writeln!(out, "  {}", stats.streak_rule)?;
    let week = &stats.this_week;
    writeln!(
        out,
        "Sessions: {}, {} min",
        history::week_words(week.sessions, week.goal)[0],
        week.minutes
    )?;
    let rate = stats
        .completion_rate
        .map(|r| format!(", {:.0}% completed", r * 100.0))
        .unwrap_or_default();
    writeln!(
        out,
        "In all: {}, {} min{rate}",
        plural(stats.total_sessions, "session"),
        stats.total_minutes
    )?;
    if let Some(last) = &stats.last_session {
        writeln!(
            out,
            "Last session: {}, {} ({}, {} min)",
            last.date,
            last.title,
            last.outcome.as_str().replace('_', " "),
            last.minutes
        )?;
    }
    for routine in &stats.routines {
        writeln!(
            out,
            "  {}: {}, {} completed, {} min",
            routine.title,
            plural(routine.sessions, "session"),
            routine.completed,
            routine.minutes
        )?;
    }
    if !stats.pains.is_empty() {
        writeln!(out, "Pain reports: {}", stats.pains.len())?;
    }
    Ok(())
}

/// `stretchy safety`: the safety text, one paragraph or point per line, or wrapped to `width`
/// columns (a point's later lines indented under its first word) when there is a terminal to fit.
pub fn safety(out: &mut impl Write, width: Option<usize>) -> io::Result<()> {
    for line in crate::core::safety::lines() {
        match width {
            Some(width) if !line.is_empty() => {
                let (first, rest) = if line.starts_with("- ") {
                    ("- ", "  ")
                } else {
                    ("", "")
                };
                let text = line.strip_prefix(first).unwrap_or(&line);
                let wrapped =
                    crate::tui::screens::safety::wrap(text, width.saturating_sub(first.len()));
                for (i, part) in wrapped.iter().enumerate() {
                    writeln!(out, "{}{part}", if i == 0 { first } else { rest })?;
                }
            }
            _ => writeln!(out, "{line}")?,
        }
    }
    Ok(())
}

/// `stretchy man`: the manual page, made from the same command-line definition as `--help`.
pub fn man(out: &mut impl Write) -> io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}

/// `stretchy completions SHELL`.
pub fn completions(out: &mut impl Write, shell: clap_complete::Shell) {
    clap_complete::generate(shell, &mut Cli::command(), "stretchy", out);
}

/// `stretchy settings`: where the file is, then each setting in effect as the file would write
/// it, and where it came from.
pub fn settings(out: &mut impl Write, loaded: &Loaded) -> io::Result<()> {
    match &loaded.path {
        Some(path) if loaded.exists => writeln!(out, "Settings file: {}", path.display())?,
        Some(path) => writeln!(
            out,
            "Settings file: {} (not there yet: create it to keep settings)",
            path.display()
        )?,
        None => writeln!(
            out,
            "Settings file: none (no config folder found; set --config-dir)"
        )?,
    }
    writeln!(out)?;
    let resolved = &loaded.resolved;
    let rows: Vec<[String; 3]> = Key::ALL
        .into_iter()
        .map(|key| {
            let value = resolved.value_json(key);
            let value = match resolved.value_note(key) {
                Some(note) => format!("{value} ({note})"),
                None => value,
            };
            let from = match resolved.source(key) {
                Source::Default => "default".to_owned(),
                Source::File => "settings.json".to_owned(),
                Source::Flag(flag) => flag.to_owned(),
            };
            [key.name().to_owned(), value, from]
        })
        .collect();
    let name_width = rows.iter().map(|r| r[0].len()).max().unwrap_or(0);
    let value_width = rows.iter().map(|r| r[1].chars().count()).max().unwrap_or(0);
    writeln!(
        out,
        "{:<name_width$}  {:<value_width$}  FROM",
        "SETTING", "VALUE"
    )?;
    for [name, value, from] in rows {
        writeln!(out, "{name:<name_width$}  {value:<value_width$}  {from}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::history::{SessionOutcome, SessionRecord, Settings, parse_at};

    /// One session stopped at the warm-up: every count says "1 session", "1 day", never
    /// "1 sessions".
    #[test]
    fn stats_say_one_session_in_the_singular() {
        let session = SessionRecord {
            id: "s1".to_owned(),
            routine: "desk-reset".to_owned(),
            title: "Desk reset".to_owned(),
            hash: String::new(),
            start: parse_at("2026-03-02T08:00:00+01:00").expect("time"),
            preview: false,
            outcome: SessionOutcome::Stopped,
            active_secs: 20.0,
            planned_secs: 300,
            exercises_done: Vec::new(),
            skipped: Vec::new(),
            gentler: Vec::new(),
            pains: Vec::new(),
        };
        let stats = history::stats(
            &[session],
            jiff::civil::date(2026, 3, 2),
            &Settings::default(),
        );
        let mut out = Vec::new();
        stats_text(&mut out, &stats).expect("written");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.contains("Current streak: 0 days (longest 0 days)"),
            "{text}"
        );
        assert!(text.contains("Sessions: 0 of 3 this week, 0 min"), "{text}");
        assert!(
            text.contains("In all: 1 session, 0 min, 0% completed"),
            "{text}"
        );
        assert!(
            text.contains("  Desk reset: 1 session, 0 completed, 0 min"),
            "{text}"
        );
    }
}
