//! Tables that fit the terminal: columns as wide as their widest cell, and when
//! the whole row is too wide, the widest columns give up room first (down to
//! their longest word) and their cells wrap inside the column. When even that
//! does not fit, each row becomes a record: its first cell on a line, the
//! others as `name: value` pairs wrapped beneath it — no word is ever broken
//! to make a column fit. Pure: the width comes in as a value, the text goes
//! out as a `String`.

use crate::wrap::display_width;

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Space between columns.
const GAP: usize = 2;
/// No column is squeezed below this many columns.
const NARROWEST: usize = 4;

/// Renders `header` and `rows` (each as long as `header`; missing cells are
/// blank) with `align` per column, fitted to `width` when one is given.
pub fn render(
    header: &[&str],
    align: &[Align],
    rows: &[Vec<String>],
    width: Option<usize>,
) -> String {
    let n = header.len();
    let cell = |row: &[String], i: usize| row.get(i).map_or(String::new(), Clone::clone);
    let mut widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| display_width(&cell(r, i)))
                .chain(std::iter::once(display_width(header[i])))
                .max()
                .unwrap_or(0)
        })
        .collect();
    if let Some(limit) = width {
        let longest_word: Vec<usize> = (0..n)
            .map(|i| {
                rows.iter()
                    .flat_map(|r| {
                        cell(r, i)
                            .split_whitespace()
                            .map(display_width)
                            .collect::<Vec<_>>()
                    })
                    .chain(header[i].split_whitespace().map(display_width))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let narrowest = longest_word
            .iter()
            .map(|w| w.max(&NARROWEST))
            .sum::<usize>()
            + GAP * n.saturating_sub(1);
        if narrowest > limit {
            return records(header, rows, limit);
        }
        let cells: Vec<Vec<String>> =
            std::iter::once(header.iter().map(|h| (*h).to_string()).collect())
                .chain(rows.iter().map(|r| (0..n).map(|i| cell(r, i)).collect()))
                .collect();
        shrink(&mut widths, &longest_word, &cells, limit);
    }
    let mut out = String::new();
    let header_row: Vec<String> = header.iter().map(|h| (*h).to_string()).collect();
    for row in std::iter::once(&header_row).chain(rows) {
        let cells: Vec<Vec<String>> = (0..n)
            .map(|i| wrap_cell(&cell(row, i), widths[i]))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let mut text = String::new();
            for (i, lines) in cells.iter().enumerate() {
                let piece = lines.get(line).map_or("", String::as_str);
                let pad = widths[i].saturating_sub(display_width(piece));
                if i > 0 {
                    text.push_str(&" ".repeat(GAP));
                }
                match align.get(i).copied().unwrap_or(Align::Left) {
                    Align::Left => {
                        text.push_str(piece);
                        text.push_str(&" ".repeat(pad));
                    }
                    Align::Right => {
                        text.push_str(&" ".repeat(pad));
                        text.push_str(piece);
                    }
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
    }
    out
}

/// Narrows columns until the row fits `limit`, one column at a time, always
/// the one whose narrowing adds the fewest wrapped lines to the table (the
/// widest among equals), and never below a column's longest word.
fn shrink(widths: &mut [usize], longest_word: &[usize], cells: &[Vec<String>], limit: usize) {
    let total = |w: &[usize]| w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1);
    let height = |text: &str, w: usize| wrap_cell(text, w).len();
    // lines[i][r]: how many lines cell (r, i) takes at the column's width.
    let mut lines: Vec<Vec<usize>> = (0..widths.len())
        .map(|i| cells.iter().map(|row| height(&row[i], widths[i])).collect())
        .collect();
    while total(widths) > limit {
        let mut best: Option<(usize, usize, Vec<usize>)> = None;
        for i in 0..widths.len() {
            if widths[i] <= longest_word[i].max(NARROWEST) {
                continue;
            }
            let narrower: Vec<usize> = cells
                .iter()
                .map(|row| height(&row[i], widths[i] - 1))
                .collect();
            let cost: usize = (0..cells.len())
                .map(|r| {
                    (0..widths.len())
                        .map(|j| if j == i { narrower[r] } else { lines[j][r] })
                        .max()
                        .unwrap_or(1)
                })
                .sum();
            let better = match &best {
                None => true,
                Some((c, b, _)) => cost < *c || (cost == *c && widths[i] > widths[*b]),
            };
            if better {
                best = Some((cost, i, narrower));
            }
        }
        let Some((_, i, narrower)) = best else { break };
        widths[i] -= 1;
        lines[i] = narrower;
    }
}

/// The narrow layout: per row, the first cell on its own line, then the other
/// non-empty cells as `name: value` joined by ` · `, indented and wrapped.
fn records(header: &[&str], rows: &[Vec<String>], limit: usize) -> String {
    let mut out = String::new();
    for row in rows {
        let first = row.first().map_or("", String::as_str);
        out.push_str(&crate::wrap::block(first, Some(limit)));
        out.push('\n');
        let rest: Vec<String> = header
            .iter()
            .zip(row)
            .skip(1)
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(h, v)| format!("{}: {v}", h.to_lowercase()))
            .collect();
        if !rest.is_empty() {
            out.push_str(&crate::wrap::block(
                &format!("  {}", rest.join(" · ")),
                Some(limit),
            ));
            out.push('\n');
        }
    }
    out
}

fn wrap_cell(text: &str, width: usize) -> Vec<String> {
    if display_width(text) <= width {
        return vec![text.to_string()];
    }
    let options = textwrap::Options::new(width.max(1))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Align, render};

    fn rows() -> Vec<Vec<String>> {
        vec![
            vec![
                "20261207T024158Z-ad-click-44af".into(),
                "Ad click prediction".into(),
                "llama.cpp/qwen2.5-coder-1.5b".into(),
                "12:04".into(),
            ],
            vec![
                "20261206T101010Z-fraud-0a1b".into(),
                "Payment fraud scoring".into(),
                "offline".into(),
                "45:00".into(),
            ],
        ]
    }

    const HEADER: [&str; 4] = ["ID", "CASE", "INTERVIEWER", "TIME"];
    const ALIGN: [Align; 4] = [Align::Left, Align::Left, Align::Left, Align::Right];

    #[test]
    fn without_a_width_columns_are_as_wide_as_their_cells() {
        let out = render(&HEADER, &ALIGN, &rows(), None);
        assert_eq!(out.lines().count(), 3);
        assert!(out.lines().nth(1).unwrap().ends_with("12:04"), "{out}");
    }

    #[test]
    fn at_every_width_no_line_is_wider_and_no_word_is_broken() {
        let words = |t: &str| {
            let mut w: Vec<String> = t.split_whitespace().map(str::to_string).collect();
            w.sort();
            w
        };
        for width in [40, 60, 80, 120] {
            let out = render(&HEADER, &ALIGN, &rows(), Some(width));
            assert!(
                out.lines().all(|l| super::display_width(l) <= width),
                "{width}:\n{out}"
            );
            for cell in rows().iter().flatten() {
                for w in cell.split_whitespace() {
                    assert!(
                        words(&out).iter().any(|o| o.contains(w)),
                        "{width}: {w}\n{out}"
                    );
                }
            }
        }
    }

    #[test]
    fn too_narrow_for_columns_rows_become_records() {
        let out = render(&HEADER, &ALIGN, &rows(), Some(60));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "20261207T024158Z-ad-click-44af", "{out}");
        assert!(
            lines[1].starts_with("  case: Ad click prediction · interviewer:"),
            "{out}"
        );
    }

    #[test]
    fn the_widest_roomy_column_gives_way_first() {
        let out = render(&HEADER, &ALIGN, &rows(), Some(84));
        let first: Vec<&str> = out.lines().collect();
        assert!(first[1].contains("Ad click"), "{out}");
        assert!(out.contains("prediction"), "{out}");
    }
}
