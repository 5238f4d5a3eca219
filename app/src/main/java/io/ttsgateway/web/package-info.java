/**
 * The HTTP side of the gateway beside its WebSocket: the browser playground ({@code GET /}, a page
 * that speaks typed text through {@code /api/v1/ws} with the Web Audio API) and the metadata it is
 * built from ({@code GET /api/v1/providers}).
 *
 * <p>Client authentication: both stay open when API keys are configured. The page and its script
 * are static files, and the providers document holds only names, default voices and formats, never
 * a key or text; it says {@code "authRequired": true} so the page asks for a key, which the browser
 * then sends as the {@code api_key} query parameter of the WebSocket upgrade, the one place where
 * the key is checked.
 */
package io.ttsgateway.web;
