// Small behaviours shared by every page. htmx does the rest.
document.addEventListener("htmx:responseError", function (evt) {
  var box = document.getElementById("htmx-error");
  if (!box) {
    box = document.createElement("div");
    box.id = "htmx-error";
    box.className = "messages msg-error";
    document.querySelector("main").prepend(box);
  }
  box.textContent = evt.detail.xhr.status === 404
    ? "Không tìm thấy hoặc bạn không có quyền truy cập."
    : "Có lỗi khi tải dữ liệu. Hãy thử lại.";
});

// A select marked data-autosubmit submits its form when changed (no inline handlers: the CSP forbids them).
document.addEventListener("change", function (evt) {
  var field = evt.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});

// Assignments: a button marked data-pick-all="<box id>" ticks every check box inside that box (all members).
document.addEventListener("click", function (evt) {
  var button = evt.target.closest ? evt.target.closest("[data-pick-all]") : null;
  if (!button) { return; }
  var box = document.getElementById(button.getAttribute("data-pick-all"));
  if (!box) { return; }
  box.querySelectorAll("input[type=checkbox]").forEach(function (input) { input.checked = true; });
});

// Large text (chữ lớn): a button marked data-large-text switches the whole page to larger type, kept on this device.
(function () {
  var KEY = "dangbo-large-text";
  var root = document.documentElement;
  function show(on) {
    root.classList.toggle("large-text", on);
    document.querySelectorAll("[data-large-text]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  show(window.localStorage && localStorage.getItem(KEY) === "1");
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest ? evt.target.closest("[data-large-text]") : null;
    if (!button) { return; }
    var on = !root.classList.contains("large-text");
    if (window.localStorage) { localStorage.setItem(KEY, on ? "1" : "0"); }
    show(on);
  });
})();

// The installable web app: the service worker named on <body data-service-worker>; signing out (a form marked
// data-clear-offline) empties what it kept of the documents opened.
if ("serviceWorker" in navigator && document.body.dataset.serviceWorker) {
  navigator.serviceWorker.register(document.body.dataset.serviceWorker, { scope: "/" }).catch(function () {});
  document.addEventListener("submit", function (evt) {
    if (evt.target.matches("[data-clear-offline]") && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("clear");
    }
  });
}
