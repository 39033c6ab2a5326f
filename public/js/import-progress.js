// The import report while the import runs: the page asks itself for the
// progress every few seconds and shows it, instead of reloading itself (a
// reload every two seconds moves a screen reader and the keyboard focus back
// to the top: WCAG 2.2.1). The status paragraph is a polite live region; it
// is told of progress in steps of ten per cent, not at every poll. Without
// JavaScript the "Uppdatera" link reloads the page by hand.
(function () {
  'use strict';
  var block = document.querySelector('[data-import-progress]');
  var text = block && block.querySelector('[data-import-progress-text]');
  if (!block || !text || typeof fetch !== 'function') return;
  var bar = block.querySelector('[data-import-progress-bar]');
  var hint = block.querySelector('[data-import-progress-hint]');
  var result = document.querySelector('[data-import-result]');
  var polls = 0;
  var timer = null;
  var stopped = false;
  var asking = false;
  var status = block.getAttribute('data-status');
  var announcedStep = bar ? Math.floor(Number(bar.value) / 10) : 0;

  if (hint) hint.textContent = 'Förloppet visas här medan importen pågår.';

  function schedule() {
    // Every two seconds for the first minute, then every five.
    timer = setTimeout(poll, polls < 30 ? 2000 : 5000);
  }

  function stop(message) {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    text.textContent = message;
  }

  // The live region stays where it is (one put in its place would not be
  // read); the rows of the report come in below it.
  function finish(page, finalStatus) {
    var fresh = page.querySelector('[data-import-result]');
    if (result && fresh) result.innerHTML = fresh.innerHTML;
    var failure = page.querySelector('[data-import-progress] .error-summary p');
    if (bar) bar.remove();
    if (hint) hint.textContent = '';
    block.setAttribute('data-status', finalStatus);
    stop(
      finalStatus === 'failed' && failure
        ? 'Filen kunde inte importeras: ' + failure.textContent
        : 'Importen är klar. Resultatet visas nedan.',
    );
  }

  function update(page) {
    var fresh = page.querySelector('[data-import-progress]');
    if (!fresh) {
      // Not the report (signed out, or an error page): the link still works.
      stop('Förloppet kunde inte hämtas. Välj Uppdatera för att försöka igen.');
      return;
    }
    var freshStatus = fresh.getAttribute('data-status');
    if (freshStatus !== 'queued' && freshStatus !== 'running') {
      finish(page, freshStatus);
      return;
    }
    var freshBar = fresh.querySelector('[data-import-progress-bar]');
    var freshText = fresh.querySelector('[data-import-progress-text]');
    var percent = freshBar ? Number(freshBar.value) : 0;
    if (bar) {
      bar.value = percent;
      bar.textContent = percent + ' %';
    }
    var step = Math.floor(percent / 10);
    if (freshText && (freshStatus !== status || step !== announcedStep)) {
      text.textContent = freshText.textContent;
      announcedStep = step;
    }
    status = freshStatus;
    schedule();
  }

  // The page as a document of its own: nothing in it runs or loads.
  function parsed(html) {
    var page = document.implementation.createHTMLDocument('');
    page.documentElement.innerHTML = html;
    return page;
  }

  function poll() {
    timer = null;
    if (stopped) return;
    if (document.hidden) {
      // Asked again when the tab is shown.
      return;
    }
    if (asking) return;
    asking = true;
    polls += 1;
    fetch(document.location.pathname, {
      credentials: 'same-origin',
      headers: { Accept: 'text/html' },
      cache: 'no-store',
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        asking = false;
        update(parsed(html));
      })
      .catch(function () {
        asking = false;
        stop('Förloppet kunde inte hämtas. Välj Uppdatera för att försöka igen.');
      });
  }

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && !timer && !stopped) poll();
  });

  schedule();
})();
