// The browsable API's format menu button shows only a caret, and Bootstrap's tooltip removes
// its title: give it a name that screen readers announce (issue 13, WCAG 4.1.2).
document.querySelectorAll(".format-selection .dropdown-toggle").forEach(function (button) {
  if (!button.getAttribute("aria-label")) {
    button.setAttribute("aria-label", "Choose a format for the GET request");
  }
});

// DRF's base template writes <html> without a language, outside any block we could override:
// say it here, so screen readers read the page in English (WCAG 3.1.1).
if (!document.documentElement.lang) {
  document.documentElement.lang = "en-GB";
}

// DRF's HTML forms write <label> without "for": tie each label to the field of its group, so
// the field has a name when it is focused (WCAG 1.3.1, 4.1.2).
document.querySelectorAll(".form-group").forEach(function (group, index) {
  var label = group.querySelector("label.control-label:not([for])");
  var field = group.querySelector("input:not([type=hidden]), select, textarea");
  if (!label || !field) {
    return;
  }
  if (!field.id) {
    field.id = "api-field-" + index + "-" + (field.name || "value");
  }
  label.setAttribute("for", field.id);
});
