// Injects the error-page panel. Only failed pages get a script: healthy browsing runs no extension code
// in pages (shared/spec/behaviour.md).
import { api } from '../lib/platform.js';

/** The shared renderer first: panel.js uses it (a content script cannot import). */
const FILES = ['content/render.js', 'content/panel.js'];

/**
 * Runs in the page (serialized by the browser): hands the stored record to the panel, or leaves it for
 * the panel when this arrives first. The panel shows it only if it is the record of that very document.
 */
function offerRecord(record) {
  const panel = globalThis.__gatewayGuardPanel;
  if (panel) return panel.offer(record);
  globalThis.__gatewayGuardRecord = record;
  return null;
}

/** What the panel shows of a record: not the facts (the response's headers and the page's text). */
function panelView(record) {
  const shown = { ...record };
  delete shown.facts;
  return shown;
}

/**
 * Injects the panel into the tab's document, as early as the browser lets it run (the page may still be
 * parsing); with `record`, the panel can show it at once instead of waiting for its answer to the page facts.
 * True when the document that got it is the failed page of `record` (its panel shows it, or a later answer).
 */
export async function injectPanel(tabId, record = null) {
  const inject = (what) =>
    api.scripting.executeScript({ target: { tabId }, injectImmediately: true, ...what }).catch(() => null);
  // Browser error pages (empty 5xx bodies render as chrome-error://) and closed tabs take no script (null).
  const results = await Promise.all([
    record ? inject({ func: offerRecord, args: [panelView(record)] }) : null,
    inject({ files: FILES }),
  ]);
  // The record reached the panel either way round: as the func's offer, or kept for panel.js.
  return results.some((r) => r?.[0]?.result === true);
}
