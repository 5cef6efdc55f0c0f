//! The checks of one decision: it changes only the plan it names, that
//! plan is valid after it, and it is not dated before the commit it follows.

use std::collections::BTreeSet;

use git2::{Commit, Oid};

use super::blobs::Job;
use super::{Folder, Place, Verifier, file_list};
use crate::history::decision::{Decision, TrailerProblem, git_time};
use crate::history::repo::PLANS_DIR;
use crate::i18n::{Message, VerifyMsg};
use crate::plan::Severity;

impl Verifier<'_> {
    /// A commit that claims to be a decision but whose trailers do not say
    /// one thing: a trailer given twice, or no one named as deciding.
    pub(super) fn trailer_finding(&mut self, problem: &TrailerProblem, place: &Place) {
        let lang = self.lang;
        let text = match problem {
            TrailerProblem::Repeated { key, values } => {
                let values = values
                    .iter()
                    .map(|value| format!("\"{}\"", value.escape_debug()))
                    .collect::<Vec<_>>()
                    .join(", ");
                VerifyMsg::TrailerRepeated.fill(lang, &[("trailer", key), ("values", &values)])
            }
            TrailerProblem::Blank(key) => VerifyMsg::TrailerBlank.fill(lang, &[("trailer", key)]),
        };
        let mut finding = place.finding(Severity::Error, "bad-decision-trailers", text);
        finding.hint = Some(VerifyMsg::BadTrailersHint.get(lang));
        self.push(finding);
    }

    /// A decision may change only the plan its `Plan` trailer names.
    pub(super) fn check_decision_scope(
        &mut self,
        decision: &Decision,
        changed: &BTreeSet<String>,
        place: &Place,
    ) {
        let named = format!("{}.json", decision.plan);
        if changed.iter().all(|file| *file == named) {
            return;
        }
        let files = file_list(changed);
        let (code, message) = if changed.len() > 1 {
            ("several-plans", VerifyMsg::SeveralPlans)
        } else {
            ("wrong-plan", VerifyMsg::WrongPlan)
        };
        let text = message.fill(self.lang, &[("plan", &decision.plan), ("files", &files)]);
        self.error(place, code, text);
    }

    /// The plan a decision names must be valid after it (errors only).
    pub(super) fn check_plan_valid(
        &mut self,
        decision: &Decision,
        plans: &Folder,
        changed: &BTreeSet<String>,
        place: &Place,
    ) {
        let name = format!("{}.json", decision.plan);
        let shown = format!("{PLANS_DIR}/{name}");
        let Some(blob) = plans.plan(&name) else {
            // A decision that removes its plan leaves nothing to check.
            if !changed.contains(&name) {
                let text = VerifyMsg::PlanMissing
                    .fill(self.lang, &[("plan", &decision.plan), ("file", &shown)]);
                self.push(place.finding(Severity::Warning, "plan-missing", text));
            }
            return;
        };
        let plan = decision.plan.clone();
        self.check_blob(place, Job::Plan { blob, plan });
    }

    /// A decision recorded (committer date) more than an hour before the
    /// commit it follows: its date was set back. An hour leaves room for
    /// the clocks of two PCs that share a repository.
    pub(super) fn check_backdated(&mut self, commit: &Commit<'_>, parents: &[Oid], place: &Place) {
        const LEEWAY: i64 = 60 * 60;
        let Some(parent) = parents
            .first()
            .and_then(|parent| self.repo.git.find_commit(*parent).ok())
        else {
            return;
        };
        if commit.time().seconds() + LEEWAY >= parent.time().seconds() {
            return;
        }
        let format = |time: git2::Time| git_time(time).format("%Y-%m-%d %H:%M %:z").to_string();
        let text = VerifyMsg::Backdated.fill(
            self.lang,
            &[
                ("date", &format(commit.time())),
                ("parent", &crate::history::repo::short_id(parent.id())),
                ("parent_date", &format(parent.time())),
            ],
        );
        let mut finding = place.finding(Severity::Warning, "backdated", text);
        finding.hint = Some(VerifyMsg::BackdatedHint.get(self.lang));
        self.push(finding);
    }
}
