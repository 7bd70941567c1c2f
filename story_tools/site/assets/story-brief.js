/* story-tools: the call-prep brief (brief/?<the browse page's query>&n=5).
   Reads the table of every story's terms (browse/data/facets.json and .bin), applies
   the browse page's rules (story-query.js), fetches the records of the top
   stories only (r-<n>.json, and text.json when the filter has words) and
   shows them (3 unless ?n= says otherwise) on one printable page:
   title, summary, customer, industry and segment, outcome, metrics, the quote
   and the story's address written out for paper.

   A quote is "usable" (may be said to a prospect) when the catalog says so
   (quote_usable: a public story whose consent approves story and quote). An
   internal build also has other quotes: they are shown, marked "Internal
   only: do not quote". Text goes into the page with textContent only. */
(function () {
  "use strict";
  var Q = window.StoryQuery;
  var root = document.querySelector(".st-brief");
  var data = document.getElementById("st-vocabulary");
  if (!Q || !root || !data) return;

  var vocabulary = JSON.parse(data.textContent);
  var labels = {};
  var order = [];
  vocabulary.forEach(function (dimension) {
    var terms = {};
    dimension.terms.forEach(function (term) { terms[term.slug] = term.label; });
    labels[dimension.name] = { label: dimension.label, terms: terms };
    order.push(dimension.name);
  });
  var siteRoot = new URL(root.getAttribute("data-root"), window.location.href);
  var state = Q.parse(window.location.search);
  var count = state.n || Q.DEFAULT_BRIEF;
  var status = root.querySelector(".st-brief__status");
  var list = root.querySelector(".st-brief__stories");
  var back = root.querySelector("a.st-brief__back");
  var print = root.querySelector("button.st-brief__print");

  var element = Q.element;

  function termLabels(record, name) {
    return (record[name] || []).map(function (slug) {
      return (labels[name] && labels[name].terms[slug]) || slug;
    });
  }

  function fact(list, label, values) {
    if (!values.length) return;
    var item = element("div");
    item.appendChild(element("dt", null, label));
    item.appendChild(element("dd", null, values.join(", ")));
    list.appendChild(item);
  }

  function quote(record) {
    var block = element("blockquote", "st-brief__quote" + (record.quote_usable ? "" : " st-brief__quote--internal"));
    if (!record.quote_usable) {
      block.appendChild(element("p", "st-brief__quote-note", "Internal only: do not quote to customers or prospects"));
    }
    block.appendChild(element("p", "st-brief__quote-text", record.quote));
    if (record.customer) block.appendChild(element("footer", null, record.customer));
    return block;
  }

  function story(record) {
    var item = element("li", "st-brief__story");
    var address = new URL(record.url, siteRoot).href;
    var heading = element("h2", "st-brief__title");
    var link = element("a", null, record.title);
    link.href = address;
    heading.appendChild(link);
    if (record.visibility === "internal") heading.appendChild(element("span", "st-badge", "Internal"));
    item.appendChild(heading);
    item.appendChild(element("p", "st-brief__summary", record.summary));
    var facts = element("dl", "st-brief__facts");
    fact(facts, "Customer", record.customer ? [record.customer] : []);
    fact(facts, labels.industry ? labels.industry.label : "Industry", termLabels(record, "industry"));
    fact(facts, labels.segment ? labels.segment.label : "Segment", termLabels(record, "segment"));
    fact(facts, labels.outcome ? labels.outcome.label : "Outcome", termLabels(record, "outcome"));
    fact(facts, "Date", [record.date]);
    Object.keys(record.metrics || {}).forEach(function (name) { fact(facts, name, [String(record.metrics[name])]); });
    item.appendChild(facts);
    if (record.quote) item.appendChild(quote(record));
    item.appendChild(element("p", "st-brief__address", address));
    return item;
  }

  function show(records, matched) {
    var filter = Q.describe(state, labels, order);
    var how = state.sort === "date" ? "newest first" : "best match first";
    status.textContent = (filter ? "Stories " + filter + ": " : "All stories: ")
      + (matched ? "the top " + records.length + " of " + matched + ", " + how + "." : "none match.");
    list.textContent = "";
    records.forEach(function (record) { list.appendChild(story(record)); });
    root.setAttribute("data-st-brief", "ready");
    performance.mark("st-brief-ready");  /* for bench/browse_bench.py */
  }

  if (back) back.href = back.getAttribute("data-base") + Q.serialize({ picked: state.picked, q: state.q, sort: state.sort, n: null }, order);
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  var data = Q.store(new URL(root.getAttribute("data-data"), window.location.href));
  data.ready(state)
    .then(function (table) {
      var matches = Q.evaluate(table, state).matches;
      var top = matches.slice(0, count);
      return Promise.all(top.map(function (match) { return data.record(match.index); }))
        .then(function (records) { show(records, matches.length); });
    })
    .catch(function (error) {
      status.textContent = "The stories could not be loaded (" + error.message + "). Try the browse page instead.";
      root.setAttribute("data-st-brief", "failed");
    });
})();
