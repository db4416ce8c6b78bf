// Swagger UI start-up, as a file so the page's CSP can forbid inline script.
window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({
    url: '/docs/json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: false,
    validatorUrl: null,
  })
})
