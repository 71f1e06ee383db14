//! The one Markdown writer: headings at a chosen depth (so one document can be
//! nested inside another without rewriting its lines), list items, quotes,
//! table rows and paragraphs, and [`text`], which makes any model, file or
//! candidate text render as exactly its characters. Pure.

use std::fmt::Write as _;

/// Text that Markdown renders as these characters: every inline markup
/// character escaped ([`crate::sanitize::markdown_inline`]), and a line that
/// would open a block (heading, quote, list, table, fence) escaped at its start;
/// the lines of a multi-line text are kept apart with hard breaks.
pub fn text(s: &str) -> String {
    crate::sanitize::markdown_inline(s)
        .lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with(['#', '>', '-', '*', '+', '|']) || t.starts_with("```") {
                format!("\\{t}")
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("  \n")
}

/// A Markdown document being written. Callers pass Markdown (with any outside
/// text already through [`text`]); the writer owns the block structure.
#[derive(Debug, Default)]
pub struct Markdown {
    out: String,
    /// Added to every heading's level, for a document nested in another.
    shift: usize,
}

impl Markdown {
    pub fn new() -> Markdown {
        Markdown::default()
    }

    /// A writer whose headings sit `levels` deeper than they say: the grade
    /// report's `#` becomes `##` inside a session report.
    pub fn nested(levels: usize) -> Markdown {
        Markdown {
            out: String::new(),
            shift: levels,
        }
    }

    /// A heading followed by a blank line.
    pub fn heading(&mut self, level: usize, md: &str) -> &mut Self {
        self.separate();
        let _ = writeln!(self.out, "{} {md}\n", "#".repeat(level + self.shift));
        self
    }

    /// A list item at `depth` (0 for the top level).
    pub fn item(&mut self, depth: usize, md: &str) -> &mut Self {
        let _ = writeln!(self.out, "{}- {md}", "  ".repeat(depth));
        self
    }

    /// A block quote followed by a blank line.
    pub fn quote(&mut self, md: &str) -> &mut Self {
        let _ = writeln!(self.out, "> {md}\n");
        self
    }

    /// A paragraph followed by a blank line.
    pub fn para(&mut self, md: &str) -> &mut Self {
        let _ = writeln!(self.out, "{md}\n");
        self
    }

    /// A table's header and alignment rows; `right` marks right-aligned columns.
    pub fn table_head(&mut self, columns: &[(&str, bool)]) -> &mut Self {
        let names: Vec<&str> = columns.iter().map(|c| c.0).collect();
        let rules: Vec<&str> = columns
            .iter()
            .map(|c| if c.1 { "---:" } else { "---" })
            .collect();
        let _ = writeln!(
            self.out,
            "| {} |\n| {} |",
            names.join(" | "),
            rules.join(" | ")
        );
        self
    }

    /// One table row of cells already in Markdown.
    pub fn table_row(&mut self, cells: &[String]) -> &mut Self {
        let _ = writeln!(self.out, "| {} |", cells.join(" | "));
        self
    }

    /// Ends a list or table with a blank line (nothing when there is one).
    pub fn end_block(&mut self) -> &mut Self {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self
    }

    /// Another document's blocks, as they are.
    pub fn append(&mut self, other: Markdown) -> &mut Self {
        self.separate();
        self.out.push_str(&other.out);
        self
    }

    pub fn finish(self) -> String {
        self.out
    }

    /// A block after a list item or table row starts on a new paragraph.
    fn separate(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_text_cannot_open_blocks_or_markup() {
        assert_eq!(
            text("# not a heading\n- nor a list"),
            "\\# not a heading  \n\\- nor a list"
        );
        assert!(!text("<script>").contains('<'));
        assert_eq!(text("**x**"), "\\*\\*x\\*\\*");
    }

    #[test]
    fn nested_documents_shift_their_headings_and_blocks_stay_apart() {
        let mut inner = Markdown::nested(1);
        inner
            .heading(1, "Grade")
            .item(0, "a")
            .item(1, "b")
            .heading(2, "Criteria");
        let mut outer = Markdown::new();
        outer.heading(1, "Report").item(0, "Session: s");
        outer.append(inner).table_head(&[("x", false), ("n", true)]);
        outer
            .table_row(&["a".into(), "1".into()])
            .end_block()
            .para("end");
        assert_eq!(
            outer.finish(),
            "# Report\n\n- Session: s\n\n## Grade\n\n- a\n  - b\n\n### Criteria\n\n| x | n |\n| --- | ---: |\n| a | 1 |\n\nend\n\n"
        );
    }
}
