/* story-tools: the browse page (stories/). Faceted filtering of the cards the
   page already lists, so there is nothing to download: each card carries its
   terms as data-<dimension> attributes, its title, summary and date.

   The form is server-rendered and `hidden`; this script shows it. Without
   JavaScript the page is the plain list of every story. The state lives in
   the address (history.replaceState), so a filtered page can be shared; the
   rules are in story-query.js. Text goes into the page with textContent only. */
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

  var rest = document.querySelector(".st-cards--more");
  var cards = Array.prototype.slice.call(list.querySelectorAll(":scope > .st-card"));
  var firstCount = cards.length;
  if (rest) cards = cards.concat(Array.prototype.slice.call(rest.querySelectorAll(":scope > .st-card")));
  var items = cards.map(function (card, index) {
    var terms = {};
    for (var i = 0; i < card.attributes.length; i += 1) {
      var attribute = card.attributes[i];
      if (attribute.name.indexOf("data-") === 0 && attribute.value) {
        terms[attribute.name.slice(5)] = attribute.value.split(" ");
      }
    }
    var title = card.querySelector(".st-card__title");
    var summary = card.querySelector(".st-card__summary");
    return Q.prepare({
      index: index, card: card, shown: true, terms: terms,
      title: title ? title.textContent : "", summary: summary ? summary.textContent : ""
    });
  });
  var domOrder = items.slice(0, firstCount);  /* the cards of the first list, as they stand */
  /* At most PAGE cards are shown at once (a "Show more" button adds PAGE more):
     the browser then lays out a hundred cards, not ten thousand. The page comes
     with the first PAGE cards in the list and the others in .st-cards--more,
     which story-tools.css hides when JavaScript runs; the cards shown are
     moved to the front of the first list. */
  var PAGE = Number(list.getAttribute("data-page")) || 100;
  var limit = PAGE;
  var last = null;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "st-browse__more md-button";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);
  var orphans = {};  /* picks from the address that have no checkbox (no story has them) */

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

  function showCards(matches) {
    var wanted = matches.slice(0, limit).map(function (match) { return match.item; });
    var isShown = new Set(wanted);
    items.forEach(function (item) {
      var show = isShown.has(item);
      if (show !== item.shown) { item.card.hidden = !show; item.shown = show; }
    });
    /* The shown cards go first, in the order wanted (where hidden cards stand does not matter). */
    var same = wanted.every(function (item, at) { return domOrder[at] === item; });
    if (!same) {
      var fragment = document.createDocumentFragment();
      wanted.forEach(function (item) { fragment.appendChild(item.card); });
      list.insertBefore(fragment, list.firstChild);
      domOrder = wanted;
    }
    var left = matches.length - wanted.length;
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

  function apply(state, keepLimit) {
    var started = performance.now();
    if (!keepLimit) limit = PAGE;
    last = state;
    var result = Q.evaluate(items, state);
    showCards(result.matches);
    showCounts(result.counts);
    showStatus(state, result.matches.length);
    var query = Q.serialize(state, order);
    if (briefLink) briefLink.href = briefLink.getAttribute("data-base") + query;
    history.replaceState(history.state, "", window.location.pathname + query + window.location.hash);
    form.setAttribute("data-st-took", String(Math.round(performance.now() - started)));
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
  apply(readForm());
  if (staticCount) staticCount.hidden = true;
  if (panel && window.matchMedia("(max-width: 44.9375em)").matches) panel.open = false;
  form.hidden = false;
  document.documentElement.setAttribute("data-st-browse", "ready");
  performance.mark("st-browse-ready");  /* for bench/browse_bench.py */
})();
