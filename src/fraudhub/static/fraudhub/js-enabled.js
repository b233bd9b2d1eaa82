// GOV.UK Frontend's "js-enabled" classes, set before the page is drawn (a file, not an
// inline script, so the Content-Security-Policy needs no exception).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
