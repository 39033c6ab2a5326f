// The GOV.UK error summary pattern: the summary takes focus when the page opens, and
// each of its links moves focus to its field (a plain link would only scroll there),
// with the field's label in view.
(function () {
  'use strict';
  var summary = document.querySelector('[data-error-summary]');
  if (!summary) return;
  summary.focus();
  summary.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    var label = document.querySelector('label[for="' + target.id + '"]');
    (label || target).scrollIntoView();
    target.focus({ preventScroll: true });
  });
})();
