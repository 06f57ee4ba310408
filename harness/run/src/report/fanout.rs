//! Every reporter of a run (or of a merge of runs), fed each event: the report for people, GitHub's
//! annotations and job summary, and the JSON, JUnit, HTML and HAR report files.
//!
//! The files are opened before anything runs, so a path that cannot be written fails first. The
//! report for people goes to stderr when a report file takes stdout, and is dropped quietly when
//! its reader goes away (`| head`) while the rest go on. Decides no outcome.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use exemplar_core::secret::Redactor;

use super::actions::{self, SummaryError};
use super::github::Locate;
use super::{
    Github, Har, Html, Human, JsonLines, Junit, ReportFile, Reporter, Style, names_stdout,
};
use crate::config::Env;
use crate::session::Event;

/// Where a run's reports go, and how the report for people looks.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// `--report-json FILE` (`-`: standard output).
    pub json: Option<PathBuf>,
    /// `--report-junit FILE`.
    pub junit: Option<PathBuf>,
    /// `--report-html FILE`.
    pub html: Option<PathBuf>,
    /// `--report-har FILE`.
    pub har: Option<PathBuf>,
    /// `--quiet`: only failures and the summary for people.
    pub quiet: bool,
    /// Whether standard output takes colour (it is not used when a report takes stdout).
    pub color: bool,
    /// `--format`: GitHub's format asked (`Some(true)`) or refused; `None`: under GitHub Actions.
    pub github: Option<bool>,
}

/// A report's destination could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A report file.
    #[error("{flag} {}: cannot write", path.display())]
    Report {
        /// Its flag.
        flag: &'static str,
        /// The path given.
        path: PathBuf,
        /// Why.
        #[source]
        error: io::Error,
    },
    /// GitHub's job summary.
    #[error(transparent)]
    Summary(#[from] SummaryError),
    /// The `--metadata` of the HTML report's coverage section.
    #[error(transparent)]
    Coverage(#[from] crate::metadata::MetadataFailure),
}

/// A report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The report for people (a reader gone away is not an error).
    #[error(transparent)]
    Human(io::Error),
    /// GitHub's annotations or a report file, named.
    #[error("cannot write {what}")]
    Report {
        /// The report.
        what: &'static str,
        /// Why.
        #[source]
        error: io::Error,
    },
}

/// The reporters of one run, each fed every event.
pub struct Reporters<'a> {
    human: Option<Human<'a>>,
    github: Option<Github<'a>>,
    json: Option<JsonLines<ReportFile>>,
    junit: Option<Junit<ReportFile>>,
    html: Option<Html<ReportFile>>,
    har: Option<Har<ReportFile>>,
    redactor: Redactor,
    quiet: bool,
    color: bool,
    stdout_taken: bool,
}

const JSON: &str = "the JSON report";
const JUNIT: &str = "the JUnit report";
const HTML: &str = "the HTML report";
const HAR: &str = "the HAR report";

impl<'a> Reporters<'a> {
    /// Opens the report files of `outputs` and GitHub's job summary (when GitHub's format is
    /// wanted; `locate` maps a page as shown to its repository path); every reporter scrubs
    /// what `redactor` hides. The report for people is added by [`Reporters::with_human`].
    pub fn open(
        outputs: &Outputs,
        env: &Env,
        redactor: Redactor,
        locate: Locate,
    ) -> Result<Reporters<'a>, OpenError> {
        let json = open(outputs.json.as_deref(), "--report-json")?;
        let junit = open(outputs.junit.as_deref(), "--report-junit")?;
        let html = open(outputs.html.as_deref(), "--report-html")?;
        let har = open(outputs.har.as_deref(), "--report-har")?;
        let github = match actions::wanted(outputs.github, env) {
            true => Some(Github::new(
                io::stdout(),
                actions::step_summary(env)?,
                redactor.clone(),
                locate,
            )),
            false => None,
        };
        let paths = [&outputs.json, &outputs.junit, &outputs.html, &outputs.har];
        Ok(Reporters {
            human: None,
            github,
            json: json.map(|f| JsonLines::new(f, redactor.clone())),
            junit: junit.map(|f| Junit::new(f, redactor.clone())),
            html: html.map(|f| Html::new(f, redactor.clone())),
            har: har.map(|f| Har::new(f, redactor.clone())),
            stdout_taken: paths.iter().filter_map(|p| p.as_deref()).any(names_stdout),
            redactor,
            quiet: outputs.quiet,
            color: outputs.color,
        })
    }

    /// With a coverage section in the HTML report, when there is one and `options` give
    /// `--metadata`: the CSDLs and pages are read now (before any request).
    pub fn with_coverage(mut self, options: &crate::RunOptions) -> Result<Self, OpenError> {
        if let Some(html) = self.html.take() {
            self.html = Some(html.with_coverage(options)?);
        }
        Ok(self)
    }

    /// Has the JSON report record each page's path under the project root too (`paths` maps a
    /// page as shown to it), for `report merge`.
    pub fn with_paths(mut self, paths: super::lines::Paths) -> Reporters<'a> {
        self.json = self.json.map(|json| json.with_paths(paths));
        self
    }

    /// Adds the report for people, on stdout (stderr when a report takes stdout, which then
    /// stays parseable); `through` wraps each of its streams (a progress bar puts itself aside).
    /// `asked` names the paths and filters, for when nothing was selected.
    pub fn with_human<W: Write + 'a>(
        mut self,
        asked: String,
        through: impl Fn(Box<dyn Write + 'a>) -> W,
    ) -> Reporters<'a> {
        let out: Box<dyn Write> = match self.stdout_taken {
            true => Box::new(io::stderr()),
            false => Box::new(io::stdout()),
        };
        let style = Style {
            color: self.color && !self.stdout_taken,
            durations: true,
        };
        let (out, err) = (through(out), through(Box::new(io::stderr())));
        let human = Human::new(out, err, style, self.redactor.clone(), asked);
        self.human = Some(human.quiet(self.quiet));
        self
    }

    /// Feeds `event` to every reporter, the report for people first.
    pub fn event(&mut self, event: &Event) -> Result<(), WriteError> {
        // A reader that went away (`| head`) ends the report for people quietly; the run, its
        // reports and its exit code go on.
        if let Some(human) = &mut self.human {
            match human.event(event) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => self.human = None,
                other => other.map_err(WriteError::Human)?,
            }
        }
        feed(&mut self.github, event, "GitHub's annotations")?;
        feed(&mut self.json, event, JSON)?;
        feed(&mut self.junit, event, JUNIT)?;
        feed(&mut self.html, event, HTML)?;
        feed(&mut self.har, event, HAR)
    }

    /// Finishes the report files, each put in its place; the first that fails stops the rest.
    pub fn finish(self) -> Result<(), WriteError> {
        finish(self.json.map(JsonLines::into_inner), JSON)?;
        finish(self.junit.map(Junit::into_inner), JUNIT)?;
        finish(self.html.map(Html::into_inner), HTML)?;
        finish(self.har.map(Har::into_inner), HAR)
    }
}

fn open(path: Option<&Path>, flag: &'static str) -> Result<Option<ReportFile>, OpenError> {
    let open = |path: &Path| {
        ReportFile::open(path).map_err(|error| OpenError::Report {
            flag,
            path: path.to_owned(),
            error,
        })
    };
    path.map(open).transpose()
}

fn feed(
    reporter: &mut Option<impl Reporter>,
    event: &Event,
    what: &'static str,
) -> Result<(), WriteError> {
    // A reader that went away (`--report-json - | head -1`) ends that report quietly; the
    // run and its exit code go on (DESIGN §6).
    match reporter.as_mut().map(|r| r.event(event)) {
        Some(Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            *reporter = None;
            Ok(())
        }
        Some(Err(error)) => Err(WriteError::Report { what, error }),
        Some(Ok(())) | None => Ok(()),
    }
}

fn finish(file: Option<ReportFile>, what: &'static str) -> Result<(), WriteError> {
    match file.map(ReportFile::finish).transpose() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        finished => finished
            .map(drop)
            .map_err(|error| WriteError::Report { what, error }),
    }
}
