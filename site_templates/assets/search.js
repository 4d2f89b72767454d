/* digest-site search: loads the prebuilt lunr index (never builds one) and renders results
   with textContent only, so nothing from the index is ever parsed as HTML. */
(function () {
  "use strict";
  var here = document.currentScript.src;
  var input = document.getElementById("ds-search-input");
  var status = document.getElementById("ds-search-status");
  var list = document.getElementById("ds-search-results");
  var LIMIT = 50;
  var state = null;

  function load() {
    if (!state) {
      state = Promise.all(["search-index.json", "search-docs.json"].map(function (name) {
        return fetch(new URL(name, here)).then(function (r) {
          if (!r.ok) throw new Error(name + ": HTTP " + r.status);
          return r.json();
        });
      })).then(function (parts) {
        return { index: lunr.Index.load(parts[0]), docs: parts[1] };
      });
    }
    return state;
  }

  function terms(query) {
    return query.toLowerCase().split(lunr.tokenizer.separator).map(function (t) {
      return t.replace(/[^\p{L}\p{N}]+/gu, "");
    }).filter(function (t) { return t && lunr.stopWordFilter(t); });
  }

  function run(index, words, mode) {
    return index.query(function (q) {
      words.forEach(function (word, i) {
        var last = i === words.length - 1;
        var clause = { presence: mode === "any" ? lunr.Query.presence.OPTIONAL : lunr.Query.presence.REQUIRED };
        if (mode === "prefix" && last) {
          clause.wildcard = lunr.Query.wildcard.TRAILING;
          clause.usePipeline = false;
        }
        q.term(word, clause);
      });
    });
  }

  function search(index, query) {
    var words = terms(query);
    if (!words.length) return [];
    var modes = ["all", "prefix", "any"];
    for (var i = 0; i < modes.length; i++) {
      var hits = run(index, words, modes[i]);
      if (hits.length) return hits;
    }
    return [];
  }

  function item(doc, root) {
    var li = document.createElement("li");
    li.className = "ds-list__item ds-search-result";
    var a = document.createElement("a");
    a.className = "ds-list__title";
    a.href = new URL(doc.u, root).href;
    a.textContent = doc.t;
    li.appendChild(a);
    if (doc.c && doc.c.length) {
      var topics = document.createElement("span");
      topics.className = "ds-list__topics";
      doc.c.forEach(function (name) {
        var chip = document.createElement("span");
        chip.className = "ds-chip ds-chip--small";
        chip.textContent = name;
        topics.appendChild(chip);
      });
      li.appendChild(topics);
    }
    var snippet = document.createElement("span");
    snippet.className = "ds-list__summary";
    snippet.textContent = doc.s;
    li.appendChild(snippet);
    return li;
  }

  function show(query) {
    list.textContent = "";
    if (!query.trim()) return;
    status.textContent = "Searching…";
    load().then(function (data) {
      var hits = search(data.index, query);
      var root = new URL("../../", here);
      hits.slice(0, LIMIT).forEach(function (hit) { list.appendChild(item(data.docs.docs[+hit.ref], root)); });
      status.textContent = hits.length === 0 ? "No papers match “" + query + "”."
        : hits.length + (hits.length === 1 ? " paper matches." : " papers match.") +
          (hits.length > LIMIT ? " Showing the first " + LIMIT + "." : "");
    }).catch(function (err) {
      status.textContent = "Search is unavailable: " + err.message;
    });
  }

  var params = new URLSearchParams(location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  show(initial);
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(location.href);
      if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      show(input.value);
    }, 150);
  });
})();
