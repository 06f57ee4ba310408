//! Tells the tests whether `../shared` (the Graph docs corpus) is beside the checkout: tests
//! that need it are ignored, visibly, where it is missing, except under `CI=true`, where it is
//! always there and its absence must fail them.

fn main() {
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/graph-docs");
    println!("cargo::rerun-if-changed={}", corpus.display());
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rustc-check-cfg=cfg(has_shared)");
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    if ci || corpus.is_dir() {
        println!("cargo::rustc-cfg=has_shared");
    }
}
