/* digest-site: progressive enhancements. Without JavaScript every page works: the scheme follows
   prefers-color-scheme, listings are static pages in their own order. With it: a light/dark
   button (remembered), search loaded when the header box is first used, arrow keys between cards (and from a search box into its results), and
   sorting a listing page by date or title. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SCRIPT = document.currentScript.src;

  /* The light/dark button, added to the header here: without JavaScript it could do nothing. */
  function schemeButton() {
    var header = document.querySelector(".ds-header");
    if (!header) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ds-scheme";
    var dark = function () {
      return root.dataset.scheme ? root.dataset.scheme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
    };
    var show = function () {
      button.textContent = dark() ? "Light theme" : "Dark theme";
    };
    button.addEventListener("click", function () {
      root.dataset.scheme = dark() ? "light" : "dark";
      try { localStorage.setItem("ds-scheme", root.dataset.scheme); } catch (e) { /* private mode */ }
      show();
    });
    show();
    header.appendChild(button);
  }

  /* ArrowDown/ArrowUp move between card titles (each card's own link); from a search box,
     ArrowDown enters the list. */
  var TITLES = "#ds-main .ds-cards > li > a";
  function arrowKeys() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var target = event.target;
      var titles = Array.prototype.slice.call(document.querySelectorAll(TITLES));
      var at = titles.indexOf(target);
      var box = target.matches && target.matches("#ds-main input[type=search]");
      if (at < 0 && !box) return;
      var next = box ? (event.key === "ArrowDown" ? titles[0] : null)
        : event.key === "ArrowDown" ? titles[at + 1] : titles[at - 1] || document.querySelector("#ds-main input[type=search]");
      if (!next) return;
      event.preventDefault();
      next.focus();
    });
  }

  /* A "Sort by" control on topic and digest pages: reorders this page's cards. */
  function sorting() {
    var list = document.querySelector(".ds-listing .ds-cards");
    if (!list || list.children.length < 2) return;
    var cards = Array.prototype.slice.call(list.children);
    var keys = {
      list: function (card) { return cards.indexOf(card); },
      date: function (card) {  // cards give the ISO date as the <time>'s text (no datetime attribute)
        var t = card.querySelector("time");
        return t ? t.getAttribute("datetime") || t.textContent : "";
      },
      title: function (card) { return card.querySelector(":scope > a").textContent; }
    };
    var orders = [["list", "List order"], ["date", "Newest"], ["title", "Title"]];
    var bar = document.createElement("div");
    bar.className = "ds-sort";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Sort this page");
    // the cards of this page only: a topic's pages are static, and "Title" sorted one page of 39 of 139
    bar.appendChild(document.createTextNode(document.querySelector(".ds-pager") ? "Sort this page:" : "Sort:"));
    orders.forEach(function (order) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ds-button ds-button--quiet";
      button.textContent = order[1];
      button.setAttribute("aria-pressed", order[0] === "list" ? "true" : "false");
      button.dataset.order = order[0];
      button.addEventListener("click", function () {
        var key = keys[order[0]];
        var sorted = cards.slice().sort(function (a, b) {
          if (order[0] === "date") return key(b).localeCompare(key(a)) || keys.list(a) - keys.list(b);
          if (order[0] === "title") return key(a).localeCompare(key(b));
          return key(a) - key(b);
        });
        sorted.forEach(function (card) { list.appendChild(card); });
        bar.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
        // kept in this history entry: Back from a paper showed the list order at the sorted page's scroll position
        try { history.replaceState(Object.assign({}, history.state, { dsSort: order[0] }), ""); } catch (e) { /* file:// in some browsers */ }
      });
      bar.appendChild(button);
    });
    list.parentNode.insertBefore(bar, list);
    var kept = history.state && history.state.dsSort;
    var again = kept && kept !== "list" && bar.querySelector('[data-order="' + kept + '"]');
    if (again) again.click();
  }

  /* A paper page's BibTeX is shown as text; the buttons are made here, since without JavaScript
     they could do nothing: "Copy BibTeX" copies it, and "Download .bib" saves it as a file made
     in the browser (no data: URL in the page), named by the entry's key (the paper's slug). */
  function citeButtons() {
    document.querySelectorAll("pre.ds-bibtex").forEach(function (pre) {
      var bar = document.createElement("p"), text = pre.textContent, key = /^@\w+\{([^,\s]+),/.exec(text), said = null;
      bar.className = "ds-paper__cite-actions";
      if (navigator.clipboard) {
        /* The result is said in a status line (a screen reader announces it; the button's own
           label changing is not announced, and a refused copy said nothing at all). */
        var copy = button("button", "Copy BibTeX");
        said = document.createElement("span");
        copy.type = "button";
        copy.setAttribute("data-ds-copy", "");
        said.className = "ds-paper__cite-status";
        said.setAttribute("role", "status");
        copy.addEventListener("click", function () {
          said.textContent = "";
          navigator.clipboard.writeText(text).then(function () {
            said.textContent = "Copied to the clipboard.";
          }, function () {
            said.textContent = "Could not copy: select the entry above and copy it.";
          });
        });
        bar.appendChild(copy);
      }
      if (window.Blob && window.URL) {
        var link = button("a", "Download .bib");
        link.href = URL.createObjectURL(new Blob([text], { type: "application/x-bibtex" }));
        link.download = (key ? key[1] : "citation") + ".bib";
        bar.appendChild(document.createTextNode(" "));
        bar.appendChild(link);
      }
      // the status after both buttons: between them, its text moved "Download .bib" as it appeared
      if (said) bar.appendChild(said);
      if (bar.firstChild) pre.parentNode.insertBefore(bar, pre.nextSibling);
    });
  }

  function button(tag, label) {
    var node = document.createElement(tag);
    node.className = "ds-button";
    node.textContent = label;
    return node;
  }

  /* The header search box: nothing of search loads until the box is used; the first focus or
     keystroke loads search.js (the search page loads it itself, marked data-search-page), from
     beside this script unless the form names it (data-search). search.js adds the dropdown. */
  function searchOnUse() {
    var form = document.querySelector(".ds-header-search");
    var box = form && form.querySelector("input");
    if (!box) return;
    var use = function () {
      box.removeEventListener("focus", use);
      box.removeEventListener("input", use);
      if (window.dsSearchLoading || document.querySelector("script[data-search-page]")) return;
      window.dsSearchLoading = true;
      var script = document.createElement("script");
      script.src = form.getAttribute("data-search") || new URL("search.js", SCRIPT).href;
      document.head.appendChild(script);
    };
    box.addEventListener("focus", use);
    box.addEventListener("input", use);
    if (document.activeElement === box || box.value) use();  // used before this deferred script ran
  }

  /* A formula wider than its paragraph (MathML does not break lines) scrolls in a box of its own,
     instead of the whole page sideways on a phone or at 400% zoom; printing opens a long author
     list, which a reader would otherwise print folded */
  function wideFormulas() {
    var fit = function () {
      document.querySelectorAll(".ds-abstract math, .ds-paper__title math").forEach(function (math) {
        var box = math.parentElement.classList.contains("ds-wide-math") ? math.parentElement : null;
        var room = (box ? box.parentElement : math.parentElement).clientWidth;
        // (a display formula, display="block", is as wide as its paragraph: its content overflows it)
        if (!box && Math.max(math.getBoundingClientRect().width, math.scrollWidth) > room) {
          box = document.createElement("span");
          box.className = "ds-wide-math";
          box.tabIndex = 0;  // a scrolling box is reached from the keyboard too,
          // and says what it is there: a bare focusable span was announced as nothing
          box.setAttribute("role", "region");
          math.parentElement.insertBefore(box, math);
          box.appendChild(math);
        }
      });
      /* each region's name its own: two were "Formula" (a title's and an abstract's), which a
         screen reader's list of landmarks could not tell apart (axe's landmark-unique) */
      var boxes = document.querySelectorAll(".ds-wide-math");
      boxes.forEach(function (box, i) {
        box.setAttribute("aria-label", boxes.length > 1 ? "Formula " + (i + 1) + " of " + boxes.length : "Formula");
      });
    };
    if (document.querySelector(".ds-abstract math, .ds-paper__title math")) {
      fit();
      window.addEventListener("resize", fit);
    }
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details.ds-paper__all-authors").forEach(function (d) { d.open = true; });
    });
  }

  /* The 404 page's search box, filled in with the words of the address asked for: a paper's slug
     less its hash ("sparse-attention-1a2b3c4d" → "sparse attention"), an arXiv id as it is. The
     words are only ever the box's value. */
  function notFoundSearch() {
    var box = document.querySelector(".ds-notfound__search input");
    if (!box || box.value) return;
    // (not "index.html", nor a listing's page number: topics/OLD-NAME/2/ searches "old name")
    var parts = location.pathname.split("/").filter(function (part) { return part && !/^(index|\d+)(\.html?)?$/i.test(part); });
    var last = parts.length ? parts[parts.length - 1].replace(/\.html?$/i, "") : "";
    try { last = decodeURIComponent(last); } catch (e) { /* a malformed escape: the words as they are */ }
    if (/^(papers|topics|digests|404)$/.test(last)) return;  // a folder of the site's: no words
    last = last.replace(/-[0-9a-f]{8}$/, "");
    box.value = /^\d{4}\.\d{4,5}(v\d+)?$/.test(last) ? last : last.replace(/[-_+]+/g, " ").trim();
  }

  schemeButton();
  searchOnUse();
  arrowKeys();
  sorting();
  citeButtons();
  wideFormulas();
  notFoundSearch();
})();
