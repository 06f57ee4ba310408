/// The old way: split the base, fold the path's segments, join.
fn by_parts(base: &str, path: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." if parts.len() > 1 => _ = parts.pop(),
            ".." => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn resolving_in_place_folds_as_splitting_does() {
    let bases = ["/d/v1.0/api", "", "a/b", "/a//b", "a/", "/"];
    let paths = [
        "x.md",
        "../x.md",
        "../../../../x",
        "./a/./b/../c",
        "..",
        "a//b",
        "",
    ];
    for base in bases {
        for path in paths {
            let page = super::Page {
                shown: "",
                path: &format!("{base}/page.md"),
                root: base,
                doc: &crate::model::DocFile::default(),
                facts: &super::super::Facts::default(),
            };
            assert_eq!(
                super::resolve(&page, path),
                by_parts(base, path),
                "{base} + {path}"
            );
            let rooted = format!("/{path}");
            assert_eq!(
                super::resolve(&page, &rooted),
                by_parts(base, &rooted),
                "{base} + {rooted}"
            );
        }
    }
}

/// A `pathsToIgnore` prefix matches whole segments in any case, ASCII or not.
#[test]
fn ignored_prefixes_match_whole_segments_in_any_case() {
    let prefixes = ["/Graph/API/".to_owned(), "/gräph".to_owned()];
    for (path, ignored) in [
        ("/graph/api/user.md", true),
        ("/GRAPH/api", true),
        ("/graph/api?x=1", true),
        ("/graph/apis/user.md", false),
        ("/graph", false),
        ("/GRÄPH/x", true),
        ("/gräphs", false),
        ("/other/graph/api", false),
    ] {
        assert_eq!(super::ignored(path, &prefixes), ignored, "{path}");
    }
}

/// The old reading of a link: split at the first `#`, then at the first `?`; a scheme is what
/// stands before the first `:`, when it is made of scheme characters.
fn by_splitting(dest: &str) -> Option<(String, String)> {
    let scheme = dest.split_once(':').map(|(s, _)| s);
    let external = dest.starts_with("//")
        || scheme.is_some_and(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    if external {
        return None;
    }
    let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
    let path = path.split('?').next().unwrap_or("");
    Some((super::decoded(path).into_owned(), fragment.to_owned()))
}

#[test]
fn a_link_is_read_in_one_pass_as_splitting_it_reads_it() {
    let dests = [
        "user-get.md",
        "../resources/user.md#properties",
        "user.md?view=graph-rest-1.0#x",
        "user.md#a?b",
        "?q#f",
        "#only-fragment",
        "a%20b.md#c%20d",
        "https://graph.microsoft.com/v1.0/me",
        "mailto:someone@example.com",
        "//cdn.example.com/x.png",
        "c:\\docs\\x.md",
        "a/b:c.md",
        ":x",
        "été:x",
        "x.md#",
        "",
    ];
    let config = super::DocSetConfig::default();
    for dest in dests {
        let link = super::Link {
            kind: super::LinkKind::Link,
            dest: dest.to_owned(),
            line: 1,
            column: 1,
        };
        let read =
            super::parts(&link.dest, &config).map(|(_, p, f)| (p.into_owned(), f.to_owned()));
        assert_eq!(read, by_splitting(dest), "{dest}");
    }
}

/// A site of the files `/d/api/a.md` and `/d/resources/r.md`, whose only anchor is `x`.
struct Two;

impl super::Site for Two {
    fn find(&self, path: &str) -> super::Found {
        match path {
            "/d/api/a.md" | "/d/resources/r.md" => super::Found::File,
            "/d/api" | "/d/resources" => super::Found::Folder,
            _ => super::Found::Missing,
        }
    }
    fn anchors(&self, path: &str) -> Option<&[String]> {
        static ANCHORS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let anchors = ANCHORS.get_or_init(|| vec!["x".into()]);
        path.ends_with(".md").then_some(anchors.as_slice())
    }
    fn names(&self, _: &str) -> Vec<String> {
        Vec::new()
    }
}

/// One memo kept over pages of several folders (as a reading thread keeps it) finds what a
/// fresh one finds for each page: a destination met in one folder is not taken for the same
/// one written in another, where it names another file.
#[test]
fn a_memo_kept_over_folders_finds_what_a_fresh_one_finds() {
    let config = super::DocSetConfig::default();
    let pages = [
        (
            "/d/api/a.md",
            "[a](a.md) [b](../resources/r.md#x) [c](#y) [d](r.md)",
        ),
        (
            "/d/api/b.md",
            "[a](a.md#z) [b](../resources/r.md#x) [d](r.md) [e](/api/a.md)",
        ),
        (
            "/d/resources/r.md",
            "[a](a.md) [b](../resources/r.md#q) [d](r.md) [e](/api/a.md)",
        ),
        ("/e/api/a.md", "[a](a.md) [d](r.md) [e](/api/a.md)"),
        (
            "/d/api/c.md",
            "[a](a.md) [d](r.md) [f](https://x.test/a.md)",
        ),
    ];
    let mut kept = super::Memo::default();
    for (path, text) in pages {
        let facts = crate::docset::facts(text);
        let root = path.split('/').take(2).collect::<Vec<_>>().join("/");
        let page = super::Page {
            shown: path,
            path,
            root: &root,
            doc: &crate::model::DocFile::default(),
            facts: &facts,
        };
        let found = |memo: &mut super::Memo| {
            let early = super::early(&page, &config, &Two, memo, true);
            let messages: Vec<String> = early.found.iter().map(|d| d.message.clone()).collect();
            (messages, early.later, early.targets)
        };
        let fresh = found(&mut super::Memo::default());
        assert!(
            !fresh.0.is_empty() || !fresh.1.is_empty(),
            "{path}: nothing found"
        );
        assert_eq!(found(&mut kept), fresh, "{path}");
    }
}
