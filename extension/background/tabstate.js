// Per-tab failure records in session storage, so they survive the background worker being stopped.
import { sessionArea } from '../lib/platform.js';
import { readChecked, isPlainObject } from './stored.js';

const key = (tabId) => `tab:${tabId}`;

// What the badge, the panel and the popup read from a record without further checks.
const isRecord = (r) =>
  isPlainObject(r) && Number.isInteger(r.status) && typeof r.url === 'string' &&
  isPlainObject(r.diagnosis) && Array.isArray(r.diagnosis.advice);

/** The failure record of a tab, or null. */
export async function getTabFailure(tabId) {
  return readChecked(sessionArea, key(tabId), isRecord, null);
}

export async function setTabFailure(tabId, record) {
  await sessionArea.set({ [key(tabId)]: record });
}

export async function clearTabFailure(tabId) {
  await sessionArea.remove(key(tabId));
}
