//! `run --fix` and `--diff`: the docs follow the service. Collects the failures the core can
//! mend (see [`exemplar_core::fix`]), then edits each page once the run has finished: atomically
//! (a temporary file, then a rename), keeping its line endings and BOM, never over a page that
//! changed on disk since the run read it, and never writing what the run's redactor would hide.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::report::Reporter;
use crate::session::{Event, RunOptions};
use exemplar_core::compare::{MatchMode, Mismatch, Observed, Rules};
use exemplar_core::fix::{self, Edit};
use exemplar_core::model::Example;
use exemplar_core::secret::Redactor;

/// A failure `--fix` can mend: the example as read and what the target answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The example, as the run read it.
    pub example: Arc<Example>,
    /// The answer, as received.
    pub observed: Observed,
    /// The answer holds a secret the run redacts: `--fix` refuses to write it.
    pub echoes_secret: bool,
}

impl Answer {
    /// The answer to keep for `example`, when its `mismatches` are all of kinds a fix mends
    /// (noting whether it holds something `redactor` hides).
    pub(crate) fn of(
        example: &Arc<Example>,
        observed: &Observed,
        mismatches: &[Mismatch],
        redactor: &Redactor,
    ) -> Option<Box<Answer>> {
        let response = example.response.as_ref()?;
        let text = observed.body.text();
        let echoes_secret = redactor.scrub(&text) != text;
        fix::fixable(response, observed, mismatches).then(|| {
            Box::new(Answer {
                example: Arc::clone(example),
                observed: observed.clone(),
                echoes_secret,
            })
        })
    }

    /// `--fix` would write this answer's edits (it holds no secret).
    pub fn writable(&self) -> bool {
        !self.echoes_secret
    }
}

/// Whether the edits are written (`--fix`) or only shown (`--diff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write each page changed, and list it with its count of edits.
    Write,
    /// Print a unified diff of each page; write nothing.
    Diff,
}

impl Mode {
    /// The mode `--fix` and `--diff` ask for (`--diff` wins: it writes nothing); none for
    /// neither.
    pub fn of(fix: bool, diff: bool) -> Option<Mode> {
        (fix || diff).then_some(if diff { Mode::Diff } else { Mode::Write })
    }
}

/// A reporter that mends the docs of a run's fixable failures when the run finishes.
pub struct Fixer<'a> {
    out: Box<dyn Write + 'a>,
    mode: Mode,
    color: bool,
    rules: Rules,
    match_mode: MatchMode,
    redactor: Redactor,
    paths: Vec<PathBuf>,
    /// Each page as the run read it: where it is, and a hash of its bytes.
    read: HashMap<String, (PathBuf, u64)>,
    answers: BTreeMap<String, Vec<Answer>>,
}

impl<'a> Fixer<'a> {
    /// A fixer for the run `options` describe, writing what it did to `out`.
    pub fn new(out: impl Write + 'a, options: &RunOptions, mode: Mode, color: bool) -> Fixer<'a> {
        let mut fixer = Fixer {
            out: Box::new(out),
            mode,
            color,
            rules: options.settings.rules.clone(),
            match_mode: options.settings.match_mode,
            redactor: options.redactor(),
            paths: options.paths.clone(),
            read: HashMap::new(),
            answers: BTreeMap::new(),
        };
        fixer.read_pages();
        fixer
    }

    /// Notes each page's bytes before the run reads them, to know later whether one changed.
    fn read_pages(&mut self) {
        for found in exemplar_core::discover::walk(&self.paths).flatten() {
            if let Ok(bytes) = std::fs::read(&found.path) {
                self.read
                    .entry(found.display)
                    .or_insert((found.path, digest(&bytes)));
            }
        }
    }

    fn finished(&mut self) -> io::Result<()> {
        let mut text = String::new();
        let (mut pages, mut edits) = (0, 0);
        for (file, answers) in std::mem::take(&mut self.answers) {
            let fixed = self.page(&file, &answers, &mut text);
            if fixed > 0 {
                pages += 1;
                edits += fixed;
            }
        }
        if self.mode == Mode::Diff && pages > 0 {
            text.push_str(&format!(
                "--diff: {} in {}; nothing written\n",
                plural(edits, "edit"),
                plural(pages, "page")
            ));
        }
        self.out.write_all(self.redactor.scrub(&text).as_bytes())?;
        self.out.flush()
    }

    /// Mends one page; returns how many edits it took (0 when it was left alone).
    fn page(&self, file: &str, answers: &[Answer], text: &mut String) -> usize {
        let refuse = |text: &mut String, why: &str| {
            text.push_str(&format!("not fixed {file}: {why}\n"));
            0
        };
        let Some((path, digest_read)) = self.read.get(file) else {
            return refuse(text, "the page is not among the paths read");
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) if digest(&bytes) == *digest_read => bytes,
            Ok(_) => return refuse(text, "the page changed on disk since the run read it"),
            Err(e) => return refuse(text, &format!("cannot read the page: {e}")),
        };
        let Ok(page) = std::str::from_utf8(&bytes) else {
            return refuse(text, "the page is not UTF-8");
        };
        let (bom, page) = match page.strip_prefix('\u{feff}') {
            Some(rest) => ("\u{feff}", rest),
            None => ("", page),
        };
        let edits = self.edits(file, page, answers, text);
        if edits.is_empty() {
            return 0;
        }
        let new = format!("{bom}{}", fix::apply(page, &edits));
        match self.mode {
            Mode::Diff => text.push_str(&diff(file, page, &new[bom.len()..], self.color)),
            Mode::Write => match write(path, &bytes, &new) {
                Ok(()) => {
                    text.push_str(&format!("fixed {file}: {}\n", plural(edits.len(), "edit")))
                }
                Err(why) => return refuse(text, &why),
            },
        }
        edits.len()
    }

    /// The edits of `page` for each of its `answers`; an example that cannot be mended (or whose
    /// edit would write a secret) is named in `text` and left alone.
    fn edits(&self, file: &str, page: &str, answers: &[Answer], text: &mut String) -> Vec<Edit> {
        let mut out = Vec::new();
        for answer in answers {
            let example = &answer.example;
            let title = match example.name() {
                Some(name) => format!("{file}:{} {name}", example.line()),
                None => format!("{file}:{}", example.line()),
            };
            let observed = &answer.observed;
            let (rules, mode, order) =
                (&self.rules, self.match_mode, observed.json_text.as_deref());
            let found = fix::edits_in_order(page, example, observed, rules, mode, order);
            match found {
                Ok(edits) if edits.iter().any(|e| self.redactor.scrub(&e.text) != e.text) => {
                    text.push_str(&format!(
                        "not fixed {title}: the answer holds a secret the run redacts; it is never written into a page\n"
                    ));
                }
                Ok(edits) => out.extend(edits),
                Err(why) => text.push_str(&format!("not fixed {title}: {why}\n")),
            }
        }
        out
    }
}

impl Reporter for Fixer<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        match event {
            Event::Example(result) => {
                if let Some(answer) = &result.fix {
                    let answers = self.answers.entry(result.file.clone()).or_default();
                    answers.push((**answer).clone());
                }
            }
            Event::Finished(_) => self.finished()?,
            _ => {}
        }
        Ok(())
    }
}

/// Writes `new` over the page at `path` (read as `read`) through a temporary file and a rename;
/// `Err` says why it was not written.
pub(crate) fn write(path: &Path, read: &[u8], new: &str) -> Result<(), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.exemplar-fix.{}", std::process::id()));
    let written = std::fs::write(&temp, new).and_then(|()| {
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        Ok(())
    });
    // Last look: a page changed while the edits were made is not overwritten.
    let unchanged = std::fs::read(path).is_ok_and(|now| now == read);
    let result = match (written, unchanged) {
        (Err(e), _) => Err(format!("cannot write the page: {e}")),
        (Ok(()), false) => Err("the page changed on disk while it was being fixed".to_owned()),
        (Ok(()), true) => {
            std::fs::rename(&temp, path).map_err(|e| format!("cannot write the page: {e}"))
        }
    };
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A unified diff of a page's text before and after, line endings shown as `\n`.
pub(crate) fn diff(file: &str, old: &str, new: &str, color: bool) -> String {
    let (old, new) = (old.replace("\r\n", "\n"), new.replace("\r\n", "\n"));
    let diff = similar::TextDiff::from_lines(&old, &new);
    let mut out = String::new();
    let unified = diff
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{file}"), &format!("b/{file}"))
        .to_string();
    for line in unified.lines() {
        let code = match line.chars().next() {
            _ if line.starts_with("+++") || line.starts_with("---") => "1",
            Some('+') => "32",
            Some('-') => "31",
            Some('@') => "36",
            _ => "",
        };
        match color && !code.is_empty() {
            true => out.push_str(&format!("\x1b[{code}m{line}\x1b[0m\n")),
            false => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

pub(crate) fn digest(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
