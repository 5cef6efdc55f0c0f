//! The report upward as a Word document (.docx): the same words as the
//! Markdown and HTML reports ([`crate::render::report::view`]), with Word's
//! own heading styles (so that Word's navigation pane and table of contents
//! see them), real Word tables, the timeline as a picture, on A4.
//!
//! The timeline picture is the SVG drawn for the HTML report, rendered to a
//! PNG with resvg using the fonts installed on the computer.

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, LineSpacingType, PageMargin, Paragraph, Pic, Run,
    RunFonts, Shading, ShdType, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use crate::render::report::{ReportInput, ReportView, view};
use crate::render::timeline;

/// A4 in twentieths of a point.
const A4_WIDTH: u32 = 11_906;
const A4_HEIGHT: u32 = 16_838;
/// 2 cm margins, in twentieths of a point.
const MARGIN: i32 = 1_134;
/// The width between the margins: 17 cm, in twentieths of a point and in
/// English Metric Units (pictures).
const TEXT_WIDTH: usize = 9_638;
const TEXT_WIDTH_EMU: u32 = 6_120_000;
/// How many times finer than the SVG's own units the picture is rendered,
/// so that it stays sharp when printed.
const PICTURE_SCALE: f32 = 2.5;

const ACCENT: &str = "1F5FA8";
const MUTED: &str = "56616B";
const OVERDUE: &str = "C62828";

/// The report as the bytes of a .docx file.
pub fn docx(input: &ReportInput<'_>) -> Result<Vec<u8>, String> {
    let r = view(input);
    let picture = timeline::svg(input.timeline, true)
        .map_err(|error| error.to_string())
        .and_then(|svg| timeline_png(&svg))?;
    // Dated the report's date, so that the same report makes the same file.
    let when = format!("{}T00:00:00Z", r.date_iso);
    let mut doc = document().created_at(&when).updated_at(&when);
    for block in blocks(&r, picture) {
        doc = match block {
            Block::Paragraph(p) => doc.add_paragraph(*p),
            Block::Table(t) => doc.add_table(*t),
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|error| error.to_string())?;
    Ok(bytes.into_inner())
}

/// An empty A4 document with the report's styles: Word's built-in Title,
/// Heading 1 and Heading 2 (their ids and names are Word's own, so that Word
/// and LibreOffice treat them as headings), and a readable body text.
fn document() -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize, before: u32| {
        Style::new(id, StyleType::Paragraph)
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .line(240)
                    .before(before)
                    .after(80),
            )
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(size)
            .bold()
            .color(ACCENT)
            .outline_lvl(level)
    };
    Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(709)
                .footer(709),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri")
                .east_asia("Calibri"),
        )
        .default_size(22)
        .default_line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .line(264)
                .after(120),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .size(44)
                .bold(),
        )
        .add_style(heading("Heading1", "heading 1", 30, 0, 320))
        .add_style(heading("Heading2", "heading 2", 24, 1, 200))
}

enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// An empty paragraph in Word's Normal style.
fn para() -> Paragraph {
    Paragraph::new().style("Normal")
}

fn text(value: &str) -> Run {
    // Line breaks in plan text become Word line breaks.
    let mut run = Run::new();
    for (index, line) in value.split('\n').enumerate() {
        if index > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

fn paragraph(value: &str) -> Paragraph {
    para().add_run(text(value))
}

fn muted(value: &str) -> Paragraph {
    para().add_run(text(value).color(MUTED).size(20))
}

fn heading1(value: &str) -> Paragraph {
    paragraph(value).style("Heading1").keep_next(true)
}

fn heading2(value: &str) -> Paragraph {
    paragraph(value).style("Heading2").keep_next(true)
}

/// A Word table: a header row of bold, shaded column names and one row per
/// item; `red` rows (overdue) in red. `widths` in parts of the text width.
fn table(header: &[&str], rows: Vec<(Vec<String>, bool)>, widths: &[usize]) -> Table {
    let total: usize = widths.iter().sum::<usize>().max(1);
    let grid: Vec<usize> = widths.iter().map(|w| TEXT_WIDTH * w / total).collect();
    let cell = |value: &str, width: usize| {
        TableCell::new()
            .width(width, WidthType::Dxa)
            .add_paragraph(para().add_run(text(value)))
    };
    let mut table_rows = vec![
        TableRow::new(
            header
                .iter()
                .zip(&grid)
                .map(|(name, width)| {
                    TableCell::new()
                        .width(*width, WidthType::Dxa)
                        .shading(Shading::new().shd_type(ShdType::Clear).fill("E8EDF2"))
                        .add_paragraph(
                            para()
                                .keep_next(true)
                                .add_run(Run::new().add_text(*name).bold().size(20)),
                        )
                })
                .collect(),
        )
        .cant_split(),
    ];
    for (values, red) in rows {
        table_rows.push(
            TableRow::new(
                values
                    .iter()
                    .zip(&grid)
                    .map(|(value, width)| {
                        if red {
                            TableCell::new()
                                .width(*width, WidthType::Dxa)
                                .add_paragraph(para().add_run(text(value).color(OVERDUE).bold()))
                        } else {
                            cell(value, *width)
                        }
                    })
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(table_rows)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

fn label(r: &ReportView, key: &str) -> String {
    r.t.get(key).cloned().unwrap_or_default()
}

/// The report, block by block, in the order of the HTML report.
fn blocks(r: &ReportView, picture: Option<(Vec<u8>, u32, u32)>) -> Vec<Block> {
    let t = |key: &str| label(r, key);
    let mut out = Vec::new();
    let mut p = |paragraph: Paragraph| out.push(Block::Paragraph(Box::new(paragraph)));

    // The header.
    p(para().add_run(
        Run::new()
            .add_text(t("Kind").to_uppercase())
            .bold()
            .color(MUTED)
            .size(18),
    ));
    p(paragraph(&r.title).style("Title"));
    let mut facts = vec![(t("LabelDate"), r.date.clone())];
    if let Some(unit) = &r.unit {
        facts.push((t("LabelUnit"), unit.clone()));
    }
    if let Some(owner) = &r.owner {
        facts.push((t("LabelOwner"), owner.clone()));
    }
    facts.push((t("LabelDecisions"), r.covered.clone()));
    for (name, value) in facts {
        p(para()
            .add_run(Run::new().add_text(format!("{name}: ")).color(MUTED))
            .add_run(text(&value).bold()));
    }
    if let Some(unrecorded) = &r.unrecorded {
        p(para().add_run(text(unrecorded).bold()));
    }

    // The situation, the main task and the intent.
    if let Some(situation) = &r.situation {
        p(heading1(&t("Situation")));
        p(paragraph(situation));
    }
    p(heading1(&t("MainTask")));
    p(paragraph(&r.main_task));
    if let Some(intent) = &r.intent {
        p(heading2(&t("Intent")));
        p(paragraph(intent));
    }

    // The phases.
    p(heading1(&t("PhaseStatus")));
    let rows = r
        .phases
        .iter()
        .map(|phase| {
            (
                vec![
                    phase.title.clone(),
                    phase.when.clone(),
                    format!("{} ({} %)", phase.progress_text, phase.percent),
                    phase.state.clone(),
                ],
                false,
            )
        })
        .collect();
    out.push(Block::Table(Box::new(table(
        &[
            &t("ColPhase"),
            &t("ColPeriod"),
            &t("ColProgress"),
            &t("ColStatus"),
        ],
        rows,
        &[4, 2, 2, 2],
    ))));

    // What is overdue and what is due soon.
    for (heading, items, nothing) in [
        (t("Overdue"), &r.overdue, t("NothingOverdue")),
        (
            r.due_soon_heading.clone(),
            &r.due_soon,
            r.nothing_due_soon.clone(),
        ),
    ] {
        out.push(Block::Paragraph(Box::new(heading1(&heading))));
        if items.is_empty() {
            out.push(Block::Paragraph(Box::new(paragraph(&nothing))));
            continue;
        }
        let rows = items
            .iter()
            .map(|item| {
                (
                    vec![
                        item.when.clone(),
                        item.title.clone(),
                        item.kind.clone(),
                        item.status.clone(),
                    ],
                    item.overdue,
                )
            })
            .collect();
        out.push(Block::Table(Box::new(table(
            &[&t("ColDue"), &t("ColWhat"), &t("ColKind"), &t("ColStatus")],
            rows,
            &[5, 9, 5, 4],
        ))));
    }

    // The decisions, as their summaries.
    let mut p = |paragraph: Paragraph| out.push(Block::Paragraph(Box::new(paragraph)));
    p(heading1(&t("Decisions")));
    p(muted(&r.covered));
    if r.decisions.is_empty() {
        p(paragraph(&t("NoDecisions")));
    }
    for d in &r.decisions {
        p(heading2(&d.summary));
        let mut meta = format!("{} · {}: {}", d.date, t("ColDecidedBy"), d.decided_by);
        if let Some(meeting) = &d.meeting {
            meta.push_str(&format!(" · {}: {meeting}", t("MeetingLabel")));
        }
        p(muted(&meta));
        if let Some(reported) = &d.reported_to {
            p(para().add_run(text(reported).bold().color(ACCENT)));
        }
        if let Some(body) = &d.body {
            p(paragraph(body));
        }
        p(muted(&d.changes_summary));
    }
    if let Some(created) = &r.created {
        p(muted(created));
    }

    // The reporting obligations.
    p(heading1(&t("Reporting")));
    if r.reporting.is_empty() {
        p(paragraph(&t("NoReporting")));
    } else {
        let nothing = t("Nothing");
        let rows = r
            .reporting
            .iter()
            .map(|item| {
                (
                    vec![
                        item.what.clone(),
                        item.to.clone(),
                        item.by.clone().unwrap_or_else(|| nothing.clone()),
                        item.when.clone(),
                        item.status.clone(),
                    ],
                    item.overdue,
                )
            })
            .collect();
        out.push(Block::Table(Box::new(table(
            &[
                &t("ColWhat"),
                &t("ColTo"),
                &t("ColBy"),
                &t("ColDue"),
                &t("ColStatus"),
            ],
            rows,
            &[5, 2, 2, 2, 2],
        ))));
    }

    // The timeline, as a picture the width of the page.
    let mut p = |paragraph: Paragraph| out.push(Block::Paragraph(Box::new(paragraph)));
    p(heading1(&t("Timeline")));
    if let Some((png, width, height)) = picture {
        let height_emu = u64::from(TEXT_WIDTH_EMU) * u64::from(height) / u64::from(width.max(1));
        let pic = Pic::new_with_dimensions(png, width, height).size(
            TEXT_WIDTH_EMU,
            u32::try_from(height_emu).unwrap_or(u32::MAX),
        );
        p(para().keep_lines(true).add_run(Run::new().add_image(pic)));
    }
    for note in &r.timeline_notes {
        p(muted(note));
    }

    // The balance across the four communities.
    p(heading1(&t("Balance")));
    if r.balance_none {
        p(paragraph(&t("BalanceNone")));
    } else {
        let rows = r
            .balance
            .iter()
            .map(|b| {
                (
                    vec![b.name.clone(), b.open.to_string(), b.done.to_string()],
                    false,
                )
            })
            .collect();
        out.push(Block::Table(Box::new(table(
            &[&t("ColCommunity"), &t("ColOpen"), &t("ColDone")],
            rows,
            &[4, 2, 2],
        ))));
    }

    // The appendix: each decision's changes, when and by whom.
    let mut p = |paragraph: Paragraph| out.push(Block::Paragraph(Box::new(paragraph)));
    if !r.appendix.is_empty() {
        p(heading1(&t("Appendix")).page_break_before(true));
        p(muted(&t("AppendixIntro")));
        for d in &r.appendix {
            p(heading2(&format!("{} · {}", d.date, d.summary)));
            p(muted(&d.decided));
            if d.changes.is_empty() {
                p(paragraph(&format!("– {}", t("NoChanges"))));
            }
            for change in &d.changes {
                p(paragraph(&format!("– {change}")).indent(Some(284), None, None, None));
            }
        }
    }
    p(para().align(AlignmentType::Left));
    p(muted(&r.made_by));
    out
}

/// The timeline SVG as a PNG (bytes, width, height in pixels), drawn with the
/// computer's fonts; `Ok(None)` when the computer has no fonts to draw its
/// text with (the report then goes without the picture).
fn timeline_png(svg: &str) -> Result<Option<(Vec<u8>, u32, u32)>, String> {
    use resvg::{tiny_skia, usvg};

    let mut options = usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_system_fonts();
    if fonts.is_empty() {
        return Ok(None);
    }
    // The SVG asks for the system's sans-serif; name one that is there.
    let families: Vec<String> = fonts
        .faces()
        .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
        .collect();
    if let Some(family) = [
        "Segoe UI",
        "Arial",
        "Helvetica",
        "Liberation Sans",
        "DejaVu Sans",
        "Noto Sans",
    ]
    .iter()
    .find(|wanted| families.iter().any(|f| f == *wanted))
    {
        fonts.set_sans_serif_family(*family);
        options.font_family = (*family).to_string();
    }
    let tree = usvg::Tree::from_str(svg, &options).map_err(|error| error.to_string())?;
    let size = tree.size().to_int_size();
    let width = (size.width() as f32 * PICTURE_SCALE).round() as u32;
    let height = (size.height() as f32 * PICTURE_SCALE).round() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("a picture of {width}×{height} pixels"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(PICTURE_SCALE, PICTURE_SCALE),
        &mut pixmap.as_mut(),
    );
    let png = pixmap.encode_png().map_err(|error| error.to_string())?;
    Ok(Some((png, width, height)))
}
