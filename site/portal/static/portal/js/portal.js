/* Public theme behaviour: the 大字版 (large-font) toggle and the print button.
   Loaded in <head> without defer so the remembered font size applies before the first paint;
   the page works fully without it (the toggle and print buttons are then hidden). */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "gongkai-large-font";

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }

  root.classList.remove("no-js");
  root.classList.add("js");
  if (remembered()) { root.classList.add("large-font"); }

  function sync(buttons) {
    var on = root.classList.contains("large-font");
    buttons.forEach(function (button) {
      button.textContent = on ? "标准版" : "大字版";
      button.title = on ? "切换回标准字号" : "切换大字版（适老化）";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-font-toggle]"));
    sync(buttons);
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var on = !root.classList.contains("large-font");
        root.classList.toggle("large-font", on);
        remember(on);
        sync(buttons);
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
}());
