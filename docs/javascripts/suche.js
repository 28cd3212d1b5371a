/* The site search (issue 15): a small accessible interface on Pagefind's JavaScript API.
   The markup and every German string are in overrides/partials/suche.html. Nothing of Pagefind is
   downloaded before the search button is focused or the search is opened; queries are normalised
   to NFC ("Lößnitz" typed with a combining diaeresis finds the same as the precomposed one). */
(function () {
  "use strict";
  var root = document.querySelector("[data-asskomm-suche]");
  if (!root || typeof HTMLDialogElement !== "function") return;
  var dialog = root.querySelector("dialog");
  var opener = root.querySelector(".asskomm-suche__oeffnen");
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var status = root.querySelector(".asskomm-suche__status");
  var list = root.querySelector(".asskomm-suche__ergebnisse");
  var more = root.querySelector("[data-suche-mehr]");
  var selects = Array.prototype.slice.call(root.querySelectorAll("[data-suche-filter]"));
  var PER_PAGE = 5;  // as Pagefind's own interface: each result shown fetches its fragment
  var MIN_LENGTH = 3;
  var bundle = new URL(root.getAttribute("data-pagefind"), location.href);
  var pagefind = null;
  var loading = null;
  var results = [];
  var shown = 0;
  var generation = 0;
  var timer = 0;

  function text(key, values) {
    return (status.getAttribute("data-" + key) || "").replace(/\{(\w+)\}/g, function (_, name) {
      return values && name in values ? values[name] : "";
    });
  }

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind.js", bundle).href).then(function (module) {
        return module.options({ baseUrl: new URL("../", bundle).pathname, excerptLength: 24 })
          .then(function () { return module.init(); })
          .then(function () { pagefind = module; return module.filters(); })
          .then(fillFilters);
      });
      loading.catch(function () { status.textContent = text("fehler"); });
    }
    return loading;
  }

  function fillFilters(filters) {
    selects.forEach(function (select) {
      var key = select.getAttribute("data-suche-filter");
      var values = Object.keys((filters && filters[key]) || {});
      values.sort(key === "jahr" ? function (a, b) { return b.localeCompare(a); }
                                 : function (a, b) { return a.localeCompare(b, "de"); });
      values.forEach(function (value) { select.appendChild(new Option(value, value)); });
    });
  }

  function chosenFilters() {
    var chosen = {};
    selects.forEach(function (select) {
      if (select.value) chosen[select.getAttribute("data-suche-filter")] = select.value;
    });
    return chosen;
  }

  /* Pagefind's excerpt is HTML with <mark> around the matches: only its text and the marks are kept. */
  function excerpt(html) {
    var out = document.createElement("p");
    out.className = "asskomm-suche__auszug";
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  /* On a page of many entries (the A–Z list, meta "abschnitte"), the result is the entry whose
     heading section matched most, linked with its anchor. */
  function section(data) {
    if (!(data.meta && data.meta.abschnitte)) return null;
    return (data.sub_results || []).filter(function (s) { return s.url.indexOf("#") > 0; })
      .sort(function (a, b) { return (b.locations || []).length - (a.locations || []).length; })[0] || null;
  }

  function item(data) {
    var meta = data.meta || {};
    var part = section(data);
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = part ? part.url : data.url;
    link.textContent = part ? part.title + " – " + meta.title : meta.title || data.url;
    li.appendChild(link);
    var facts = [meta.datum, meta.kategorie, meta.kreis].filter(Boolean);
    if (facts.length) {
      var p = document.createElement("p");
      p.className = "asskomm-suche__meta";
      p.textContent = facts.join(" · ");
      li.appendChild(p);
    }
    li.appendChild(excerpt((part || data).excerpt || ""));
    return li;
  }

  function showMore(focusFirst) {
    var mine = generation;
    var next = results.slice(shown, shown + PER_PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (pages) {
      if (mine !== generation) return;
      var first = null;
      pages.forEach(function (data) {
        var li = item(data);
        first = first || li;
        list.appendChild(li);
      });
      shown += pages.length;
      more.hidden = shown >= results.length;
      if (focusFirst && first) {
        status.textContent = text("mehr-geladen", { n: shown.toLocaleString("de-DE"), gesamt: results.length.toLocaleString("de-DE") });
        first.querySelector("a").focus();
      }
    });
  }

  function run() {
    var query = input.value.normalize("NFC").trim();
    var filters = chosenFilters();
    var mine = ++generation;
    // One or two letters would fetch the index chunks of every word starting with them (up to
    // 100 KB each at full scale, issue 15 budget): the search starts at three, the shortest names.
    if (query.length < MIN_LENGTH && !Object.keys(filters).length) {
      results = [];
      shown = 0;
      list.textContent = "";
      more.hidden = true;
      status.textContent = text(query ? "kurz" : "leer");
      return Promise.resolve();
    }
    if (!pagefind) status.textContent = text("laedt");
    return load().then(function () {
      return pagefind.search(query.length >= MIN_LENGTH ? query : null, { filters: filters });
    }).then(function (search) {
      if (mine !== generation || !search) return;
      results = search.results;
      shown = 0;
      list.textContent = "";
      var n = results.length;
      var values = { q: query || "…", n: n.toLocaleString("de-DE") };
      var message = text(n === 0 ? "keine" : n === 1 ? "eins" : "viele", values);
      if (Object.keys(filters).length) message = message.replace(/\.$/, text("gefiltert") + ".");
      status.textContent = message;
      return showMore(false);
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  }

  function open() {
    load();
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
  }

  opener.addEventListener("focus", load, { once: true });
  opener.addEventListener("click", open);
  input.addEventListener("input", schedule);
  // Escape in a search field would only clear it (Chromium): here it closes the search, as elsewhere.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); dialog.close(); }
  });
  selects.forEach(function (select) { select.addEventListener("change", run); });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  more.addEventListener("click", function () { showMore(true); });
  root.querySelector("[data-suche-leeren]").addEventListener("click", function () {
    input.value = "";
    run();
    input.focus();
  });
  root.querySelector("[data-suche-schliessen]").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", function () { opener.focus({ preventScroll: true }); });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey && !dialog.open) {
      event.preventDefault();
      open();
    }
  });
})();
