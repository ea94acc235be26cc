/**
 * The register and the deliberating bodies (issue 13), loaded together on first visit to either
 * (client/app/router.ts): only a village's staff open them.
 */
import './register-page.js';
import './bodies-page.js';
