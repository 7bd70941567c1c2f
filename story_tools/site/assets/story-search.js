/* story-tools search: answers the search box from the archive's sharded index
   (search/story/, written by story_tools/derived/searchindex.py).

   It fetches the small manifest, the shards of each typed word and the chunks
   of the documents it shows, never the whole index. Every word must match:
   as the word itself, as the start of a word (the last one, as it is being
   typed, and any other), as a word of the same English stem ("renewals" finds
   "renewed": Snowball's stemmer, story-stem.js, the same algorithm the index
   was stemmed with), or, for words of five letters or more, with one letter
   wrong, missing, extra or two swapped ("refnud"), ranked below the others.
   Results are ranked by where the words stand (title, terms, customer,
   summary, quote, body) and how rare they are, then newest first. Text goes
   in with textContent.
   Keys: "/", "s" or "f" open the search, Escape closes it, arrows move
   through the results, Enter opens the first. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-story-search]");
  var list = document.querySelector("[data-story-search-results]");
  var meta = document.querySelector("[data-story-search-meta]");
  var script = document.currentScript;
  if (!form || !list || !meta || !script) return;
  var input = form.elements.namedItem("query");
  var toggle = document.getElementById("__search");
  var base = new URL("../../search/story/", script.src);
  var PAGE = 10;
  var cache = {};
  var manifest = null;
  var shown = PAGE;
  var latest = 0;
  var stemmer = null;
  var stemmerLoad = null;
  var STEM = "~";  /* an indexed stem: "renew~" */
  var EXACT = 1, STEMMED = 0.9, PREFIX = 0.7, TYPO = 0.4;
  var TYPO_LETTERS = 5;
  var TYPO_SHARDS = 12;  /* at most this many more shards looked through for a word found no other way */

  function words(text) {
    var found = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .match(/[\p{L}\p{N}]{2,}/gu) || [];
    return found.filter(function (word, i) { return found.indexOf(word) === i; });
  }

  function load(name) {
    if (!cache[name]) {
      cache[name] = fetch(new URL(name, base)).then(function (response) {
        if (!response.ok) throw new Error(name + ": " + response.status);
        return response.json();
      });
      cache[name].catch(function () { delete cache[name]; });
    }
    return cache[name];
  }

  /* The key of the shard holding the words that start with `word`, or null. */
  function shardOf(word) {
    var chars = Array.from(word);
    var size = 2;
    while (manifest.split.has(chars.slice(0, size).join("")) && chars.length > size) size += 1;
    var key = chars.slice(0, size).join("");
    return Object.prototype.hasOwnProperty.call(manifest.shards, key) ? key : null;
  }

  /* One shard: the file that holds it (files hold several, see searchindex.py), then its part. */
  function shard(key) {
    return load("t-" + manifest.shards[key] + ".json").then(function (file) { return file[key]; });
  }

  /* The stemmer (77 kB) is fetched when the page is idle or the search opens, not with every
     page's first paint. Until it is there, words are found as typed. */
  function loadStemmer() {
    if (!stemmerLoad) {
      stemmerLoad = new Promise(function (resolve) {
        if (window.snowballFactory) return resolve();
        var tag = document.createElement("script");
        tag.src = new URL("story-stem.js", script.src).href;
        tag.onload = tag.onerror = function () { resolve(); };
        document.head.appendChild(tag);
      }).then(function () {
        if (window.snowballFactory) stemmer = window.snowballFactory.newStemmer("english");
      });
    }
    return stemmerLoad;
  }

  /* The stem of a word as the index has it (letters only, like searchindex.stem). */
  function stemOf(word) {
    return stemmer && /^\p{L}+$/u.test(word) ? stemmer.stem(word) : word;
  }

  /* Whether a and b differ by exactly one letter changed, added, dropped, or two neighbours swapped. */
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* The shard keys a word's matches can be in: its own, its stem's and its marked stem's. */
  function keysOf(word) {
    var stem = stemOf(word);
    var keys = [shardOf(word), shardOf(stem), shardOf(stem + STEM)];
    return keys.filter(function (key, i) { return key !== null && keys.indexOf(key) === i; });
  }

  /* Keys of shards that may hold a word one edit away from `word` (its first letters may be the wrong ones). */
  function typoKeys(word, seen) {
    var chars = Array.from(word);
    return Object.keys(manifest.shards).filter(function (key) {
      if (seen.indexOf(key) !== -1 || key.indexOf(STEM) !== -1) return false;
      var size = Array.from(key).length;
      return [size - 1, size, size + 1].some(function (n) {
        var start = chars.slice(0, n).join("");
        return start === key || oneEdit(key, start);
      });
    }).slice(0, TYPO_SHARDS);
  }

  function add(found, postings, factor) {
    var rarity = Math.log(1 + manifest.docs / (postings.length / 2));
    for (var i = 0, doc = 0; i < postings.length; i += 2) {
      doc += postings[i];
      var score = postings[i + 1] * rarity * factor;
      if (!(found.get(doc) >= score)) found.set(doc, score);
    }
  }

  /* doc number -> score for one typed word, from the shards fetched for it. */
  function scores(shards, word) {
    var found = new Map();
    var stem = stemOf(word);
    var typos = Array.from(word).length >= TYPO_LETTERS;
    shards.forEach(function (shard) {
      Object.keys(shard).forEach(function (indexed) {
        var factor = 0;
        if (indexed === stem + STEM || (indexed === stem && stem !== word)) factor = STEMMED;
        else if (indexed.indexOf(STEM) !== -1) return;
        else if (indexed.lastIndexOf(word, 0) === 0) factor = indexed === word ? EXACT : PREFIX;
        else if (typos && oneEdit(indexed, word)) factor = TYPO;
        if (factor) add(found, shard[indexed], factor);
      });
    });
    return found;
  }

  /* One typed word's scores: its own shards, then, when nothing matched and the word is long
     enough, the shards of nearby keys (a typo in its first letters). */
  function lookup(word) {
    var keys = keysOf(word);
    return Promise.all(keys.map(shard)).then(function (shards) {
      var found = scores(shards, word);
      if (found.size || Array.from(word).length < TYPO_LETTERS) return found;
      return Promise.all(typoKeys(word, keys).map(shard)).then(function (more) {
        return scores(more, word);
      });
    });
  }

  function rank(perWord) {
    perWord.sort(function (a, b) { return a.size - b.size; });
    var results = [];
    perWord[0].forEach(function (score, doc) {
      for (var i = 1; i < perWord.length; i += 1) {
        var more = perWord[i].get(doc);
        if (more === undefined) return;
        score += more;
      }
      results.push([doc, score]);
    });
    results.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return results;
  }

  function say(text) { meta.textContent = text; }

  function count(n) {
    if (n === 0) return form.dataset.none;
    return n === 1 ? form.dataset.one : form.dataset.other.replace("#", String(n));
  }

  function search() {
    var query = words(input.value);
    var ticket = ++latest;
    if (!query.length) {
      list.replaceChildren();
      say(form.dataset.placeholder);
      return Promise.resolve();
    }
    /* The words as typed are looked up at once; when the stemmer arrives, the search runs again with stems. */
    if (!stemmer) loadStemmer().then(function () { if (stemmer && ticket === latest) search(); });
    return load("manifest.json").then(function (data) {
      manifest = manifest || {
        docs: data.docs, chunk: data.chunk, shards: data.shards, split: new Set(data.split)
      };
      return Promise.all(query.map(lookup)).then(rank);
    }).then(function (results) {
      if (ticket === latest) return show(results, ticket);
    }).catch(function () {
      if (ticket === latest) say("Search is not available right now.");
    });
  }

  function show(results, ticket) {
    var page = results.slice(0, shown);
    var chunks = {};
    page.forEach(function (r) { chunks[Math.floor(r[0] / manifest.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (n) {
      return load("d-" + n + ".json").then(function (docs) { chunks[n] = docs; });
    })).then(function () {
      if (ticket !== latest) return;
      say(count(results.length));
      list.replaceChildren.apply(list, page.map(function (r) {
        return item(chunks[Math.floor(r[0] / manifest.chunk)][r[0] % manifest.chunk]);
      }));
      if (results.length > page.length) list.appendChild(more(results.length - page.length));
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function item(doc) {
    var li = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = new URL(doc[0], new URL("../../", base)).href;
    var article = element("article", "md-search-result__article md-typeset");
    article.appendChild(element("div", "md-search-result__icon md-icon"));
    article.appendChild(element("h1", "", doc[1]));
    if (doc[2]) article.appendChild(element("p", "", doc[2]));
    var kind = element("nav", "md-tags");
    kind.appendChild(element("span", "md-tag", doc[3]));
    article.appendChild(kind);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function more(left) {
    var li = element("li", "md-search-result__item st-search-more");
    var button = element("button", "md-button", "Show " + Math.min(left, PAGE) + " more");
    button.type = "button";
    button.addEventListener("click", function () {
      var first = shown;
      shown += PAGE;
      search().then(function () {
        var links = list.querySelectorAll("a");
        if (links[first]) links[first].focus();  /* the first of the new results */
      });
    });
    li.appendChild(button);
    return li;
  }

  var timer = 0;
  input.addEventListener("input", function () {
    shown = PAGE;
    clearTimeout(timer);
    timer = setTimeout(search, 60);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(search, 0);
  });
  /* The manifest (a few kB) is fetched once the page is idle, or when the
     search opens, so that a typed word costs one shard and a few chunks. */
  function prefetch() { load("manifest.json").catch(function () {}); loadStemmer(); }
  input.addEventListener("focus", prefetch);
  window.addEventListener("load", function () {
    (window.requestIdleCallback || setTimeout)(prefetch);
  });
  if (input.value) search();  /* typed (or restored by the browser) before this script ran */
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
    });
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    input.focus();
    input.select();
  }

  function typing(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var inSearch = form.contains(event.target) || list.contains(event.target);
    if (!inSearch) {
      if (!typing(event.target) && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
      }
      return;
    }
    var links = Array.prototype.slice.call(list.querySelectorAll("a, button"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      if (toggle) toggle.checked = false;
      input.blur();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links.length) return;
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      if (at === -1) links[step === 1 ? 0 : links.length - 1].focus();
      else if (at + step < 0) input.focus();
      else links[Math.min(at + step, links.length - 1)].focus();
    }
  });
})();
