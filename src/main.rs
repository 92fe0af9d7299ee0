//! Entry point: parse the command line, resolve folders, run the command (the full-screen app, the
//! plain mode or a printing command), turn errors into one line and an exit code.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use ratatui::crossterm::event;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, size};
use ratatui::layout::Rect;
use ratatui::{DefaultTerminal, TerminalOptions, Viewport};
use stretchy::audio;
use stretchy::cli::commands;
use stretchy::cli::plain;
use stretchy::cli::plain::Keyboard;
use stretchy::cli::status;
use stretchy::cli::{Cli, Command};
use stretchy::clock::{self, SystemClock};
use stretchy::core::history::glance::{Brief, Glance};
use stretchy::core::reminder::{Due, Reminders};
use stretchy::core::settings::Settings;
use stretchy::core::wording;
use stretchy::core::{history, progress};
use stretchy::remind;
use stretchy::shell::Shell;
use stretchy::storage::cache;
use stretchy::storage::catalog::{self, Catalog, Entry, LoadError};
use stretchy::storage::journal::Journal;
use stretchy::storage::paths::{self, Paths};
use stretchy::storage::private;
use stretchy::storage::state;
use stretchy::tui::app::{App, HistoryLoader, HistoryView, TerminalEvents};
use stretchy::tui::keymap::{self, Action};
use stretchy::tui::screens::Theme;
use stretchy::tui::screens::remind::Suggestion;
use stretchy::tui::screens::summary::Standing;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            let line = refused_value(&e).unwrap_or_else(|| one_line(&e.render().to_string()));
            eprintln!("{line}");
            return ExitCode::from(2);
        }
        Err(e) => {
            // --help and --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let data_dir = Paths::resolve(cli.config_dir.clone(), cli.data_dir.clone()).data;
    // A panic (a bug) unwinds through the full screen, which gives the terminal back; then the
    // person is told where the report went (`stderr.log` while the full screen was up).
    let Ok(result) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli))) else {
        let report = data_dir.map_or_else(
            || "above".to_owned(),
            |dir| format!("above or in {}", dir.join(paths::STDERR_FILE).display()),
        );
        eprintln!(
            "error: stretchy stopped on an internal error (a bug); every step finished so far is \
             in the log. Details: {report}"
        );
        return ExitCode::from(101);
    };
    match result {
        Ok(code) => code,
        // `stretchy list | head -1`: the reader left; that is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", wording::io_error(&e));
            ExitCode::FAILURE
        }
    }
}

// One arm per command: long, but a table more than logic.
#[allow(clippy::too_many_lines)]
fn run(cli: Cli) -> io::Result<ExitCode> {
    let paths = Paths::resolve(cli.config_dir.clone(), cli.data_dir.clone());
    let settings = cli.settings(paths.config.as_deref());
    let effective = settings.resolved.settings.clone();
    // Before anything that could write (a status bar runs this every few seconds), and quietly:
    // a status bar must not show a settings warning.
    if let Some(Command::Status { json, format }) = &cli.command {
        return print_status(&paths, &effective, *json, format.as_deref());
    }
    make_private(&paths);
    let sound = audio::Settings {
        mode: effective.sound,
        volume: effective.volume,
        muted: effective.mute,
        cue_dir: paths.config.as_ref().map(|c| c.join("cues")),
    };
    let interactive = !cli.plain && io::stdout().is_terminal() && io::stdin().is_terminal();
    // The full screen shows a settings problem in its status line; everything else says it once,
    // here, before its own output.
    let full_screen = interactive && matches!(cli.command, None | Some(Command::Run { .. }));
    let settings_notice = if full_screen {
        settings.resolved.notice()
    } else {
        for warning in &settings.resolved.warnings {
            eprintln!("warning: {warning}");
        }
        None
    };
    let make_shell =
        |paths: &Paths| shell(paths, &sound).with_settings_notice(settings_notice.clone());
    let theme = Theme::from_env(std::env::var_os("NO_COLOR").as_deref());
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let load = || {
        let (mut catalog, warnings) = Catalog::load(paths.sessions().as_deref());
        for warning in warnings {
            eprintln!("warning: skipped: {warning}");
        }
        catalog.adjust(|routine| effective.adjust(routine));
        warn_about_broken(&catalog, &paths);
        catalog
    };
    match cli.command {
        None if interactive => {
            let catalog = load();
            let last = state::last_routine(paths.data.as_deref());
            let chosen = catalog::routine_to_run(last.as_deref(), catalog.entries());
            let app = App::home(catalog.entries().to_vec(), theme, cli.speed)
                .with_broken(catalog.broken().to_vec())
                .choosing(chosen.unwrap_or(0))
                .with_history(history_loader(
                    &paths,
                    effective.history,
                    &effective.reminders,
                ));
            let app = with_memory(with_safety_screen(app, &paths), &paths);
            drop(out);
            let guard = guard_stderr(&paths);
            run_tui(app, &mut make_shell(&paths))?;
            drop(guard);
        }
        None | Some(Command::List) => commands::list(&mut out, &load())?,
        Some(Command::Run { routine }) => {
            // A routine named here, else `default_routine` from the settings, else the one
            // last started (the home screen opens on it too), else the first.
            let catalog = load();
            let named = routine.is_some();
            let resolved =
                if let Some(routine) = routine.or_else(|| effective.default_routine.clone()) {
                    catalog.resolve(&routine)
                } else {
                    let last = state::last_routine(paths.data.as_deref());
                    let index = catalog::routine_to_run(last.as_deref(), catalog.entries());
                    (index.and_then(|i| catalog.entries().get(i)).cloned()).ok_or_else(|| {
                        LoadError::Unknown {
                            name: last.unwrap_or_default(),
                            suggestions: Vec::new(),
                        }
                    })
                };
            let from_settings = !named && effective.default_routine.is_some();
            let mut entry = match resolved {
                Ok(entry) => entry,
                Err(e) if !from_settings => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::FAILURE);
                }
                Err(e) => {
                    eprintln!("error: {e} (\"default_routine\" in settings.json)");
                    return Ok(ExitCode::FAILURE);
                }
            };
            effective.adjust(&mut entry.routine);
            drop(out);
            if !interactive && !plain_safety(&paths)? {
                return Ok(ExitCode::SUCCESS);
            }
            let guard = interactive.then(|| guard_stderr(&paths)).flatten();
            let mut shell = make_shell(&paths);
            let loader = history_loader(&paths, effective.history, &effective.reminders);
            if interactive {
                let app = App::session(entry, theme, cli.speed).with_history(loader);
                let app = with_memory(with_safety_screen(app, &paths), &paths);
                run_tui(app, &mut shell)?;
            } else {
                remember_routine(&paths, &entry.routine.id);
                run_plain(&entry, &loader, cli.speed, &mut shell)?;
            }
            let problem = shell.journal.problem().map(str::to_owned);
            drop(shell);
            drop(guard);
            if let Some(problem) = problem {
                eprintln!("warning: this session was {problem}");
            }
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Show { routine }) => match load().resolve(&routine) {
            Ok(mut entry) => {
                effective.adjust(&mut entry.routine);
                let today = history_loader(&paths, effective.history, &effective.reminders)()
                    .prepare(&entry.routine);
                commands::show(&mut out, &entry, &today)?;
            }
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::FAILURE);
            }
        },
        Some(Command::Check { files }) => {
            if !commands::check(&mut out, &files)? {
                return Ok(ExitCode::FAILURE);
            }
        }
        // Answered above, before anything could write.
        Some(Command::Status { json, format }) => {
            return print_status(&paths, &effective, json, format.as_deref());
        }
        Some(Command::Remind) => {
            let Some(entry) = suggested_routine(&load(), &effective.reminders) else {
                return Ok(ExitCode::FAILURE);
            };
            drop(out);
            let mut host = SystemHost::new(&paths, &effective, entry, theme, cli.speed, &sound);
            if interactive {
                let guard = guard_stderr(&paths);
                let mut terminal = init_terminal()?;
                restore_on_termination();
                let result = host.run_screen(&mut terminal);
                ratatui::restore();
                drop(guard);
                result?;
            } else {
                host.run_plain()?;
            }
        }
        Some(Command::Completions { shell }) => commands::completions(&mut out, shell),
        Some(Command::Man) => commands::man(&mut out)?,
        Some(Command::Safety) => print_safety(&mut out, &paths)?,
        Some(Command::Settings) => {
            let catalog = load();
            let ids: Vec<&str> = catalog
                .entries()
                .iter()
                .map(|e| e.routine.id.as_str())
                .collect();
            let said = settings.resolved.warnings.len();
            let mut settings = settings.clone();
            settings.resolved.check_routines(&ids);
            // The file's other problems were said above; these need the routines to be known.
            for warning in &settings.resolved.warnings[said..] {
                eprintln!("warning: {warning}");
            }
            commands::settings(&mut out, &settings)?;
        }
        Some(Command::History) if interactive => {
            drop(out);
            run_tui(
                App::history(
                    load().entries().to_vec(),
                    history_loader(&paths, effective.history, &effective.reminders),
                    theme,
                ),
                &mut make_shell(&paths),
            )?;
        }
        Some(Command::History | Command::Stats { json: false }) => {
            let view = history_loader(&paths, effective.history, &effective.reminders)();
            note_unreadable(view.unreadable);
            commands::stats_text(&mut out, &view.stats)?;
        }
        Some(Command::Stats { json: true }) => {
            let view = history_loader(&paths, effective.history, &effective.reminders)();
            note_unreadable(view.unreadable);
            serde_json::to_writer_pretty(&mut out, &view.stats)?;
            writeln!(out)?;
        }
        Some(Command::Export { csv: _, since }) => {
            let (sessions, unreadable) = read_sessions(&paths);
            note_unreadable(unreadable);
            let since = since.map(|since| since.date(clock::wall_now().date()));
            history::export_csv(&sessions, since, &mut out)?;
        }
    }
    io::stdout().flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `stretchy status`: one line (or JSON, or the person's format), exit 0 whatever the history's
/// state; only a mistake in `--format` is an error.
fn print_status(
    paths: &Paths,
    settings: &Settings,
    json: bool,
    format: Option<&str>,
) -> io::Result<ExitCode> {
    let status = status::gather(paths, &settings.reminders, &settings.history, &wall_now());
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &status)?;
        writeln!(out)?;
    } else if let Some(template) = format {
        match status::format(&status, template) {
            Ok(line) => writeln!(out, "{line}")?,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(2));
            }
        }
    } else {
        writeln!(out, "{}", status.text)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The wall-clock time. In debug builds `STRETCHY_TEST_NOW` (a time like
/// `2026-12-07T10:30:00+01:00[Europe/Berlin]`) sets where it starts, for tests of `status` and
/// `remind` that must not depend on the hour they run at; release builds never read it.
fn wall_now() -> jiff::Zoned {
    #[cfg(debug_assertions)]
    if let Some(start) = std::env::var("STRETCHY_TEST_NOW")
        .ok()
        .and_then(|s| s.parse::<jiff::Zoned>().ok())
    {
        static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        let elapsed = STARTED.get_or_init(std::time::Instant::now).elapsed();
        let elapsed = jiff::SignedDuration::try_from(elapsed).unwrap_or_default();
        return start.checked_add(elapsed).unwrap_or(start);
    }
    clock::wall_now_quick()
}

/// The routine reminders suggest, or `None` after saying why it cannot be found.
fn suggested_routine(
    catalog: &Catalog,
    reminders: &Reminders,
) -> Option<stretchy::storage::catalog::Entry> {
    match catalog.resolve(&reminders.suggest) {
        Ok(entry) => Some(entry),
        Err(e) => {
            eprintln!("error: the routine reminders suggest: {e}");
            None
        }
    }
}

/// `stretchy remind` in the real world: the wall clock, the history summary and state file in
/// the data folder, the terminal bell, desktop notifications, and the app's own session.
struct SystemHost<'a> {
    paths: &'a Paths,
    reminders: Reminders,
    settings: stretchy::core::history::Settings,
    entry: stretchy::storage::catalog::Entry,
    suggestion: Suggestion,
    theme: Theme,
    speed: u32,
    sound: &'a audio::Settings,
}

impl<'a> SystemHost<'a> {
    fn new(
        paths: &'a Paths,
        settings: &Settings,
        entry: stretchy::storage::catalog::Entry,
        theme: Theme,
        speed: u32,
        sound: &'a audio::Settings,
    ) -> SystemHost<'a> {
        let suggestion = Suggestion {
            title: entry.routine.title.clone(),
            // To the nearest minute, as the routine list says it.
            minutes: (stretchy::core::plan::Plan::new(&entry.routine).total_secs + 30) / 60,
        };
        SystemHost {
            paths,
            reminders: settings.reminders.clone(),
            settings: settings.history,
            entry,
            suggestion,
            theme,
            speed,
            sound,
        }
    }

    fn run_screen(&mut self, terminal: &mut DefaultTerminal) -> io::Result<()> {
        let reminders = self.reminders.clone();
        let suggestion = self.suggestion.clone();
        let theme = self.theme;
        remind::run(
            &reminders,
            &suggestion,
            theme,
            terminal,
            &mut TerminalEvents,
            self,
        )
    }

    /// `--plain`: a line when a break falls due; Enter (a line, or the key) starts the routine
    /// in plain mode, s snoozes, x skips, q quits. Without input it keeps reminding.
    fn run_plain(&mut self) -> io::Result<()> {
        let keys_from_terminal = io::stdin().is_terminal();
        let mut terminal_keys = plain::TerminalKeys::default();
        let mut lines = plain::Lines::stdin();
        let every = self.reminders.every_mins;
        println!(
            "Reminders: {}. Enter starts {}, s snoozes, x skips one, q quits.",
            if every == 0 {
                "off".to_owned()
            } else {
                format!("every {every} min")
            },
            self.suggestion.title
        );
        let mut rung = None;
        loop {
            let now = wall_now();
            let look = <Self as remind::Host<_, TerminalEvents>>::look(self, &now);
            let last_break = look.history.as_ref().ok().and_then(|g| g.last_break);
            let due = self.reminders.due(last_break, look.snoozed, &now);
            if let Due::Now { since } = &due
                && rung != Some(since.timestamp())
            {
                rung = Some(since.timestamp());
                let notice = remind::notice(&self.suggestion, since);
                println!(
                    "{} stretch due: {}, {} min. Enter starts it, s snoozes {} min, x skips it.\x07",
                    now.strftime("%H:%M"),
                    self.suggestion.title,
                    self.suggestion.minutes.max(1),
                    self.reminders.snooze_mins
                );
                io::stdout().flush()?;
                remind::notify(&notice);
            }
            let wait = Some(remind::wait(&due, &now));
            let got = if keys_from_terminal {
                ratatui::crossterm::terminal::enable_raw_mode()?;
                let got = terminal_keys.next(wait);
                ratatui::crossterm::terminal::disable_raw_mode()?;
                got
            } else {
                lines.next(wait)
            };
            let plain::Got::Typed(typed) = got else {
                continue;
            };
            let key = typed.key();
            let is_due = matches!(due, Due::Now { .. });
            let snooze = |mins: u32| {
                let until = now
                    .checked_add(jiff::SignedDuration::from_mins(i64::from(mins)))
                    .unwrap_or_else(|_| now.clone());
                if let Some(dir) = self.paths.data.as_deref() {
                    let _ = state::snooze_until(dir, &until);
                }
                println!("Next reminder at {}.", until.strftime("%H:%M"));
            };
            match (key.code, keymap::action(key)) {
                (event::KeyCode::Char('s'), _) if is_due => snooze(self.reminders.snooze_mins),
                (event::KeyCode::Char('x'), _) if is_due => snooze(self.reminders.every_mins),
                (_, Some(Action::Confirm)) => {
                    if !plain_safety(self.paths)? {
                        continue;
                    }
                    let loader = history_loader(self.paths, self.settings, &self.reminders);
                    let mut shell = shell(self.paths, self.sound);
                    run_plain(&self.entry, &loader, self.speed, &mut shell)?;
                }
                (_, Some(Action::Quit)) => return Ok(()),
                _ => {}
            }
        }
    }
}

impl remind::Host<ratatui::backend::CrosstermBackend<io::Stdout>, TerminalEvents>
    for SystemHost<'_>
{
    fn now(&self) -> jiff::Zoned {
        wall_now()
    }

    fn look(&mut self, now: &jiff::Zoned) -> remind::Look {
        let history = match self.paths.data.as_deref() {
            None => Err("no data folder (set --data-dir)".to_owned()),
            Some(dir) => match cache::glance(dir, now.date(), &self.settings) {
                // The summary is missing or stale: read the log as the app does (which writes
                // the summary again for the next look) and glance at its sessions.
                Err(cache::GlanceError::NoCache) => match cache::load(dir) {
                    Ok(loaded) => {
                        let mut glance = Glance::new(now.date());
                        for session in &loaded.sessions {
                            glance.add(&Brief::from(session));
                        }
                        Ok(glance.finish(&self.settings))
                    }
                    Err(e) => Err(e.to_string()),
                },
                other => other.map_err(|e| e.to_string()),
            },
        };
        remind::Look {
            history,
            snoozed: state::snoozed_until(self.paths.data.as_deref()),
        }
    }

    fn snooze_until(&mut self, until: &jiff::Zoned) {
        if let Some(dir) = self.paths.data.as_deref() {
            // Not fatal: the snooze then lasts only until the next look.
            let _ = state::snooze_until(dir, until);
        }
    }

    fn ring(&mut self, notice: &remind::Notice) {
        let mut out = io::stdout();
        let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        remind::notify(notice);
    }

    fn stretch(
        &mut self,
        terminal: &mut DefaultTerminal,
        events: &mut TerminalEvents,
    ) -> io::Result<()> {
        let app = App::session(self.entry.clone(), self.theme, self.speed)
            .with_history(history_loader(self.paths, self.settings, &self.reminders));
        let mut app = with_safety_screen(app, self.paths);
        let mut shell = shell(self.paths, self.sound);
        app.run(terminal, events, &SystemClock, &mut shell)
    }
}

/// The sessions in the log, and how many lines could not be read, through the compact cache kept
/// beside the log (so years of history load in milliseconds). A log that cannot be read at all
/// is reported and treated as empty: history must never stop the app.
fn read_sessions(paths: &Paths) -> (Vec<history::SessionRecord>, usize) {
    match paths.data.as_deref().map(cache::load) {
        Some(Ok(loaded)) => (loaded.sessions, loaded.unreadable),
        Some(Err(e)) => {
            eprintln!("warning: {e}");
            (Vec::new(), 0)
        }
        None => (Vec::new(), 0),
    }
}

/// A session in plain lines, with what the log says before it (today's doses, what grew) and
/// after it (the streak and the week, read again).
fn run_plain(
    entry: &Entry,
    loader: &HistoryLoader,
    speed: u32,
    shell: &mut Shell,
) -> io::Result<()> {
    let view = loader();
    let today = view.prepare(&entry.routine);
    let standing = || Some(Standing::of(&loader().stats));
    let from_log = plain::FromLog {
        grew: progress::growth(&entry.routine, &view.sessions),
        standing: Some(&standing),
    };
    plain::run(entry, &today, from_log, speed, &SystemClock, shell)
}

/// Reads the log and computes the history for today, and when the next break is due, each time
/// it is called.
fn history_loader(
    paths: &Paths,
    settings: history::Settings,
    reminders: &Reminders,
) -> HistoryLoader {
    let paths = paths.clone();
    let reminders = reminders.clone();
    Box::new(move || {
        let (sessions, unreadable) = read_sessions(&paths);
        let now = clock::wall_now();
        HistoryView {
            stats: history::stats(&sessions, now.date(), &settings),
            unreadable,
            reminder: remind::due(&reminders, paths.data.as_deref(), &sessions, &now),
            sessions,
            read_at: Instant::now(),
            now,
        }
    })
}

fn note_unreadable(unreadable: usize) {
    if unreadable > 0 {
        let s = if unreadable == 1 { "" } else { "s" };
        eprintln!("note: {unreadable} unreadable log line{s} skipped");
    }
}

/// The effects of a real session: the log in the data folder and the cue sounds.
fn shell(paths: &Paths, sound: &audio::Settings) -> Shell {
    Shell::new(
        Journal::new(paths.data.clone(), clock::wall_now),
        audio::player(sound.clone()),
    )
}

/// `stretchy safety`: the text, fitted to the terminal when there is one, and remembered as read.
fn print_safety(out: &mut impl Write, paths: &Paths) -> io::Result<()> {
    let width = io::stdout()
        .is_terminal()
        .then(|| size().ok())
        .flatten()
        .map(|(cols, _)| usize::from(cols).min(80));
    commands::safety(out, width)?;
    out.flush()?;
    remember_safety(paths, true);
    Ok(())
}

/// Shows the safety text before the app's first session, unless the state file says it was read.
fn with_safety_screen(app: App, paths: &Paths) -> App {
    if state::safety_read(paths.data.as_deref()) {
        return app;
    }
    let paths = paths.clone();
    app.with_safety_screen(Box::new(move || remember_safety(&paths, false)))
}

/// Remembers each routine the app starts, for the next launch to choose it again.
fn with_memory(app: App, paths: &Paths) -> App {
    let paths = paths.clone();
    app.remembering(Box::new(move |id: &str| remember_routine(&paths, id)))
}

/// Notes in the state file which routine was started. Failing only means the next launch opens
/// on another routine: nothing to interrupt a session for.
fn remember_routine(paths: &Paths, id: &str) {
    if let Some(dir) = paths.data.as_deref() {
        let _ = state::remember_last_routine(dir, id);
    }
}

/// One line for each broken routine file in the user's folder, the first time it is seen broken
/// (the home screen and `stretchy list` show it every time).
fn warn_about_broken(catalog: &Catalog, paths: &Paths) {
    for file in state::newly_broken(paths.data.as_deref(), catalog.broken()) {
        eprintln!("{}", file.warning());
    }
}

/// Notes in the state file that the safety text was read. Failing is not serious (the text is
/// shown again before the next session); `stretchy safety` says so, the full screen cannot.
fn remember_safety(paths: &Paths, say_failure: bool) {
    let result = match paths.data.as_deref() {
        Some(dir) => state::remember_safety_read(dir, &clock::wall_now()),
        None => Err(io::Error::other("no data folder (set --data-dir)")),
    };
    if let Err(e) = result
        && say_failure
    {
        eprintln!(
            "note: could not remember that you read this ({}); it will be shown again before \
             your next session",
            wording::io_error(&e)
        );
    }
}

/// Plain mode's "Before you start": before the first session, the safety text as lines. With a
/// keyboard, Enter goes on and q (or Esc) leaves without starting; with none (a pipe) it goes
/// straight on. Read, it is remembered. False when the person left.
fn plain_safety(paths: &Paths) -> io::Result<bool> {
    if state::safety_read(paths.data.as_deref()) {
        return Ok(true);
    }
    let keys = io::stdin().is_terminal();
    let mut out = io::stdout().lock();
    commands::safety(&mut out, None)?;
    writeln!(out)?;
    if keys {
        // Raw before the prompt: an Enter typed as soon as it shows must arrive as a key, not as
        // a line the terminal turned into "\n" (which raw mode reads as ctrl-j).
        out.flush()?;
        drop(out);
        ratatui::crossterm::terminal::enable_raw_mode()?;
        let mut out = io::stdout().lock();
        write!(out, "Press Enter to start the session, or q to leave.\r\n")?;
        out.flush()?;
        drop(out);
        let answer = enter_or_quit();
        ratatui::crossterm::terminal::disable_raw_mode()?;
        if !answer? {
            println!("Left without starting.");
            return Ok(false);
        }
    } else {
        out.flush()?;
    }
    remember_safety(paths, false);
    Ok(true)
}

/// Waits for Enter (true) or q, Esc or Ctrl-C (false); other keys are ignored.
fn enter_or_quit() -> io::Result<bool> {
    loop {
        if let event::Event::Key(key) = event::read()? {
            let action = keymap::action(key);
            if action == Some(Action::Confirm) {
                return Ok(true);
            }
            if action == Some(Action::Quit) {
                return Ok(false);
            }
        }
    }
}

/// Files an older version (or another tool) left readable to others become private; a failure is
/// said once, in one line, and never stops the program.
fn make_private(paths: &Paths) {
    if let Some(warning) = paths
        .data
        .as_deref()
        .and_then(|dir| private::warning(&private::tighten(dir)))
    {
        eprintln!("{warning}");
    }
}

/// While the full screen is up, anything written to stderr (the audio stack's last-resort
/// messages, a panic report) goes to `<data dir>/stderr.log` instead of over the display. The
/// folder and the file are private, like the log.
fn guard_stderr(paths: &Paths) -> Option<audio::StderrGuard> {
    let dir = paths.data.as_ref()?;
    private::create_dir(dir).ok()?;
    audio::StderrGuard::redirect(&dir.join(paths::STDERR_FILE)).ok()
}

/// Runs the full-screen app. The terminal is restored on the way out, on error, and (through
/// ratatui's panic hook) on panic.
fn run_tui(mut app: App, shell: &mut Shell) -> io::Result<()> {
    let mut terminal = init_terminal()?;
    restore_on_termination();
    #[cfg(debug_assertions)]
    if std::env::var_os("STRETCHY_TEST_PANIC").is_some() {
        app.run(&mut terminal, &mut PanicAtFirstWait, &SystemClock, shell)?;
    }
    let result = app.run(&mut terminal, &mut TerminalEvents, &SystemClock, shell);
    ratatui::restore();
    result
}

/// Raw mode, the alternate screen and a panic hook that restores the terminal, as
/// `ratatui::try_init` sets them up, but with a fixed viewport: a full-screen one asks the
/// terminal for its size before every frame, which crossterm does by opening `/dev/tty`. The app
/// resizes it on resize events instead (`App::run`).
fn init_terminal() -> io::Result<DefaultTerminal> {
    // crossterm starts listening for resizes at its first poll: do that before reading the size,
    // so a resize in between is not lost.
    event::poll(Duration::ZERO)?;
    let (width, height) = size()?;
    let terminal = ratatui::try_init_with_options(TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    })?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    Ok(terminal)
}

/// Test hook, compiled into debug builds only (release builds never read the variable): with
/// `STRETCHY_TEST_PANIC` set, the app panics when it first waits for input, once its first frame is
/// on screen, so a test can check that a panic gives the terminal back.
#[cfg(debug_assertions)]
struct PanicAtFirstWait;

#[cfg(debug_assertions)]
impl stretchy::tui::app::Events for PanicAtFirstWait {
    fn next(
        &mut self,
        _: Option<std::time::Duration>,
    ) -> io::Result<Option<ratatui::crossterm::event::Event>> {
        panic!("STRETCHY_TEST_PANIC is set: panicking after the first frame, as asked");
    }
}

/// `kill`, a closed terminal window or `kill -QUIT` must not leave the terminal in raw mode on the
/// alternate screen: a small thread waits for those signals, gives the terminal back and exits.
/// The log needs nothing: every record is already on disk, and the session reads as interrupted.
fn restore_on_termination() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGQUIT, SIGTERM};
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGQUIT]) {
            let spawned = std::thread::Builder::new()
                .name("signals".to_owned())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        ratatui::restore();
                        let _ = ratatui::crossterm::execute!(
                            io::stdout(),
                            ratatui::crossterm::cursor::Show
                        );
                        std::process::exit(128 + signal);
                    }
                });
            drop(spawned);
        }
    }
}

/// A value an option refused, as `error: --since: expected a date like 2026-03-01, …`: the option
/// and what it takes, without clap's framing around them.
fn refused_value(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::ValueValidation {
        return None;
    }
    let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    let option = arg.split(' ').next()?;
    let reason = std::error::Error::source(e)?;
    Some(format!("error: {option}: {reason}"))
}

/// clap's report spans several lines with usage; a mistake deserves one line: the error itself,
/// clap's tip if it has one, and where to find help.
fn one_line(report: &str) -> String {
    let mut paragraphs = report.split("\n\n");
    let error = paragraphs.next().unwrap_or("error: invalid arguments");
    let error: Vec<&str> = error.lines().map(str::trim).collect();
    let tip = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("tip: "))
        .map(|t| format!("; {t}"))
        .unwrap_or_default();
    format!("{}{tip} (see `stretchy --help`)", error.join(" "))
}
