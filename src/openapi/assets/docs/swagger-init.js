// Starts Swagger UI on the document named by the page (GET /docs). A file rather than an inline script,
// so the page's Content-Security-Policy can stay `script-src 'self'`.
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.specUrl,
  domNode: root,
  deepLinking: true,
  persistAuthorization: true,
  // The default validator badge calls validator.swagger.io: the docs make no request off this origin.
  validatorUrl: null,
});
