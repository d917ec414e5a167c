// Search for the offline build (a site opened from a file share, file://), where Pagefind
// cannot load its index. The index (assets/offline-index.js, made by generator/offline.py)
// maps Danish Snowball stems to documents; typed words are stemmed here with the same
// algorithm, and a stem also matches longer stems that start with it ("cafe" → "caf" finds
// "cafe", the stem of "cafeer"). A document must match every typed word.
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

  function words(text) { return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []; }

  // ---- Searching ----
  function documentsFor(index, stems, term) {
    var found = {};
    var s = stem(term);
    // the stem itself, and (for 3+ letters) every stem it is a prefix of: binary search the sorted stems
    var lo = 0, hi = stems.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (stems[mid] < s) lo = mid + 1; else hi = mid; }
    for (var i = lo; i < stems.length && stems[i].indexOf(s) === 0; i++) {
      if (stems[i] !== s && s.length < 3) break;
      index.terms[stems[i]].forEach(function (d) { found[d] = true; });
    }
    return found;
  }

  function search(index, stems, query) {
    var terms = words(query);
    if (!terms.length) return [];
    var result = null;
    terms.forEach(function (term) {
      var docs = documentsFor(index, stems, term);
      if (result === null) { result = docs; return; }
      Object.keys(result).forEach(function (d) { if (!docs[d]) delete result[d]; });
    });
    return Object.keys(result).map(Number).sort(function (a, b) { return a - b; });
  }

  function render(container, index, stems, query) {
    var list = container.querySelector(".pa-offline__results");
    var status = container.querySelector(".pa-offline__status");
    list.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    var hits = search(index, stems, query);
    status.textContent = hits.length ? hits.length + (hits.length === 1 ? " resultat" : " resultater") + " for " + query
                                     : "Ingen resultater for " + query;
    var base = container.getAttribute("data-base") || "";
    hits.forEach(function (n) {
      var doc = index.docs[n];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = base + doc.u;
      link.textContent = doc.t;  // textContent: nothing from the index is ever parsed as HTML
      item.appendChild(link);
      if (doc.s) { var p = document.createElement("p"); p.textContent = doc.s; item.appendChild(p); }
      list.appendChild(item);
    });
  }

  window.paStemDanish = stem;  // for tests of the stemmer against the generator's

  var container = document.getElementById("pa-search");
  var index = window.PA_OFFLINE_INDEX;
  if (!container || !index) return;
  var stems = Object.keys(index.terms).sort();
  container.innerHTML =
    '<form class="pa-offline" role="search"><label for="pa-offline-q">Søg i arkivet</label> ' +
    '<input id="pa-offline-q" class="pa-offline__input" type="search" autocomplete="off"></form>' +
    '<p class="pa-offline__status" role="status" aria-live="polite"></p><ol class="pa-offline__results"></ol>';
  var input = container.querySelector("input");
  input.addEventListener("input", function () { render(container, index, stems, input.value); });
  container.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); render(container, index, stems, input.value); });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; render(container, index, stems, query); } else { input.focus(); }
})();
