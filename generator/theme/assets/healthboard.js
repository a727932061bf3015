/* healthboard: elder mode (长辈模式) and read-aloud (朗读). No third-party services. */
(function () {
  "use strict";
  var root = document.documentElement;

  // The theme's search dialog has no accessible name; screen readers announce it as "dialog".
  var search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", "搜索");

  // Wide tables scroll sideways on phones: keyboard users must be able to reach them.
  function focusableScrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, i) {
      if (wrap.hasAttribute("tabindex")) return;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "表格 " + (i + 1) + "（可左右滑动）");
    });
  }
  focusableScrollers();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(focusableScrollers);  // theme wraps tables later

  // Elder mode: larger text and tap targets, remembered on this device.
  var elder = document.querySelector(".hb-elder-toggle");
  if (elder) {
    var sync = function () {
      var on = root.classList.contains("hb-elder");
      elder.setAttribute("aria-pressed", on ? "true" : "false");
      elder.textContent = on ? elder.dataset.on : elder.dataset.off;
    };
    elder.hidden = false;
    sync();
    elder.addEventListener("click", function () {
      var on = !root.classList.contains("hb-elder");
      root.classList.toggle("hb-elder", on);
      try { localStorage.setItem("hb-elder", on ? "1" : "0"); } catch (e) { /* private mode */ }
      sync();
    });
  }

  // After the scan: copy the short link; link the edition the board's code came from (?e=N).
  var copy = document.querySelector(".hb-copy");
  if (copy) {
    copy.addEventListener("click", function () {
      var done = function () { copy.textContent = copy.dataset.done; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(copy.dataset.url).then(done, function () { window.prompt("", copy.dataset.url); });
      } else {
        window.prompt("", copy.dataset.url);  // older in-app browsers: the link selected, ready to copy
      }
    });
  }
  var from = document.querySelector(".hb-from-edition");
  var edition = new URLSearchParams(location.search).get("e");
  if (from && edition && /^[0-9]{1,4}$/.test(edition)) {
    var link = from.querySelector("a");
    link.href = link.dataset.base + edition + "/";
    from.hidden = false;
  }

  // Read-aloud: sentence by sentence (long utterances are cut off in Chrome), started by a tap.
  var read = document.querySelector(".hb-read");
  var stop = document.querySelector(".hb-read-stop");
  var synth = window.speechSynthesis;
  if (!read || !synth || typeof window.SpeechSynthesisUtterance !== "function") return;  // e.g. Android WebView

  function sentences() {
    var body = document.querySelector(".md-content__inner");
    if (!body) return [];
    var clone = body.cloneNode(true);
    clone.querySelectorAll(".hb-tools, .hb-article-meta, .headerlink, script, style").forEach(function (n) { n.remove(); });
    var text = clone.innerText || clone.textContent || "";
    return (text.match(/[^。！？!?；;\n]+[。！？!?；;]?/g) || [])
      .map(function (s) { return s.trim(); })
      .filter(function (s) { return s.length > 0; });
  }

  var lang = read.dataset.lang || "zh-CN";
  // A phone may have speech but no Chinese voice (it would read nothing): show the button only with one,
  // preferring this page's language (zh-CN, zh-TW, zh-HK), else any Chinese voice.
  function voice() {
    var voices = typeof synth.getVoices === "function" ? synth.getVoices() : [];
    var norm = function (v) { return (v.lang || "").replace("_", "-").toLowerCase(); };
    return voices.filter(function (v) { return norm(v) === lang.toLowerCase(); })[0]
      || voices.filter(function (v) { return /^(zh|cmn|yue)/.test(norm(v)); })[0] || null;
  }

  var queue = [], index = 0, state = "idle";
  function label() {
    read.textContent = read.dataset[state];
    read.setAttribute("data-state", state);
    stop.hidden = state === "idle";
  }
  function speakNext() {
    if (state !== "speaking") return;
    if (index >= queue.length) { state = "idle"; label(); return; }
    var u = new SpeechSynthesisUtterance(queue[index]);
    var chosen = voice();
    u.lang = chosen ? chosen.lang.replace("_", "-") : lang;
    if (chosen) u.voice = chosen;
    u.rate = 0.9;
    u.onend = function () { index += 1; speakNext(); };
    u.onerror = function () { state = "idle"; label(); };
    synth.speak(u);
  }
  function offer() { read.hidden = !voice(); if (read.hidden) stop.hidden = true; }
  label();
  offer();
  if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", offer);  // voices load later
  read.addEventListener("click", function () {
    if (state === "idle") {
      queue = sentences(); index = 0; state = "speaking"; synth.cancel(); speakNext();
    } else if (state === "speaking") {
      state = "paused"; synth.pause();
    } else {
      state = "speaking"; synth.resume();
    }
    label();
  });
  stop.addEventListener("click", function () { state = "idle"; synth.cancel(); label(); });
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();
