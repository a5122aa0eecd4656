// Small page helpers, no framework. Uses event delegation on document, so it
// also works for content swapped in by htmx. No CSRF token handling is needed
// (the server checks Sec-Fetch-Site).
(function () {
  "use strict";

  // Trees a control applies to: the element(s) matched by its selector
  // attribute if given, else every .org-tree on the page.
  function treesFor(selector) {
    return document.querySelectorAll(selector || ".org-tree");
  }

  // <button data-tree-toggle="open|close" [data-tree-target="#sel"]>
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-tree-toggle]");
    if (!btn) return;
    var open = btn.getAttribute("data-tree-toggle") === "open";
    treesFor(btn.getAttribute("data-tree-target")).forEach(function (tree) {
      tree.querySelectorAll("details").forEach(function (d) { d.open = open; });
    });
  });

  // <input data-tree-filter[="#sel"]>: hide <li> whose text doesn't contain
  // the query (case-insensitive). An <li>'s text includes its descendants',
  // so ancestors of a match stay visible; open them to reveal the match.
  function filterTree(tree, query) {
    var q = query.trim().toLowerCase();
    tree.querySelectorAll("details").forEach(function (d) {
      if (q && !("treeOpen" in d.dataset)) d.dataset.treeOpen = d.open ? "1" : "";
    });
    tree.querySelectorAll("li").forEach(function (li) {
      li.hidden = q !== "" && li.textContent.toLowerCase().indexOf(q) === -1;
    });
    tree.querySelectorAll("details").forEach(function (d) {
      if (q) {
        // Open only if a visible <li> lies inside (i.e. a descendant matched).
        d.open = d.querySelector("li:not([hidden])") !== null;
      } else if ("treeOpen" in d.dataset) {
        d.open = d.dataset.treeOpen === "1"; // restore pre-filter state
        delete d.dataset.treeOpen;
      }
    });
  }

  document.addEventListener("input", function (e) {
    var input = e.target.closest("[data-tree-filter]");
    if (!input) return;
    treesFor(input.getAttribute("data-tree-filter")).forEach(function (tree) {
      filterTree(tree, input.value);
    });
  });
})();

// Charts: <div data-chart='{ECharts option JSON}'> is drawn with ECharts when the page
// loads ECharts (only pages with charts do), and again for content htmx swaps in.
(function () {
  "use strict";

  function draw(root) {
    if (typeof window.echarts === "undefined") return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.chartDrawn) return;
      var option;
      try { option = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option);
      el.dataset.chartDrawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (e) { draw(e.target); });
})();

// Fields that only some choices need: <select data-step-select> and, in the same form,
// <div data-for-steps="code code">…</div>, shown only while one of those codes is chosen.
// Without JavaScript every field shows and the server ignores the ones that do not apply.
(function () {
  "use strict";

  function sync(select) {
    var form = select.form;
    if (!form) return;
    form.querySelectorAll("[data-for-steps]").forEach(function (el) {
      var codes = el.getAttribute("data-for-steps").split(" ");
      el.hidden = codes.indexOf(select.value) === -1;
    });
  }

  document.addEventListener("change", function (e) {
    var select = e.target.closest("[data-step-select]");
    if (select) sync(select);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-step-select]").forEach(sync);
  });
})();

// A search box inside a larger form: <input data-enter-clicks="#button">. Enter there
// presses that button (the search) instead of submitting the form it sits in. Without
// JavaScript Enter submits the form, and the search button is still there to press.
(function () {
  "use strict";

  function target(e) {
    if (e.key !== "Enter" || e.isComposing) return null; // Enter also confirms an IME candidate
    var input = e.target.closest && e.target.closest("[data-enter-clicks]");
    return input && document.querySelector(input.getAttribute("data-enter-clicks"));
  }

  document.addEventListener("keydown", function (e) {
    var button = target(e);
    if (!button) return;
    e.preventDefault();
    button.click();
  });
  // The form's own submission comes from the keypress that follows; a cancelled keydown
  // suppresses it in browsers, but not when the key events are synthesised one by one.
  document.addEventListener("keypress", function (e) {
    if (target(e)) e.preventDefault();
  });
})();

// A picker that applies itself: <select data-autosubmit> submits its form when changed, and
// the form's [data-autosubmit-button] (there for pages without JavaScript) hides.
(function () {
  "use strict";

  document.addEventListener("change", function (e) {
    var select = e.target.closest && e.target.closest("[data-autosubmit]");
    if (select && select.form) select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-autosubmit-button]").forEach(function (b) { b.hidden = true; });
  });
})();

// Scanning a redemption's QR code with the phone's camera, only where the browser has its
// own BarcodeDetector (no library is loaded for it): <button data-scan-into="#input"> shows
// when it is there; pressing it films with the back camera into [data-scan-video] until a QR
// code is read, which goes into the input and submits its form. Elsewhere the operator types
// the code, or scans the QR code with the camera app (it opens the page with the code).
(function () {
  "use strict";

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-scan-into]").forEach(function (b) { b.hidden = false; });
  });

  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-scan-into]");
    if (!button) return;
    var input = document.querySelector(button.getAttribute("data-scan-into"));
    var video = button.form && button.form.querySelector("[data-scan-video]");
    if (!input || !video) return;
    var detector;
    try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (err) { return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      function stop() {
        stream.getTracks().forEach(function (t) { t.stop(); });
        video.hidden = true;
      }
      function look() {
        if (video.hidden) return;
        detector.detect(video).then(function (codes) {
          if (codes.length > 0) {
            stop();
            input.value = codes[0].rawValue;
            input.form.submit();
            return;
          }
          setTimeout(look, 250);
        }, function () { setTimeout(look, 500); });
      }
      look();
    }, function () { button.hidden = true; });
  });
})();

// Exam countdown: an element with data-countdown-until (an RFC 3339 deadline) shows the
// time left as m:ss; at zero the sitting's form (data-countdown-form) is submitted, since
// the server refuses answers that come too late.
(function () {
  var el = document.querySelector("[data-countdown-until]");
  if (!el) return;
  var until = Date.parse(el.getAttribute("data-countdown-until"));
  if (isNaN(until)) return;
  var form = el.closest("[data-countdown-form]");
  function tick() {
    var left = Math.max(0, Math.round((until - Date.now()) / 1000));
    el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left === 0) {
      if (form && !form.dataset.sent) { form.dataset.sent = "1"; form.submit(); }
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
