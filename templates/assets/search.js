// Search over this site's index (search-index.js, built with the site). No framework and
// nothing from another host; works from file:// because the index is a script, not fetched.
(function () {
  "use strict";
  var entries = window.assureSearch || [];
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!input || !status || !list) return;
  status.textContent = "Type at least two characters.";

  function normalise(text) {
    return text.toLowerCase().replace(/\s+/g, " ").trim();
  }

  // Lower-cased once, on first search, so opening the page stays cheap.
  var prepared = null;
  function prepare() {
    prepared = entries.map(function (entry) {
      return {
        entry: entry,
        id: entry.i.toLowerCase(),
        title: entry.t.toLowerCase(),
        criteria: " " + entry.c.toLowerCase() + " ",
        text: (entry.s + " " + entry.b).toLowerCase()
      };
    });
  }

  // Every word must appear somewhere; the ID, then the title, then criteria rank first.
  function score(item, query, words) {
    var total = 0;
    for (var n = 0; n < words.length; n++) {
      var word = words[n];
      if (item.id === word) total += 100;
      else if (item.id.indexOf(word) === 0) total += 40;
      else if (item.title.indexOf(word) >= 0) total += 20;
      else if (item.criteria.indexOf(" " + word + " ") >= 0) total += 15;
      else if (item.criteria.indexOf(word) >= 0) total += 8;
      else if (item.text.indexOf(word) >= 0) total += 1;
      else return 0;
    }
    if (words.length > 1 && (item.title.indexOf(query) >= 0 || item.text.indexOf(query) >= 0)) total += 30;
    return total;
  }

  // A short passage around the first word found in the text, or the summary.
  function excerpt(entry, words) {
    var text = entry.b || entry.s;
    var lower = text.toLowerCase();
    for (var n = 0; n < words.length; n++) {
      var at = lower.indexOf(words[n]);
      if (at >= 0) {
        var start = Math.max(0, at - 60);
        return (start > 0 ? "…" : "") + text.slice(start, at + 140) + (at + 140 < text.length ? "…" : "");
      }
    }
    return entry.s;
  }

  function show(query) {
    query = normalise(query);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (query.length < 2) {
      status.textContent = "Type at least two characters.";
      return;
    }
    if (!prepared) prepare();
    var words = query.replace(/^"|"$/g, "").split(" ");
    var found = [];
    for (var n = 0; n < prepared.length; n++) {
      var value = score(prepared[n], query.replace(/"/g, ""), words);
      if (value > 0) found.push({ entry: prepared[n].entry, score: value });
    }
    found.sort(function (a, b) {
      return b.score - a.score || (a.entry.i < b.entry.i ? -1 : a.entry.i > b.entry.i ? 1 : 0);
    });
    status.textContent = found.length === 0 ? "No results." : found.length === 1 ? "1 result." : found.length + " results.";
    found.slice(0, 50).forEach(function (result) {
      var entry = result.entry;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.u;
      link.textContent = entry.i === entry.t ? entry.t : entry.i + " " + entry.t;
      var kind = document.createElement("span");
      kind.className = "badge";
      kind.textContent = entry.k;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(kind);
      var passage = excerpt(entry, words);
      if (passage) {
        var text = document.createElement("p");
        text.className = "muted search-excerpt";
        text.textContent = passage;
        item.appendChild(text);
      }
      list.appendChild(item);
    });
    if (found.length > 50) {
      var more = document.createElement("li");
      more.className = "muted";
      more.textContent = "The first 50 are shown; add a word to narrow the search.";
      list.appendChild(more);
    }
  }

  input.addEventListener("input", function () {
    show(input.value);
  });
  // search.html?q=… opens with a query, from a link or a bookmark.
  var match = /[?&]q=([^&]*)/.exec(window.location.search);
  if (match) {
    try {
      input.value = decodeURIComponent(match[1].replace(/\+/g, " "));
    } catch (error) {
      input.value = "";
    }
    show(input.value);
  }
})();
