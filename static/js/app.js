// Progressive enhancement for what htmx itself does not do: tab keys, copy buttons, FAQ anchors.
// Every page works without this file; it only makes things smoother.
document.documentElement.classList.add("js");

(function () {
  "use strict";

  // Tabs, the WAI-ARIA way: only the selected tab is in the Tab order; arrows, Home and End move
  // between tabs and open the one they reach (its link, fetched by htmx). htmx gives focus back to
  // the tab of the same id in the swapped-in list.
  function setupTabs(root) {
    root.querySelectorAll('[role="tab"]').forEach(function (tab) {
      tab.tabIndex = tab.getAttribute("aria-selected") === "true" ? 0 : -1;
    });
  }

  var KEYS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

  document.addEventListener("keydown", function (event) {
    var tab = event.target.closest && event.target.closest('[role="tab"]');
    if (!tab) return;
    var tabs = Array.prototype.slice.call(tab.closest('[role="tablist"]').querySelectorAll('[role="tab"]'));
    var index = tabs.indexOf(tab);
    var next;
    if (event.key in KEYS) next = tabs[(index + KEYS[event.key] + tabs.length) % tabs.length];
    else if (event.key === "Home") next = tabs[0];
    else if (event.key === "End") next = tabs[tabs.length - 1];
    else if (event.key === " ") next = tab;
    else return;
    event.preventDefault();
    next.focus();
    next.click();
  });

  // Copy buttons: data-copy holds the text; the status next to the button says what happened.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var status = button.parentElement.querySelector('[role="status"]');
    function say(text) {
      if (!status) return;
      status.textContent = text;
      clearTimeout(status._timer);
      status._timer = setTimeout(function () { status.textContent = ""; }, 4000);
    }
    copyText(button.getAttribute("data-copy")).then(
      function () { say("Скопировано"); },
      function () { say("Не получилось скопировать: выделите текст и скопируйте вручную"); }
    );
  });

  // A link to a FAQ answer (#faq-...) opens it.
  function openLinkedAnswer() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openLinkedAnswer);

  function onLoad(root) { setupTabs(root); }
  if (window.htmx) htmx.onLoad(onLoad);
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.htmx) onLoad(document);
    openLinkedAnswer();
  });
})();
