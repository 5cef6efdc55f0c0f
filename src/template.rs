//! Plan templates, kept as plan files in `templates/` and built into the binary.
//!
//! A template is a valid plan whose periods are written in the years 2000 and
//! 2001; [`Template::instantiate`] moves them to the year the plan starts.

use serde::Deserialize;

use crate::i18n::Lang;
use crate::plan::model::{PeriodText, PhasePeriod, Plan};
use crate::plan::period::Period;

/// The year template periods are written in.
pub const TEMPLATE_BASE_YEAR: i32 = 2000;

/// The template used when `new` is given none.
pub const DEFAULT_TEMPLATE: &str = "backbrief";

/// A template: a name, a one-line description, and the plan text.
#[derive(Debug, Clone)]
pub struct Template {
    /// The name given to `--template`.
    pub name: String,
    /// One line, in Danish and English.
    pub description: Description,
    /// The plan file of the template.
    pub text: &'static str,
}

/// A one-line description in both languages.
#[derive(Debug, Clone, Deserialize)]
pub struct Description {
    /// Danish.
    pub da: String,
    /// English.
    pub en: String,
}

impl Description {
    /// The description in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        }
    }
}

#[derive(Deserialize)]
struct ManifestEntry {
    name: String,
    file: String,
    description: Description,
}

/// The files of `templates/`, built in.
const FILES: &[(&str, &str)] = &[
    (
        "backbrief.json",
        include_str!("../templates/backbrief.json"),
    ),
    (
        "backbrief-en.json",
        include_str!("../templates/backbrief-en.json"),
    ),
    (
        "kerneopgave-forloeb.json",
        include_str!("../templates/kerneopgave-forloeb.json"),
    ),
    (
        "rette-balancer.json",
        include_str!("../templates/rette-balancer.json"),
    ),
    (
        "fire-steder.json",
        include_str!("../templates/fire-steder.json"),
    ),
];

const MANIFEST: &str = include_str!("../templates/templates.json");

/// Every template, in the order of `templates/templates.json`.
pub fn templates() -> Vec<Template> {
    let entries: Vec<ManifestEntry> = serde_json::from_str(MANIFEST).unwrap_or_default();
    entries
        .into_iter()
        .filter_map(|entry| {
            let text = FILES.iter().find(|(file, _)| *file == entry.file)?.1;
            Some(Template {
                name: entry.name,
                description: entry.description,
                text,
            })
        })
        .collect()
}

/// The template with this name.
pub fn find(name: &str) -> Option<Template> {
    templates()
        .into_iter()
        .find(|template| template.name == name)
}

impl Template {
    /// The template's plan, as written in `templates/`.
    pub fn plan(&self) -> Result<Plan, serde_json::Error> {
        serde_json::from_str(self.text)
    }

    /// A new plan from this template: the given id and title, periods moved
    /// from the template's years to start in `year`.
    pub fn instantiate(
        &self,
        id: &str,
        title: Option<&str>,
        year: i32,
    ) -> Result<Plan, serde_json::Error> {
        let mut plan = self.plan()?;
        plan.id = id.to_string();
        if let Some(title) = title {
            plan.title = title.to_string();
        }
        shift_years(&mut plan, year - TEMPLATE_BASE_YEAR);
        Ok(plan)
    }
}

/// Moves every period of the plan by `years`.
pub fn shift_years(plan: &mut Plan, years: i32) {
    let shift = |text: &mut PeriodText| {
        if let Ok(period) = Period::parse(&text.0) {
            text.0 = period.shifted_years(years).to_string();
        }
    };
    for phase in &mut plan.phases {
        match &mut phase.period {
            PhasePeriod::Single(text) => shift(text),
            PhasePeriod::Span(span) => {
                shift(&mut span.start);
                shift(&mut span.end);
            }
        }
        for subtask in &mut phase.subtasks {
            if let Some(due) = &mut subtask.due {
                shift(due);
            }
        }
    }
    for milestone in &mut plan.milestones {
        shift(&mut milestone.date);
    }
    for reporting in &mut plan.reporting {
        shift(&mut reporting.due);
    }
}

/// The text of a plan file: pretty JSON with a final newline.
pub fn plan_file_text(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(plan).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::check_text;

    #[test]
    fn every_template_in_the_manifest_is_built_in_and_valid() {
        let all = templates();
        assert_eq!(all.len(), FILES.len(), "templates.json and FILES disagree");
        for template in all {
            let checked = check_text(template.text, &template.name, Some(&template.name), None);
            assert!(
                checked.findings.is_empty(),
                "{}: {:#?}",
                template.name,
                checked.findings
            );
        }
    }

    #[test]
    fn instantiate_moves_periods_to_the_start_year() {
        let template = find("backbrief").expect("backbrief template");
        let plan = template
            .instantiate("ny-plan", Some("Ny plan"), 2026)
            .expect("plan");
        assert_eq!(plan.id, "ny-plan");
        assert_eq!(plan.title, "Ny plan");
        let text = plan_file_text(&plan);
        assert!(!text.contains("\"2000"), "periods still in 2000: {text}");
        let checked = check_text(&text, "ny-plan.json", Some("ny-plan"), None);
        assert!(checked.findings.is_empty(), "{:#?}", checked.findings);
    }
}
