// Strike by selecting, on the reviewer's review page. Without JavaScript the
// page strikes by pasting (and ticking); here the reviewer selects text with
// the mouse or with Shift and the arrow keys inside a field and picks a ground
// (1–3 for the first grounds, Enter for all of them). The script only ticks
// and fills the same form controls the paste form has: a selection becomes a
// `strike__<field>` value "start-end|ground|text", which the server checks
// against the record like a pasted passage. The preview beside the record is
// the server's redacted document, asked for after every change.
(function () {
  'use strict';
  var workbench = document.querySelector('[data-strike-workbench]');
  if (!workbench) return;
  var form = workbench.closest('form');
  var grounds = JSON.parse(workbench.getAttribute('data-grounds') || '[]');
  var previewUrl = workbench.getAttribute('data-preview-url');
  var status = workbench.querySelector('[data-strike-status]');
  var undoButton = workbench.querySelector('[data-strike-undo]');
  var suggestionBar = workbench.querySelector('[data-suggestion-bar]');
  var suggestionCount = workbench.querySelector('[data-suggestion-count]');
  var previewPanel = workbench.querySelector('[data-copy-preview-panel]');
  var preview = workbench.querySelector('[data-copy-preview]');
  var undoStack = [];
  var menu = null;
  var fields = [];

  // ---- the form controls are the state ----------------------------------

  function strikeValue(start, end, ground, text) {
    return start + '-' + end + '|' + ground + '|' + text;
  }

  function readStrike(value) {
    var match = /^(\d+)-(\d+)\|/.exec(value);
    if (!match) return null;
    var rest = value.slice(match[0].length);
    for (var i = 0; i < grounds.length; i++) {
      if (rest.indexOf(grounds[i] + '|') === 0) {
        return { start: Number(match[1]), end: Number(match[2]), ground: grounds[i] };
      }
    }
    return null;
  }

  function isActive(input) {
    return input.type === 'hidden' ? input.isConnected : input.checked;
  }

  /** Every struck or suggested passage of a field, from its controls. */
  function itemsOf(field) {
    if (field.whole.checked) {
      return [
        {
          kind: 'whole',
          start: 0,
          end: field.text.length,
          ground: field.ground.value,
          input: field.whole,
        },
      ];
    }
    var items = [];
    field.strikeInputs.forEach(function (input) {
      var strike = isActive(input) && readStrike(input.value);
      if (strike) {
        items.push({
          kind: 'strike',
          start: strike.start,
          end: strike.end,
          ground: strike.ground,
          input: input,
        });
      }
    });
    field.suggestions.forEach(function (input) {
      if (!input.checked) return;
      var parts = input.value.split('-');
      items.push({
        kind: 'suggestion',
        start: Number(parts[0]),
        end: Number(parts[1]),
        ground: field.ground.value,
        pending: input.hasAttribute('data-pending'),
        explanation: input.getAttribute('data-explanation') || '',
        input: input,
      });
    });
    return items.sort(function (a, b) {
      return a.start - b.start || a.end - b.end;
    });
  }

  function addStrikeInput(field, start, end, ground) {
    var input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'strike__' + field.id;
    input.value = strikeValue(start, end, ground, field.text.slice(start, end));
    field.strikeBox.appendChild(input);
    field.strikeInputs.push(input);
    return input;
  }

  function detach(input) {
    if (input.type === 'hidden') {
      input.remove();
    } else {
      input.checked = false;
    }
  }

  function attach(field, input) {
    if (input.type === 'hidden') {
      field.strikeBox.appendChild(input);
    } else {
      input.checked = true;
    }
  }

  function quote(text) {
    var short = text.length > 60 ? text.slice(0, 57) + '…' : text;
    return '”' + short + '”';
  }

  // ---- what the reviewer does, each with its undo -------------------------

  function done(message, undo) {
    undoStack.push({ message: message, undo: undo });
    changed(message);
  }

  function changed(message) {
    fields.forEach(render);
    undoButton.disabled = undoStack.length === 0;
    announce(message);
    refreshPreview();
  }

  function strike(field, start, end, ground) {
    var input = addStrikeInput(field, start, end, ground);
    done('Struket: ' + quote(field.text.slice(start, end)) + ' (' + ground + ')', function () {
      detach(input);
    });
  }

  function removeItem(field, item) {
    var text = quote(field.text.slice(item.start, item.end));
    if (item.kind === 'whole') {
      field.whole.checked = false;
      return done('Hela uppgiften lämnas ut igen', function () {
        field.whole.checked = true;
      });
    }
    var wasPending = item.input.hasAttribute('data-pending');
    item.input.removeAttribute('data-pending');
    detach(item.input);
    done(
      (item.kind === 'suggestion' ? 'Förslaget avfärdat: ' : 'Maskering borttagen: ') + text,
      function () {
        attach(field, item.input);
        if (wasPending) item.input.setAttribute('data-pending', '');
      },
    );
  }

  function changeGround(field, item, ground) {
    var text = quote(field.text.slice(item.start, item.end));
    var message = 'Grunden ändrad: ' + text + ' (' + ground + ')';
    if (item.kind === 'whole') {
      var before = field.ground.value;
      field.ground.value = ground;
      return done(message, function () {
        field.ground.value = before;
      });
    }
    if (item.kind === 'strike') {
      var previous = item.input.value;
      item.input.value = strikeValue(
        item.start,
        item.end,
        ground,
        field.text.slice(item.start, item.end),
      );
      return done(message, function () {
        item.input.value = previous;
      });
    }
    // A suggestion takes the field's ground; with a ground of its own it becomes a struck passage.
    var wasPending = item.input.hasAttribute('data-pending');
    item.input.checked = false;
    item.input.removeAttribute('data-pending');
    var input = addStrikeInput(field, item.start, item.end, ground);
    done(message, function () {
      detach(input);
      item.input.checked = true;
      if (wasPending) item.input.setAttribute('data-pending', '');
    });
  }

  function acceptSuggestion(field, item) {
    item.input.removeAttribute('data-pending');
    done(
      'Förslaget godtaget, struket: ' +
        quote(field.text.slice(item.start, item.end)) +
        ' (' +
        item.ground +
        ')',
      function () {
        item.input.setAttribute('data-pending', '');
      },
    );
  }

  function settleAllSuggestions(accept) {
    var pending = [];
    fields.forEach(function (field) {
      field.suggestions.forEach(function (input) {
        if (input.hasAttribute('data-pending') && input.checked) pending.push(input);
      });
    });
    if (pending.length === 0) return;
    pending.forEach(function (input) {
      input.removeAttribute('data-pending');
      if (!accept) input.checked = false;
    });
    done(
      (accept ? 'Alla förslag godtagna: ' : 'Alla förslag avfärdade: ') + pending.length,
      function () {
        pending.forEach(function (input) {
          input.setAttribute('data-pending', '');
          input.checked = true;
        });
      },
    );
  }

  function toggleWhole(field) {
    var wasWhole = field.whole.checked;
    field.whole.checked = !wasWhole;
    done(
      wasWhole
        ? 'Hela uppgiften lämnas ut igen'
        : 'Struket: hela uppgiften ' + field.label + ' (' + field.ground.value + ')',
      function () {
        field.whole.checked = wasWhole;
      },
    );
  }

  function undo() {
    var last = undoStack.pop();
    if (!last) return;
    last.undo();
    changed('Ångrat: ' + last.message);
  }

  function announce(message) {
    // Emptied first, so the same words twice are still read out.
    status.textContent = '';
    setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  // ---- drawing a field: its text with the boxes in place, and its list ---

  function render(field) {
    var items = itemsOf(field);
    var element = field.textElement;
    element.textContent = '';
    var at = 0;
    var groups = [];
    items.forEach(function (item) {
      var last = groups[groups.length - 1];
      if (last && item.start < last.end) {
        last.end = Math.max(last.end, item.end);
        last.items.push(item);
      } else {
        groups.push({ start: item.start, end: item.end, items: [item] });
      }
    });
    function text(start, end) {
      if (end <= start) return;
      var span = document.createElement('span');
      span.setAttribute('data-start', String(start));
      span.textContent = field.text.slice(start, end);
      element.appendChild(span);
    }
    groups.forEach(function (group) {
      text(at, group.start);
      var mark = document.createElement('mark');
      var isPending = group.items.every(function (item) {
        return item.pending;
      });
      mark.className = isPending ? 'strike strike--suggested' : 'strike';
      mark.setAttribute('data-start', String(group.start));
      mark.setAttribute(
        'data-ground',
        (isPending ? 'Förslag · ' : '') +
          group.items
            .map(function (item) {
              return item.ground;
            })
            .filter(function (ground, index, all) {
              return all.indexOf(ground) === index;
            })
            .join(', '),
      );
      mark.textContent = field.text.slice(group.start, group.end);
      element.appendChild(mark);
      at = group.end;
    });
    text(at, field.text.length);

    field.list.textContent = '';
    items.forEach(function (item) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'strike-chip' + (item.pending ? ' strike-chip--suggested' : '');
      button.setAttribute('aria-haspopup', 'true');
      button.textContent =
        (item.pending ? 'Förslag: ' : '') +
        (item.kind === 'whole' ? 'Hela uppgiften' : quote(field.text.slice(item.start, item.end))) +
        ' – ' +
        (item.pending ? item.explanation + ' ' : '') +
        item.ground;
      button.addEventListener('click', function () {
        openItemMenu(field, item, button);
      });
      field.list.appendChild(button);
    });
    var whole = document.createElement('button');
    whole.type = 'button';
    whole.className = 'button button--secondary strike-whole';
    whole.setAttribute('aria-pressed', field.whole.checked ? 'true' : 'false');
    whole.textContent = 'Maskera hela uppgiften';
    whole.addEventListener('click', function () {
      toggleWhole(field);
    });
    field.list.appendChild(whole);

    var pending = 0;
    fields.forEach(function (each) {
      each.suggestions.forEach(function (input) {
        if (input.checked && input.hasAttribute('data-pending')) pending++;
      });
    });
    suggestionBar.hidden = pending === 0;
    suggestionCount.textContent =
      pending === 1
        ? '1 förslag att godta eller avfärda.'
        : pending + ' förslag att godta eller avfärda.';
  }

  // ---- selections: offsets into the field's text -------------------------

  function offsetAt(field, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(field.textElement);
    range.setEnd(node, offset);
    var total = 0;
    field.textElement.querySelectorAll('[data-start]').forEach(function (segment) {
      var textNode = segment.firstChild;
      if (!textNode || !range.intersectsNode(textNode)) return;
      total += textNode === range.endContainer ? range.endOffset : textNode.length;
    });
    return total;
  }

  function pointAt(field, offset) {
    var segments = field.textElement.querySelectorAll('[data-start]');
    for (var i = 0; i < segments.length; i++) {
      var start = Number(segments[i].getAttribute('data-start'));
      var node = segments[i].firstChild;
      if (node && offset >= start && offset <= start + node.length) {
        return { node: node, offset: offset - start };
      }
    }
    return { node: field.textElement, offset: 0 };
  }

  function fieldOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    var text = element && element.closest('[data-field-text]');
    if (!text) return null;
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].textElement === text) return fields[i];
    }
    return null;
  }

  /** The selected passage of one field, trimmed of the spaces a drag takes along. */
  function currentSelection() {
    var selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    var field = fieldOf(range.startContainer);
    if (!field) return null;
    if (fieldOf(range.endContainer) !== field) return { field: field, acrossFields: true };
    var start = offsetAt(field, range.startContainer, range.startOffset);
    var end = offsetAt(field, range.endContainer, range.endOffset);
    while (start < end && /\s/.test(field.text.charAt(start))) start++;
    while (end > start && /\s/.test(field.text.charAt(end - 1))) end--;
    return start < end ? { field: field, start: start, end: end } : null;
  }

  function strikeSelection(selected, ground) {
    closeMenu(false);
    var field = selected.field;
    strike(field, selected.start, selected.end, ground);
    field.caret = { anchor: selected.end, focus: selected.end };
    var selection = document.getSelection();
    if (selection) selection.removeAllRanges();
  }

  // ---- the menus: a ground for a selection, or what to do with a box ------

  function closeMenu(returnFocus) {
    if (!menu) return;
    var back = menu.returnTo;
    menu.element.remove();
    menu = null;
    if (returnFocus && back && back.isConnected) back.focus();
  }

  function buildMenu(field, label, returnTo) {
    closeMenu(false);
    var element = document.createElement('div');
    element.className = 'strike-menu';
    element.setAttribute('role', 'group');
    element.setAttribute('aria-label', label);
    var title = document.createElement('p');
    title.className = 'strike-menu__title';
    title.textContent = label;
    element.appendChild(title);
    element.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        closeMenu(true);
      }
    });
    field.textElement.insertAdjacentElement('afterend', element);
    menu = { element: element, field: field, returnTo: returnTo, selection: null };
    return element;
  }

  function menuButton(element, text, action, key) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--secondary strike-menu__choice';
    if (key) {
      var kbd = document.createElement('kbd');
      kbd.textContent = key;
      button.appendChild(kbd);
      button.appendChild(document.createTextNode(' '));
    }
    button.appendChild(document.createTextNode(text));
    button.addEventListener('click', action);
    element.appendChild(button);
    return button;
  }

  function openGroundMenu(selected, moveFocus) {
    var field = selected.field;
    var element = buildMenu(
      field,
      'Välj grund för ' + quote(field.text.slice(selected.start, selected.end)),
      field.textElement,
    );
    menu.selection = selected;
    grounds.forEach(function (ground, index) {
      menuButton(
        element,
        ground,
        function () {
          strikeSelection(selected, ground);
          field.textElement.focus();
        },
        index < 9 ? String(index + 1) : '',
      );
    });
    menuButton(element, 'Avbryt', function () {
      closeMenu(true);
    });
    if (moveFocus) element.querySelector('button').focus();
  }

  function openItemMenu(field, item, returnTo) {
    var what =
      item.kind === 'whole' ? 'hela uppgiften' : quote(field.text.slice(item.start, item.end));
    var element = buildMenu(field, 'Maskeringen av ' + what, returnTo);
    if (item.pending) {
      menuButton(element, 'Godta förslaget', function () {
        closeMenu(false);
        acceptSuggestion(field, item);
        field.textElement.focus();
      });
      menuButton(element, 'Avfärda förslaget', function () {
        closeMenu(false);
        removeItem(field, item);
        field.textElement.focus();
      });
    }
    grounds.forEach(function (ground, index) {
      var button = menuButton(
        element,
        'Grund: ' + ground,
        function () {
          closeMenu(false);
          if (ground !== item.ground) changeGround(field, item, ground);
          field.textElement.focus();
        },
        index < 9 ? String(index + 1) : '',
      );
      button.setAttribute('aria-pressed', ground === item.ground ? 'true' : 'false');
    });
    if (!item.pending) {
      menuButton(element, 'Ta bort maskeringen', function () {
        closeMenu(false);
        removeItem(field, item);
        field.textElement.focus();
      });
    }
    menuButton(element, 'Avbryt', function () {
      closeMenu(true);
    });
    element.querySelector('button').focus();
  }

  // ---- the keyboard inside a field's text ---------------------------------

  function wordBoundary(text, from, direction) {
    var at = from;
    if (direction < 0) {
      while (at > 0 && /\s/.test(text.charAt(at - 1))) at--;
      while (at > 0 && !/\s/.test(text.charAt(at - 1))) at--;
    } else {
      while (at < text.length && !/\s/.test(text.charAt(at))) at++;
      while (at < text.length && /\s/.test(text.charAt(at))) at++;
    }
    return at;
  }

  function showCaret(field) {
    var selection = document.getSelection();
    if (!selection) return;
    var anchor = pointAt(field, field.caret.anchor);
    var focus = pointAt(field, field.caret.focus);
    selection.setBaseAndExtent(anchor.node, anchor.offset, focus.node, focus.offset);
  }

  function syncCaret(field) {
    var selection = document.getSelection();
    if (selection && selection.rangeCount > 0 && fieldOf(selection.anchorNode) === field) {
      field.caret = {
        anchor: offsetAt(field, selection.anchorNode, selection.anchorOffset),
        focus: offsetAt(field, selection.focusNode, selection.focusOffset),
      };
    }
  }

  function onFieldKey(field, event) {
    var key = event.key;
    var length = field.text.length;
    if (['ArrowLeft', 'ArrowRight', 'Home', 'End', 'ArrowUp', 'ArrowDown'].indexOf(key) >= 0) {
      syncCaret(field);
      var focus = field.caret.focus;
      if (key === 'ArrowLeft')
        focus = event.ctrlKey ? wordBoundary(field.text, focus, -1) : focus - 1;
      if (key === 'ArrowRight')
        focus = event.ctrlKey ? wordBoundary(field.text, focus, 1) : focus + 1;
      if (key === 'Home' || key === 'ArrowUp') focus = 0;
      if (key === 'End' || key === 'ArrowDown') focus = length;
      focus = Math.max(0, Math.min(length, focus));
      field.caret = { anchor: event.shiftKey ? field.caret.anchor : focus, focus: focus };
      event.preventDefault();
      showCaret(field);
      return;
    }
    var selected = currentSelection();
    if (/^[1-9]$/.test(key) && !event.ctrlKey && !event.altKey && !event.metaKey) {
      var ground = grounds[Number(key) - 1];
      if (selected && !selected.acrossFields && ground) {
        event.preventDefault();
        strikeSelection(selected, ground);
      }
      return;
    }
    if (key === 'Enter' && selected && !selected.acrossFields) {
      event.preventDefault();
      openGroundMenu(selected, true);
    }
  }

  // ---- preview beside the record -----------------------------------------

  var previewTimer = null;
  var previewRound = 0;
  function refreshPreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(function () {
      var round = ++previewRound;
      var body = new URLSearchParams(new FormData(form));
      body.set('visning', 'html');
      preview.setAttribute('aria-busy', 'true');
      fetch(previewUrl, { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          if (round !== previewRound) return;
          var template = document.createElement('template');
          template.innerHTML = html;
          preview.replaceChildren(template.content);
          preview.setAttribute('aria-busy', 'false');
        })
        .catch(function () {
          if (round !== previewRound) return;
          preview.textContent = 'Förhandsvisningen kunde inte hämtas. Öppna PDF-kopian i stället.';
          preview.setAttribute('aria-busy', 'false');
        });
    }, 120);
  }

  // ---- taking the page over ------------------------------------------------

  workbench.querySelectorAll('[data-field-id]').forEach(function (fieldset) {
    var textElement = fieldset.querySelector('[data-field-text]');
    var controls = fieldset.querySelector('[data-no-js-controls]');
    var id = fieldset.getAttribute('data-field-id');
    var legend = fieldset.querySelector('legend');
    var field = {
      id: id,
      label: legend ? legend.textContent.trim() : id,
      text: JSON.parse(textElement.getAttribute('data-field-text')),
      textElement: textElement,
      whole: controls.querySelector('input[name="whole__' + id + '"]'),
      ground: controls.querySelector('select[name="ground__' + id + '"]'),
      suggestions: Array.prototype.slice.call(
        controls.querySelectorAll('input[name="suggestion__' + id + '"]'),
      ),
      strikeBox: controls.querySelector('[data-strikes]'),
      strikeInputs: Array.prototype.slice.call(
        controls.querySelectorAll('input[name="strike__' + id + '"]'),
      ),
      list: document.createElement('div'),
      caret: { anchor: 0, focus: 0 },
    };
    // Passages pasted before (a page shown again after an error) become struck passages, each
    // occurrence with the field's ground, as the server would have read them.
    var passage = controls.querySelector('textarea[name="passage__' + id + '"]');
    passage.value.split(/\r?\n/).forEach(function (line) {
      var wanted = line.trim();
      if (!wanted) return;
      for (
        var at = field.text.indexOf(wanted);
        at >= 0;
        at = field.text.indexOf(wanted, at + wanted.length)
      ) {
        addStrikeInput(field, at, at + wanted.length, field.ground.value);
      }
    });
    passage.value = '';
    controls.hidden = true;
    textElement.setAttribute('role', 'textbox');
    textElement.setAttribute('aria-readonly', 'true');
    textElement.setAttribute('aria-multiline', 'true');
    textElement.setAttribute('aria-label', field.label);
    textElement.setAttribute('aria-describedby', 'strike-help');
    textElement.tabIndex = 0;
    field.list.className = 'strike-list';
    field.list.setAttribute('aria-label', 'Maskeringar i ' + field.label);
    field.list.setAttribute('role', 'group');
    textElement.insertAdjacentElement('afterend', field.list);
    textElement.addEventListener('keydown', function (event) {
      onFieldKey(field, event);
    });
    fields.push(field);
  });

  document.addEventListener('mouseup', function (event) {
    if (menu && menu.element.contains(event.target)) return;
    var selected = currentSelection();
    if (!selected) return;
    if (selected.acrossFields) {
      announce('Markera inom en uppgift i taget.');
      return;
    }
    openGroundMenu(selected, false);
  });

  document.addEventListener('keydown', function (event) {
    var target = event.target;
    var isTyping = target.closest && target.closest('input, textarea, select');
    if (
      (event.ctrlKey || event.metaKey) &&
      !event.shiftKey &&
      event.key.toLowerCase() === 'z' &&
      !isTyping
    ) {
      event.preventDefault();
      closeMenu(false);
      undo();
      return;
    }
    // A ground's number picks it while the menu for a mouse selection is open.
    if (menu && menu.selection && /^[1-9]$/.test(event.key) && !isTyping && !fieldOf(target)) {
      var ground = grounds[Number(event.key) - 1];
      if (ground) {
        event.preventDefault();
        var field = menu.selection.field;
        strikeSelection(menu.selection, ground);
        field.textElement.focus();
      }
    }
  });

  undoButton.addEventListener('click', function () {
    undo();
  });
  workbench.querySelector('[data-accept-all]').addEventListener('click', function () {
    settleAllSuggestions(true);
  });
  workbench.querySelector('[data-dismiss-all]').addEventListener('click', function () {
    settleAllSuggestions(false);
  });
  document.querySelectorAll('[data-no-js-hint], [data-no-js-preview]').forEach(function (element) {
    element.hidden = true;
  });
  workbench.classList.add('review-layout--selecting');
  workbench.querySelector('[data-strike-toolbar]').hidden = false;
  previewPanel.hidden = false;
  fields.forEach(render);
  refreshPreview();
})();
