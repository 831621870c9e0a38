/* Referee scoring on a tablet: nothing typed is lost, nothing is sent twice.
 *
 * - Every keystroke is kept in localStorage (a draft per unit), so a reload or a dead
 *   battery loses nothing.
 * - "Submit" puts the whole sheet in a queue with a fresh idempotency key, then sends
 *   the queue in order; while offline it waits and retries when the network is back.
 *   A resend carries the same key, so the server never saves it twice.
 * - 409: another tablet saved first; both versions are shown and the referee chooses.
 * - 422: errors are shown next to their fields; nothing typed is cleared.
 */
(function () {
  "use strict";
  var QUEUE = "meet.scoring.queue";
  var DRAFT = "meet.scoring.draft.";
  var FLASH = "meet.scoring.flash";
  var texts = (document.getElementById("sc-texts") || {dataset: {}}).dataset;
  var form = document.getElementById("sheet");
  var list = document.querySelector("[data-scoring-list]");
  var sending = false;

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full: keep the page */ }
  }
  function queue() { return load(QUEUE, []); }
  function uuid() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function csrf() {
    var input = document.querySelector("input[name=csrf_token]");
    if (input) { return input.value; }
    return list ? list.dataset.csrf : "";
  }

  /* --- network state --------------------------------------------------------------- */
  function showNet(online) {
    document.querySelectorAll("[data-net]").forEach(function (el) {
      el.hidden = false;
      el.textContent = online ? texts.online : texts.offline;
      el.className = "sc-net " + (online ? "is-online" : "is-offline");
    });
  }

  /* --- the sheet ----------------------------------------------------------------- */
  function fields() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.name === "submission_key" || el.name === "version") { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      out[el.name] = el.value;
    });
    return out;
  }
  function fill(values) {
    Object.keys(values).forEach(function (name) {
      var els = form.querySelectorAll("[name='" + name + "']");
      els.forEach(function (el) {
        if (el.type === "radio") { el.checked = el.value === values[name]; } else { el.value = values[name]; }
      });
    });
    form.querySelectorAll("select[name$='-status']").forEach(markStatus);
  }
  function markStatus(select) {
    var row = select.closest("[data-line]");
    if (row) { row.dataset.status = select.value; }
  }
  function message(text, kind) {
    var el = document.querySelector("[data-message]");
    if (!el) { return; }
    el.hidden = !text;
    el.textContent = text || "";
    el.className = "sc-message" + (kind ? " is-" + kind : "");
  }
  function step(name, state) {
    var el = document.querySelector("[data-step='" + name + "']");
    if (el) { el.classList.remove("is-done", "is-pending"); if (state) { el.classList.add(state); } }
  }
  function saveDraft() {
    store(DRAFT + form.dataset.unit, {fields: fields(), version: form.elements.version.value, at: Date.now()});
    step("local", "is-done");
  }
  function clearErrors() {
    form.querySelectorAll("[data-error-for]").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    form.querySelectorAll(".has-error").forEach(function (c) { c.classList.remove("has-error"); });
  }
  function showErrors(errors) {
    clearErrors();
    Object.keys(errors).forEach(function (name) {
      var p = form.querySelector("[data-error-for='" + name + "']");
      var input = form.querySelector("[name='" + name + "']");
      if (p) { p.textContent = errors[name]; p.hidden = false; }
      var cell = (p || input || form).closest(".sc-cell");
      if (cell) { cell.classList.add("has-error"); }
    });
  }
  function showConflict(data, mine) {
    var box = document.querySelector("[data-conflict]");
    var other = data.other || {values: {}, by: "", at: "", number: ""};
    box.querySelector("[data-conflict-who]").textContent = texts.conflictWho
      .replace("{who}", other.by).replace("{at}", (other.at || "").replace("T", " ").slice(0, 19))
      .replace("{n}", other.number);
    var rows = box.querySelector("[data-conflict-rows]");
    rows.textContent = "";
    Object.keys(mine).forEach(function (name) {
      var theirs = other.values[name] || "", own = mine[name] || "";
      if (!theirs && !own) { return; }
      var tr = document.createElement("tr");
      [name, theirs, own].forEach(function (text) {
        var td = document.createElement("td"); td.textContent = text; tr.appendChild(td);
      });
      if (theirs !== own) { tr.className = "sc-differs"; }
      rows.appendChild(tr);
    });
    box.hidden = false;
    box.querySelector("[data-keep-mine]").onclick = function () {
      box.hidden = true;
      form.elements.version.value = data.version;
      saveDraft();
      enqueue();
    };
    box.querySelector("[data-take-theirs]").onclick = function () {
      localStorage.removeItem(DRAFT + form.dataset.unit);
      window.location.reload();
    };
    box.scrollIntoView({block: "start"});
  }
  function enqueue() {
    var q = queue();
    q.push({unit: form.dataset.unit, url: form.getAttribute("action") || window.location.pathname,
            key: uuid(), fields: fields(), version: form.elements.version.value, at: Date.now()});
    store(QUEUE, q);
    saveDraft();
    message(navigator.onLine ? texts.queued : texts.waiting);
    flush();
  }

  /* --- sending the queue ----------------------------------------------------------- */
  function drop(item) {
    store(QUEUE, queue().filter(function (x) { return x.key !== item.key; }));
  }
  function handle(item, response, data) {
    var here = form && form.dataset.unit === String(item.unit);
    if (response.status === 200 && data) {
      drop(item);
      if (here) {
        localStorage.removeItem(DRAFT + item.unit);
        sessionStorage.setItem(FLASH, data.duplicate ? texts.duplicate : texts.sent);
        window.location.reload();
      }
      return true;
    }
    if (response.status === 409 && data) {
      drop(item);
      if (here) { message(""); showConflict(data, item.fields); }
      return true;
    }
    if (response.status === 422 && data) {
      drop(item);
      if (here) { showErrors(data.errors || {}); message(texts.invalid, "error"); }
      return true;
    }
    if (response.status === 403 || response.status === 404) {
      drop(item);
      if (here) { message(texts.forbidden, "error"); }
      return true;
    }
    if (response.status === 400) { message(texts.stale, "error"); return false; }
    if (response.redirected || response.status === 401) { message(texts.login, "error"); return false; }
    return false;  /* 5xx: keep it, try again later */
  }
  function flush() {
    if (sending) { return; }
    var q = queue();
    if (!q.length) { return; }
    sending = true;
    var item = q[0];
    var body = new URLSearchParams();
    Object.keys(item.fields).forEach(function (k) { body.append(k, item.fields[k]); });
    body.set("submission_key", item.key);
    body.set("version", item.version);
    body.set("csrf_token", csrf());
    fetch(item.url, {method: "POST", body: body, credentials: "same-origin",
                     headers: {"Accept": "application/json"}})
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
        return (json ? response.json() : Promise.resolve(null)).then(function (data) {
          showNet(true);
          sending = false;
          if (handle(item, response, data)) { flush(); }
        });
      })
      .catch(function () {
        sending = false;
        showNet(false);
        if (form) { message(texts.waiting); }
      });
  }

  /* --- the list of units ------------------------------------------------------------- */
  function markList() {
    var pending = {};
    queue().forEach(function (item) { pending[item.unit] = true; });
    list.querySelectorAll("[data-unit]").forEach(function (a) {
      var tag = a.querySelector("[data-local-state]");
      var draft = load(DRAFT + a.dataset.unit, null);
      if (pending[a.dataset.unit]) { tag.textContent = texts.local; tag.hidden = false; }
      else if (draft) { tag.textContent = texts.draft; tag.hidden = false; }
    });
  }

  function startSheet() {
    var unit = form.dataset.unit;
    var pendingItems = queue().filter(function (x) { return x.unit === unit; });
    var draft = load(DRAFT + unit, null);
    if (pendingItems.length) {
      fill(pendingItems[pendingItems.length - 1].fields);
      step("local", "is-done");
      message(texts.waiting);
    } else if (draft) {
      fill(draft.fields);
      form.elements.version.value = draft.version;
      step("local", "is-done");
      message(texts.restored);
    }
    var flashText = sessionStorage.getItem(FLASH);
    if (flashText) { sessionStorage.removeItem(FLASH); message(flashText, "ok"); }
    if (form.dataset.editable === "no") {
      Array.prototype.forEach.call(form.elements, function (el) { if (el.type !== "hidden") { el.disabled = true; } });
    }
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", function (e) {
      if (e.target.name && /-status$/.test(e.target.name)) { markStatus(e.target); }
      saveDraft();
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearErrors();
      enqueue();
    });
    form.querySelectorAll("[data-fill]").forEach(function (button) {
      button.addEventListener("click", function () {
        var row = button.closest("[data-line]");
        var empty = Array.prototype.filter.call(row.querySelectorAll(".sc-attempt"), function (i) { return !i.value; });
        if (empty.length) { empty[0].value = button.dataset.fill; saveDraft(); }
      });
    });
  }

  /* --- live check-in badges: the marshal's check-ins show without a reload ------------ */
  function watchCheckins(url) {
    var timer = null;
    var stopped = false;
    function badge(cell, state) {
      var text = state === null ? "" : (state ? texts.checkedIn : texts.notCheckedIn);
      var current = cell.querySelector(".badge");
      if ((current ? current.textContent : "") === text) { return; }
      cell.textContent = "";
      if (state === null) { return; }
      var span = document.createElement("span");
      span.className = "badge " + (state ? "sc-in" : "sc-out");
      span.textContent = text;
      cell.appendChild(span);
    }
    function apply(data) {
      (data.slots || []).forEach(function (slot) {
        var cell = document.querySelector("[data-checkin='" + slot.position + "']");
        if (!cell) { return; }
        var starters = (slot.athletes || []).filter(function (a) { return !a.reserve; });
        badge(cell, starters.length ? starters.some(function (a) { return a.checked_in; }) : null);
      });
    }
    function schedule() {
      window.clearTimeout(timer);
      if (!stopped && document.visibilityState === "visible") { timer = window.setTimeout(poll, 3000); }
    }
    function poll() {
      fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}, cache: "no-store"})
        .then(function (r) {
          if (r.status === 401 || r.status === 403 || r.status === 404) { stopped = true; }
          if (!r.ok) { throw new Error(String(r.status)); }
          return r.json();
        })
        .then(function (data) { apply(data); schedule(); })
        .catch(function () { window.clearTimeout(timer); timer = null; });  /* offline: quietly stop */
    }
    document.addEventListener("visibilitychange", schedule);
    window.addEventListener("online", schedule);
    schedule();
  }

  if (form) { startSheet(); }
  if (form && form.dataset.checkins) { watchCheckins(form.dataset.checkins); }
  if (list) { markList(); }
  showNet(navigator.onLine);
  window.addEventListener("online", function () { showNet(true); flush(); });
  window.addEventListener("offline", function () { showNet(false); });
  window.setInterval(flush, 15000);
  flush();
}());
