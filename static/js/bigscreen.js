/* Big screen: rotates between the panels by itself (no mouse, no keyboard), shows the
   clock; live.js keeps the panels' contents fresh. Interval: data-rotate-ms on body. */
(function () {
  "use strict";
  var body = document.body;
  var panels = Array.prototype.slice.call(document.querySelectorAll(".bs-panel"));
  var dots = document.querySelector(".bs-dots");
  var every = parseInt(body.getAttribute("data-rotate-ms"), 10) || 12000;
  var current = 0;

  function show(i) {
    panels.forEach(function (p, k) { p.classList.toggle("active", k === i); });
    body.setAttribute("data-showing", panels[i] ? panels[i].getAttribute("data-panel") : "");
    if (dots) {
      dots.textContent = panels.map(function (_, k) { return k === i ? "\u25CF" : "\u25CB"; }).join(" ");
    }
  }

  function clock() {
    var el = document.querySelector("[data-clock]");
    if (el) {
      var d = new Date();
      el.textContent = ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
    }
  }

  if (panels.length) {
    show(0);
    setInterval(function () { current = (current + 1) % panels.length; show(current); }, every);
  }
  clock();
  setInterval(clock, 10000);
})();
