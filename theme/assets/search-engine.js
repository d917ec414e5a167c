// The search engine of the search page (theme/assets/search.js shows what it finds): Danish
// search over the index that generator/search_index.py writes, and the filters of
// generator/search_filters.py.
//
// On a served site the index is fetched in small files (search-index/meta.json, the shards that
// hold the typed words' keys, filters.json, then the documents shown); the offline build
// (file://, where fetch() is refused) loads the same index as one script before this one
// (window.PA_SEARCH_INDEX). A typed word is folded (æ → ae, ø → o, å → a, accents dropped, then
// aa → a, oe → o) and reduced to its Danish Snowball stem, as the generator does, so
// "samtalerne" finds "samtaler" and "forlob" finds "forløb"; a word typed with Danish letters
// also looks up its own stem, so the documents spelled that way rank first. A key of three or
// more letters also matches the longer keys that start with it, weighted lower. Typed words that
// join into a code, case or document number ("BI 10", "bi10", "2018-0266843") find that
// proposal first. Nothing from the index is ever parsed as HTML.
(function () {
  "use strict";

  // ---- The Danish Snowball stemmer (snowballstem.org/algorithms/danish/stemmer.html) ----
  var VOWELS = "aeiouyæåø";
  var S_ENDING = "abcdfghjklmnoprtvyzå";
  var UNDOUBLE = "bdfgklmnprst";
  var MAIN_SUFFIXES = ["erendes", "erende", "hedens", "ethed", "erede", "heden", "heder", "endes",
    "ernes", "erens", "erets", "ered", "ende", "erne", "eren", "erer", "heds", "enes", "eres", "eret",
    "hed", "ene", "ere", "ens", "ers", "ets", "en", "er", "es", "et", "e"];
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
    if (i === MAIN_SUFFIXES.length && endsInRegion(w, "s", p1) && w.length >= 2 &&
        S_ENDING.indexOf(w[w.length - 2]) >= 0) {
      w = w.slice(0, -1);
    }
    w = consonantPair(w, p1);
    if (w.slice(-4) === "igst") w = w.slice(0, -2);
    for (i = 0; i < OTHER_SUFFIXES.length; i++) {
      var suffix = OTHER_SUFFIXES[i];
      if (endsInRegion(w, suffix, p1)) {
        if (suffix === "løst") w = w.slice(0, -1);
        else w = consonantPair(w.slice(0, -suffix.length), p1);
        break;
      }
    }
    var last = w[w.length - 1];
    if (w.length - 1 >= p1 && UNDOUBLE.indexOf(last) >= 0 && w[w.length - 2] === last) {
      w = w.slice(0, -1);
    }
    return w;
  }

  var WORD = /[\p{L}\p{N}]+/gu;  // the generator's words: [^\W_]+ on lower()
  function words(text) { return text.toLowerCase().match(WORD) || []; }
  function isAscii(w) { return !/[^\x00-\x7f]/.test(w); }

  // search_index.fold(): the word as typed without Danish letters or accents
  function fold(w) {
    if (!isAscii(w)) {
      w = w.replace(/æ/g, "ae").replace(/ø/g, "o").normalize("NFD").replace(/\p{M}/gu, "");
    }
    return w.replace(/aa|oe/g, function (pair) { return pair[0]; });
  }

  function key(word) { return stem(fold(word)); }  // a word's key in the index

  // ---- The index: fetched in pieces, or all present in the offline build ----
  var EXACT = "=", IDENTIFIER = "#";  // the index's marks (search_index.py)
  var PREFIX_MIN = 3;         // keys this long also match longer keys that start with them
  var PREFIX_FACTOR = 0.6;    // a prefix match counts less than the key itself
  var FOLDED_FACTOR = 0.8;    // a word typed the Danish way: its folded matches count less
  var PREFIX_SHARDS = 3;      // a prefix reads at most this many shards
  var MAX_TERMS = 8;          // words of a query that are searched for
  var ID_WORDS = 4;           // typed words that may join into one identifier ("2018 0266843 3")
  var ID_BONUS = 1000;        // an identifier's proposal comes before every word match
  var K1 = 1.2, SCALE = 10;   // BM25 saturation; weights are stored ×10 (search_index.py)

  function fetchedIndex(root) {
    var cache = {};
    function get(path) {
      if (!cache[path]) {
        cache[path] = fetch(root + "search-index/" + path).then(function (r) {
          if (!r.ok) throw new Error(path + ": " + r.status);
          return r.json();
        });
        cache[path].catch(function () { delete cache[path]; });  // tried again next time
      }
      return cache[path];
    }
    return {
      meta: function () { return get("meta.json"); },
      filters: function () { return get("filters.json"); },
      shard: function (first) { return get("t/" + encodeURIComponent(first || "_") + ".json"); },
      document: function (n) { return get("d/" + n + ".json"); },
    };
  }

  function includedIndex(data) {
    return {
      meta: function () { return Promise.resolve(data.meta); },
      filters: function () { return Promise.resolve(data.filters); },
      shard: function (first) { return Promise.resolve(data.shards[first] || {}); },
      document: function (n) { return Promise.resolve(data.documents[n]); },
    };
  }

  // The shards that can hold keys starting with s: the one whose range holds s, and for a
  // prefix the following ones whose first key still starts with s.
  function shardsFor(shards, s, prefix) {
    var lo = 0, hi = shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (shards[mid] <= s) lo = mid; else hi = mid - 1;
    }
    var found = [shards[lo]];
    for (var i = lo + 1; prefix && i < shards.length && found.length < PREFIX_SHARDS &&
         shards[i].indexOf(s) === 0; i++) {
      found.push(shards[i]);
    }
    return found;
  }

  // Per document, the best score of one lookup {key, prefix, factor} over its key and, for a
  // prefix, the longer keys.
  function lookUp(index, meta, look) {
    return Promise.all(shardsFor(meta.shards, look.key, look.prefix).map(index.shard))
      .then(function (loaded) {
        var scores = new Map();
        loaded.forEach(function (shard) {
          Object.keys(shard).forEach(function (candidate) {
            var exact = candidate === look.key;
            if (!exact && !(look.prefix && candidate.indexOf(look.key) === 0)) return;
            var postings = shard[candidate];
            var df = postings.length / 2;
            var idf = Math.log(1 + (meta.documents - df + 0.5) / (df + 0.5)) * look.factor *
              (exact ? 1 : PREFIX_FACTOR);
            var doc = 0;
            for (var i = 0; i < postings.length; i += 2) {
              doc += postings[i];
              var tf = postings[i + 1] / SCALE;
              var score = idf * tf * (K1 + 1) / (tf + K1);
              if (!(scores.get(doc) >= score)) scores.set(doc, score);
            }
          });
        });
        return scores;
      });
  }

  // Per document, the best score of one typed word: its key (and longer keys); typed with
  // Danish letters, first its own spelling's key (EXACT + stem). The index leaves that key out
  // where its documents are the folded key's own (search_index._needed): then, as when no
  // document spells the word so, the folded key counts in full.
  function termScores(index, meta, term) {
    var k = key(term);
    var folded = lookUp(index, meta, { key: k, prefix: k.length >= PREFIX_MIN, factor: 1 });
    if (isAscii(term)) return folded;
    var exact = lookUp(index, meta, { key: EXACT + stem(term), prefix: false, factor: 1 });
    return Promise.all([exact, folded]).then(function (both) {
      if (!both[0].size) return both[1];
      var out = both[0];
      both[1].forEach(function (score, doc) {
        score *= FOLDED_FACTOR;
        if (!(out.get(doc) >= score)) out.set(doc, score);
      });
      return out;
    });
  }

  // The identifiers the typed words can make: each run of up to ID_WORDS consecutive words,
  // joined, that holds a digit ("bi", "10" → "bi10").
  function identifiers(tokens) {
    var found = [];
    for (var i = 0; i < tokens.length; i++) {
      var joined = "";
      for (var j = i; j < tokens.length && j < i + ID_WORDS; j++) {
        joined += fold(tokens[j]);
        if (/\d/.test(joined) && joined.length >= 2) found.push({ id: joined, from: i, to: j });
      }
    }
    return found;
  }

  // The documents that match the query: {scores: Map document → score, keys: the typed words'
  // lookups (for marking them in excerpts)}. A document matches every typed word, or holds an
  // identifier the words make (then the words outside it must match too).
  function search(index, query) {
    var tokens = words(query).slice(0, 2 * MAX_TERMS);
    var terms = tokens.filter(function (t, i, all) { return all.indexOf(t) === i; })
      .slice(0, MAX_TERMS);
    var ids = identifiers(tokens.slice(0, MAX_TERMS));
    return index.meta().then(function (meta) {
      var perTerm = Promise.all(terms.map(function (t) { return termScores(index, meta, t); }));
      var perId = Promise.all(ids.map(function (found) {
        return lookUp(index, meta, { key: IDENTIFIER + found.id, prefix: false, factor: 1 });
      }));
      return Promise.all([perTerm, perId]);
    }).then(function (both) {
      var termScores = both[0], idScores = both[1];
      var scoreOf = {};
      terms.forEach(function (t, i) { scoreOf[t] = termScores[i]; });
      var scores = new Map();
      function add(doc, score) { if (!(scores.get(doc) >= score)) scores.set(doc, score); }
      // the words' matches: every term, scores added (the rarest term's documents first)
      var order = termScores.slice().sort(function (a, b) { return a.size - b.size; });
      order[0].forEach(function (score, doc) {
        for (var i = 1; i < order.length; i++) {
          var other = order[i].get(doc);
          if (other === undefined) return;
          score += other;
        }
        add(doc, score);
      });
      // an identifier's documents, when the words outside it match
      ids.forEach(function (found, n) {
        var outside = tokens.slice(0, MAX_TERMS).filter(function (t, i) {
          return i < found.from || i > found.to;
        });
        idScores[n].forEach(function (_, doc) {
          var score = ID_BONUS;
          for (var i = 0; i < outside.length; i++) {
            var s = scoreOf[outside[i]] ? scoreOf[outside[i]].get(doc) : undefined;
            if (s === undefined) return;
            score += s;
          }
          add(doc, score);
        });
      });
      return { scores: scores, keys: terms.map(key) };
    });
  }

  // Whether a word of a document is one of the typed words (for marking it in an excerpt).
  function matches(keys, word) {
    var k = key(word.toLowerCase());
    return keys.some(function (t) {
      return k === t || (t.length >= PREFIX_MIN && k.indexOf(t) === 0);
    });
  }

  // ---- Filters (filters.json, generator/search_filters.py) ----
  // Per facet: its values, and per document the numbers of its values.
  function decodeFilters(data) {
    var alphabet = "";
    for (var c = 35; c < 127; c++) if (c !== 92) alphabet += String.fromCharCode(c);
    return data.filters.map(function (f) {
      var ofDocument = new Array(data.documents);
      for (var n = 0; n < data.documents; n++) {
        var code = 0;
        for (var i = 0; i < f.width; i++) {
          code = code * alphabet.length + alphabet.indexOf(f.column[n * f.width + i]);
        }
        ofDocument[n] = f.sets[code];
      }
      return { param: f.param, legend: f.legend, values: f.values, ofDocument: ofDocument };
    });
  }

  // The candidates that pass every chosen filter (values of one facet: any; of several: all),
  // and per facet and value the candidates that would pass with that value (the facet's own
  // choice left out), as the counts beside the values.
  function applyFilters(facets, chosen, candidates) {
    var wanted = facets.map(function (f) {
      var slugs = chosen[f.param] || [];
      if (!slugs.length) return null;
      var set = new Set();
      f.values.forEach(function (v, i) { if (slugs.indexOf(v[0]) >= 0) set.add(i); });
      return set;
    });
    var counts = facets.map(function (f) { return new Array(f.values.length).fill(0); });
    var passed = [];
    candidates.forEach(function (doc) {
      var failed = -1, fails = 0;
      for (var i = 0; i < facets.length && fails < 2; i++) {
        if (wanted[i] && !facets[i].ofDocument[doc].some(function (v) { return wanted[i].has(v); })) {
          failed = i;
          fails++;
        }
      }
      if (fails === 0) passed.push(doc);
      if (fails >= 2) return;
      facets.forEach(function (f, i) {
        if (fails === 1 && i !== failed) return;
        f.ofDocument[doc].forEach(function (v) { counts[i][v]++; });
      });
    });
    return { passed: passed, counts: counts };
  }

  window.PA_SEARCH_ENGINE = {
    fetchedIndex: fetchedIndex,
    includedIndex: includedIndex,
    search: search,
    matches: matches,
    decodeFilters: decodeFilters,
    applyFilters: applyFilters,
    words: words,
    WORD: WORD,
  };
  window.paStemDanish = stem;  // for the tests that compare it with the generator's stemmer
  window.paSearchKey = key;
})();
