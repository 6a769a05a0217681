// Localized text for extension pages. Everything shown goes through the browser's i18n; dates, numbers
// and durations through Intl in the browser's UI language.
import { api } from './platform.js';

export const t = (key, subs) => api.i18n.getMessage(key, subs) || key;

/** The browser's UI language (e.g. `de`, `en-US`). */
export const uiLanguage = () => api.i18n.getUILanguage?.() || 'en';

/** Fills every element with data-i18n="key" with that message, as text; sets the document's language. */
export function localize(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  if (root.documentElement) root.documentElement.lang = uiLanguage();
}

/** The name of the vendor that produced the error (the panel's and popup's sentence: content/render.js). */
export function vendorName(d) {
  if (d.vendor && d.vendor !== 'unknown') return t(`vendor_${d.vendor.replace(/-/g, '_')}`);
  return d.generated_by === 'gateway' ? t('vendorGatewayUnknown') : t('vendorUnknown');
}

/** A date and time, e.g. "3 Mar 2026, 14:05". */
export function formatDateTime(ms, options = { dateStyle: 'medium', timeStyle: 'short' }) {
  return new Intl.DateTimeFormat(uiLanguage(), options).format(new Date(ms));
}

/** A duration in the locale's words, to the two largest units ("1 hr, 5 min"; "42 sec"). */
export function formatDuration(ms) {
  let s = Math.max(0, Math.round(ms / 1000));
  const parts = { hours: Math.floor(s / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
  if (parts.hours > 0) parts.seconds = 0; // two units at most
  const lang = uiLanguage();
  if (typeof Intl.DurationFormat === 'function') {
    const shown = Object.fromEntries(Object.entries(parts).filter(([, v]) => v > 0));
    return new Intl.DurationFormat(lang, { style: 'short' }).format(Object.keys(shown).length ? shown : { seconds: 0 });
  }
  const unit = (value, name) => new Intl.NumberFormat(lang, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const out = [];
  if (parts.hours) out.push(unit(parts.hours, 'hour'));
  if (parts.minutes) out.push(unit(parts.minutes, 'minute'));
  if (parts.seconds || out.length === 0) out.push(unit(parts.seconds, 'second'));
  s = out.join(' ');
  return s;
}

/** Statuses as a list in the locale ("502, 503"). */
export function formatStatuses(statuses) {
  return new Intl.ListFormat(uiLanguage(), { style: 'short', type: 'unit' }).format((statuses ?? []).map(String));
}

/** Creates an element with attributes and text (never HTML). */
export function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}
