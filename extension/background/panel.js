// Injects the error-page panel. Only failed pages get a script: healthy browsing runs no extension code
// in pages (shared/spec/behaviour.md).
import { api } from '../lib/platform.js';

export async function injectPanel(tabId) {
  try {
    await api.scripting.executeScript({ target: { tabId }, files: ['content/panel.js'] });
  } catch {
    // Browser error pages (empty 5xx bodies render as chrome-error://) and closed tabs take no script.
  }
}
