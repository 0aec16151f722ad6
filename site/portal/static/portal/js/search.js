/* Site search in the browser: autocomplete for every search box, and click reports on the
   search page.  The page works fully without it (plain search fields, plain links).

   Autocomplete follows the WAI-ARIA combobox pattern: the field is a combobox controlling a
   listbox of suggestions from /api/search/suggest; ↓/↑ move through them, Enter searches the
   highlighted one, Escape closes the list, and a polite live region says how many there are.

   Click reports: a result link carries data-log (the search's log id) and data-pos (its
   position); opening it sends {log, url, pos} to the results' data-click-url with
   navigator.sendBeacon, so leaving the page is never delayed. */
(function () {
  "use strict";
  var DELAY_MS = 150;
  var MAX_CHARS = 40;

  function Combobox(input) {
    this.input = input;
    this.url = input.getAttribute("data-suggest");
    this.list = document.getElementById(input.id + "-list");
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.sequence = 0;
    this.lastQuery = null;
    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    input.parentNode.appendChild(this.status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    input.setAttribute("aria-haspopup", "listbox");

    var self = this;
    input.addEventListener("input", function () { self.schedule(); });
    input.addEventListener("keydown", function (event) { self.onKey(event); });
    input.addEventListener("blur", function () { window.setTimeout(function () { self.close(); }, 120); });
    // Keep the focus in the field while an option is clicked.
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest ? event.target.closest("[role=option]") : null;
      if (option) { self.choose(Number(option.getAttribute("data-index"))); }
    });
  }

  Combobox.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.fetch(); }, DELAY_MS);
  };

  Combobox.prototype.fetch = function () {
    var query = this.input.value.trim().slice(0, MAX_CHARS);
    if (!query) { this.lastQuery = ""; this.render([]); return; }
    if (query === this.lastQuery) { return; }
    this.lastQuery = query;
    var sequence = ++this.sequence;
    var self = this;
    window.fetch(this.url + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : { suggestions: [] };
    }).then(function (data) {
      if (sequence === self.sequence && document.activeElement === self.input) {
        self.render(Array.isArray(data.suggestions) ? data.suggestions : []);
      }
    }).catch(function () { /* offline or rate-limited: no suggestions */ });
  };

  Combobox.prototype.render = function (suggestions) {
    var list = this.list;
    var typed = this.input.value.trim();
    while (list.firstChild) { list.removeChild(list.firstChild); }
    this.items = suggestions.slice(0, 8);
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.items.forEach(function (text, index) {
      var option = document.createElement("li");
      option.id = list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      if (typed && text.indexOf(typed) === 0) {
        var mark = document.createElement("mark");
        mark.textContent = typed;
        option.appendChild(mark);
        option.appendChild(document.createTextNode(text.slice(typed.length)));
      } else {
        option.textContent = text;
      }
      list.appendChild(option);
    });
    if (this.items.length) {
      this.open();
      this.status.textContent = "有 " + this.items.length + " 条搜索建议，按上下方向键选择，按回车键搜索。";
    } else {
      this.close();
    }
  };

  Combobox.prototype.open = function () {
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
    Array.prototype.forEach.call(this.list.children, function (option) {
      option.setAttribute("aria-selected", "false");
    });
  };

  Combobox.prototype.isOpen = function () { return !this.list.hidden && this.items.length > 0; };

  Combobox.prototype.highlight = function (index) {
    var options = this.list.children;
    this.active = index;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    if (index >= 0 && options[index]) {
      this.input.setAttribute("aria-activedescendant", options[index].id);
      if (options[index].scrollIntoView) { options[index].scrollIntoView({ block: "nearest" }); }
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Combobox.prototype.choose = function (index) {
    var text = this.items[index];
    if (text === undefined) { return; }
    this.input.value = text;
    this.lastQuery = text;
    this.close();
    var form = this.input.form;
    if (form) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  };

  Combobox.prototype.onKey = function (event) {
    var count = this.items.length;
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        if (!count) { return; }
        event.preventDefault();
        if (!this.isOpen()) { this.open(); this.highlight(0); return; }
        this.highlight(this.active + 1 >= count ? 0 : this.active + 1);
        break;
      case "ArrowUp":
      case "Up":
        if (!count) { return; }
        event.preventDefault();
        if (!this.isOpen()) { this.open(); this.highlight(count - 1); return; }
        this.highlight(this.active <= 0 ? count - 1 : this.active - 1);
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        } else {
          this.close();
        }
        break;
      case "Escape":
      case "Esc":
        if (this.isOpen()) {
          event.preventDefault(); // keep the text (a search field would clear it)
          this.close();
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  function reportClicks(container) {
    var endpoint = container.getAttribute("data-click-url");
    var sent = {};
    function report(event) {
      var link = event.target.closest ? event.target.closest("a[data-log][data-pos]") : null;
      if (!link || !container.contains(link)) { return; }
      var log = link.getAttribute("data-log");
      var url = link.getAttribute("href");
      if (!log || !url || sent[url]) { return; }
      sent[url] = true;
      var body = new URLSearchParams({ log: log, url: url, pos: link.getAttribute("data-pos") });
      if (navigator.sendBeacon) {
        navigator.sendBeacon(endpoint, body);
      } else if (window.fetch) {
        window.fetch(endpoint, { method: "POST", body: body, keepalive: true, credentials: "same-origin" });
      }
    }
    container.addEventListener("click", report);
    container.addEventListener("auxclick", report); // middle click: opened in a new tab
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), function (input) {
      if (input.id && document.getElementById(input.id + "-list")) { new Combobox(input); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-search-results][data-log]"), function (container) {
      if (container.getAttribute("data-log")) { reportClicks(container); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
