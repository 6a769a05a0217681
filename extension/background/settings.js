// The user's settings, stored in storage.local. The core clamps every number to its safe bounds, so a
// corrupted or hostile value cannot make the extension hammer a server.
import { api } from '../lib/platform.js';

const KEY = 'settings';

export async function getSettings() {
  const got = await api.storage.local.get(KEY);
  const s = got[KEY];
  return s && typeof s === 'object' ? s : {};
}

export async function saveSettings(settings) {
  await api.storage.local.set({ [KEY]: settings });
}
