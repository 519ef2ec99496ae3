// Notes: choosing a template fills the note with its headings, unless something was
// written beyond the template's text already (then it asks first).
document.querySelectorAll("select[data-note-template]").forEach(function (select) {
  var form = select.form;
  var text = form.querySelector("[data-note-text]");
  if (!text) return;
  var shown = select.selectedOptions[0] ? select.selectedOptions[0].dataset.body : "";
  select.addEventListener("change", function () {
    var body = select.selectedOptions[0].dataset.body || "";
    var current = text.value.trim();
    if (current && current !== (shown || "").trim() && !window.confirm(select.dataset.confirm || "Replace the text?")) return;
    text.value = body;
    shown = body;
    text.focus();
  });
});
