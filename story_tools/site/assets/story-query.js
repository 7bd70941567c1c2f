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

   Data (browse/data/, written by story_tools/derived/browsedata.py): the terms
   (facets.json) and, per term, the set of its stories as bits in the Browse
   order (facets.bin), the records in chunks (r-<n>.json) and the titles and
   summaries (text.json, fetched only for a text filter). store() fetches each
   file once; the pages fetch the records they show. */
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

  /* How many of the 32 bits of x are set. */
  function ones(x) {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }

  /* Story `index`'s terms, {dimension: [slug]} in the vocabulary's order, read from the table's bits. */
  function termsOf(table, index) {
    var terms = {};
    var word = index >>> 5;
    var bit = 1 << (index & 31);
    table.keys.forEach(function (key, term) {
      if (table.bits[term * table.words + word] & bit) (terms[key[0]] = terms[key[0]] || []).push(key[1]);
    });
    return terms;
  }

  /* The matches in order ({index, score}: the story's place in the Browse order) and every term's count.
     Each term's stories are a bit set (facets.bin): a dimension's picks are the OR of theirs, the
     filter the AND of the dimensions' (and of the stories with every typed word), a count the bits
     of a term's set that the filter leaves (its own dimension's picks not applied). */
  function evaluate(table, state) {
    var W = table.words;
    var bits = table.bits;
    var dims = Object.keys(state.picked).filter(function (name) { return state.picked[name].length; });
    var query = words(state.q);
    var base = new Uint32Array(W);
    var points = null;
    if (query.length) {
      points = new Int32Array(table.count);
      for (var i = 0; i < table.count; i += 1) {
        var score = 0;
        for (var w = 0; w < query.length; w += 1) {
          var inTitle = table.titles[i].indexOf(query[w]) !== -1;
          var inSummary = table.summaries[i].indexOf(query[w]) !== -1;
          if (!inTitle && !inSummary) { score = -1; break; }
          score += (inTitle ? 3 : 0) + (inSummary ? 1 : 0);
        }
        if (score >= 0) {
          points[i] = score;
          base[i >>> 5] |= 1 << (i & 31);
        }
      }
    } else {
      base.fill(0xffffffff);
      if (table.count % 32) base[W - 1] = (1 << (table.count % 32)) - 1;
    }
    /* A picked slug no story has (or a dimension the archive does not know) matches nothing. */
    var picks = dims.map(function (name) {
      return state.picked[name].map(function (slug) { return table.number[name + "/" + slug]; })
        .filter(function (term) { return term !== undefined; });
    });
    var sets = picks.map(function (terms) {
      var set = new Uint32Array(W);
      terms.forEach(function (term) {
        for (var w = 0, at = term * W; w < W; w += 1, at += 1) set[w] |= bits[at];
      });
      return set;
    });
    function allBut(skip) {
      var set = base.slice();
      sets.forEach(function (other, d) {
        if (d !== skip) for (var w = 0; w < W; w += 1) set[w] &= other[w];
      });
      return set;
    }
    var matching = allBut(-1);
    var without = sets.map(function (_, d) { return allBut(d); });
    var counts = {};
    table.keys.forEach(function (key, term) {
      var d = dims.indexOf(key[0]);
      var set = d === -1 ? matching : without[d];
      var n = 0;
      for (var w = 0, at = term * W; w < W; w += 1, at += 1) n += ones(set[w] & bits[at]);
      if (n) (counts[key[0]] = counts[key[0]] || {})[key[1]] = n;
    });
    var matches = [];
    for (var w = 0; w < W; w += 1) {
      var left = matching[w];
      while (left) {
        var low = left & -left;
        var index = w * 32 + 31 - Math.clz32(low);
        left ^= low;
        var score = points ? points[index] : 0;
        for (var d = 0; d < picks.length; d += 1) {
          for (var p = 0; p < picks[d].length; p += 1) if (bits[picks[d][p] * W + w] & low) score += 2;
        }
        matches.push({ index: index, score: score });
      }
    }
    if (state.sort !== "date") {
      matches.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
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

  /* Little-endian 32-bit words (facets.bin) as numbers, on any byte order. */
  function wordsOf(buffer) {
    if (new Uint8Array(new Uint32Array([1]).buffer)[0] === 1) return new Uint32Array(buffer);
    var view = new DataView(buffer);
    var out = new Uint32Array(buffer.byteLength >>> 2);
    for (var i = 0; i < out.length; i += 1) out[i] = view.getUint32(4 * i, true);
    return out;
  }

  /* The data files below `base` (a URL), each fetched once. */
  function store(base) {
    var cache = {};
    var loaded = null;

    function load(name) {
      if (!cache[name]) {
        /* The page may have started fetching it already (window.stEarly, see content/index.html). */
        var early = window.stEarly && window.stEarly[name];
        if (early) window.stEarly[name] = null;
        cache[name] = (early || fetch(new URL(name, base))).then(function (response) {
          if (!response.ok) throw new Error(name + ": HTTP " + response.status);
          return /\.json$/.test(name) ? response.json() : response.arrayBuffer();
        });
        cache[name].catch(function () { delete cache[name]; });
      }
      return cache[name];
    }

    /* {count, chunk, words, bits, keys, number, urls}: the table evaluate() reads. keys: [dimension,
       slug] per term; number: "dimension/slug" -> term; urls: "dimension/slug" -> the term's page. */
    function table() {
      if (!loaded) {
        loaded = Promise.all([load("facets.json"), load("facets.bin")]).then(function (got) {
          var data = got[0];
          var bits = wordsOf(got[1]);
          if (bits.length !== data.words * data.terms.length) {
            throw new Error("facets.bin does not match facets.json: rebuild the site");
          }
          var keys = [];
          var number = {};
          var urls = {};
          data.terms.forEach(function (term, at) {
            var slash = term[0].indexOf("/");
            keys.push([term[0].slice(0, slash), term[0].slice(slash + 1)]);
            number[term[0]] = at;
            urls[term[0]] = term[1];
          });
          return { count: data.count, chunk: data.chunk, words: data.words, bits: bits, keys: keys,
                   number: number, urls: urls, titles: null, summaries: null };
        });
        loaded.catch(function () { loaded = null; });
      }
      return loaded;
    }

    /* The table, with the titles and summaries (folded) when `state` filters by words. */
    function ready(state) {
      return table().then(function (data) {
        if (!state.q.trim() || data.titles) return data;
        return load("text.json").then(function (texts) {
          data.titles = texts.map(function (text) { return fold(text[0]); });
          data.summaries = texts.map(function (text) { return fold(text[1]); });
          return data;
        });
      });
    }

    /* The record (as in stories.json) of the story at `index` in the Browse order. */
    function record(index) {
      return table().then(function (data) {
        return load("r-" + Math.floor(index / data.chunk) + ".json").then(function (chunk) {
          return chunk[index % data.chunk];
        });
      });
    }

    return { table: table, ready: ready, record: record };
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
    serialize: serialize,
    termsOf: termsOf
  };
})();
