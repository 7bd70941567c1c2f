/* story-tools: the browse page (stories/). Faceted filtering of every story,
   loading only what it shows: the page comes with the newest cards and the
   facet counts; the first filter fetches a table of every story's terms
   (browse/data/facets.json and .bin), from which the counts and the order are exact,
   and then the records of the cards it shows, a few small files at a time.
   Words in the filter fetch the titles and summaries (text.json) once.

   The form is server-rendered and `hidden`; this script shows it. Without
   JavaScript the page is the first page of the list, with links to the
   others (browse/2/, ...). The state lives in the address
   (history.replaceState), so a filtered page can be shared; the rules are in
   story-query.js. Text goes into the page with textContent only. */
(function () {
  "use strict";
  var Q = window.StoryQuery;
  var form = document.querySelector("form.st-browse");
  var list = document.querySelector(".st-cards[data-filterable]");
  var status = document.querySelector(".st-filter-status");
  if (!Q || !form || !list || !status) return;

  var search = form.querySelector("input[name=q]");
  var sort = form.querySelector("select[name=sort]");
  var briefLink = form.querySelector("a.st-browse__brief");
  var panel = form.querySelector("details.st-browse__facets");
  var picked = form.querySelector(".st-browse__picked");
  var staticCount = document.querySelector(".st-count");
  var pages = document.querySelector(".st-pages");
  var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-dimension]"));
  var order = fieldsets.map(function (fieldset) { return fieldset.getAttribute("data-dimension"); });
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var labels = {};
  var countOf = {};
  fieldsets.forEach(function (fieldset) {
    var name = fieldset.getAttribute("data-dimension");
    var terms = {};
    fieldset.querySelectorAll(".st-facet__value").forEach(function (value) {
      var box = value.querySelector("input");
      terms[box.value] = value.querySelector(".st-facet__label").textContent;
      countOf[name + "/" + box.value] = value;
    });
    labels[name] = { label: fieldset.querySelector("legend").textContent.trim(), terms: terms };
  });

  var data = Q.store(new URL(list.getAttribute("data-data"), window.location.href));
  var root = list.getAttribute("data-root");
  var total = Number(list.getAttribute("data-count")) || 0;
  /* Cards by their place in the Browse order; the page's own are the first ones. */
  var cards = {};
  Array.prototype.slice.call(list.children).forEach(function (card, index) { cards[index] = card; });
  var CHIPS = ["touchpoint", "principle", "outcome"];
  /* At most PAGE cards are shown at once; "Show more" adds PAGE more. */
  var PAGE = Number(list.getAttribute("data-page")) || 100;
  var limit = PAGE;
  var last = null;
  var latest = 0;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "st-browse__more md-button";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);
  var orphans = {};  /* picks from the address that have no checkbox (no story has them) */

  var element = Q.element;

  /* A card as story-card.html renders it, from the story's record and its terms (from the table). */
  function card(record, terms, urls) {
    var item = element("li", "st-card");
    Object.keys(terms).forEach(function (name) { item.setAttribute("data-" + name, terms[name].join(" ")); });
    var title = element("a", "st-card__title", record.title);
    title.setAttribute("href", root + record.url);
    item.appendChild(title);
    if (record.visibility === "internal") {
      var badge = element("span", "st-badge", "Internal");
      badge.title = "For colleagues only: do not show to customers or prospects";
      item.appendChild(badge);
    }
    var meta = element("p", "st-card__meta");
    var time = element("time", null, record.date);
    time.setAttribute("datetime", record.date);
    meta.appendChild(time);
    if (record.customer) meta.appendChild(document.createTextNode(" \u00b7 " + record.customer));
    item.appendChild(meta);
    item.appendChild(element("p", "st-card__summary", record.summary));
    var chips = element("ul", "st-chips");
    CHIPS.forEach(function (name) {
      (record[name] || []).forEach(function (slug) {
        var chip = element("a", "st-chip st-chip--" + name, (labels[name] && labels[name].terms[slug]) || slug);
        chip.setAttribute("href", root + (urls[name + "/" + slug] || ""));
        chip.setAttribute("data-term", slug);
        var li = element("li");
        li.appendChild(chip);
        chips.appendChild(li);
      });
    });
    item.appendChild(chips);
    return item;
  }

  function cardAt(index, table) {
    if (cards[index]) return Promise.resolve(cards[index]);
    return data.record(index).then(function (record) {
      return cards[index] || (cards[index] = card(record, Q.termsOf(table, index), table.urls));
    });
  }

  function readForm() {
    var state = { picked: {}, q: search.value, sort: sort.value === "date" ? "date" : "relevance", n: null };
    boxes.forEach(function (box) {
      if (box.checked) (state.picked[box.name] = state.picked[box.name] || []).push(box.value);
    });
    Object.keys(orphans).forEach(function (name) {
      state.picked[name] = (state.picked[name] || []).concat(orphans[name]);
    });
    return state;
  }

  function writeForm(state) {
    orphans = {};
    boxes.forEach(function (box) {
      box.checked = (state.picked[box.name] || []).indexOf(box.value) !== -1;
    });
    Object.keys(state.picked).forEach(function (name) {
      state.picked[name].forEach(function (slug) {
        if (!countOf[name + "/" + slug]) (orphans[name] = orphans[name] || []).push(slug);
      });
    });
    search.value = state.q;
    sort.value = state.sort;
  }

  function showCards(shown, matched) {
    document.documentElement.classList.remove("st-filtered");
    var same = shown.length === list.children.length && shown.every(function (item, at) {
      return list.children[at] === item;
    });
    if (!same) list.replaceChildren.apply(list, shown);
    var left = matched - shown.length;
    more.hidden = left <= 0;
    more.textContent = "Show " + Math.min(left, PAGE) + " more of the " + left + " not shown";
  }

  function showCounts(counts) {
    Object.keys(countOf).forEach(function (key) {
      var value = countOf[key];
      var slash = key.indexOf("/");
      var n = (counts[key.slice(0, slash)] || {})[key.slice(slash + 1)] || 0;
      var count = value.querySelector(".st-facet__count");
      if (count.textContent !== String(n)) count.textContent = String(n);
      value.classList.toggle("st-facet__value--none", n === 0 && !value.querySelector("input").checked);
    });
  }

  function showStatus(state, shown) {
    status.textContent = "";
    var words = shown + (shown === 1 ? " story" : " stories");
    if (!Q.isFiltered(state)) {
      status.textContent = "All " + words + ", newest first" + showing(shown) + ". ";
    } else {
      var how = state.sort === "date" ? "newest first" : "best match first";
      status.textContent = words + " " + Q.describe(state, labels, order) + ", " + how + showing(shown) + ". ";
      var all = document.createElement("a");
      all.href = window.location.pathname;
      all.textContent = "Show all stories";
      status.appendChild(all);
    }
    status.hidden = false;
    var count = boxes.filter(function (box) { return box.checked; }).length;
    if (picked) picked.textContent = count ? " (" + count + " picked)" : "";
  }

  function showing(shown) {
    return shown > limit ? " (the first " + limit + " shown)" : "";
  }

  function remember(state) {
    var query = Q.serialize(state, order);
    if (briefLink) briefLink.href = briefLink.getAttribute("data-base") + query;
    history.replaceState(history.state, "", window.location.pathname + query + window.location.hash);
  }

  /* data-st-browse on <html>: "busy" while a filter is being shown, then "ready" (tests and benches wait for it). */
  function ready() {
    document.documentElement.setAttribute("data-st-browse", "ready");
  }

  /* Show `state`: its counts and order from the table, then its first `limit` cards. */
  function apply(state, keepLimit) {
    var ticket = ++latest;
    var started = performance.now();
    if (!keepLimit) limit = PAGE;
    last = state;
    document.documentElement.setAttribute("data-st-browse", "busy");
    remember(state);
    return data.ready(state).then(function (table) {
      if (ticket !== latest) return null;
      var result = Q.evaluate(table, state);
      var wanted = result.matches.slice(0, limit);
      showCounts(result.counts);
      showStatus(state, result.matches.length);
      /* Cards go in as their records arrive, in order: the first ones show before the last file comes. */
      var got = new Array(wanted.length);
      var upto = 0;
      var cardsIn = wanted.map(function (match, at) {
        return cardAt(match.index, table).then(function (made) {
          got[at] = made;
          if (ticket !== latest) return;
          var next = upto;
          while (next < got.length && got[next]) next += 1;
          if (next > upto) {
            upto = next;
            showCards(got.slice(0, upto), result.matches.length);
            if (!performance.getEntriesByName("st-browse-shown").length) {
              performance.mark("st-browse-shown");  /* the first filtered cards: for bench/browse_bench.py */
            }
          }
        });
      });
      return Promise.all(cardsIn).then(function () {
        if (ticket !== latest) return;
        showCards(got, result.matches.length);
        form.setAttribute("data-st-took", String(Math.round(performance.now() - started)));
        ready();
      });
    }).catch(function (error) {
      if (ticket !== latest) return;
      document.documentElement.classList.remove("st-filtered");
      status.textContent = "The stories could not be loaded (" + error.message + "). ";
      var all = element("a", null, "Show the plain list");
      all.href = window.location.pathname;
      status.appendChild(all);
      status.hidden = false;
      ready();
    });
  }

  form.addEventListener("change", function () { apply(readForm()); });
  more.addEventListener("click", function () {
    limit += PAGE;
    apply(last, true);
  });
  search.addEventListener("input", function () { apply(readForm()); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(readForm()); });
  window.addEventListener("popstate", function () {
    writeForm(Q.parse(window.location.search));
    apply(readForm());
  });

  writeForm(Q.parse(window.location.search));
  var first = readForm();
  if (Q.isFiltered(first)) {
    apply(first);
  } else {
    /* The page already shows what an unfiltered visit wants: the newest cards and every count.
       The table is fetched when the browser is idle, so that the first filter is quick. */
    last = first;
    showStatus(first, total);
    more.hidden = total <= PAGE;
    more.textContent = "Show " + Math.min(total - PAGE, PAGE) + " more of the " + (total - PAGE) + " not shown";
    (window.requestIdleCallback || setTimeout)(function () { data.table().catch(function () {}); });
    ready();
  }
  if (pages) pages.hidden = true;
  if (staticCount) staticCount.hidden = true;
  if (panel && window.matchMedia("(max-width: 44.9375em)").matches) panel.open = false;
  form.hidden = false;
  performance.mark("st-browse-ready");  /* for bench/browse_bench.py */
})();
