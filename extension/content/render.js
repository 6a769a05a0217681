// What the error-page panel and the toolbar popup both show of a failure record, written once: the
// sentence (who failed, whose side), the countdown's words and ticking, and the advice list with the
// actions the extension can do itself. A classic script, so that it can be injected before
// content/panel.js (which cannot import) and loaded by popup.html before popup.js; it defines
// `globalThis.gatewayGuardRender` and nothing else. Everything is set as text (textContent), never HTML.
(() => {
  if (globalThis.gatewayGuardRender) return; // injected again into the same document: keep the first

  const api = globalThis.browser ?? globalThis.chrome;
  const t = (key, subs) => api.i18n.getMessage(key, subs) || key;
  const uiLanguage = () => api.i18n.getUILanguage?.() || 'en';

  /** An element with attributes and text (never HTML). */
  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function vendorName(d) {
    if (d.vendor && d.vendor !== 'unknown') return t(`vendor_${d.vendor.replace(/-/g, '_')}`);
    return d.generated_by === 'gateway' ? t('vendorGatewayUnknown') : t('vendorUnknown');
  }

  /** The core decided who failed and which sentence says it; this only looks the words up. */
  function sentence(record) {
    const d = record.diagnosis;
    const e = record.explanation;
    const status = d.status > 0 ? String(d.status) : t('statusNoAnswer');
    if (!e) return t('panelSentence', [vendorName(d), status, t(`failure_${d.failure}`)]);
    return `${t(`explain_${e.sentence}`, [vendorName(d), status])} ${t(`side_${e.side}`)}`;
  }

  /** Why there is no countdown, in words ('' while a retry is planned). */
  function planText(record) {
    const plan = record?.plan;
    const reason = plan?.reason?.kind;
    if (reason === 'postMethod') return t('countdownPost');
    if (reason === 'cancelled') return t('countdownCancelled');
    if (reason === 'gaveUp') return t('countdownGaveUp');
    if (reason === 'disabled') return record.autoRetryOffForSite ? t('countdownDisabledSite') : t('countdownDisabled');
    if (reason === 'retryAfterTooLong') {
      const at = new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
      return t('countdownRetryAfterTooLong', [at.format(new Date(plan.reason.untilMs))]);
    }
    return '';
  }

  /** Automatic retries are over (or far off): an archived copy becomes worth offering. */
  const retriesOver = (plan) => ['gaveUp', 'retryAfterTooLong'].includes(plan?.reason?.kind);

  /**
   * Shows the record's plan in `countdown` (visible, aria-hidden) and `live` (the polite live region,
   * spoken at the start and every 10 s, not every second). While a retry is planned it ticks until the
   * planned moment, then says it is retrying and calls `onZero` once. Returns a function that stops it.
   */
  function countdown(record, { countdown: shown, live, onZero }) {
    const plan = record?.plan;
    if (plan?.kind !== 'retry') {
      shown.textContent = record ? planText(record) : '';
      live.textContent = shown.textContent;
      return () => {};
    }
    let lastAnnounced = null;
    let timer = null;
    const tick = () => {
      const left = Math.max(0, Math.ceil((plan.atMs - Date.now()) / 1000));
      const label = left > 0 ? t('countdownRetryIn', [String(left)]) : t('countdownRetrying');
      shown.textContent = label;
      if (lastAnnounced === null || (left % 10 === 0 && left !== lastAnnounced)) {
        lastAnnounced = left;
        live.textContent = label;
      }
      if (left === 0) {
        clearInterval(timer);
        timer = null;
        onZero?.();
      }
    };
    timer = setInterval(tick, 250);
    tick();
    return () => clearInterval(timer);
  }

  /**
   * The advice list's items: one step each; where the extension can do the step itself, a button asks
   * `onAction(action)` to (and `live` says it is working on it).
   */
  function adviceItems(record, { live, onAction }) {
    return record.diagnosis.advice.map((id) => {
      const li = el('li', { 'data-advice': id });
      li.append(el('span', {}, t(`advice_${id}`)));
      const button = (action, label) => {
        const b = el('button', { type: 'button', class: `step-action ${action}` }, label);
        b.addEventListener('click', () => {
          b.disabled = true;
          live.textContent = t('actionWorking');
          onAction(action);
        });
        return b;
      };
      if (id === 'wait_and_hard_refresh') li.append(' ', button('hard-refresh', t('actionHardRefresh')));
      else if (id === 'clear_site_cache') li.append(' ', button('clear-site-cache', t('actionClearCache')));
      else if (id === 'try_private_window') {
        if (record.privateWindowAllowed) li.append(' ', button('open-private', t('actionPrivateWindow')));
        else li.append(el('span', { class: 'hint' }, ` ${t('privateWindowHowTo')}`));
      }
      return li;
    });
  }

  globalThis.gatewayGuardRender = Object.freeze({ t, el, uiLanguage, sentence, planText, retriesOver, countdown, adviceItems });
})();
