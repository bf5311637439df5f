// The course assessment (book/assessment.md, markup from book/_ext/knowledge_checks.py): answer every
// question, submit, and see the score against the pass mark, the feedback on every option and the page
// that teaches each point; "Try again" clears the answers. Runs with no kernel and no network.
// After scoring it tells, when they are there: the learner's progress (progress.js, window.ict4dProgress)
// and, inside the SCORM package, scorm.js, through the "as:submitted" event on the form.
(function () {
  "use strict";
  function questions(form) { return Array.prototype.slice.call(form.querySelectorAll(".as-question")); }
  function inputs(q) { return Array.prototype.slice.call(q.querySelectorAll("input")); }
  function chosen(q) { return inputs(q).filter(function (i) { return i.checked; }).map(function (i) { return Number(i.value); }); }
  function say(node, text) { node.textContent = text; }
  function labelOf(q, index) {
    var input = q.querySelector('input[value="' + index + '"]'), label = input && q.querySelector('label[for="' + input.id + '"]');
    return label ? label.textContent : "";
  }

  function mark(form) {
    var all = questions(form), missing = [];
    all.forEach(function (q, n) { if (!chosen(q).length) { missing.push(n + 1); } });
    var result = form.querySelector(".as-result");
    result.className = "as-result";
    if (missing.length) {
      say(result, "Answer every question first: " + (missing.length === 1 ? "question " + missing[0] + " has"
        : "questions " + missing.join(", ") + " have") + " no answer yet.");
      result.classList.add("as-failure");
      var first = all[missing[0] - 1].querySelector("input");
      if (first) { first.focus(); }
      return null;
    }
    var right = 0, answers = [], results = [];
    all.forEach(function (q) {
      var ok = true, answer = chosen(q), key = [];
      inputs(q).forEach(function (input) {
        var correct = input.dataset.correct === "true", feedback = input.parentNode.querySelector(".kc-feedback");
        if (correct) { key.push(Number(input.value)); }
        if (input.checked !== correct) { ok = false; }
        feedback.hidden = false;  // feedback on every option, once the answers are in
        feedback.classList.toggle("kc-right", correct);
        feedback.classList.toggle("kc-wrong", input.checked && !correct);
        input.disabled = true;
      });
      if (ok) { right += 1; }
      answers.push(answer);
      results.push({ id: q.id, chosen: answer, correct: key, right: ok });
      var verdict = q.querySelector(".as-verdict");
      verdict.hidden = false;
      verdict.className = "as-verdict " + (ok ? "as-success" : "as-failure");
      say(verdict, ok ? "Your answer is right." : "Your answer is not right. The best answer: "
        + key.map(function (k) { return labelOf(q, k); }).join(" / "));
      q.querySelector(".as-review").hidden = ok;
    });
    var total = all.length, score = Math.round(100 * right / total), pass = Number(form.dataset.passMark);
    return { score: score, passed: score >= pass, correct: right, total: total, pass: pass, answers: answers,
             results: results };
  }

  function report(form, outcome) {
    var result = form.querySelector(".as-result");
    result.className = "as-result " + (outcome.passed ? "as-success" : "as-failure");
    result.textContent = "";
    var head = document.createElement("p");
    head.className = "as-score";
    say(head, "Your score: " + outcome.score + "% (" + outcome.correct + " of " + outcome.total + " right). The pass mark is "
      + outcome.pass + "%: " + (outcome.passed ? "you passed." : "you have not passed yet."));
    result.appendChild(head);
    var pages = {}, order = [];
    questions(form).forEach(function (q, n) {
      var link = q.querySelector(".as-review a");
      if (!link || q.querySelector(".as-review").hidden) { return; }
      var href = link.getAttribute("href");
      if (!pages[href]) { pages[href] = { title: link.textContent, numbers: [] }; order.push(href); }
      pages[href].numbers.push(n + 1);
    });
    if (order.length) {
      var intro = document.createElement("p");
      say(intro, "To review, the pages that teach the questions you missed:");
      var list = document.createElement("ul");
      order.forEach(function (href) {
        var item = document.createElement("li"), a = document.createElement("a");
        a.href = href;
        say(a, pages[href].title);
        item.appendChild(a);
        item.appendChild(document.createTextNode(" (question" + (pages[href].numbers.length > 1 ? "s " : " ")
          + pages[href].numbers.join(", ") + ")"));
        list.appendChild(item);
      });
      result.appendChild(intro);
      result.appendChild(list);
    }
    var next = document.createElement("p");
    say(next, (outcome.passed ? "" : "Read those pages, then press Try again. ")
      + "The feedback under each question says why each option is or is not the best answer.");
    result.appendChild(next);
  }

  function submitted(form, restoring) {
    var outcome = mark(form);
    if (!outcome) { return; }
    report(form, outcome);
    form.querySelector(".as-submit").hidden = true;
    form.querySelector(".as-retry").hidden = false;
    if (!restoring) {
      form.querySelector(".as-result").focus();
      if (window.ict4dProgress) {
        try {
          window.ict4dProgress.recordAssessment({ score: outcome.score, passed: outcome.passed,
                                                  correct: outcome.correct, total: outcome.total });
        } catch (e) { /* progress is a help, never a reason to fail */ }
      }
    }
    form.dispatchEvent(new CustomEvent("as:submitted", { bubbles: true,
      detail: { score: outcome.score, passed: outcome.passed, correct: outcome.correct, total: outcome.total,
                answers: outcome.answers, results: outcome.results, restored: !!restoring } }));
  }

  function reset(form) {
    questions(form).forEach(function (q) {
      inputs(q).forEach(function (input) { input.checked = false; input.disabled = false; });
      q.querySelectorAll(".kc-feedback").forEach(function (f) { f.hidden = true; f.classList.remove("kc-right", "kc-wrong"); });
      q.querySelector(".as-verdict").hidden = true;
      q.querySelector(".as-review").hidden = true;
    });
    var result = form.querySelector(".as-result");
    result.textContent = "";
    result.className = "as-result";
    form.querySelector(".as-submit").hidden = false;
    form.querySelector(".as-retry").hidden = true;
    var first = form.querySelector("input");
    if (first) { first.focus(); }
  }

  function ready() {
    document.querySelectorAll("form.as-form").forEach(function (form) {
      form.querySelector(".as-actions").hidden = false;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        submitted(form, form.dataset.restoring === "true");
      });
      form.querySelector(".as-retry").addEventListener("click", function () { reset(form); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
