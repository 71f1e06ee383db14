//! The matching automata of a compiled rubric: every phrase and every part of a
//! co-occurrence pattern, surface and stemmed, with the spelling map applied,
//! into word-indexed matchers; and the word triples of hints and questions a
//! candidate could recite.

use super::*;

/// Stemmed word triples of every hint and follow-up question: the text a
/// candidate could copy from a report.
pub(super) fn recital(criteria: &[Criterion]) -> HashSet<u64> {
    let stemmer = Stemmer::new();
    let mut out = HashSet::new();
    for k in criteria {
        let texts =
            std::iter::once(k.hint.as_str()).chain(k.follow_up.iter().map(|f| f.ask.as_str()));
        for t in texts {
            let words = stemmer.stem_all(&tokens_of(t));
            for w in words.windows(3) {
                out.insert(crate::rubric::triple_key(&w[0], &w[1], &w[2]));
            }
        }
    }
    out
}

/// The two automata and the co-occurrence patterns.
pub(super) fn automata(
    c: &Checker<'_>,
    raw: &RawRubric,
    spelling: &HashMap<String, String>,
) -> Result<(Matcher, Matcher, Vec<Pattern>), RubricError> {
    let stemmer = Stemmer::new();
    let spell = |words: Vec<String>| -> Vec<String> {
        words
            .into_iter()
            .map(|w| spelling.get(&w).cloned().unwrap_or(w))
            .collect()
    };
    let mut surface = PatternSet::default();
    let mut stemmed = PatternSet::default();
    let mut patterns = Vec::new();
    // A phrase, or each part of a co-occurrence pattern, into the automata.
    let mut add = |phrase: &str, meaning: Cue, stem: bool, patterns: &mut Vec<Pattern>| {
        let parts: Vec<Vec<String>> = parts(phrase).into_iter().map(&spell).collect();
        let cues: Vec<Cue> = if parts.len() == 1 {
            vec![meaning]
        } else {
            let p = patterns.len();
            patterns.push(Pattern {
                parts: parts.len(),
                meaning,
            });
            (0..parts.len()).map(|i| Cue::Part(p, i)).collect()
        };
        for (words, cue) in parts.iter().zip(cues) {
            surface.add(words, cue);
            if stem {
                stemmed.add(&stemmer.stem_all(words), cue);
            }
        }
    };
    for (i, k) in raw.concept.iter().enumerate() {
        for p in &k.phrases {
            add(p.get_ref(), Cue::Concept(i), k.stem, &mut patterns);
        }
        for p in &k.not_if {
            add(p, Cue::NotIf(i), false, &mut patterns);
        }
    }
    for (i, k) in raw.contradiction.iter().enumerate() {
        for p in &k.phrases {
            add(p.get_ref(), Cue::Contra(i), true, &mut patterns);
        }
    }
    for (i, d) in raw.domain.iter().enumerate() {
        if d.nouns.is_empty() {
            return c.err(
                Some(d.id.span()),
                format!("domain '{}'.nouns", d.id.get_ref()),
                "needs at least one noun",
            );
        }
        for n in &d.nouns {
            stemmed.add(&stemmer.stem_all(&spell(tokens_of(n))), Cue::Domain(i));
        }
    }
    cue_lists(raw, &spell, &stemmer, &mut surface, &mut stemmed);
    Ok((surface.build(), stemmed.build(), patterns))
}

/// The rubric's word lists of cues into the automata: those whose other forms
/// matter (writes, wrote, written) stemmed, the rest as written.
fn cue_lists(
    raw: &RawRubric,
    spell: &dyn Fn(Vec<String>) -> Vec<String>,
    stemmer: &Stemmer,
    surface: &mut PatternSet,
    stemmed: &mut PatternSet,
) {
    let cues = &raw.cues;
    // Word lists whose other forms matter (writes, wrote, written) match stemmed.
    for (list, cue) in [
        (&cues.consequence, Cue::Consequence),
        (&cues.action, Cue::Action),
        (&cues.component, Cue::Component),
        (&cues.entity, Cue::Entity),
    ] {
        for p in list {
            let words = spell(tokens_of(p));
            stemmed.add(&stemmer.stem_all(&words), cue);
        }
    }
    for (list, cue) in [
        (&cues.reason, Cue::Reason),
        (&cues.purpose, Cue::Purpose),
        (&cues.tradeoff, Cue::Tradeoff),
        (&cues.hedge, Cue::Hedge),
        (&cues.soft_hedge, Cue::SoftHedge),
        (&cues.condition, Cue::Condition),
        (&cues.unit, Cue::Unit),
        (&cues.budget, Cue::Budget),
        (&cues.negation_before, Cue::NegBefore),
        (&cues.negation_after, Cue::NegAfter),
        (&cues.pseudo_negation, Cue::Pseudo),
        (&cues.negation_stop, Cue::Stop),
        (&cues.function_words, Cue::Function),
        (&cues.grader_note, Cue::GraderNote),
        (&raw.tools.names, Cue::Tool),
    ] {
        for p in list {
            surface.add(&spell(tokens_of(p)), cue);
        }
    }
}

/// Phrases collected before building a matcher; each phrase keeps every meaning.
#[derive(Default)]
pub(super) struct PatternSet {
    meanings: BTreeMap<String, BTreeSet<Cue>>,
}

impl PatternSet {
    pub(super) fn add(&mut self, tokens: &[String], cue: Cue) {
        if tokens.is_empty() {
            return;
        }
        let pattern = format!(" {} ", tokens.join(" "));
        self.meanings.entry(pattern).or_default().insert(cue);
    }

    pub(super) fn build(self) -> Matcher {
        let mut m = Matcher::default();
        for (pattern, cues) in self.meanings {
            let cues: Vec<Cue> = cues.into_iter().collect();
            let mut words = pattern.split_whitespace().map(str::to_string);
            let Some(first) = words.next() else { continue };
            let rest: Vec<String> = words.collect();
            if rest.is_empty() {
                m.words.insert(first, cues);
            } else {
                let next = m.groups.len();
                let g = *m.first.entry(first).or_insert(next);
                if g == next {
                    m.groups.push(Vec::new());
                }
                m.groups[g].push((rest, cues));
            }
        }
        m
    }
}
