//! Output that may be long (`log`): on a terminal through a pager, as git
//! does, else straight to standard output; written as it is produced, and
//! ended quietly when the reader goes away (`| head`, or `q` in the pager).

use std::io::{IsTerminal, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

/// The pager used when neither `BACKBRIEF_PAGER` nor `PAGER` names one.
const DEFAULT_PAGER: &str = "less";

/// Into a pipe, how long written text may wait in the buffer before the
/// next write shows it.
const SHOW_WITHIN: Duration = Duration::from_millis(50);

/// The pager command to run: None when output is not a terminal, when
/// `--no-pager` was given, or when the chosen pager is empty or `cat` (as
/// git treats them). `env` reads an environment variable.
pub fn pager_command(
    terminal: bool,
    no_pager: bool,
    env: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    if !terminal || no_pager {
        return None;
    }
    let chosen = ["BACKBRIEF_PAGER", "PAGER"]
        .iter()
        .find_map(|name| env(name))
        .unwrap_or_else(|| DEFAULT_PAGER.to_string());
    let chosen = chosen.trim();
    (!chosen.is_empty() && chosen != "cat").then(|| chosen.to_string())
}

/// Where long output goes.
pub struct Output {
    sink: std::io::BufWriter<Sink>,
    pager: Option<Child>,
    /// Read by a person (the pager, or a terminal): each write is shown at
    /// once, however long the next one takes to come.
    interactive: bool,
    shown: Instant,
    closed: bool,
}

enum Sink {
    Stdout(std::io::Stdout),
    Pager(ChildStdin),
    #[cfg(test)]
    Memory(std::rc::Rc<std::cell::RefCell<Vec<u8>>>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::Pager(input) => input.write(buf),
            #[cfg(test)]
            Sink::Memory(memory) => memory.borrow_mut().write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::Pager(input) => input.flush(),
            #[cfg(test)]
            Sink::Memory(_) => Ok(()),
        }
    }
}

impl Output {
    /// Output through the pager when standard output is a terminal and
    /// `no_pager` is false; a pager that cannot start is passed over.
    pub fn start(no_pager: bool) -> Output {
        let terminal = std::io::stdout().is_terminal();
        let command = pager_command(terminal, no_pager, |name| std::env::var(name).ok());
        let mut pager = command.and_then(|command| spawn(&command));
        let sink = match pager.as_mut().and_then(|child| child.stdin.take()) {
            Some(input) => {
                ignore_interrupts();
                Sink::Pager(input)
            }
            None => Sink::Stdout(std::io::stdout()),
        };
        Output::to(sink, pager, terminal)
    }

    fn to(sink: Sink, pager: Option<Child>, interactive: bool) -> Output {
        Output {
            sink: std::io::BufWriter::with_capacity(64 * 1024, sink),
            interactive: interactive || pager.is_some(),
            pager,
            shown: Instant::now(),
            closed: false,
        }
    }

    /// Writes text, its control characters made visible; false once the
    /// reader has gone (then nothing more need be produced).
    pub fn text(&mut self, text: &str) -> bool {
        self.raw(&crate::render::terminal::visible(text))
    }

    /// Writes JSON text (controls a terminal acts on escaped, the value
    /// unchanged); false once the reader has gone.
    pub fn json(&mut self, text: &str) -> bool {
        self.raw(&crate::render::terminal::json_visible(text))
    }

    fn raw(&mut self, text: &str) -> bool {
        if self.closed {
            return false;
        }
        if self.sink.write_all(text.as_bytes()).is_err() {
            self.closed = true;
            return false;
        }
        // A person sees each row as it is written; into a pipe, rows go in
        // larger writes, at least every SHOW_WITHIN while they keep coming.
        if self.interactive || self.shown.elapsed() >= SHOW_WITHIN {
            self.shown = Instant::now();
            if self.sink.flush().is_err() {
                self.closed = true;
            }
        }
        !self.closed
    }

    /// Shows everything written and waits for the pager to be closed.
    pub fn finish(self) {
        drop(self);
    }
}

impl Drop for Output {
    /// Also when the command ends early (an error, a panic): the pager gets
    /// all that was written and keeps the terminal until it is closed, so
    /// the shell's prompt never comes back under it.
    fn drop(&mut self) {
        let _ = self.sink.flush();
        // Its input closed, the pager shows the end and waits for `q`.
        if let Some(pager) = &mut self.pager {
            let _ = std::mem::replace(self.sink.get_mut(), Sink::Stdout(std::io::stdout()));
            let _ = pager.wait();
        }
    }
}

/// While the pager runs, Ctrl-C is the pager's (as in git): it stops what
/// the pager is doing, and backbrief ends when the pager is closed, rather
/// than leaving it behind on the terminal.
#[cfg(unix)]
fn ignore_interrupts() {
    // SAFETY: only sets the disposition of SIGINT to "ignore"; no handler
    // of ours ever runs.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
    }
}

/// On Windows the console sends Ctrl-C to the pager too; it is left as is.
#[cfg(not(unix))]
fn ignore_interrupts() {}

/// The words of a pager command line, split as a shell splits a simple
/// command (spaces separate; quotes and backslashes keep), or None when it
/// asks for more than a program and its arguments (a pipe, a redirection,
/// a variable...): backbrief starts the program itself, never a shell.
pub fn pager_words(command: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let word = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                let word = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            c @ ('"' | '\\') => word.push(c),
                            c => {
                                word.push('\\');
                                word.push(c);
                            }
                        },
                        '$' | '`' => return None,
                        c => word.push(c),
                    }
                }
            }
            '\\' if !cfg!(windows) => word.get_or_insert_with(String::new).push(chars.next()?),
            c if c.is_whitespace() => words.extend(word.take()),
            // A comment or a home folder only where a word starts.
            '#' | '~' if word.is_none() => return None,
            '|' | '&' | ';' | '<' | '>' | '(' | ')' | '$' | '`' | '*' | '?' | '[' => return None,
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    (!words.is_empty()).then_some(words)
}

/// Starts the pager reading from a pipe; None when it cannot start (not
/// installed, or a command line only a shell could run).
fn spawn(command: &str) -> Option<Child> {
    let words = pager_words(command)?;
    let (program, args) = words.split_first()?;
    let mut process = Command::new(program);
    process.args(args);
    // As git: less quits on one screen, passes colours, leaves the screen.
    if std::env::var_os("LESS").is_none() {
        process.env("LESS", "FRX");
    }
    if std::env::var_os("LV").is_none() {
        process.env("LV", "-c");
    }
    process.stdin(Stdio::piped()).spawn().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn the_pager_is_chosen_as_git_chooses_it() {
        assert_eq!(
            pager_command(true, false, env(&[])).as_deref(),
            Some("less")
        );
        assert_eq!(
            pager_command(true, false, env(&[("PAGER", "more")])).as_deref(),
            Some("more")
        );
        assert_eq!(
            pager_command(
                true,
                false,
                env(&[("PAGER", "more"), ("BACKBRIEF_PAGER", "most -s")])
            )
            .as_deref(),
            Some("most -s")
        );
        assert_eq!(pager_command(true, false, env(&[("PAGER", "cat")])), None);
        assert_eq!(
            pager_command(true, false, env(&[("BACKBRIEF_PAGER", " ")])),
            None
        );
    }

    #[test]
    fn no_pager_off_a_terminal_or_when_refused() {
        assert_eq!(pager_command(false, false, env(&[("PAGER", "more")])), None);
        assert_eq!(pager_command(true, true, env(&[("PAGER", "more")])), None);
    }

    #[test]
    fn a_pager_that_cannot_start_is_passed_over() {
        assert!(spawn("no-such-pager-anywhere -x").is_none());
        assert!(spawn("less | tee copy").is_none());
    }

    #[test]
    fn a_pager_command_is_split_into_words_without_a_shell() {
        let words = |text: &str| pager_words(text);
        let list = |items: &[&str]| Some(items.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(words("less"), list(&["less"]));
        assert_eq!(words("  less   -FRX "), list(&["less", "-FRX"]));
        assert_eq!(words("most -s"), list(&["most", "-s"]));
        assert_eq!(
            words("'/opt/my pager/bin/less' -R"),
            list(&["/opt/my pager/bin/less", "-R"])
        );
        assert_eq!(
            words("\"C:/Program Files/pager\" --x=\"a b\""),
            list(&["C:/Program Files/pager", "--x=a b"])
        );
        assert_eq!(words("''"), list(&[""]));
        assert_eq!(words("less -#8"), list(&["less", "-#8"]));
        for shell in [
            "less | tee out",
            "less > out",
            "less; rm x",
            "less && x",
            "$HOME/pager",
            "\"$HOME\"/pager",
            "`pager`",
            "less 'unclosed",
            "less \"unclosed",
            "pager *",
            "less # comment",
            "~/bin/pager",
        ] {
            assert_eq!(words(shell), None, "{shell}");
        }
        assert_eq!(words("   "), None);
    }

    /// Rows written to a person came out only once a later row came 50 ms
    /// after the last flush: a slow filter (`log --by`) could hold the rows
    /// found so far until the very end.
    #[test]
    fn each_row_reaches_a_reader_at_once() {
        let memory = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut output = Output::to(Sink::Memory(memory.clone()), None, true);
        assert!(output.text("første række\n"));
        assert!(output.text("anden række\n"));
        assert_eq!(
            memory.borrow().as_slice(),
            "første række\nanden række\n".as_bytes()
        );
        // Into a pipe, rows may wait to go in larger writes; the end shows all.
        let memory = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut output = Output::to(Sink::Memory(memory.clone()), None, false);
        assert!(output.text("række\n"));
        assert!(output.text("række\n"));
        output.finish();
        assert_eq!(memory.borrow().as_slice(), b"r\xc3\xa6kke\nr\xc3\xa6kke\n");
    }
}
