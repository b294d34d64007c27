// The API's docs page: Swagger UI over the OpenAPI document the app generates.
(function () {
  "use strict";
  var root = document.getElementById("api-docs");
  window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    persistAuthorization: false,
  });
})();
