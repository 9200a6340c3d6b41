// GOV.UK Frontend's "JavaScript is on" classes, set as soon as <body> opens (loaded
// synchronously from base.html; a file, not an inline script, for the content security policy).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
