//! `[[scenario]]` in `exemplar.toml` (DESIGN §3): a named sequence of examples across pages,
//! with `setup` steps whose answers fill variables, the examples under test (`run`), and
//! `teardown` steps. Here the tables are read and their shape checked with its line; whether
//! the names they hold are examples is checked against the docs read (`session::scenario`).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

/// One `[[scenario]]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Its name, unique in the file.
    pub name: Named,
    /// Steps run first; their answers fill variables.
    #[serde(default)]
    pub setup: Vec<Step>,
    /// The examples under test, by name or glob, in order.
    #[serde(default)]
    pub run: Vec<Named>,
    /// Steps that always run last, after a failure and a Ctrl-C too.
    #[serde(default)]
    pub teardown: Vec<Step>,
    /// The config file it was read from, as shown.
    #[serde(skip)]
    pub file: String,
}

/// A step of `setup` or `teardown`: an example, what to capture from its answer, and params.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The example's name.
    pub example: Named,
    /// Variables taken from the answer: `{ user-id = "/id", location = "header:Location" }`.
    #[serde(default)]
    pub capture: BTreeMap<String, Capture>,
    /// Placeholder values for this step (captures win over them).
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

/// A name as written, with its 1-based line in the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The text.
    pub text: String,
    /// Its line (a byte offset until `locate` turns it into a line).
    pub line: usize,
}

impl<'de> Deserialize<'de> for Named {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Named, D::Error> {
        let spanned = Spanned::<String>::deserialize(d)?;
        Ok(Named {
            line: spanned.span().start,
            text: spanned.into_inner(),
        })
    }
}

/// Where a captured value comes from in an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Capture {
    /// A JSON pointer into the body: `/id`, `/value/0/id`.
    Pointer(String),
    /// A header's value: `header:Location`.
    Header(String),
}

impl Capture {
    /// Reads `"/id"` or `"header:Location"`; anything else is `None`.
    pub fn parse(text: &str) -> Option<Capture> {
        match text.split_once(':') {
            Some((kind, name))
                if kind.eq_ignore_ascii_case("header") && !name.trim().is_empty() =>
            {
                Some(Capture::Header(name.trim().to_ascii_lowercase()))
            }
            _ if text.is_empty() || text.starts_with('/') => {
                Some(Capture::Pointer(text.to_owned()))
            }
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Capture {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Capture, D::Error> {
        let text = String::deserialize(d)?;
        Capture::parse(&text).ok_or_else(|| serde::de::Error::custom(CAPTURE))
    }
}

const CAPTURE: &str = "expected a JSON pointer (`/id`) or `header:NAME`";

impl Scenario {
    /// Every step and `run` entry with its place (`setup[0]`), in the order they run.
    pub fn names(&self) -> impl Iterator<Item = (String, &Named)> {
        let setup = (self.setup.iter().enumerate())
            .map(|(i, s)| (format!("setup[{i}].example"), &s.example));
        let run = (self.run.iter().enumerate()).map(|(i, n)| (format!("run[{i}]"), n));
        let teardown = (self.teardown.iter().enumerate())
            .map(|(i, s)| (format!("teardown[{i}].example"), &s.example));
        setup.chain(run).chain(teardown)
    }
}

/// Turns the byte offsets the scenarios were read with into lines of `text`, and notes `file`.
pub(super) fn locate(scenarios: &mut [Scenario], file: &str, text: &str) {
    let line = |offset: usize| super::keys::line_and_column(text, offset).0;
    for scenario in scenarios {
        scenario.file = file.to_owned();
        scenario.name.line = line(scenario.name.line);
        let steps = scenario.setup.iter_mut().chain(&mut scenario.teardown);
        for named in steps.map(|s| &mut s.example).chain(&mut scenario.run) {
            named.line = line(named.line);
        }
    }
}

/// Where a value is wrong: its offset, its key path and the message.
pub(super) type Wrong = (usize, String, String);

/// Checks the shape of `scenario = [...]` (the `[[scenario]]` tables): known keys, a name each
/// (no two alike), strings where names go, and captures that say where their value comes from.
pub(super) fn check(value: &Spanned<DeValue<'_>>) -> Result<(), Wrong> {
    let wrong = |at: &Spanned<DeValue<'_>>, key: String, message: &str| {
        Err((at.span().start, key, message.to_owned()))
    };
    let DeValue::Array(tables) = value.get_ref() else {
        return wrong(
            value,
            "scenario".into(),
            "write each scenario as a [[scenario]] table",
        );
    };
    let mut names: Vec<String> = Vec::new();
    for (i, table) in tables.iter().enumerate() {
        let key = format!("scenario[{i}]");
        let DeValue::Table(entries) = table.get_ref() else {
            return wrong(table, key, "write each scenario as a [[scenario]] table");
        };
        match entries.get("name").map(|n| (n, n.get_ref())) {
            Some((_, DeValue::String(name))) if !names.contains(&name.to_string()) => {
                names.push(name.to_string());
            }
            Some((at, DeValue::String(name))) => {
                return wrong(
                    at,
                    format!("{key}.name"),
                    &format!("a second scenario named `{name}`: names must differ"),
                );
            }
            Some((at, _)) => return wrong(at, format!("{key}.name"), "expected a string"),
            None => return wrong(table, key, "a scenario needs a `name`"),
        }
        for (name, item) in entries.iter() {
            let key = format!("{key}.{}", name.get_ref());
            match name.get_ref().as_ref() {
                "name" => {}
                "run" => strings(item, &key)?,
                "setup" | "teardown" => steps(item, &key)?,
                _ => {
                    return Err((
                        name.span().start,
                        key,
                        "unknown key: a scenario has `name`, `setup`, `run` and `teardown`".into(),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn strings(value: &Spanned<DeValue<'_>>, key: &str) -> Result<(), Wrong> {
    let DeValue::Array(items) = value.get_ref() else {
        return Err((
            value.span().start,
            key.to_owned(),
            "expected a list of example names or globs".into(),
        ));
    };
    for (i, item) in items.iter().enumerate() {
        if !matches!(item.get_ref(), DeValue::String(_)) {
            return Err((
                item.span().start,
                format!("{key}[{i}]"),
                "expected an example name or glob".into(),
            ));
        }
    }
    Ok(())
}

fn steps(value: &Spanned<DeValue<'_>>, key: &str) -> Result<(), Wrong> {
    let list =
        "expected a list of steps: `[{ example = \"create_user\", capture = { id = \"/id\" } }]`";
    let DeValue::Array(items) = value.get_ref() else {
        return Err((value.span().start, key.to_owned(), list.into()));
    };
    for (i, item) in items.iter().enumerate() {
        let key = format!("{key}[{i}]");
        let DeValue::Table(entries) = item.get_ref() else {
            return Err((item.span().start, key, list.into()));
        };
        if !matches!(
            entries.get("example").map(Spanned::get_ref),
            Some(DeValue::String(_))
        ) {
            return Err((
                item.span().start,
                key,
                "a step needs `example = \"NAME\"`".into(),
            ));
        }
        for (name, value) in entries.iter() {
            let key = format!("{key}.{}", name.get_ref());
            match name.get_ref().as_ref() {
                "example" => {}
                "capture" | "params" => table_of_strings(value, &key, name.get_ref() == "capture")?,
                _ => {
                    return Err((
                        name.span().start,
                        key,
                        "unknown key: a step has `example`, `capture` and `params`".into(),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn table_of_strings(value: &Spanned<DeValue<'_>>, key: &str, captures: bool) -> Result<(), Wrong> {
    let DeValue::Table(entries) = value.get_ref() else {
        return Err((
            value.span().start,
            key.to_owned(),
            "expected a table of strings".into(),
        ));
    };
    for (name, item) in entries.iter() {
        let key = format!("{key}.{}", name.get_ref());
        match item.get_ref() {
            DeValue::String(text) if !captures || Capture::parse(text).is_some() => {}
            DeValue::String(text) => {
                return Err((item.span().start, key, format!("{CAPTURE}, found {text:?}")));
            }
            _ => return Err((item.span().start, key, "expected a string".into())),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::config::Layer;

    use crate::config::layer::file_error as error;

    #[test]
    fn scenarios_are_read_with_the_lines_of_their_names() {
        let text = "jobs = 2\n\n[[scenario]]\nname = \"lifecycle\"\nsetup = [\n  { example = \"create_user\", capture = { user-id = \"/id\", where = \"header:Location\" }, params = { a = \"b\" } },\n]\nrun = [\"get_user\", \"update_*\"]\nteardown = [{ example = \"delete_user\" }]\n";
        let layer = Layer::from_toml("exemplar.toml", text).unwrap();
        let [scenario] = &layer.scenario[..] else {
            panic!()
        };
        assert_eq!(
            (scenario.name.text.as_str(), scenario.name.line),
            ("lifecycle", 4)
        );
        assert_eq!(scenario.setup[0].example.line, 6);
        assert_eq!(
            scenario.setup[0].capture["where"],
            super::Capture::Header("location".into())
        );
        assert_eq!(scenario.run[1].text, "update_*");
        assert_eq!(
            (scenario.teardown[0].example.line, scenario.file.as_str()),
            (9, "exemplar.toml")
        );
    }

    #[test]
    fn wrong_scenario_tables_are_said_with_their_line() {
        assert_eq!(
            error(
                "[[scenario]]\nname = \"a\"\nsetup = [{ example = \"x\", capture = { id = \"id\" } }]"
            ),
            "exemplar.toml:3: scenario[0].setup[0].capture.id: expected a JSON pointer (`/id`) or `header:NAME`, found \"id\""
        );
        assert_eq!(
            error("[[scenario]]\nname = \"a\"\n[[scenario]]\nname = \"a\""),
            "exemplar.toml:4: scenario[1].name: a second scenario named `a`: names must differ"
        );
        assert_eq!(
            error("[[scenario]]\nname = \"a\"\nsteps = []"),
            "exemplar.toml:3: scenario[0].steps: unknown key: a scenario has `name`, `setup`, `run` and `teardown`"
        );
        assert_eq!(
            error("[[scenario]]\nrun = [\"x\"]"),
            "exemplar.toml:1: scenario[0]: a scenario needs a `name`"
        );
    }
}
