"use strict";
// Renders the report's data (the JSON above) with textContent only: nothing from a doc or a
// server is ever parsed as HTML. An example's details are built when it is first opened.
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const OUTCOMES = ["failed", "error", "skipped", "passed"];
  // The first failures are open at load, as long as their bodies stay under so many lines.
  const AUTO_OPEN = 20;
  const AUTO_OPEN_LINES = 5000;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function ms(value) {
    if (value >= 10000) return (value / 1000).toFixed(1) + " s";
    if (value >= 100) return Math.round(value) + " ms";
    return value.toFixed(1) + " ms";
  }

  function count(n) { return Number(n).toLocaleString("en-US"); }

  function kib(bytes) { return count(Math.round(bytes / 1024)) + " KiB"; }

  // A stacked bar of `counts` ({passed, failed, …}), one segment per outcome with any.
  function stack(counts, label, vertical) {
    const bar = el("div", "stack");
    const total = OUTCOMES.reduce((sum, o) => sum + (counts[o] || 0), 0);
    const said = [];
    for (const outcome of OUTCOMES) {
      const n = counts[outcome] || 0;
      if (!n) continue;
      const seg = el("div", "seg " + outcome);
      seg.style[vertical ? "height" : "width"] = (100 * n / total) + "%";
      seg.dataset.count = n;
      seg.title = count(n) + " " + outcome;
      said.push(seg.title);
      bar.append(seg);
    }
    bar.setAttribute("aria-label", label + ": " + (said.join(", ") || "nothing"));
    return bar;
  }

  // The shape of the run: a bar of its outcomes, its folders, and how long examples took.
  function overview() {
    const t = data.totals;
    if (!data.examples.length) return;
    const box = document.getElementById("overview");
    const bar = document.getElementById("bar");
    const made = stack(t, "Outcomes");
    made.id = "bar";
    made.setAttribute("role", "img");
    bar.replaceWith(made);
    const body = document.querySelector("#folders tbody");
    for (const f of data.folders) {
      const tr = el("tr");
      tr.append(el("td", "loc", f.folder), el("td", null, count(f.pages)));
      const cell = el("td");
      cell.append(stack(f, f.folder));
      tr.append(cell);
      for (const o of ["passed", "failed", "skipped", "error"]) tr.append(el("td", o, count(f[o])));
      body.append(tr);
    }
    histogram(document.getElementById("timing"));
    box.hidden = false;
  }

  function edge(value) { return value >= 1000 ? value / 1000 + " s" : value + " ms"; }

  // `1–2 ms`, `500 ms–1 s`, `≥ 50 s`: a bar's range, its unit said once when both ends share it.
  function span(from, to) {
    if (to === null) return "≥ " + edge(from);
    const [a, b] = [edge(from), edge(to)];
    const unit = (text) => text.split(" ")[1];
    return unit(a) === unit(b) ? a.split(" ")[0] + "–" + b : a + "–" + b;
  }

  // One column per bar of the histogram, its height the share of the fullest bar's PLOT px.
  const PLOT = 80;
  function histogram(box) {
    const bins = data.histogram;
    const sizes = bins.map((b) => b.passed + b.failed + b.error);
    const most = Math.max(1, ...sizes);
    const said = [];
    bins.forEach((bin, i) => {
      const range = span(bin.from_ms, bin.to_ms);
      const col = el("div", "col");
      const bar = stack(bin, range, true);
      bar.style.height = (PLOT * sizes[i] / most) + "px";
      col.append(el("span", "n", sizes[i] ? count(sizes[i]) : ""), bar, el("span", "edge", range));
      col.title = range + ": " + count(sizes[i]) + (sizes[i] === 1 ? " example" : " examples");
      said.push(col.title);
      box.append(col);
    });
    if (!bins.length) box.append(el("p", "note", "No example was sent."));
    box.setAttribute("aria-label", "Time per example: " + said.join("; "));
  }

  // The coverage of the service's operations (`run --metadata`), per version and namespace.
  function coverage() {
    const c = data.coverage;
    if (!c) return;
    const section = document.getElementById("coverage");
    const row = (r, total) => {
      const tr = el("tr");
      tr.append(el("td", null, total ? "all" : r.version || "(any)"), el("td", null, total ? "" : r.namespace));
      tr.append(el("td", "ops", count(r.operations)));
      for (const k of ["documented", "exemplified", "proven"]) {
        tr.append(el("td", k, r[k + "_pct"].toFixed(1) + " % (" + count(r[k]) + ")"));
      }
      return tr;
    };
    for (const r of c.rows) section.querySelector("tbody").append(row(r, false));
    section.querySelector("tfoot").append(row(c.summary, true));
    section.querySelector(".note").textContent = "Proven: an example of the operation passed in this run. " +
      (c.unmatched ? count(c.unmatched) + " documented URLs call no operation of the CSDL (exemplar coverage lists them)." : "");
    section.hidden = false;
  }

  // What was cut from a body past the report's limit.
  function cutNote(cut) {
    let text = "… " + kib(cut.bytes) + " more cut";
    if (cut.lines) text += " (" + count(cut.lines) + (cut.lines === 1 ? " line)" : " lines)");
    return el("p", "cut", text + ": this report shows the first " + kib(cut.limit) + " of a body.");
  }

  function totals() {
    const t = data.totals;
    const box = document.getElementById("totals");
    box.textContent = "";
    const parts = [
      ["selected", t.selected, "selected"], ["passed", t.passed, "passed"],
      ["failed", t.failed, "failed"], ["skipped", t.skipped, "skipped"],
      ["error", t.error, t.error === 1 ? "error" : "errors"],
    ];
    if (t.teardown_failed) parts.push(["error", t.teardown_failed, t.teardown_failed === 1 ? "teardown failed" : "teardowns failed"]);
    if (t.pages_failed) parts.push(["error", t.pages_failed, t.pages_failed === 1 ? "page not read" : "pages not read"]);
    for (const [cls, n, label] of parts) {
      const span = el("span", "total " + cls);
      span.append(el("b", null, n), " " + label);
      box.append(span);
    }
    box.append(el("span", "total", "in " + ms(t.duration_ms)));
    box.append(el("span", "total", t.end + ", exit code " + t.exit_code));
    if (data.target) document.getElementById("target").textContent = "Target: " + data.target;
  }

  function listed(id, items, text) {
    if (!items.length) return;
    const section = document.getElementById(id);
    const ul = section.querySelector("ul");
    for (const item of items) ul.append(el("li", null, text(item)));
    section.hidden = false;
  }

  function code(lines, marks, mismatches) {
    const pre = el("div", "code");
    const rows = lines.map((line) => { const d = el("div", "l", line); pre.append(d); return d; });
    for (const [line, index, exact] of marks) {
      const row = rows[line];
      if (!row) continue;
      const m = mismatches[index];
      row.classList.add(exact ? "mark" : "near");
      row.dataset.pointer = m.pointer;
      row.title = row.title ? row.title + "\n" + m.text : m.text;
      row.prepend(el("span", "tag", "#" + (index + 1) + " " + m.problem));
    }
    return pre;
  }

  function details(ex) {
    const box = el("div", "detail");
    if (ex.request) {
      const r = ex.request;
      let text = r.method + " " + r.target;
      for (const [name, value] of r.headers) text += "\n" + name + ": " + value;
      if (r.body) text += "\n\n" + r.body;
      box.append(el("h4", null, "Request sent"), el("pre", "request", text));
      if (r.body_cut) box.append(cutNote(r.body_cut));
    }
    const found = ex.mismatches || [];
    if (found.length) {
      const ol = el("ol", "mismatches");
      for (const m of found) {
        const li = el("li", "problem-" + m.problem);
        li.append(el("code", null, m.pointer), m.text.slice(m.pointer.length));
        ol.append(li);
      }
      box.append(el("h4", null, "Mismatches"), ol);
    }
    if (ex.fixable) box.append(el("p", "fixable", "fixable with --fix: run again with --fix to update the docs (--diff shows the edits)"));
    if (ex.bodies) {
      const sides = el("div", "sides");
      ["Documented", "Observed"].forEach((title, i) => {
        const side = el("div", "side " + title.toLowerCase());
        side.append(el("h4", null, title + " body"), code(ex.bodies[i].lines, ex.bodies[i].marks, found));
        if (ex.bodies[i].cut) side.append(cutNote(ex.bodies[i].cut));
        sides.append(side);
      });
      box.append(sides);
    }
    if (ex.snapshot_diff) {
      const pre = el("div", "code diff");
      for (const [tag, line] of ex.snapshot_diff) {
        const cls = { "+": "ins", "-": "del", "@": "hunk" }[tag] || "";
        pre.append(el("div", "l " + cls, (tag === "@" ? "" : tag) + line));
      }
      box.append(el("h4", null, "Snapshot: stored (−) and new (+)"), pre);
    }
    box.append(el("div", "meta", "snapshot: " + ex.snapshot + " · " + ms(ex.duration_ms)));
    return box;
  }

  function fill(row) {
    if (row.dataset.done) return;
    row.dataset.done = "1";
    row.append(details(data.examples[Number(row.dataset.i)]));
  }

  function examples() {
    const list = document.getElementById("examples");
    const rows = new Array(data.examples.length);
    const hay = new Array(data.examples.length);
    const counts = { passed: 0, failed: 0, skipped: 0, error: 0 };
    const frag = document.createDocumentFragment();
    let opened = 0;
    let lines = 0;
    data.examples.forEach((ex, i) => {
      counts[ex.outcome] += 1;
      const row = el("details", "ex " + ex.outcome);
      row.dataset.i = i;
      const summary = el("summary");
      summary.append(el("span", "badge " + ex.outcome, ex.outcome), el("span", "loc", ex.file + ":" + ex.line));
      if (ex.scenario) summary.append(el("span", "scenario", "[" + ex.scenario + "]"));
      if (ex.name) summary.append(el("span", "name", ex.name));
      const said = [ex.reason, ex.operation].filter(Boolean).join("; ");
      summary.append(el("span", "reason", said), el("span", "time", ms(ex.duration_ms)));
      row.append(summary);
      const size = ex.bodies ? ex.bodies[0].lines.length + ex.bodies[1].lines.length : 0;
      const failed = ex.outcome === "failed" || ex.outcome === "error";
      if (failed && opened < AUTO_OPEN && lines + size <= AUTO_OPEN_LINES) {
        opened += 1;
        lines += size;
        fill(row);
        row.open = true;
      }
      frag.append(row);
      rows[i] = row;
      const request = ex.request ? ex.request.method + " " + ex.request.target : "";
      const pointers = (ex.mismatches || []).map((m) => m.pointer).join(" ");
      hay[i] = [ex.file + ":" + ex.line, ex.scenario || "", ex.name || "", ex.reason || "", ex.operation || "", request, pointers].join(" ").toLowerCase();
    });
    if (!rows.length) list.append(el("p", "empty", "No examples ran."));
    list.append(frag);
    list.addEventListener("toggle", (e) => { if (e.target.open && e.target.dataset) fill(e.target); }, true);

    const shown = document.getElementById("shown");
    const search = document.getElementById("search");
    let query = "";
    function update() {
      let n = 0;
      for (let i = 0; i < rows.length; i++) {
        const match = !query || hay[i].includes(query);
        rows[i].classList.toggle("nomatch", !match);
        if (match && !list.classList.contains("hide-" + data.examples[i].outcome)) n += 1;
      }
      shown.textContent = "showing " + n + " of " + rows.length;
    }
    const group = document.getElementById("outcomes");
    for (const outcome of OUTCOMES) {
      const label = el("label");
      const box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.id = "filter-" + outcome;
      box.value = outcome;
      box.addEventListener("change", () => { list.classList.toggle("hide-" + outcome, !box.checked); update(); });
      label.append(box, " " + outcome + " (" + counts[outcome] + ")");
      group.append(label);
    }
    let timer = 0;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => { query = search.value.trim().toLowerCase(); update(); }, 120);
    });
    update();
  }

  totals();
  overview();
  coverage();
  listed("pages", data.pages, (p) => p.file + ": " + p.reason);
  listed("teardowns", data.teardowns, (s) => "scenario " + s.scenario + ": " + s.file + ":" + s.line + " " + s.name + ": " + s.reason);
  listed("orphans", data.unreferenced, (o) => o.path + (o.removed ? " (removed)" : ""));
  examples();
  // When the rows are built, and when they are first painted: what the browser test reports.
  window.exemplarRendered = performance.now();
  requestAnimationFrame(() => setTimeout(() => { window.exemplarPainted = performance.now(); }));
})();
