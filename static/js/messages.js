// The message thread: while a message is being corrected, taken back or reported in place, the
// poll waits, because swapping in the newest messages would throw away what is being typed.
// Without this file (or without JavaScript) nothing is lost: those forms are pages of their own.
(function () {
  "use strict";

  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail && event.detail.elt;
    if (source && source.id === "thread-poll" &&
        document.querySelector("#thread-latest .message--editing")) {
      event.preventDefault();
    }
  });
}());
