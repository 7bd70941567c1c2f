/* story-tools: the Tell-a-story page (tell/). Reads the form, writes the story
   file and checks it as the person types, with the rules of `story-tools
   check` (story-rules.js, fed by the data the build put in the page), shows a
   preview, and hands the file to GitHub's new-file page:

     https://github.com/OWNER/REPO/new/BRANCH?filename=stories/<id>.md&value=<the file>

   GitHub fills in both boxes; someone without write access is offered a fork
   and a pull request. An address longer than the page's limit (some browsers
   and proxies refuse long ones), or a site without a GitHub repo_url, gets
   "Copy the file" and "Download the file" instead. Nothing leaves the page
   while the file has a problem. Text goes into the page with textContent only. */
(function () {
  "use strict";
  var root = document.querySelector("[data-st-tell]");
  var dataNode = document.getElementById("st-tell-data");
  if (!root || !dataNode || !window.StoryRules) return;
  var data = JSON.parse(dataNode.textContent);
  var R = window.StoryRules(data);
  var form = root.querySelector("form");
  var preview = root.querySelector(".st-tell__preview code");
  var pathNode = root.querySelector(".st-tell__path");
  var summary = root.querySelector(".st-tell__summary");
  var status = root.querySelector(".st-tell__status");
  var todo = root.querySelector(".st-tell__todo");
  var github = root.querySelector(".st-tell__github");
  var copyButton = root.querySelector(".st-tell__copy");
  var downloadButton = root.querySelector(".st-tell__download");
  var next = root.querySelector(".st-tell__next");
  var done = root.querySelector(".st-tell__done");
  var touched = {};
  var attempted = false;
  var current = null;

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* A string a file can hold: lone surrogates (never typed, sometimes pasted) become U+FFFD. */
  function wellFormed(text) {
    text = String(text || "");
    if (text.toWellFormed) return text.toWellFormed();
    return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  }

  /* A selector of an attribute's value, whatever characters the vocabulary's names hold. */
  function by(attribute, value) { return "[" + attribute + "=\"" + CSS.escape(value) + "\"]"; }

  function field(name) { return form.querySelector(by("name", name)); }

  function value(name) { return wellFormed(field(name).value); }

  function optional(name) {
    var text = value(name);
    return R.isBlank(text) ? "" : text;
  }

  function draft() {
    var terms = {};
    data.dimensions.forEach(function (dimension) {
      terms[dimension.name] = Array.prototype.map.call(
        form.querySelectorAll("input[type=checkbox]" + by("name", dimension.name) + ":checked"),
        function (box) { return box.value; });
    });
    return {
      title: value("title"), date: value("date"), summary: value("summary"), terms: terms,
      customer: optional("customer"), quote: optional("quote"),
      visibility: form.querySelector("input[name=visibility]:checked").value,
      parts: data.outline.map(function (_, index) { return value("part-" + index); })
    };
  }

  function pending() {
    var typed = {};
    form.querySelectorAll("input[data-find]").forEach(function (input) {
      typed[input.getAttribute("data-find")] = wellFormed(input.value);
    });
    return typed;
  }

  /* --- terms typed by name ---------------------------------------------------- */

  function tick(dimension, term, input) {
    var box = form.querySelector("input[type=checkbox]" + by("name", dimension.name) + by("value", term.slug));
    box.checked = true;
    if (input) input.value = "";
    form.querySelector(by("data-added", dimension.name)).textContent = "Added: " + term.label + ".";
    touched[dimension.name] = true;
    update();
  }

  function addTyped(name) {
    var dimension = R.dimension(name);
    var input = form.querySelector("input" + by("data-find", name));
    var typed = wellFormed(input.value);
    touched[name + "-find"] = true;
    if (R.isBlank(typed)) return;
    var term = R.findTerm(dimension, typed);
    if (term) tick(dimension, term, input);
    else update();
  }

  form.addEventListener("keydown", function (event) {
    var find = event.target.getAttribute && event.target.getAttribute("data-find");
    if (event.key === "Enter" && find) {
      event.preventDefault();
      addTyped(find);
    }
  });
  form.addEventListener("click", function (event) {
    var add = event.target.getAttribute && event.target.getAttribute("data-add");
    if (add) addTyped(add);
  });
  form.addEventListener("change", function (event) {
    var find = event.target.getAttribute && event.target.getAttribute("data-find");
    if (find) {  // a value picked from the list, or the field left
      var term = R.findTerm(R.dimension(find), wellFormed(event.target.value));
      if (term) tick(R.dimension(find), term, event.target);
      else touched[find + "-find"] = true;
    }
    if (event.target.name) touched[event.target.name] = true;
    update();
  });
  form.addEventListener("focusout", function (event) {
    if (event.target.name && !touched[event.target.name]) {
      touched[event.target.name] = true;
      update();
    }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  todo.addEventListener("click", function (event) {  // a problem in the list: to its field, focused
    var link = event.target.closest && event.target.closest("a");
    var target = link && document.getElementById(link.hash.slice(1));
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: "center" });
  });

  /* --- findings ------------------------------------------------------------- */

  function labelOf(name) {
    var dimension = R.dimension(name);
    if (dimension) return dimension.label;
    var match = /^part-(\d+)$/.exec(name);
    if (match) return data.outline[Number(match[1])][0];
    var known = data.fields.filter(function (f) { return f.name === name; })[0];
    return known ? known.label : "The file";
  }

  function controlOf(name) {
    if (R.dimension(name)) {
      var find = form.querySelector("input" + by("data-find", name));
      return find;
    }
    return document.getElementById("st-tell-" + name);
  }

  /* Findings by field: the fields' own, and those of the file's text, each on the field that wrote its line. */
  function findingsByField(d, file) {
    var byField = R.checkFields(d, pending());
    R.checkText(file).forEach(function (f) {
      var owner = f.line ? file.owners[f.line - 1] : null;
      var name = owner || "file";
      f = Object.assign({}, f, { content: true });
      if (/^part-/.test(name)) f.where = "Line " + (f.line - file.owners.indexOf(name)) + ", column " + f.column + ": ";
      (byField[name] = byField[name] || []).push(f);
    });
    return byField;
  }

  function suggestionButton(name, item) {
    var dimension = R.dimension(name);
    var found = dimension && item.rule === "unknown-term" ?
      R.unknownTerm(dimension, pending()[name] || "").match : null;
    var term = found ? dimension.terms.filter(function (t) { return t.slug === found; })[0] : null;
    if (!term) return null;
    var button = element("button", "md-button st-tell__use", "Use " + term.label);
    button.type = "button";
    button.addEventListener("click", function () {
      tick(dimension, term, form.querySelector("input" + by("data-find", name)));
      var box = form.querySelector("input[type=checkbox]" + by("name", name) + by("value", term.slug));
      box.focus();
    });
    return button;
  }

  function show(name, list) {
    var target = form.querySelector(by("data-problems", name));
    var control = controlOf(name);
    if (target) {
      target.replaceChildren();
      list.forEach(function (f) {
        var item = element("li", "st-tell__problem st-tell__problem--" + f.severity);
        item.appendChild(element("span", "st-tell__problem-text", (f.where || "") + f.message +
          (f.suggestion ? " " + f.suggestion : "")));
        var button = suggestionButton(name, f);
        if (button) item.appendChild(button);
        target.appendChild(item);
      });
    }
    if (control) {
      if (list.length) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
  }

  /* Content findings (personal data, HTML, links) show at once; a field's own
     only once it was left or typed into, or the person tried to go on. */
  function shown(name, list) {
    if (attempted || touched[name] || touched[name + "-find"]) return list;
    return list.filter(function (f) { return f.content; });
  }

  /* --- the file and where it goes ---------------------------------------------- */

  function address(file, path) {
    if (!data.new_file) return null;
    return data.new_file + "?filename=" + encodeURIComponent(path) + "&value=" + encodeURIComponent(file.text);
  }

  function update() {
    var d = draft();
    var file = R.fileText(d);
    var id = R.newId(d.title);
    var path = data.stories_dir + "/" + id + ".md";
    var byField = findingsByField(d, file);
    var names = ["title", "summary", "date", "customer"].concat(
      data.dimensions.map(function (x) { return x.name; }),
      data.outline.map(function (_, index) { return "part-" + index; }), ["quote", "file"]);
    var open = [];
    names.forEach(function (name) {
      var list = byField[name] || [];
      show(name, shown(name, list));
      list.forEach(function (f) { open.push([name, f]); });
    });
    preview.textContent = file.text;
    pathNode.textContent = path;
    var url = address(file, path);
    var mode = !url ? "no-repo" : url.length > data.max_address ? "too-long" : "github";
    current = { file: file, id: id, path: path, url: url, mode: mode, problems: open.length };
    todo.replaceChildren();
    if (open.length) {
      status.textContent = open.length === 1 ? "One thing to fix before the file can be made:" :
        open.length + " things to fix before the file can be made:";
      open.forEach(function (entry) {
        var item = element("li");
        var link = element("a", null, labelOf(entry[0]) + ": " + entry[1].message);
        var control = controlOf(entry[0]);
        link.href = "#" + (control ? control.id : "st-tell-result-title");
        item.appendChild(link);
        todo.appendChild(item);
      });
    } else {
      status.textContent = "The file is ready: it passes the archive's checks.";
    }
    github.hidden = mode !== "github";
    copyButton.hidden = downloadButton.hidden = mode === "github";
    if (mode === "github") {
      github.href = url;
      next.textContent = "GitHub opens with your file filled in: press Commit changes (or Propose changes), then " +
        "Create pull request. If you may not change the archive yourself, GitHub first offers to make your " +
        "own copy of it (a fork): accept, and the pull request goes to the archive all the same.";
    } else if (mode === "too-long") {
      next.replaceChildren(document.createTextNode(
        "This story is too long to hand to GitHub in one address: download the file, then drop it on "));
      var upload = element("a", null, "GitHub's upload page for the stories folder");
      upload.href = data.new_file.replace("/new/", "/upload/") + "/" + data.stories_dir;
      upload.target = "_blank";
      upload.rel = "noopener";
      next.appendChild(upload);
      next.appendChild(document.createTextNode(" and press Commit changes."));
    } else {
      next.textContent = "Copy or download the file and send it to the archive's curator, who adds it for you " +
        "(the file name is " + id + ".md).";
    }
    root.setAttribute("data-st-tell-mode", mode);
    root.setAttribute("data-st-tell-problems", String(open.length));
  }

  /* Going on with a problem left: show every problem and take the reader to the list. */
  function refuse(event) {
    if (!current || !current.problems) return false;
    if (event) event.preventDefault();
    attempted = true;
    update();
    done.textContent = "";
    summary.focus();
    return true;
  }

  github.addEventListener("click", function (event) {
    update();
    if (refuse(event)) return;
    github.href = current.url;
    done.textContent = "GitHub opened in a new tab. Once you have opened the pull request, you can close this page.";
  });

  copyButton.addEventListener("click", function () {
    update();
    if (refuse()) return;
    var text = current.file.text;
    function copied() { done.textContent = "Copied: the whole file is on the clipboard."; }
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents(preview);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      done.textContent = ok ? "Copied: the whole file is on the clipboard." :
        "Your browser did not let the page copy: the preview below is selected, press Ctrl+C (or Cmd+C).";
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(copied, fallback);
    } else {
      fallback();
    }
  });

  downloadButton.addEventListener("click", function () {
    update();
    if (refuse()) return;
    var blob = new Blob([current.file.text], { type: "text/markdown;charset=utf-8" });
    var link = element("a");
    link.href = URL.createObjectURL(blob);
    link.download = current.id + ".md";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    done.textContent = "Downloaded " + current.id + ".md.";
  });

  var timer = null;
  form.addEventListener("input", function (event) {
    var find = event.target.getAttribute && event.target.getAttribute("data-find");
    if (find && (event.inputType === "insertReplacementText" || !event.inputType)) {
      var term = R.findTerm(R.dimension(find), wellFormed(event.target.value));  // picked from the suggestions
      if (term) { tick(R.dimension(find), term, event.target); return; }
    }
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });

  form.hidden = false;
  update();
  document.documentElement.setAttribute("data-st-tell-ready", "");
})();
