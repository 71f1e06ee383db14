//! Levels and their bars: the level ids, each level's bands and gates (or the
//! [verdict] ones), the level a criterion or dimension counts from, and the
//! rubric at its default level.

use super::*;

/// A bar: bands from best to worst (the last takes every score) and the
/// gates that cap the verdict; `key` names where they are written.
pub(super) fn bar(
    c: &Checker<'_>,
    raw_bands: &[RawBand],
    raw_gates: &[RawGate],
    key: &str,
    dim_index: &HashMap<String, usize>,
) -> Result<(Vec<Band>, Vec<Gate>), RubricError> {
    let mut bands = Vec::new();
    for b in raw_bands {
        if b.min_score > 100 || b.min_each_dimension > 100 || b.written_min_score > Some(100) {
            return c.err(
                Some(b.name.span()),
                format!("{key}.bands"),
                "scores are 0–100",
            );
        }
        bands.push(Band {
            name: b.name.get_ref().clone(),
            min_score: b.min_score,
            written_min_score: b.written_min_score.unwrap_or(b.min_score),
            min_each_dimension: b.min_each_dimension,
        });
    }
    match bands.last() {
        None => return c.err(None, format!("{key}.bands"), "needs at least one band"),
        Some(last)
            if last.min_score != 0
                || last.written_min_score != 0
                || last.min_each_dimension != 0 =>
        {
            let span = raw_bands.last().map(|b| b.name.span());
            return c.err(
                span,
                format!("{key}.bands"),
                "the last band must have min_score = 0 (and written_min_score = 0, or none) so every score gets a verdict",
            );
        }
        Some(_) => {}
    }
    let mut gates = Vec::new();
    for g in raw_gates {
        let Some(cap) = bands.iter().position(|b| &b.name == g.cap.get_ref()) else {
            return c.err(
                Some(g.cap.span()),
                format!("{key}.gates.cap"),
                format!("unknown band '{}'", g.cap.get_ref()),
            );
        };
        gates.push(Gate {
            dimension: c.lookup(
                dim_index,
                &g.dimension,
                &format!("{key}.gates.dimension"),
                "dimension",
            )?,
            min_score: g.min_score,
            cap,
            reason: g.reason.clone(),
        });
    }
    Ok((bands, gates))
}

/// The level ids, lowest first: `[[level]]`'s, or one "senior" level.
pub(super) fn level_ids(
    c: &Checker<'_>,
    raw: &RawRubric,
) -> Result<HashMap<String, usize>, RubricError> {
    let mut index = HashMap::new();
    for (i, l) in raw.level.iter().enumerate() {
        if index.insert(l.id.get_ref().clone(), i).is_some() {
            return c.err(
                Some(l.id.span()),
                "level.id",
                format!("duplicate level '{}'", l.id.get_ref()),
            );
        }
    }
    if index.is_empty() {
        index.insert(DEFAULT_LEVEL.to_string(), 0);
    }
    Ok(index)
}

/// The levels with their bars; a level without bands and gates is judged by
/// `[verdict]`, and a rubric without levels has one, senior.
pub(super) fn levels(
    c: &Checker<'_>,
    raw: &RawRubric,
    verdict: (&[Band], &[Gate]),
    dim_index: &HashMap<String, usize>,
) -> Result<Vec<Level>, RubricError> {
    if raw.level.is_empty() {
        return Ok(vec![Level {
            id: DEFAULT_LEVEL.to_string(),
            title: DEFAULT_LEVEL.to_string(),
            summary: String::new(),
            bands: verdict.0.to_vec(),
            gates: verdict.1.to_vec(),
        }]);
    }
    raw.level
        .iter()
        .map(|l| {
            let key = format!("level '{}'", l.id.get_ref());
            let (bands, gates) = match (&l.bands, &l.gates) {
                (None, None) => (verdict.0.to_vec(), verdict.1.to_vec()),
                (Some(b), g) => bar(c, b, g.as_deref().unwrap_or(&[]), &key, dim_index)?,
                (None, Some(_)) => {
                    return c.err(
                        Some(l.id.span()),
                        format!("{key}.gates"),
                        "gates need the level's own bands (or neither, for [verdict]'s)",
                    );
                }
            };
            Ok(Level {
                id: l.id.get_ref().clone(),
                title: l.title.clone(),
                summary: l.summary.clone(),
                bands,
                gates,
            })
        })
        .collect()
}

/// The level a `level = "…"` names; the lowest when absent.
pub(super) fn level_of(
    c: &Checker<'_>,
    level: Option<&Spanned<String>>,
    key: &str,
    level_index: &HashMap<String, usize>,
) -> Result<usize, RubricError> {
    match level {
        None => Ok(0),
        Some(l) => c.lookup(level_index, l, key, "level"),
    }
}

/// Each dimension holds a criterion, and no criterion counts below its
/// dimension's level.
pub(super) fn dimensions_hold_their_criteria(
    c: &Checker<'_>,
    raw: &RawRubric,
    dimensions: &[Dimension],
    criteria: &[Criterion],
) -> Result<(), RubricError> {
    for (k, raw_k) in criteria.iter().zip(&raw.criterion) {
        if k.level < dimensions[k.dimension].level {
            return c.err(
                Some(raw_k.id.span()),
                format!("criterion '{}'.level", k.id),
                "a criterion cannot count below its dimension's level",
            );
        }
    }
    for (i, d) in dimensions.iter().enumerate() {
        if !criteria.iter().any(|k| k.dimension == i) {
            return c.err(
                Some(raw.dimension[i].id.span()),
                "dimension",
                format!("dimension '{}' has no criteria", d.id),
            );
        }
    }
    Ok(())
}

/// The whole rubric judged at the default level (senior; the highest level
/// when a rubric's levels do not include senior).
pub(super) fn at_default_level(whole: Rubric, file: &PromptFile) -> Result<Rubric, RubricError> {
    let default = whole
        .levels
        .iter()
        .position(|l| l.id == DEFAULT_LEVEL)
        .unwrap_or(whole.levels.len() - 1);
    let id = whole.levels[default].id.clone();
    whole.at_level(&id).map_err(|e| RubricError {
        file: file.origin.clone(),
        line: 0,
        key: "level".into(),
        message: e.to_string(),
    })
}
