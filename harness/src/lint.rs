//! Static checks over a doc set: what extraction found in each page, plus the checks that need
//! the whole set (an example name used twice).

use std::collections::HashMap;

use crate::model::{Code, Diagnostic, DocFile, Severity};

/// Checks that span files; feed it pages in order.
#[derive(Debug, Default)]
pub struct Linter {
    /// First place each example name was seen: (file, line).
    names: HashMap<String, (String, u32)>,
    /// Counts so far.
    pub tally: Tally,
}

/// How many diagnostics of each severity, over how many files.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Files checked.
    pub files: usize,
}

impl Linter {
    /// All diagnostics of one page, including the doc-set ones, in line order.
    pub fn check(&mut self, doc: &DocFile) -> Vec<Diagnostic> {
        let mut out = doc.diagnostics.clone();
        for example in &doc.examples {
            for name in &example.annotation.names {
                let line = example.request.line;
                match self.names.get(name) {
                    Some((file, first)) if !same_page_other_version(file, &doc.file) => out.push(Diagnostic {
                        file: doc.file.clone(),
                        line: example.annotation.line,
                        column: 1,
                        severity: Severity::Warning,
                        code: Code::DuplicateName,
                        message: format!("example name `{name}` is already used at {file}:{first}; give each example its own name"),
                        source_line: None,
                    }),
                    Some(_) => {}
                    None => {
                        self.names.insert(name.clone(), (doc.file.clone(), line));
                    }
                }
            }
        }
        out.sort_by_key(|d| (d.line, d.column));
        self.tally.files += 1;
        self.tally.errors += out.iter().filter(|d| d.severity == Severity::Error).count();
        self.tally.warnings += out
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        out
    }
}

/// `v1.0/api/user-get.md` and `beta/api/user-get.md` are one page in two API versions, which
/// share example names by design.
fn same_page_other_version(a: &str, b: &str) -> bool {
    let name = |p: &str| p.rsplit('/').next().map(str::to_owned);
    a != b && name(a) == name(b)
}
