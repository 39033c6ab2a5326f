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
      // JSON instead of the page: the answer is the new revision, or the error in the API's
      // shape. After a refusal the revision stays as it was, so a later autosave cannot write
      // over someone else's save (409); the button shows the whole page with the reason.
      fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      })
        .then(function (response) {
          return response.json().then(
            function (body) {
              if (response.ok && typeof body.revision === 'number') {
                setRevision(String(body.revision));
                status(form, 'Sparat automatiskt ' + new Date().toLocaleTimeString('sv-SE'));
              } else if (response.status === 409 && body.error && body.error.message) {
                // Someone saved in between, or the plan was established: the service says which.
                status(form, 'Sparades inte automatiskt. ' + body.error.message);
              } else {
                status(form, 'Sparades inte. Spara med knappen för att se varför.');
              }
            },
            function () {
              status(form, 'Sparades inte. Spara med knappen för att se varför.');
            },
          );
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
