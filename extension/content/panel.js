// The error-page panel. Injected only into a tab whose top-level page failed. It reads the page's title
// and visible text (so the core can match body markers), then shows the diagnosis, the retry countdown
// and the advice in a shadow root. Page-supplied text is only ever set with textContent.
// The countdown lives here, in the page: when it ends it wakes the background (which the browser may have
// stopped meanwhile) to issue the retry.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  if (globalThis.__gatewayGuardPanel) return; // injected once per document
  globalThis.__gatewayGuardPanel = true;

  const TEXT_LIMIT = 8 * 1024;
  const t = (key, subs) => api.i18n.getMessage(key, subs) || key;
  const send = (message) => api.runtime.sendMessage(message).catch(() => null);

  const title = (document.title || '').slice(0, 1024);
  const text = (document.body?.innerText || '').slice(0, TEXT_LIMIT);

  let ui = null;
  let ticker = null;

  send({ type: 'content->background: page-facts', title, text }).then((record) => record && render(record));

  function el(tag, attrs = {}, content) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function sentence(d) {
    const vendor = d.vendor === 'unknown' ? t('vendorUnknown') : t(`vendor_${d.vendor.replace(/-/g, '_')}`);
    return t('panelSentence', [vendor, String(d.status), t(`failure_${d.failure}`)]);
  }

  function planText(plan) {
    const reason = plan?.reason?.kind;
    if (reason === 'postMethod') return t('countdownPost');
    if (reason === 'cancelled') return t('countdownCancelled');
    if (reason === 'gaveUp') return t('countdownGaveUp');
    if (reason === 'disabled') return t('countdownDisabled');
    if (reason === 'retryAfterTooLong') {
      return t('countdownRetryAfterTooLong', [new Date(plan.reason.untilMs).toLocaleTimeString()]);
    }
    return '';
  }

  function showCountdown(record) {
    clearInterval(ticker);
    const { countdown, retryNow, cancel } = ui;
    const plan = record.plan;
    const retrying = plan?.kind === 'retry';
    retryNow.hidden = !retrying;
    cancel.hidden = !retrying;
    if (!retrying) {
      countdown.textContent = planText(plan);
      ui.live.textContent = countdown.textContent;
      return;
    }
    let lastAnnounced = null;
    const tick = () => {
      const left = Math.max(0, Math.ceil((plan.atMs - Date.now()) / 1000));
      if (left > 0) {
        const label = t('countdownRetryIn', [String(left)]);
        countdown.textContent = label;
        // The live region speaks at the start and every 10 s, not every second.
        if (lastAnnounced === null || (left % 10 === 0 && left !== lastAnnounced)) {
          lastAnnounced = left;
          ui.live.textContent = label;
        }
        return;
      }
      clearInterval(ticker);
      countdown.textContent = t('countdownRetrying');
      send({ type: 'content->background: panel-action', action: 'countdown-ended' });
    };
    tick();
    ticker = setInterval(tick, 250);
  }

  function render(record) {
    const d = record.diagnosis;
    const host = el('div', { id: 'gateway-guard-panel-host' });
    const root = host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = `
      :host { all: initial; }
      .panel { position: fixed; right: 16px; bottom: 16px; max-width: 420px; max-height: 60vh; overflow: auto;
        z-index: 2147483647; font: 14px/1.45 system-ui, sans-serif; color: #1f1f1f; background: #fff;
        border: 1px solid #c4c7c5; border-left: 4px solid #b3261e; border-radius: 8px; padding: 12px 16px;
        box-shadow: 0 2px 8px #0003; }
      h2 { font-size: 15px; margin: 0 0 6px; }
      p { margin: 4px 0; }
      .countdown { font-weight: 600; }
      .notice { background: #fff4e5; color: #4a2c00; padding: 6px 8px; border-radius: 4px; }
      ul { margin: 6px 0 0; padding-left: 18px; }
      .actions { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
      button { font: inherit; padding: 4px 10px; border-radius: 4px; border: 1px solid #747775; background: #fff;
        color: #1f1f1f; cursor: pointer; }
      button.primary { background: #0b57d0; color: #fff; border-color: #0b57d0; }
      button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
      [hidden] { display: none !important; }
      .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
        white-space: nowrap; }
      @media (prefers-color-scheme: dark) {
        .panel { color: #e3e3e3; background: #1f1f1f; border-color: #444746; }
        .notice { background: #3d2a00; color: #ffdfa8; }
        button { background: #2d2f31; color: #e3e3e3; border-color: #8e918f; }
        button.primary { background: #a8c7fa; color: #062e6f; border-color: #a8c7fa; }
      }`;
    const panel = el('section', { class: 'panel', role: 'region', 'aria-label': t('extName') });
    panel.append(el('h2', {}, t('panelHeading')));
    panel.append(el('p', { class: 'sentence' }, sentence(d)));
    const countdown = el('p', { class: 'countdown', 'aria-hidden': 'true' });
    const live = el('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    panel.append(countdown, live);
    if (record.rapidReloadNotice) panel.append(el('p', { class: 'notice', role: 'note' }, t('rapidReloadNotice')));
    const list = el('ul', { class: 'advice' });
    for (const id of d.advice) list.append(el('li', {}, t(`advice_${id}`)));
    panel.append(list);
    const actions = el('div', { class: 'actions' });
    const retryNow = el('button', { type: 'button', class: 'retry-now primary' }, t('countdownRetryNow'));
    const cancel = el('button', { type: 'button', class: 'cancel' }, t('countdownCancel'));
    const close = el('button', { type: 'button', class: 'dismiss' }, t('panelDismiss'));
    actions.append(retryNow, cancel, close);
    panel.append(actions);
    root.append(style, panel);
    document.documentElement.append(host);
    ui = { countdown, live, retryNow, cancel };

    retryNow.addEventListener('click', () => {
      clearInterval(ticker);
      countdown.textContent = t('countdownRetrying');
      send({ type: 'content->background: panel-action', action: 'retry-now' });
    });
    cancel.addEventListener('click', async () => {
      const updated = await send({ type: 'content->background: panel-action', action: 'cancel' });
      showCountdown(updated ?? { plan: { kind: 'noAutoRetry', reason: { kind: 'cancelled' } } });
    });
    close.addEventListener('click', () => {
      clearInterval(ticker);
      host.remove();
    });
    showCountdown(record);
  }
})();
