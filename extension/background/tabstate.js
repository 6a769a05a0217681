// Per-tab failure records in session storage, so they survive the background worker being stopped.
import { sessionArea } from '../lib/platform.js';

const key = (tabId) => `tab:${tabId}`;

/** The failure record of a tab, or null. */
export async function getTabFailure(tabId) {
  const got = await sessionArea.get(key(tabId));
  return got[key(tabId)] ?? null;
}

export async function setTabFailure(tabId, record) {
  await sessionArea.set({ [key(tabId)]: record });
}

export async function clearTabFailure(tabId) {
  await sessionArea.remove(key(tabId));
}
