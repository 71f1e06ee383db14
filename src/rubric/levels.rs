//! One rubric judged at a level: the criteria and dimensions that count there
//! (each counts from its own level up), and that level's bands and gates. A
//! pure derivation from the whole rubric; indices are renumbered so the grader
//! and everything after it see a plain rubric.

use std::sync::Arc;

use super::{Gate, Level, Rubric, UnknownLevel};

/// The level a rubric is judged at when nobody says: senior, where the rubric
/// has it.
pub const DEFAULT_LEVEL: &str = "senior";

impl Rubric {
    /// The level this rubric judges at.
    pub fn level(&self) -> &Level {
        &self.levels[self.level]
    }

    /// The whole rubric, every level's criteria in it, whatever level this one
    /// judges at: what a file may name.
    pub fn whole(&self) -> &Rubric {
        self.all.as_deref().unwrap_or(self)
    }

    /// The ids of every level's criteria: what a prompt file may name.
    pub fn every_criterion_id(&self) -> Vec<&str> {
        self.whole()
            .criteria
            .iter()
            .map(|c| c.id.as_str())
            .collect()
    }

    /// The ids of the levels, lowest first, joined for a message.
    pub fn level_ids(&self) -> String {
        self.levels
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// This rubric judged at level `id` (from the whole rubric, whatever level
    /// this one is at).
    pub fn at_level(&self, id: &str) -> Result<Rubric, UnknownLevel> {
        let all = match &self.all {
            Some(all) => Arc::clone(all),
            None => Arc::new(self.clone()),
        };
        let level = all
            .levels
            .iter()
            .position(|l| l.id == id)
            .ok_or_else(|| UnknownLevel {
                level: id.to_string(),
                known: all.level_ids(),
            })?;
        Ok(derive(&all, level))
    }

    /// What level `level` is expected to show on criterion `id`, when the
    /// rubric says.
    pub fn expected(&self, id: &str, level: usize) -> Option<&str> {
        self.criteria
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.expect.get(level))
            .map(String::as_str)
            .filter(|e| !e.is_empty() && *e != "—")
    }
}

/// `all` at `level`, renumbered: the dimensions of the level or below that
/// hold a criterion expected there, and every criterion of those dimensions —
/// those of a higher level kept for the credit they earn, not required.
fn derive(all: &Arc<Rubric>, level: usize) -> Rubric {
    let dims: Vec<Option<usize>> = renumber(all.dimensions.iter().enumerate().map(|(i, d)| {
        d.level <= level
            && all
                .criteria
                .iter()
                .any(|c| c.dimension == i && c.level <= level)
    }));
    let crits: Vec<Option<usize>> =
        renumber(all.criteria.iter().map(|c| dims[c.dimension].is_some()));
    let mut r = Rubric {
        all: Some(Arc::clone(all)),
        level,
        ..(**all).clone()
    };
    r.dimensions = keep(&all.dimensions, &dims);
    r.criteria = keep(&all.criteria, &crits)
        .into_iter()
        .map(|mut c| {
            c.dimension = dims[c.dimension].unwrap_or(0);
            c.required = c.level <= level;
            c
        })
        .collect();
    for k in &mut r.contradictions {
        k.criteria = k.criteria.iter().filter_map(|&i| crits[i]).collect();
    }
    for a in &mut r.anti_patterns {
        a.dimension = a.dimension.and_then(|d| dims[d]);
    }
    let bar = &all.levels[level];
    r.bands = bar.bands.clone();
    r.gates = bar
        .gates
        .iter()
        .filter_map(|g| {
            Some(Gate {
                dimension: dims[g.dimension]?,
                ..g.clone()
            })
        })
        .collect();
    r
}

/// New indices for the kept items of a list, in order; `None` for the dropped.
fn renumber(kept: impl Iterator<Item = bool>) -> Vec<Option<usize>> {
    let mut next = 0;
    kept.map(|k| {
        k.then(|| {
            next += 1;
            next - 1
        })
    })
    .collect()
}

fn keep<T: Clone>(items: &[T], map: &[Option<usize>]) -> Vec<T> {
    items
        .iter()
        .zip(map)
        .filter(|(_, m)| m.is_some())
        .map(|(t, _)| t.clone())
        .collect()
}
