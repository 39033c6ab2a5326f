// Autosave for the plan page: where JavaScript runs, a section's form is saved
// a moment after the writer stops typing. Without JavaScript the forms work
// as they are. The server still decides everything (rights, revision, guard).
(function () {
  'use strict';
  var DELAY_MS = 1500;
  var forms = document.querySelectorAll('form[data-autosave]');

  function setRevision(revision) {
    document.querySelectorAll('input[name="revision"]').forEach(function (input) {
      input.value = revision;
    });
  }

  function status(form, text) {
    var element = form.querySelector('.autosave-status');
    if (!element) {
      element = document.createElement('p');
      element.className = 'autosave-status muted';
      element.setAttribute('role', 'status');
      form.appendChild(element);
    }
    element.textContent = text;
  }

  forms.forEach(function (form) {
    var timer = null;
    var saving = false;
    function save() {
      if (saving) return;
      saving = true;
      status(form, 'Sparar…');
      fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
        redirect: 'follow',
      })
        .then(function (response) {
          return response.text().then(function (html) {
            var match = /name="revision" value="(\d+)"/.exec(html);
            if (match) setRevision(match[1]);
            if (response.ok) {
              status(form, 'Sparat automatiskt ' + new Date().toLocaleTimeString('sv-SE'));
            } else {
              status(form, 'Sparades inte. Spara med knappen för att se varför.');
            }
          });
        })
        .catch(function () {
          status(form, 'Sparades inte: ingen kontakt med servern.');
        })
        .then(function () {
          saving = false;
        });
    }
    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(save, DELAY_MS);
    });
  });
})();
