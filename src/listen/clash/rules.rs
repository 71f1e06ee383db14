//! A rule the case states in words broken by an answer (`[[facts.rule]]` in a
//! scenario file): "Consent → one global flag per user, same rule in every
//! region" where consent rules differ by region; "key the feature store on the
//! card number itself" where card numbers never leave the vault.
//!
//! Each rule lists the patterns of what breaks it; a match is not a breach
//! when the words around it in its clause deny it ("we can't skip
//! calibration", "last spring the raw pings are gone"; the clause after a
//! breach is often its excuse, "so the model never sees it"), when the
//! sentence up to it, the clauses it spans or the clause after keep the rule
//! after all (`unless`: "keyed on the asker's permission-set ids, TTL 10 min";
//! "with the customer's agreement"), or when the sentence is a question the candidate asks
//! themselves.

use super::super::{clause_after, clause_around, quote_at};
use crate::grade::Said;
use crate::interview::heard::{Conflict, Contradiction};
use crate::prompts::{CaseRule, Facts, RuleMatchers};

/// The few words right after a breach, up to the end of its clause: "last
/// spring the raw pings are gone" denies it; "the card number itself, so
/// lookups don't need the vault" is its excuse, not a denial.
fn same_clause_after(text: &str, at: usize) -> String {
    let rest = &text[at..];
    let end = rest
        .find([',', ';', ':', '—', '–', '(', ')'])
        .unwrap_or(rest.len());
    super::words_after(&rest[..end], 0, 4)
}

/// Every rule of the case an answer breaks, once per rule: at its first breach.
pub(super) fn broken(said: &[Said], f: &Facts) -> Vec<Contradiction> {
    let rules: Vec<(&CaseRule, &RuleMatchers)> = f
        .rules
        .iter()
        .filter_map(|r| Some((r, r.matchers()?)))
        .collect();
    let mut out: Vec<Contradiction> = Vec::new();
    for s in said {
        let text = &s.quote;
        // A question the candidate asks themselves proposes nothing.
        if text.trim_end().ends_with('?') {
            continue;
        }
        for (rule, c) in &rules {
            let id = format!("case:rule:{}", rule.id);
            if out.iter().any(|o| o.id == id) {
                continue;
            }
            let Some(m) = c.breaks.find_iter(text).find(|m| {
                !super::NEGATION.is_match(&super::words_before(text, m.start(), 4))
                    && !super::NEGATION.is_match(&same_clause_after(text, m.end()))
                    && c.unless.as_ref().is_none_or(|u| {
                        !u.is_match(&text[..m.start()])
                            && !u.is_match(clause_around(text, m.range()))
                            && !u.is_match(clause_after(text, m.range()))
                    })
            }) else {
                continue;
            };
            let Some(quote) = quote_at(text, m.range()) else {
                continue;
            };
            out.push(Contradiction {
                id,
                quote,
                conflict: Conflict::Case {
                    fact: rule.fact.trim().to_string(),
                },
                criteria: rule.criteria.clone(),
                seq: s.seq,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case whose probabilities must be calibrated, and whose consent rules
    /// differ by region.
    fn case() -> Facts {
        Facts {
            rules: vec![
                CaseRule {
                    id: "calibrated".into(),
                    fact: "the probability sets the price, so it has to be calibrated".into(),
                    breaks: vec![
                        r"\b(?:skip|no need for|not worth)\b[^.;]{0,30}\bcalibrat\w*".into(),
                        r"\braw scores? (?:are|is) fine\b".into(),
                    ],
                    unless: vec![r"\bisotonic\b".into()],
                    criteria: vec!["calibration".into()],
                    ..CaseRule::default()
                },
                CaseRule {
                    id: "consent".into(),
                    fact: "consent rules differ by region".into(),
                    breaks: vec![r"\bsame consent rule\b".into()],
                    ..CaseRule::default()
                },
            ],
            ..super::super::tests::facts()
        }
    }

    fn heard(texts: &[&str]) -> Vec<Contradiction> {
        let said: Vec<Said> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| super::super::tests::said(i as u64 + 1, t))
            .collect();
        broken(&said, &case())
    }

    #[test]
    fn a_breach_is_raised_once_with_its_fact_and_a_verbatim_quote() {
        let text = "Honestly I'd skip calibration for now, the order is what matters.";
        let c = heard(&[text, "And raw scores are fine for the auction."]);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].id, "case:rule:calibrated");
        assert!(text.contains(&c[0].quote), "{c:?}");
        assert!(
            matches!(&c[0].conflict, Conflict::Case { fact } if fact.contains("calibrated")),
            "{c:?}"
        );
        assert_eq!(c[0].criteria, ["calibration"]);
        assert_eq!(c[0].seq, 1);
        // Two rules broken: both raised.
        assert_eq!(
            heard(&["Raw scores are fine, and the same consent rule everywhere."]).len(),
            2
        );
    }

    #[test]
    fn a_denied_kept_or_asked_breach_is_not_raised() {
        for text in [
            // Denied by the words before it.
            "We can't skip calibration here, the bid multiplies it.",
            // Kept after all, in the clause of the match.
            "I'd skip calibration by Platt and go isotonic per segment.",
            // A question the candidate asks themselves.
            "Could we skip calibration for the first launch?",
            // Nothing of the rule.
            "Calibration is checked weekly with a reliability plot.",
        ] {
            assert!(heard(&[text]).is_empty(), "{text}");
        }
    }
}
