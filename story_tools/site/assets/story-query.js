/* story-tools: the rules the browse page and the call-prep brief share, so a
   link shows the same stories in the same order on both.

   Address: ?industry=telecom&touchpoint=renewal&touchpoint=billing&q=late&sort=date&n=5
   - a dimension parameter picks a term slug; AND across dimensions, OR within one;
   - q: every word must occur in the title or the summary (case and accents ignored);
   - sort: "relevance" (the default, left out of the address) or "date" (newest first);
   - n: how many stories the brief shows (default 3, at most 20).

   Relevance: 3 points for each query word found in the title, 1 for each found
   in the summary, 2 for each picked term the story carries (a story with both
   of two picked outcomes ranks above one with only one). Ties, and everything
   when nothing is picked, go newest first, then by id (the catalog's order).

   Counts: a term's count is how many stories would match if it were picked in
   addition (the other dimensions' picks and the text filter applied, its own
   dimension's picks not), the usual faceted-search count.

   Data (browse/data/, written by story_tools/derived/browsedata.py): a table of
   every story's terms in the Browse order (facets.json), the records in chunks
   (r-<n>.json) and the titles and summaries (text.json, fetched only for a text
   filter). store() fetches each file once; the pages fetch the records they show. */
(function () {
  "use strict";

  var NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var DEFAULT_BRIEF = 3;
  var MOST_BRIEF = 20;

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[\s,;.!?"“”]+/).filter(Boolean);
  }

  /* The state an address holds: {picked: {dimension: [slug]}, q, sort, n}. */
  function parse(search) {
    var state = { picked: {}, q: "", sort: "relevance", n: null };
    new URLSearchParams(search).forEach(function (value, name) {
      if (name === "q") {
        state.q = value;
      } else if (name === "sort") {
        state.sort = value === "date" ? "date" : "relevance";
      } else if (name === "n") {
        var n = parseInt(value, 10);
        if (n > 0) state.n = Math.min(n, MOST_BRIEF);
      } else if (NAME.test(name) && value) {
        var list = state.picked[name] = state.picked[name] || [];
        if (list.indexOf(value) === -1) list.push(value);
      }
    });
    return state;
  }

  /* "?a=b&..." for a state ("" when there is nothing to say); dimensions in `order` first. */
  function serialize(state, order) {
    var params = new URLSearchParams();
    var names = (order || []).filter(function (name) { return state.picked[name]; });
    Object.keys(state.picked).forEach(function (name) {
      if (names.indexOf(name) === -1) names.push(name);
    });
    names.forEach(function (name) {
      state.picked[name].forEach(function (value) { params.append(name, value); });
    });
    if (state.q.trim()) params.set("q", state.q.trim());
    if (state.sort === "date") params.set("sort", "date");
    if (state.n) params.set("n", String(state.n));
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function isFiltered(state) {
    return Boolean(state.q.trim()) || Object.keys(state.picked).some(function (name) {
      return state.picked[name].length > 0;
    });
  }

  /* An item: {index, title, summary, terms: {dimension: [slug]}} in catalog order. */
  function prepare(item) {
    item.foldedTitle = fold(item.title);
    item.foldedSummary = fold(item.summary);
    return item;
  }

  function bump(counts, name, slugs) {
    var row = counts[name] = counts[name] || {};
    for (var i = 0; i < slugs.length; i += 1) row[slugs[i]] = (row[slugs[i]] || 0) + 1;
  }

  /* The matching items in order, and every term's count. */
  function evaluate(items, state) {
    var dims = Object.keys(state.picked).filter(function (name) { return state.picked[name].length; });
    var query = words(state.q);
    var counts = {};
    var matches = [];
    items.forEach(function (item) {
      var score = 0;
      for (var w = 0; w < query.length; w += 1) {
        var inTitle = item.foldedTitle.indexOf(query[w]) !== -1;
        var inSummary = item.foldedSummary.indexOf(query[w]) !== -1;
        if (!inTitle && !inSummary) return;
        score += (inTitle ? 3 : 0) + (inSummary ? 1 : 0);
      }
      var failed = null;
      var failures = 0;
      dims.forEach(function (name) {
        var have = item.terms[name] || [];
        var hits = state.picked[name].filter(function (slug) { return have.indexOf(slug) !== -1; }).length;
        if (!hits) { failures += 1; failed = name; }
        score += 2 * hits;
      });
      if (failures === 0) {
        matches.push({ item: item, score: score });
        Object.keys(item.terms).forEach(function (name) { bump(counts, name, item.terms[name]); });
      } else if (failures === 1) {
        bump(counts, failed, item.terms[failed] || []);
      }
    });
    if (state.sort !== "date") {
      matches.sort(function (a, b) { return b.score - a.score || a.item.index - b.item.index; });
    }
    return { matches: matches, counts: counts };
  }

  /* "with Industry: Telecom and Touchpoint: Renewal or Billing, matching “late”".
     `labels`: {dimension: {label, terms: {slug: label}}}; unknown names show as written. */
  function describe(state, labels, order) {
    var names = (order || []).concat(Object.keys(state.picked)).filter(function (name, at, all) {
      return all.indexOf(name) === at && state.picked[name] && state.picked[name].length;
    });
    var parts = names.map(function (name) {
      var known = labels[name] || { label: name, terms: {} };
      return known.label + ": " + state.picked[name].map(function (slug) {
        return known.terms[slug] || slug;
      }).join(" or ");
    });
    var text = parts.length ? "with " + parts.join(" and ") : "";
    if (state.q.trim()) text += (text ? ", " : "") + "matching \u201c" + state.q.trim() + "\u201d";
    return text;
  }

  /* A new element, its text set with textContent (never markup). */
  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* The data files below `base` (a URL), each fetched once. */
  function store(base) {
    var cache = {};
    var table = null;

    function load(name) {
      if (!cache[name]) {
        /* The page may have started fetching the table already (window.stFacets, see content/index.html). */
        var early = name === "facets.json" && window.stFacets;
        window.stFacets = null;
        cache[name] = (early || fetch(new URL(name, base))).then(function (response) {
          if (!response.ok) throw new Error(name + ": HTTP " + response.status);
          return response.json();
        });
        cache[name].catch(function () { delete cache[name]; });
      }
      return cache[name];
    }

    /* {items, urls, chunk}: one item per story in the Browse order (index, terms); urls: "dimension/slug" -> address. */
    function items() {
      if (!table) {
        table = load("facets.json").then(function (data) {
          var keys = data.terms.map(function (term) {
            var slash = term[0].indexOf("/");
            return [term[0].slice(0, slash), term[0].slice(slash + 1)];
          });
          var urls = {};
          data.terms.forEach(function (term) { urls[term[0]] = term[1]; });
          var list = data.stories.map(function (numbers, index) {
            var terms = {};
            numbers.forEach(function (number) {
              var key = keys[number];
              (terms[key[0]] = terms[key[0]] || []).push(key[1]);
            });
            return { index: index, terms: terms, title: "", summary: "", foldedTitle: "", foldedSummary: "" };
          });
          return { items: list, urls: urls, chunk: data.chunk };
        });
        table.catch(function () { table = null; });
      }
      return table;
    }

    /* The items, with their titles and summaries when `state` filters by words. */
    function ready(state) {
      return items().then(function (data) {
        if (!state.q.trim() || data.texts) return data;
        return load("text.json").then(function (texts) {
          data.items.forEach(function (item, at) {
            item.title = texts[at][0];
            item.summary = texts[at][1];
            prepare(item);
          });
          data.texts = true;
          return data;
        });
      });
    }

    /* The record (as in stories.json) of the story at `index` in the Browse order. */
    function record(index) {
      return items().then(function (data) {
        return load("r-" + Math.floor(index / data.chunk) + ".json").then(function (chunk) {
          return chunk[index % data.chunk];
        });
      });
    }

    return { items: items, ready: ready, record: record };
  }

  window.StoryQuery = {
    describe: describe,
    element: element,
    store: store,
    DEFAULT_BRIEF: DEFAULT_BRIEF,
    evaluate: evaluate,
    fold: fold,
    isFiltered: isFiltered,
    parse: parse,
    prepare: prepare,
    serialize: serialize
  };
})();
