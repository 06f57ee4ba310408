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
        let read = super::parts(&link, &config).map(|(_, p, f)| (p.into_owned(), f.to_owned()));
        assert_eq!(read, by_splitting(dest), "{dest}");
    }
}
