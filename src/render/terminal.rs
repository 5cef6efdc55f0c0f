//! Text on its way to a terminal: control characters that come from plans
//! and commit messages (pulled in by `sync`, typed by anyone) are made
//! visible, so that no title or summary can clear the auditor's screen,
//! ring a bell, move the cursor, rewrite a line or reverse the text around
//! it. backbrief's own colours (plain SGR sequences) pass when colours are on.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

static COLORS: AtomicBool = AtomicBool::new(false);

/// Says whether backbrief's own colours are on (set once, at start).
pub fn set_colors(on: bool) {
    COLORS.store(on, Ordering::Relaxed);
}

/// `text` with every control character made visible: C0 controls other than
/// newline and tab as their pictures (`␛`, `␇`, `␍` …), DEL as `␡`, C1
/// controls and bidirectional overrides and isolates as `<U+202E>`. When
/// colours are on, SGR sequences that only colour or embolden stay.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_care) {
        return Cow::Borrowed(text);
    }
    let colors = COLORS.load(Ordering::Relaxed);
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && colors
            && let Some(length) = harmless_sgr(rest)
        {
            out.push_str(&rest[..length]);
            rest = &rest[length..];
            continue;
        }
        push_visible(&mut out, c);
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// `json` (serde_json's output) with C1 controls and bidirectional
/// controls written as `\uXXXX` escapes: the same JSON value, but nothing a
/// terminal acts on. (serde_json already escapes C0 controls.)
pub fn json_visible(json: &str) -> Cow<'_, str> {
    if !json
        .chars()
        .any(|c| is_c1(c) || is_bidi(c) || c == '\u{7f}')
    {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_c1(c) || is_bidi(c) || c == '\u{7f}' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_care(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi(c)
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
    )
}

fn push_visible(out: &mut String, c: char) {
    match c {
        '\u{0}'..='\u{1f}' if c != '\n' && c != '\t' => {
            out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
        }
        '\u{7f}' => out.push('\u{2421}'),
        c if is_c1(c) || is_bidi(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
        c => out.push(c),
    }
}

/// The length of an SGR sequence at the start of `text` (`ESC [ … m`) that
/// only sets bold, dim, reset or a foreground colour; None for anything
/// else (cursor moves, erasing, titles, concealed text, backgrounds).
fn harmless_sgr(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let end = body.find('m')?;
    let params = &body[..end];
    if !params.bytes().all(|b| b.is_ascii_digit() || b == b';') || params.len() > 16 {
        return None;
    }
    let mut numbers = params.split(';').map(|p| p.parse::<u16>().unwrap_or(0));
    while let Some(number) = numbers.next() {
        match number {
            0 | 1 | 2 | 22 | 39 | 30..=37 | 90..=97 => {}
            // 256-colour foreground: 38;5;N.
            38 => {
                if numbers.next() != Some(5) || numbers.next().is_none() {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(2 + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_from_plans_are_made_visible() {
        set_colors(false);
        assert_eq!(visible("Workshop\u{1b}[2J\u{7}"), "Workshop␛[2J␇");
        assert_eq!(visible("a\rb"), "a␍b");
        assert_eq!(visible("abc\u{202e}def"), "abc<U+202E>def");
        assert_eq!(visible("x\u{85}y\u{7f}"), "x<U+0085>y␡");
        assert_eq!(visible("plain æøå\n\ttab"), "plain æøå\n\ttab");
    }

    #[test]
    fn only_harmless_colours_pass_and_only_when_colours_are_on() {
        assert_eq!(harmless_sgr("\u{1b}[1mx"), Some(4));
        assert_eq!(harmless_sgr("\u{1b}[38;5;9mx"), Some(9));
        assert_eq!(harmless_sgr("\u{1b}[8mx"), None);
        assert_eq!(harmless_sgr("\u{1b}[2J"), None);
        assert_eq!(harmless_sgr("\u{1b}]0;title\u{7}"), None);
    }

    #[test]
    fn json_keeps_its_value_but_loses_its_controls() {
        let json = serde_json::to_string("a\u{202e}b\u{9b}c").unwrap_or_default();
        let shown = json_visible(&json);
        assert_eq!(shown, "\"a\\u202eb\\u009bc\"");
        assert_eq!(
            serde_json::from_str::<String>(&shown).ok().as_deref(),
            Some("a\u{202e}b\u{9b}c")
        );
    }
}
