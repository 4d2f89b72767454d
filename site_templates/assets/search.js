/* digest-site search. Loaded only when search is used: by the search page, or by the header box
   on first focus. It reads the sharded index the generator wrote (assets/digest-site/search/):
   meta.json, then only the postings files of the query's terms and the result files of the papers
   shown. Scores are lunr.js 2.3.9's for the same query on the whole index (lunr's pipeline and
   BM25 weights, the same vector arithmetic in the same order; tested against lunr.js itself).
   Every text from the index is put in the page with textContent: nothing is parsed as HTML. */
(function () {
  "use strict";
  if (window.dsSearch) return;
  window.dsSearchLoading = true;
  var SEARCH_PAGE = document.currentScript.hasAttribute("data-search-page");  // loaded by the search page
  var ASSETS = new URL(".", document.currentScript.src);
  var DATA = new URL("search/", ASSETS);
  var ROOT = new URL("../../", ASSETS);
  var PAGE = 20;
  var FILTERS = ["topic", "digest", "cat", "code", "from", "to", "sort"];  // a results page's URL parameters
  var DROPDOWN = 8;
  var EXPANSIONS = 12;  // a typed prefix stands for at most this many index terms (the most used)
  var PREFIX_PAGE = 200;  // the same on the search page, when no paper holds the word itself
  var WORD = "[\\p{L}\\p{N}_]";
  var NO_WORD = /^[\p{P}!-\/:-@\[-`{-~]+$/u;  // punctuation and ASCII's symbols alone: no word ("∞", "🤗" are)
  var TEX = /[$\\]/;  // a word of TeX math (TeX's accents are letters by then: fold)
  var EDGES = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;  // punctuation around a word
  var INITIAL = /^\p{L}\.(?:-?\p{L}\.)*$/u;  // a name's initial, "E." or "J.-P." (names are indexed whole)
  /* a word written with hyphens, of two to four parts (search_index.COMPOUND), after the character before it */
  var COMPOUND = /(^|[^\p{L}\p{N}_-])([\p{L}\p{N}_]+(?:-[\p{L}\p{N}_]+){1,3})(?![\p{L}\p{N}_-])/gu;
  var TRIM = new RegExp("^[^\\p{L}\\p{N}_]*?(" + WORD + "+)[^\\p{L}\\p{N}_]*?$", "u");

  // --- files ----------------------------------------------------------------------------------
  var files = Object.create(null);
  /* priority: what the first results wait for (postings, result data) goes before what they do
     not (facets.json.gz); browsers without fetch priorities ignore it */
  function load(path, priority, cache) {
    if (!files[path]) {
      files[path] = fetch(new URL(path, DATA), { priority: priority || "high", cache: cache || "default" }).then(function (r) {
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return r.arrayBuffer();
      }).then(parse);
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }
  /* a file of the build `m` (meta.json) describes: its folder holds that build's files only (a
     shared folder mixed two builds' files after a deploy, and queries found nothing). When one
     fails, meta.json is read again from the server: if the site was rebuilt meanwhile, the error
     says so (`stale`), and the search is run again on the new build */
  function data(m, path, priority) {
    return loaded(m, m.build + "/" + path, priority);
  }
  /* a result file of the build `m`: in the folder of its group, named by what the group's files
     are made of (one that changed is gone, as a build's folder) */
  function cards(m, file) {
    return loaded(m, "c/" + m.cards[Math.floor(file / m.perGroup)] + "/" + file + ".json.gz");
  }
  function loaded(m, path, priority) {
    return load(path, priority).catch(function (err) {
      return fresh().then(function (now) {
        if (now.build !== m.build) err.stale = true;
        throw err;
      }, function () { throw err; });
    });
  }
  var refreshing = null;
  var FROM_FILE = "a page opened from a file cannot load the search files; serve the site over http(s) " +
                  "(python3 -m http.server -d site, then http://localhost:8000/). The topics and the archive list every paper.";
  function fresh() {
    if (!refreshing) {
      delete files["meta.json"];
      refreshing = load("meta.json", "high", "reload").then(checked);
      refreshing.then(function () { refreshing = null; }, function () { refreshing = null; });
    }
    return refreshing;
  }
  /* JSON, from a file the site stores gzipped (all but meta.json), unless the server already
     unpacked it (one that sends .gz files with Content-Encoding: gzip) */
  function parse(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
    if (typeof DecompressionStream === "undefined") {
      throw new Error("this browser cannot unpack the search files (Chrome 80, Firefox 113, Safari 16.4 and later can). " +
                      "The topics and the archive list every paper.");
    }
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
  }
  /* the index's pipeline, from meta.json (lunr.py's separator and stop words, and the spelling table, as the generator used) */
  var SEPARATOR = null, STOP = null, SPELLING = null, STROKES = {}, STROKED = null, SCRIPTS = {};
  var VERSION = 6;  // of the search files' format (search_site.VERSION): another one is an older or newer build's
  var pipelineOf = null;  // the meta.json the pipeline was read from
  function meta() {
    return load("meta.json").then(checked);
  }
  function checked(m) {
    if (m.version !== VERSION) {  // a page or script kept by the browser from before the site was rebuilt
      throw new Error("the site's search files are of another version than this page's script (" + m.version +
                      ", not " + VERSION + "): reload the page");
    }
    if (!/^[0-9a-f]{1,64}$/.test(m.build)) throw new Error("meta.json names no build folder");  // (never another site's address)
    if (pipelineOf !== m) {
      if (!Array.isArray(m.cards) || !m.cards.every(function (name) { return /^[0-9a-f]{1,64}$/.test(name); })) {
        throw new Error("meta.json names no folders of result files");
      }
      pipelineOf = m;
      SEPARATOR = new RegExp(m.separator);
      SPELLING = m.spelling || null;
      STROKES = m.letters || {};
      STROKED = new RegExp("[" + Object.keys(STROKES).join("") + "]", "g");
      SCRIPTS = m.scripts || {};
      STOP = Object.create(null);
      m.stopWords.forEach(function (w) { STOP[w] = true; });
    }
    return m;
  }

  /* the last file whose first term is <= term (files hold consecutive term ranges) */
  function fileOf(firsts, term) {
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // --- lunr's pipeline, as the index was built ---------------------------------------------------
  /* English's possessive ending, dropped as the index drops it (search_index.POSSESSIVE) */
  var POSSESSIVE = /['\u2019]s(?![\p{L}\p{N}_])/giu;
  function words(text) {
    return fold(ids(uncited(text))).toLowerCase().replace(POSSESSIVE, "").split(SEPARATOR).filter(Boolean);
  }
  /* "et al." after a name, as a reference cites a paper ("Vaswani et al."), is not searched: the
     index holds it from abstracts, and "Gómez-Rodríguez et al." found nothing but was offered
     "et al." (the 108 papers that cite so) */
  function uncited(text) {
    return text.replace(/([\p{L}.,])\s+et\s+al\b\.?,?/giu, "$1");
  }
  /* as the index folds text (search_index.fold): TeX's accented letters as letters, NFKC, less
     Latin accents ("Schr\"odinger" and "Gómez" are "Schrodinger" and "Gomez") and characters that
     show nothing (soft hyphens, zero-width spaces and joiners, direction marks) */
  function fold(text) {
    var folded = accented(text).replace(/[\u00ad\u061c\u200b-\u200f\u2060\ufeff]/g, "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
    /* Latin letters with a stroke or a ligature, which Unicode does not decompose (meta.json's
       table, search_index.STROKED) */
    return cjkTerms(STROKED ? folded.replace(STROKED, function (c) { return STROKES[c]; }) : folded);
  }
  /* search_index.cjk_terms: a run of Chinese, Japanese or Korean characters as its overlapping
     pairs and its single characters, without the punctuation beside it, the middle dot joining
     ("医学" is found in "中文医学问答", whose pairs the index holds; "医" by its characters) */
  var CJK_CHAR = /[\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
  var CJK_ONLY = new RegExp("^" + CJK_CHAR.source + "+$", "u");
  var CJK_RUN = new RegExp("[^\\p{L}\\p{N}_\\s]*(" + CJK_CHAR.source + "+)[^\\p{L}\\p{N}_\\s]*", "gu");
  function cjkTerms(text) {
    return text.replace(/\u30fb/g, "").replace(CJK_RUN, function (all, run) {
      var chars = Array.from(run), terms = [];
      for (var i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
      return " " + terms.concat(chars).join(" ") + " ";
    });
  }
  var MARKS = { '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
                ".": "\u0307", c: "\u0327", v: "\u030c", u: "\u0306", H: "\u030b", k: "\u0328", r: "\u030a" };
  var LETTERS = { ss: "ß", o: "ø", O: "Ø", l: "ł", L: "Ł", ae: "æ", AE: "Æ", oe: "œ", OE: "Œ", aa: "å", AA: "Å", i: "ı" };
  var ACCENT = new RegExp("\\{?\\\\(?:([\"'`^~=.])\\s*\\{?([A-Za-z]|\\\\i)\\}?|([cvuHkr])(?:\\{([A-Za-z]|\\\\i)\\}| ([A-Za-z])))\\}?" +
                          "|\\{\\\\(ss|o|O|l|L|ae|AE|oe|OE|aa|AA|i)\\}|\\\\(ss|o|O|l|L|ae|AE|oe|OE|aa|AA)\\{\\}", "g");
  /* texmath.accented: TeX's accents on a letter as the accented letter */
  function accented(text) {
    if (text.indexOf("\\") < 0) return text;
    return text.replace(ACCENT, function (all, mark, letter, command, braced, spaced, own, bare) {
      if (own || bare) return LETTERS[own || bare];
      var base = letter || braced || spaced;
      return ((base === "\\i" ? "i" : base) + MARKS[mark || command]).normalize("NFC");
    });
  }
  /* a pasted arXiv, DOI, PubMed or bioRxiv address, "arXiv:" or "PMID:" id or versioned id, as
     the bare id the index holds (a PubMed id's number, a bioRxiv or medRxiv paper's DOI: its
     address, ".../content/10.1101/2023.09.18.558000v2.full", found nothing) */
  function ids(text) {
    return text
      .replace(/(?:https?:\/\/)?(?:www\.|export\.)?\barxiv\.org\/(?:abs|pdf|html)\/(\S+?)(?:\.pdf)?(?=[?#\s]|$)\S*/gi, "$1")
      .replace(/(?:https?:\/\/)?(?:www\.)?\b(?:bio|med)rxiv\.org\/content\/(10\.1101\/[\d.]+?)(?:v\d+)?(?:\.full|\.abstract)?(?:\.pdf)?(?=[?#\s\/]|$)\S*/gi, "$1")
      .replace(/(?:https?:\/\/)?\bpubmed\.ncbi\.nlm\.nih\.gov\/(\d+)(?=[?#\s\/]|$)\S*/gi, "$1")
      .replace(/\bpmid:?\s*(?=\d+\b)/gi, "")
      .replace(/\barxiv:\s*(?=\S)/gi, "")
      .replace(/\barxiv\s+(?=\d{4}\.\d{4,5}\b)/gi, "")  // "arXiv 2309.12345", as a citation writes it
      .replace(/(?:https?:\/\/)?(?:dx\.)?\bdoi\.org\/(?=\S)/gi, "")
      .replace(/\bdoi:\s*(?=\S)/gi, "")
      .replace(/\b10\.48550\/arxiv\.(?=(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?\b)/gi, "")  // arXiv's own DOI of a paper: its id
      .replace(/\b(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})v\d+\b/gi, "$1");
  }
  /* a word with TeX's scripts typed without dollars ("G_2", "R^2", "L^{2}") as the index has
     them from math (texmath._script: "G₂", "ℝ²", folded to "g2" and "r2"); a script of a character
     without a Unicode one stays as typed ("e^π") */
  var SCRIPT = /([\^_])(?:\{([^{}]*)\}|(\S))/g;
  function unscripted(word) {
    return word.replace(SCRIPT, function (all, mark, braced, one) {
      var table = SCRIPTS[mark], body = braced !== undefined ? braced : one, out = "";
      for (var i = 0; table && i < body.length; i++) {
        var at = table[0].indexOf(body[i]);
        if (at < 0) return all;
        out += table[1][at];
      }
      return table ? out : all;
    }).normalize("NFKC");  // (as fold reads "²": "2")
  }
  function trim(word) {
    var m = TRIM.exec(word);
    return m ? m[1] : word;
  }
  /* a word's index term: lunr.py's trimmer, stop-word filter and stemmer ("" for none); after meta() */
  function termOf(word) {
    var w = american(trim(word));
    if (!w || STOP[w] === true || NO_WORD.test(w)) return "";  // "&", a pasted title's "$-$": not words
    return porter(w);
  }
  /* search_index.american: a word in American spelling, by meta.json's table */
  function american(word) {
    var s = SPELLING, i, pair;
    if (!s || !word) return word;
    if (Object.prototype.hasOwnProperty.call(s.words, word)) return s.words[word];
    for (i = 0; i < s.prefixes.length; i++) {
      pair = s.prefixes[i];
      if (word.lastIndexOf(pair[0], 0) === 0) return pair[1] + word.slice(pair[0].length);
    }
    if (word.indexOf("is") < 0 && word.indexOf("ys") < 0) return word;
    var letters = Array.from(word).length;  // code points, as Python counts them (a CJK Extension B letter is 2 UTF-16 units)
    for (i = 0; i < s.suffixes.length; i++) {
      pair = s.suffixes[i];
      if (letters - pair[0].length >= 4 && word.slice(-pair[0].length) === pair[0])
        return word.slice(0, -pair[0].length) + pair[1];
    }
    return word;
  }

  // --- lunr.py's Porter stemmer (Martin Porter's reference implementation, with its DEPARTUREs) -----
  /* The index was stemmed by lunr.py, whose stemmer differs from lunr.js's on a final y (Python:
     "days" → "dai", "fly" → "fly"; lunr.js: "day", "fli"): a query must be stemmed the same way, or
     "days" would miss every paper. A line-by-line port; the tests compare it with lunr.py's. */
  function porter(word) {
    var b = word, k = word.length - 1, j = 0;
    if (k <= 1) return word;
    function at(i) { return i < 0 ? b.charAt(b.length + i) : b.charAt(i); }  // Python's b[i]
    function cons(i) {
      var c = at(i);
      if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
      if (c === "y") return i === 0 ? true : !cons(i - 1);
      return true;
    }
    function m() {
      var n = 0, i = 0;
      while (true) { if (i > j) return n; if (!cons(i)) break; i++; }
      i++;
      while (true) {
        while (true) { if (i > j) return n; if (cons(i)) break; i++; }
        i++; n++;
        while (true) { if (i > j) return n; if (!cons(i)) break; i++; }
        i++;
      }
    }
    function vowelinstem() { for (var i = 0; i <= j; i++) if (!cons(i)) return true; return false; }
    function doublec(i) { return i >= 1 && at(i) === at(i - 1) && cons(i); }
    function cvc(i) {
      if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
      var c = at(i);
      return c !== "w" && c !== "x" && c !== "y";
    }
    function ends(s) {
      var n = s.length;
      if (s.charAt(n - 1) !== at(k)) return false;
      if (n > k + 1) return false;
      if (b.slice(k - n + 1, k + 1) !== s) return false;
      j = k - n;
      return true;
    }
    function setto(s) { b = b.slice(0, j + 1) + s + b.slice(j + s.length + 1); k = j + s.length; }
    function r(s) { if (m() > 0) setto(s); }
    function rules(list) {  // the first suffix that ends the word is replaced, if m() > 0
      for (var i = 0; i < list.length; i += 2) if (ends(list[i])) { r(list[i + 1]); return; }
    }
    // step 1ab
    if (at(k) === "s") {
      if (ends("sses")) k -= 2;
      else if (ends("ies")) setto("i");
      else if (at(k - 1) !== "s") k -= 1;
    }
    if (ends("eed")) { if (m() > 0) k -= 1; }
    else if ((ends("ed") || ends("ing")) && vowelinstem()) {
      k = j;
      if (ends("at")) setto("ate");
      else if (ends("bl")) setto("ble");
      else if (ends("iz")) setto("ize");
      else if (doublec(k)) { k -= 1; var ch = at(k); if (ch === "l" || ch === "s" || ch === "z") k += 1; }
      else if (m() === 1 && cvc(k)) setto("e");
    }
    // step 1c
    if (ends("y") && vowelinstem()) b = b.slice(0, k) + "i" + b.slice(k + 1);
    // step 2
    var STEP2 = {
      a: ["ational", "ate", "tional", "tion"], c: ["enci", "ence", "anci", "ance"], e: ["izer", "ize"],
      l: ["bli", "ble", "alli", "al", "entli", "ent", "eli", "e", "ousli", "ous"],
      o: ["ization", "ize", "ation", "ate", "ator", "ate"],
      s: ["alism", "al", "iveness", "ive", "fulness", "ful", "ousness", "ous"],
      t: ["aliti", "al", "iviti", "ive", "biliti", "ble"], g: ["logi", "log"] };
    if (STEP2[at(k - 1)]) rules(STEP2[at(k - 1)]);
    // step 3
    var STEP3 = { e: ["icate", "ic", "ative", "", "alize", "al"], i: ["iciti", "ic"], l: ["ical", "ic", "ful", ""],
                  s: ["ness", ""] };
    if (STEP3[at(k)]) rules(STEP3[at(k)]);
    // step 4
    var STEP4 = { a: ["al"], c: ["ance", "ence"], e: ["er"], i: ["ic"], l: ["able", "ible"],
                  n: ["ant", "ement", "ment", "ent"], o: ["ion", "ou"], s: ["ism"], t: ["ate", "iti"], u: ["ous"],
                  v: ["ive"], z: ["ize"] };
    var endings = STEP4[at(k - 1)], found = false;
    for (var e = 0; endings && e < endings.length && !found; e++) {
      if (ends(endings[e])) found = endings[e] !== "ion" || at(j) === "s" || at(j) === "t";
    }
    if (found && m() > 1) k = j;
    // step 5
    j = k;
    if (at(k) === "e") { var a = m(); if (a > 1 || (a === 1 && !cvc(k - 1))) k -= 1; }
    if (at(k) === "l" && doublec(k) && m() > 1) k -= 1;
    return b.slice(0, k + 1);
  }

  // --- postings and the dictionary -----------------------------------------------------------
  function posting(term) {
    return meta().then(function (m) {
      if (!m.post.length) return null;  // a site without papers yet has no postings files
      return data(m, "p/" + fileOf(m.post, term) + ".json.gz").then(function (file) {
        return Object.prototype.hasOwnProperty.call(file, term) ? file[term] : null;
      });
    });
  }
  /* dictionary entries [term, postings, word] that match a filter, from at most `files` files of
     the terms that begin with `prefix`; the most used first */
  function entries(prefix, keep, limit, files) {
    return meta().then(function (m) {
      if (!m.dict.length) return [];  // nor dictionary files
      var first = fileOf(m.dict, prefix), last = fileOf(m.dict, prefix + "\uffff");
      var wanted = [];
      for (var i = first; i <= Math.min(last, first + files - 1); i++) wanted.push(data(m, "d/" + i + ".json.gz"));
      return Promise.all(wanted).then(function (parts) {
        var found = [];
        parts.forEach(function (list) { list.forEach(function (e) { if (keep(e)) found.push(e); }); });
        found.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
        return found.slice(0, limit);
      });
    });
  }
  /* the terms a word being typed may become: terms or words that begin with it, and stems of it
     ("hallucinat" is on its way to "hallucination", whose term is "hallucin") */
  function completions(w, limit) {
    return entries(w.slice(0, Math.max(2, w.length - 4)), function (e) {
      return e[0].lastIndexOf(w, 0) === 0 || (e[2] || "").lastIndexOf(w, 0) === 0 ||
        (w.lastIndexOf(e[0], 0) === 0 && w.length - e[0].length <= 4 && 4 * e[0].length >= 3 * w.length);
    }, limit, 4);
  }

  /* The query's clauses: one per word with an index term, each with the terms it stands for.
     prefix: the last word also stands for the most used terms it begins. A word of TeX math no
     paper holds as typed ("$\\mathbb{F}_2$" of a title pasted from a BibTeX file: the index holds
     its text, "F2") is left out, as is a last word that stands for no term ("&" being typed). */
  function clauses(text, prefix, cap) {
    var typed = words(text), umlauts = words(accented(text).replace(UMLAUT, function (c) { return UMLAUTS[c]; }));
    var joins = joined(text);
    var list = [];
    var named = typed.filter(function (word) { return !INITIAL.test(word); }).length > 0;
    var runs = cjkRuns(typed);
    typed.forEach(function (word, i) {
      if (named && INITIAL.test(word)) return;  // "E. Chattopadhyay": an initial is no word the index holds
      var term = termOf(word);
      var last = prefix && i === typed.length - 1;
      if (!term && !last) return;
      var stem = trim(word);
      var grow = last && stem.length >= 2 && !TEX.test(word) ? completions(stem, cap || EXPANSIONS) : Promise.resolve([]);  // (TeX: as typed, or not at all)
      list.push(grow.then(function (entries) {
        var terms = term ? [term] : [], spelled = Object.create(null);  // a term's word, as the dictionary shows it
        entries.forEach(function (e) { if (terms.indexOf(e[0]) < 0) terms.push(e[0]); spelled[e[0]] = e[2] || e[0]; });
        (joins[word] || []).forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); });
        var german = transliterated(word, umlauts[i]), authorsFrom = Infinity;  // terms from there on: the authors' only
        if (german.any && terms.indexOf(german.any) < 0) terms.push(german.any);
        if (german.authors && terms.indexOf(german.authors) < 0) { authorsFrom = terms.length; terms.push(german.authors); }
        return Promise.all(terms.map(posting)).then(function (found) {
          var expanded = [];
          found.forEach(function (p, j) {
            if (p && j >= authorsFrom) p = authorsOnly(p);
            if (p) expanded.push({ term: terms[j], posting: p, word: spelled[terms[j]] || terms[j] });
          });
          if (expanded.length) return { word: word, term: term, expanded: expanded, run: runs[i] };
          /* no paper holds it as typed: "(cs.CL)" (lunr's trimmer keeps a word with a dot inside
             whole) without what is around it, "G_2" or "$R^2$" as the index has math's scripts */
          var plain = word.replace(EDGES, ""), others = [termOf(plain), termOf(unscripted(word))].filter(function (t, k, all) {
            return t && t !== term && all.indexOf(t) === k;
          });
          return Promise.all(others.map(posting)).then(function (ps) {
            for (var k = 0; k < others.length; k++) {
              if (ps[k]) return { word: word, term: others[k], expanded: [{ term: others[k], posting: ps[k] }], run: runs[i] };
            }
            if (!term || TEX.test(word)) return null;
            return { word: word, term: others[0] || term, expanded: [], run: runs[i] };
          });
        });
      }));
    });
    return Promise.all(list).then(function (cls) {
      /* a pair of characters no paper holds, in a run of Chinese, Japanese or Korean between pairs
         that papers hold, is left out, its characters still sought: "山田太郎" typed for "山田 太郎"
         (its pair 田太, across the space, is in no paper) found nothing; "田山太郎" still does */
      cls = cls.filter(Boolean);
      var held = function (c) { return c && c.expanded.length; };
      return cls.filter(function (c, k) {
        if (c.run < 0 || held(c)) return true;
        var before = cls[k - 1] && cls[k - 1].run === c.run ? cls[k - 1] : null;
        var after = cls[k + 1] && cls[k + 1].run === c.run ? cls[k + 1] : null;
        return !((before || after) && (!before || held(before)) && (!after || held(after)));
      });
    });
  }
  /* each part of a word typed with hyphens → the terms of the words it is part of, joined: the index
     also holds "pre-training" as "pretraining" (search_index.with_compounds), so "fine-tuning"
     finds "finetuning" too (each part's clause also takes the joined word) */
  function joined(text) {
    var found = Object.create(null), m;
    var folded = fold(ids(uncited(text))).toLowerCase();
    COMPOUND.lastIndex = 0;
    while ((m = COMPOUND.exec(folded)) !== null) {
      var parts = m[2].split("-"), term = /^[\p{Nd}-]+$/u.test(m[2]) ? "" : termOf(parts.join(""));
      if (!term) continue;
      parts.forEach(function (part) { (found[part] = found[part] || []).push(term); });
    }
    return found;
  }
  /* for each word (words(text)), the number of the run of three or more CJK characters whose pair
     it is (cjkTerms writes a run's pairs in order, each sharing a character with the next), else -1 */
  function cjkRuns(typed) {
    var runs = [], run = -1;
    function pair(w) { return !!w && CJK_ONLY.test(w) && Array.from(w).length === 2; }
    function chained(a, b) { return pair(a) && pair(b) && Array.from(a)[1] === Array.from(b)[0]; }
    typed.forEach(function (w, i) {
      if (chained(typed[i - 1], w)) runs.push(run);
      else if (chained(w, typed[i + 1])) runs.push(++run);
      else runs.push(-1);
    });
    return runs;
  }

  /* German's umlauts, written as the letter or as the letter and an "e": a word's other spelling,
     searched beside it. "Müller" (indexed as "muller") is also "Mueller", in every field; "Mueller"
     and "Schroeder" are also "Müller" and "Schröder", among the authors only, since "ue" and "oe"
     between letters are English too ("poet" is no "pot"), and not "ae" ("Michael" is no "Michał",
     folded "michal"). `umlauted`: the word as typed, each umlaut written with its "e" */
  var UMLAUT = /[äöüÄÖÜ]/g, UMLAUTS = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue" };
  function transliterated(word, umlauted) {
    var term = termOf(word);
    var any = umlauted && umlauted !== word ? termOf(umlauted) : "";
    var authors = termOf(word.replace(/(\p{L}[ou])e(?=\p{L})/gu, "$1"));
    return { any: any !== term ? any : "", authors: authors !== term ? authors : "" };
  }
  /* a posting of the authors' field alone (null when it has none) */
  function authorsOnly(p) {
    var field = pipelineOf.fields.indexOf("authors");
    var groups = p.slice(1).filter(function (g) { return g[0] === field; });
    return groups.length ? [p[0]].concat(groups) : null;
  }

  /* lunr.Index#query with every clause REQUIRED over all fields, replayed on the postings:
     the same matches, the same scores (same operations, same order), the same order of ties.
     lunr keeps a vector per (paper, field) in the order it meets them and sums each vector's dot
     product with the query in ascending term order: the order is found in a first pass over the
     postings as lunr reads them, and the sums in a second pass over the terms, ascending. */
  function score(cls, fieldCount, papers) {
    var qv = Object.create(null), postings = Object.create(null), total = 0;
    for (var c = 0; c < cls.length; c++) {
      if (!cls[c].expanded.length) return [];
      cls[c].expanded.forEach(function (x) {
        var p = x.posting, index = p[0];
        qv[index] = (qv[index] || 0) + 1;
        if (!postings[index]) {
          postings[index] = p;
          for (var g = 1; g < p.length; g++) total += p[g][1].length;
        }
      });
    }
    var indexes = Object.keys(qv).map(Number).sort(function (a, b) { return a - b; });
    var sum = 0;
    indexes.forEach(function (i) { sum += qv[i] * qv[i]; });
    var magnitude = Math.sqrt(sum);
    // first pass, lunr's order: a slot per (paper, field) as first met; papers every clause matches
    var slotOf = new Int32Array(papers * fieldCount).fill(-1), slotRef = new Int32Array(total), slots = 0;
    var clauseOf = new Int32Array(papers).fill(-1);
    for (c = 0; c < cls.length; c++) {
      cls[c].expanded.forEach(function (x) {
        var p = x.posting;
        for (var g = 1; g < p.length; g++) {
          var field = p[g][0], refs = p[g][1], ref = 0;
          for (var k = 0; k < refs.length; k++) {
            ref += refs[k];
            if (clauseOf[ref] === c - 1) clauseOf[ref] = c;
            var key = ref * fieldCount + field;
            if (slotOf[key] < 0) { slotOf[key] = slots; slotRef[slots++] = ref; }
          }
        }
      });
    }
    // second pass, terms ascending: each slot's dot product with the query, summed as lunr sums it
    var dots = new Float64Array(slots);
    indexes.forEach(function (index) {
      var p = postings[index], weight = qv[index];
      for (var g = 1; g < p.length; g++) {
        var field = p[g][0], refs = p[g][1], ws = p[g][2], ref = 0;
        for (var k = 0; k < refs.length; k++) {
          ref += refs[k];
          dots[slotOf[ref * fieldCount + field]] += weight * (ws[k] / 1000);
        }
      }
    });
    var results = [], hitOf = new Int32Array(papers).fill(-1), last = cls.length - 1;
    for (var s = 0; s < slots; s++) {
      var ref = slotRef[s];
      if (clauseOf[ref] !== last) continue;
      var value = dots[s] / magnitude || 0;
      if (hitOf[ref] >= 0) results[hitOf[ref]].score += value;
      else { hitOf[ref] = results.length; results.push({ ref: ref, score: value, order: results.length }); }
    }
    results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return results;
  }

  /* the hits, and the build (meta.json) their refs are of: its postings alone were read (were the
     site rebuilt meanwhile, meta.json would have been read again, and the search is `stale`) */
  function search(text, prefix, cap) {
    return meta().then(function (m) {
      return clauses(text, prefix, cap).then(function (cls) {
        return meta().then(function (now) {
          if (now.build !== m.build) throw staleError();
          return { clauses: cls, hits: cls.length ? score(cls, m.fields.length, m.papers) : [], m: m };
        });
      });
    });
  }
  function staleError() {
    var err = new Error("the site was rebuilt during the search: search again");
    err.stale = true;
    return err;
  }

  /* a topic of meta.json by its slug, as cards name them (its number moves when a topic is added) */
  function topicOf(m, slug) {
    if (!m.topicOf) {
      m.topicOf = Object.create(null);
      m.topics.forEach(function (t) { m.topicOf[t[1]] = t; });
    }
    return m.topicOf[slug];
  }

  /* the cards of `refs`, of the build `built` (a search's m), else of the current one */
  function docs(refs, built) {
    return (built ? Promise.resolve(built) : meta()).then(function (m) {
      return Promise.all(refs.map(function (ref) {
        var place = m.papers - 1 - ref;  // the files count from the oldest paper: a digest leaves earlier ones as they were
        return cards(m, Math.floor(place / m.perFile)).then(function (file) { return file[place % m.perFile]; });
      }));
    });
  }

  /* a number is no misspelt word: a year no paper holds ("Schmidhuber 2025") was offered "2023, 2022,
     2020, 2021, 2024" */
  var NUMBER = /^[\p{N}.,]+$/u;
  /* "Did you mean": words of the dictionary that begin the word, or are a few edits from it (by
     its length, below), among the words that share its first two letters */
  function suggestions(word) {
    var w = trim(word);
    /* (of Chinese, Japanese or Korean, read as pairs of characters, any pair is two edits from any
       other: the collection's commonest pairs were suggested, "方法, 模型" for 機械学習; a word
       of one character is two edits from every word of one or two, counted in UTF-16 units as
       an emoji is: "Did you mean: α, δ, ≥" for 🤗) */
    if (Array.from(w).length < 2 || CJK_CHAR.test(w) || NUMBER.test(w)) return Promise.resolve([]);
    /* edits allowed: none from a word of two letters, one from three or four, two from a longer
       one (two from "jp" were every word of one or two, and "map": "Did you mean: gpt, gap, gpu,
       mapping, ii") */
    var letters = Array.from(w).length, edits = letters < 3 ? 0 : letters < 5 ? 1 : 2;
    var near = function (e) {  // the term or its shown spelling ("humaniod" is 2 from humanoid, 3 from "humanoids")
      return [e[0], e[2]].some(function (s) { return s && Math.abs(s.length - w.length) <= edits && distance(s, w) <= edits; });
    };
    /* the words beginning as it does, or as it would with one of its first three letters' pairs
       swapped back ("nueral" is neural's typo: no word beginning "nu" is near it) */
    var starts = [w.slice(0, 2), w[1] + w[0], w[0] + w[2]].filter(function (p, i, all) { return all.indexOf(p) === i; });
    return Promise.all([completions(w, 5)].concat(starts.map(function (p) { return entries(p, near, Infinity, 8); }))).then(function (parts) {
      /* the words it begins first, then the nearest, the most used of equals: "nueral" was offered
         "neutral, unreal, neural" (neural one swap away and in 650 papers, the others two edits) */
      var closeness = function (e) { return Math.min.apply(null, [e[0], e[2]].filter(Boolean).map(function (s) { return distance(s, w); })); };
      var near = [].concat.apply([], parts.slice(1)).map(function (e) { return [closeness(e), e]; });
      near.sort(function (a, b) { return a[0] - b[0] || b[1][1] - a[1][1] || (a[1][0] < b[1][0] ? -1 : 1); });
      var seen = Object.create(null), out = [];
      parts[0].concat(near.map(function (pair) { return pair[1]; })).forEach(function (e) {
        var shown = e[2] || e[0];
        if (!seen[shown] && shown !== w && out.length < 5) { seen[shown] = true; out.push(shown); }
      });
      return out;
    });
  }
  /* edits from a to b, two neighbouring letters swapped counting as one (optimal string
     alignment): the commonest typo, "trasnformer", is two from "transformers", not three */
  function distance(a, b) {
    var before = null, above = [], row;
    for (var j = 0; j <= b.length; j++) above.push(j);
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      for (var k = 1; k <= b.length; k++) {
        var next = Math.min(above[k] + 1, row[k - 1] + 1, above[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
        if (before && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) next = Math.min(next, before[k - 2] + 1);
        row.push(next);
      }
      before = above; above = row;
    }
    return above[b.length];
  }

  // --- rendering ---------------------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  function safeHref(url) {
    try {
      var u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }
  /* the text with each word whose index term the query matched in <mark>; in a run of Chinese or
     Japanese characters (indexed as its pairs: "医学" is a term of "中文医学问答"), the characters of
     each pair it matched */
  function highlighted(node, text, matches) {
    text.split(/(\s+)/).forEach(function (token) {
      var run = compound(token, matches);  // "GPT-4" whole, found as "GPT4"
      if (!run) return byPart(node, token, matches);
      byPart(node, token.slice(0, run[0]), matches);
      node.appendChild(el("mark", "", token.slice(run[0], run[1])));
      byPart(node, token.slice(run[1]), matches);
    });
    return node;
    function byPart(node, text, matches) {
      text.split(/([\-\/<>\u2010-\u2015]+)/).forEach(function (part) {
        if (part && matches(part)) edged(node, part);
        else if (part) marked(part, matches).forEach(function (piece) {
          node.appendChild(piece[1] ? el("mark", "", piece[0]) : document.createTextNode(piece[0]));
        });
      });
    }
  }
  /* where, in a word, a run of parts joined by hyphens matched as one word ([start, end]), else
     null: the index holds "GPT-4" as "GPT4" too (search_index.with_compounds, COMPOUND), and a
     search for "GPT4" marked nothing ("GPT-4.1" holds the run "GPT-4") */
  function compound(word, matches) {
    var m;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(word)) !== null) {
      if (matches(m[0].replace(HYPHEN, ""))) return [m.index, m.index + m[0].length];
    }
    return null;
  }
  var RUN = /[\p{L}\p{N}_]+(?:[\-\u2010\u2011][\p{L}\p{N}_]+){1,3}/gu, HYPHEN = /[\-\u2010\u2011]/g;
  /* a matched word in <mark>, without the punctuation around it, which the index leaves out too
     (lunr's trimmer): "Policy:" and "(RDP)," were marked whole */
  function edged(node, word) {
    var before = LEADING.exec(word)[0], rest = word.slice(before.length), after = TRAILING.exec(rest)[0];
    var core = rest.slice(0, rest.length - after.length);
    if (!core) return node.appendChild(el("mark", "", word));
    if (before) node.appendChild(document.createTextNode(before));
    node.appendChild(el("mark", "", core));
    if (after) node.appendChild(document.createTextNode(after));
  }
  var LEADING = /^[^\p{L}\p{N}_]*/u, TRAILING = /[^\p{L}\p{N}_]*$/u;
  /* a word's pieces as [text, matched]: each character of a matched pair, or matched itself, in a
     run of Chinese, Japanese or Korean characters, each other word ("GPT" of "GPT模型") matched whole */
  function marked(word, matches) {
    if (!CJK_CHAR.test(word)) return [[word, false]];
    var chars = Array.from(word), lit = [], i, j;
    for (i = 0; i < chars.length; i = j) {
      for (j = i + 1; j < chars.length && CJK_CHAR.test(chars[j]) === CJK_CHAR.test(chars[i]); j++);
      if (!CJK_CHAR.test(chars[i])) {
        if (matches(chars.slice(i, j).join(""))) for (var k = i; k < j; k++) lit[k] = true;
      } else {
        for (k = i; k + 1 < j; k++) if (matches(chars[k] + chars[k + 1])) lit[k] = lit[k + 1] = true;
        for (k = i; k < j; k++) if (!lit[k] && matches(chars[k])) lit[k] = true;
      }
    }
    var pieces = [];
    chars.forEach(function (c, n) {
      var last = pieces[pieces.length - 1];
      if (last && last[1] === !!lit[n]) last[0] += c;
      else pieces.push([c, !!lit[n]]);
    });
    return pieces;
  }
  function matcher(cls) {
    var terms = Object.create(null), paired = Object.create(null);
    cls.forEach(function (c) { c.expanded.forEach(function (x) { terms[x.term] = true; }); });
    Object.keys(terms).forEach(function (t) {  // the characters of the query's pairs ("学" of 学习)
      var chars = Array.from(t);
      if (chars.length === 2 && CJK_ONLY.test(t)) chars.forEach(function (c) { paired[c] = true; });
    });
    return function (word) {
      /* a pair or a character is a term as it is; a character alone only when typed alone (the 学
         of a query 学习 is searched, as a pair's character, but marking each 学 misled) */
      if (CJK_ONLY.test(word)) return terms[word] === true && (Array.from(word).length > 1 || !paired[word]);
      var t = termOf(fold(word).toLowerCase().replace(POSSESSIVE, ""));
      return !!t && terms[t] === true;
    };
  }
  /* about 30 words of the abstract around its first matched word, else the summary; of Chinese
     or Japanese, written without spaces, about 100 characters around the first matched pair */
  function snippet(doc, matches) {
    var parts = doc.b.split(/\s+/);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].split(/[-\/<>\u2010-\u2015]/).some(matches) || compound(parts[i], matches)) {
        var start = Math.max(0, i - 10), end = Math.min(parts.length, start + 32);
        return (start ? "… " : "") + parts.slice(start, end).join(" ") + (end < parts.length ? " …" : "");
      }
      var chars = Array.from(parts[i]), at = 0, found = marked(parts[i], matches).some(function (p) {
        if (p[1]) return true;
        at += Array.from(p[0]).length;
        return false;
      });
      if (found) {
        var from = Math.max(0, at - 30), to = Math.min(chars.length, from + 100);
        return (from || i ? "… " : "") + chars.slice(from, to).join("") + (to < chars.length || i + 1 < parts.length ? " …" : "");
      }
    }
    return doc.s;
  }
  /* "A, B, C et al.", each name in a <bdi> but the first, unless it holds a bidi control: one
     ending in a right-to-left override, or in Arabic or Hebrew, reordered the names after it and
     the card's date; the first sets the names' direction (render.names) */
  var BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
  /* the query's words marked in them, as in the title: a search for an author showed no mark on
     any card */
  function authors(doc, matches) {
    var span = el("span", "");
    doc.a.forEach(function (name, i) {
      if (i) span.appendChild(document.createTextNode(", "));
      if (i || BIDI_CONTROL.test(name)) span.appendChild(highlighted(el("bdi"), name, matches));
      else highlighted(span, name, matches);
    });
    if (doc.e) span.appendChild(document.createTextNode(" et al."));
    return span;
  }
  /* the language of a card's text in another script than Latin (doc.g: "t" title, "a" authors,
     "s" summary, "b" abstract; generator/languages.py), set as its element's lang: a screen reader
     read a Japanese title in the page's English voice */
  function lang(node, doc, key) {
    if (doc.g && doc.g[key]) node.lang = doc.g[key];
    return node;
  }
  /* a listing card, as site_templates/pages/_macros.md.j2 writes them */
  function card(doc, m, matches) {
    var li = el("li", "");
    var a = lang(highlighted(el("a", ""), doc.t, matches), doc, "t");
    a.href = new URL(doc.u, ROOT).href;
    li.appendChild(a);
    if (doc.a.length || doc.d) {
      var info = el("p", "ds-meta");
      if (doc.a.length) info.appendChild(lang(authors(doc, matches), doc, "a"));
      if (doc.d) {
        var time = el("time", "", doc.d);
        time.setAttribute("datetime", doc.d);
        info.appendChild(time);
      }
      li.appendChild(info);
    }
    var text = snippet(doc, matches);  // of the abstract, else the summary
    if (text) li.appendChild(lang(highlighted(el("p", ""), text, matches), doc, text === doc.s ? "s" : "b"));
    var badges = (doc.l || []).filter(function (b) { return safeHref(b[2]); });
    if (doc.c.length || badges.length) {
      var tags = el("p", "ds-tags");
      doc.c.forEach(function (slug) {
        var topic = topicOf(m, slug);
        if (!topic) return;
        var chip = el("a", "", topic[0]);
        chip.href = new URL(topic[2], ROOT).href;
        tags.appendChild(chip);
        tags.appendChild(document.createTextNode(" "));
      });
      badges.forEach(function (b) {
        var badge = el("a", "ds-badge ds-badge--" + b[0], b[1]);
        badge.href = safeHref(b[2]);
        badge.rel = "nofollow noreferrer";
        tags.appendChild(badge);
        tags.appendChild(document.createTextNode(" "));
      });
      li.appendChild(tags);
    }
    return li;
  }

  /* the query's words; when no paper holds them all, its last word may begin words (as it does
     in the header's dropdown, with a larger limit) */
  /* every paper, as a search's result (in the site's order, newest digest first): for filters alone */
  function every() {
    return meta().then(function (m) {
      var hits = new Array(m.papers);
      for (var r = 0; r < m.papers; r++) hits[r] = { ref: r, score: 0 };
      return { hits: hits, m: m, clauses: [] };
    });
  }
  function exactOrBeginning(text) {
    return search(text, false).then(function (exact) {
      if (exact.hits.length) return exact;
      var last = trim(words(text).slice(-1)[0] || "");
      if (STOP[last] === true) { exact.common = last; return exact; }  // "the" begins "theory": no guess
      return search(text, true, PREFIX_PAGE).then(function (begun) {
        if (!begun.hits.length) return exact;
        begun.beginning = words(text).slice(-1)[0];
        begun.begun = begunWith(begun.clauses, begun.beginning);
        /* some paper holds the word, none with the others ("hallucination data"): the words begun
           stand in for it, and the page says so, not that no paper holds it */
        begun.held = exact.clauses.some(function (c) { return c.word === begun.beginning && c.expanded.length; });
        return begun;
      });
    });
  }
  /* what the words found for the word `typed` all begin with: the word itself ("hallucinat" of
     "hallucination"), or less when a shorter stem was taken ("constructor" found "Construction"
     and "Constructing" by their term construct, and was said to begin them): of each term found,
     the longer beginning `typed` shares with it or with its word (the term hallucin's word is
     "hallucination"), and the shortest of those */
  function begunWith(cls, typed) {
    var clause = cls.filter(function (c) { return c.word === typed; })[0], word = trim(typed), shortest = word.length;
    function shared(w) {
      var n = 0;
      while (n < w.length && n < word.length && w[n] === word[n]) n++;
      return n;
    }
    (clause ? clause.expanded : []).forEach(function (x) {
      shortest = Math.min(shortest, Math.max(shared(x.term), shared(x.word)));
    });
    return word.slice(0, shortest);
  }

  window.dsSearch = { porter: porter, search: search, docs: docs, meta: meta, suggestions: suggestions, termOf: termOf, american: american,
                      words: words, card: card, matcher: matcher, load: load, PAGE: PAGE };

  // --- the header box: a dropdown of the best matches as you type ---------------------------------
  function dropdown(form) {
    var input = form.querySelector("input[name=q]");
    if (!input) return;
    var list = form.querySelector(".ds-search-dropdown") || listbox(form, input);
    var active = -1, timer = null, asked = 0;
    function options() { return list.querySelectorAll("[role=option]"); }
    function close() {
      list.hidden = true; list.textContent = ""; active = -1;
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    }
    function mark(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    /* the link is the option itself (an <a href> may take the role), its item only the list's: an
       option holding a link (its content presentational) hid an interactive element inside it
       from screen readers (axe's nested-interactive); it stays a link for a click, a middle click
       or "open in new tab" */
    function option(id, href, fill) {
      var li = el("li", "ds-search-dropdown__option");
      li.setAttribute("role", "none");
      var a = el("a");
      a.id = "ds-search-option-" + id;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.href = href; a.tabIndex = -1;
      fill(a);
      li.appendChild(a);
      return li;
    }
    function update() {
      var text = input.value, mine = ++asked;
      if (!text.trim()) { close(); return; }
      search(text, true).then(function (found) {
        /* typed on meanwhile: the result files of this list, which will not be shown, are not
           asked for. On a phone's slow link each key's search came in after the next key, and
           "diffusion" typed at four keys a second loaded the cards of "dif", "diff", … too: 20
           result files (148 KB) for a list of 8 titles, each file asked for before the last
           list's */
        if (mine !== asked) return;
        var shown = found.hits.slice(0, DROPDOWN);
        /* the last word, being typed, also stands for words it begins; the search page it links
           to does not (unless no paper holds the word): its link counts what that page shows */
        return Promise.all([docs(shown.map(function (h) { return h.ref; }), found.m), exactOrBeginning(text)]).then(function (parts) {
          var ds = parts[0], total = parts[1].hits.length;
          if (mine !== asked) return;
          if (parts[1].m.build !== found.m.build) throw staleError();
          var matches = matcher(found.clauses);
          // no option is chosen in the new list: the box named the old one's (its id is the new one's too)
          list.textContent = ""; active = -1; input.removeAttribute("aria-activedescendant");
          ds.forEach(function (doc, i) {
            list.appendChild(option(i, new URL(doc.u, ROOT).href, function (a) { lang(highlighted(a, doc.t, matches), doc, "t"); }));
          });
          var all = new URL(form.getAttribute("action"), location.href);
          all.searchParams.set("q", text);
          list.appendChild(option("all", all.href, function (a) {
            a.textContent = total > 1 ? "All " + total + " results for “" + text + "”"
                          : total ? "1 result for “" + text + "”"
                          : found.hits.length ? "Search page for “" + text + "”"
                          : "No papers match “" + text + "”: search page";
            a.className = "ds-search-dropdown__all";
          }));
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        });
      }).catch(function (err) {
        if (err.stale && mine === asked) update();  // the site was rebuilt meanwhile: search the new build
        else close();
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 120); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) { update(); return; }
        e.preventDefault();
        mark(active + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        location.href = options()[active].href;
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); } else { input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { if (!form.contains(document.activeElement)) close(); }, 150); });
    /* back in the box (a tap: a phone has no arrow key), its words' list again; closed by a tap
       elsewhere, it stayed closed until a key was typed */
    input.addEventListener("focus", function () { if (list.hidden && input.value.trim()) update(); });
    if (input.value) update();
  }
  // The page has the box alone (no dead controls without JavaScript): the list and the box's roles come here.
  function listbox(form, input) {
    var list = el("ul", "ds-search-dropdown");
    list.id = "ds-search-dropdown";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Best matches");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    return list;
  }

  // --- the search page: results, facets, sorting, deep links -------------------------------------
  /* The search page loads this script async from its head: the query's postings, then the first
     page's result data, are asked for while the page is still being parsed. Kept only for the
     query and filters of the URL the page was opened with. */
  var early = null;
  if (SEARCH_PAGE) {
    early = { search: location.search };
    var opened = new URLSearchParams(location.search), q = opened.get("q") || "";
    if (q.trim()) {
      early.found = exactOrBeginning(q);
      if (FILTERS.every(function (k) { return !opened.get(k); })) {  // in relevance order, unfiltered: the best match is known
        early.found.then(function (found) { return docs(found.hits.slice(0, 1).map(function (h) { return h.ref; }), found.m); })
          .catch(function () {});
      }
    }
  }
  function ready(start) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  ready(function () {
    document.querySelectorAll(".ds-header-search").forEach(dropdown);
    var page = document.getElementById("ds-search-page");
    if (page) results(page);
  });

  function results(root) {
    var form = root.querySelector("form");
    var input = document.getElementById("ds-search-input");
    var sortBox = document.getElementById("ds-search-sort");
    var status = document.getElementById("ds-search-status");
    var list = document.getElementById("ds-search-results");
    var more = document.getElementById("ds-search-more");
    var facetBox = document.getElementById("ds-search-facets");
    var current = null, shownCount = 0, asked = 0, timer = null, refocus = null, followed = -1;
    var shownSearch = null, pressed = null, hold = null;  // the query string the results are of; a filter pressed, held in place
    /* the place in the results, kept in the page's history entry (remember), is put back by the
       page itself: the results come after the browser's own attempt, which found a short page */
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";

    function params() {
      var p = new URLSearchParams(location.search), out = { q: p.get("q") || "" };
      FILTERS.forEach(function (k) { out[k] = p.get(k) || ""; });
      return out;
    }
    function go(state, push) {
      if (push) remember();
      var url = new URL(location.href);
      url.search = "";
      if (state.q) url.searchParams.set("q", state.q);
      FILTERS.forEach(function (k) { if (state[k]) url.searchParams.set(k, state[k]); });
      if (url.href !== location.href) history[push ? "pushState" : "replaceState"](null, "", url);
      show();
    }

    /* how far the reader had gone in the results of this history entry: the cards shown, the
       scroll and the card whose link was followed. A result opened from the 45th card, then Back,
       showed the first 20 at the top (the page is made again from its URL): the place was lost */
    function remember() {
      if (current) history.replaceState({ shown: shownCount, scroll: window.scrollY, followed: followed }, "");
    }
    /* the cards of the place remembered shown again (a page at a time, as "Show more" does, for
       the same results), the followed card's link focused, and the page scrolled as it was */
    function restore(place, c) {
      if (!place || c !== current) return;
      var before = shownCount;
      if (shownCount < Math.min(place.shown, c.kept.length)) {
        return page().then(function () { if (shownCount > before) return restore(place, c); });
      }
      var link = place.followed >= 0 && list.children[place.followed] && list.children[place.followed].querySelector("a");
      if (link) link.focus({ preventScroll: true });
      if (link) followed = place.followed;  // (kept in the place remembered again)
      window.scrollTo(0, place.scroll);
    }

    function show() {
      var state = params(), mine = ++asked, place = history.state;
      followed = -1;
      shownSearch = location.search;
      input.value = state.q;
      sortBox.value = state.sort === "date" ? "date" : "";  // an unknown sort (?sort=bogus) is relevance: the box was blank
      /* a filter used from the keyboard keeps the focus: its button is found again once the facets
         are redrawn, and the date fields being typed in stay as they are (Chrome's "change" comes
         with the year's first digit: a new field took the focus and the other digits away) */
      var at = document.activeElement, dates = facetBox.querySelector(".ds-facet--dates");
      if (at && facetBox.contains(at) && at.dataset.facet) refocus = at.dataset;
      else if (at && at !== document.body) refocus = null;
      if (!(dates && dates.contains(at))) dates = null;
      holdInPlace(place);
      Array.prototype.slice.call(facetBox.children).forEach(function (c) { if (c !== dates) facetBox.removeChild(c); });
      list.textContent = ""; more.hidden = true;
      /* the results shown are gone: their cards still coming are not added to the emptied list
         (on a phone's slow link, "diffusion" typed in the box showed 34 cards, 14 of them of
         "diffusio" before its own 20) */
      current = null;
      /* no words but a filter (a topic's, a digest's, a category's link; the words taken away): the
         papers the filters let through, in the site's order; it said "Type words to search" */
      var browsing = !state.q.trim();
      if (browsing && !FILTERS.some(function (k) { return k !== "sort" && state[k]; })) {
        status.textContent = "Type words to search titles, abstracts, authors, topics, ids and categories.";
        release();
        return;
      }
      status.textContent = "Searching…";
      /* the results wait for the facets' file only when a filter or the date sort (its papers'
         dates) needs it (it grows with the collection); otherwise it is asked for, and the facets
         drawn, once the first cards are in */
      var filtered = FILTERS.some(function (k) { return k !== "sort" && state[k]; }) || state.sort === "date";
      var found = browsing ? every() : early && early.found && early.search === location.search ? early.found : exactOrBeginning(state.q);
      early = null;
      Promise.all([found, filtered ? facetsOf(found, "high") : null]).then(function (parts) {
        if (mine !== asked) return;
        var found = parts[0], m = found.m;
        var facets = parts[1] && facetData(parts[1], m);
        var refs = found.hits.map(function (h) { return h.ref; });
        var pass = facets ? filters(state, facets, m) : [];
        var kept = refs.filter(function (r) { return pass.every(function (f) { return f.set.has(r); }); });
        /* by the date each card shows, newest first, ties in display order (refs are newest digest
           first: a paper of 2023 in a newer digest was listed before one of 2024-05-14) */
        if (state.sort === "date") kept.sort(function (a, b) { return facets.date[b] - facets.date[a] || a - b; });
        current = { state: state, found: found, kept: kept, m: m, matches: matcher(found.clauses) };
        shownCount = 0;
        function laterFacets() {
          if (mine !== asked) return null;
          return facetsOf(found, "low").then(function (raw) { if (mine === asked) drawFacets(state, refs, pass, facetData(raw, m), m); })
            .catch(function () {});
        }
        if (facets) drawFacets(state, refs, pass, facets, m);
        if (!kept.length) {
          if (!facets) laterFacets();
          release();
          return nothing(state, found, refs.length);
        }
        status.textContent = kept.length + (kept.length === 1 ? " paper matches" : " papers match") +
          (refs.length !== kept.length ? " (of " + refs.length + " before filters)." : ".");
        status.textContent += notes(state.q);
        if (found.beginning) {
          var whole = found.begun === trim(found.beginning);
          status.textContent += found.held
            ? " No paper holds all of its words: these have words that begin " +
              (whole ? "" : "as “" + trim(found.beginning) + "” does, ") + "with “" + found.begun + "”."
            : " No paper holds “" + found.beginning + "” as a word: these have words that begin " +
              (whole ? "with it." : "as it does, with “" + found.begun + "”.");
        }
        var c = current;
        return page(facets ? null : laterFacets).then(function () {
          if (mine === asked) release();
          return restore(place, c);
        }).then(function () { if (c === current) remember(); });
      }).catch(function (err) {
        if (mine === asked) release();
        if (err.stale && mine === asked) return show();  // the site was rebuilt meanwhile: search the new build
        status.textContent = "Search is unavailable: " + (location.protocol === "file:" ? FROM_FILE : err.message);
      });
    }
    /* A filter pressed below the results (a phone's layout: the facets come after them) stays where
       it was on the screen while the results above it are made again: the emptied list cut the
       page short, and the view was left wherever that put it (1,059 px down 8,700 px of results on
       a 360 px phone), the pressed button 6,600 px below the screen. The list keeps its height
       until the first page of new cards is in, and the page is scrolled by what the focused
       filter moved. (Beside the results, on a wide screen, nothing above it moves: no scroll.)
       The filter is the one pressed, not the focus: Safari does not focus a button tapped. Not when
       the history entry has a place of its own (Back, Forward: restore). */
    function press(node, facet, value) {
      pressed = { node: node, facet: facet, value: value, top: node.getBoundingClientRect().top };
    }
    function holdInPlace(place) {
      hold = place ? null : pressed;
      pressed = null;
      if (hold) list.style.minHeight = list.offsetHeight + "px";
    }
    var pinning = 0;
    function pin() {  // before the next frame is drawn, once however many cards came in (each measure lays the page out)
      if (hold && !pinning) pinning = requestAnimationFrame(function () { pinning = 0; pinNow(); });
    }
    function pinNow() {
      var node = hold && (hold.node.isConnected ? hold.node : facetBox.querySelector(
        "button[data-facet=\"" + CSS.escape(hold.facet) + "\"][data-value=\"" + CSS.escape(hold.value) + "\"]"));
      if (node) window.scrollBy(0, node.getBoundingClientRect().top - hold.top);
    }
    function release() {
      list.style.minHeight = "";
      pinNow();
      hold = null;
    }
    function facetsOf(found, priority) {  // of the build the search (`found`, or its promise) read
      return Promise.resolve(found).then(function (f) { return data(f.m, "facets.json.gz", priority); });
    }
    /* the next page of cards; settle (the first page's facets) is done before "Show more" shows,
       so that nothing moves once it can be clicked */
    function page(settle) {
      var c = current;
      if (c.loading) return c.loading;  // "Show more" again before this page is in: its cards stay in order
      var from = shownCount, refs = c.kept.slice(from, from + PAGE);
      if (!refs.length) return Promise.resolve();
      shownCount += refs.length;
      more.hidden = true;
      var ready = [], next = 0;
      /* the first card's file is asked for alone, the others once it is in: twenty files at once
         delay the first (they share the connections and the main thread, each parsed and unpacked
         as it comes: in same-run A/B runs of bench.search's queries the first result came sooner) */
      /* (once the first is in, the others of results no longer shown are not asked for: on a
         phone's slow link, "robot learning" typed in the box loaded 35 result files for the 20
         cards shown, those of "robot", "robot l", … besides) */
      var lead = docs(refs.slice(0, 1), c.m);
      return c.loading = Promise.all(refs.map(function (ref, i) {  // each card as soon as it and those above it are loaded
        return (i ? lead.then(function () { return c === current ? docs([ref], c.m) : [null]; }) : lead).then(function (ds) {
          ready[i] = ds[0];
          for (; c === current && next < refs.length && ready[next]; next++) list.appendChild(card(ready[next], c.m, c.matches));
          pin();
        });
      })).then(function () {
        c.loading = null;  // the cards are in: "Show more" may ask for the next page
        return settle && c === current ? settle() : null;
      }).then(function () {
        if (c !== current || c.loading) return;  // a page asked for meanwhile shows "Show more" itself
        more.hidden = shownCount >= c.kept.length;
        more.textContent = "Show " + Math.min(PAGE, c.kept.length - shownCount) + " more";
        if (from && list.children[from]) list.children[from].querySelector("a").focus();  // the first new card
      }, function (err) {  // a result file failed (offline?): what came in stays, "Show more" tries the rest again
        c.loading = null;
        if (c !== current) return;
        if (err.stale) return show();  // the site was rebuilt: its results are searched again
        shownCount = from + next;
        more.hidden = false;
        status.textContent = "Search is unavailable: " + err.message;
      });
    }
    /* words in quotes, which search engines take as a phrase: the index has no word positions (lunr's) */
    var PHRASE = /["\u201c\u201d\u201e]\s*\S+\s+\S[^"\u201c\u201d\u201e]*["\u201c\u201d\u201e]/;
    /* a word after a minus sign, or NOT, OR, AND between words: other search engines' operators
       ("robot -learning" found the papers holding both words, the opposite of what was asked,
       without a word said) */
    var OPERATOR = /(?:^|\s)[-\u2212]\p{L}|\s(?:OR|NOT|AND)\s+\S/u;
    /* "C++", "C#", "F#": searched as the letter, 40 papers "matching C++" with no word of it */
    var SYMBOLS = /[\p{L}\p{N}](?:\+\+|#)(?!\S)/u;
    /* what the query's marks do not do here: quotes, operators, a "+" or "#" ending a word */
    function notes(q) {
      return (PHRASE.test(q) ? " Quotes do not search a phrase: each paper holds every word, anywhere." : "") +
        (OPERATOR.test(q) ? " “-”, NOT and OR are no operators here: each paper holds every word." : "") +
        (SYMBOLS.test(q) ? " “+” and “#” are no part of a word here: “C++” and “C#” are searched as “c”." : "");
    }
    function nothing(state, found, before) {
      var said = state.q.trim();  // (as typed: a space after the last word)
      if (before) {
        status.textContent = said ? "No papers match “" + said + "” with these filters." : "No papers match these filters.";
        return;
      }
      status.textContent = "No papers match “" + said + "”." + notes(state.q);  // (it was told only of matches)
      if (found.common) {
        status.textContent += " Common words such as “" + found.common + "” are not searched: add other words.";
        return;
      }
      var missing = found.clauses.filter(function (c) { return !c.expanded.length; });
      /* the words as typed (a clause may be a pair of a Chinese word's characters); a query of one
         word written with hyphens, its parts, which are searched as words: "soccer-finance", two
         words no paper holds together, was offered words spelled like each ("succeed", "financial") */
      var typed = uncited(said).split(/\s+/).filter(Boolean);
      if (typed.length === 1) typed = typed[0].split(HYPHEN).filter(Boolean);
      if (!missing.length && found.clauses.length > 1 && typed.length > 1) return fewer(state, typed);
      var unknown = missing.length ? missing.map(function (c) { return c.word; }) : words(state.q);
      return Promise.all(unknown.map(suggestions)).then(function (lists) {
        var box = el("span", "ds-search-suggest");
        lists.forEach(function (options, i) {
          options.forEach(function (s) {
            box.appendChild(box.childNodes.length ? document.createTextNode(", ") : document.createTextNode(" Did you mean: "));
            box.appendChild(queryLink(state.q.replace(new RegExp(escapeRe(unknown[i]), "i"), s), s));
          });
        });
        /* nothing like the unknown words ("🤗 diffusion", "diffusion qqqzzx"): the query less one
           of its words, as when each word is some paper's */
        if (!box.childNodes.length && typed.length > 1) return fewer(state, typed);
        if (!box.childNodes.length) box.textContent = " Try fewer or shorter words, or browse the topics.";
        status.appendChild(box);
      });
    }
    /* every word is some paper's, but no paper holds them all ("diffusion models for motion
       planning", whose paper says "Diffusion for Motion Planning"): the query less one of its
       words, for each that then finds papers, fewest papers first (less its commonest word, which
       said least of what was sought), instead of words like each of its words, which found nothing
       either. The words are the query's as typed: a Chinese word's clauses are its pairs and
       characters ("医学 language" offered "医学 医 学") */
    function fewer(state, typed) {
      var mine = asked;
      return Promise.all(typed.map(function (word, i) {
        var q = typed.slice(0, i).concat(typed.slice(i + 1)).join(" ");
        return search(q, false).then(function (less) { return { word: word, q: q, n: less.hits.length }; });
      })).then(function (options) {
        if (mine !== asked) return;
        options = options.filter(function (o) { return o.n; }).sort(function (a, b) { return a.n - b.n; }).slice(0, 3);
        var box = el("span", "ds-search-suggest");
        if (!options.length) box.textContent = " No paper holds all of its words: try fewer words, or browse the topics.";
        else box.appendChild(document.createTextNode(" No paper holds all of its words; without one: "));
        options.forEach(function (o, i) {
          if (i) box.appendChild(document.createTextNode(", "));
          box.appendChild(queryLink(o.q, o.q));
          box.appendChild(document.createTextNode(" (" + o.n + (o.n === 1 ? " paper, " : " papers, ") + "without “" + o.word + "”)"));
        });
        status.appendChild(box);
      }, function () {});
    }
    /* a link that searches q (its text: label), kept in the page's history */
    function queryLink(q, label) {
      var a = el("a", "", label);
      a.href = "?q=" + encodeURIComponent(q);
      a.addEventListener("click", function (e) {
        e.preventDefault();
        /* from the keyboard (a click without a pointer, detail 0), the focus goes to the box, which
           holds the new query: the link goes with the status the search rewrites, and the focus fell
           to <body>. A tap does not focus the box (a phone's keyboard would open). */
        if (!e.detail) input.focus();
        go({ q: q }, true);
      });
      return a;
    }
    function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

    /* facets.json: value → its refs (delta-encoded) → value → Set of refs */
    function facetData(raw, m) {
      if (raw.sets) return raw.sets;
      function sets(lists) {
        return lists.map(function (deltas) {
          var s = new Set(), ref = 0;
          deltas.forEach(function (d) { ref += d; s.add(ref); });
          return s;
        });
      }
      var date = new Int32Array(raw.date.length), day = 0;  // each ref's date, YYYYMMDD (dateNumber), 0 for none
      raw.date.forEach(function (d, r) { date[r] = day += d; });
      raw.sets = { topic: sets(raw.topic), digest: sets(raw.digest), cat: sets(raw.category), code: sets([raw.code])[0], date: date };
      return raw.sets;
    }
    /* each active filter as {name, set}: the papers it lets through */
    function filters(state, f, m) {
      var out = [];
      var t = m.topics.findIndex(function (x) { return x[1] === state.topic; });
      if (state.topic) out.push({ name: "topic", set: t >= 0 ? f.topic[t] : new Set() });
      var d = m.digests.findIndex(function (x) { return x[0] === state.digest; });
      if (state.digest) out.push({ name: "digest", set: d >= 0 ? f.digest[d] : new Set() });
      var c = m.categories.indexOf(state.cat);
      if (c < 0 && m.categoryNames && m.categoryNames.indexOf(state.cat) >= 0) {
        /* a link from before the readers kept arXiv's codes: ?cat=Computation and Language (cs.CL) */
        c = m.categoryNames.indexOf(state.cat);
        state.cat = m.categories[c];
      }
      if (state.cat) out.push({ name: "cat", set: c >= 0 ? f.cat[c] : new Set() });
      if (state.code) out.push({ name: "code", set: f.code });
      if (state.from || state.to) {  // the date each card shows (its digest's kept 2023 "from 2024-05-10")
        var dated = new Set(), from = dateNumber(state.from), to = dateNumber(state.to) || Infinity;
        f.date.forEach(function (d, r) { if (d && d >= from && d <= to) dated.add(r); });
        out.push({ name: "date", set: dated });
      }
      return out;
    }
    var FACET_VALUES = 12, opened = Object.create(null);  // values shown of each filter; the filters shown whole
    /* counts of each value among the results that pass every other filter */
    function drawFacets(state, refs, pass, f, m) {
      function base(name) {
        return refs.filter(function (r) { return pass.every(function (x) { return x.name === name || x.set.has(r); }); });
      }
      function group(title, name, values, sets, label) {
        var within = base(name), counted = [];
        values.forEach(function (v, i) {
          var n = 0;
          within.forEach(function (r) { if (sets[i].has(r)) n++; });
          if (n || state[name] === v) counted.push({ value: v, n: n, label: label(i) });
        });
        counted.sort(function (a, b) { return b.n - a.n || (a.label < b.label ? -1 : 1); });
        /* the filter in use is always shown, pressed, so that it can be seen and let go: after the
           twelve most frequent when it is not among them (a new query keeps the filters), and as
           it is written when no value is its (a link from before a topic was renamed) */
        var shown = counted.slice(0, opened[name] ? counted.length : FACET_VALUES), on = state[name];
        if (on && !shown.some(function (x) { return x.value === on; })) {
          shown.push(counted.filter(function (x) { return x.value === on; })[0] || { value: on, n: 0, label: on });
        }
        if (!shown.length) return;
        var box = el("section", "ds-facet");
        box.appendChild(el("h2", "ds-facet__title", title));
        var ul = el("ul", "ds-facet__values");
        shown.forEach(function (x) { ul.appendChild(facetButton(state, name, x.value, x.label, x.n)); });
        /* the values past the first twelve, behind a button: in a daily collection most digests could
           not be picked (the twelve with most results were shown, and nothing said there were more) */
        var rest = counted.filter(function (x) { return shown.indexOf(x) < 0; });
        if (rest.length) {
          var more = el("li"), all = el("button", "ds-facet__value ds-facet__more", "All " + counted.length);
          all.type = "button";
          all.addEventListener("click", function () {
            opened[name] = true;  // (kept open when the filters are drawn again)
            rest.forEach(function (x, i) {
              var li = facetButton(state, name, x.value, x.label, x.n);
              ul.insertBefore(li, more);
              if (!i) li.querySelector("button").focus();  // the first value shown now
            });
            more.remove();
          });
          more.appendChild(all);
          ul.appendChild(more);
        }
        box.appendChild(ul);
        facetBox.insertBefore(box, facetBox.querySelector(".ds-facet--dates"));
      }
      group("Topic", "topic", m.topics.map(function (t) { return t[1]; }), f.topic, function (i) { return m.topics[i][0]; });
      group("Digest", "digest", m.digests.map(function (d) { return d[0]; }), f.digest,
            function (i) {  // a digest named by its date ("2026-03-05-trending") is not dated twice
              var d = m.digests[i];
              return d[1] && d[0].indexOf(d[1]) !== 0 ? d[0] + " (" + d[1] + ")" : d[0];
            });
      group("Links", "code", ["1"], [f.code], function () { return "Has code"; });
      group("Category", "cat", m.categories, f.cat, function (i) { return (m.categoryNames || m.categories)[i]; });
      dates(state);
      var again = refocus && facetBox.querySelector("button[data-facet=\"" + CSS.escape(refocus.facet) + "\"][data-value=\"" +
                                                    CSS.escape(refocus.value) + "\"]");
      refocus = null;
      if (again) again.focus({ preventScroll: !!hold });
      pin();
    }
    /* a date as the generator's search_site.date_number gives it: YYYYMMDD, a month or a year
       alone as its first day ("2024" is 20240101); 0 for none */
    function dateNumber(text) {
      var d = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(text || "");
      return d ? +d[1] * 10000 + (+d[2] || 1) * 100 + (+d[3] || 1) : 0;
    }
    function facetButton(state, name, value, label, n) {
      var li = el("li");
      var on = state[name] === value;
      var b = el("button", "ds-facet__value", label + " ");
      b.type = "button";
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.dataset.facet = name; b.dataset.value = value;
      b.appendChild(el("span", "ds-facet__count", String(n)));
      b.addEventListener("click", function () {
        press(b, name, value);
        var next = params();
        next[name] = on ? "" : value;
        go(next, true);
      });
      li.appendChild(b);
      return li;
    }
    function dates(state) {
      if (facetBox.querySelector(".ds-facet--dates")) return;  // kept while typed in (show)
      var box = el("section", "ds-facet ds-facet--dates");
      box.appendChild(el("h2", "ds-facet__title", "Date"));
      ["from", "to"].forEach(function (name) {
        var label = el("label", "ds-facet__date", name === "from" ? "From " : "To ");
        var field = el("input");
        field.type = "date"; field.name = name; field.value = state[name];
        field.addEventListener("change", function () {
          press(field, "", "");
          var next = params();
          next[name] = field.value;
          go(next, true);
        });
        label.appendChild(field);
        box.appendChild(label);
      });
      facetBox.appendChild(box);
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var next = params();
      next.q = input.value;
      go(next, true);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var next = params();
        next.q = input.value;
        go(next, false);
      }, 200);
    });
    sortBox.addEventListener("change", function () {
      var next = params();
      next.sort = sortBox.value;
      go(next, true);
    });
    more.addEventListener("click", function () { if (current) page(); });
    list.addEventListener("click", function (e) {  // (a link of a card: its title, a topic, a badge)
      var item = e.target.closest && e.target.closest("#ds-search-results > li");
      if (item && e.target.closest("a")) followed = Array.prototype.indexOf.call(list.children, item);
    });
    window.addEventListener("pagehide", remember);
    /* and as the reader moves, once the results are in and once a scroll ends: an entry left by
       Back (a filter's, say) had no place, and Forward made its results again from the first 20,
       the view wherever the emptied list had put it */
    var scrolled = null;
    window.addEventListener("scroll", function () {
      clearTimeout(scrolled);
      scrolled = setTimeout(remember, 300);
    }, { passive: true });
    /* The page's own links to its parts ("Filters ↓", "Results ↑", the skip link) make history
       entries of the same query: going to one, or Back or Forward between them, keeps the results
       as they are, with the cards "Show more" added, and goes to the part linked or to the place
       the reader left. They were made again: "Filters ↓" after "Show more" showed the first 20
       cards and moved the filters under the reader's finger (a layout shift of 0.72 on a phone). */
    document.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("a[href^='#']")) remember();
    });
    window.addEventListener("popstate", function () {
      if (current && location.search === shownSearch) return returnTo(history.state);
      show();
    });
    function returnTo(place) {
      var part = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (place && typeof place.scroll === "number") window.scrollTo(0, place.scroll);
      else if (part) part.scrollIntoView();
    }
    show();
  }
})();
