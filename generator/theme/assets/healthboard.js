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
      elder.textContent = on ? "退出长辈模式" : "长辈模式";
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

  var queue = [], index = 0, state = "idle";
  function label() {
    read.textContent = state === "speaking" ? "暂停" : state === "paused" ? "继续朗读" : "朗读全文";
    read.setAttribute("data-state", state);
    stop.hidden = state === "idle";
  }
  function speakNext() {
    if (state !== "speaking") return;
    if (index >= queue.length) { state = "idle"; label(); return; }
    var u = new SpeechSynthesisUtterance(queue[index]);
    u.lang = "zh-CN";
    u.rate = 0.9;
    u.onend = function () { index += 1; speakNext(); };
    u.onerror = function () { state = "idle"; label(); };
    synth.speak(u);
  }
  read.hidden = false;
  label();
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
