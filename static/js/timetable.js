/* Background jobs of the timetable and the order book: start one without leaving the
   page, then poll its JSON status and show a progress bar; reload when it is done. */
(function () {
  "use strict";

  function poll(form, url) {
    var box = form.querySelector("[data-progress]");
    var bar = box && box.querySelector("progress");
    var text = box && box.querySelector("[data-progress-text]");
    var button = form.querySelector("button[type=submit]");
    if (box) { box.hidden = false; }
    if (button) { button.disabled = true; }
    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (bar) { bar.value = job.percent; }
          if (text) { text.textContent = (job.stage || "") + " " + job.percent + "%"; }
          if (job.state === "done" || job.state === "failed") {
            window.location.reload();
          } else {
            window.setTimeout(tick, 1000);
          }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    tick();
  }

  document.querySelectorAll("form[data-timetable-run]").forEach(function (form) {
    if (form.dataset.statusUrl) { poll(form, form.dataset.statusUrl); }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (job.url) { poll(form, job.url); } else if (job.error) { window.alert(job.error); }
        })
        .catch(function () { form.submit(); });
    });
  });
})();
