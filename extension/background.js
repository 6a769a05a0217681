// Background entry (Chrome: module service worker; Firefox: module event page). It only wires: listeners
// are registered synchronously at top level (MV3 wakes the worker for an event and drops listeners added
// later) and every decision is a call into the Rust core.
import { api, responseHeaderOptions } from './lib/platform.js';
import { MSG, isValidMessage } from './lib/messages.js';
import { ready } from './background/core.js';
import { onResponseStarted, onPageError, onPageFacts, onTabCommitted, onTabComplete, onTabRemoved } from './background/failures.js';
import { getTabFailure, setTabFailure, tabFailureOfDocument } from './background/tabstate.js';
import { clearSiteCache, fromExtensionPage, historyAction, openPrivate, setSiteAutoRetry } from './background/ui-actions.js';
import {
  ALARM as PACING_ALARM,
  fireDue,
  onTabActivated,
  onTabClosed,
  retryNow,
  cancelRetries,
} from './background/pacing.js';

const logError = (where) => (e) => console.error(`gateway-guard: ${where}:`, e);

// Top-level pages and frames only: every listener and resource type is paid on every request. One event
// per page, as soon as its status and headers are in (not when its body ends, which may be never);
// non-blocking and without 'extraHeaders' (platform-notes.md: the main cost of a listener).
const pageFilter = { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame'] };
const responseFailed = logError('onResponseStarted');
api.webRequest.onResponseStarted.addListener(
  (details) => void onResponseStarted(details).catch(responseFailed),
  pageFilter,
  responseHeaderOptions,
);

api.webRequest.onErrorOccurred.addListener(
  (details) => void onPageError(details).catch(logError('onErrorOccurred')),
  { urls: ['<all_urls>'], types: ['main_frame'] },
);

api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === PACING_ALARM) void fireDue().catch(logError('pacing alarm'));
});
api.tabs.onActivated.addListener(({ tabId }) => void onTabActivated(tabId).catch(logError('onActivated')));

api.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'complete') void onTabComplete(tabId).catch(logError('onTabComplete'));
  // Chrome reports 'loading' once the response is in and the page commits; Firefox also reports the URL.
  else if (change.status === 'loading' || change.url) void onTabCommitted(tabId, tab?.url).catch(logError('onTabCommitted'));
});
api.tabs.onRemoved.addListener((tabId) => {
  void onTabRemoved(tabId).catch(logError('onTabRemoved'));
  void onTabClosed(tabId).catch(logError('onTabClosed'));
});

// --- resubmission guard (background/guard.js registers its own listeners here) ---------------------
// Imports are hoisted: this one sits here so the guard's wiring stays inside its marked section.
import {
  GUARD_ALARM,
  guardRequestFilter,
  onBeforeRequest as guardOnBeforeRequest,
  onGuardCheck,
  onGuardTabComplete,
  onRequestEnded as guardOnRequestEnded,
  pruneGuard,
} from './background/guard.js';

// POSTs only matter; values in the body are dropped inside the synchronous listener.
api.webRequest.onBeforeRequest.addListener(guardOnBeforeRequest, guardRequestFilter, ['requestBody']);
// Every fetch of every page ends here: only a POST's end goes on, and the others allocate nothing (a
// storm of 10,000 fetches made 20,000 promises and closures of garbage for the worker's heap).
const guardFailed = logError('guard');
const guardEnded = (details) => {
  if (details.method === 'POST') void guardOnRequestEnded(details).catch(guardFailed);
};
api.webRequest.onCompleted.addListener(guardEnded, guardRequestFilter);
api.webRequest.onErrorOccurred.addListener(guardEnded, guardRequestFilter);
api.webRequest.onBeforeRedirect.addListener(guardEnded, guardRequestFilter);
api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === GUARD_ALARM) void pruneGuard().catch(logError('guard alarm'));
});
api.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'complete') void onGuardTabComplete(tabId, tab).catch(logError('guard tab'));
});
// Records may have expired while the browser was closed.
api.runtime.onStartup.addListener(() => void pruneGuard().catch(logError('guard startup')));
// An update or reload of the extension unregisters its registered scripts (Chromium does so on every start
// of an unpacked one): register them again for the live records.
api.runtime.onInstalled.addListener(() => void pruneGuard().catch(logError('guard installed')));
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
      await tabFailureOfDocument(sender.tab.id, message.documentStart); // not the previous load's record
      return onPageFacts(sender.tab.id, message);
    case MSG.TAB_STATE:
      return getTabFailure(message.tabId);
    case MSG.PANEL_ACTION:
      return panelAction(message, sender.tab ?? null);
    case MSG.POPUP_ACTION:
      if (!fromExtensionPage(sender)) return null;
      return panelAction(message, await api.tabs.get(message.tabId).catch(() => null));
    case MSG.SITE_AUTO_RETRY:
      if (!fromExtensionPage(sender)) return null;
      return setSiteAutoRetry(message, await api.tabs.get(message.tabId).catch(() => null));
    case MSG.HISTORY:
      return fromExtensionPage(sender) ? historyAction(message) : null;
    // (guard messages go here)
    case MSG.GUARD_CHECK:
      return onGuardCheck(message, sender);
    default:
      return null;
  }
}

/** *Retry now*, *Cancel*, or the page's countdown reaching zero (which wakes a stopped worker). */
async function panelAction({ action }, tab) {
  if (!tab) return null;
  if (action === 'retry-now') await retryNow(tab.id, tab.url);
  else if (action === 'cancel') {
    await cancelRetries(tab.url);
    const record = await getTabFailure(tab.id);
    if (record) await setTabFailure(tab.id, { ...record, plan: { kind: 'noAutoRetry', reason: { kind: 'cancelled' } } });
  }
  else if (action === 'countdown-ended') await fireDue();
  else if (action === 'hard-refresh') await retryNow(tab.id, tab.url);
  else if (action === 'clear-site-cache') await clearSiteCache(tab);
  else if (action === 'open-private') await openPrivate(tab);
  return getTabFailure(tab.id);
}

// Expose readiness for tests and diagnostics (no behaviour depends on it).
globalThis.gatewayGuardReady = ready;
globalThis.gatewayGuardTimings.listenersMs = performance.now(); // tests/bench: every listener is registered
