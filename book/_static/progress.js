// The learner's progress, kept in this browser only: no server, no account (book/_ext/progress_pages.py).
// localStorage["ict4d-training-progress-v1"] = {version: 1, pages: {doc: {at}}, checks: {id: {p, f, r}},
//   last: {p, u, t, at}, assessment: {score, passed, correct, total, at}, passed: (the best passed attempt), name}
// A page counts as read once the end of its text has been on screen and it has been open 15 seconds.
// With storage refused (private mode, site data blocked) everything works for the page in hand, and
// the page says that progress is not kept. API: window.ict4dProgress (recordAssessment, recordCheck, get, clear).
(function () {
  "use strict";
  var KEY = "ict4d-training-progress-v1", READ_AFTER_MS = 15000, AWAY_MS = 30 * 60000;
  var store = null;  // window.ict4dStorageInMemory: the page's head put a stand-in for refused storage
  if (!window.ict4dStorageInMemory) {
    try {
      store = window.localStorage;
      store.setItem(KEY + "-probe", "1");
      store.removeItem(KEY + "-probe");
    } catch (e) { store = null; }
  }
  function blank() { return { version: 1, pages: {}, checks: {}, last: null, assessment: null, passed: null, name: "" }; }
  var memory = blank();
  function load() {
    if (!store) { return memory; }
    try {
      var data = JSON.parse(store.getItem(KEY) || "null");
      if (data && data.version === 1) {
        var fresh = blank();
        Object.keys(fresh).forEach(function (k) { if (data[k] === undefined || data[k] === null) { data[k] = fresh[k]; } });
        return data;
      }
    } catch (e) { /* unreadable: start afresh */ }
    return blank();
  }
  function update(change) {
    var data = load();
    change(data);
    memory = data;
    if (store) { try { store.setItem(KEY, JSON.stringify(data)); } catch (e) { /* full or refused */ } }
    render();
  }

  var meta = document.querySelector('meta[name="ict4d-progress"]'), info = meta ? meta.dataset : {};
  var page = meta ? meta.content : "", root = document.documentElement.dataset.content_root || "";
  var previous = load().last;

  function number(value) { value = Number(value); return isFinite(value) ? value : 0; }
  window.ict4dProgress = {
    kept: !!store,
    recordAssessment: function (result) {
      result = result || {};
      var attempt = { score: Math.max(0, Math.min(100, Math.round(number(result.score)))), passed: !!result.passed,
        correct: number(result.correct), total: number(result.total), at: Date.now() };
      update(function (d) {
        d.assessment = attempt;
        if (attempt.passed && (!d.passed || attempt.score >= d.passed.score)) { d.passed = attempt; }
      });
    },
    recordCheck: function (id, correct) {
      if (!id) { return; }
      update(function (d) {
        var before = d.checks[id];
        d.checks[id] = { p: before ? before.p : page, f: before ? before.f : !!correct, r: !!correct || !!(before && before.r) };
      });
    },
    get: function () { return JSON.parse(JSON.stringify(load())); },
    clear: function () {
      memory = blank();
      if (store) { try { store.removeItem(KEY); } catch (e) { /* refused */ } }
      render();
    }
  };

  function make(tag, text, attributes) {
    var element = document.createElement(tag);
    if (text) { element.textContent = text; }
    Object.keys(attributes || {}).forEach(function (k) { element.setAttribute(k, attributes[k]); });
    return element;
  }
  function readCount(data) { return Math.min(Object.keys(data.pages).length, number(info.total)); }
  var NOT_KEPT = "Your browser is not keeping progress for this course (private browsing, or site data turned off): " +
    "what you do here is forgotten when you leave the page.";

  function renderLine(data) {
    var line = document.querySelector(".ict4d-progress-line");
    if (!line) { return; }
    line.textContent = "";
    var link = make("a", "", { href: info.progress });
    line.appendChild(link);
    if (!store) {
      link.textContent = "Progress is not kept in this browser";
      return;
    }
    link.textContent = "Your progress: " + readCount(data) + " of " + info.total + " pages";
    if (previous && previous.p !== page && previous.u && (info.start || Date.now() - number(previous.at) > AWAY_MS)) {
      line.appendChild(document.createTextNode(" · "));
      var more = line.appendChild(make("a", "Continue", { href: root + previous.u,
        "aria-label": "Continue where you left off: " + (previous.t || previous.p) }));
      more.appendChild(make("span", " where you left off", { "class": "ict4d-wide" }));
    }
  }

  function renderProgressPage(data) {
    document.querySelectorAll(".ict4d-clear-line").forEach(function (line) { line.hidden = false; });
    var box = document.querySelector(".ict4d-progress-page");
    if (!box) { return; }
    var answered = {}, total = 0, asked = 0, right = 0, read = 0;
    Object.keys(data.checks).forEach(function (id) {
      var check = data.checks[id], entry = answered[check.p] = answered[check.p] || { n: 0, f: 0 };
      entry.n += 1;
      if (check.f) { entry.f += 1; }
    });
    box.querySelectorAll("li[data-doc]").forEach(function (item) {
      var state = item.querySelector(":scope > .ict4d-state");
      if (!state) { return; }
      var doc = item.dataset.doc, checks = number(item.dataset.checks), here = answered[doc] || { n: 0, f: 0 };
      var seen = !!data.pages[doc], text = seen ? "Read" : "Not read yet";
      read += seen ? 1 : 0;
      total += checks;
      asked += Math.min(here.n, checks);
      right += Math.min(here.f, checks);
      if (checks) { text += " · " + Math.min(here.n, checks) + " of " + checks + " checks answered"; }
      state.textContent = text;
      state.classList.toggle("ict4d-read", seen);
    });
    var summary = "You have read " + read + " of " + info.total + " pages and answered " + asked + " of " +
      total + " knowledge checks (" + right + " right first time). ";
    var best = data.passed, last = data.assessment;
    if (best) {
      summary += "Course assessment: passed with " + best.score + "% (" + best.correct + " of " + best.total +
        " questions) on " + day(best.at) + ".";
    } else if (last) {
      summary += "Course assessment: last attempt " + last.score + "%, not yet a pass.";
    } else {
      summary += "Course assessment: not taken yet.";
    }
    var text = document.querySelector(".ict4d-progress-summary"), line = document.querySelector(".ict4d-continue-line");
    if (text) { text.textContent = (store ? "" : NOT_KEPT + " ") + summary; }
    if (!line) { return; }
    var link = line.querySelector("a");
    line.hidden = !(data.last && data.last.u);
    if (!line.hidden) {
      link.href = root + data.last.u;
      link.textContent = "Continue where you left off: " + (data.last.t || data.last.p);
    }
  }

  function day(at) {
    return new Date(number(at)).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  function renderCertificate(data) {
    var app = document.querySelector(".ict4d-certificate-app");
    if (!app) { return; }
    var course = JSON.parse(app.querySelector(".ict4d-course-data").textContent);
    var form = app.querySelector(".ict4d-name-form"), cert = app.querySelector(".ict4d-certificate");
    var best = data.passed, locked = document.querySelectorAll(".ict4d-cert-locked");
    var note = app.querySelector(".ict4d-cert-storage");
    if (!store && !note) {
      note = app.insertBefore(make("p", NOT_KEPT + " Your assessment result cannot reach this page: " +
        "take the assessment in a normal (not private) window.", { "class": "ict4d-cert-storage" }), app.firstChild);
    }
    locked.forEach(function (element) { element.hidden = !!best; });
    form.hidden = !best;
    var show = !!(best && data.name);
    cert.hidden = !show;
    app.querySelector(".ict4d-print-line").hidden = !show;
    document.documentElement.classList.toggle("ict4d-has-certificate", show);
    if (!best) { return; }
    var input = form.querySelector("input");
    if (!input.value && document.activeElement !== input) { input.value = data.name || ""; }
    if (!show) { return; }
    var done = course.chapters.filter(function (pages) {
      return pages.every(function (doc) { return !!data.pages[doc]; });
    }).length;
    cert.querySelector(".ict4d-cert-name").textContent = data.name;
    cert.querySelector(".ict4d-cert-course").textContent = course.course;
    cert.querySelector(".ict4d-cert-date").textContent = day(best.at);
    cert.querySelector(".ict4d-cert-score").textContent = best.score + "% (" + best.correct + " of " + best.total +
      " questions right)";
    cert.querySelector(".ict4d-cert-chapters").textContent = done + " of " + course.chapters.length;
  }

  function render() {
    var data = load();
    renderLine(data);
    renderProgressPage(data);
    renderCertificate(data);
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.closest(".ict4d-clear")) {
      var result = document.querySelector(".ict4d-clear-result");
      if (window.confirm("Clear your progress in this browser? Pages read, answers, the assessment result and " +
                         "your name on the certificate are all forgotten. This cannot be undone.")) {
        window.ict4dProgress.clear();
        result.textContent = "Your progress has been cleared.";
      } else {
        result.textContent = "Nothing was cleared.";
      }
    } else if (target && target.closest(".ict4d-print")) {
      window.print();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("ict4d-name-form")) { return; }
    event.preventDefault();
    var name = form.querySelector("input").value.replace(/\s+/g, " ").trim();
    if (name) { update(function (d) { d.name = name; }); }
  });
  window.addEventListener("storage", function (event) { if (event.key === KEY) { render(); } });

  if (info.course) {
    update(function (d) { d.last = { p: page, u: info.uri, t: info.title, at: Date.now() }; });
  }
  if (info.counted) {
    var seen = false, waited = false, article = document.querySelector("article.bd-article") || document.body;
    var end = article.appendChild(make("div", "", { "class": "ict4d-progress-end", "aria-hidden": "true" }));
    var mark = function () {
      if (seen && waited) { update(function (d) { d.pages[page] = d.pages[page] || { at: Date.now() }; }); }
    };
    setTimeout(function () { waited = true; mark(); }, READ_AFTER_MS);
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) { seen = true; observer.disconnect(); mark(); }
      });
      observer.observe(end);
    } else { seen = true; }
  }
  render();
})();
