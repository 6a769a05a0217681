// Resubmission guard, isolated world (registered at document_start only on origins with a live uncertain
// submission; also injected into tabs already open there). It holds POST submits (submit button, Enter,
// requestSubmit() via the submit event; form.submit() via the page-world wrapper's event), asks the
// background whether to hold (the core decides), and either submits at once or shows the dialog.
// It reads names, types and visible texts of a form, never its values. Page text is set with
// textContent only.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  if (globalThis.__gatewayGuardGuard) return; // injected once per document
  globalThis.__gatewayGuardGuard = true;

  const CHECK = 'content->background: guard-check';
  const SUBMIT_EVENT = 'gateway-guard:form-submit';
  const t = (key, subs) => api.i18n.getMessage(key, subs) || key;

  // This world's own copies: a page may shadow them (an <input name="submit"> hides form.submit, and
  // the page world's submit is wrapped by guard-main.js).
  const proto = HTMLFormElement.prototype;
  const nativeSubmit = proto.submit;
  const nativeRequestSubmit = proto.requestSubmit;
  const getter = (name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const formElements = getter('elements');
  const formMethod = getter('method');
  const formAction = getter('action');

  /** Forms whose next submit passes untouched: set only while our own requestSubmit() runs. */
  const bypass = new WeakSet();
  /** Forms being checked right now: a second click meanwhile is dropped (it would be a double submit). */
  const checking = new WeakSet();
  let dialog = null;

  const submitterOf = (form, submitter) =>
    submitter && submitter.form === form && submitter.isConnected ? submitter : null;

  /** The method the browser will use: the submitter's formmethod, else the form's (lowercase). */
  function effectiveMethod(form, submitter) {
    if (submitter?.hasAttribute?.('formmethod')) return submitter.formMethod;
    return formMethod.call(form);
  }

  function actionUrl(form, submitter) {
    if (submitter?.hasAttribute?.('formaction')) return submitter.formAction;
    return formAction.call(form);
  }

  window.addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      if (!event.isTrusted || !(form instanceof HTMLFormElement) || bypass.has(form)) return;
      if (effectiveMethod(form, event.submitter) !== 'post') return; // GET (search) passes untouched
      event.preventDefault();
      event.stopImmediatePropagation();
      void intercept(form, event.submitter ?? null, 'request');
    },
    true,
  );

  window.addEventListener(
    SUBMIT_EVENT,
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || bypass.has(form)) return;
      if (effectiveMethod(form, null) !== 'post') return;
      event.preventDefault();
      event.stopImmediatePropagation();
      void intercept(form, null, 'submit-method');
    },
    true,
  );

  async function intercept(form, submitter, via) {
    if (checking.has(form) || dialog) return;
    checking.add(form);
    let hold = null;
    try {
      const message = { type: CHECK, actionUrl: actionUrl(form, submitter), form: describe(form, submitter) };
      hold = await api.runtime.sendMessage(message);
    } catch {
      hold = null; // the extension is gone or reloading: never break the site's form
    } finally {
      checking.delete(form);
    }
    if (hold) showDialog(hold, () => proceed(form, submitter, via), submitter);
    else proceed(form, submitter, via);
  }

  /** Submits exactly once, the way the page asked: the page's own submit handlers run this time. */
  function proceed(form, submitter, via) {
    if (!form.isConnected) return;
    bypass.add(form);
    try {
      if (via === 'submit-method') nativeSubmit.call(form);
      else nativeRequestSubmit.call(form, submitterOf(form, submitter));
    } finally {
      bypass.delete(form); // the submit event is dispatched synchronously inside requestSubmit()
    }
  }

  // ------------------------------------------------------------------ the form, without values

  const clip = (s, n = 256) => String(s ?? '').replace(/\s+/g, ' ').trim().slice(0, n);

  function labelOf(control) {
    const label = control.labels?.[0]?.textContent;
    return clip(label || control.getAttribute('aria-label') || control.getAttribute('placeholder'));
  }

  function submitText(control) {
    if (control instanceof HTMLButtonElement) {
      return clip(control.textContent || control.getAttribute('value') || control.getAttribute('aria-label'));
    }
    if (control.type === 'image') return clip(control.getAttribute('alt'));
    return clip(control.getAttribute('value') || control.getAttribute('aria-label') || 'Submit');
  }

  function headingOf(form) {
    const inside = form.querySelector('legend, h1, h2, h3');
    if (inside) return clip(inside.textContent);
    let found = null;
    for (const h of document.querySelectorAll('h1, h2, h3')) {
      if (h.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING) found = h;
    }
    return found ? clip(found.textContent) : null;
  }

  function describe(form, submitter) {
    const fields = [];
    const submitTexts = [];
    for (const control of formElements.call(form)) {
      const isButton = control instanceof HTMLButtonElement;
      const type = isButton ? control.type : control instanceof HTMLInputElement ? control.type : control.localName;
      if ((isButton || control instanceof HTMLInputElement) && (type === 'submit' || type === 'image')) {
        if (submitTexts.length < 32) submitTexts.push(submitText(control));
        continue;
      }
      if (isButton || control instanceof HTMLFieldSetElement || control instanceof HTMLOutputElement) continue;
      if (fields.length >= 256) continue;
      fields.push({
        name: clip(control.getAttribute('name'), 512),
        type: clip(type, 64),
        autocomplete: clip(control.getAttribute('autocomplete'), 256),
        label: labelOf(control),
        id: control.id ? clip(control.id, 512) : null,
      });
    }
    // The button actually used is the most telling text: put it first.
    const used = submitterOf(form, submitter);
    if (used) submitTexts.unshift(submitText(used));
    return {
      origin: location.origin,
      action: clip(form.getAttribute('action'), 4096),
      method: effectiveMethod(form, submitter),
      fields,
      submitTexts: submitTexts.slice(0, 32),
      headingText: headingOf(form),
    };
  }

  // ------------------------------------------------------------------ the dialog

  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function when(atMs) {
    const at = new Date(atMs);
    const sameDay = at.toDateString() === new Date().toDateString();
    return sameDay
      ? at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
      : at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function answerText(record) {
    if (record.answer === 'timeout') return t('guardAnswerTimeout');
    if (record.answer === 'dropped') return t('guardAnswerDropped');
    return t('guardAnswerStatus', [String(record.status)]);
  }

  const STYLE = `
    :host { all: initial; }
    .backdrop { position: fixed; inset: 0; z-index: 2147483647; background: #0008; display: flex;
      align-items: center; justify-content: center; font: 15px/1.5 system-ui, sans-serif; }
    .dialog { max-width: 460px; margin: 16px; padding: 20px 24px; border-radius: 10px; background: #fff;
      color: #1f1f1f; border-top: 6px solid #9a6700; box-shadow: 0 8px 32px #0006; }
    .dialog.payment { border-top-color: #b3261e; }
    h2 { font-size: 18px; margin: 0 0 10px; }
    p { margin: 0 0 10px; }
    .warning { font-weight: 600; }
    .payment .warning { color: #b3261e; }
    .buttons { display: flex; gap: 12px; justify-content: flex-end; margin-top: 16px; }
    button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid #747775; background: #fff;
      color: inherit; cursor: pointer; }
    button.cancel { background: #0b57d0; border-color: #0b57d0; color: #fff; }
    button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
    @media (prefers-color-scheme: dark) {
      .dialog { background: #1f1f1f; color: #e3e3e3; }
      button { background: #1f1f1f; }
      .payment .warning { color: #f2b8b5; }
    }`;

  /** The accessible modal: focus starts on "Don't submit", Tab stays inside, Escape cancels. */
  function showDialog(hold, onProceed, submitter) {
    const strength = ['payment', 'order'].includes(hold.strength) ? hold.strength : 'other';
    const cap = strength[0].toUpperCase() + strength.slice(1);
    const host = el('div', { id: 'gateway-guard-guard-host' });
    const root = host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = STYLE;
    const box = el('div', {
      class: `dialog ${strength}`,
      role: 'alertdialog',
      'aria-modal': 'true',
      'aria-labelledby': 'gg-guard-title',
      'aria-describedby': 'gg-guard-desc',
    });
    box.append(el('h2', { id: 'gg-guard-title' }, t(`guardTitle${cap}`)));
    const desc = el('div', { id: 'gg-guard-desc' });
    desc.append(
      el('p', { class: 'attempt' }, t('guardAttempt', [when(hold.record.atMs), answerText(hold.record)])),
      el('p', { class: 'warning' }, t(`guardWarning${cap}`)),
      el('p', { class: 'check' }, t('guardCheckFirst')),
    );
    const cancel = el('button', { type: 'button', class: 'cancel' }, t('guardDontSubmit'));
    const anyway = el('button', { type: 'button', class: 'proceed' }, t('guardSubmitAnyway'));
    const buttons = el('div', { class: 'buttons' });
    buttons.append(anyway, cancel);
    box.append(desc, buttons);
    const backdrop = el('div', { class: 'backdrop' });
    backdrop.append(box);
    root.append(style, backdrop);

    const body = document.body;
    const bodyWasInert = body?.inert ?? false;
    const previousFocus = submitter ?? document.activeElement;
    const focusables = [anyway, cancel];

    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopImmediatePropagation();
        close(false);
      } else if (event.key === 'Tab') {
        event.preventDefault();
        event.stopImmediatePropagation();
        const i = focusables.indexOf(root.activeElement);
        const next = (i + (event.shiftKey ? -1 : 1) + focusables.length) % focusables.length;
        focusables[next].focus();
      }
    };
    // Focus that leaves the dialog (a click, a page script) comes back to "Don't submit".
    const onFocusIn = (event) => {
      if (event.target !== host) cancel.focus();
    };

    function close(proceed) {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusin', onFocusIn, true);
      host.remove();
      if (body) body.inert = bodyWasInert;
      dialog = null;
      if (proceed) onProceed();
      else previousFocus?.focus?.();
    }

    // Only a real user's click counts: the page can reach an open shadow root, not forge a trusted event.
    cancel.addEventListener('click', (e) => e.isTrusted && close(false));
    anyway.addEventListener('click', (e) => e.isTrusted && close(true));
    window.addEventListener('keydown', onKey, true);
    document.addEventListener('focusin', onFocusIn, true);
    if (body) body.inert = true;
    document.documentElement.append(host);
    dialog = host;
    cancel.focus();
  }
})();
