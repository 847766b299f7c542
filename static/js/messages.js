// The message thread: while a message is being corrected, taken back or reported in place, the
// poll waits, because swapping in the newest messages would throw away what is being typed.
// It also waits while a word's meaning is open, so the swap does not close what someone reads.
// Without this file (or without JavaScript) nothing is lost: those forms are pages of their own.
(function () {
  "use strict";

  function busy(latest) {
    return latest && (latest.querySelector(".message--editing") ||
      latest.querySelector("[popover]:popover-open"));
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail && event.detail.elt;
    if (!source || source.id !== "thread-poll") { return; }
    if (busy(document.getElementById("thread-latest"))) { event.preventDefault(); }
  });

  // A poll already on its way when a correction, take-back or report form opened must not
  // replace it either. Its answer is dropped; the poll keeps its old version, so the next one
  // brings the same news once the form is closed.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "thread-latest" && busy(target)) {
      event.detail.shouldSwap = false;
    }
  });

  // Refused (paused, removed, signed out elsewhere): stop asking, rather than knocking on the
  // door every few seconds for as long as the tab stays open.
  document.addEventListener("htmx:responseError", function (event) {
    var source = event.detail && event.detail.elt;
    if (source && source.id === "thread-poll" && event.detail.xhr.status === 404) {
      source.remove();
    }
  });

  // Words typed while a message is on its way are kept: the answer brings back an empty box
  // (or, when the message was refused, the box as sent), and would otherwise drop them.
  var sent = null;
  var typedMeanwhile = null;

  function box() {
    var composer = document.getElementById("composer");
    return composer && composer.elements.text;
  }

  // The composer's answer is the only swap into #thread-live (polls replace #thread-latest).
  function sentAnswer(event) {
    return event.detail && event.detail.target && event.detail.target.id === "thread-live";
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail && event.detail.elt && event.detail.elt.id === "composer") {
      sent = box() ? box().value : null;
      typedMeanwhile = null;
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (sent === null || !sentAnswer(event)) { return; }
    var now = box() ? box().value : sent;
    typedMeanwhile = now === sent ? null : now;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (sent === null || !sentAnswer(event)) { return; }
    var fresh = box();
    if (fresh && typedMeanwhile !== null) {
      if (fresh.value === "" && typedMeanwhile.indexOf(sent) === 0) {
        // Sent: keep only what came after the sent words.
        fresh.value = typedMeanwhile.slice(sent.length).replace(/^\s+/, "");
      } else {
        fresh.value = typedMeanwhile;  // refused, or rewritten meanwhile: keep it all
      }
      fresh.focus();
      fresh.setSelectionRange(fresh.value.length, fresh.value.length);
    }
    sent = null;
    typedMeanwhile = null;
  });
}());
