// The search page (/sog/): the search box, the filters with their counts, the order, and the
// results, over the engine of search-engine.js (loaded before this script).
//
// The address holds the whole search (/sog/?q=skole&aar=2024&bydel=amager-vest&sort=nyeste), so
// a search can be linked, bookmarked and reloaded, and the back button returns to it. Filters
// of one kind widen (2023 or 2024), of different kinds narrow (2024 and Amager Vest); chosen
// without words they list every proposal that passes them, newest first. Beside each value is
// the number of results it would give with the words and the other kinds' filters. Results are
// shown ten at a time ("Vis flere resultater" moves the focus to the first new one); only the
// documents shown are fetched. All text goes in with textContent, never as HTML.
(function () {
  "use strict";

  var engine = window.PA_SEARCH_ENGINE;
  var container = document.getElementById("pa-search");
  if (!container || !engine) return;
  var PAGE = 10;  // results shown at a time
  var SORT_NEWEST = "nyeste";

  // ---- Results ----
  // A stretch of the text around the first matching word, the matching words marked.
  var EXCERPT_BEFORE = 10, EXCERPT_WORDS = 32;
  function excerpt(text, keys) {
    var found = [], match, WORD = engine.WORD;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) found.push([match.index, match[0]]);
    var first = -1, i;
    for (i = 0; i < found.length; i++) {
      if (engine.matches(keys, found[i][1])) { first = i; break; }
    }
    if (first < 0) return null;
    var from = Math.max(0, first - EXCERPT_BEFORE);
    var to = Math.min(found.length, from + EXCERPT_WORDS);
    var end = to < found.length ? found[to][0] : text.length;
    var parts = [], at = found[from][0];
    for (i = from; i < to; i++) {
      if (!engine.matches(keys, found[i][1])) continue;
      parts.push([text.slice(at, found[i][0]), false], [found[i][1], true]);
      at = found[i][0] + found[i][1].length;
    }
    parts.push([text.slice(at, end).trimEnd(), false]);
    if (from > 0) parts[0][0] = "… " + parts[0][0];
    if (to < found.length) parts[parts.length - 1][0] += " …";
    return parts;
  }

  function paragraph(className, parts) {
    var p = document.createElement("p");
    p.className = className;
    parts.forEach(function (part) {
      if (!part[1]) { p.appendChild(document.createTextNode(part[0])); return; }
      var mark = document.createElement("mark");
      mark.textContent = part[0];
      p.appendChild(mark);
    });
    return p;
  }

  function resultItem(root, doc, keys) {
    var item = document.createElement("li");
    item.className = "pa-search__result";
    var heading = document.createElement("h2");
    heading.className = "pa-search__title";
    var link = document.createElement("a");
    link.className = "pa-search__link";
    link.href = root + doc.u;
    link.textContent = doc.t;
    heading.appendChild(link);
    item.appendChild(heading);
    // kind · year · districts · status · the headline amount ("koster 1,4 mio. kr.")
    if (doc.f) item.appendChild(paragraph("pa-search__facts", [[doc.f, false]]));
    var parts = keys.length ? excerpt(doc.s, keys) || excerpt(doc.x || "", keys) : null;
    if (!parts && doc.s) parts = [[doc.s, false]];
    if (parts) item.appendChild(paragraph("pa-search__excerpt", parts));
    return item;
  }

  function count(n) { return n.toLocaleString("da-DK") + (n === 1 ? " resultat" : " resultater"); }

  // ---- The page ----
  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/search\.js(\?.*)?$/, "") : "";
  var index = window.PA_SEARCH_INDEX ? engine.includedIndex(window.PA_SEARCH_INDEX)
    : engine.fetchedIndex(root);

  container.innerHTML =
    '<form class="pa-search__form" role="search">' +
    '<label for="pa-search-q">Søg i arkivet</label>' +
    '<div class="pa-search__row"><input id="pa-search-q" class="pa-search__input" name="q"' +
    ' type="search" autocomplete="off"><button type="submit" class="pa-search__button">Søg</button>' +
    '</div>' +
    '<div class="pa-search__order"><label for="pa-search-sort">Sortér</label>' +
    '<select id="pa-search-sort" name="sort"><option value="">Bedste match først</option>' +
    '<option value="' + SORT_NEWEST + '">Nyeste først</option></select></div>' +
    '<details class="pa-search__panel" hidden><summary>Afgræns søgningen</summary>' +
    '<div class="pa-search__filters"></div></details>' +
    '<button type="button" class="pa-search__clear" hidden>Fjern alle filtre</button>' +
    '</form>' +
    '<p class="pa-search__status" role="status" aria-live="polite"></p>' +
    '<ol class="pa-search__results" aria-busy="false"></ol>' +
    '<button type="button" class="pa-search__more" hidden>Vis flere resultater</button>';
  var form = container.querySelector("form");
  var input = container.querySelector("#pa-search-q");
  var sort = container.querySelector("#pa-search-sort");
  var panel = container.querySelector(".pa-search__panel");
  var summary = panel.querySelector("summary");
  var filterBox = container.querySelector(".pa-search__filters");
  // open beside the results on a wide screen; on a phone folded, so the results come first
  panel.open = window.matchMedia("(min-width: 60em)").matches;
  var clear = container.querySelector(".pa-search__clear");
  var status = container.querySelector(".pa-search__status");
  var list = container.querySelector(".pa-search__results");
  var more = container.querySelector(".pa-search__more");
  var current = 0;  // the latest search; an older one that answers late is dropped
  var state = null;
  var facets = null;  // the decoded filters, once loaded
  var boxes = {};  // param → slug → {input, item, text}

  function chosen() {
    var out = {};
    container.querySelectorAll(".pa-search__filters input:checked").forEach(function (box) {
      (out[box.name] = out[box.name] || []).push(box.value);
    });
    return out;
  }

  // The checkboxes, made once: a search updates their counts in place, so the focus stays on
  // the box just clicked.
  function makeFilters(wanted) {
    facets.forEach(function (f) {
      if (f.values.length < 2 && !(wanted[f.param] || []).length) return;
      var fieldset = document.createElement("fieldset");
      fieldset.className = "pa-search__facet";
      var legend = document.createElement("legend");
      legend.textContent = f.legend;
      fieldset.appendChild(legend);
      var ul = document.createElement("ul");
      boxes[f.param] = {};
      f.values.forEach(function (v) {
        var item = document.createElement("li");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = f.param;
        box.value = v[0];
        box.id = "pa-filter-" + f.param + "-" + v[0];
        box.checked = (wanted[f.param] || []).indexOf(v[0]) >= 0;
        var label = document.createElement("label");
        label.htmlFor = box.id;
        var text = document.createElement("span");
        label.append(v[1] + " ", text);
        item.append(box, label);
        ul.appendChild(item);
        boxes[f.param][v[0]] = { input: box, item: item, text: text };
      });
      fieldset.appendChild(ul);
      filterBox.appendChild(fieldset);
    });
  }

  function showCounts(counts) {
    facets.forEach(function (f, i) {
      if (!boxes[f.param]) return;
      var shown = 0;
      f.values.forEach(function (v, j) {
        var b = boxes[f.param][v[0]];
        b.text.textContent = "(" + counts[i][j].toLocaleString("da-DK") + ")";
        b.item.hidden = counts[i][j] === 0 && !b.input.checked;
        if (!b.item.hidden) shown++;
      });
      boxes[f.param][f.values[0][0]].item.closest("fieldset").hidden = shown === 0;
    });
  }

  function address(query, wanted) {
    var params = new URLSearchParams();
    if (query) params.append("q", query);
    facets.forEach(function (f) {
      (wanted[f.param] || []).forEach(function (slug) { params.append(f.param, slug); });
    });
    if (sort.value) params.append("sort", sort.value);
    var text = params.toString();
    return text ? "?" + text : window.location.pathname;
  }

  function showMore(id) {
    var batch = state.hits.slice(state.shown, state.shown + PAGE);
    return Promise.all(batch.map(index.document)).then(function (docs) {
      if (id !== current) return;
      docs.forEach(function (doc) { list.appendChild(resultItem(root, doc, state.keys)); });
      state.shown += batch.length;
      more.hidden = state.shown >= state.hits.length;
    });
  }

  function done(id, message) {
    if (id !== current) return;
    status.textContent = message;
    list.setAttribute("aria-busy", "false");
  }

  function run() {
    var id = ++current;
    var query = input.value.trim();
    list.setAttribute("aria-busy", "true");
    // the filters and the words' shards are fetched side by side
    var found = query ? engine.search(index, query) : Promise.resolve(null);
    found.catch(function () {});  // (its failure is reported below, once the filters are in)
    index.filters().then(function (data) {
      if (!facets) { facets = engine.decodeFilters(data); makeFilters(initial); }
      var wanted = chosen();
      var filtered = Object.keys(wanted).length > 0;
      if (id === current && window.history.replaceState) {
        window.history.replaceState(null, "", address(query, wanted));
      }
      clear.hidden = !filtered;
      var checked = container.querySelectorAll(".pa-search__filters input:checked").length;
      summary.textContent = "Afgræns søgningen" + (checked ? " (" + checked + " valgt)" : "");
      return found.then(function (result) {
        if (id !== current) return;
        var candidates = [];
        if (result) result.scores.forEach(function (_, doc) { candidates.push(doc); });
        else for (var n = 0; n < data.documents; n++) candidates.push(n);
        var applied = engine.applyFilters(facets, wanted, candidates);
        showCounts(applied.counts);
        panel.hidden = false;
        if (!query && !filtered) {  // nothing asked: the filters, with the whole archive's counts
          list.textContent = "";
          more.hidden = true;
          return done(id, "");
        }
        var hits = applied.passed;
        // documents are numbered newest first: the number is the order by date
        if (result && !sort.value) {
          hits.sort(function (a, b) { return result.scores.get(b) - result.scores.get(a) || a - b; });
        } else {
          hits.sort(function (a, b) { return a - b; });
        }
        state = { hits: hits, keys: result ? result.keys : [], shown: 0 };
        list.textContent = "";
        return showMore(id).then(function () {
          var what = query ? " for " + query : "";
          done(id, hits.length ? count(hits.length) + what : "Ingen resultater" + what);
        });
      });
    }).catch(function () {
      done(id, "Søgningen kunne ikke gennemføres. Prøv igen.");
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 100);  // after a short pause in typing
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  filterBox.addEventListener("change", function () { clearTimeout(timer); run(); });
  sort.addEventListener("change", function () { clearTimeout(timer); run(); });
  clear.addEventListener("click", function () {
    filterBox.querySelectorAll("input:checked").forEach(function (box) { box.checked = false; });
    input.focus();
    run();
  });
  more.addEventListener("click", function () {
    var before = list.children.length;
    showMore(current).then(function () {
      var next = list.children[before];
      if (next) next.querySelector("a").focus();  // keyboard users go on at the first new result
    });
  });

  // the search in the address: words, filters (made when the filters are loaded), order
  var params = new URLSearchParams(window.location.search);
  var initial = {};
  params.forEach(function (value, name) {
    if (name !== "q" && name !== "sort") (initial[name] = initial[name] || []).push(value);
  });
  input.value = params.get("q") || "";
  if (params.get("sort") === SORT_NEWEST) sort.value = SORT_NEWEST;
  run();
  if (!input.value && !Object.keys(initial).length) input.focus();
})();
