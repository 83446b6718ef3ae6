// Admission pages: the search box above a long select (the sponsors, picked among the grassroots organization's
// full members) hides the options whose text does not contain what was typed, accents ignored ("tuan" finds
// "Tuấn"). When exactly one option is left it is chosen. Without JavaScript the plain select still works.
(function () {
  "use strict";
  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }
  document.addEventListener("input", function (evt) {
    var box = evt.target;
    if (!box.matches || !box.matches("input[data-filter-select]")) return;
    var select = document.getElementById(box.getAttribute("data-filter-select"));
    if (!select) return;
    var wanted = fold(box.value);
    var shown = [];
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      var match = !wanted || fold(option.textContent).indexOf(wanted) !== -1;
      option.hidden = !match;
      if (match) shown.push(option);
    });
    if (wanted && shown.length === 1) {
      select.value = shown[0].value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
})();
