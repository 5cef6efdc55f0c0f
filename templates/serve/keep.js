// backbrief: no link loses a pending edit.
//
// The pages work without JavaScript: every button that leaves a page with a
// form on it sends the form first, so what was typed or chosen is saved to
// the draft. A plain link cannot send a form. With JavaScript on, this
// script does it for them: when a form marked data-keep has changed, a
// click on a link on this server first sends the form (as its own button
// would) and then follows the link; if the form is refused (a field with a
// problem), the form is sent as usual instead, so the page shows the
// problem at its field and nothing is lost. Closing the tab with changes
// not yet sent asks first.
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-keep]"));
  if (forms.length === 0) {
    return;
  }
  var dirty = null;
  var sending = false;
  function formOf(element) {
    return element && element.form ? element.form : null;
  }
  function mark(event) {
    var form = formOf(event.target);
    if (form && forms.indexOf(form) >= 0) {
      dirty = form;
    }
  }
  document.addEventListener("input", mark, true);
  document.addEventListener("change", mark, true);
  document.addEventListener("submit", function () {
    sending = true;
  }, true);
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !sending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  document.addEventListener("click", function (event) {
    if (!dirty || sending || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link) {
      return;
    }
    var target = new URL(link.href, window.location.href);
    var here = new URL(window.location.href);
    if (target.origin !== here.origin) {
      return;
    }
    if (target.pathname === here.pathname && target.search === here.search && target.hash) {
      return; // a place on this page
    }
    event.preventDefault();
    var form = dirty;
    sending = true;
    // The form's own attribute: form.action would be its buttons named
    // "action", were there any.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      redirect: "follow"
    }).then(function (response) {
      if (response.ok && response.redirected) {
        window.location.href = target.href;
      } else {
        sending = false;
        HTMLFormElement.prototype.requestSubmit.call(form);
      }
    }, function () {
      sending = false;
      HTMLFormElement.prototype.requestSubmit.call(form);
    });
  });
})();
