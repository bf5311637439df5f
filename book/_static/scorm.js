// SCORM 1.2 tracking for the e-learning package (python -m ict4d_build.scorm; README "Upload to Moodle").
// The knowledge-check and assessment markup it reads (form ids, data-correct, data-pass-mark, the
// kc:answered and as:submitted events) is written down in the docstring of book/_ext/knowledge_checks.py.
// Two roles, both silent when there is no LMS:
// * in scorm-launch.html (the package's only SCO, which defines ICT4D_SCORM_MAP) it finds the LMS's
//   API by walking up the parent frames, then the opener's (SCORM 1.2), keeps one session open while
//   the learner moves between pages in its frame, and records status, score, place and answers;
// * in a course page it finds that launch page among its parents, reports the visit, each checked
//   answer and the course assessment, and puts saved answers back. Without one the page is the normal book.
// The score is the course assessment's (book/assessment.md, _static/assessment.js): its first submission
// sets cmi.core.score.raw (0-100) and the status, passed or failed against the mastery score (the
// assessment's pass mark, written into the manifest by ict4d_build.scorm). Until then the status
// stays incomplete with no score, whatever else the learner does; page knowledge checks are kept and
// reported as interactions but do not count. Trying the assessment again is practice: the first
// submission stands, as the first answer to a knowledge check does.
// The status is never `completed`: Moodle regrades an item whenever it turns completed (0.00 with no
// score) and takes a finished item as done, so the learner who reads first would lose the attempt.
(function () {
  "use strict";
  var MAX_SUSPEND = 4096, RANK = { incomplete: 1, completed: 2, failed: 3, passed: 3 };

  function find(win, name) {
    for (var i = 0; win && i <= 10; i++) {
      try { if (win[name]) { return win[name]; } } catch (e) { return null; }  // another origin
      if (!win.parent || win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }

  if (window.ICT4D_SCORM_MAP) { launch(window.ICT4D_SCORM_MAP); } else { page(); }

  function launch(map) {
    var start = map.start, api = find(window.parent !== window ? window.parent : null, "API");
    if (!api && window.opener) { api = find(window.opener, "API"); }
    var live = false;
    try { live = !!api && String(api.LMSInitialize("")) === "true"; } catch (e) { live = false; }
    if (!live) { location.replace(start); return; }  // no LMS: the normal book

    var began = Date.now(), finished = false;
    function get(name) { try { return String(api.LMSGetValue(name) || ""); } catch (e) { return ""; } }
    var sent = {}, changed = false;  // what this session told the LMS: unchanged values are not sent again
    function set(name, value) {
      if (sent[name] === String(value)) { return; }
      sent[name] = String(value);
      changed = true;
      try { api.LMSSetValue(name, String(value)); } catch (e) { /* the LMS refused it */ }
    }
    var state = { a: {} };
    try {
      var saved = JSON.parse(get("cmi.suspend_data") || "{}");
      if (saved.k === map.id) { state = { a: saved.a || {}, p: saved.p, t: saved.t }; }
    } catch (e) { /* unreadable: start afresh */ }
    // Review and browse modes (Moodle's, once an attempt is passed or failed) show the saved work;
    // changing the record there would rewrite a finished attempt.
    var credit = (get("cmi.core.lesson_mode") || "normal") === "normal";
    var mastery = parseFloat(get("cmi.student_data.mastery_score"));
    if (isNaN(mastery)) { mastery = map.mastery; }
    var status = get("cmi.core.lesson_status"), place = get("cmi.core.lesson_location") || state.p;

    function serialise() {
      var data = { k: map.id, a: state.a, p: state.p, t: state.t }, text = JSON.stringify(data);
      if (text.length > MAX_SUSPEND) {  // cannot happen with today's course; keep the score, drop choices
        data.a = {};
        Object.keys(state.a).forEach(function (q) { data.a[q] = [state.a[q][0]]; });
        text = JSON.stringify(data);
      }
      return text.length > MAX_SUSPEND ? "" : text;
    }
    function save() {
      if (!credit) { return; }
      // A score only once the assessment is submitted: Moodle turns any score into passed/failed when
      // the session ends (mastery score overrides status), which would close the attempt.
      var final = !!state.t, score = final ? state.t.s : 0;
      var next = final ? (score >= mastery ? "passed" : "failed") : "incomplete";
      if (final) {
        set("cmi.core.score.min", 0);
        set("cmi.core.score.max", 100);
        set("cmi.core.score.raw", score);
      }
      if ((RANK[next] || 0) >= (RANK[status] || 0) && next !== status) {
        status = next;
        set("cmi.core.lesson_status", status);
      }
      if (state.p) { set("cmi.core.lesson_location", state.p); }
      set("cmi.suspend_data", serialise());
      set("cmi.core.exit", status === "passed" || status === "failed" ? "" : "suspend");
      if (changed) {
        changed = false;
        try { api.LMSCommit(""); } catch (e) { /* the LMS is gone */ }
      }
    }
    function finish() {
      if (finished) { return; }
      finished = true;
      var s = Math.round((Date.now() - began) / 1000), pad = function (n) { return (n < 10 ? "0" : "") + n; };
      set("cmi.core.session_time", pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60));
      try { api.LMSCommit(""); api.LMSFinish(""); } catch (e) { /* the LMS is gone */ }
    }
    function relative(win) {
      var dir = location.pathname.replace(/[^/]*$/, ""), path = win.location.pathname;
      if (path.indexOf(dir) !== 0) { return null; }
      path = decodeURIComponent(path.slice(dir.length));
      return /\/$|^$/.test(path) ? path + "index.html" : path;
    }

    window.ICT4D_SCORM = {
      visit: function (win) {
        var path = relative(win), chapter = path === null ? undefined : map.pages[path];
        if (chapter === undefined) { return; }
        state.p = path;
        save();
      },
      saved: function (id) {
        var entry = state.a[map.questions.indexOf(id)];
        return entry && entry.length > 1 ? entry.slice(1) : null;
      },
      answer: function (id, chosen, correct, right) {
        var q = map.questions.indexOf(id);
        if (q < 0) { return; }
        var first = !state.a.hasOwnProperty(q);
        state.a[q] = [first ? (right ? 1 : 0) : state.a[q][0]].concat(Array.prototype.slice.call(chosen));
        if (first && credit) { interaction(id, chosen, correct, right); }  // the first answer is the one the LMS's report shows
        save();
      },
      // The course assessment: the answers of its first submission, to show them again, or null.
      assessment: function () { return state.t ? state.t.c : null; },
      // Its submission (assessment.js's "as:submitted" detail). Only the first one counts; in review
      // mode none does. Returns whether this one was recorded.
      submit: function (result) {
        if (!credit || state.t || !result || result.total !== map.assessment.length) { return false; }
        var score = Math.max(0, Math.min(100, Math.round(Number(result.score))));
        if (isNaN(score)) { return false; }
        state.t = { s: score, c: result.answers };
        (result.results || []).forEach(function (r) { interaction(r.id, r.chosen, r.correct, r.right); });
        save();
        return true;
      },
    };
    function interaction(id, chosen, correct, right) {
      var n = parseInt(get("cmi.interactions._count"), 10) || 0, at = "cmi.interactions." + n + ".";
      var now = new Date(), pad = function (x) { return (x < 10 ? "0" : "") + x; };
      set(at + "id", String(id).slice(0, 255));
      set(at + "type", "choice");
      set(at + "student_response", Array.prototype.join.call(chosen, ","));
      set(at + "correct_responses.0.pattern", Array.prototype.join.call(correct, ","));
      set(at + "result", right ? "correct" : "wrong");
      set(at + "time", pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds()));
    }
    window.addEventListener("pagehide", finish);  // the LMS closes the SCO or the learner leaves

    var frame = document.createElement("iframe");
    frame.id = "ict4d-course";
    frame.title = document.title;
    frame.src = place && map.pages.hasOwnProperty(place) ? place : start;  // resume where the learner left off
    document.body.appendChild(frame);
    save();
  }

  function page() {
    var lms = find(window.parent !== window ? window.parent : null, "ICT4D_SCORM"), restoring = false;
    if (!lms) { return; }
    function options(form, attribute) {
      var found = [];
      form.querySelectorAll("input").forEach(function (input) {
        if (attribute ? input.dataset.correct === "true" : input.checked) { found.push(Number(input.value)); }
      });
      return found;
    }
    document.addEventListener("as:submitted", function (event) {
      if (!event.detail || event.detail.restored) { return; }
      try { lms.submit(event.detail); } catch (e) { /* the launch page is gone */ }
    });
    document.addEventListener("kc:answered", function (event) {
      var form = event.target;
      if (restoring || !form.id) { return; }
      try {
        lms.answer(form.id, options(form), options(form, true), !!(event.detail && event.detail.right));
      } catch (e) { /* the launch page is gone */ }
    });
    function ready() {
      try { lms.visit(window); } catch (e) { return; }
      document.querySelectorAll("form.kc-question").forEach(function (form) {
        var chosen;
        try { chosen = lms.saved(form.id); } catch (e) { chosen = null; }
        if (!chosen) { return; }
        form.querySelectorAll("input").forEach(function (input) { input.checked = chosen.indexOf(Number(input.value)) >= 0; });
        restoring = true;  // show the feedback again (a synthetic submit event never sends the form)
        try { form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true })); } finally { restoring = false; }
      });
      document.querySelectorAll("form.as-form").forEach(function (form) {
        var answers;
        try { answers = lms.assessment(); } catch (e) { answers = null; }
        var questions = form.querySelectorAll(".as-question");
        if (!answers || answers.length !== questions.length) { return; }
        questions.forEach(function (q, n) {
          q.querySelectorAll("input").forEach(function (input) { input.checked = answers[n].indexOf(Number(input.value)) >= 0; });
        });
        form.dataset.restoring = "true";  // assessment.js shows the result again, and reports it to no one
        try { form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true })); } finally { delete form.dataset.restoring; }
      });
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
  }
})();
