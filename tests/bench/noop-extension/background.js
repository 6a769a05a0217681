// Registers Gateway Guard's webRequest listeners (listeners.js) with handlers that do nothing, so a page
// load with this extension costs what the browser API itself costs.
import { LISTENERS } from './listeners.js';

const nothing = () => {};
for (const { event, filter, extraInfoSpec } of LISTENERS) {
  chrome.webRequest[event].addListener(nothing, filter, extraInfoSpec.length ? extraInfoSpec : undefined);
}
globalThis.benchListeners = LISTENERS;
// For the bench's background-start figure: the browser's floor for a worker with these listeners.
globalThis.benchTimings = { listenersMs: performance.now() };
