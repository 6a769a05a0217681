// Per-tab failure records in session storage, so they survive the background worker being stopped.
import { api, sessionArea } from '../lib/platform.js';
import { readChecked, isPlainObject } from './stored.js';
import { mayHold, wrote, removed } from './known.js';

const key = (tabId) => `tab:${tabId}`;

// What the badge, the panel and the popup read from a record without further checks.
const isRecord = (r) =>
  isPlainObject(r) && Number.isInteger(r.status) && typeof r.url === 'string' &&
  isPlainObject(r.diagnosis) && Array.isArray(r.diagnosis.advice);

/** The failure record of a tab, or null. */
export async function getTabFailure(tabId) {
  return readChecked(sessionArea, key(tabId), isRecord, null);
}

/** The same for the events of every page load: most tabs have none, known without a storage read
 *  (known.js). What the user asks for (popup, panel) reads storage with `getTabFailure`. */
export async function knownTabFailure(tabId) {
  return (await mayHold(key(tabId))) ? getTabFailure(tabId) : null;
}

/**
 * The failure record of the tab for a document that started loading at `documentStart` (its
 * performance.timeOrigin): a record stored before then is the tab's previous load's, so this waits (at
 * most `timeoutMs`) for the load's own record, or for the record's removal (the load succeeded). A
 * reloaded page's panel can ask before the background has stored its load's record: Firefox reports the
 * tab 'complete' while webRequest's response event is still being handled, and the panel showed the previous
 * load's countdown (tests/browser/ui.test.mjs, the gave-up panel). After the wait, whatever is stored.
 */
export function tabFailureOfDocument(tabId, documentStart, timeoutMs = 10_000) {
  const current = (r) => !r || !Number.isFinite(documentStart) || !(r.at < documentStart);
  return new Promise((resolve) => {
    let timer = null;
    const finish = () => {
      clearTimeout(timer);
      api.storage.onChanged.removeListener(onChanged);
      resolve(getTabFailure(tabId));
    };
    const onChanged = (changes) => {
      if (key(tabId) in changes && current(changes[key(tabId)].newValue)) finish();
    };
    api.storage.onChanged.addListener(onChanged);
    timer = setTimeout(finish, timeoutMs);
    getTabFailure(tabId).then((r) => current(r) && finish(), finish);
  });
}

export async function setTabFailure(tabId, record) {
  wrote(key(tabId));
  await sessionArea.set({ [key(tabId)]: record });
}

export async function clearTabFailure(tabId) {
  removed(key(tabId));
  await sessionArea.remove(key(tabId));
}
