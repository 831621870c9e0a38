/* Registration pages: confirm before irreversible buttons, and count the events an
   athlete picks (quota left per event, picks against the per-athlete limit). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  var form = document.getElementById("events-form");
  if (!form) { return; }
  var max = parseInt(form.getAttribute("data-max"), 10);
  var picked = form.querySelector("[data-picked]");
  var boxes = form.querySelectorAll("input[name=event]");
  function update() {
    var count = 0;
    boxes.forEach(function (box) {
      if (box.checked) { count += 1; }
      var left = parseInt(box.getAttribute("data-left"), 10) - (box.checked ? 1 : 0);
      var quota = box.parentNode.querySelector("[data-quota] b");
      if (quota) { quota.textContent = String(left); }
    });
    if (picked) {
      picked.textContent = String(count);
      picked.parentNode.classList.toggle("reg-warn", count > max);
    }
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
