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

  var cards = Array.prototype.slice.call(list.querySelectorAll(":scope > .st-card"));
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
  var domOrder = items.slice();
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
    var wanted = matches.map(function (match) { return match.item; });
    var isShown = new Set(wanted);
    items.forEach(function (item) {
      var show = isShown.has(item);
      if (show !== item.shown) { item.card.hidden = !show; item.shown = show; }
    });
    /* The shown cards in the order wanted, then the rest as the catalog has them. */
    var next = wanted.concat(items.filter(function (item) { return !item.shown; }));
    var same = next.every(function (item, at) { return domOrder[at] === item; });
    if (!same) {
      var fragment = document.createDocumentFragment();
      next.forEach(function (item) { fragment.appendChild(item.card); });
      list.appendChild(fragment);
      domOrder = next;
    }
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
      status.textContent = "All " + words + ", newest first.";
    } else {
      var how = state.sort === "date" ? "newest first" : "best match first";
      status.textContent = words + " " + Q.describe(state, labels, order) + ", " + how + ". ";
      var all = document.createElement("a");
      all.href = window.location.pathname;
      all.textContent = "Show all stories";
      status.appendChild(all);
    }
    status.hidden = false;
  }

  function apply(state) {
    var started = performance.now();
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
  search.addEventListener("input", function () { apply(readForm()); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(readForm()); });
  window.addEventListener("popstate", function () {
    writeForm(Q.parse(window.location.search));
    apply(readForm());
  });

  writeForm(Q.parse(window.location.search));
  apply(readForm());
  if (staticCount) staticCount.hidden = true;
  form.hidden = false;
  document.documentElement.setAttribute("data-st-browse", "ready");
})();
