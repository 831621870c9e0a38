/* Badges: progress of the whole-meet build, and the call room's scanner (jsQR). */
(function () {
  "use strict";

  // -- the whole meet's badges: poll the job until it is done ------------------------
  var job = document.getElementById("meet-job");
  if (job) {
    var bar = document.getElementById("job-bar");
    var text = document.getElementById("job-text");
    var box = document.getElementById("job-progress");
    var poll = function () {
      fetch(job.dataset.statusUrl, {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.state === "queued" || s.state === "running") {
            box.classList.remove("hidden");
            bar.value = s.percent;
            text.textContent = s.done + " / " + s.total;
            setTimeout(poll, 1000);
          } else if (!box.classList.contains("hidden")) {
            window.location.reload();
          }
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    if (!box.classList.contains("hidden")) { poll(); }
  }

  // -- the call room ---------------------------------------------------------------
  var room = document.getElementById("call-room");
  if (!room) { return; }
  var outcome = document.getElementById("outcome");
  var table = document.getElementById("startlist");
  var tally = document.getElementById("tally");
  var audio = null;

  var TONES = {  // frequency (Hz), duration (s), repeats
    ok: [880, 0.12, 1], already: [520, 0.12, 2], wrong_unit: [300, 0.35, 1],
    not_entered: [300, 0.35, 1], invalid: [180, 0.5, 1], error: [180, 0.5, 1]
  };
  function beep(status) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var t = TONES[status] || TONES.error;
      for (var i = 0; i < t[2]; i++) {
        var osc = audio.createOscillator(), gain = audio.createGain();
        var start = audio.currentTime + i * (t[1] + 0.08);
        osc.type = status === "ok" ? "sine" : "square";
        osc.frequency.value = t[0];
        gain.gain.setValueAtTime(0.25, start);
        gain.gain.exponentialRampToValueAtTime(0.001, start + t[1]);
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(start); osc.stop(start + t[1] + 0.02);
      }
    } catch (e) { /* no sound: the colour still tells */ }
  }

  function show(result) {
    outcome.className = "outcome outcome-" + result.status;
    outcome.textContent = "";
    var word = document.createElement("strong");
    word.className = "outcome-word";
    word.textContent = result.message;
    outcome.appendChild(word);
    if (result.person) {
      var who = document.createElement("span");
      who.className = "outcome-person";
      who.textContent = result.person.name + " " + result.person.bib + " · " +
        result.person.delegation;
      outcome.appendChild(who);
    }
    (result.right_units || []).forEach(function (u) {
      var a = document.createElement("a");
      a.className = "outcome-right";
      a.href = room.dataset.unitUrl.replace(/\/0$/, "/" + u.id);
      a.textContent = room.dataset.go + "：" + u.title;
      outcome.appendChild(a);
    });
    beep(result.status);
    if (navigator.vibrate && result.status !== "ok") { navigator.vibrate(300); }
  }

  function refresh() {
    fetch(room.dataset.listUrl, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var state = {};
        data.slots.forEach(function (s) {
          s.athletes.forEach(function (a) { if (a.bib) { state[a.bib] = a.checked_in; } });
        });
        table.querySelectorAll("tbody tr").forEach(function (tr) {
          var bib = tr.dataset.bib;
          if (!(bib in state)) { return; }
          tr.className = state[bib] ? "is-in" : "is-out";
          tr.querySelector(".state").textContent =
            state[bib] ? "✓ " + room.dataset.checked : room.dataset.waiting;
        });
        tally.textContent = room.dataset.checked + " " + data.checked_in + " / " + data.athletes;
      })
      .catch(function () {});
  }

  var busy = false;
  function send(body) {
    if (busy) { return; }
    busy = true;
    fetch(room.dataset.checkUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": room.dataset.csrf},
      body: JSON.stringify(body)
    })
      .then(function (r) { return r.json(); })
      .then(function (result) { show(result); refresh(); })
      .catch(function () { show({status: "error", message: room.dataset.noCamera}); })
      .then(function () { busy = false; });
  }

  var form = document.getElementById("bib-form");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = form.querySelector("input[name=bib]");
    send({bib: input.value});
    input.value = "";
    input.focus();
  });

  // Camera: read frames, decode with jsQR, send each new code once (3 s debounce).
  var toggle = document.getElementById("camera-toggle");
  var video = document.getElementById("camera-video");
  var canvas = document.getElementById("camera-canvas");
  var camera = document.getElementById("camera");
  var stream = null, last = "", lastAt = 0, startLabel = toggle.textContent;

  function tick() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      var w = video.videoWidth, h = video.videoHeight, scale = Math.min(1, 640 / w);
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      var ctx = canvas.getContext("2d", {willReadFrequently: true});
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(img.data, img.width, img.height, {inversionAttempts: "dontInvert"});
      var now = Date.now();
      if (code && code.data && (code.data !== last || now - lastAt > 3000)) {
        last = code.data; lastAt = now;
        send({code: code.data});
      }
    }
    window.requestAnimationFrame(tick);
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    camera.classList.add("hidden");
    toggle.textContent = startLabel;
  }

  toggle.addEventListener("click", function () {
    if (stream) { stop(); return; }
    if (audio === null) { try { beep("none"); } catch (e) { /* unlock audio */ } }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      show({status: "error", message: room.dataset.noCamera});
      return;
    }
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        camera.classList.remove("hidden");
        toggle.textContent = toggle.dataset.stop;
        return video.play();
      })
      .then(function () { window.requestAnimationFrame(tick); })
      .catch(function () { stop(); show({status: "error", message: room.dataset.noCamera}); });
  });

  refresh();
  setInterval(refresh, 10000);
})();
