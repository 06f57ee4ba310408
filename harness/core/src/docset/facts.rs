//! One markdown pass over a page, gathering what the doc-set checks read: the front matter,
//! headings with their ids, links (inline, reference, images, includes), HTML anchors, tables
//! with the section they sit in, docfx tab markers and the page annotation's suppressions.
//! It only reads the text it is handed.

use pulldown_cmark::{BrokenLink, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::anchors::Ids;
use crate::doc::source::LineIndex;

mod table;
pub use table::{Row, Table};

/// What one page holds for the doc-set checks.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The YAML front matter, when the page opens with `---`.
    pub front_matter: Option<FrontMatter>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Every id a link can target: heading ids and `<a name>`/`<a id>` anchors.
    pub anchors: Vec<String>,
    /// Links, images and includes in order.
    pub links: Vec<Link>,
    /// Tables in order.
    pub tables: Vec<Table>,
    /// docfx tab headings (`# [HTTP](#tab/http)`) and the `---` rules that close groups.
    pub tabs: Vec<TabMark>,
    /// The page annotation's `suppressions`, with the line of the annotation.
    pub suppressions: Vec<(String, u32)>,
}

impl Facts {
    /// What the link checks need of the facts, once the page's other checks are made
    /// ([`super::check_local`]): its links, anchors and suppressions.
    pub fn for_links(self) -> Facts {
        Facts {
            anchors: self.anchors,
            links: self.links,
            suppressions: self.suppressions,
            ..Facts::default()
        }
    }
}

/// The YAML between the opening `---` and the closing one.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// The YAML text.
    pub text: String,
    /// 1-based line of the YAML's first line.
    pub line: u32,
    /// Whether a closing `---` was found.
    pub closed: bool,
}

/// A heading: level, plain text and place (its id is among the page's anchors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The text a reader sees.
    pub text: String,
    /// 1-based line.
    pub line: u32,
}

/// What kind of reference a link is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](url)` or `[text][id]`.
    Link,
    /// `![alt](url)`.
    Image,
    /// `[!INCLUDE [..](path)]`.
    Include,
    /// `[text][id]` whose `id` is defined nowhere.
    Undefined,
}

/// A link as written, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Link, image, include or undefined reference.
    pub kind: LinkKind,
    /// The destination as written (the label for an undefined reference).
    pub dest: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// A tab heading or a rule, in page order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabMark {
    /// `# [label](#tab/id)` on `line`; `section` indexes the nearest heading of level 2 or less.
    Tab {
        /// The label.
        label: String,
        /// What follows `#tab/`.
        id: String,
        /// 1-based line.
        line: u32,
        /// The nearest heading of level 1 or 2 before it.
        section: Option<usize>,
    },
    /// A `---` rule.
    Rule,
    /// Any other heading.
    Heading,
}

/// The markdown options the facts are read with (and, sharing the pass, the examples): no
/// YAML metadata blocks, which would change how examples are read; the front matter's lines
/// are left out of the facts instead.
pub(crate) const OPTIONS: Options = Options::ENABLE_TABLES;

/// Reads the facts of one page.
pub fn facts(text: &str) -> Facts {
    let index = LineIndex::new(text);
    let mut reader = Reader::new(text, &index);
    let mut undefined = Vec::new();
    let mut callback = |broken: BrokenLink<'_>| {
        undefined_reference(&mut undefined, &broken);
        None
    };
    let parser = Parser::new_with_broken_link_callback(text, OPTIONS, Some(&mut callback));
    for (event, range) in parser.into_offset_iter() {
        reader.event(&event, range.start);
    }
    reader.undefined(undefined);
    reader.finish()
}

/// Keeps a reference link whose label is defined nowhere: where it starts, and the label.
pub(crate) fn undefined_reference(undefined: &mut Vec<(usize, String)>, broken: &BrokenLink<'_>) {
    if matches!(
        broken.link_type,
        LinkType::Reference | LinkType::ReferenceUnknown
    ) {
        undefined.push((broken.span.start, broken.reference.to_string()));
    }
}

/// Reads a page's facts from the events of a markdown pass someone else drives (extraction
/// shares its pass this way, so an annotated page is parsed once).
pub(crate) struct Reader<'t> {
    text: &'t str,
    index: &'t LineIndex,
    facts: Facts,
    walk: Walk,
    /// Where the front matter ends: events before it are not the page's content.
    body: usize,
}

impl<'t> Reader<'t> {
    /// Starts reading the page `text`, whose lines `index` holds.
    pub(crate) fn new(text: &'t str, index: &'t LineIndex) -> Self {
        let (front_matter, body) = super::front_matter::read(text);
        Reader {
            text,
            index,
            facts: Facts {
                front_matter,
                ..Facts::default()
            },
            walk: Walk::default(),
            body,
        }
    }

    /// Takes one event of a pass over the whole page with [`OPTIONS`], starting at `at`.
    pub(crate) fn event(&mut self, event: &Event<'_>, at: usize) {
        if at < self.body {
            return;
        }
        (self.walk).event(&mut self.facts, self.text, self.index, event, at);
    }

    /// Whether a text event now would be read (in a heading or a table cell; text elsewhere
    /// is not, so a pass may leave it out).
    pub(crate) fn takes_text(&self) -> bool {
        self.walk.heading.is_some() || self.walk.in_cell
    }

    /// Takes the undefined references the pass's callback kept ([`undefined_reference`]).
    pub(crate) fn undefined(&mut self, undefined: Vec<(usize, String)>) {
        for (at, label) in undefined {
            let (line, column) = self.index.position(self.text, at);
            let kind = LinkKind::Undefined;
            self.facts.links.push(Link {
                kind,
                dest: label,
                line,
                column,
            });
        }
    }

    /// The facts.
    pub(crate) fn finish(self) -> Facts {
        let mut facts = self.facts;
        facts.links.sort_by_key(|l| (l.line, l.column));
        facts.anchors.extend(self.walk.ids.taken());
        facts
    }
}

/// Where the walk is: inside a heading, a table cell, a link.
/// The texts being gathered (a heading's, a cell's, an HTML block's) go into buffers kept from
/// one to the next: a page has hundreds of cells.
#[derive(Default)]
struct Walk {
    /// The heading being read: its level and line; its text is in `heading_text`.
    heading: Option<(u8, u32)>,
    heading_text: String,
    heading_tab: Option<String>,
    /// Whether a table cell is being read; its text is in `cell_text`.
    in_cell: bool,
    cell_text: String,
    table: Option<Table>,
    in_head: bool,
    ids: Ids,
    section: Option<usize>,
    /// The first line of the HTML block being read; its text is in `html_text`.
    html: Option<u32>,
    html_text: String,
}

impl Walk {
    fn event(
        &mut self,
        facts: &mut Facts,
        text: &str,
        index: &LineIndex,
        event: &Event<'_>,
        at: usize,
    ) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.start_heading(*level as u8, index.line(at))
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(facts),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.tab(dest_url);
                let kind = match text[..at].trim_end().ends_with("[!INCLUDE") {
                    true => LinkKind::Include,
                    false => LinkKind::Link,
                };
                push_link(facts, text, index, kind, dest_url, at);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                push_link(facts, text, index, LinkKind::Image, dest_url, at);
            }
            Event::Text(t) | Event::Code(t) => self.text(t),
            Event::Start(Tag::HtmlBlock) => self.start_html(index.line(at)),
            Event::Html(html) => match self.html {
                Some(_) => self.html_text.push_str(html),
                None => super::html::anchors(facts, index.line(at), html),
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(line) = self.html.take() {
                    super::html::anchors(facts, line, &self.html_text);
                }
            }
            Event::InlineHtml(html) => super::html::anchors(facts, index.line(at), html),
            Event::Rule => facts.tabs.push(TabMark::Rule),
            Event::Start(Tag::Table(_)) => {
                let line = index.line(at);
                self.table = Some(Table::new(line, facts.headings.len().checked_sub(1)));
            }
            Event::Start(Tag::TableHead) => self.in_head = true,
            Event::Start(Tag::TableCell) => self.cell(true),
            Event::End(TagEnd::TableCell) => self.cell(false),
            Event::End(TagEnd::TableHead) => self.end_row(index.line(at), true),
            Event::End(TagEnd::TableRow) => self.end_row(index.line(at), false),
            Event::End(TagEnd::Table) => facts.tables.extend(self.table.take()),
            _ => {}
        }
    }

    fn start_heading(&mut self, level: u8, line: u32) {
        self.heading = Some((level, line));
        self.heading_text.clear();
        self.heading_tab = None;
    }

    fn start_html(&mut self, line: u32) {
        self.html = Some(line);
        self.html_text.clear();
    }

    /// A table cell starts (`true`) or ends, and its text joins the row.
    fn cell(&mut self, start: bool) {
        if let Some(table) = self.table.as_mut().filter(|_| !start) {
            table.cell(self.cell_text.trim());
        }
        self.in_cell = start;
        self.cell_text.clear();
    }

    /// A link to `#tab/…` inside a heading makes it a docfx tab heading.
    fn tab(&mut self, dest: &str) {
        if let Some(tab) = dest
            .strip_prefix("#tab/")
            .filter(|_| self.heading.is_some())
        {
            self.heading_tab = Some(tab.to_owned());
        }
    }

    fn text(&mut self, t: &str) {
        if self.heading.is_some() {
            self.heading_text.push_str(t);
        }
        if self.in_cell {
            self.cell_text.push_str(t);
        }
    }

    fn end_row(&mut self, line: u32, head: bool) {
        if let Some(table) = self.table.as_mut() {
            table.end_row(line, head);
        }
        self.in_head = false;
    }

    fn end_heading(&mut self, facts: &mut Facts) {
        let Some((level, line)) = self.heading.take() else {
            return;
        };
        let text = self.heading_text.trim().to_owned();
        let tab = self.heading_tab.take();
        if level <= 2 && tab.is_none() {
            self.section = Some(facts.headings.len());
        }
        match tab {
            Some(id) => facts.tabs.push(TabMark::Tab {
                label: text.clone(),
                id,
                line,
                section: self.section,
            }),
            None => facts.tabs.push(TabMark::Heading),
        }
        self.ids.take(&text);
        facts.headings.push(Heading { level, text, line });
    }
}

fn push_link(
    facts: &mut Facts,
    text: &str,
    index: &LineIndex,
    kind: LinkKind,
    dest: &str,
    at: usize,
) {
    let (line, column) = index.position(text, at);
    facts.links.push(Link {
        kind,
        dest: dest.to_owned(),
        line,
        column,
    });
}
