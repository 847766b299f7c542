// The message thread: while a message is being corrected, taken back or reported in place, the
// poll waits, because swapping in the newest messages would throw away what is being typed.
// It also waits while a word's meaning is open, so the swap does not close what someone reads.
// Without this file (or without JavaScript) nothing is lost: those forms are pages of their own.
(function () {
  "use strict";

  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail && event.detail.elt;
    if (!source || source.id !== "thread-poll") { return; }
    var latest = document.getElementById("thread-latest");
    var reading = latest && (latest.querySelector(".message--editing") ||
      latest.querySelector("[popover]:popover-open"));
    if (reading) { event.preventDefault(); }
  });

  // Refused (paused, removed, signed out elsewhere): stop asking, rather than knocking on the
  // door every few seconds for as long as the tab stays open.
  document.addEventListener("htmx:responseError", function (event) {
    var source = event.detail && event.detail.elt;
    if (source && source.id === "thread-poll" && event.detail.xhr.status === 404) {
      source.remove();
    }
  });
}());
