// Form parts shared by the claim form, the account pages, the owner page and the console:
// a labelled control with its help and its error (tied by aria-describedby), the summary
// of errors at the top of a form, and the status line under it. Values only ever go in as
// text or as a control's value.
import { el, focusElement } from './dom.js';
import { errorMessage, problemText, t } from './fr.js';

let serial = 0;
export const uniqueId = prefix => `${prefix}-${++serial}`;

// A labelled control: { wrapper, input, setError(text|null) }. kind: an input type,
// 'textarea' or 'select' (options: [[value, label]]).
export function control({ label, kind = 'text', name, value = '', help, required, maxlength, autocomplete, options = [], attributes = {} }) {
  const id = uniqueId(name || 'champ');
  const helpId = help ? `${id}-aide` : null;
  const errorId = `${id}-erreur`;
  let input;
  if (kind === 'textarea') input = el('textarea', { id, name, rows: 4, maxlength, required, ...attributes });
  else if (kind === 'select') input = el('select', { id, name, required, ...attributes }, options.map(([v, text]) => el('option', { value: v }, text)));
  else input = el('input', { id, name, type: kind, maxlength, required, autocomplete, ...attributes });
  input.value = value ?? '';
  if (helpId) input.setAttribute('aria-describedby', helpId);
  const error = el('p', { id: errorId, class: 'field-error', hidden: true });
  const wrapper = el(
    'div',
    { class: 'form-field' },
    el('label', { for: id }, label, required ? el('span', { class: 'required-mark' }, ' (obligatoire)') : null),
    help ? el('p', { id: helpId, class: 'field-help' }, help) : null,
    input,
    error,
  );
  const setError = text => setFieldError(input, error, text, helpId);
  return { wrapper, input, setError };
}

// Shows (or clears) the error of a control; the control is described by it while it shows.
export function setFieldError(input, error, text, helpId = null) {
  error.textContent = text || '';
  error.hidden = !text;
  const described = [helpId, text ? error.id : null].filter(Boolean).join(' ');
  if (described) input.setAttribute('aria-describedby', described);
  else input.removeAttribute('aria-describedby');
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  input.closest('.form-field, fieldset')?.classList.toggle('has-error', Boolean(text));
}

// The box above a form that lists its errors, each a link to its control; focused when shown.
export function errorSummary() {
  const list = el('ul', {});
  const title = el('h3', { class: 'summary-title', tabindex: '-1' });
  const box = el('div', { class: 'error-summary', role: 'alert', hidden: true }, title, list);
  return {
    element: box,
    show(message, items = []) {
      title.textContent = message;
      list.replaceChildren(
        ...items.map(({ input, text, label }) =>
          el(
            'li',
            {},
            input
              ? el('a', { href: `#${input.id}`, onclick: event => (event.preventDefault(), input.focus()) }, `${label ? `${label} : ` : ''}${text}`)
              : text,
          ),
        ),
      );
      box.hidden = false;
      focusElement(title);
    },
    hide() {
      box.hidden = true;
      list.replaceChildren();
    },
  };
}

// The line under a form that says what happened (polite live region).
export function statusLine() {
  const element = el('p', { class: 'form-status', role: 'status' });
  return {
    element,
    set(text, kind = 'info') {
      element.textContent = text || '';
      element.dataset.kind = kind;
    },
  };
}

// What an API error means, in French (a locked account says for how long).
export function describeError(error) {
  if (error?.code === 'account_locked' && error.retryAfter > 0) {
    const minutes = Math.max(1, Math.ceil(error.retryAfter / 60));
    return `Trop d’essais de connexion : ce compte est bloqué ${minutes} minute${minutes > 1 ? 's' : ''}. Réessayez ensuite.`;
  }
  if (error?.code === 'too_many_requests' && error.retryAfter > 0) {
    return `Trop de demandes en peu de temps. Réessayez dans ${Math.ceil(error.retryAfter / 60)} min.`;
  }
  return errorMessage(error?.code);
}

// Puts each problem of a refusal next to its control. `controls`: JSON path → {input,
// setError, label}; a problem whose path (or a parent of it) has no control goes in the
// summary only. Returns the summary's items.
export function placeProblems(problems, controls) {
  const items = [];
  for (const { path, fault } of problems) {
    const text = problemText(path, fault);
    let key = path;
    while (key && !controls.has(key)) key = key.replace(/(\.[^.[\]]+|\[\d+\])$/, '') === key ? '' : key.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    const target = key ? controls.get(key) : null;
    if (target) target.setError(text);
    items.push({ input: target?.input, text, label: target?.label });
  }
  return items;
}

export function busy(button, on, text) {
  button.disabled = on;
  if (text) {
    if (on) {
      button.dataset.label = button.textContent;
      button.textContent = text;
    } else if (button.dataset.label) button.textContent = button.dataset.label;
  }
}

export const required = value => (String(value).trim() ? null : t.required);
