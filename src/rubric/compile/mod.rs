//! Checking and compiling a rubric, one step per part of the file. Every error
//! names the file, the line and the key.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use toml::Spanned;

use super::levels::DEFAULT_LEVEL;
use super::raw::{RawAntiPattern, RawBand, RawCriterion, RawGate, RawRubric};
use super::{
    AntiPattern, Band, Concept, Contradiction, Criterion, Cue, Detector, Dimension, Domain,
    FollowUp, Gate, Kind, Level, Matcher, Pattern, RUBRIC_SCHEMA, Rubric, RubricError, Settings,
};
use crate::prompts::{PromptError, PromptFile, line_col, parse_toml, sha256_hex};
use crate::text::{Stemmer, tokens_of};
use crate::vocab::Phase;

mod automata;
use automata::{automata, recital};

mod bars;
use bars::{at_default_level, bar, dimensions_hold_their_criteria, level_ids, level_of, levels};

/// The most parts a `a + b + c` pattern may have.
const MAX_PARTS: usize = 4;

/// Reports errors at a place in the rubric file.
struct Checker<'a> {
    file: &'a PromptFile,
}

impl Checker<'_> {
    fn err<T>(
        &self,
        span: Option<std::ops::Range<usize>>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<T, RubricError> {
        let line = span.map_or(1, |s| line_col(&self.file.text, s.start).0);
        Err(RubricError {
            file: self.file.origin.clone(),
            line,
            key: key.into(),
            message: message.into(),
        })
    }

    fn phases(&self, list: &[Spanned<String>], key: &str) -> Result<Vec<Phase>, RubricError> {
        list.iter()
            .map(|p| match Phase::from_key(p.get_ref()) {
                Some(ph) => Ok(ph),
                None => self.err(
                    Some(p.span()),
                    key,
                    format!("unknown phase '{}'; phases are scenario, latency, schema_change, provenance, debrief", p.get_ref()),
                ),
            })
            .collect()
    }

    /// The index of a named item, or an error naming the unknown one.
    fn lookup(
        &self,
        index: &HashMap<String, usize>,
        name: &Spanned<String>,
        key: &str,
        what: &str,
    ) -> Result<usize, RubricError> {
        match index.get(name.get_ref()) {
            Some(i) => Ok(*i),
            None => self.err(
                Some(name.span()),
                key,
                format!("unknown {what} '{}'", name.get_ref()),
            ),
        }
    }
}

/// Parses and compiles a rubric file.
pub fn compile(file: &PromptFile) -> Result<Rubric, RubricError> {
    let raw = parse(file)?;
    let c = Checker { file };
    if raw.schema != RUBRIC_SCHEMA {
        return c.err(
            None,
            "schema",
            format!(
                "schema = {}: this grader reads rubric schema {RUBRIC_SCHEMA}",
                raw.schema
            ),
        );
    }
    let settings = settings(&c, &raw)?;
    let level_index = level_ids(&c, &raw)?;
    let (dimensions, dim_index) = dimensions(&c, &raw, &level_index)?;
    let (concepts, concept_index) = concepts(&c, &raw)?;
    let criteria = criteria(&c, &raw, &dim_index, &concept_index, &level_index)?;
    dimensions_hold_their_criteria(&c, &raw, &dimensions, &criteria)?;
    let (bands, gates) = bar(
        &c,
        &raw.verdict.bands,
        &raw.verdict.gates,
        "verdict",
        &dim_index,
    )?;
    let levels = levels(&c, &raw, (&bands, &gates), &dim_index)?;
    let criterion_index: HashMap<String, usize> = criteria
        .iter()
        .enumerate()
        .map(|(i, k)| (k.id.clone(), i))
        .collect();
    let contradictions = contradictions(&c, &raw, &criterion_index)?;
    let stemmer = Stemmer::new();
    let domains = raw
        .domain
        .iter()
        .map(|d| Domain {
            id: d.id.get_ref().clone(),
            stems: d
                .nouns
                .iter()
                .map(|n| tokens_of(n))
                .filter(|t| t.len() == 1)
                .map(|t| stemmer.stem(&t[0]))
                .collect(),
        })
        .collect();
    let anti_patterns = raw
        .anti_pattern
        .iter()
        .map(|a| anti_pattern(&c, a, &dim_index, &concept_index))
        .collect::<Result<Vec<_>, _>>()?;
    let spelling = spelling(&c, &raw)?;
    let recital = recital(&criteria);
    let (surface, stemmed, patterns) = automata(&c, &raw, &spelling)?;
    let whole = Rubric {
        id: raw.id,
        version: raw.version,
        sha256: sha256_hex(&file.text),
        settings,
        bands,
        gates,
        dimensions,
        criteria,
        concepts,
        contradictions,
        domains,
        anti_patterns,
        patterns,
        spelling,
        recital,
        surface,
        stemmed,
        level: 0,
        levels,
        all: None,
    };
    at_default_level(whole, file)
}

/// The TOML, with a syntax error's line mapped to the key on it.
fn parse(file: &PromptFile) -> Result<RawRubric, RubricError> {
    parse_toml(file).map_err(|e| match e {
        PromptError::Syntax {
            file: origin,
            line,
            column,
            message,
        } => RubricError {
            key: key_on_line(file.text.lines().nth(line.saturating_sub(1)).unwrap_or(""))
                .unwrap_or_else(|| format!("column {column}")),
            file: origin,
            line,
            message,
        },
        other => RubricError {
            file: file.origin.clone(),
            line: 1,
            key: "file".into(),
            message: other.to_string(),
        },
    })
}

fn settings(c: &Checker<'_>, raw: &RawRubric) -> Result<Settings, RubricError> {
    let g = &raw.grading;
    if g.sentence_cap == 0 {
        return c.err(None, "grading.sentence_cap", "must be at least 1");
    }
    for (key, v) in [
        ("grading.dimension_share", g.dimension_share),
        ("grading.recital_overlap", g.recital_overlap),
    ] {
        if v == 0 || v > 100 {
            return c.err(None, key, "a percentage from 1 to 100");
        }
    }
    if g.off_scenario_credit > 100 {
        return c.err(
            None,
            "grading.off_scenario_credit",
            "a percentage from 0 to 100",
        );
    }
    if g.pattern_window < 2 {
        return c.err(None, "grading.pattern_window", "must be at least 2 words");
    }
    Ok(Settings {
        sentence_cap: g.sentence_cap,
        dimension_share: g.dimension_share,
        recital_overlap: g.recital_overlap,
        off_scenario_credit: g.off_scenario_credit,
        pattern_window: g.pattern_window,
        mistake_penalty: g.mistake_penalty,
        mistake_max: g.mistake_max,
        hint_cost: g.hint_cost.min(100),
    })
}

fn dimensions(
    c: &Checker<'_>,
    raw: &RawRubric,
    level_index: &HashMap<String, usize>,
) -> Result<(Vec<Dimension>, HashMap<String, usize>), RubricError> {
    let mut index = HashMap::new();
    let mut out = Vec::new();
    for d in &raw.dimension {
        if index.insert(d.id.get_ref().clone(), out.len()).is_some() {
            return c.err(
                Some(d.id.span()),
                "dimension.id",
                format!("duplicate dimension '{}'", d.id.get_ref()),
            );
        }
        if d.weight == 0 {
            return c.err(
                Some(d.id.span()),
                "dimension.weight",
                "weight must be at least 1",
            );
        }
        out.push(Dimension {
            id: d.id.get_ref().clone(),
            title: d.title.clone(),
            weight: d.weight,
            level: level_of(
                c,
                d.level.as_ref(),
                &format!("dimension '{}'.level", d.id.get_ref()),
                level_index,
            )?,
            written_only: d.written_only,
        });
    }
    Ok((out, index))
}

/// The parts of a phrase: one for a plain phrase, several for `a + b`.
fn parts(phrase: &str) -> Vec<Vec<String>> {
    phrase.split(" + ").map(tokens_of).collect()
}

fn check_phrase(c: &Checker<'_>, p: &Spanned<String>, key: &str) -> Result<(), RubricError> {
    let parts = parts(p.get_ref());
    if parts.iter().any(Vec::is_empty) {
        return c.err(
            Some(p.span()),
            key,
            format!(
                "'{}' has an empty part: write words, or `a + b` with words on both sides",
                p.get_ref()
            ),
        );
    }
    if parts.len() > MAX_PARTS {
        return c.err(
            Some(p.span()),
            key,
            format!("'{}' has more than {MAX_PARTS} parts", p.get_ref()),
        );
    }
    Ok(())
}

fn concepts(
    c: &Checker<'_>,
    raw: &RawRubric,
) -> Result<(Vec<Concept>, HashMap<String, usize>), RubricError> {
    let mut index = HashMap::new();
    let mut out = Vec::new();
    for k in &raw.concept {
        let id = k.id.get_ref();
        if index.insert(id.clone(), out.len()).is_some() {
            return c.err(
                Some(k.id.span()),
                "concept.id",
                format!("duplicate concept '{id}'"),
            );
        }
        if k.phrases.is_empty() {
            return c.err(
                Some(k.id.span()),
                "concept.phrases",
                format!("concept '{id}' has no phrases"),
            );
        }
        for p in &k.phrases {
            check_phrase(c, p, &format!("concept '{id}'.phrases"))?;
        }
        out.push(Concept {
            id: id.clone(),
            stem: k.stem,
        });
    }
    Ok((out, index))
}

fn criteria(
    c: &Checker<'_>,
    raw: &RawRubric,
    dim_index: &HashMap<String, usize>,
    concept_index: &HashMap<String, usize>,
    level_index: &HashMap<String, usize>,
) -> Result<Vec<Criterion>, RubricError> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for r in &raw.criterion {
        let id = r.id.get_ref().clone();
        if !seen.insert(id.clone()) {
            return c.err(
                Some(r.id.span()),
                "criterion.id",
                format!("duplicate criterion '{id}'"),
            );
        }
        let mut k = criterion(c, r, dim_index, concept_index)?;
        k.level = level_of(
            c,
            r.level.as_ref(),
            &format!("criterion '{id}'.level"),
            level_index,
        )?;
        k.expect = vec![String::new(); level_index.len()];
        for (level, text) in &r.expect {
            let Some(&i) = level_index.get(level) else {
                return c.err(
                    Some(r.id.span()),
                    format!("criterion '{id}'.expect.{level}"),
                    format!("unknown level '{level}'"),
                );
            };
            k.expect[i] = text.trim().to_string();
        }
        out.push(k);
    }
    Ok(out)
}

fn criterion(
    c: &Checker<'_>,
    r: &RawCriterion,
    dim_index: &HashMap<String, usize>,
    concept_index: &HashMap<String, usize>,
) -> Result<Criterion, RubricError> {
    let id = r.id.get_ref().clone();
    let key = |k: &str| format!("criterion '{id}'.{k}");
    let ids = r
        .concepts
        .iter()
        .map(|name| c.lookup(concept_index, name, &key("concepts"), "concept"))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return c.err(
            Some(r.id.span()),
            key("concepts"),
            "needs at least one concept",
        );
    }
    if r.points == 0 {
        return c.err(
            Some(r.id.span()),
            key("points"),
            "points must be at least 1",
        );
    }
    if r.off_phase_credit > 100 {
        return c.err(
            Some(r.id.span()),
            key("off_phase_credit"),
            "a percentage from 0 to 100",
        );
    }
    let min = r.min.unwrap_or(1);
    if r.kind == Kind::Distinct && (r.min.is_none() || min == 0 || min > ids.len()) {
        return c.err(
            Some(r.id.span()),
            key("min"),
            format!("kind = \"distinct\" needs min between 1 and {}", ids.len()),
        );
    }
    if r.kind == Kind::Sentences && min == 0 {
        return c.err(
            Some(r.id.span()),
            key("min"),
            "kind = \"sentences\" needs min = N sentences (N ≥ 1)",
        );
    }
    if r.kind == Kind::Near && r.within.is_none_or(|w| w == 0) {
        return c.err(
            Some(r.id.span()),
            key("within"),
            "kind = \"near\" needs within = N words (N ≥ 1)",
        );
    }
    let follow_up = follow_up(c, r, &key)?;
    Ok(Criterion {
        id: id.clone(),
        dimension: c.lookup(dim_index, &r.dimension, &key("dimension"), "dimension")?,
        points: r.points,
        kind: r.kind,
        concepts: ids,
        needs: r.needs,
        mechanism: r.mechanism,
        check: r.check,
        phases: c.phases(&r.phases, &key("phases"))?,
        off_phase_credit: r.off_phase_credit,
        negation: r.negation,
        within: r.within.unwrap_or(0),
        min,
        follow_up,
        hint: r.hint.trim().to_string(),
        level: 0,
        expect: Vec::new(),
        required: true,
    })
}

/// A criterion's follow-up question, asked only in a probe phase.
fn follow_up(
    c: &Checker<'_>,
    r: &RawCriterion,
    key: &dyn Fn(&str) -> String,
) -> Result<Option<FollowUp>, RubricError> {
    Ok(match &r.follow_up {
        Some(f) => {
            let phase = c.phases(std::slice::from_ref(&f.phase), &key("follow_up.phase"))?[0];
            if matches!(phase, Phase::Scenario | Phase::Debrief) {
                return c.err(
                    Some(f.phase.span()),
                    key("follow_up.phase"),
                    "follow-ups are asked in the probe phases: latency, schema_change, provenance",
                );
            }
            Some(FollowUp {
                phase,
                ask: f.ask.trim().to_string(),
            })
        }
        None => None,
    })
}

fn contradictions(
    c: &Checker<'_>,
    raw: &RawRubric,
    criterion_index: &HashMap<String, usize>,
) -> Result<Vec<Contradiction>, RubricError> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for k in &raw.contradiction {
        let id = k.id.get_ref();
        let key = |x: &str| format!("contradiction '{id}'.{x}");
        if !seen.insert(id.clone()) {
            return c.err(
                Some(k.id.span()),
                "contradiction.id",
                format!("duplicate contradiction '{id}'"),
            );
        }
        let criteria = k
            .criteria
            .iter()
            .map(|n| c.lookup(criterion_index, n, &key("criteria"), "criterion"))
            .collect::<Result<Vec<_>, _>>()?;
        if criteria.is_empty() || k.phrases.is_empty() {
            return c.err(
                Some(k.id.span()),
                key("phrases"),
                "needs at least one criterion and one phrase",
            );
        }
        for p in &k.phrases {
            check_phrase(c, p, &key("phrases"))?;
        }
        out.push(Contradiction {
            id: id.clone(),
            criteria,
            message: k.message.trim().to_string(),
        });
    }
    Ok(out)
}

fn anti_pattern(
    c: &Checker<'_>,
    a: &RawAntiPattern,
    dim_index: &HashMap<String, usize>,
    concept_index: &HashMap<String, usize>,
) -> Result<AntiPattern, RubricError> {
    let key = |k: &str| format!("anti_pattern '{}'.{k}", a.id.get_ref());
    let dimension = match (&a.dimension, a.detector) {
        (Some(d), _) => Some(c.lookup(dim_index, d, &key("dimension"), "dimension")?),
        (None, Detector::MissingDimension) => {
            return c.err(
                Some(a.id.span()),
                key("dimension"),
                "detector missing_dimension needs dimension = \"...\"",
            );
        }
        (None, _) => None,
    };
    let concept_ref =
        |r: &Option<Spanned<String>>, k: &str| -> Result<Option<usize>, RubricError> {
            r.as_ref()
                .map(|name| c.lookup(concept_index, name, &key(k), "concept"))
                .transpose()
        };
    let concept = concept_ref(&a.concept, "concept")?;
    let alternative = concept_ref(&a.alternative, "alternative")?;
    if a.detector == Detector::PrematureStreaming && (concept.is_none() || alternative.is_none()) {
        return c.err(
            Some(a.id.span()),
            key("concept"),
            "detector premature_streaming needs concept = \"...\" and alternative = \"...\"",
        );
    }
    Ok(AntiPattern {
        id: a.id.get_ref().clone(),
        detector: a.detector,
        points: a.points,
        max_count: a.max_count,
        message: a.message.trim().to_string(),
        min_tools: a.min_tools.unwrap_or(3),
        max_density: a.max_density.unwrap_or(30),
        min_words: a.min_words.unwrap_or(12),
        list_ratio: a.list_ratio.unwrap_or(60),
        min_function_share: a.min_function_share.unwrap_or(20),
        phases: c.phases(&a.phases, &key("phases"))?,
        dimension,
        concept,
        alternative,
    })
}

fn spelling(c: &Checker<'_>, raw: &RawRubric) -> Result<HashMap<String, String>, RubricError> {
    let mut out = HashMap::new();
    for (uk, us) in &raw.spelling {
        let (a, b) = (tokens_of(uk), tokens_of(us));
        if a.len() != 1 || b.len() != 1 {
            return c.err(
                None,
                format!("spelling.{uk}"),
                "each entry maps one word to one word",
            );
        }
        out.insert(a[0].clone(), b[0].clone());
    }
    Ok(out)
}

/// The key assigned on a TOML line (`weight = 2` → `weight`), or the table a
/// header opens (`[[criterion]]` → `criterion`).
fn key_on_line(line: &str) -> Option<String> {
    let line = line.trim();
    if let Some(table) = line.strip_prefix('[') {
        let name = table.trim_matches(|c| c == '[' || c == ']').trim();
        return (!name.is_empty()).then(|| name.to_string());
    }
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.contains(char::is_whitespace)).then(|| key.to_string())
}
