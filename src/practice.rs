//! Choosing what to practise: the case that best exercises the candidate's
//! weakest rubric dimension, and one line saying why.
//!
//! A case exercises a dimension when its `[practice] stresses` list names it
//! (data the author writes and `scenarios check` validates). The weakest
//! dimension is the lowest average over the last few graded sessions, as
//! `history` reports it. Among the cases that stress it, the least practised
//! wins, then the one that lists it earlier, then the id. When no case stresses
//! the weakest dimension the next weakest is tried; with no history at all, the
//! least practised case is chosen. Pure: plain values in, a [`Pick`] out.

use std::collections::BTreeMap;

use crate::grade::DimensionResult;
use crate::text::count;

/// How many recent sessions the weakest dimension is averaged over (as in
/// `history`).
pub const RECENT: usize = 3;

/// One case as the pick sees it.
#[derive(Debug, Clone, Copy)]
pub struct Case<'a> {
    pub id: &'a str,
    /// Its name, as people read it.
    pub title: &'a str,
    /// Dimension ids the case leans on, most first.
    pub stresses: &'a [String],
}

/// A dimension's recent average.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weakness {
    pub dimension: String,
    pub title: String,
    /// Average score in tenths (0–1000).
    pub average: u32,
    /// Sessions the average is over.
    pub sessions: usize,
}

impl Weakness {
    fn describe(&self) -> String {
        format!(
            "{} (avg {}/100 over {})",
            crate::text::in_sentence(&self.title),
            (self.average + 5) / 10,
            count(self.sessions, "session")
        )
    }
}

/// Each dimension's average over the last [`RECENT`] sessions (given oldest
/// first, each as its dimension results), weakest first; equal averages keep
/// the rubric's order.
pub fn weaknesses(sessions: &[&[DimensionResult]]) -> Vec<Weakness> {
    let recent = &sessions[sessions.len().saturating_sub(RECENT)..];
    let Some(last) = recent.last() else {
        return Vec::new();
    };
    let mut out: Vec<Weakness> = last
        .iter()
        .map(|d| {
            let scores: Vec<u32> = recent
                .iter()
                .filter_map(|s| s.iter().find(|x| x.id == d.id))
                .map(|x| x.score.tenths())
                .collect();
            let n = scores.len().max(1) as u32;
            Weakness {
                dimension: d.id.clone(),
                title: d.title.clone(),
                average: scores.iter().sum::<u32>() / n,
                sessions: scores.len(),
            }
        })
        .collect();
    out.sort_by_key(|w| w.average);
    out
}

/// Why a case was picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// It stresses `area`; `passed` are weaker dimensions no case stresses.
    Weakest {
        area: Weakness,
        passed: Vec<Weakness>,
    },
    /// No graded sessions yet.
    NoHistory,
    /// There is history, but no case stresses any dimension.
    NothingStressed,
}

/// The case to practise and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub id: String,
    /// The case's name, as people read it.
    pub title: String,
    /// Sessions of it so far.
    pub times: usize,
    pub why: Why,
}

/// Picks a case: see the module docs. `practised` counts sessions per case
/// id; `weak` is [`weaknesses`]' answer (empty with no history). `None` only
/// when there are no cases.
pub fn pick(
    cases: &[Case<'_>],
    practised: &BTreeMap<String, usize>,
    weak: &[Weakness],
) -> Option<Pick> {
    let times = |id: &str| practised.get(id).copied().unwrap_or(0);
    for (i, w) in weak.iter().enumerate() {
        let best = cases
            .iter()
            .filter_map(|c| {
                let at = c.stresses.iter().position(|d| *d == w.dimension)?;
                Some((times(c.id), at, c.id, c.title))
            })
            .min();
        if let Some((n, _, id, title)) = best {
            return Some(Pick {
                id: id.to_string(),
                title: title.to_string(),
                times: n,
                why: Why::Weakest {
                    area: w.clone(),
                    passed: weak[..i].to_vec(),
                },
            });
        }
    }
    let (n, id, title) = cases.iter().map(|c| (times(c.id), c.id, c.title)).min()?;
    Some(Pick {
        id: id.to_string(),
        title: title.to_string(),
        times: n,
        why: if weak.is_empty() {
            Why::NoHistory
        } else {
            Why::NothingStressed
        },
    })
}

impl Pick {
    /// The one line printed before the interview starts.
    pub fn line(&self) -> String {
        format!(
            "practising {} ({}): {} (--scenario random for any case)",
            crate::sanitize::for_terminal(&self.title),
            self.id,
            self.reason()
        )
    }

    /// Why this case, in words: what [`Pick::line`] and `history` say.
    pub fn reason(&self) -> String {
        let done = format!("you have done it {}", count(self.times, "time"));
        match &self.why {
            Why::Weakest { area, passed } if passed.is_empty() => format!(
                "your weakest area is {}, and this case leans on it; {done}",
                area.describe()
            ),
            Why::Weakest { area, passed } => format!(
                "your weakest area is {}, which no case stresses; next is {}, and this case leans on it; {done}",
                passed[0].describe(),
                area.describe()
            ),
            Why::NoHistory => format!(
                "no graded sessions yet, so the case you have practised least ({}; ties go by id)",
                count(self.times, "time")
            ),
            Why::NothingStressed => format!(
                "no case says which areas it stresses, so the case you have practised least ({})",
                count(self.times, "time")
            ),
        }
    }
}

/// The level to practise at next, and why: up a level after two hires (or
/// better) in the last three rounds at the current one, down after two
/// no-hires, else the same. `levels` lowest first; `recent` is (level,
/// verdict) of past rounds, oldest first.
pub fn next_level(
    levels: &[String],
    recent: &[(String, String)],
    current: &str,
) -> (String, String) {
    let at: Vec<&str> = recent
        .iter()
        .filter(|(l, _)| l == current)
        .map(|(_, v)| v.as_str())
        .collect();
    let last: Vec<&str> = at.iter().rev().take(3).copied().collect();
    let hires = last
        .iter()
        .filter(|v| matches!(**v, "hire" | "strong_hire"))
        .count();
    let misses = last.iter().filter(|v| **v == "no_hire").count();
    let i = levels.iter().position(|l| l == current).unwrap_or(0);
    let n = last.len();
    if hires >= 2 {
        if let Some(up) = levels.get(i + 1) {
            return (
                up.clone(),
                format!(
                    "{hires} of your last {n} {current} rounds were hire or better: try the next level"
                ),
            );
        }
        return (
            current.to_string(),
            format!(
                "{hires} of your last {n} {current} rounds were hire or better, at the top level"
            ),
        );
    }
    if misses >= 2 && i > 0 {
        return (
            levels[i - 1].clone(),
            format!(
                "{misses} of your last {n} {current} rounds were no hire: build the base a level down"
            ),
        );
    }
    let why = if n == 0 {
        format!("no {current} rounds yet")
    } else {
        format!(
            "{n} recent {current} round{}: not yet two hires",
            if n == 1 { "" } else { "s" }
        )
    };
    (current.to_string(), why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Score;

    fn dims(scores: &[(&str, u32)]) -> Vec<DimensionResult> {
        scores
            .iter()
            .map(|(id, s)| DimensionResult {
                id: (*id).to_string(),
                title: format!("{} title", id.to_uppercase()),
                weight: 1,
                score: Score(*s),
            })
            .collect()
    }

    fn weak(id: &str, average: u32) -> Weakness {
        Weakness {
            dimension: id.into(),
            title: format!("{id} and more"),
            average,
            sessions: 3,
        }
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_string()).collect()
    }

    #[test]
    fn the_weakest_dimension_is_averaged_over_the_last_three_sessions() {
        let a = dims(&[("latency", 900), ("provenance", 0)]);
        let b = dims(&[("latency", 300), ("provenance", 600)]);
        let c = dims(&[("latency", 300), ("provenance", 600)]);
        let d = dims(&[("latency", 300), ("provenance", 600)]);
        let w = weaknesses(&[&a, &b, &c, &d]);
        assert_eq!(w[0].dimension, "latency");
        assert_eq!((w[0].average, w[0].sessions), (300, 3));
        assert!(weaknesses(&[]).is_empty());
    }

    #[test]
    fn a_case_that_stresses_the_weakest_dimension_wins() {
        let (f, l) = (s(&["provenance", "latency"]), s(&["latency"]));
        let cases = [
            Case {
                id: "fraud",
                title: "fraud",
                stresses: &f,
            },
            Case {
                id: "search",
                title: "search",
                stresses: &l,
            },
        ];
        let p = pick(
            &cases,
            &BTreeMap::new(),
            &[weak("provenance", 410), weak("latency", 500)],
        )
        .unwrap();
        assert_eq!(p.id, "fraud");
        assert_eq!(
            p.line(),
            "practising fraud (fraud): your weakest area is provenance and more (avg 41/100 over 3 sessions), and this case leans on it; you have done it 0 times (--scenario random for any case)"
        );
    }

    #[test]
    fn ties_go_to_the_least_practised_case_then_the_id() {
        let l = s(&["latency"]);
        let cases = [
            Case {
                id: "a",
                title: "a",
                stresses: &l,
            },
            Case {
                id: "b",
                title: "b",
                stresses: &l,
            },
            Case {
                id: "c",
                title: "c",
                stresses: &l,
            },
        ];
        let practised = BTreeMap::from([("a".to_string(), 2), ("b".to_string(), 1)]);
        let p = pick(&cases, &practised, &[weak("latency", 100)]).unwrap();
        assert_eq!((p.id.as_str(), p.times), ("c", 0));
        let practised = BTreeMap::from([
            ("a".to_string(), 1),
            ("b".to_string(), 1),
            ("c".to_string(), 1),
        ]);
        assert_eq!(
            pick(&cases, &practised, &[weak("latency", 100)])
                .unwrap()
                .id,
            "a"
        );
    }

    #[test]
    fn a_weakness_no_case_stresses_passes_to_the_next() {
        let l = s(&["latency"]);
        let cases = [Case {
            id: "search",
            title: "search",
            stresses: &l,
        }];
        let p = pick(
            &cases,
            &BTreeMap::new(),
            &[weak("cape", 100), weak("latency", 200)],
        )
        .unwrap();
        assert_eq!(p.id, "search");
        assert!(p.line().contains("your weakest area is cape and more (avg 10/100 over 3 sessions), which no case stresses; next is latency and more"), "{}", p.line());
    }

    #[test]
    fn with_no_history_the_least_practised_case_is_picked_by_id() {
        let none: Vec<String> = Vec::new();
        let cases = [
            Case {
                id: "b",
                title: "b",
                stresses: &none,
            },
            Case {
                id: "a",
                title: "a",
                stresses: &none,
            },
        ];
        let p = pick(&cases, &BTreeMap::new(), &[]).unwrap();
        assert_eq!((p.id.as_str(), &p.why), ("a", &Why::NoHistory));
        assert_eq!(
            p.line(),
            "practising a (a): no graded sessions yet, so the case you have practised least (0 times; ties go by id) (--scenario random for any case)"
        );
        assert_eq!(
            pick(&cases, &BTreeMap::new(), &[weak("cape", 1)])
                .unwrap()
                .why,
            Why::NothingStressed
        );
        assert!(pick(&[], &BTreeMap::new(), &[]).is_none());
    }

    #[test]
    fn the_level_moves_up_after_two_hires_and_down_after_two_misses() {
        let levels: Vec<String> = ["mid", "senior", "staff"].map(String::from).to_vec();
        let rounds = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(l, x)| (l.to_string(), x.to_string()))
                .collect()
        };
        let (l, why) = next_level(
            &levels,
            &rounds(&[
                ("senior", "hire"),
                ("senior", "no_hire"),
                ("senior", "strong_hire"),
            ]),
            "senior",
        );
        assert_eq!(l, "staff", "{why}");
        let (l, _) = next_level(
            &levels,
            &rounds(&[("senior", "no_hire"), ("senior", "no_hire")]),
            "senior",
        );
        assert_eq!(l, "mid");
        let (l, why) = next_level(
            &levels,
            &rounds(&[("mid", "no_hire"), ("mid", "no_hire")]),
            "mid",
        );
        assert_eq!(l, "mid", "{why}");
        let (l, why) = next_level(
            &levels,
            &rounds(&[("staff", "hire"), ("staff", "hire")]),
            "staff",
        );
        assert_eq!((l.as_str(), why.contains("top level")), ("staff", true));
        let (l, why) = next_level(&levels, &[], "senior");
        assert_eq!(
            (l.as_str(), why.as_str()),
            ("senior", "no senior rounds yet")
        );
    }
}
