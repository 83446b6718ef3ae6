// Attendance page: keeps the "present n/N" count as marks change and, when someone is marked absent with a
// reason, moves the focus to the reason's select. The page works the same without this file.
(function () {
  "use strict";
  var form = document.getElementById("attendance-form");
  if (!form) return;
  var count = document.getElementById("att-count");
  var expected = parseInt(form.getAttribute("data-expected"), 10) || 0;
  function update() {
    var present = form.querySelectorAll("#att-expected input[type=radio][value=present]:checked").length;
    var optional = form.querySelectorAll("#att-optional input[type=checkbox]:checked").length;
    if (count) count.textContent = (count.getAttribute("data-label") || "Có mặt") + " " + (present + optional) + "/" + (expected + optional);
  }
  form.addEventListener("change", function (evt) {
    var field = evt.target;
    if (field.type === "radio" && field.value === "excused" && field.checked) {
      var select = document.getElementById("r-" + field.name.slice(2));
      if (select && !select.value) select.focus();
    }
    update();
  });
  update();
})();
