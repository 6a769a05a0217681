// Localized text for extension pages. Everything shown goes through the browser's i18n.
import { api } from './platform.js';

export const t = (key, subs) => api.i18n.getMessage(key, subs) || key;

/** Fills every element with data-i18n="key" with that message, as text. */
export function localize(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
}

/** The diagnosis in one sentence. */
export function describe(d) {
  const vendor = d.vendor === 'unknown' ? t('vendorUnknown') : t(`vendor_${d.vendor.replace(/-/g, '_')}`);
  return t('panelSentence', [vendor, String(d.status), t(`failure_${d.failure}`)]);
}
