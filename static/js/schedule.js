/* Draw pages: show only the format fields that apply; follow "draw all" progress. */
(function () {
  "use strict";

  var form = document.querySelector("[data-format-form]");
  if (form) {
    var select = form.querySelector("select[name=format]");
    var apply = function () {
      var chosen = select.value;
      form.querySelectorAll("[data-for]").forEach(function (el) {
        var wanted = el.getAttribute("data-for").split(" ");
        el.hidden = wanted.indexOf(chosen) < 0;
      });
    };
    select.addEventListener("change", apply);
    apply();
  }

  var box = document.getElementById("draw-all");
  if (box && box.getAttribute("data-running") === "true") {
    var url = box.getAttribute("data-progress-url");
    var bar = box.querySelector("progress");
    var text = box.querySelector(".progress-text");
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          bar.max = p.total || 1;
          bar.value = p.done;
          text.textContent = p.done + " / " + p.total;
          if (p.running) { window.setTimeout(poll, 700); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    poll();
  }
})();
