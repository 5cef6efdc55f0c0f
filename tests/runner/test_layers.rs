//! The layers hold: a test that reads every `crate::` path in `src/` and
//! fails on one that reaches up, against the direction the README's
//! "Layout" gives:
//!
//! ```text
//! main → cli → serve → render → history → workspace → plan → i18n, error, atomic_file
//! ```
//!
//! A layer may use its own modules and any layer below it, never one above.
//! Doc comments and comments are not read (a doc link does not make a
//! dependency).

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::project_dir;

/// Each top-level module of the library and its height; a module may use
/// only modules at its height or below. The ground (height 0) is the
/// catalogue, the errors, the atomic file and the crate root's helpers.
const LAYERS: &[(&str, u8)] = &[
    ("atomic_file", 0),
    ("error", 0),
    ("i18n", 0),
    ("plan", 1),
    ("workspace", 2),
    ("history", 3),
    ("render", 4),
    ("template", 4),
    ("serve", 5),
    ("cli", 6),
];

/// The imports against the direction that are still there, each one to be
/// moved: (file, the module it reaches up to). The test fails when one of
/// them is gone too, so that this list only shrinks.
const NOT_YET_MOVED: &[(&str, &str)] = &[
    // An error carries the plan's findings; the finding (with its source
    // position) belongs at the ground with the error.
    ("error.rs", "plan"),
    // A decision's changes described in words: the words about the model
    // move to the model's side, where history may use them.
    ("history/changes.rs", "render"),
    ("history/sync/driver.rs", "render"),
    ("history/sync/explain.rs", "render"),
    ("plan/diff/tests.rs", "render"),
    ("plan/input.rs", "render"),
    // The catalogue's period words read the plan's period type.
    ("i18n/period.rs", "plan"),
];

fn height(module: &str) -> Option<u8> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, height)| *height)
}

/// The text of a Rust file without its comments (line and block) and
/// without the contents of string literals, so that neither is read as a
/// path.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes: Vec<char> = text.chars().collect();
    let mut index = 0;
    let mut block = 0usize;
    let mut in_string = false;
    while index < bytes.len() {
        let here = bytes[index];
        let next = bytes.get(index + 1).copied();
        if block > 0 {
            if here == '*' && next == Some('/') {
                block -= 1;
                index += 2;
            } else if here == '/' && next == Some('*') {
                block += 1;
                index += 2;
            } else {
                index += 1;
            }
            continue;
        }
        if in_string {
            if here == '\\' {
                index += 2;
                continue;
            }
            if here == '"' {
                in_string = false;
                out.push('"');
            }
            index += 1;
            continue;
        }
        match (here, next) {
            ('/', Some('/')) => {
                while index < bytes.len() && bytes[index] != '\n' {
                    index += 1;
                }
            }
            ('/', Some('*')) => {
                block = 1;
                index += 2;
            }
            ('"', _) => {
                // A char literal '"' is not a string.
                let is_char = index > 0 && bytes[index - 1] == '\'' && next == Some('\'');
                if !is_char {
                    in_string = true;
                }
                out.push('"');
                index += 1;
            }
            _ => {
                out.push(here);
                index += 1;
            }
        }
    }
    out
}

/// The top-level modules a file's code names through `crate::`, grouped
/// imports (`use crate::{plan::X, render::Y}`) included.
fn modules_named(code: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let ident = |text: &str| -> String {
        text.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = code[at + "crate::".len()..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut start_of_item = true;
            for (offset, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => {
                        start_of_item = true;
                        continue;
                    }
                    c if c.is_whitespace() => continue,
                    _ => {}
                }
                if start_of_item && depth == 1 && c != '{' && c != '}' {
                    named.insert(ident(&group[offset..]));
                }
                start_of_item = false;
            }
        } else {
            named.insert(ident(rest));
        }
    }
    named
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("list src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every (file, module) in `src/` that reaches above the file's layer.
fn imports_against_the_direction() -> BTreeSet<(String, String)> {
    let src = project_dir().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut against = BTreeSet::new();
    for file in files {
        let relative = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let top = relative
            .split('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".rs");
        if top == "lib" || top == "main" {
            continue;
        }
        let own = height(top)
            .unwrap_or_else(|| panic!("src/{relative}: the module `{top}` has no layer in LAYERS"));
        let text = std::fs::read_to_string(&file).expect("read source");
        for module in modules_named(&code_of(&text)) {
            // Items of the crate root (`crate::io_reason`) are ground.
            let used = height(&module).unwrap_or(0);
            if used > own {
                against.insert((relative.clone(), module));
            }
        }
    }
    against
}

#[test]
fn no_module_reaches_up_a_layer() {
    let found = imports_against_the_direction();
    let known: BTreeSet<(String, String)> = NOT_YET_MOVED
        .iter()
        .map(|(file, module)| (file.to_string(), module.to_string()))
        .collect();
    let new: Vec<_> = found.difference(&known).collect();
    assert!(
        new.is_empty(),
        "imports against the layers (README \"Layout\"): {new:#?}\nMove the code down to \
         the layer that owns it, or the caller up."
    );
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        gone.is_empty(),
        "these are moved now; take them off NOT_YET_MOVED: {gone:#?}"
    );
}

#[test]
fn the_layer_reader_sees_grouped_imports_and_skips_comments_and_strings() {
    let code = code_of(
        "use crate::{plan::Plan, render::{a, b}, history};\n\
         // crate::serve in a comment\n\
         /* crate::cli in a block */\n\
         let s = \"crate::template in a string\";\n\
         crate::workspace::is_valid_id(x);\n",
    );
    let named: Vec<String> = modules_named(&code).into_iter().collect();
    assert_eq!(named, ["history", "plan", "render", "workspace"]);
}
