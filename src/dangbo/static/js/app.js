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
