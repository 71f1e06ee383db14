//! One ordered view of a grade, which every rendering draws from — the text,
//! Markdown, JUnit and HTML reports, the spoken debrief and the summary at the
//! end of a round — so they can never disagree about what comes first or which
//! gaps matter most.

use super::{CriterionResult, DimensionResult, Evidence, Report, Status, by_impact};

/// A report, with its parts in reading order.
#[derive(Debug, Clone)]
pub struct View<'r> {
    pub report: &'r Report,
    /// Missed criteria first, then partly met ones, each by how much meeting
    /// them would raise the score; then the met ones in rubric order.
    pub criteria: Vec<&'r CriterionResult>,
    /// Dimensions, strongest first (ties in rubric order).
    pub dimensions: Vec<&'r DimensionResult>,
    /// What the case's strong reference answer says per criterion (see
    /// [`super::strong_examples`]); empty when the case has none.
    pub examples: std::collections::BTreeMap<String, String>,
}

/// What introduces a strong answer's words under a gap, wherever one is shown.
pub const EXAMPLE_LABEL: &str = "a strong answer to this case said:";

/// How many gaps a summary or debrief names.
pub const TOP_GAPS: usize = 3;

impl<'r> View<'r> {
    pub fn new(report: &'r Report) -> View<'r> {
        let mut criteria: Vec<&CriterionResult> = by_impact(report)
            .into_iter()
            .map(|i| &report.criteria[i])
            .collect();
        // Stable: missed before partial, impact order kept within each.
        criteria.sort_by_key(|c| c.status == Status::Partial);
        criteria.extend(report.criteria.iter().filter(|c| c.status == Status::Met));
        let mut dimensions: Vec<&DimensionResult> = report.dimensions.iter().collect();
        dimensions.sort_by_key(|d| std::cmp::Reverse(d.score));
        View {
            report,
            criteria,
            dimensions,
            examples: Default::default(),
        }
    }

    /// The view with what a strong answer says on each criterion, shown under
    /// the gaps.
    pub fn with_examples(
        mut self,
        examples: std::collections::BTreeMap<String, String>,
    ) -> View<'r> {
        self.examples = examples;
        self
    }

    /// What a strong answer says on criterion `id`, when the case has one.
    pub fn example(&self, id: &str) -> Option<&str> {
        self.examples.get(id).map(String::as_str)
    }

    /// The criteria worth the most if met: the first few not yet met.
    pub fn top_gaps(&self) -> impl Iterator<Item = &'r CriterionResult> + '_ {
        self.criteria
            .iter()
            .copied()
            .filter(|c| c.status != Status::Met)
            .take(TOP_GAPS)
    }

    /// The two strongest dimensions that scored at all.
    pub fn strongest(&self) -> impl Iterator<Item = &'r DimensionResult> + '_ {
        self.dimensions
            .iter()
            .copied()
            .take(2)
            .filter(|d| d.score.0 > 0)
    }

    /// The weakest dimension.
    pub fn weakest(&self) -> Option<&'r DimensionResult> {
        self.dimensions.last().copied()
    }

    /// The candidate's best moment: the evidence of the met criterion worth the
    /// most to the score (points times its dimension's weight; the later one in
    /// rubric order on a tie, as the later phases probe deeper).
    pub fn best_moment(&self) -> Option<&'r Evidence> {
        let weight = |dim: &str| {
            self.report
                .dimensions
                .iter()
                .find(|d| d.id == dim)
                .map_or(1, |d| d.weight)
        };
        self.report
            .criteria
            .iter()
            .filter(|c| c.status == Status::Met && !c.evidence.is_empty())
            .max_by_key(|c| c.points * weight(&c.dimension))
            .and_then(|c| c.evidence.first())
    }

    /// The verdict as words: `lean no hire`.
    /// A dimension's name as the report's table gives it (its id when the
    /// report has no such dimension).
    pub fn dimension_title(&self, id: &'r str) -> &'r str {
        self.report
            .dimensions
            .iter()
            .find(|d| d.id == id)
            .map_or(id, |d| d.title.as_str())
    }

    pub fn verdict(&self) -> String {
        self.report.verdict.replace('_', " ")
    }
}
