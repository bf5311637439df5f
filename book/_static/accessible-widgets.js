// accessible_pages (book/_ext/accessible_pages.py), widget pages only: a widget box whose
// content scrolls gets tabindex="0", so keyboard users can reach and scroll it (WCAG 2.1.1).
(function () {
  "use strict";
  var pending = null;
  function scrolls(box) {
    var style = getComputedStyle(box);
    var x = /auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth;
    var y = /auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight;
    return x || y;
  }
  function fix() {
    pending = null;
    document.querySelectorAll(".jupyter-widgets.widget-box:not([tabindex])").forEach(function (box) {
      if (scrolls(box)) { box.tabIndex = 0; }
    });
  }
  function later() {
    if (pending === null) { pending = setTimeout(fix, 50); }
  }
  new MutationObserver(later).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("load", later);
  window.addEventListener("resize", later);
})();
