// The search page: Danish search over the index that generator/search_index.py writes.
//
// On a served site the index is fetched in small files (search-index/meta.json, then the one or
// two shards that hold the typed words' stems, then the documents shown); the offline build
// (file://, where fetch() is refused) loads the same index as one script before this one
// (window.PA_SEARCH_INDEX). Typed words are reduced to Danish Snowball stems with the same
// algorithm as the generator, so "samtalerne" finds "samtaler"; a stem of three or more letters
// also matches the longer stems that start with it ("cafe" → "caf" finds "cafe", the stem of
// "cafeer"), weighted lower. A result must match every typed word. Nothing from the index is
// ever parsed as HTML: all text goes in with textContent.
(function () {
  "use strict";

  // ---- The Danish Snowball stemmer (snowballstem.org/algorithms/danish/stemmer.html) ----
  var VOWELS = "aeiouyæåø";
  var S_ENDING = "abcdfghjklmnoprtvyzå";
  var UNDOUBLE = "bdfgklmnprst";
  var MAIN_SUFFIXES = ["erendes", "erende", "hedens", "ethed", "erede", "heden", "heder", "endes", "ernes",
    "erens", "erets", "ered", "ende", "erne", "eren", "erer", "heds", "enes", "eres", "eret", "hed", "ene",
    "ere", "ens", "ers", "ets", "en", "er", "es", "et", "e"];
  var OTHER_SUFFIXES = ["elig", "løst", "lig", "els", "ig"];
  var PAIRS = ["gd", "dt", "gt", "kt"];

  function isVowel(c) { return VOWELS.indexOf(c) >= 0; }

  // R1: after the first non-vowel that follows a vowel, and at least 3 letters in.
  function regionOne(w) {
    var p1 = w.length;
    for (var i = 1; i < w.length; i++) {
      if (!isVowel(w[i]) && isVowel(w[i - 1])) { p1 = i + 1; break; }
    }
    return Math.max(p1, 3);
  }

  function endsInRegion(w, suffix, p1) {
    return w.length - suffix.length >= p1 && w.slice(-suffix.length) === suffix;
  }

  function consonantPair(w, p1) {
    for (var i = 0; i < PAIRS.length; i++) {
      if (endsInRegion(w, PAIRS[i], p1)) return w.slice(0, -1);
    }
    return w;
  }

  function stem(word) {
    var w = word;
    if (w.length < 3) return w;
    var p1 = regionOne(w);
    var i;
    for (i = 0; i < MAIN_SUFFIXES.length; i++) {  // longest first
      if (endsInRegion(w, MAIN_SUFFIXES[i], p1)) { w = w.slice(0, -MAIN_SUFFIXES[i].length); break; }
    }
    if (i === MAIN_SUFFIXES.length && endsInRegion(w, "s", p1) && w.length >= 2 && S_ENDING.indexOf(w[w.length - 2]) >= 0) {
      w = w.slice(0, -1);
    }
    w = consonantPair(w, p1);
    if (w.slice(-4) === "igst") w = w.slice(0, -2);
    for (i = 0; i < OTHER_SUFFIXES.length; i++) {
      var suffix = OTHER_SUFFIXES[i];
      if (endsInRegion(w, suffix, p1)) {
        if (suffix === "løst") { w = w.slice(0, -1); } else { w = consonantPair(w.slice(0, -suffix.length), p1); }
        break;
      }
    }
    var last = w[w.length - 1];
    if (w.length - 1 >= p1 && UNDOUBLE.indexOf(last) >= 0 && w[w.length - 2] === last) w = w.slice(0, -1);
    return w;
  }

  var WORD = /[\p{L}\p{N}]+/gu;  // the generator's words: [^\W_]+ on lower()
  function words(text) { return text.toLowerCase().match(WORD) || []; }

  // ---- The index: fetched in pieces, or all present in the offline build ----
  var PREFIX_MIN = 3;         // stems this long also match longer stems that start with them
  var PREFIX_FACTOR = 0.6;    // a prefix match counts less than the stem itself
  var PREFIX_SHARDS = 3;      // a prefix reads at most this many shards
  var PAGE = 10;              // results shown at a time
  var MAX_TERMS = 8;          // words of a query that are searched for
  var K1 = 1.2, SCALE = 10;   // BM25 saturation; weights are stored ×10 (search_index.py)

  function fetchedIndex(root) {
    var cache = {};
    function get(path) {
      if (!cache[path]) {
        cache[path] = fetch(root + "search-index/" + path).then(function (r) {
          if (!r.ok) throw new Error(path + ": " + r.status);
          return r.json();
        });
        cache[path].catch(function () { delete cache[path]; });  // a failed file is tried again next time
      }
      return cache[path];
    }
    return {
      meta: function () { return get("meta.json"); },
      shard: function (first) { return get("t/" + encodeURIComponent(first || "_") + ".json"); },
      document: function (n) { return get("d/" + n + ".json"); },
    };
  }

  function includedIndex(data) {
    return {
      meta: function () { return Promise.resolve(data.meta); },
      shard: function (first) { return Promise.resolve(data.shards[first] || {}); },
      document: function (n) { return Promise.resolve(data.documents[n]); },
    };
  }

  // The shards that can hold stems starting with s: the one whose range holds s, and for a
  // prefix the following ones whose first stem still starts with s.
  function shardsFor(shards, s, prefix) {
    var lo = 0, hi = shards.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (shards[mid] <= s) lo = mid; else hi = mid - 1; }
    var found = [shards[lo]];
    for (var i = lo + 1; prefix && i < shards.length && found.length < PREFIX_SHARDS && shards[i].indexOf(s) === 0; i++) {
      found.push(shards[i]);
    }
    return found;
  }

  // Per document, the best score of one typed word (over its stem and, for a prefix, longer stems).
  function scoresFor(index, meta, term) {
    var s = stem(term);
    var prefix = s.length >= PREFIX_MIN;
    return Promise.all(shardsFor(meta.shards, s, prefix).map(index.shard)).then(function (loaded) {
      var scores = new Map();
      loaded.forEach(function (shard) {
        Object.keys(shard).forEach(function (candidate) {
          var exact = candidate === s;
          if (!exact && !(prefix && candidate.indexOf(s) === 0)) return;
          var postings = shard[candidate];
          var df = postings.length / 2;
          var idf = Math.log(1 + (meta.documents - df + 0.5) / (df + 0.5)) * (exact ? 1 : PREFIX_FACTOR);
          var doc = 0;
          for (var i = 0; i < postings.length; i += 2) {
            doc += postings[i];
            var tf = postings[i + 1] / SCALE;
            var score = idf * tf * (K1 + 1) / (tf + K1);
            if (!(scores.get(doc) >= score)) scores.set(doc, score);
          }
        });
      });
      return { stem: s, prefix: prefix, scores: scores };
    });
  }

  // The documents that match every typed word, best first (ties: the archive's order, newest first).
  function search(index, query) {
    // at most MAX_TERMS distinct words: each one fetches its shards
    var terms = words(query).filter(function (t, i, all) { return all.indexOf(t) === i; }).slice(0, MAX_TERMS);
    if (!terms.length) return Promise.resolve({ hits: [], stems: [] });
    return index.meta().then(function (meta) {
      return Promise.all(terms.map(function (t) { return scoresFor(index, meta, t); }));
    }).then(function (perTerm) {
      perTerm.sort(function (a, b) { return a.scores.size - b.scores.size; });  // smallest first
      var hits = [];
      perTerm[0].scores.forEach(function (score, doc) {
        for (var i = 1; i < perTerm.length; i++) {
          var other = perTerm[i].scores.get(doc);
          if (other === undefined) return;
          score += other;
        }
        hits.push([doc, score]);
      });
      hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return { hits: hits.map(function (h) { return h[0]; }), stems: perTerm };
    });
  }

  // ---- Showing results ----
  function matches(stems, word) {
    var s = stem(word);
    return stems.some(function (t) { return s === t.stem || (t.prefix && s.indexOf(t.stem) === 0); });
  }

  // A stretch of the text around the first matching word, the matching words marked.
  var EXCERPT_BEFORE = 10, EXCERPT_WORDS = 32;
  function excerpt(text, stems) {
    var found = [], match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) found.push([match.index, match[0]]);
    var first = -1;
    for (var i = 0; i < found.length; i++) {
      if (matches(stems, found[i][1].toLowerCase())) { first = i; break; }
    }
    if (first < 0) return null;
    var from = Math.max(0, first - EXCERPT_BEFORE), to = Math.min(found.length, from + EXCERPT_WORDS);
    var start = found[from][0];
    var end = to < found.length ? found[to][0] : text.length;
    var parts = [], at = start;
    for (i = from; i < to; i++) {
      if (!matches(stems, found[i][1].toLowerCase())) continue;
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
      if (part[1]) { var mark = document.createElement("mark"); mark.textContent = part[0]; p.appendChild(mark); }
      else p.appendChild(document.createTextNode(part[0]));
    });
    return p;
  }

  function resultItem(root, doc, stems) {
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
    if (doc.f) item.appendChild(paragraph("pa-search__facts", [[doc.f, false]]));
    var parts = excerpt(doc.s, stems) || excerpt(doc.x || "", stems) || (doc.s ? [[doc.s, false]] : null);
    if (parts) item.appendChild(paragraph("pa-search__excerpt", parts));
    return item;
  }

  function count(n) { return n.toLocaleString("da-DK") + (n === 1 ? " resultat" : " resultater"); }

  // ---- The page ----
  var container = document.getElementById("pa-search");
  if (!container) return;
  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/search\.js(\?.*)?$/, "") : "";
  var index = window.PA_SEARCH_INDEX ? includedIndex(window.PA_SEARCH_INDEX) : fetchedIndex(root);

  container.innerHTML =
    '<form class="pa-search__form" role="search"><label for="pa-search-q">Søg i arkivet</label>' +
    '<div class="pa-search__row"><input id="pa-search-q" class="pa-search__input" name="q" type="search" autocomplete="off">' +
    '<button type="submit" class="pa-search__button">Søg</button></div></form>' +
    '<p class="pa-search__status" role="status" aria-live="polite"></p>' +
    '<ol class="pa-search__results"></ol>' +
    '<button type="button" class="pa-search__more" hidden>Vis flere resultater</button>';
  var input = container.querySelector("input");
  var status = container.querySelector(".pa-search__status");
  var list = container.querySelector(".pa-search__results");
  var more = container.querySelector(".pa-search__more");
  var current = 0;  // the latest search; an older one that answers late is dropped
  var state = null;

  function showMore(id) {
    var batch = state.hits.slice(state.shown, state.shown + PAGE);
    return Promise.all(batch.map(index.document)).then(function (docs) {
      if (id !== current) return;
      docs.forEach(function (doc) { list.appendChild(resultItem(root, doc, state.stems)); });
      state.shown += batch.length;
      more.hidden = state.shown >= state.hits.length;
    });
  }

  function run(query) {
    var id = ++current;
    var trimmed = query.trim();
    if (window.history.replaceState) {
      window.history.replaceState(null, "", trimmed ? "?q=" + encodeURIComponent(trimmed) : window.location.pathname);
    }
    if (!trimmed) { list.textContent = ""; status.textContent = ""; more.hidden = true; return; }
    search(index, trimmed).then(function (result) {
      if (id !== current) return;
      state = { hits: result.hits, stems: result.stems, shown: 0 };
      list.textContent = "";
      return showMore(id).then(function () {
        if (id !== current) return;
        status.textContent = result.hits.length ? count(result.hits.length) + " for " + trimmed : "Ingen resultater for " + trimmed;
      });
    }).catch(function () {
      if (id === current) status.textContent = "Søgningen kunne ikke gennemføres. Prøv igen.";
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 100);  // after a short pause in typing
  });
  container.querySelector("form").addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  more.addEventListener("click", function () {
    var before = list.children.length;
    showMore(current).then(function () {
      var next = list.children[before];
      if (next) next.querySelector("a").focus();  // keyboard users continue at the first new result
    });
  });

  window.paStemDanish = stem;  // for the test that compares it with the generator's stemmer
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; run(query); } else { input.focus(); }
})();
