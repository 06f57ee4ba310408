//! The real mix of the Graph api-reference tree: 11,313 pages with 3,967 examples between them
//! and 14,741 small include snippets that annotate nothing.

use std::path::{Path, PathBuf};

const PAGES: usize = 11_313;
const EXAMPLES: usize = 3_967;
const SNIPPETS: usize = 14_741;

/// Writes the mix under `dir` from the corpus's `pages` (copied round until there are enough;
/// annotations taken out of each page past the examples' count); returns how many files.
pub fn fill(dir: &Path, pages: &[PathBuf]) -> usize {
    let mut examples = 0;
    for n in 0..PAGES {
        let source = &pages[n % pages.len()];
        let target = dir
            .join(format!("copy{:02}", n / pages.len()))
            .join(format!("{:04}.md", n % pages.len()));
        let bytes = std::fs::read(source).expect("read page");
        let text = String::from_utf8_lossy(&bytes);
        let requests = requests(&text);
        let text = match examples + requests <= EXAMPLES && requests > 0 {
            true => {
                examples += requests;
                text.into_owned()
            }
            false => text
                .replace("blockType", "kind")
                .replace("BlockType", "kind")
                .replace("blocktype", "kind"),
        };
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, text).expect("write page");
    }
    let snippets = dir.join("includes/snippets");
    for i in 0..SNIPPETS {
        let sub = snippets.join(format!("{:02}", i % 50));
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join(format!("snippet-{i:05}.md")), snippet(i)).expect("snippet");
    }
    PAGES + SNIPPETS
}

/// How many request annotations `text` holds, near enough: `"blockType": "request"` in any
/// case and spacing.
fn requests(text: &str) -> usize {
    let squeezed: String = text
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    squeezed.matches("\"blocktype\":\"request\"").count()
}

/// A small SDK snippet include, as the real ones are: front matter and a code block.
fn snippet(i: usize) -> String {
    format!(
        "---\ndescription: \"Automatically generated file. DO NOT MODIFY\"\n---\n\n```csharp\n\n// Code snippets are only available for the latest version.\nvar graphClient = new GraphServiceClient(requestAdapter);\n\nvar result = await graphClient.Users[\"{{user-id}}\"].GetAsync();\n// {i}\n```\n"
    )
}
