//! The HTML report in a real browser: Debian's headless Chromium driven over WebDriver
//! (chromedriver on a free loopback port), the report opened from a `file://` URL.
//!
//! Ignored, visibly, where `/usr/bin/chromium` or `/usr/bin/chromedriver` is missing; run, and
//! failing without them, under `CI=true` (`.ci/run` installs them).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const MISSING: &str = "needs chromium and chromedriver: apt-get install chromium chromium-driver";

/// A chromedriver with one browser session; the driver is ended when dropped.
pub(crate) struct Browser {
    driver: Child,
    pub(crate) client: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start() -> Browser {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            assert!(Path::new(tool).exists(), "{tool} is missing: {MISSING}");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("a browser profile");
        let browser = Browser {
            driver,
            client: connect(port, &profile.path().display().to_string()).await,
            _profile: profile,
        };
        browser
            .client
            .set_window_size(1280, 900)
            .await
            .expect("window size");
        browser
    }

    /// Opens the page at `path`; the time until its load event.
    pub(crate) async fn open(&self, path: &Path) -> Duration {
        let url = url::Url::from_file_path(path).expect("an absolute path");
        let started = Instant::now();
        self.client
            .goto(url.as_str())
            .await
            .expect("open the report");
        started.elapsed()
    }

    /// The text of the first element `css` selects, waited for (at most ten seconds): the
    /// report's script builds its parts after the load event, later on a busy machine.
    pub(crate) async fn text(&self, css: &str) -> String {
        let waiting = self.client.wait().at_most(Duration::from_secs(10));
        let found = waiting.for_element(Locator::Css(css)).await;
        found.expect(css).text().await.expect("text")
    }

    pub(crate) async fn displayed(&self, css: &str) -> Vec<bool> {
        let mut shown = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.expect(css) {
            shown.push(element.is_displayed().await.expect("displayed"));
        }
        shown
    }

    pub(crate) async fn script(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.expect(script)
    }

    /// Waits (at most ten seconds) until `#shown` says `text`, after a debounced filter.
    async fn until_shown(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.text("#shown").await != text {
            assert!(
                Instant::now() < deadline,
                "never {text}: {}",
                self.text("#shown").await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// A WebDriver session with headless Chromium, retried while chromedriver starts.
async fn connect(port: u16, profile: &str) -> Client {
    let options = json!({
        "binary": CHROMIUM,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", format!("--user-data-dir={profile}"),
        ],
    });
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let client = ClientBuilder::new(connector.clone())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match client {
            Ok(client) => return client,
            Err(error) if Instant::now() > deadline => panic!("no browser session: {error}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Runs `check` with a browser, and closes the browser (Chromium with it) whatever happens.
pub(crate) async fn with_browser<F, Fut>(check: F)
where
    F: FnOnce(std::sync::Arc<Browser>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let browser = std::sync::Arc::new(Browser::start().await);
    let outcome = tokio::spawn(check(browser.clone())).await;
    let _ = browser.client.clone().close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
}

#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromedriver (apt-get install chromium chromium-driver)"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_html_report_shows_totals_filters_and_marked_mismatches_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, report) = crate::html_report::generate(dir.path()).await;
    with_browser(move |browser| async move {
        browser.open(&report).await;
        totals_and_unread_pages_are_shown(&browser).await;
        the_failure_is_open_and_marked(&browser).await;
        a_passed_example_opens_on_a_click(&browser).await;
        the_filters_hide_and_keep_examples(&browser).await;
    })
    .await;
}

/// The totals, the pages that could not be read, and how many examples are shown.
async fn totals_and_unread_pages_are_shown(browser: &Browser) {
    let totals = browser.text("#totals").await;
    for total in [
        "4 selected",
        "2 passed",
        "1 failed",
        "1 skipped",
        "0 errors",
        "exit code 1",
    ] {
        assert!(
            totals.contains(total),
            "no `{total}` in the totals: {totals}"
        );
    }
    assert!(totals.contains("1 page not read"), "{totals}");
    let pages = browser.text("#pages").await;
    assert!(pages.contains("e-broken.md: "), "{pages}");
    assert_eq!(browser.text("#shown").await, "showing 4 of 4");
}

/// The failure is open: its mismatches are marked on the lines of their pointers, and its
/// request is shown with the credential redacted.
async fn the_failure_is_open_and_marked(browser: &Browser) {
    let marks = browser.displayed(".ex.failed .observed .l.mark").await;
    assert_eq!(
        marks,
        [true, true],
        "the observed side's marks are not visible"
    );
    let differs = browser
        .text(".ex.failed .observed .l.mark[data-pointer='/body/displayName']")
        .await;
    assert!(differs.contains(r#""displayName": "Robert""#), "{differs}");
    let missing = browser
        .text(".ex.failed .documented .l.mark[data-pointer='/body/jobTitle']")
        .await;
    assert!(missing.contains(r#""jobTitle": "Dev""#), "{missing}");
    let request = browser.text(".ex.failed pre.request").await;
    assert!(request.starts_with("GET /v1.0/users/7"), "{request}");
    assert!(request.contains("authorization: [redacted]"), "{request}");
}

/// A passed example opens on a click, its request shown as text, never as markup.
async fn a_passed_example_opens_on_a_click(browser: &Browser) {
    assert_eq!(browser.displayed(".ex.passed").await, [true, true]);
    let create = browser
        .client
        .find(Locator::Css(".ex.passed:nth-of-type(3) > summary"))
        .await;
    create
        .expect("the POST example")
        .click()
        .await
        .expect("click");
    let sent = browser.text(".ex.passed pre.request").await;
    assert!(
        sent.contains(r#""displayName":"</script><b>Ops</b>""#),
        "{sent}"
    );
}

/// The "passed" filter hides the passed examples, and only them; the text filter keeps the
/// examples whose file, name, reason or request match.
async fn the_filters_hide_and_keep_examples(browser: &Browser) {
    let filter = browser.client.find(Locator::Id("filter-passed")).await;
    filter
        .expect("the passed filter")
        .click()
        .await
        .expect("click");
    assert_eq!(browser.displayed(".ex.passed").await, [false, false]);
    assert_eq!(
        browser.displayed(".ex.failed, .ex.skipped").await,
        [true, true]
    );
    browser.until_shown("showing 2 of 4").await;

    // The text filter keeps the examples whose file, name, reason or request match.
    let search = browser
        .client
        .find(Locator::Id("search"))
        .await
        .expect("search");
    search.send_keys("users/7").await.expect("type");
    browser.until_shown("showing 1 of 4").await;
    assert_eq!(
        browser.displayed(".ex.failed, .ex.skipped").await,
        [true, false]
    );
}

/// A report of 5,000 examples (a fifth of them failed, with bodies and marks) opened in the
/// browser: prints how long the page took to build its rows and to first paint them. A figure
/// to read (`cargo test --test it html_report_of_5000 -- --nocapture`), not a timed assertion.
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromedriver (apt-get install chromium chromium-driver)"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_report_of_5000_examples_loads_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("big.html");
    std::fs::write(&report, big_report(5000)).unwrap();
    let size = std::fs::metadata(&report).unwrap().len();
    with_browser(move |browser| async move {
        let load = browser.open(&report).await;
        browser.until_painted().await;
        let rendered = browser.script("return window.exemplarRendered").await;
        let painted = browser.script("return window.exemplarPainted").await;
        let rows = browser.script("return document.querySelectorAll('.ex').length").await;
        assert_eq!(rows, json!(5000));
        assert!(browser.text("#totals").await.contains("1000 failed"));
        println!(
            "5000 examples, {} KiB: load event after {} ms, rows built {:.0} ms and painted {:.0} ms after navigation start",
            size / 1024,
            load.as_millis(),
            rendered.as_f64().unwrap_or(f64::NAN),
            painted.as_f64().unwrap_or(f64::NAN),
        );
    })
    .await;
}

impl Browser {
    /// Waits (at most a minute) for the page's first paint after its rows were built.
    async fn until_painted(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self
            .script("return window.exemplarPainted || null")
            .await
            .is_null()
        {
            assert!(Instant::now() < deadline, "the report never painted");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The HTML report of `n` made-up examples over 250 pages: four in five passed, one in five
/// failed with two mismatches in bodies of ten properties.
fn big_report(n: usize) -> Vec<u8> {
    use exemplar_run::report::{Html, Reporter};
    use exemplar_run::{Event, Outcome, Summary};
    let mut html = Html::new(Vec::new(), Default::default());
    let mut summary = Summary {
        selected: n,
        ..Summary::default()
    };
    for i in 0..n {
        let result = made_up_example(i);
        if result.outcome == Outcome::Failed {
            summary.failed += 1;
        } else {
            summary.passed += 1;
        }
        html.event(&Event::Example(Box::new(result))).unwrap();
    }
    html.event(&Event::Finished(summary)).unwrap();
    html.into_inner()
}

/// Made-up example `i` of `big_report`: failed one time in five, with two mismatches.
fn made_up_example(i: usize) -> exemplar_run::ExampleResult {
    use exemplar_run::{ExampleResult, Outcome, SentRequest};
    let outcome = if i % 5 == 4 {
        Outcome::Failed
    } else {
        Outcome::Passed
    };
    let documented: serde_json::Map<String, Value> = (0..10)
        .map(|k| (format!("property{k}"), json!(format!("value {k}"))))
        .collect();
    let mut observed = documented.clone();
    observed.insert("property3".into(), json!("other"));
    observed.remove("property7");
    let failed = outcome == Outcome::Failed;
    let mismatches = if failed {
        vec![
            exemplar_core::compare::Mismatch::new(
                "/body/property3",
                exemplar_core::compare::Problem::Differs,
                json!("value 3"),
                json!("other"),
            ),
            exemplar_core::compare::Mismatch::new(
                "/body/property7",
                exemplar_core::compare::Problem::Missing,
                json!("value 7"),
                Value::Null,
            ),
        ]
    } else {
        Vec::new()
    };
    ExampleResult {
        file: format!("docs/api/page-{}.md", i / 20),
        line: 10 + (i % 20) as u32 * 30,
        name: Some(format!("example_{i}")),
        outcome,
        reason: None,
        mismatches,
        request: Some(SentRequest {
            method: "GET".into(),
            target: format!("/v1.0/users/{i}"),
            headers: vec![("accept".into(), "application/json".into())],
            body: None,
        }),
        bodies: failed.then_some((Value::Object(documented), Value::Object(observed))),
        snapshot: Default::default(),
        snapshot_change: None,
        duration: Duration::from_millis(40 + (i % 17) as u64),
        order: (i / 20, i % 20),
        scenario: None,
        fix: None,
        fixable: false,
        exchange: None,
        operation: None,
    }
}
