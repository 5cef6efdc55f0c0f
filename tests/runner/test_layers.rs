//! The layers hold: a test that reads every `crate::` path in `src/` and
//! fails on one that reaches up, against the direction the README's
//! "Layout" gives:
//!
//! ```text
//! main → cli → serve → render → history → workspace → plan → i18n, error, finding, atomic_file
//! ```
//!
//! A layer may use its own modules and any layer below it, never one above.
//! Doc comments and comments are not read (a doc link does not make a
//! dependency).
//!
//! Within a layer, files use each other one way too: a second test follows
//! every path (`crate::`, `super::`, `self::`, a declared child module) to the
//! file that defines it and fails on a circle between files, such as
//! `history/journal.rs` using `history/write.rs` and `write.rs` using the
//! journal. A child module using its parent (`super::`) is no circle, nor is
//! test code (`#[cfg(test)] mod tests`): tests may use their neighbours.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::project_dir;

/// Each top-level module of the library and its height; a module may use
/// only modules at its height or below. The ground (height 0) is the
/// catalogue, the errors, the atomic file and the crate root's helpers.
const LAYERS: &[(&str, u8)] = &[
    ("atomic_file", 0),
    ("error", 0),
    ("finding", 0),
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
/// them is gone too, so that this list only shrinks. (Empty: keep it so.)
const NOT_YET_MOVED: &[(&str, &str)] = &[];

/// The circles between files that are still there, each to be broken: the
/// files of one circle, sorted. The test fails when one of them is gone
/// too, so that this list only shrinks. (Empty: keep it so.)
const CIRCLES_NOT_YET_BROKEN: &[&[&str]] = &[];

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

/// The Rust files under `src/` (but the crate roots `lib.rs` and `main.rs`,
/// which name every module), by path relative to `src/`, with their code.
fn sources() -> BTreeMap<String, String> {
    let src = project_dir().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file
                .strip_prefix(&src)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&file).expect("read source");
            (relative, without_test_modules(&code_of(&text)))
        })
        .filter(|(relative, _)| relative != "lib.rs" && relative != "main.rs")
        .collect()
}

/// `code` without its test modules: `#[cfg(test)] mod name { … }` and
/// `#[cfg(test)] mod name;`.
fn without_test_modules(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let item = after.trim_start();
        let item = item.strip_prefix("pub ").unwrap_or(item);
        if !item.starts_with("mod ") {
            out.push_str("#[cfg(test)]");
            rest = after;
            continue;
        }
        let end = match (item.find(';'), item.find('{')) {
            (Some(semi), Some(brace)) if semi < brace => semi + 1,
            (Some(semi), None) => semi + 1,
            (_, Some(brace)) => {
                let mut depth = 0usize;
                let mut end = item.len();
                for (offset, c) in item[brace..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = brace + offset + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The module path of a file: `history/sync/mod.rs` is `history::sync`.
fn module_of(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts
}

/// Each path of a `use` tree (`a::{b, c::{d as e}}`: `a::b`, `a::c::d`).
fn use_paths(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let mut base = prefix.to_vec();
        base.extend(path_parts(&tree[..open]));
        let inner = tree[open + 1..].trim_end().trim_end_matches('}');
        let mut depth = 0usize;
        let mut start = 0;
        for (offset, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    use_paths(&base, &inner[start..offset], out);
                    start = offset + 1;
                }
                _ => {}
            }
        }
        use_paths(&base, &inner[start..], out);
    } else if !tree.is_empty() {
        let mut path = prefix.to_vec();
        path.extend(path_parts(tree.split(" as ").next().unwrap_or(tree)));
        out.push(path);
    }
}

fn path_parts(text: &str) -> Vec<String> {
    text.split("::")
        .map(str::trim)
        .filter(|part| !part.is_empty() && *part != "*")
        .map(str::to_string)
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path a file's code names: its `use` trees, and the paths written
/// in its code (`crate::plan::id::is_valid_id(..)`), each as its parts.
fn paths_named(code: &str) -> (Vec<Vec<String>>, BTreeSet<String>) {
    let mut paths = Vec::new();
    let mut children = BTreeSet::new();
    let mut rest_of_code = String::with_capacity(code.len());
    let mut rest = code;
    // `use …;` statements (with `pub` or not), and `mod name;` declarations.
    loop {
        let found = ["use ", "mod "]
            .iter()
            .filter_map(|keyword| {
                let mut from = 0;
                while let Some(at) = rest[from..].find(keyword) {
                    let at = from + at;
                    let before = rest[..at].chars().next_back();
                    if before.is_none_or(|c| !is_ident(c)) {
                        return Some((at, *keyword));
                    }
                    from = at + keyword.len();
                }
                None
            })
            .min();
        let Some((at, keyword)) = found else {
            rest_of_code.push_str(rest);
            break;
        };
        rest_of_code.push_str(&rest[..at]);
        let statement = &rest[at + keyword.len()..];
        let end = statement.find([';', '{']).unwrap_or(statement.len());
        if keyword == "use " {
            let end = statement.find(';').unwrap_or(statement.len());
            let tree: String = statement[..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            use_paths(&[], &tree, &mut paths);
            rest = &statement[end..];
        } else {
            if statement[end..].starts_with(';') {
                children.insert(statement[..end].trim().to_string());
            }
            rest = &statement[end..];
        }
    }
    // Paths written in the code: `a::b::c` chains.
    let chars: Vec<char> = rest_of_code.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        if !is_ident(chars[index])
            || (index > 0 && (is_ident(chars[index - 1]) || chars[index - 1] == ':'))
        {
            index += 1;
            continue;
        }
        let mut parts = Vec::new();
        let mut part = String::new();
        while index < chars.len() {
            if is_ident(chars[index]) {
                part.push(chars[index]);
                index += 1;
            } else if chars[index] == ':' && chars.get(index + 1) == Some(&':') {
                parts.push(std::mem::take(&mut part));
                index += 2;
            } else {
                break;
            }
        }
        parts.push(part);
        if parts.len() > 1 {
            paths.push(parts);
        }
    }
    (paths, children)
}

/// The file (relative to `src/`) that defines the deepest module of `path`.
fn file_of(path: &[String], files: &BTreeMap<String, String>) -> Option<String> {
    (1..=path.len()).rev().find_map(|length| {
        let module = path[..length].join("/");
        [format!("{module}.rs"), format!("{module}/mod.rs")]
            .into_iter()
            .find(|candidate| files.contains_key(candidate))
    })
}

/// Which files each file uses, leaving out a file's use of its own
/// ancestors (a child module using its parent's items).
fn file_graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = sources();
    let mut graph = BTreeMap::new();
    for (relative, code) in &files {
        let module = module_of(relative);
        let (paths, children) = paths_named(code);
        let mut uses = BTreeSet::new();
        for path in paths {
            let Some(first) = path.first() else { continue };
            let absolute: Vec<String> = match first.as_str() {
                "crate" => path[1..].to_vec(),
                "self" | "super" => {
                    let mut base = module.clone();
                    let mut rest = &path[..];
                    while let Some(head) = rest.first() {
                        match head.as_str() {
                            "super" => {
                                base.pop();
                            }
                            "self" => {}
                            _ => break,
                        }
                        rest = &rest[1..];
                    }
                    base.extend(rest.iter().cloned());
                    base
                }
                name if children.contains(name) => {
                    module.iter().chain(path.iter()).cloned().collect()
                }
                _ => continue,
            };
            let Some(used) = file_of(&absolute, &files) else {
                continue;
            };
            let used_module = module_of(&used);
            let is_ancestor = used_module.len() < module.len() && module.starts_with(&used_module);
            if used != *relative && !is_ancestor {
                uses.insert(used);
            }
        }
        // A declared child module is used by its parent.
        for child in &children {
            let mut path = module.clone();
            path.push(child.clone());
            if let Some(used) = file_of(&path, &files).filter(|used| used != relative) {
                uses.insert(used);
            }
        }
        graph.insert(relative.clone(), uses);
    }
    graph
}

/// The circles of `graph`: its strongly connected parts of two files or
/// more, each sorted (Tarjan's algorithm, without recursion).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<Vec<String>> {
    let names: Vec<&String> = graph.keys().collect();
    let index_of: BTreeMap<&String, usize> = names
        .iter()
        .enumerate()
        .map(|(index, name)| (*name, index))
        .collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|name| {
            graph[*name]
                .iter()
                .filter_map(|used| index_of.get(used).copied())
                .collect()
        })
        .collect();
    let count = names.len();
    let (mut order, mut low) = (vec![usize::MAX; count], vec![0; count]);
    let (mut on_stack, mut stack) = (vec![false; count], Vec::new());
    let mut next = 0;
    let mut found = BTreeSet::new();
    for root in 0..count {
        if order[root] != usize::MAX {
            continue;
        }
        // (node, the next of its edges to follow)
        let mut walk = vec![(root, 0usize)];
        order[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(top) = walk.last_mut() {
            let node = top.0;
            if let Some(&to) = edges[node].get(top.1) {
                top.1 += 1;
                if order[to] == usize::MAX {
                    order[to] = next;
                    low[to] = next;
                    next += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    walk.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(order[to]);
                }
                continue;
            }
            walk.pop();
            if let Some(&(parent, _)) = walk.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut part = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    part.push(names[member].clone());
                    if member == node {
                        break;
                    }
                }
                if part.len() > 1 {
                    part.sort();
                    found.insert(part);
                }
            }
        }
    }
    found
}

#[test]
fn no_circle_between_files() {
    let graph = file_graph();
    let found = circles(&graph);
    let known: BTreeSet<Vec<String>> = CIRCLES_NOT_YET_BROKEN
        .iter()
        .map(|files| files.iter().map(|file| file.to_string()).collect())
        .collect();
    let new: Vec<_> = found
        .difference(&known)
        .map(|part| {
            part.iter()
                .map(|file| {
                    let uses: Vec<&String> = graph[file]
                        .iter()
                        .filter(|used| part.contains(used))
                        .collect();
                    format!("{file} uses {uses:?}")
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        new.is_empty(),
        "files that use each other (README \"Layout\"): {new:#?}\nMove what both need \
         into a file of its own that neither reaches back from."
    );
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        gone.is_empty(),
        "these circles are broken now; take them off CIRCLES_NOT_YET_BROKEN: {gone:#?}"
    );
}

#[test]
fn the_circle_finder_follows_paths_to_files_and_finds_circles() {
    let (paths, children) = paths_named(
        "use crate::{plan::describe, history::{write::{self, Request}, files as f}};\n\
         use super::state::App;\n\
         mod svg;\n\
         fn x() { crate::render::templates::render_template(svg::draw(), a::b) }\n",
    );
    let shown: Vec<String> = paths.iter().map(|path| path.join("::")).collect();
    assert_eq!(
        shown,
        [
            "crate::plan::describe",
            "crate::history::write::self",
            "crate::history::write::Request",
            "crate::history::files",
            "super::state::App",
            "crate::render::templates::render_template",
            "svg::draw",
            "a::b",
        ]
    );
    assert_eq!(children.into_iter().collect::<Vec<_>>(), ["svg"]);
    assert_eq!(
        without_test_modules(
            "fn a() {}\n#[cfg(test)]\nmod tests {\n use crate::cli; { }\n}\nfn b() {}"
        ),
        "fn a() {}\n\nfn b() {}"
    );
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a.rs", &["b.rs"][..]),
        ("b.rs", &["c.rs"]),
        ("c.rs", &["a.rs"]),
        ("d.rs", &["a.rs"]),
    ]
    .into_iter()
    .map(|(file, uses)| {
        (
            file.to_string(),
            uses.iter().map(|u| u.to_string()).collect(),
        )
    })
    .collect();
    let found: Vec<Vec<String>> = circles(&graph).into_iter().collect();
    assert_eq!(found, [["a.rs", "b.rs", "c.rs"]]);
}
