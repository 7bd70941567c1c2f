/* story-tools: show only the cards that match the address's query, such as
   stories/?principle=keep-them-informed&outcome=renewed (the links of the
   coverage page). AND across dimensions, OR within one (?outcome=a&outcome=b).
   Without JavaScript every story stays listed. Text goes in with textContent. */
(function () {
  "use strict";
  var list = document.querySelector(".st-cards[data-filterable]");
  var status = document.querySelector(".st-filter-status");
  if (!list || !status) return;
  var wanted = {};
  new URLSearchParams(window.location.search).forEach(function (value, name) {
    if (!/^[a-z0-9-]+$/.test(name)) return;
    (wanted[name] = wanted[name] || []).push(value);
  });
  var names = Object.keys(wanted);
  if (!names.length) return;
  var shown = 0;
  list.querySelectorAll(".st-card").forEach(function (card) {
    var match = names.every(function (name) {
      var have = (card.getAttribute("data-" + name) || "").split(" ");
      return wanted[name].some(function (value) { return have.indexOf(value) !== -1; });
    });
    card.hidden = !match;
    if (match) shown += 1;
  });
  var words = names.map(function (name) { return name + ": " + wanted[name].join(" or "); });
  status.textContent = shown + (shown === 1 ? " story" : " stories") + " with " + words.join(" and ") + ". ";
  var all = document.createElement("a");
  all.href = window.location.pathname;
  all.textContent = "Show all stories";
  status.appendChild(all);
  status.hidden = false;
})();
