//! Judging each criterion: which mentions qualify (not void, not negated, with
//! the substance the criterion needs, in its phase), and which is the best
//! evidence. A mention that does not qualify becomes a near miss with its reason.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::analyse::{Analysed, Hit};
use super::report::{Evidence, Mode, NearMiss};
use crate::rubric::{Criterion, Cue, Kind, Needs, Negation};

/// For each concept, its hits as (sentence index, hit), in text order, without
/// the hits its `not_if` phrases rule out.
pub(super) type ConceptIndex = Vec<Vec<(usize, Hit)>>;

pub(super) fn index_concepts(concepts: usize, sentences: &[Analysed<'_>]) -> ConceptIndex {
    let mut index = vec![Vec::new(); concepts];
    for (i, s) in sentences.iter().enumerate() {
        for h in &s.hits {
            let Cue::Concept(k) = h.cue else { continue };
            let ruled_out = s
                .hits
                .iter()
                .any(|n| n.cue == Cue::NotIf(k) && n.words.0 < h.words.1 && h.words.0 < n.words.1);
            if !ruled_out {
                index[k].push((i, *h));
            }
        }
    }
    index
}

/// Why a mention earns nothing for a criterion, or its credit factor (percent).
/// Why a mention earns nothing; static text, so judging allocates nothing.
pub(super) type Why = Cow<'static, str>;

pub(super) fn qualify(c: &Criterion, s: &Analysed<'_>, hit: &Hit, mode: Mode) -> Result<u32, Why> {
    admissible(c, s, hit)?;
    if let Err(why) = substance(c, s, hit.words) {
        // A design note names much in outline (headings, bullets, a sentence
        // that says what without how); such a mention is part of the design
        // and earns a share, where an answer in an interview would be asked
        // for the how.
        return if mode == Mode::Written {
            Ok(NAMED_ONLY)
        } else {
            Err(why)
        };
    }
    phase_factor(c, s, mode)
}

/// How a near miss that earned outline credit ends.
const OUTLINE_SUFFIX: &str = "% credit in a written design";

/// The same outline near miss once the note's outline credit was capped to
/// `f` percent; `None` for any other near miss.
pub(super) fn capped_outline_why(why: &str, f: u32) -> Option<String> {
    let base = why.strip_suffix(OUTLINE_SUFFIX)?.rsplit_once(": ")?.0;
    Some(format!(
        "{base}: {f}{OUTLINE_SUFFIX}, capped at what the note works out in full"
    ))
}

/// How many words from a concept a number may stand and still be its number.
const NUMBER_REACH: usize = 6;

/// The credit (percent) of a point a written design names without the
/// substance its criterion asks for.
pub(super) const NAMED_ONLY: u32 = 25;

/// Why the mention cannot count at all: its sentence is void, an empty
/// heading, the interviewer's own words, or it is negated.
fn admissible(c: &Criterion, s: &Analysed<'_>, hit: &Hit) -> Result<(), Why> {
    if let Some(v) = s.void {
        return Err(v.why().into());
    }
    if s.heading && s.mechanism.is_none() {
        return Err("a heading with nothing concrete under it".into());
    }
    if let Some(asked) = &s.asked {
        if s.ids[hit.words.0..hit.words.1]
            .iter()
            .all(|id| asked.binary_search(id).is_ok())
        {
            return Err("repeats the interviewer's words in a question".into());
        }
    }
    if c.negation == Negation::Reject && hit.negated {
        return Err("mentioned, but negated".into());
    }
    Ok(())
}

/// Why the sentence lacks what the criterion needs beside its concept: a
/// reason, a number, a time, a mechanism.
pub(super) fn substance(c: &Criterion, s: &Analysed<'_>, w: (usize, usize)) -> Result<(), Why> {
    match c.needs {
        Some(Needs::Reason) if !s.reason => {
            return Err(
                "no reason that names a consequence (freshness, cost, load, users...)".into(),
            );
        }
        Some(Needs::Number) if !s.number => return Err("mentioned without a number".into()),
        // "3–4 results on the page … user queries" has a number, but not
        // one that sizes the users. (A heading's numbers are the lines'
        // under it, lent whole, so a heading needs none of its own.)
        Some(Needs::Number) if !s.heading && !s.number_near(w, NUMBER_REACH) => {
            return Err("its number is about something else (none within a few words)".into());
        }
        Some(Needs::Duration) if !s.duration => {
            return Err("mentioned without a number and a time unit".into());
        }
        Some(Needs::Runtime) if !s.runtime => {
            return Err(
                "mentioned without a measured time (a number and a unit, such as 50 ms)".into(),
            );
        }
        Some(Needs::ReasonOrNumber) if !s.reason && !s.number => {
            return Err("mentioned without a reason or a number".into());
        }
        Some(Needs::ReasonOrRuntime) if !s.reason && !s.runtime => {
            return Err(
                "mentioned without a reason or a time target (why this side, or how fresh it must be)"
                    .into(),
            );
        }
        _ => {}
    }
    // A time target the criterion asks for is itself the concrete part.
    let timed = matches!(
        c.needs,
        Some(Needs::Duration | Needs::Runtime | Needs::ReasonOrRuntime)
    ) && s.duration;
    if c.mechanism && s.mechanism.is_none() && !timed {
        return Err(
            "named, but with no mechanism (a number, a key, a condition with an action, or a component doing something)"
                .into(),
        );
    }
    Ok(())
}

/// The share a qualifying mention earns where it stands: in full in its
/// phase, before it, or in a written design; the off-phase share after it.
fn phase_factor(c: &Criterion, s: &Analysed<'_>, mode: Mode) -> Result<u32, Why> {
    if mode == Mode::Written
        || c.phases.is_empty()
        || c.phases.contains(&s.phase)
        || early(c, s.phase, mode)
    {
        return Ok(100);
    }
    let names: Vec<&str> = c.phases.iter().map(|p| p.label()).collect();
    if c.off_phase_credit == 0 {
        return Err(format!("mentioned outside the {} phase", names.join("/")).into());
    }
    Ok(c.off_phase_credit)
}

/// True when a point made in `phase` comes before every phase `c` is asked
/// in: a long answer that runs ahead is evidence wherever it stands, so it
/// counts in full (and the report says it came early). Made after its phase,
/// a point keeps only the criterion's `off_phase_credit`.
pub(super) fn early(c: &Criterion, phase: crate::vocab::Phase, mode: Mode) -> bool {
    mode == Mode::Interview && !c.phases.is_empty() && c.phases.iter().all(|p| phase < *p)
}

/// The most a mention in sentence `s` earns `c` (percent), 0 when none
/// qualifies.
pub(super) fn best_credit(c: &Criterion, s: &Analysed<'_>, mode: Mode) -> u32 {
    if s.void.is_some() {
        return 0;
    }
    s.hits
        .iter()
        .filter(|h| matches!(h.cue, Cue::Concept(k) if c.concepts.contains(&k)))
        .filter_map(|h| qualify(c, s, h, mode).ok())
        .max()
        .unwrap_or(0)
}

/// A criterion's credit factor (percent), its evidence and its near misses.
pub(super) struct Judged {
    pub factor: u32,
    /// A written note's credit that comes only from points named in outline
    /// ([`NAMED_ONLY`]), none worked out: what the note's outline cap limits.
    pub outline: bool,
    pub evidence: Vec<Evidence>,
    pub near_misses: Vec<NearMiss>,
}

/// Collects up to two near misses, one per sentence.
struct Misses(Vec<NearMiss>);

impl Misses {
    fn note(&mut self, s: &Analysed<'_>, w: (usize, usize), why: Why) {
        if self.0.len() < 2
            && !self
                .0
                .iter()
                .any(|m| m.seq == s.seq && m.quote == s.quote())
        {
            self.0.push(NearMiss {
                seq: s.seq,
                phase: s.phase,
                quote: s.quote(),
                matched: vec![s.words_text(w)],
                why: why.into_owned(),
            });
        }
    }
}

/// Judges `c` over the sentences; `allowed(i)` says whether sentence `i` may
/// give this criterion evidence (the per-sentence caps), and `why_not` why not.
pub(super) fn judge(
    c: &Criterion,
    sentences: &[Analysed<'_>],
    index: &ConceptIndex,
    mode: Mode,
    allowed: &dyn Fn(usize) -> Result<(), Why>,
) -> Judged {
    let mut misses = Misses(Vec::new());
    let check = |si: usize, s: &Analysed<'_>, hit: &Hit| -> Result<u32, Why> {
        let f = qualify(c, s, hit, mode)?;
        allowed(si)?;
        Ok(f)
    };
    // Best qualifying hit per concept: (factor, evidence).
    let mut best: Vec<Option<(u32, Evidence)>> = vec![None; c.concepts.len()];
    // Best qualifying factor (and its words) per sentence, for a count of
    // sentences.
    let mut per_sentence: BTreeMap<usize, (u32, (usize, usize))> = BTreeMap::new();
    if c.kind != Kind::Near {
        for (ci, &concept) in c.concepts.iter().enumerate() {
            for (si, hit) in &index[concept] {
                let s = &sentences[*si];
                let w = hit.words;
                match check(*si, s, hit) {
                    Ok(f) => {
                        if c.kind == Kind::Sentences {
                            let e = per_sentence.entry(*si).or_insert((f, w));
                            if f > e.0 {
                                *e = (f, w);
                            }
                        } else if best[ci].as_ref().is_none_or(|(bf, _)| f > *bf) {
                            best[ci] = Some((f, s.evidence(vec![s.words_text(w)])));
                        }
                        if f < 100 {
                            misses.note(s, w, partial_why(c, s, w, f));
                        }
                    }
                    Err(why) => misses.note(s, w, why),
                }
            }
        }
    }
    let (factor, evidence) = match c.kind {
        Kind::Near => judge_near(c, sentences, index, &check, &mut misses),
        Kind::Sentences => count_sentences(c.min, per_sentence, sentences),
        kind => combine(kind, c.min, &best),
    };
    let mut evidence: Vec<Evidence> = evidence;
    merge_same_sentence(&mut evidence);
    for e in &mut evidence {
        e.early = early(c, e.phase, mode);
    }
    Judged {
        factor,
        outline: mode == Mode::Written && factor > 0 && factor <= NAMED_ONLY,
        evidence,
        near_misses: misses.0,
    }
}

/// Why a qualifying mention earns only `f` percent: it lacks substance (in
/// a written design), or it came after its phase.
fn partial_why(c: &Criterion, s: &Analysed<'_>, w: (usize, usize), f: u32) -> Why {
    match substance(c, s, w) {
        Err(why) => format!("{why}: {f}{OUTLINE_SUFFIX}").into(),
        Ok(()) => {
            let names: Vec<&str> = c.phases.iter().map(|p| p.label()).collect();
            format!(
                "mentioned outside the {} phase: {f}% credit",
                names.join("/")
            )
            .into()
        }
    }
}

/// The best hit per concept, combined as the criterion's kind says: any one,
/// all of them, or the `min` best of distinct ones (`near` is judged apart).
fn combine(kind: Kind, min: usize, best: &[Option<(u32, Evidence)>]) -> (u32, Vec<Evidence>) {
    let factor_of = |b: &Option<(u32, Evidence)>| b.as_ref().map_or(0, |(f, _)| *f);
    match kind {
        Kind::Any => {
            let top = best.iter().map(factor_of).max().unwrap_or(0);
            let ev = best
                .iter()
                .flatten()
                .filter(|(f, _)| *f == top && top > 0)
                .map(|(_, e)| e.clone())
                .take(2)
                .collect();
            (top, ev)
        }
        Kind::All => {
            let low = best.iter().map(factor_of).min().unwrap_or(0);
            let ev = if low > 0 {
                best.iter().flatten().map(|(_, e)| e.clone()).collect()
            } else {
                Vec::new()
            };
            (low, ev)
        }
        Kind::Distinct => {
            let mut fs: Vec<u32> = best.iter().map(factor_of).collect();
            fs.sort_unstable_by(|a, b| b.cmp(a));
            let sum: u32 = fs.iter().take(min).sum();
            let ev = best.iter().flatten().map(|(_, e)| e.clone()).collect();
            (sum / min as u32, ev)
        }
        Kind::Near | Kind::Sentences => (0, Vec::new()),
    }
}

/// How many evidence quotes a count of sentences shows.
const COUNTED_QUOTES: usize = 3;

/// The `min` best sentences' factors, averaged over `min` (so fewer
/// sentences earn a share), with the first few of them as evidence.
fn count_sentences(
    min: usize,
    per_sentence: BTreeMap<usize, (u32, (usize, usize))>,
    sentences: &[Analysed<'_>],
) -> (u32, Vec<Evidence>) {
    let min = min.max(1);
    let mut per_sentence: Vec<(usize, u32, (usize, usize))> = per_sentence
        .into_iter()
        .map(|(i, (f, w))| (i, f, w))
        .collect();
    per_sentence.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // A sentence said again, or again with a word or two changed, is one.
    // Only the best `min` are kept, so a long note costs `min` comparisons
    // a sentence, not one per sentence before it.
    let mut kept: Vec<(usize, u32, (usize, usize))> = Vec::new();
    let mut words: Vec<Vec<u32>> = Vec::new();
    for p in per_sentence {
        if kept.len() >= min {
            break;
        }
        let set = super::analyse::sorted_set(&sentences[p.0].ids);
        if !words.iter().any(|w| much_the_same(w, &set)) {
            kept.push(p);
            words.push(set);
        }
    }
    let mut per_sentence = kept;
    let sum: u32 = per_sentence.iter().map(|(_, f, _)| f).sum();
    per_sentence.sort_by_key(|(i, ..)| *i);
    let ev = per_sentence
        .iter()
        .take(COUNTED_QUOTES)
        .map(|&(i, _, w)| {
            let s = &sentences[i];
            s.evidence(vec![s.words_text(w)])
        })
        .collect();
    (sum / min as u32, ev)
}

/// Whether two sentences (their words as sorted sets) share at least four
/// in five of their words.
fn much_the_same(a: &[u32], b: &[u32]) -> bool {
    super::analyse::common_count(a, b) * 5 >= a.len().max(b.len()) * 4
}

/// Evidence items from one sentence become one item with every matched phrase.
fn merge_same_sentence(evidence: &mut Vec<Evidence>) {
    let mut merged: Vec<Evidence> = Vec::new();
    for e in evidence.drain(..) {
        match merged
            .iter_mut()
            .find(|m| m.seq == e.seq && m.quote == e.quote)
        {
            Some(m) => {
                for x in e.matched {
                    if !m.matched.contains(&x) {
                        m.matched.push(x);
                    }
                }
            }
            None => merged.push(e),
        }
    }
    merged.sort_by(|a, b| (a.seq, &a.quote).cmp(&(b.seq, &b.quote)));
    *evidence = merged;
}

fn judge_near(
    c: &Criterion,
    sentences: &[Analysed<'_>],
    index: &super::judge::ConceptIndex,
    check: &dyn Fn(usize, &Analysed<'_>, &Hit) -> Result<u32, Why>,
    misses: &mut Misses,
) -> (u32, Vec<Evidence>) {
    let Some(&first) = c.concepts.first() else {
        return (0, Vec::new());
    };
    let candidates: BTreeSet<usize> = index[first].iter().map(|(i, _)| *i).collect();
    let mut best: Option<(u32, Evidence)> = None;
    for si in candidates {
        let s = &sentences[si];
        let per_concept: Vec<Vec<&Hit>> = c
            .concepts
            .iter()
            .map(|&k| {
                index[k]
                    .iter()
                    .filter(|(i, _)| *i == si)
                    .map(|(_, h)| h)
                    .collect()
            })
            .collect();
        if per_concept.iter().any(Vec::is_empty) {
            continue;
        }
        let mut usable: Vec<Vec<&Hit>> = Vec::new();
        let mut why = None;
        for hits in &per_concept {
            let ok: Vec<&Hit> = hits
                .iter()
                .copied()
                .filter(|h| match check(si, s, h) {
                    Ok(_) => true,
                    Err(e) => {
                        why.get_or_insert(e);
                        false
                    }
                })
                .collect();
            usable.push(ok);
        }
        if usable.iter().any(Vec::is_empty) {
            if let Some(why) = why {
                misses.note(s, per_concept[0][0].words, why);
            }
            continue;
        }
        let starts: Vec<usize> = usable.iter().map(|v| v[0].words.0).collect();
        let spread = starts.iter().max().unwrap_or(&0) - starts.iter().min().unwrap_or(&0);
        if spread > c.within {
            let why = format!(
                "mentioned, but not together (more than {} words apart)",
                c.within
            )
            .into();
            misses.note(s, usable[0][0].words, why);
            continue;
        }
        let factor = check(si, s, usable[0][0]).unwrap_or(0);
        if best.as_ref().is_none_or(|(f, _)| factor > *f) {
            let matched = usable.iter().map(|v| s.words_text(v[0].words)).collect();
            best = Some((factor, s.evidence(matched)));
        }
    }
    match best {
        Some((f, e)) => (f, vec![e]),
        None => (0, Vec::new()),
    }
}
