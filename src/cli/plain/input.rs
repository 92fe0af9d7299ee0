//! What plain mode reads: single keys from a terminal (in raw mode), whole lines from anything
//! else (a pipe, a file). Either way the end of the input is seen once and then remembered, so a
//! closed input never makes the session spin or hang.

use std::io::{self, BufRead};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent};

/// Something typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// One key, from a terminal in raw mode.
    Key(KeyEvent),
    /// A whole line, without its end, from input that is not a terminal.
    Line(String),
}

impl Typed {
    /// The key a line stands for in a running session: its first character, or Enter when it is
    /// empty. Keys are themselves.
    pub fn key(&self) -> KeyEvent {
        match self {
            Typed::Key(key) => *key,
            Typed::Line(line) => match line.chars().next() {
                Some(c) => KeyEvent::from(KeyCode::Char(c)),
                None => KeyEvent::from(KeyCode::Enter),
            },
        }
    }
}

/// What waiting for input gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Got {
    Typed(Typed),
    /// The time is up, or something came that is not typing (a resize).
    Nothing,
    /// The input has ended (or failed): nothing more will ever come.
    Closed,
}

/// Where plain mode's input comes from.
pub trait Keyboard {
    /// Waits up to `timeout` (forever when `None`) for what is typed next. Once the input has
    /// ended, waits out the timeout (returns at once when there is none) and says [`Got::Closed`].
    fn next(&mut self, timeout: Option<Duration>) -> Got;
    /// True when more was typed already, without waiting: the rest of a line sent at once (a
    /// paste, or a front end that sends whole lines).
    fn pending(&mut self) -> bool;
    /// True once the input has ended.
    fn closed(&self) -> bool;
}

/// What a closed input does: nothing, for as long as it was asked to wait.
fn wait_out(timeout: Option<Duration>) -> Got {
    if let Some(timeout) = timeout {
        std::thread::sleep(timeout);
    }
    Got::Closed
}

/// Keys from the terminal, which the caller has put in raw mode.
#[derive(Debug, Default)]
pub struct TerminalKeys {
    closed: bool,
}

impl Keyboard for TerminalKeys {
    fn next(&mut self, timeout: Option<Duration>) -> Got {
        if self.closed {
            return wait_out(timeout);
        }
        // poll() counts whole milliseconds; one more keeps us from waking just before a deadline.
        let ready = match timeout {
            Some(t) => event::poll(t + Duration::from_millis(1)),
            None => Ok(true),
        };
        match ready.and_then(|ready| ready.then(event::read).transpose()) {
            Ok(Some(Event::Key(key))) => Got::Typed(Typed::Key(key)),
            Ok(_) => Got::Nothing,
            Err(_) => {
                // A terminal that fails (hung up) will not type again.
                self.closed = true;
                Got::Closed
            }
        }
    }

    fn pending(&mut self) -> bool {
        !self.closed && event::poll(Duration::ZERO).unwrap_or(false)
    }

    fn closed(&self) -> bool {
        self.closed
    }
}

/// Lines from standard input when it is not a terminal, read by a thread of their own so the
/// session can wait for a line and a deadline at once.
pub struct Lines {
    received: Receiver<String>,
    /// A line taken by [`Keyboard::pending`], not yet handed out.
    ahead: Option<String>,
    closed: bool,
}

impl Lines {
    /// Starts reading standard input. The thread ends at the end of the input (or when it fails);
    /// if the input never ends, it is still blocked reading when the program exits, harmlessly.
    pub fn stdin() -> Lines {
        Lines::from_reader(io::BufReader::new(io::stdin()))
    }

    pub fn from_reader(reader: impl BufRead + Send + 'static) -> Lines {
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in reader.lines() {
                let Ok(line) = line else { break };
                let line = line.strip_suffix('\r').map(str::to_owned).unwrap_or(line);
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Lines {
            received: lines,
            ahead: None,
            closed: false,
        }
    }
}

impl Keyboard for Lines {
    fn next(&mut self, timeout: Option<Duration>) -> Got {
        if let Some(line) = self.ahead.take() {
            return Got::Typed(Typed::Line(line));
        }
        if self.closed {
            return wait_out(timeout);
        }
        let line = match timeout {
            Some(t) => self.received.recv_timeout(t),
            None => self
                .received
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        };
        match line {
            Ok(line) => Got::Typed(Typed::Line(line)),
            Err(RecvTimeoutError::Timeout) => Got::Nothing,
            Err(RecvTimeoutError::Disconnected) => {
                self.closed = true;
                Got::Closed
            }
        }
    }

    fn pending(&mut self) -> bool {
        if self.ahead.is_none() {
            self.ahead = self.received.try_recv().ok();
        }
        self.ahead.is_some()
    }

    fn closed(&self) -> bool {
        self.closed && self.ahead.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines come one by one, then the end once and for all, without waiting.
    #[test]
    fn lines_then_the_end() {
        let mut lines = Lines::from_reader(io::Cursor::new("p\r\n6\n\n"));
        let mut got = Vec::new();
        loop {
            match lines.next(None) {
                Got::Typed(Typed::Line(line)) => got.push(line),
                Got::Nothing => {}
                Got::Closed => break,
                Got::Typed(Typed::Key(_)) => unreachable!(),
            }
        }
        assert_eq!(got, ["p", "6", ""]);
        assert!(lines.closed());
        assert_eq!(lines.next(Some(Duration::from_millis(1))), Got::Closed);
        assert_eq!(lines.next(None), Got::Closed);
    }

    /// A line seen ahead by `pending` is handed out next.
    #[test]
    fn pending_keeps_the_line() {
        let mut lines = Lines::from_reader(io::Cursor::new("1\n"));
        while !lines.pending() {
            std::thread::yield_now();
        }
        assert!(!lines.closed());
        assert_eq!(lines.next(None), Got::Typed(Typed::Line("1".into())));
    }

    #[test]
    fn a_line_is_the_key_it_starts_with() {
        assert_eq!(Typed::Line(String::new()).key().code, KeyCode::Enter);
        assert_eq!(Typed::Line("p".into()).key().code, KeyCode::Char('p'));
        assert_eq!(Typed::Line(" ".into()).key().code, KeyCode::Char(' '));
    }
}
