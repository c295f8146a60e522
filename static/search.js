/* search.js: the search of a press's static copy (broadside mirror), without a server: the
 * words of ?q= (or of the search form) looked up in window.BROADSIDE_SEARCH, which
 * search-index.js holds: [path, title, day, tags, text] a post. Works from a static host and
 * from file://. Results are built as DOM nodes: nothing of the index is ever parsed as HTML. */
(function () {
  'use strict';
  var index = window.BROADSIDE_SEARCH || [];
  var script = document.currentScript;
  /* The copy's top folder: where this script is. */
  var root = script ? script.src.replace(/search\.js(\?.*)?$/, '') : '/';
  var local = location.protocol === 'file:';

  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  /* Words and "phrases"; a trailing * is a prefix, which plain matching does anyway. */
  function terms(q) {
    var out = [], re = /"([^"]+)"|(\S+)/g, m;
    while ((m = re.exec(q)) && out.length < 8) {
      var t = fold(m[1] || m[2]).replace(/\*$/, '');
      if (t && t !== 'or') out.push(t);
    }
    return out;
  }

  function href(path) {
    if (!local) return root.replace(/\/$/, '') + path;
    return root + path.replace(/^\//, '') + '/index.html';
  }

  function snippet(text, t) {
    var f = fold(text), at = f.indexOf(t[0]);
    var start = Math.max(0, at - 80);
    var s = (start ? '…' : '') + text.slice(start, start + 240);
    return s + (start + 240 < text.length ? '…' : '');
  }

  function search(q) {
    var t = terms(q), hits = [];
    if (!t.length) return hits;
    for (var i = 0; i < index.length; i++) {
      var e = index[i], title = fold(e[1]), tags = fold(e[3]), text = fold(e[4]);
      var score = 0, all = true;
      for (var k = 0; k < t.length && all; k++) {
        var inTitle = title.indexOf(t[k]) >= 0, inTags = tags.indexOf(t[k]) >= 0;
        var inText = text.indexOf(t[k]) >= 0;
        all = inTitle || inTags || inText;
        score += (inTitle ? 10 : 0) + (inTags ? 5 : 0) + (inText ? 1 : 0);
      }
      if (all) hits.push({ e: e, score: score });
    }
    hits.sort(function (a, b) {
      return b.score - a.score || (a.e[2] < b.e[2] ? 1 : a.e[2] > b.e[2] ? -1 : 0);
    });
    return hits.map(function (h) { return { e: h.e, snippet: snippet(h.e[4], t) }; });
  }

  function el(name, text, cls) {
    var n = document.createElement(name);
    if (text) n.textContent = text;
    if (cls) n.className = cls;
    return n;
  }

  function show(q) {
    var main = document.getElementById('content');
    if (!main) return;
    var old = document.getElementById('static-results');
    if (old) old.remove();
    var box = el('section');
    box.id = 'static-results';
    var hits = search(q);
    box.appendChild(el('p', (hits.length === 1 ? '1 post matches' : hits.length + ' posts match') +
      ' “' + q + '”.', 'count'));
    hits.slice(0, 100).forEach(function (h) {
      var a = el('article', null, 'summary'), h2 = el('h2'), link = el('a', h.e[1]);
      link.href = href(h.e[0]);
      h2.appendChild(link);
      a.appendChild(h2);
      if (h.e[2]) a.appendChild(el('p', h.e[2], 'meta'));
      a.appendChild(el('p', h.snippet, 'snippet'));
      box.appendChild(a);
    });
    main.appendChild(box);
    var inputs = document.querySelectorAll('form.search input[name=q]');
    for (var i = 0; i < inputs.length; i++) inputs[i].value = q;
  }

  var forms = document.querySelectorAll('form.search');
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener('submit', function (ev) {
      var q = this.querySelector('input[name=q]').value;
      ev.preventDefault();
      if (!local && history.replaceState) history.replaceState(null, '', '?q=' + encodeURIComponent(q));
      show(q);
    });
  }
  var q = new URLSearchParams(location.search).get('q');
  if (q) show(q);
})();
