//! The report's templates (`templates/report/`, built into the binary) and
//! the engine that renders them: HTML and SVG escaped by the engine,
//! Markdown by the `md` and `mdline` filters. The report and the timeline's
//! SVG picture both render through it.

use minijinja::{AutoEscape, Environment, Value};

/// The template files, by name.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "report.md",
        include_str!("../../templates/report/report.md"),
    ),
    (
        "report.html",
        include_str!("../../templates/report/report.html"),
    ),
    (
        "report.css",
        include_str!("../../templates/report/report.css"),
    ),
    (
        "timeline.svg",
        include_str!("../../templates/report/timeline.svg"),
    ),
    (
        "marker.svg",
        include_str!("../../templates/report/marker.svg"),
    ),
];

/// The template engine with the report's templates and filters: HTML and
/// SVG templates escape every value; Markdown templates escape with `md`.
fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".svg") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.add_filter("md", |text: String| markdown_escape(&text));
    env.add_filter("mdline", |text: String| markdown_inline(&text));
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// Renders one of the report's templates with `context`.
pub fn render_template(name: &str, context: Value) -> Result<String, minijinja::Error> {
    environment()?.get_template(name)?.render(context)
}

/// Plan text made safe for Markdown (GitHub and GitLab flavour) inside a
/// line (a table cell, after a label): on one line, and the characters
/// Markdown reads as syntax get a backslash, so `<script>`, `*stars*` or a
/// `|` show as written.
pub fn markdown_inline(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if is_markdown_syntax(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn is_markdown_syntax(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!'
    )
}

/// Plan text made safe for Markdown as paragraphs: like [`markdown_inline`],
/// keeping its lines, and with list, heading and quote markers at the start
/// of a line escaped too.
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let indent = line.len() - line.trim_start().len();
        out.push_str(&line[..indent]);
        let line = &line[indent..];
        // A list, heading or quote marker at the start of a line.
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let mut chars = line.char_indices().peekable();
        if let Some(&(_, first)) = chars.peek()
            && matches!(first, '-' | '+' | '=')
        {
            out.push('\\');
        }
        for (at, c) in chars {
            if is_markdown_syntax(c) || (at == digits && digits > 0 && matches!(c, '.' | ')')) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .unwrap_or_else(|error| panic!("{name}: {error}"));
        }
    }

    #[test]
    fn markdown_escape_shows_syntax_as_written() {
        assert_eq!(
            markdown_escape("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(markdown_escape("a *b* | c_d"), "a \\*b\\* \\| c\\_d");
        assert_eq!(markdown_escape("- x\n1. y\n# z"), "\\- x\n1\\. y\n\\# z");
        assert_eq!(markdown_escape("Fase 1: Bredt – ok"), "Fase 1: Bredt – ok");
        assert_eq!(markdown_inline("28. november\n- x"), "28. november - x");
    }
}
