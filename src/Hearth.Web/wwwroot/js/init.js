// Marks the page as having JavaScript before anything renders, as the GOV.UK template's inline script does (kept in
// a file so that the Content Security Policy can forbid inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
