/* Live standings: conditional polling of /live (If-None-Match -> 304 while nothing
   changed); when the generation moves, fetch this page once and swap the regions
   marked data-live. Works behind any number of gunicorn sync workers (see
   meet/standings/live.py for why not SSE). No inline script: CSP allows 'self' only. */
(function () {
  "use strict";
  var meta = document.querySelector("[data-live-url]");
  if (!meta) { return; }
  var url = meta.getAttribute("data-live-url");
  var seen = meta.getAttribute("data-live-gen");
  var etag = null;
  var interval = 1000;
  var timer = null;
  var busy = false;
  var stamp = document.querySelector("[data-live-stamp]");

  function mark(ok) {
    meta.classList.toggle("live-offline", !ok);
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("[data-live]").forEach(function (el) {
      var fresh = doc.querySelector('[data-live="' + el.getAttribute("data-live") + '"]');
      if (fresh && fresh.innerHTML !== el.innerHTML) {
        el.innerHTML = fresh.innerHTML;
        el.classList.remove("live-flash");
        void el.offsetWidth;  // restart the highlight animation
        el.classList.add("live-flash");
      }
    });
    var freshMeta = doc.querySelector("[data-live-url]");
    if (freshMeta) { seen = freshMeta.getAttribute("data-live-gen"); }
    if (stamp) { stamp.textContent = new Date().toLocaleTimeString(); }
    document.dispatchEvent(new CustomEvent("live:updated"));
  }

  function refresh() {
    return fetch(location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html) { swap(html); } });
  }

  function poll() {
    if (busy || document.hidden) { schedule(); return; }
    busy = true;
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { cache: "no-store", credentials: "same-origin", headers: headers })
      .then(function (r) {
        mark(true);
        if (r.status === 304) { return null; }
        if (!r.ok) { throw new Error(String(r.status)); }
        etag = r.headers.get("ETag");
        return r.json();
      })
      .then(function (body) {
        if (!body) { return null; }
        if (body.poll) { interval = Math.max(500, body.poll); }
        if (body.g !== seen) { seen = body.g; return refresh(); }
        return null;
      })
      .catch(function () { mark(false); })
      .then(function () { busy = false; schedule(); });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(poll, interval);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { clearTimeout(timer); poll(); }
  });
  document.documentElement.setAttribute("data-live-ready", "1");
  poll();

  /* The organiser's documents page: reload while a build runs. */
  if (document.querySelector("[data-build-pending]")) {
    setTimeout(function () { location.reload(); }, 2500);
  }
})();
