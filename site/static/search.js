// pmgov's site search. The box is in every page's header with the hidden
// attribute, so without JavaScript nothing of it shows; this script reveals
// it, loads the language's index (search-index.js, a script that sets
// window.pmgovSearchIndex, so that it loads from file:// as well as from a
// server) the first time the box is used, and lists the entries whose
// title and words hold every word typed. Nothing is asked of any other
// site, and no result is written as HTML: the titles go in as text.
(function () {
  'use strict';
  var box = document.querySelector('.site-search');
  if (!box) {
    return;
  }
  var input = box.querySelector('input');
  var list = box.querySelector('.search-results');
  var status = box.querySelector('.search-status');
  var root = box.getAttribute('data-root') || '';
  var max = 20;
  var entries = null;
  var kinds = [];
  var loading = false;
  var timer = 0;

  // fold makes "Møte" match "mote" and "MØTE": lower case, and the
  // accents split off and dropped (ø and æ stay what they are).
  function fold(s) {
    return String(s).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  function say(key, a, b) {
    var text = box.getAttribute('data-' + key) || '';
    return text.replace('%d', String(a)).replace('%d', String(b));
  }

  function prepare(ix) {
    kinds = ix.kinds || [];
    entries = (ix.items || []).map(function (it) {
      return {kind: it[0], title: it[1], url: it[2], title0: fold(it[1]), hay: fold(it[1] + ' ' + (it[3] || ''))};
    });
  }

  function load() {
    if (entries || loading) {
      return;
    }
    if (window.pmgovSearchIndex) {
      prepare(window.pmgovSearchIndex);
      return;
    }
    loading = true;
    var s = document.createElement('script');
    s.src = box.getAttribute('data-index');
    s.addEventListener('load', function () {
      loading = false;
      if (!window.pmgovSearchIndex) {
        status.textContent = say('failed');
        return;
      }
      prepare(window.pmgovSearchIndex);
      clearTimeout(timer);
      run();
    });
    s.addEventListener('error', function () {
      loading = false;
      status.textContent = say('failed');
    });
    document.head.appendChild(s);
  }

  function rank(e, q) {
    if (e.title0.indexOf(q) === 0) {
      return 0;
    }
    return e.title0.indexOf(q) > 0 ? 1 : 2;
  }

  function run() {
    var q = fold(input.value).trim();
    // A run for the query the list already shows changes nothing: the
    // index arriving and the typing timer can both ask for the same
    // query, and rebuilding the list would take the focus away from a
    // result the reader has moved to with the arrow keys.
    if (entries && q && list.getAttribute('data-for') === input.value) {
      return;
    }
    list.textContent = '';
    list.removeAttribute('data-for');
    if (!q) {
      status.textContent = '';
      return;
    }
    if (!entries) {
      load();
      return;
    }
    var words = q.split(/\s+/);
    var found = [];
    entries.forEach(function (e, i) {
      for (var w = 0; w < words.length; w++) {
        if (e.hay.indexOf(words[w]) < 0) {
          return;
        }
      }
      found.push({e: e, r: rank(e, q), i: i});
    });
    found.sort(function (a, b) {
      return a.r - b.r || a.i - b.i;
    });
    found.slice(0, max).forEach(function (f) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + f.e.url;
      a.textContent = f.e.title;
      var kind = document.createElement('span');
      kind.className = 'search-kind';
      kind.textContent = kinds[f.e.kind] || '';
      li.appendChild(a);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(kind);
      list.appendChild(li);
    });
    // The list says which query it holds the results of.
    list.setAttribute('data-for', input.value);
    if (found.length === 0) {
      status.textContent = say('none');
    } else if (found.length > max) {
      status.textContent = say('more', found.length, max);
    } else {
      status.textContent = say('count', found.length);
    }
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll('a'));
  }

  input.addEventListener('focus', load);
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener('keydown', function (ev) {
    var first = links()[0];
    if (ev.key === 'ArrowDown' && first) {
      ev.preventDefault();
      first.focus();
    } else if (ev.key === 'Enter') {
      clearTimeout(timer);
      run();
      first = links()[0];
      if (first) {
        ev.preventDefault();
        window.location.href = first.href;
      }
    } else if (ev.key === 'Escape') {
      input.value = '';
      run();
    }
  });
  list.addEventListener('keydown', function (ev) {
    var all = links();
    var i = all.indexOf(document.activeElement);
    if (i < 0) {
      return;
    }
    if (ev.key === 'ArrowDown' && i + 1 < all.length) {
      ev.preventDefault();
      all[i + 1].focus();
    } else if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      (i > 0 ? all[i - 1] : input).focus();
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      input.focus();
    }
  });
  box.hidden = false;
}());
