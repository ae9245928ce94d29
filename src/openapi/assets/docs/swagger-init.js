// Starts Swagger UI on the document named by the page (GET /docs). A file rather than an inline script,
// so the page's Content-Security-Policy can stay `script-src 'self'`.
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.specUrl,
  domNode: root,
  deepLinking: true,
  // The key stays in the page's memory only: localStorage would keep it for any script of this origin, and after the tab closes.
  persistAuthorization: false,
  // The default validator badge calls validator.swagger.io: the docs make no request off this origin.
  validatorUrl: null,
});
