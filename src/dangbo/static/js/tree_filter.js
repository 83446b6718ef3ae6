// Tree page: the filter box above a long list of subordinate organizations hides the rows whose name does
// not contain what was typed (without accents: "tai chinh" finds "Tài chính"). Delegated on the document,
// so lists loaded later by htmx filter too. No inline script: the page's Content-Security-Policy forbids it.
(function () {
  "use strict";
  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }
  document.addEventListener("input", function (evt) {
    var box = evt.target;
    if (!box.matches || !box.matches("input[data-tree-filter]")) return;
    var row = box.closest("li");
    var list = row && row.parentElement;
    if (!list) return;
    var wanted = fold(box.value);
    var shown = 0;
    Array.prototype.forEach.call(list.children, function (item) {
      if (item === row) return;
      var label = item.querySelector("a");
      var match = !wanted || (label && fold(label.textContent).indexOf(wanted) !== -1);
      item.hidden = !match;
      if (match) shown += 1;
    });
    var none = row.querySelector(".tree-filter-none");
    if (none) none.hidden = shown > 0;
  });
})();
