// Upload progress for the "Share photos" form: send it with XMLHttpRequest and fill the
// <progress> bar. Without this file the form posts as a plain multipart form and works the same.
(function () {
  "use strict";

  function showPage(html) {
    // A page with form errors (or "too big"): show its main part in place of ours.
    var page = new DOMParser().parseFromString(html, "text/html");
    var main = page.querySelector("main");
    if (!main) { return false; }
    document.querySelector("main").replaceWith(document.adoptNode(main));
    document.title = page.title;
    setUp();
    var alert = document.querySelector("main [role=alert]") || document.querySelector("main h1");
    if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }
    return true;
  }

  function send(form, event) {
    if (!window.FormData || !window.XMLHttpRequest) { return; }
    event.preventDefault();
    var box = form.querySelector(".upload-progress");
    var bar = form.querySelector("progress");
    var button = form.querySelector("[type=submit]");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.setRequestHeader("X-Hearth-Upload", "1");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
    });
    xhr.addEventListener("load", function () {
      var next = xhr.getResponseHeader("X-Hearth-Upload");
      if (xhr.status === 204 && next) {
        window.location.assign(next);
      } else if (!showPage(xhr.responseText)) {
        form.submit();
      }
    });
    xhr.addEventListener("error", function () {
      // The network failed: let the browser send it the plain way and show its own error.
      box.hidden = true;
      button.disabled = false;
      form.submit();
    });
    box.hidden = false;
    bar.value = 0;
    button.disabled = true;
    xhr.send(new FormData(form));
  }

  function setUp() {
    var forms = document.querySelectorAll("form[data-upload-progress]");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function (event) { send(form, event); });
    });
  }

  setUp();
}());
