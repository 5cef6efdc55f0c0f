//! JSON text and places in it: parsing with syntax problems located, and
//! the map from JSON pointers to lines and columns, built only when
//! something is wrong.

use std::collections::HashMap;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{Position, position_at_end};

/// A JSON syntax problem, located.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxProblem {
    /// Where the parser stopped.
    pub at: Position,
    /// What serde_json said, without its position suffix.
    pub detail: String,
    /// The kind, when recognised, for a plain-language sentence.
    pub kind: SyntaxKind,
}

/// The syntax problems users meet, for plain-language messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxKind {
    /// The file holds nothing (or only white space).
    Empty,
    /// The text ends before the JSON does.
    Truncated,
    /// A comma before `}` or `]`.
    TrailingComma,
    /// Nested deeper than the parser allows.
    TooDeep,
    /// A number too large to represent.
    NumberOutOfRange,
    /// Text after the end of the JSON value.
    TrailingCharacters,
    /// No comma between two fields or two elements; located just after the
    /// first of them (the parser notices only at the second, often on the
    /// next line).
    MissingComma,
    /// No colon between a field's name and its value.
    MissingColon,
    /// Curly quotes (“ ” ‘ ’), as a word processor writes them.
    CurlyQuotes,
    /// A field name without double quotes.
    KeyNotQuoted,
    /// Something that is no JSON value (text without quotes, single quotes).
    ExpectedValue,
    /// A line break or tab inside a text.
    ControlCharacter,
    /// A backslash that starts no escape.
    InvalidEscape,
    /// Anything else.
    Other,
}

/// The parsed document and whether some object repeated a key.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The document; for a repeated key, the last value wins here.
    pub value: Value,
    /// True when some object has a key twice (locate them with [`SourceMap`]).
    pub has_duplicate_keys: bool,
}

/// Parses JSON text, noting duplicate keys.
pub fn parse_json(text: &str) -> Result<Parsed, SyntaxProblem> {
    if text.trim().is_empty() {
        return Err(SyntaxProblem {
            at: Position { line: 1, column: 1 },
            detail: String::new(),
            kind: SyntaxKind::Empty,
        });
    }
    let mut duplicates = false;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = ValueSeed {
        duplicates: &mut duplicates,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match parsed {
        Ok(value) => Ok(Parsed {
            value,
            has_duplicate_keys: duplicates,
        }),
        Err(error) => Err(syntax_problem(text, &error)),
    }
}

fn syntax_problem(text: &str, error: &serde_json::Error) -> SyntaxProblem {
    let full = error.to_string();
    let detail = match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_string(),
        None => full.clone(),
    };
    let kind = if error.is_eof() {
        SyntaxKind::Truncated
    } else if detail.starts_with("trailing comma") {
        SyntaxKind::TrailingComma
    } else if detail.starts_with("recursion limit") {
        SyntaxKind::TooDeep
    } else if detail.starts_with("number out of range") {
        SyntaxKind::NumberOutOfRange
    } else if detail.starts_with("trailing characters") {
        SyntaxKind::TrailingCharacters
    } else if detail.starts_with("expected `,`") {
        SyntaxKind::MissingComma
    } else if detail.starts_with("expected `:`") {
        SyntaxKind::MissingColon
    } else if detail.starts_with("key must be a string") {
        SyntaxKind::KeyNotQuoted
    } else if detail.starts_with("expected value") || detail.starts_with("expected ident") {
        SyntaxKind::ExpectedValue
    } else if detail.starts_with("control character") {
        SyntaxKind::ControlCharacter
    } else if detail.starts_with("invalid escape") {
        SyntaxKind::InvalidEscape
    } else {
        SyntaxKind::Other
    };
    let mut at = char_position(text, error.line(), error.column());
    let offset = byte_offset(text, at).min(text.len());
    let kind = match kind {
        SyntaxKind::KeyNotQuoted | SyntaxKind::ExpectedValue | SyntaxKind::Other
            if curly_quote_near(text, offset) =>
        {
            SyntaxKind::CurlyQuotes
        }
        kind => kind,
    };
    if kind == SyntaxKind::MissingComma {
        // serde_json notices at the next field; the comma belongs right
        // after the last character of the one before.
        let end = text[..offset].trim_end_matches(char::is_whitespace).len();
        at = position_of(text, end);
    }
    if kind == SyntaxKind::TrailingComma {
        // serde_json stops at the closing bracket; point at the comma itself.
        let before = &text[..byte_offset(text, at).min(text.len())];
        if let Some(comma) = before
            .trim_end_matches(|c: char| c.is_whitespace() || c == '}' || c == ']')
            .rfind(',')
        {
            at = position_of(text, comma);
        }
    }
    SyntaxProblem { at, detail, kind }
}

/// Whether a curly quote stands at byte `offset` of `text` or right beside it.
fn curly_quote_near(text: &str, offset: usize) -> bool {
    const CURLY: [char; 8] = ['“', '”', '‘', '’', '„', '‚', '«', '»'];
    let mut start = offset.min(text.len()).saturating_sub(4);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (offset + 4).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    text[start..end].chars().any(|c| CURLY.contains(&c))
}

/// The byte offset of a position (line and character column) in `text`.
pub fn byte_offset(text: &str, at: Position) -> usize {
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if number + 1 == at.line {
            let within: usize = line
                .chars()
                .take(at.column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + within;
        }
        offset += line.len();
    }
    text.len()
}

/// The position of byte `offset` in `text`.
pub fn position_of(text: &str, offset: usize) -> Position {
    let mut end = offset.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    position_at_end(&text[..end])
}

/// Converts serde_json's (line, byte column) into a character column.
fn char_position(text: &str, line: usize, byte_column: usize) -> Position {
    let line = line.max(1);
    let Some(line_text) = text.split('\n').nth(line - 1) else {
        return Position { line, column: 1 };
    };
    // serde_json counts bytes up to the one it stopped at; when that byte is
    // inside a character (“, æ), the column is that character's.
    let mut end = byte_column.min(line_text.len());
    while end < line_text.len() && !line_text.is_char_boundary(end) {
        end += 1;
    }
    Position {
        line,
        column: line_text[..end].chars().count().max(1),
    }
}

/// Builds a `serde_json::Value`, recording whether any object repeats a key.
struct ValueSeed<'a> {
    duplicates: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ValueSeed {
            duplicates: &mut *self.duplicates,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed {
                duplicates: &mut *self.duplicates,
            })?;
            if object.insert(key, value).is_some() {
                *self.duplicates = true;
            }
        }
        Ok(Value::Object(object))
    }
}

/// Where each value and key of a (syntactically valid) document starts, and
/// which keys are repeated.
#[derive(Debug, Default)]
pub struct SourceMap {
    values: HashMap<String, Position>,
    keys: HashMap<String, Position>,
    /// (pointer of the repeated member, key, position of the repetition).
    pub duplicate_keys: Vec<(String, String, Position)>,
}

impl SourceMap {
    /// Walks `text`, which [`parse_json`] accepted, and records positions.
    pub fn index(text: &str) -> SourceMap {
        let mut scanner = Scanner {
            text: text.as_bytes(),
            at: 0,
            line: 1,
            line_start: 0,
            source: text,
            map: SourceMap::default(),
        };
        scanner.value(String::new());
        scanner.map
    }

    /// Where the member at `pointer` is written: its key when it has one,
    /// else its value, else the nearest enclosing value that exists.
    pub fn locate(&self, pointer: &str) -> Position {
        let mut pointer = pointer;
        loop {
            if let Some(at) = self.keys.get(pointer).or_else(|| self.values.get(pointer)) {
                return *at;
            }
            match pointer.rfind('/') {
                Some(cut) => pointer = &pointer[..cut],
                None => return Position { line: 1, column: 1 },
            }
        }
    }

    /// The pointer of the innermost value that starts at or before `at`.
    pub fn pointer_at(&self, at: Position) -> Option<String> {
        self.values
            .iter()
            .filter(|(_, start)| **start <= at)
            .max_by(|a, b| a.1.cmp(b.1).then(a.0.len().cmp(&b.0.len())))
            .map(|(pointer, _)| pointer.clone())
    }

    /// Where the value at `pointer` starts (not its key).
    pub fn locate_value(&self, pointer: &str) -> Position {
        self.values
            .get(pointer)
            .copied()
            .unwrap_or_else(|| self.locate(pointer))
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A forgiving walk over JSON that parse_json already accepted; its nesting
/// is bounded by serde_json's recursion limit, so recursion here is safe.
struct Scanner<'a> {
    text: &'a [u8],
    source: &'a str,
    at: usize,
    line: usize,
    line_start: usize,
    map: SourceMap,
}

impl Scanner<'_> {
    fn position(&self) -> Position {
        let column = self
            .source
            .get(self.line_start..self.at)
            .map_or(0, |s| s.chars().count());
        Position {
            line: self.line,
            column: column + 1,
        }
    }

    fn skip_space(&mut self) {
        while let Some(&byte) = self.text.get(self.at) {
            match byte {
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                _ => break,
            }
        }
    }

    fn value(&mut self, pointer: String) {
        self.skip_space();
        let start = self.position();
        self.map.values.insert(pointer.clone(), start);
        match self.text.get(self.at) {
            Some(b'{') => self.object(pointer),
            Some(b'[') => self.array(pointer),
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(&byte) = self.text.get(self.at) {
                    if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                        break;
                    }
                    self.at += 1;
                }
            }
            None => {}
        }
    }

    fn object(&mut self, pointer: String) {
        self.at += 1;
        let mut seen = std::collections::HashSet::new();
        loop {
            self.skip_space();
            match self.text.get(self.at) {
                Some(b'}') | None => {
                    self.at += 1;
                    return;
                }
                Some(b',') => {
                    self.at += 1;
                    continue;
                }
                Some(b'"') => {
                    let key_at = self.position();
                    let key = self.string();
                    let member = format!("{pointer}/{}", pointer_segment(&key));
                    if !seen.insert(key.clone()) {
                        self.map.duplicate_keys.push((member.clone(), key, key_at));
                    }
                    self.map.keys.insert(member.clone(), key_at);
                    self.skip_space();
                    if self.text.get(self.at) == Some(&b':') {
                        self.at += 1;
                    }
                    self.value(member);
                }
                Some(_) => self.at += 1,
            }
        }
    }

    fn array(&mut self, pointer: String) {
        self.at += 1;
        let mut index = 0usize;
        loop {
            self.skip_space();
            match self.text.get(self.at) {
                Some(b']') | None => {
                    self.at += 1;
                    return;
                }
                Some(b',') => {
                    self.at += 1;
                    index += 1;
                }
                Some(_) => self.value(format!("{pointer}/{index}")),
            }
        }
    }

    /// Reads a string literal and returns its decoded content.
    fn string(&mut self) -> String {
        let start = self.at;
        self.at += 1;
        while let Some(&byte) = self.text.get(self.at) {
            match byte {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    break;
                }
                _ => self.at += 1,
            }
        }
        let literal = self
            .source
            .get(start..self.at.min(self.text.len()))
            .unwrap_or("\"\"");
        serde_json::from_str(literal).unwrap_or_default()
    }
}
