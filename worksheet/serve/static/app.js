// worksheet serve: the compose page. Plain JavaScript, no build step, nothing from outside.
// Copyright the worksheet authors, MIT licence (see the project's LICENSE).
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf"]').content;
  const $ = (id) => document.getElementById(id);
  const DOSE = [["hold_seconds", "Hold (seconds)"], ["reps", "Reps"], ["sets", "Sets"],
                ["times_per_day", "Times a day"]];
  let timer = null, inFlight = null, version = null, lastGood = false;

  function post(url, body, extra) {
    const headers = Object.assign({ "X-CSRF-Token": csrf }, extra || {});
    if (typeof body === "string") headers["Content-Type"] = "application/json";
    return fetch(url, { method: "POST", headers, body, credentials: "same-origin" });
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === true) node.setAttribute(k, ""); else if (v !== false && v != null) node.setAttribute(k, v);
    }
    if (text != null) node.textContent = text;
    return node;
  }

  function itemNode(item) {
    const li = el("li", { "class": "item", "draggable": "true", "data-id": item.id, "data-note": item.note });
    const head = el("div", { "class": "item-head" });
    const box = el("input", { type: "checkbox", id: "on-" + item.id, checked: item.on });
    const label = el("label", { "for": "on-" + item.id, "class": "item-title" }, item.title);
    head.append(box);
    if (item.picture) head.append(el("img", { src: "/picture/" + encodeURIComponent(item.id), alt: "", "class": "thumb" }));
    head.append(label);
    const moves = el("span", { "class": "moves" });
    const up = el("button", { type: "button", "class": "move", "data-move": "-1", "aria-label": "Move " + item.title + " up" }, "↑");
    const down = el("button", { type: "button", "class": "move", "data-move": "1", "aria-label": "Move " + item.title + " down" }, "↓");
    moves.append(up, down);
    head.append(moves);
    li.append(head);
    const doses = el("div", { "class": "doses" });
    const doseErrors = [];  // below the row, full width: a message does not push the boxes about
    for (const [field, name] of DOSE) {
      const id = "dose-" + item.id + "-" + field;
      const wrap = el("div", { "class": "dose" });
      wrap.append(el("label", { "for": id }, name));
      wrap.append(el("input", { id, type: "number", min: "1", inputmode: "numeric", "data-field": field,
                                 value: item.dose[field], "aria-describedby": "err-" + id }));
      doseErrors.push(el("p", { "class": "error", id: "err-" + id }));
      doses.append(wrap);
    }
    const sideId = "dose-" + item.id + "-each_side";
    const side = el("label", { "class": "side" });
    side.append(el("input", { type: "checkbox", id: sideId, "data-field": "each_side", checked: item.dose.each_side === true }), " Each side");
    doses.append(side);
    li.append(doses, ...doseErrors);
    const noteId = "note-" + item.id;
    li.append(el("label", { "for": noteId, "class": "note-label" }, "Note for the patient"));
    const note = el("textarea", { id: noteId, rows: "2", "aria-describedby": "err-" + noteId });
    note.value = item.note;
    li.append(note, el("p", { "class": "error", id: "err-" + noteId }));
    return li;
  }

  function showItems(items) {
    const list = $("items");
    list.replaceChildren(...items.map(itemNode));
  }

  async function loadItems() {
    const params = new URLSearchParams({ worksheet: $("worksheet").value, lang: $("lang").value });
    const res = await fetch("/api/items?" + params.toString(), { credentials: "same-origin" });
    const data = await res.json();
    if (data.ok) showItems(data.items); else showProblems(data.problems);
  }

  async function retitle() {  // the exercise names in the sheet's language; the choices stay
    const params = new URLSearchParams({ worksheet: $("worksheet").value, lang: $("lang").value });
    const data = await (await fetch("/api/items?" + params.toString(), { credentials: "same-origin" })).json();
    if (!data.ok) return;
    for (const item of data.items) {
      const li = [...$("items").children].find((node) => node.dataset.id === item.id);
      if (!li) continue;
      li.querySelector(".item-title").textContent = item.title;
      li.querySelector('[data-move="-1"]').setAttribute("aria-label", "Move " + item.title + " up");
      li.querySelector('[data-move="1"]').setAttribute("aria-label", "Move " + item.title + " down");
    }
  }

  function form() {
    const items = [...$("items").children].map((li) => {
      const dose = {};
      li.querySelectorAll("[data-field]").forEach((input) => {
        dose[input.dataset.field] = input.type === "checkbox" ? input.checked : input.value;
      });
      return { id: li.dataset.id, on: li.querySelector('input[type="checkbox"]').checked, dose,
               note: li.querySelector("textarea").value };
    });
    const out = { items };
    for (const name of ["worksheet", "brand", "patient", "date", "paper", "layout", "lang", "disclosure"]) {
      out[name] = $(name).value;
    }
    for (const name of ["large_print", "grayscale", "header_band", "fillable"]) out[name] = $(name).checked;
    out.save_as = $("worksheet").value.replace(/^upload:/, "") + "-custom";
    return out;
  }

  function clearProblems() {
    document.querySelectorAll(".error").forEach((p) => { p.textContent = ""; });
    document.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
    $("problems").hidden = true;
    $("problems").replaceChildren();
  }

  function showProblems(problems, title) {
    const general = [];
    for (const p of problems || []) {
      let id = "err-" + p.field;
      const m = /^dose\.(.+)\.([a-z_]+)$/.exec(p.field || "");
      if (m) id = "err-dose-" + m[1] + "-" + m[2];
      if (/^note\./.test(p.field || "")) id = "err-note-" + p.field.slice(5);
      const target = p.field ? $(id) : null;
      if (target) {
        target.textContent = p.message;
        const control = $(id.slice(4));
        if (control) control.setAttribute("aria-invalid", "true");
      } else general.push(p.message);
    }
    if (general.length) {
      const box = $("problems");
      box.replaceChildren(el("p", { "class": "problems-title" }, title || "This cannot be built yet:"));
      const list = el("ul");
      general.forEach((m) => list.append(el("li", {}, m)));
      box.append(list);
      box.hidden = false;
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(preview, 120);
  }

  async function preview() {
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const started = performance.now();
    $("preview-status").textContent = "Building the preview…";
    let data;
    try {
      const res = await fetch("/api/preview", { method: "POST", signal: inFlight.signal, credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: JSON.stringify(form()) });
      data = await res.json();
    } catch (err) {
      if (err.name === "AbortError") return;
      $("preview-status").textContent = "The server did not answer. Is `worksheet serve` still running?";
      return;
    }
    clearProblems();
    if (!data.ok) {
      showProblems(data.problems);
      $("preview-status").textContent = lastGood ? "Fix the marked fields; the preview shows the last good sheet."
                                                 : "Fix the marked fields to see the preview.";
      return;
    }
    lastGood = true;
    const ms = Math.round(performance.now() - started);
    document.body.dataset.previewMs = String(ms);
    const pages = data.pages.map((p, i) => {
      const fig = el("figure", { "class": "page" });
      fig.append(el("img", { src: p.src, alt: "Page " + (i + 1) + ": " + p.text }));
      fig.append(el("figcaption", {}, "Page " + (i + 1) + " of " + data.page_count));
      return fig;
    });
    $("pages").replaceChildren(...pages);
    $("preview-status").textContent = data.page_count + (data.page_count === 1 ? " page" : " pages") + ".";
    const warnings = $("warnings");
    warnings.replaceChildren(...data.warnings.map((w) => el("li", {}, "Warning: " + w)));
    warnings.hidden = data.warnings.length === 0;
    document.body.dataset.previewVersion = String((Number(document.body.dataset.previewVersion) || 0) + 1);
  }

  async function pdfBlob() {
    const res = await post("/api/pdf", JSON.stringify(form()));
    if (!res.ok) { clearProblems(); showProblems((await res.json()).problems); return null; }
    return await res.blob();
  }

  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: name });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  async function download() {
    const blob = await pdfBlob();
    if (blob) saveBlob(blob, $("worksheet").value.replace(/^upload:/, "") + ".pdf");
  }

  async function print() {
    const blob = await pdfBlob();
    if (blob) window.open(URL.createObjectURL(blob), "_blank");  // the browser's PDF viewer prints it
  }

  async function save() {
    const res = await post("/api/worksheet", JSON.stringify(form()));
    if (!res.ok) { clearProblems(); showProblems((await res.json()).problems); return; }
    saveBlob(await res.blob(), form().save_as + ".yaml");
  }

  async function load(event) {
    const file = event.target.files[0];
    if (!file) return;
    const res = await post("/api/load", await file.text(), { "X-Filename": file.name, "Content-Type": "application/yaml" });
    const data = await res.json();
    clearProblems();
    if (!data.ok) { showProblems(data.problems.map((p) => ({ field: "load", message: p.message }))); return; }
    const select = $("worksheet");
    let option = [...select.options].find((o) => o.value === data.key);
    if (!option) { option = el("option", { value: data.key }, data.title + " (" + file.name + ")"); select.append(option); }
    select.value = data.key;
    showItems(data.items);
    schedule();
  }

  async function batch(event) {
    const file = event.target.files[0];
    if (!file) return;
    $("err-batch").textContent = "";
    const res = await post("/api/batch", file, { "X-Filename": file.name, "Content-Type": "application/octet-stream" });
    const data = await res.json();
    if (!data.ok) { $("err-batch").textContent = data.problems[0].message; return; }
    $("batch-out").hidden = false;
    $("batch-zip").disabled = true; $("batch-merged").disabled = true;
    const job = data.job;
    const poll = async () => {
      const r = await fetch("/api/batch/" + job, { credentials: "same-origin" });
      const s = await r.json();
      const bar = $("batch-progress");
      bar.max = Math.max(s.total, 1); bar.value = s.done;
      $("batch-summary").textContent = s.error ? "The batch stopped: " + s.error
        : s.finished ? s.built + " built, " + s.failed + " failed." : "Row " + s.done + " of " + (s.total || "…");
      const body = $("batch-table").tBodies[0];
      body.replaceChildren(...s.rows.map((row) => {
        const tr = el("tr", { "class": row.status });
        tr.append(el("td", {}, String(row.row) + (row.line ? " (line " + row.line + ")" : "")),
                  el("td", {}, row.output),
                  el("td", {}, row.status === "failed" ? "failed: " + row.error : row.status));
        return tr;
      }));
      if (s.finished) {
        $("batch-zip").disabled = !!s.error;
        $("batch-merged").disabled = !s.merged;
        $("batch-out").dataset.job = job;
        document.body.dataset.batch = s.error ? "error" : "done";
      } else setTimeout(poll, 300);
    };
    document.body.dataset.batch = "running";
    poll();
  }

  async function batchGet(kind, name) {
    const job = $("batch-out").dataset.job;
    const res = await fetch("/api/batch/" + job + "/" + kind, { credentials: "same-origin" });
    if (res.ok) saveBlob(await res.blob(), name);
  }

  function move(li, step) {
    const list = li.parentNode;
    if (step < 0 && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
    else if (step > 0 && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
    else return;
    schedule();
  }

  async function status() {
    try {
      const res = await fetch("/api/status", { credentials: "same-origin" });
      const s = await res.json();
      if (version !== null && s.version !== version) {
        if (s.problems.length) {
          clearProblems();
          showProblems(s.problems.map((m) => ({ field: "", message: m })),
                       "A content file has problems (the preview shows the last good version):");
        } else { await loadItems(); preview(); }
      }
      version = s.version;
    } catch (err) { /* the server is restarting: try again */ }
    setTimeout(status, 1000);
  }

  let dragged = null;
  function wire() {
    const compose = $("compose");
    compose.addEventListener("input", (e) => { if (!["load", "batch"].includes(e.target.id)) schedule(); });
    compose.addEventListener("submit", (e) => e.preventDefault());
    $("worksheet").addEventListener("change", async () => { await loadItems(); schedule(); });
    $("lang").addEventListener("change", retitle);
    $("items").addEventListener("click", (e) => {
      const button = e.target.closest("button[data-move]");
      if (!button) return;
      move(button.closest("li"), Number(button.dataset.move));
      button.focus();
    });
    $("items").addEventListener("dragstart", (e) => { dragged = e.target.closest("li"); });
    $("items").addEventListener("dragover", (e) => e.preventDefault());
    $("items").addEventListener("drop", (e) => {
      e.preventDefault();
      const target = e.target.closest("li");
      if (dragged && target && target !== dragged) { target.parentNode.insertBefore(dragged, target); schedule(); }
      dragged = null;
    });
    $("download").addEventListener("click", download);
    $("print").addEventListener("click", print);
    $("save").addEventListener("click", save);
    $("load").addEventListener("change", load);
    $("batch").addEventListener("change", batch);
    $("batch-zip").addEventListener("click", () => batchGet("zip", "handouts.zip"));
    $("batch-merged").addEventListener("click", () => batchGet("merged", "handouts.pdf"));
  }

  wire();
  loadItems().then(preview);
  status();
})();
