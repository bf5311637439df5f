// Knowledge checks on static pages: show why each chosen option is right or wrong.
// The markup it relies on (classes, ids, data-* attributes, the kc:answered event) is written down in
// one place: the docstring of book/_ext/knowledge_checks.py, which makes it.
// Runs with no kernel and no network. Each answer is also noted in the learner's progress, kept
// in this browser by progress.js (which page, answered, right first time or not).
(function () {
  "use strict";
  function check(form) {
    var inputs = form.querySelectorAll("input");
    var chosen = 0, right = true;
    inputs.forEach(function (input) {
      var feedback = input.parentNode.querySelector(".kc-feedback");
      var correct = input.dataset.correct === "true";
      if (input.checked) { chosen += 1; }
      if (input.checked !== correct) { right = false; }
      feedback.hidden = !input.checked;
      feedback.classList.toggle("kc-right", input.checked && correct);
      feedback.classList.toggle("kc-wrong", input.checked && !correct);
    });
    var result = form.querySelector(".kc-result");
    result.classList.remove("kc-success", "kc-failure");
    if (chosen === 0) {
      result.textContent = "Choose an answer first.";
      return;
    }
    if (right) {
      result.textContent = "Correct. Read the feedback to see why.";
      result.classList.add("kc-success");
    } else {
      result.textContent = form.dataset.kind === "multiple"
        ? "Not yet: read the feedback on your choices, then try again. More than one answer may be right."
        : "Not yet: read the feedback on your choice, then try again.";
      result.classList.add("kc-failure");
    }
    if (window.ict4dProgress && form.id) { window.ict4dProgress.recordCheck(form.id, right); }
    form.dispatchEvent(new CustomEvent("kc:answered", { bubbles: true, detail: { right: right } }));
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains("kc-question")) {
      event.preventDefault();
      check(form);
    }
  });
})();
