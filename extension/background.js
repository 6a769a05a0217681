// Background entry (Chrome: module service worker; Firefox: module event page). It only wires: listeners
// are registered synchronously at top level (MV3 wakes the worker for an event and drops listeners added
// later) and every decision is a call into the Rust core.
import { api, responseHeaderOptions } from './lib/platform.js';
import { MSG, isValidMessage } from './lib/messages.js';
import { ready } from './background/core.js';
import { onCompleted, onPageFacts, onTabComplete, onTabRemoved } from './background/failures.js';
import { getTabFailure } from './background/tabstate.js';

const logError = (where) => (e) => console.error(`gateway-guard: ${where}:`, e);

// Top-level pages and frames only: every listener and resource type is paid on every request.
const pageFilter = { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame'] };
api.webRequest.onCompleted.addListener(
  (details) => void onCompleted(details).catch(logError('onCompleted')),
  pageFilter,
  responseHeaderOptions,
);

api.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'complete') void onTabComplete(tabId).catch(logError('onTabComplete'));
});
api.tabs.onRemoved.addListener((tabId) => void onTabRemoved(tabId).catch(logError('onTabRemoved')));

// --- resubmission guard (background/guard.js registers its own listeners here) ---------------------
// (guard listeners go here)
// --- end resubmission guard -------------------------------------------------------------------------

// One router for messages from our own pages and content scripts; anything else is dropped.
api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id || !isValidMessage(message)) return false;
  route(message, sender).then(sendResponse, (e) => {
    logError(message.type)(e);
    sendResponse(null);
  });
  return true; // answered asynchronously
});

async function route(message, sender) {
  switch (message.type) {
    case MSG.PAGE_FACTS:
      if (!sender.tab) return null;
      return onPageFacts(sender.tab.id, message);
    case MSG.TAB_STATE:
      return getTabFailure(message.tabId);
    // (guard messages go here)
    default:
      return null;
  }
}

// Expose readiness for tests and diagnostics (no behaviour depends on it).
globalThis.gatewayGuardReady = ready;
