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
