/* story-tools: the rules of `story-tools check` that apply to a story told on
   the Tell-a-story page, and the file it makes, run in the browser.

   Every regular expression, message, hint, limit and list comes from Python
   (story_tools/derived/tellpage.py puts them in the page); this file is the
   algorithm around them, written after the Python it names:

   - writing the file: storyfile.py (slugify, unique_id, yaml_quoted, SafeYAMLHandler, Draft.text);
   - the fields: validate.py (missing, empty, unknown terms with suggest.closest,
     which is difflib.get_close_matches), values.py (dates);
   - the text of the file (textchecks.py): personal data and hostile Markdown
     are in story-scan.js, which must be loaded first.

   Python counts strings in code points and JavaScript in UTF-16 units: offsets
   here are units, columns are converted to code points as Python counts them.
   tests/test_tell.py runs these functions in Chromium on tables of inputs and
   compares each result with Python's. */
(function () {
  "use strict";

  function StoryRules(data) {
    var P = data.patterns;
    var W = data.wording;
    var cache = {};

    /* The exported pattern `name` as a RegExp; `extra` adds flags (g, y, d). */
    function rx(name, extra) {
      var key = name + "/" + (extra || "");
      if (!cache[key]) cache[key] = new RegExp(P[name].source, P[name].flags + (extra || ""));
      var re = cache[key];
      re.lastIndex = 0;
      return re;
    }

    function fill(template, values) {
      return template.replace(/\{(\w+)(:,)?\}/g, function (whole, name, comma) {
        if (!Object.prototype.hasOwnProperty.call(values, name)) return whole;
        var value = values[name];
        return comma ? Number(value).toLocaleString("en-US") : String(value);
      });
    }

    /* --- strings as Python sees them ------------------------------------- */

    function codePoints(text) { return Array.from(text); }

    /* The unit offset `count` code points after (or before, when negative) `offset`. */
    function moveBy(text, offset, count) {
      var i = offset;
      if (count >= 0) {
        for (var n = 0; n < count && i < text.length; n++) {
          var c = text.charCodeAt(i);
          i += (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) ? 2 : 1;
        }
        return i;
      }
      for (var m = 0; m > count && i > 0; m--) {
        var d = text.charCodeAt(i - 1);
        i -= (d >= 0xdc00 && d <= 0xdfff && i >= 2) ? 2 : 1;
      }
      return i;
    }

    var SPACE_RUN = null;
    /* str.strip(): Python's whitespace at both ends. */
    function strip(text) {
      if (!SPACE_RUN) {
        var space = P.space.source;
        SPACE_RUN = new RegExp("^" + space + "+|" + space + "+$", "gu");
      }
      return text.replace(SPACE_RUN, "");
    }

    function isBlank(text) { return strip(text || "") === ""; }

    /* str.split() without arguments. */
    function splitWords(text) {
      var stripped = strip(text);
      return stripped ? stripped.split(new RegExp(P.space.source + "+", "u")) : [];
    }

    function isAlnum(char) {
      var re = rx("alnum", "y");
      return re.test(char);
    }

    function isDigit(char) { return /^\p{Nd}$/u.test(char); }

    /* re.finditer(pattern, text, pos, endpos): matches as [start, end, match] in units. */
    function finditer(name, text, pos, endpos) {
      var end = endpos === undefined ? text.length : Math.min(endpos, text.length);
      var re = rx(name, "gd");
      re.lastIndex = Math.max(0, pos || 0);
      return Array.from(text.slice(0, end).matchAll(re));
    }

    function matchAt(name, text, pos, endpos) {
      var end = endpos === undefined ? text.length : Math.min(endpos, text.length);
      var re = rx(name, "yd");
      re.lastIndex = pos;
      return re.exec(text.slice(0, end));
    }

    /* (line, column) of a unit offset: lines from `firstLine`, columns in code points from 1. */
    function Where(text, firstLine) {
      var starts = null;
      return function (offset) {
        if (starts === null) {
          starts = [0];
          for (var i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
        }
        var lo = 0, hi = starts.length - 1;
        while (lo < hi) {
          var mid = (lo + hi + 1) >> 1;
          if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return [firstLine + lo, codePoints(text.slice(starts[lo], offset)).length + 1];
      };
    }

    function finding(line, column, rule, message, suggestion, severity) {
      return { line: line, column: column, rule: rule, severity: severity || "error",
        message: message, suggestion: suggestion || "" };
    }

    function compare(a, b) {
      return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
        (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
    }

    /* sort_findings: no duplicates, in reading order. */
    function sorted(findings) {
      var seen = {};
      return findings.filter(function (f) {
        var key = [f.line, f.column, f.rule, f.severity, f.message, f.suggestion].join("\u0000");
        if (seen[key]) return false;
        seen[key] = true;
        return true;
      }).sort(compare);
    }

    /* --- writing the file (storyfile.py) ----------------------------------- */

    function slugify(title) {
      var bare = title.normalize("NFKD").replace(/\p{Mn}/gu, "");
      var slug = bare.toLowerCase().replace(rx("not_slug", "g"), "-").replace(/^-+|-+$/g, "");
      if (slug.length > data.limits.slug_chars) {
        var cut = slug.slice(0, data.limits.slug_chars + 1);
        var last = cut.lastIndexOf("-");
        slug = last >= 0 ? cut.slice(0, last) : cut;
      }
      return slug;
    }

    var taken = {};
    data.taken.forEach(function (key) { taken[key] = true; });

    function newId(title) {
      var base = slugify(title) || data.fallback_id;
      var candidate = base;
      for (var number = 2; taken[candidate.normalize("NFKC").toLowerCase()]; number++) {
        candidate = base + "-" + number;
      }
      return candidate;
    }

    function yamlQuoted(text) {
      return JSON.stringify(text).replace(rx("yaml_unsafe", "g"), function (char) {
        return "\\u" + ("000" + char.codePointAt(0).toString(16)).slice(-4);
      });
    }

    /* SafeYAMLHandler's rule: a plain slug YAML cannot misread as it is, anything else quoted. */
    function yamlScalar(text) {
      return rx("yaml_plain").test(text) && data.yaml_words.indexOf(text) < 0 ? text : yamlQuoted(text);
    }

    /* The date as the file holds it: YYYY-MM-DD when it is a real date, else as typed (quoted). */
    function dateValue(text) {
      var parsed = readDate(text);
      return parsed && !parsed.error ? parsed.iso : (isBlank(text) ? "" : yamlQuoted(text));
    }

    /* The file (Draft.text) and, for each of its lines, which field wrote it.
       draft: {title, date, summary, terms: {dimension: [slug]}, customer, quote, visibility, parts: [text]}. */
    function fileText(draft) {
      var lines = ["---"];
      var owners = [null];
      function add(line, owner) { lines.push(line); owners.push(owner); }
      add("title: " + yamlScalar(draft.title), "title");
      var date = dateValue(draft.date);
      add("date:" + (date ? " " + date : ""), "date");
      add("summary: " + yamlScalar(draft.summary), "summary");
      data.dimensions.forEach(function (dimension) {
        var slugs = draft.terms[dimension.name] || [];
        if (slugs.length) add(dimension.name + ": [" + slugs.map(yamlScalar).join(", ") + "]", dimension.name);
      });
      if (draft.customer) add("customer: " + yamlScalar(draft.customer), "customer");
      if (draft.quote) add("quote: " + yamlScalar(draft.quote), "quote");
      add("visibility: " + yamlScalar(draft.visibility), "visibility");
      var frontMatter = lines.slice(1).join("\n") + "\n";
      add("---", null);
      // The body, as split_source reads it, starts on the line after the closing '---'.
      var bodyLine = lines.length + 1;
      add("", null);
      var sections = data.outline.map(function (part, index) {
        var told = draft.parts[index] || "";
        told = isBlank(told) ? "<!-- " + part[1] + " -->" : told.replace(/^\n+|\n+$/g, "");
        var text = "## " + part[0] + "\n\n" + told + "\n";
        text.split("\n").forEach(function (_, row) { owners.push(row >= 2 ? "part-" + index : null); });
        return text;
      });
      // python-frontmatter trims the file's ends and storyfile adds one line end.
      var body = ("\n" + sections.join("\n")).replace(/\s+$/, "") + "\n";
      return { text: lines.join("\n") + body, body: body, bodyLine: bodyLine, frontMatter: frontMatter,
        owners: owners };
    }

    /* --- did you mean (suggest.closest: difflib.get_close_matches, n=1, cutoff=0.6) --- */

    function matchingSize(a, b) {
      var b2j = {};
      b.forEach(function (char, j) { (b2j[char] = b2j[char] || []).push(j); });
      if (b.length >= 200) {  // difflib's autojunk: popular elements are not indexed
        var limit = Math.floor(b.length / 100) + 1;
        Object.keys(b2j).forEach(function (char) { if (b2j[char].length > limit) delete b2j[char]; });
      }
      function longest(alo, ahi, blo, bhi) {
        var besti = alo, bestj = blo, bestsize = 0, j2len = {};
        for (var i = alo; i < ahi; i++) {
          var next = {};
          var js = Object.prototype.hasOwnProperty.call(b2j, a[i]) ? b2j[a[i]] : [];
          for (var n = 0; n < js.length; n++) {
            var j = js[n];
            if (j < blo) continue;
            if (j >= bhi) break;
            var k = next[j] = (j2len[j - 1] || 0) + 1;
            if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
          }
          j2len = next;
        }
        while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
        while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
          bestsize++;
        }
        return [besti, bestj, bestsize];
      }
      var total = 0;
      var queue = [[0, a.length, 0, b.length]];
      while (queue.length) {
        var q = queue.pop();
        var m = longest(q[0], q[1], q[2], q[3]);
        if (m[2]) {
          total += m[2];
          if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
          if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]);
        }
      }
      return total;
    }

    function closeMatch(word, possibilities) {
      var b = codePoints(word);
      var best = null;
      possibilities.forEach(function (x) {
        var a = codePoints(x);
        var length = a.length + b.length;
        if (!length) return;
        if (2 * Math.min(a.length, b.length) / length < 0.6) return;
        var counts = {};
        b.forEach(function (c) { counts[c] = (counts[c] || 0) + 1; });
        var common = 0;
        a.forEach(function (c) { if (counts[c] > 0) { counts[c]--; common++; } });
        if (2 * common / length < 0.6) return;
        var ratio = 2 * matchingSize(a, b) / length;
        if (ratio < 0.6) return;
        if (!best || ratio > best[0] || (ratio === best[0] && x > best[1])) best = [ratio, x];
      });
      return best ? best[1] : null;
    }

    function closest(word, candidates) {
      var byFolded = {};
      var order = [];
      candidates.forEach(function (c) {
        var key = c.toLowerCase();
        if (!Object.prototype.hasOwnProperty.call(byFolded, key)) order.push(key);
        byFolded[key] = c;
      });
      var folded = strip(word).toLowerCase().split(" ").join("-").split("_").join("-");
      if (Object.prototype.hasOwnProperty.call(byFolded, folded)) return byFolded[folded];
      var match = closeMatch(folded, order);
      return match === null ? null : byFolded[match];
    }

    /* --- the fields (validate.py, values.py, cli/new.py's term lookup) --------- */

    function dimensionNamed(name) {
      return data.dimensions.filter(function (d) { return d.name === name; })[0];
    }

    /* The term a typed word names: a slug or alias, as typed or folded, or a label. */
    function findTerm(dimension, value) {
      var folded = strip(value).toLowerCase().split(" ").join("-").split("_").join("-");
      var label = strip(value).toLowerCase();
      var found = null;
      [value, folded].forEach(function (name) {
        dimension.terms.forEach(function (term) {
          if (!found && (term.slug === name || term.aliases.indexOf(name) >= 0)) found = term;
        });
      });
      dimension.terms.forEach(function (term) {
        if (!found && term.label.toLowerCase() === label) found = term;
      });
      return found;
    }

    /* The unknown-term finding of a typed word, with its did-you-mean (validate._unknown_term). */
    function unknownTerm(dimension, value) {
      var labels = {};
      var names = [];
      dimension.terms.forEach(function (term) { names.push(term.slug); names = names.concat(term.aliases); });
      dimension.terms.forEach(function (term) { labels[term.label] = term.slug; names.push(term.label); });
      var match = closest(value, names);
      if (match !== null && Object.prototype.hasOwnProperty.call(labels, match)) match = labels[match];
      var words = W.fields.unknown_term;
      var hint = match ? fill(W.fields.did_you_mean, { match: match }) : fill(words[1], {
        shown: dimension.terms.slice(0, 12).map(function (t) { return t.slug; }).join(", "),
        more: dimension.terms.length > 12 ? ", ..." : "", where: data.vocabulary_path });
      return { finding: finding(0, 0, "unknown-term", fill(words[0], { name: dimension.name, value: strip(value) }), hint),
        match: match };
    }

    function digitValue(char) {
      var code = char.codePointAt(0);
      var start = code;
      while (/^\p{Nd}$/u.test(String.fromCodePoint(start - 1))) start--;
      return (code - start) % 10;
    }

    function number(digits) {
      return codePoints(digits).reduce(function (total, char) { return total * 10 + digitValue(char); }, 0);
    }

    /* ValueReader.date: {iso} for a real date, {error: finding} otherwise, null when blank. */
    function readDate(text) {
      if (isBlank(text)) return null;
      var m = matchAt("date", strip(text), 0);
      var values = W.values;
      if (!m) {
        return { error: finding(0, 0, "bad-date", fill(values.bad_date[0], { name: "date", text: text }), values.bad_date[1]) };
      }
      var year = number(m[1]), month = number(m[2]), day = number(m[3]);
      var calendar = data.wording.calendar;
      var problem = year < 1 ? calendar.year : (month < 1 || month > 12) ? calendar.month :
        (day < 1 || day > new Date(Date.UTC(2000, month, 0)).getUTCDate() ||
          (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))) ? calendar.day : null;
      if (problem) {
        return { error: finding(0, 0, "impossible-date",
          fill(values.impossible_date[0], { name: "date", text: text, error: problem }), values.impossible_date[1]) };
      }
      function pad(n, width) { return ("000" + n).slice(-width); }
      return { iso: pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) };
    }

    /* Findings of the form's fields, by field name: what `check` says of the file they make (its
       message; where its hint speaks of the file's syntax, the form's own). */
    function checkFields(draft, pending) {
      var found = {};
      function add(field, f) { (found[field] = found[field] || []).push(f); }
      var F = W.fields;
      ["title", "summary"].forEach(function (name) {
        if (isBlank(draft[name])) add(name, finding(0, 0, "empty-field", fill(F.empty[0], { name: name }), W.form["empty-field"]));
      });
      var summary = strip(draft.summary || "");
      var length = codePoints(summary).length;
      if (length > data.limits.summary_chars) {
        add("summary", finding(0, 0, "long-summary", fill(F.long_summary[0], { count: length }),
          fill(F.long_summary[1], { limit: data.limits.summary_chars }), "warning"));
      }
      if (isBlank(draft.date)) {
        add("date", finding(0, 0, "empty-field", fill(F.empty[0], { name: "date" }), W.form["empty-field"]));
      } else {
        var date = readDate(draft.date);
        if (date.error) add("date", date.error);
      }
      data.dimensions.forEach(function (dimension) {
        var typed = (pending || {})[dimension.name];
        if (typed && !isBlank(typed) && !findTerm(dimension, typed)) add(dimension.name, unknownTerm(dimension, typed).finding);
        if (dimension.required && !(draft.terms[dimension.name] || []).length) {
          add(dimension.name, finding(1, 1, "missing-field", fill(F.missing[0], { name: dimension.name }),
            W.form["missing-field"]));
        }
      });
      return found;
    }

    /* --- personal data and hostile Markdown: story-scan.js --------------------- */

    var scan = window.StoryScan(data, {
      rx: rx, fill: fill, finditer: finditer, matchAt: matchAt, Where: Where, codePoints: codePoints, moveBy: moveBy,
      isBlank: isBlank, splitWords: splitWords, isAlnum: isAlnum, isDigit: isDigit, finding: finding, sorted: sorted,
      compare: compare
    });
    var scanText = scan.scanText, scanBody = scan.scanBody;

    /* --- the whole file -------------------------------------------------------- */

    /* What check says of the text of the file (textchecks.check_text), and of its size. */
    function checkText(file) {
      var findings = [];
      var bytes = new TextEncoder().encode(file.text).length;
      if (bytes > data.limits.file_bytes) {
        return [finding(0, 0, "too-large", W.too_large[0], W.too_large[1])];
      }
      var chars = codePoints(file.frontMatter).length;
      if (chars > data.limits.front_matter_chars) {
        findings.push(finding(0, 0, "too-large", fill(W.front_matter_too_long[0],
          { count: chars, limit: data.limits.front_matter_chars }), W.front_matter_too_long[1]));
      }
      findings = findings.concat(scanText(file.frontMatter + "---\n" + file.body, 2));
      return findings.concat(scanBody(file.body, file.bodyLine));
    }

    return {
      fill: fill, strip: strip, isBlank: isBlank, slugify: slugify, newId: newId, yamlQuoted: yamlQuoted,
      fileText: fileText, closest: closest, findTerm: findTerm, unknownTerm: unknownTerm, readDate: readDate,
      checkFields: checkFields, scanText: scanText, scanBody: scanBody, maskCode: scan.maskCode, checkText: checkText,
      badScheme: scan.badScheme, unescapeHtml: scan.unescapeHtml, dimension: dimensionNamed, finditer: finditer
    };
  }

  window.StoryRules = StoryRules;
})();
