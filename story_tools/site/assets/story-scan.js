/* story-tools: the text rules of `story-tools check` in the browser, for the
   Tell-a-story page: personal data (checks/privacy.py, scan_text) and hostile
   Markdown (checks/unsafe.py, scan_body; reading/mdlinks.py, mask_code; the
   parts of html.unescape a dangerous address can hide behind).

   story-rules.js calls StoryScan(data, helpers) with the page's data (the
   checkers' patterns, words and lists, from derived/tellpage.py) and its
   string helpers, which count as Python does. Offsets are UTF-16 units;
   columns are code points. tests/test_tell_rules.py compares every finding
   with Python's. */
(function () {
  "use strict";

  window.StoryScan = function (data, h) {
    var rx = h.rx, fill = h.fill, finditer = h.finditer, matchAt = h.matchAt, Where = h.Where, codePoints =
      h.codePoints, moveBy = h.moveBy, isBlank = h.isBlank, splitWords = h.splitWords, isAlnum = h.isAlnum, isDigit =
      h.isDigit, finding = h.finding, sorted = h.sorted, compare = h.compare;
    var W = data.wording, P = data.patterns;

    /* --- personal data (checks/privacy.py) ------------------------------------ */

    var PW = W.privacy;
    var allowed = {};
    data.privacy.allow.forEach(function (entry) { allowed[entry] = true; });

    function luhnOk(digits) {
      var total = 0;
      codePoints(digits).reverse().forEach(function (ch, i) {
        var d = ch.charCodeAt(0) - 48;
        if (i % 2) d = d > 4 ? d * 2 - 9 : d * 2;
        total += d;
      });
      return total % 10 === 0;
    }

    function ibanOk(iban) {
      var compact = iban.split(" ").join("").toUpperCase();
      if (compact.length < 15 || compact.length > 34 || !/^[A-Z0-9]+$/.test(compact)) return false;
      var moved = compact.slice(4) + compact.slice(0, 4);
      var rest = 0;
      for (var i = 0; i < moved.length; i++) {
        var value = parseInt(moved[i], 36).toString();
        for (var k = 0; k < value.length; k++) rest = (rest * 10 + (value.charCodeAt(k) - 48)) % 97;
      }
      return rest === 1;
    }

    function domainAllowed(domain) {
      if (data.privacy.safe.tlds.some(function (tld) { return domain.slice(-tld.length) === tld; })) return true;
      return data.privacy.safe.domains.concat(data.privacy.allow).some(function (a) {
        return domain === a || domain.slice(-(a.length + 1)) === "." + a;
      });
    }

    function fictional(digits) {
      var n = digits.length;
      if ((n === 7 || n === 10 || n === 11) && digits.slice(n - 7, n - 2) === "55501" && (n !== 11 || digits[0] === "1")) {
        return true;
      }
      var national = digits.slice(0, 2) === "44" ? "0" + digits.slice(2) : digits;
      return data.privacy.safe.fiction_uk.some(function (entry) {
        return national.slice(0, entry[0].length) === entry[0] && national.length === entry[0].length + entry[1];
      });
    }

    function digitsOf(value) { return codePoints(value).filter(isDigit).join(""); }

    function classify(value) {
      var digits = digitsOf(value);
      if (digits.length < 7) return null;
      var marked = value.charAt(0) === "+" || value.indexOf("(") >= 0;
      if (!marked && digits.length >= 13 && digits.length <= 19 && value.indexOf(".") < 0 && luhnOk(digits)) {
        return "personal-card";
      }
      if (digits.length > 15 || fictional(digits)) return null;
      if (marked) return "personal-phone";
      var groups = value.split(rx("group_separator", "g"));
      var separators = {};
      codePoints(value).forEach(function (ch) { if (!isDigit(ch)) separators[ch] = true; });
      if (Object.keys(separators).length !== 1 || rx("date_start", "g").test(value)) return null;
      if (groups.length < 2 || groups.length > 6 || groups.some(function (g) { return g.length < 2; })) return null;
      if (groups.every(function (g) { return g.length === 4 && (g.slice(0, 2) === "19" || g.slice(0, 2) === "20"); })) {
        return null;
      }
      if (groups[0].length <= 3 && groups.slice(1).every(function (g) { return g.length === 3; })) return null;
      return "personal-phone";
    }

    function mask(value, keepStart, keepEnd) {
      var chars = codePoints(value);
      var positions = [];
      chars.forEach(function (ch, i) { if (isAlnum(ch)) positions.push(i); });
      var hidden = {};
      if (keepEnd) positions.slice(-keepEnd).forEach(function (i) { if (i >= keepStart) hidden[i] = true; });
      positions.forEach(function (i) { if (i >= keepStart && !hidden[i]) chars[i] = "\u2022"; });
      return chars.join("");
    }

    function PrivacyScanner(text, firstLine) {
      this.text = text;
      this.where = Where(text, firstLine);
      this.findings = [];
      this.suppressed = {};
    }

    PrivacyScanner.prototype.readSuppressions = function () {
      var text = this.text;
      var out = text;
      var self = this;
      finditer("suppress", text, 0).forEach(function (m) {
        var g = m.groups;
        var rules = (g.rules || g.yrules || "").split(",").join(" ");
        rules = splitWords(rules);
        var reason = (g.rules ? g.reason : g.yreason) || "";
        var at = self.where(m.index);
        if (isBlank(reason)) {
          self.findings.push(finding(at[0], at[1], "suppression-without-reason", PW.no_reason, PW.no_reason_hint));
          return;
        }
        var end = m.index + m[0].length;
        var lineStart = text.lastIndexOf("\n", m.index - 1) + 1;
        if (m.index === 0) lineStart = 0;
        var lineEnd = text.indexOf("\n", end);
        var rest = lineEnd >= 0 ? text.slice(end, lineEnd) : text.slice(end);
        var alone = isBlank(text.slice(lineStart, m.index) + rest);
        rules.forEach(function (rule) {
          self.suppressed[at[0] + " " + rule] = true;
          if (alone) self.suppressed[(at[0] + 1) + " " + rule] = true;
        });
        out = out.slice(0, m.index) + " ".repeat(m[0].length) + out.slice(end);
      });
      return out;
    };

    PrivacyScanner.prototype.add = function (rule, offset, masked) {
      var at = this.where(offset);
      if (this.suppressed[at[0] + " " + rule]) return;
      this.findings.push(finding(at[0], at[1], rule, fill(PW.found, { what: PW.what[rule], masked: masked }),
        fill(PW.how, { example: PW.examples[rule], rule: rule })));
    };

    function checkNumber(text, m, takenSpans, scanner) {
      var end = m.index + m[0].length;
      if (end < text.length) {
        var next = String.fromCodePoint(text.codePointAt(end));
        if (isAlnum(next) || next === "_" || next === "@") return;
        if (".,:/-".indexOf(next) >= 0 && end + 1 < text.length && isDigit(String.fromCodePoint(text.codePointAt(end + 1)))) {
          return;
        }
      }
      if (takenSpans.some(function (span) { return span[0] < end && m.index < span[1]; })) return;
      var rule = classify(m[0]);
      if (rule && !allowed[digitsOf(m[0])]) {
        var start = m[0].charAt(0) === "+" ? m[0].indexOf(" ") : 0;
        scanner.add(rule, m.index, mask(m[0], Math.max(start, 0), rule === "personal-card" ? 4 : 2));
      }
    }

    /* privacy.scan_text: every piece of personal data in `text`, which starts on line `firstLine`. */
    function scanText(text, firstLine) {
      var scanner = new PrivacyScanner(text, firstLine);
      if (text.indexOf("story-tools") >= 0) text = scanner.readSuppressions();
      if (text.indexOf("@") >= 0) {
        finditer("email", text, 0).forEach(function (m) {
          var at = m[0].indexOf("@");
          var domain = m[0].slice(m[0].lastIndexOf("@") + 1).toLowerCase();
          if (!domainAllowed(domain)) {
            scanner.add("personal-email", m.index, codePoints(m[0])[0] + "***@" + m[0].slice(at + 1));
          }
        });
      }
      var regions = finditer("gate", text, 0).map(function (m) { return [m.index, m.index + m[0].length]; });
      var takenSpans = [];
      regions.forEach(function (region) {
        var from = Math.max(moveBy(text, region[0], -45), takenSpans.length ? takenSpans[takenSpans.length - 1][1] : 0);
        finditer("iban", text, from, moveBy(text, region[1], 45)).forEach(function (m) {
          takenSpans.push([m.index, m.index + m[0].length]);
          if (ibanOk(m[0]) && !allowed[m[0].split(" ").join("")]) {
            scanner.add("personal-iban", m.index, mask(m[0], 2, 2));
          }
        });
      });
      regions.forEach(function (region) {
        finditer("number", text, region[0], region[1]).forEach(function (m) { checkNumber(text, m, takenSpans, scanner); });
      });
      if (data.privacy.deny.length) {
        var lowered = text.toLowerCase();
        data.privacy.deny.forEach(function (entry) {
          if (lowered.indexOf(entry[0]) < 0) return;
          var re = new RegExp(entry[1].source, entry[1].flags + "g");
          Array.from(text.matchAll(re)).forEach(function (m) {
            scanner.add("denied-name", m.index, splitWords(m[0]).map(function (w) { return codePoints(w)[0] + "***"; }).join(" "));
          });
        });
      }
      return sorted(scanner.findings);
    }

    /* --- hostile Markdown (checks/unsafe.py, reading/mdlinks.py) --------------- */

    var UW = W.unsafe;
    var H = data.html;
    var invalidCodepoints = {};
    H.invalid_codepoints.forEach(function (code) { invalidCodepoints[code] = true; });
    function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

    /* html.unescape, for the entities that can make or hide a dangerous scheme. */
    function unescapeHtml(text) {
      if (text.indexOf("&") < 0) return text;
      return text.replace(rx("charref", "g"), function (whole, ref) {
        if (ref.charAt(0) === "#") {
          var hex = ref.charAt(1) === "x" || ref.charAt(1) === "X";
          var digits = ref.slice(hex ? 2 : 1).replace(/;$/, "");
          var num = hex ? parseInt(digits, 16) : parseInt(digits, 10);
          if (has(H.invalid_charrefs, String(num))) return H.invalid_charrefs[String(num)];
          if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return "\ufffd";
          if (invalidCodepoints[num]) return "";
          return String.fromCodePoint(num);
        }
        if (has(H.entities, ref)) return H.entities[ref];
        for (var x = ref.length - 1; x > 1; x--) {
          if (has(H.entities, ref.slice(0, x))) return H.entities[ref.slice(0, x)] + ref.slice(x);
        }
        return "&" + ref;
      });
    }

    function badScheme(address) {
      var decoded = unescapeHtml(address.replace(rx("escaped", "g"), "$1")).replace(rx("blanks", "g"), "").toLowerCase();
      for (var i = 0; i < data.unsafe.schemes.length; i++) {
        if (decoded.slice(0, data.unsafe.schemes[i].length) === data.unsafe.schemes[i]) return data.unsafe.schemes[i];
      }
      return null;
    }

    function maskSpans(text) {
      var chars = text.split("");
      var i = 0, n = text.length;
      while (i < n) {
        var char = text[i];
        if (char === "\\") { i += 2; continue; }
        if (char !== "`") { i += 1; continue; }
        var j = i;
        while (j < n && text[j] === "`") j++;
        var close = -1;
        for (var p = j; p < n;) {
          if (text[p] !== "`") { p++; continue; }
          var q = p;
          while (q < n && text[q] === "`") q++;
          if (q - p === j - i) { close = q; break; }
          p = q;
        }
        if (close < 0) { i = j; continue; }
        for (var k = i; k < close; k++) if (chars[k] !== "\n") chars[k] = "\u0000";
        i = close;
      }
      return chars.join("");
    }

    function blank(text) { return text.replace(/[^\n]/g, "\u0000"); }

    function stripChars(text, chars) {
      var a = 0, b = text.length;
      while (a < b && chars.indexOf(text[a]) >= 0) a++;
      while (b > a && chars.indexOf(text[b - 1]) >= 0) b--;
      return text.slice(a, b);
    }

    /* mdlinks._paragraphs: [offset, text with code spans masked] of runs of text lines outside fences. */
    function paragraphs(body) {
      var out = [];
      var fence = null, start = null, offset = 0;
      var fenceOpen = new RegExp("^(?:" + P.fence_open.source + ")$", P.fence_open.flags);
      body.split("\n").forEach(function (line) {
        var end = offset + line.length;
        var isText = false;
        var opener;
        if (fence !== null) {
          var stripped = stripChars(line, " \t");
          if (stripped.slice(0, fence[1]) === fence[0].repeat(fence[1]) && !stripChars(stripped, fence[0])) fence = null;
        } else if ((opener = fenceOpen.exec(line))) {
          if (opener[1].charAt(0) === "~" || opener[2].indexOf("`") < 0) fence = [opener[1].charAt(0), opener[1].length];
          else isText = true;
        } else {
          isText = !isBlank(line);
        }
        if (isText && start === null) {
          start = offset;
        } else if (!isText && start !== null) {
          out.push([start, maskSpans(body.slice(start, offset - 1))]);
          start = null;
        }
        offset = end + 1;
      });
      if (start !== null) out.push([start, maskSpans(body.slice(start))]);
      return out;
    }

    function maskCode(body) {
      var parts = [];
      var done = 0;
      paragraphs(body).forEach(function (p) {
        parts.push(blank(body.slice(done, p[0])), p[1]);
        done = p[0] + p[1].length;
      });
      parts.push(blank(body.slice(done)));
      return parts.join("");
    }

    function unquote(text) {
      if (text.indexOf("%") < 0) return text;
      return text.replace(/[\x00-\x7f]+/g, function (run) {
        if (run.indexOf("%") < 0) return run;
        var bytes = [];
        for (var i = 0; i < run.length; i++) {
          if (run[i] === "%" && /^[0-9a-fA-F]{2}$/.test(run.slice(i + 1, i + 3))) {
            bytes.push(parseInt(run.slice(i + 1, i + 3), 16));
            i += 2;
          } else {
            bytes.push(run.charCodeAt(i));
          }
        }
        return new TextDecoder("utf-8").decode(new Uint8Array(bytes));
      });
    }

    /* posixpath.normpath of a relative path. */
    function normpath(path) {
      if (path === "") return ".";
      var initial = path.charAt(0) === "/" ? 1 : 0;
      var parts = [];
      path.split("/").forEach(function (comp) {
        if (comp === "" || comp === ".") return;
        if (comp !== ".." || (!initial && !parts.length) || (parts.length && parts[parts.length - 1] === "..")) {
          parts.push(comp);
        } else if (parts.length) {
          parts.pop();
        }
      });
      var result = (initial ? "/" : "") + parts.join("/");
      return result || ".";
    }

    function BodyScan(body, firstLine) {
      this.where = Where(body, firstLine);
      this.findings = [];
      this.seen = {};
    }

    BodyScan.prototype.add = function (offset, rule, message, suggestion) {
      if (this.seen[offset + " " + rule]) return;
      this.seen[offset + " " + rule] = true;
      var at = this.where(offset);
      this.findings.push(finding(at[0], at[1], rule, message, suggestion));
    };

    BodyScan.prototype.unsafeLink = function (offset, scheme) {
      this.add(offset, "unsafe-link", fill(UW.unsafe_link, { scheme: scheme, what: UW.scheme_what[scheme] }), UW.link_hint);
    };

    function checkAddress(written, offset, scan) {
      var address = written.charAt(0) === "<" ? written.slice(1, -1) : written;
      var scheme = badScheme(address);
      if (scheme) { scan.unsafeLink(offset, scheme); return; }
      var path = unquote(address.split("#")[0].split("?")[0]).split("\\").join("/");
      if (matchAt("scheme", address, 0) || path.charAt(0) === "/" || path.charAt(0) === "#" || path.indexOf("..") < 0) return;
      var target = normpath(path);
      if (target === ".." || target.slice(0, 3) === "../") {
        scan.add(offset, "link-outside-archive", fill(UW.outside, { address: address }), UW.link_hint);
      }
    }

    function scanHtml(text, scan) {
      finditer("autolink", text, 0).forEach(function (m) {
        var scheme = badScheme(m[1]);
        if (scheme) scan.unsafeLink(m.index, scheme);
      });
      var elements = {};
      data.unsafe.elements.forEach(function (name) { elements[name] = true; });
      var pos = 0;
      var tagStart = rx("tag_start", "gd");
      for (;;) {
        tagStart.lastIndex = pos;
        var tag = tagStart.exec(text);
        if (!tag) break;
        var tagEnd = tag.index + tag[0].length;
        var rest = matchAt("tag_rest", text, tagEnd, moveBy(text, tagEnd, data.limits.max_tag));
        pos = Math.max(rest ? rest.index + rest[0].length : tagEnd, tagEnd);
        var name = tag[2].toLowerCase();
        if (tag[1]) continue;
        if (elements[name]) {
          scan.add(tag.index, "raw-html", fill(UW.element, { name: name }), UW.run_code_hint);
          continue;
        }
        finditer("attribute", text.slice(tagEnd, pos), 0).forEach(function (a) {
          var offset = tagEnd + a.index;
          var attribute = a[1].toLowerCase();
          if (attribute.slice(0, 2) === "on") {
            scan.add(offset, "raw-html", fill(UW.event_attribute, { name: name, attribute: attribute }), UW.attribute_hint);
          } else if (a[2]) {
            var scheme = badScheme(stripChars(a[2], "\"'"));
            if (scheme) scan.unsafeLink(offset, scheme);
          }
        });
      }
    }

    /* unsafe.scan_body: hostile constructs in a body that starts on line `firstLine` (depth 0). */
    function scanBody(body, firstLine) {
      if (body.indexOf("<") < 0 && body.indexOf("](") < 0 && body.indexOf("]:") < 0) return [];
      var text = maskCode(body);
      var scan = new BodyScan(body, firstLine);
      if (text.indexOf("<") >= 0) scanHtml(text, scan);
      finditer("inline_dest", text, 0).forEach(function (m) { checkAddress(m[1], m.indices[1][0], scan); });
      if (text.indexOf("]:") >= 0) {
        finditer("reference", text, 0).forEach(function (m) { checkAddress(m[1], m.indices[1][0], scan); });
      }
      return scan.findings.sort(function (a, b) {
        return compare(a, b) || (a.suggestion < b.suggestion ? -1 : a.suggestion > b.suggestion ? 1 : 0);
      });
    }

    return { scanText: scanText, scanBody: scanBody, maskCode: maskCode, badScheme: badScheme, unescapeHtml: unescapeHtml };
  };
})();
