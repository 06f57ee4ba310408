//! What the lenient reader tolerates, and what to change so that it need not.

/// One departure from strict JSON and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tolerance {
    /// Byte offset in the text that was read.
    pub offset: usize,
    /// What was tolerated.
    pub kind: Tolerated,
}

/// The departures from strict JSON the reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerated {
    /// `// …` comment.
    LineComment,
    /// `/* … */` comment.
    BlockComment,
    /// `# …` comment.
    HashComment,
    /// A comma before `}` or `]`.
    TrailingComma,
    /// A comma missing between two members or items.
    MissingComma,
    /// A string in single quotes.
    SingleQuote,
    /// An object key without quotes.
    UnquotedKey,
    /// An unquoted word used as a value, read as a string (or as a literal in another case).
    BareWord,
    /// A `...` truncation mark, skipped.
    Ellipsis,
    /// A non-breaking or other Unicode space outside strings.
    UnicodeSpace,
    /// A raw tab or control character inside a string.
    ControlInString,
    /// A backslash before a character JSON does not escape (`\q`, or `\'` in double quotes),
    /// read as the character itself.
    UnknownEscape,
    /// A `\u` escape of half a surrogate pair, read as U+FFFD.
    LoneSurrogate,
}

impl Tolerated {
    /// A short description that says what to change.
    pub fn describe(self) -> &'static str {
        match self {
            Tolerated::LineComment => "`//` comment: JSON has no comments; remove it",
            Tolerated::BlockComment => "`/* */` comment: JSON has no comments; remove it",
            Tolerated::HashComment => "`#` comment: JSON has no comments; remove it",
            Tolerated::TrailingComma => {
                "trailing comma: remove the comma before the closing bracket"
            }
            Tolerated::MissingComma => "missing comma: add a comma between the two values",
            Tolerated::SingleQuote => "single-quoted string: use double quotes",
            Tolerated::UnquotedKey => "unquoted key: put the key in double quotes",
            Tolerated::BareWord => "unquoted word used as a value: put it in double quotes",
            Tolerated::Ellipsis => {
                "`...` truncation mark: set `truncated: true` in the annotation instead"
            }
            Tolerated::UnicodeSpace => {
                "non-breaking or Unicode space outside a string: use a plain space"
            }
            Tolerated::ControlInString => {
                "raw tab or control character in a string: escape it (`\\t`)"
            }
            Tolerated::UnknownEscape => {
                "escape JSON does not know, read as the character after the backslash: write \
                 the character alone, or `\\\\` for a backslash"
            }
            Tolerated::LoneSurrogate => {
                "`\\u` escape of half a surrogate pair, read as U+FFFD: give both halves \
                 (`\\ud83d\\ude00`) or the character itself"
            }
        }
    }
}
