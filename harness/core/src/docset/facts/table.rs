//! A table's cells, kept as one text.

/// A table under a heading. Its cells' text is kept once, one cell after another (a page has
/// hundreds of cells: a string each cost more than reading them).
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// 1-based line of the header row.
    pub line: u32,
    /// Index in `headings` of the heading the table sits under.
    pub section: Option<usize>,
    /// Every cell's text (trimmed), the header's first.
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<u32>,
    /// How many cells the header has (the first of `ends`).
    header: u32,
    /// Each body row: its line, and where its cells end in `ends`.
    rows: Vec<(u32, u32)>,
}

impl Table {
    /// A table whose header row is on `line`, under the heading `section` indexes.
    pub(super) fn new(line: u32, section: Option<usize>) -> Table {
        // Room for a small table: grown from nothing, the text is copied often, and a table
        // held to the end (`--metadata`) keeps what it was given.
        Table {
            line,
            section,
            text: String::with_capacity(256),
            ends: Vec::with_capacity(16),
            ..Table::default()
        }
    }

    /// The header cells.
    pub fn header(&self) -> Row<'_> {
        self.row(0, self.header)
    }

    /// The body rows: line and cells.
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = (u32, Row<'_>)> + '_ {
        (0..self.rows.len()).map(|i| {
            let start = i
                .checked_sub(1)
                .map_or(self.header, |before| self.rows[before].1);
            let (line, end) = self.rows[i];
            (line, self.row(start, end))
        })
    }

    /// Whether the table has no body row.
    pub fn has_no_rows(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row of cells `from..to` (indexes in `ends`).
    fn row(&self, from: u32, to: u32) -> Row<'_> {
        let ends = self
            .ends
            .get(from as usize..to as usize)
            .unwrap_or_default();
        let start = match from {
            0 => 0,
            from => self.ends.get(from as usize - 1).copied().unwrap_or(0),
        };
        Row {
            text: &self.text,
            start,
            ends,
        }
    }

    /// A cell read: its text joins the row being read.
    pub(super) fn cell(&mut self, text: &str) {
        self.text.push_str(text);
        self.ends.push(self.text.len() as u32);
    }

    /// The row being read ends (the header's, `head`), on `line`.
    pub(super) fn end_row(&mut self, line: u32, head: bool) {
        let end = self.ends.len() as u32;
        match head {
            true => self.header = end,
            false => self.rows.push((line, end)),
        }
    }
}

/// The cells of one table row.
#[derive(Debug, Clone, Copy)]
pub struct Row<'t> {
    text: &'t str,
    /// Where its first cell starts in `text`.
    start: u32,
    /// Where each of its cells ends in `text`.
    ends: &'t [u32],
}

impl<'t> Row<'t> {
    /// The `i`th cell, if the row has it.
    pub fn get(&self, i: usize) -> Option<&'t str> {
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => self.start,
            i => self.ends[i - 1],
        };
        self.text.get(start as usize..end as usize)
    }

    /// The first cell.
    pub fn first(&self) -> Option<&'t str> {
        self.get(0)
    }

    /// How many cells it has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Its cells in order.
    pub fn iter(&self) -> impl Iterator<Item = &'t str> + use<'t> {
        let row = *self;
        (0..row.len()).filter_map(move |i| row.get(i))
    }
}

#[cfg(test)]
mod tests {
    /// Each row's line and cells, as the facts read them.
    fn read(markdown: &str) -> Vec<(u32, Vec<String>)> {
        let facts = crate::docset::facts(markdown);
        let table = &facts.tables[0];
        let header = table.header().iter().map(str::to_owned).collect();
        let mut rows = vec![(table.line, header)];
        rows.extend(
            table
                .rows()
                .map(|(line, cells)| (line, cells.iter().map(str::to_owned).collect())),
        );
        rows
    }

    #[test]
    fn cells_come_back_row_by_row_trimmed_with_their_lines() {
        let markdown = "# T\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The **id**. |\n|  | Int32 |  |\n| a `b` | c | é |\n";
        let rows = read(markdown);
        let cells = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            rows,
            [
                (3, cells(&["Property", "Type", "Description"])),
                (5, cells(&["id", "String", "The id."])),
                (6, cells(&["", "Int32", ""])),
                (7, cells(&["a b", "c", "é"])),
            ]
        );
        let facts = crate::docset::facts(markdown);
        let table = &facts.tables[0];
        let (line, last) = table.rows().next_back().expect("a last row");
        assert_eq!(
            (line, last.first(), last.get(2), last.get(3)),
            (7, Some("a b"), Some("é"), None)
        );
        assert_eq!(
            (last.len(), table.header().len(), table.has_no_rows()),
            (3, 3, false)
        );
    }

    #[test]
    fn a_table_of_only_a_header_has_no_rows() {
        let facts = crate::docset::facts("| A | B |\n|---|---|\n");
        let table = &facts.tables[0];
        assert!(table.has_no_rows());
        assert_eq!(table.header().iter().collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(table.rows().count(), 0);
    }
}
