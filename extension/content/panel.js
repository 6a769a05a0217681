// The error-page panel. Injected only into a tab whose top-level page failed. It reads the page's title
// and visible text (so the core can match body markers), then shows, in a shadow root: who failed in one
// sentence (the core's explanation, localized here), the retry countdown, the advice with the actions the
// extension can take itself, notes for the site's owner, and once retries have stopped a link to an
// archived copy. Page-supplied text is only ever set with textContent.
// The countdown lives here, in the page: when it ends it wakes the background (which the browser may have
// stopped meanwhile) to issue the retry.
// A content script cannot import: the message names below mirror lib/messages.js.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  if (globalThis.__gatewayGuardPanel) return; // injected once per document
  globalThis.__gatewayGuardPanel = true;

  const TEXT_LIMIT = 8 * 1024;
  const MSG_PAGE_FACTS = 'content->background: page-facts';
  const MSG_PANEL_ACTION = 'content->background: panel-action';
  /** Only the user's click on this link contacts the Internet Archive. */
  const ARCHIVE_PREFIX = 'https://web.archive.org/web/';

  const t = (key, subs) => api.i18n.getMessage(key, subs) || key;
  const send = (message) => api.runtime.sendMessage(message).catch(() => null);
  const act = (action) => send({ type: MSG_PANEL_ACTION, action });

  const title = (document.title || '').slice(0, 1024);
  const text = (document.body?.innerText || '').slice(0, TEXT_LIMIT);

  let ui = null;
  let ticker = null;

  // A reload by the user counts as an attempt; only the page knows it was one.
  const navigationType = performance.getEntriesByType('navigation')[0]?.type ?? 'navigate';
  const documentStart = performance.timeOrigin; // tells this document from the tab's earlier ones
  send({ type: MSG_PAGE_FACTS, title, text, navigationType, documentStart }).then((record) => record && render(record));

  function el(tag, attrs = {}, content) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (content !== undefined) node.textContent = content;
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

  function planText(record) {
    const plan = record.plan;
    const reason = plan?.reason?.kind;
    if (reason === 'postMethod') return t('countdownPost');
    if (reason === 'cancelled') return t('countdownCancelled');
    if (reason === 'gaveUp') return t('countdownGaveUp');
    if (reason === 'disabled') return record.autoRetryOffForSite ? t('countdownDisabledSite') : t('countdownDisabled');
    if (reason === 'retryAfterTooLong') {
      const at = new Intl.DateTimeFormat(api.i18n.getUILanguage(), { dateStyle: 'medium', timeStyle: 'short' });
      return t('countdownRetryAfterTooLong', [at.format(new Date(plan.reason.untilMs))]);
    }
    return '';
  }

  /** Automatic retries are over (or far off): the archived copy becomes worth offering. */
  const retriesOver = (plan) => ['gaveUp', 'retryAfterTooLong'].includes(plan?.reason?.kind);

  function showCountdown(record) {
    clearInterval(ticker);
    const { countdown, retryNow, cancel, archive } = ui;
    const plan = record.plan;
    const retrying = plan?.kind === 'retry';
    retryNow.hidden = !retrying;
    cancel.hidden = !retrying;
    archive.hidden = !retriesOver(plan);
    if (!retrying) {
      countdown.textContent = planText(record);
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
      act('countdown-ended');
    };
    tick();
    ticker = setInterval(tick, 250);
  }

  /** One advice step; where the extension can do it itself, a button does it. */
  function adviceItem(id, record) {
    const li = el('li', { 'data-advice': id });
    li.append(el('span', {}, t(`advice_${id}`)));
    const button = (action, label) => {
      const b = el('button', { type: 'button', class: `step-action ${action}` }, label);
      b.addEventListener('click', () => {
        b.disabled = true;
        ui.live.textContent = t('actionWorking');
        act(action);
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
  }

  function ownerNotes() {
    const details = el('details', { class: 'owner' });
    details.append(el('summary', {}, t('ownerHeading')));
    const list = el('ul');
    for (const key of ['ownerNoteBrief', 'ownerNoteLong', 'ownerNoteMaintenance']) list.append(el('li', {}, t(key)));
    details.append(list);
    return details;
  }

  function archiveLink(url) {
    const p = el('p', { class: 'archive' });
    let href = null;
    try {
      const u = new URL(url);
      if (u.protocol === 'http:' || u.protocol === 'https:') href = ARCHIVE_PREFIX + u.href;
    } catch {
      // no link for a URL that does not parse
    }
    if (href) {
      // noreferrer: the archive learns the page's address from the link, nothing more.
      p.append(el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, t('archiveLink')));
      p.append(el('span', { class: 'hint' }, ` ${t('archiveNote')}`));
    }
    return p;
  }

  const STYLE = `
    :host { all: initial; }
    .panel { position: fixed; right: 16px; bottom: 16px; max-width: min(440px, calc(100vw - 32px));
      max-height: 60vh; overflow: auto; z-index: 2147483647; box-sizing: border-box;
      font: 14px/1.45 system-ui, sans-serif; color: #1f1f1f; background: #fff;
      border: 1px solid #c4c7c5; border-left: 4px solid #b3261e; border-radius: 8px; padding: 12px 16px;
      box-shadow: 0 2px 8px #0003; transition: opacity .2s ease-out, transform .2s ease-out; }
    .panel.entering { opacity: 0; transform: translateY(8px); }
    h2 { font-size: 15px; margin: 0 0 6px; }
    p { margin: 4px 0; }
    .sentence { font-size: 15px; }
    .countdown { font-weight: 600; }
    .notice { background: #fff4e5; color: #4a2c00; padding: 6px 8px; border-radius: 4px; }
    ul { margin: 6px 0 0; padding-left: 18px; }
    li { margin: 4px 0; }
    .hint { color: #444746; }
    .actions { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
    button { font: inherit; padding: 4px 10px; border-radius: 4px; border: 1px solid #747775; background: #fff;
      color: #1f1f1f; cursor: pointer; }
    button.step-action { padding: 1px 8px; margin-top: 2px; }
    button.primary { background: #0b57d0; color: #fff; border-color: #0b57d0; }
    button:disabled { opacity: .6; cursor: default; }
    a { color: #0b57d0; }
    details { margin-top: 8px; }
    summary { cursor: pointer; }
    button:focus-visible, a:focus-visible, summary:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
    [hidden] { display: none !important; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
      white-space: nowrap; }
    @media (prefers-color-scheme: dark) {
      .panel { color: #e3e3e3; background: #1f1f1f; border-color: #5e5e5e; border-left-color: #f2b8b5; }
      .notice { background: #3d2a00; color: #ffdfa8; }
      .hint { color: #c4c7c5; }
      button { background: #2d2f31; color: #e3e3e3; border-color: #8e918f; }
      button.primary { background: #a8c7fa; color: #062e6f; border-color: #a8c7fa; }
      a { color: #a8c7fa; }
      button:focus-visible, a:focus-visible, summary:focus-visible { outline-color: #a8c7fa; }
    }
    @media (prefers-reduced-motion: reduce) { .panel { transition: none; } }`;

  function render(record) {
    const d = record.diagnosis;
    const host = el('div', { id: 'gateway-guard-panel-host' });
    const root = host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = STYLE;
    const lang = (api.i18n.getUILanguage?.() || 'en').split('-')[0];
    const panel = el('section', { class: 'panel entering', role: 'region', 'aria-label': t('extName'), lang });
    panel.append(el('h2', {}, t('panelHeading')));
    panel.append(el('p', { class: 'sentence' }, sentence(record)));
    const countdown = el('p', { class: 'countdown', 'aria-hidden': 'true' });
    const live = el('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    panel.append(countdown, live);
    if (record.rapidReloadNotice) panel.append(el('p', { class: 'notice', role: 'note' }, t('rapidReloadNotice')));
    const actions = el('div', { class: 'actions' });
    const retryNow = el('button', { type: 'button', class: 'retry-now primary' }, t('countdownRetryNow'));
    const cancel = el('button', { type: 'button', class: 'cancel' }, t('countdownCancel'));
    const close = el('button', { type: 'button', class: 'dismiss' }, t('panelDismiss'));
    actions.append(retryNow, cancel, close);
    panel.append(actions);
    if (d.advice.length) {
      panel.append(el('h3', { class: 'visually-hidden' }, t('adviceHeading')));
      const list = el('ul', { class: 'advice' });
      for (const id of d.advice) list.append(adviceItem(id, record));
      panel.append(list);
    }
    const archive = archiveLink(record.url);
    panel.append(archive, ownerNotes());
    root.append(style, panel);
    document.documentElement.append(host);
    requestAnimationFrame(() => panel.classList.remove('entering'));
    ui = { countdown, live, retryNow, cancel, archive };

    retryNow.addEventListener('click', () => {
      clearInterval(ticker);
      countdown.textContent = t('countdownRetrying');
      act('retry-now');
    });
    cancel.addEventListener('click', async () => {
      const updated = await act('cancel');
      showCountdown(updated ?? { plan: { kind: 'noAutoRetry', reason: { kind: 'cancelled' } } });
    });
    close.addEventListener('click', () => {
      clearInterval(ticker);
      host.remove();
    });
    showCountdown(record);
  }
})();
