//! Tells the tests whether `../shared` (the Graph docs corpus) is beside the checkout, and
//! whether a browser is installed: tests that need them are ignored, visibly, where they are
//! missing, except under `CI=true`, where they are always there and their absence must fail them.

fn main() {
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/graph-docs");
    println!("cargo::rerun-if-changed={}", corpus.display());
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rustc-check-cfg=cfg(has_shared)");
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    if ci || corpus.is_dir() {
        println!("cargo::rustc-cfg=has_shared");
    }
    // The HTML report's browser test: run where Debian's chromium and chromedriver are
    // installed, and always under CI (which installs them), where their absence must fail it.
    println!("cargo::rustc-check-cfg=cfg(has_browser)");
    for tool in BROWSER {
        println!("cargo::rerun-if-changed={tool}");
    }
    if ci
        || BROWSER
            .iter()
            .all(|tool| std::path::Path::new(tool).exists())
    {
        println!("cargo::rustc-cfg=has_browser");
    }
}

/// What the browser test drives.
const BROWSER: [&str; 2] = ["/usr/bin/chromium", "/usr/bin/chromedriver"];
