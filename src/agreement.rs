//! How far the grader agrees with a person's labels on a set of written
//! designs: the share of differently labelled pairs it orders the same way,
//! Spearman's rank correlation, and a table of labels against verdicts,
//! beside the same figures for a naive phrase counter (the baseline any
//! grader must beat: how many of the rubric's concepts a text names at all,
//! with no negation, substance or anti-gaming rule).
//!
//! Pure: the labelled texts come in as values (`writeups::labelled`
//! reads a folder of them); `examples/agreement.rs` prints the table and
//! `tests/writeups.rs` holds the bars.

use crate::rubric::{Cue, Rubric};

/// A person's label of a write-up, on pipeline substance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    Weak,
    Medium,
    Strong,
}

impl Label {
    /// Every label, weakest first.
    pub const ALL: [Label; 3] = [Label::Weak, Label::Medium, Label::Strong];

    pub fn parse(s: &str) -> Option<Label> {
        match s.trim() {
            "weak" => Some(Label::Weak),
            "medium" => Some(Label::Medium),
            "strong" => Some(Label::Strong),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Label::Weak => "weak",
            Label::Medium => "medium",
            Label::Strong => "strong",
        }
    }

    /// The verdicts a write-up with this label should get: weak → no hire,
    /// medium → either lean, strong → hire or better.
    pub fn expected_verdicts(self) -> &'static [&'static str] {
        match self {
            Label::Weak => &["no_hire"],
            Label::Medium => &["lean_no_hire", "lean_hire"],
            Label::Strong => &["hire", "strong_hire"],
        }
    }
}

/// One labelled write-up as read from disk.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub file: String,
    /// The problem it designs (a case id, or a free name for none).
    pub problem: String,
    pub label: Label,
    pub text: String,
}

/// One write-up as a grader scored it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub label: Label,
    pub score: f64,
    /// The verdict's id, for the band table (empty for the baseline).
    pub verdict: String,
}

/// Pairs labelled differently, and how many of them a score orders the same
/// way (a tie counts half).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pairs {
    pub agreeing: f64,
    pub total: usize,
}

impl Pairs {
    /// The share that agrees, 0 when there are no such pairs.
    pub fn share(self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.agreeing / self.total as f64
        }
    }
}

/// Pairwise agreement of `scored`'s scores with its labels.
pub fn pairwise(scored: &[Scored]) -> Pairs {
    let mut p = Pairs {
        agreeing: 0.0,
        total: 0,
    };
    for (i, a) in scored.iter().enumerate() {
        for b in &scored[i + 1..] {
            if a.label == b.label {
                continue;
            }
            let (hi, lo) = if a.label > b.label { (a, b) } else { (b, a) };
            p.total += 1;
            p.agreeing += match hi.score.total_cmp(&lo.score) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Equal => 0.5,
                std::cmp::Ordering::Less => 0.0,
            };
        }
    }
    p
}

/// Ranks from 1, ties given the mean of the ranks they span.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = mean;
        }
        i = j + 1;
    }
    out
}

/// Spearman's rank correlation of labels and scores (Pearson's on the ranks,
/// so ties are handled); 0 when either side does not vary.
pub fn spearman(scored: &[Scored]) -> f64 {
    let labels: Vec<f64> = scored.iter().map(|s| s.label as u8 as f64).collect();
    let scores: Vec<f64> = scored.iter().map(|s| s.score).collect();
    let (a, b) = (ranks(&labels), ranks(&scores));
    let n = a.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(&b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    if va == 0.0 || vb == 0.0 {
        0.0
    } else {
        cov / (va * vb).sqrt()
    }
}

/// How many write-ups of each label got each verdict: rows are labels
/// (weakest first), columns `verdicts` in the order given.
pub fn confusion(scored: &[Scored], verdicts: &[&str]) -> Vec<Vec<usize>> {
    Label::ALL
        .iter()
        .map(|l| {
            verdicts
                .iter()
                .map(|v| {
                    scored
                        .iter()
                        .filter(|s| s.label == *l && s.verdict == *v)
                        .count()
                })
                .collect()
        })
        .collect()
}

/// How many write-ups of each label landed in their expected band, as
/// (in band, of) per label, weakest first.
pub fn in_band(scored: &[Scored]) -> Vec<(Label, usize, usize)> {
    Label::ALL
        .iter()
        .map(|&l| {
            let of: Vec<&Scored> = scored.iter().filter(|s| s.label == l).collect();
            let ok = of
                .iter()
                .filter(|s| l.expected_verdicts().contains(&s.verdict.as_str()))
                .count();
            (l, ok, of.len())
        })
        .collect()
}

/// The grader's and the baseline's scores of a labelled set.
#[derive(Debug, Clone)]
pub struct Measured {
    pub grader: Vec<Scored>,
    pub naive: Vec<Scored>,
    /// The rubric's verdicts, lowest first, as the band table's columns.
    pub verdicts: Vec<String>,
}

/// Grades every write-up as `grade --text --scenario PROBLEM` does (held to
/// the case's facts when the problem is a case of `prompts`, as any pipeline
/// otherwise), and counts its concepts for the baseline.
pub fn measure(rubric: &Rubric, prompts: &crate::prompts::PromptSet, set: &[Labelled]) -> Measured {
    let mut m = Measured {
        grader: Vec::with_capacity(set.len()),
        naive: Vec::with_capacity(set.len()),
        verdicts: rubric.bands.iter().rev().map(|b| b.name.clone()).collect(),
    };
    for w in set {
        let case = prompts.scenarios().find(|s| s.id == w.problem);
        let r = crate::grade::grade_written(
            rubric,
            case.map(|s| &s.facts),
            case.map_or("", |s| s.id.as_str()),
            &w.text,
            &w.file,
        );
        m.grader.push(Scored {
            label: w.label,
            score: f64::from(r.score.tenths()) / 10.0,
            verdict: r.verdict.clone(),
        });
        m.naive.push(Scored {
            label: w.label,
            score: naive_count(rubric, &w.text) as f64,
            verdict: String::new(),
        });
    }
    m
}

/// How far two people's labels of the same write-ups agree: the share
/// labelled the same, and Cohen's kappa (that share, beyond what chance
/// would give with each person's own mix of labels).
pub fn between_labellers(pairs: &[(Label, Label)]) -> (f64, f64) {
    let n = pairs.len() as f64;
    if pairs.is_empty() {
        return (0.0, 0.0);
    }
    let same = pairs.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let chance: f64 = Label::ALL
        .iter()
        .map(|l| {
            let a = pairs.iter().filter(|(x, _)| x == l).count() as f64 / n;
            let b = pairs.iter().filter(|(_, y)| y == l).count() as f64 / n;
            a * b
        })
        .sum();
    let kappa = if chance >= 1.0 {
        1.0
    } else {
        (same - chance) / (1.0 - chance)
    };
    (same, kappa)
}

/// The agreement table in Markdown: both scorers' pairwise agreement and
/// Spearman, then the grader's verdicts by label.
pub fn table(m: &Measured) -> String {
    let (g, n) = (pairwise(&m.grader), pairwise(&m.naive));
    let count = |l: Label| m.grader.iter().filter(|s| s.label == l).count();
    let mut out = format!(
        "{} write-ups ({} weak, {} medium, {} strong)\n\n\
         | | grader | naive phrase counter |\n| --- | ---: | ---: |\n\
         | pairs ordered like the labels ({} pairs) | {:.3} | {:.3} |\n\
         | Spearman correlation | {:.3} | {:.3} |\n\n",
        m.grader.len(),
        count(Label::Weak),
        count(Label::Medium),
        count(Label::Strong),
        g.total,
        g.share(),
        n.share(),
        spearman(&m.grader),
        spearman(&m.naive),
    );
    let verdicts: Vec<&str> = m.verdicts.iter().map(String::as_str).collect();
    out.push_str("| label | ");
    out.push_str(&verdicts.join(" | "));
    out.push_str(" | in its band |\n| --- |");
    out.push_str(&" ---: |".repeat(verdicts.len() + 1));
    out.push('\n');
    let rows = confusion(&m.grader, &verdicts);
    for ((label, ok, of), row) in in_band(&m.grader).into_iter().zip(rows) {
        let cells: Vec<String> = row.iter().map(usize::to_string).collect();
        out.push_str(&format!(
            "| {} | {} | {ok} of {of} |\n",
            label.name(),
            cells.join(" | ")
        ));
    }
    out
}

/// The naive baseline: how many of the rubric's concepts `text` names
/// anywhere, by any of their phrases, read word by word with no negation,
/// substance, phase or anti-gaming rule.
pub fn naive_count(rubric: &Rubric, text: &str) -> usize {
    let words: Vec<String> = crate::text::tokens_of(text);
    let mut seen = vec![false; rubric.concepts.len()];
    let mut mark = |cues: &[Cue]| {
        for c in cues {
            if let Cue::Concept(i) = c {
                if let Some(s) = seen.get_mut(*i) {
                    *s = true;
                }
            }
        }
    };
    let m = &rubric.surface;
    for (i, w) in words.iter().enumerate() {
        if let Some(cues) = m.words.get(w) {
            mark(cues);
        }
        let Some(&g) = m.first.get(w) else { continue };
        for (_, cues) in m.phrases_at(g, &words, i) {
            mark(cues);
        }
    }
    seen.into_iter().filter(|s| *s).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(label: Label, score: f64) -> Scored {
        Scored {
            label,
            score,
            verdict: String::new(),
        }
    }

    #[test]
    fn pairs_count_only_differently_labelled_ones_and_ties_half() {
        let set = [
            s(Label::Weak, 1.0),
            s(Label::Weak, 9.0),
            s(Label::Medium, 5.0),
            s(Label::Strong, 5.0),
        ];
        // weak1<medium ✓, weak1<strong ✓, weak9>medium ✗, weak9>strong ✗,
        // medium=strong ½.
        let p = pairwise(&set);
        assert_eq!(p.total, 5);
        assert!((p.agreeing - 2.5).abs() < 1e-9);
        assert!((p.share() - 0.5).abs() < 1e-9);
        assert_eq!(pairwise(&[s(Label::Weak, 1.0)]).share(), 0.0);
    }

    #[test]
    fn spearman_is_one_for_the_same_order_minus_one_reversed_and_handles_ties() {
        let same = [
            s(Label::Weak, 1.0),
            s(Label::Medium, 2.0),
            s(Label::Strong, 3.0),
        ];
        assert!((spearman(&same) - 1.0).abs() < 1e-9);
        let reversed = [
            s(Label::Weak, 3.0),
            s(Label::Medium, 2.0),
            s(Label::Strong, 1.0),
        ];
        assert!((spearman(&reversed) + 1.0).abs() < 1e-9);
        assert_eq!(ranks(&[5.0, 1.0, 5.0]), vec![2.5, 1.0, 2.5]);
        assert_eq!(spearman(&[s(Label::Weak, 1.0), s(Label::Strong, 1.0)]), 0.0);
    }

    #[test]
    fn the_band_table_counts_each_label_by_verdict() {
        let mut a = s(Label::Strong, 80.0);
        a.verdict = "hire".into();
        let mut b = s(Label::Strong, 40.0);
        b.verdict = "lean_no_hire".into();
        let mut c = s(Label::Weak, 5.0);
        c.verdict = "no_hire".into();
        let t = confusion(
            &[a.clone(), b.clone(), c.clone()],
            &["no_hire", "lean_no_hire", "hire"],
        );
        assert_eq!(t, vec![vec![1, 0, 0], vec![0, 0, 0], vec![0, 1, 1]]);
        let bands = in_band(&[a, b, c]);
        assert_eq!(bands[0], (Label::Weak, 1, 1));
        assert_eq!(bands[2], (Label::Strong, 1, 2));
    }

    #[test]
    fn two_labellers_agree_beyond_chance_or_not() {
        use Label::*;
        let same = [(Weak, Weak), (Medium, Medium), (Strong, Strong)];
        assert_eq!(between_labellers(&same), (1.0, 1.0));
        let (share, kappa) = between_labellers(&[
            (Weak, Weak),
            (Weak, Medium),
            (Medium, Weak),
            (Medium, Medium),
        ]);
        assert!((share - 0.5).abs() < 1e-9);
        assert!(
            kappa.abs() < 1e-9,
            "half agreement with even mixes is chance: {kappa}"
        );
        assert_eq!(between_labellers(&[]), (0.0, 0.0));
    }

    #[test]
    fn the_naive_counter_counts_distinct_concepts_even_when_denied() {
        let files = crate::prompts::PromptFiles::embedded();
        let rubric = Rubric::compile(files.get(crate::rubric::RUBRIC_FILE).unwrap()).unwrap();
        let none = naive_count(&rubric, "We would make it good.");
        let some = naive_count(&rubric, "We never use a feature store or idempotency keys.");
        assert_eq!(none, 0);
        assert!(some >= 2, "{some}");
        assert_eq!(
            some,
            naive_count(&rubric, "idempotency keys, feature store, idempotency keys")
        );
    }
}
