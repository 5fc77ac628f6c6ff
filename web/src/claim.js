// "Je suis ce professionnel", on the public fiche: the claim form (identifier, name,
// contact e-mail, message) and what became of it, with the link to follow it. The
// identifier must be the fiche's own: the claimant shows they know which fiche they ask for.
import { account } from './api.js';
import { el, focusElement } from './dom.js';
import { control, describeError, errorSummary, placeProblems, statusLine } from './forms.js';
import { t } from './fr.js';

// The path of a link the server gives (its host is the public URL the server was told).
const localPath = link => {
  try {
    const url = new URL(link, window.location.origin);
    return `${url.pathname}${url.hash}`;
  } catch {
    return '/attribution/suivi';
  }
};

export function claimSection(fiche) {
  const section = el('section', { class: 'fiche-section claim', 'aria-labelledby': 'claim-title' });
  const open = el('button', { type: 'button', class: 'secondary claim-open', 'aria-expanded': 'false' }, t.claimOpen);
  section.append(el('h3', { id: 'claim-title' }, t.claimTitle), el('p', {}, t.claimText), open);
  open.addEventListener('click', () => {
    open.setAttribute('aria-expanded', 'true');
    open.hidden = true;
    const form = claimForm(fiche, () => {
      form.remove();
      open.hidden = false;
      open.setAttribute('aria-expanded', 'false');
      open.focus();
    });
    section.append(form);
    focusElement(form.querySelector('h4'));
  });
  return section;
}

function claimForm(fiche, onCancel) {
  const id = control({ label: t.claimId, name: 'practitioner_id', help: t.claimIdHelp, required: true, maxlength: 11, autocomplete: 'off', attributes: { inputmode: 'numeric' } });
  const name = control({ label: t.claimName, name: 'name', required: true, maxlength: 200, autocomplete: 'name' });
  const email = control({ label: t.claimEmail, name: 'contact_email', kind: 'email', help: t.claimEmailHelp, required: true, maxlength: 254, autocomplete: 'email' });
  const message = control({ label: t.claimMessage, name: 'message', kind: 'textarea', maxlength: 2000 });
  const summary = errorSummary();
  const status = statusLine();
  const send = el('button', { type: 'submit', class: 'primary' }, t.claimSend);
  const cancel = el('button', { type: 'button', class: 'link-button', onclick: onCancel }, t.claimCancel);
  const form = el(
    'form',
    { class: 'claim-form', novalidate: true },
    el('h4', {}, t.claimFormTitle),
    el('p', { class: 'field-help' }, t.claimHelp),
    summary.element,
    id.wrapper,
    name.wrapper,
    email.wrapper,
    message.wrapper,
    el('div', { class: 'form-actions' }, send, cancel),
    status.element,
  );
  const controls = new Map([
    ['practitioner_id', { ...id, label: t.claimId }],
    ['name', { ...name, label: t.claimName }],
    ['contact_email', { ...email, label: t.claimEmail }],
    ['message', { ...message, label: t.claimMessage }],
  ]);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    for (const c of controls.values()) c.setError(null);
    summary.hide();
    const problems = [];
    for (const [path, c] of controls) if (path !== 'message' && !c.input.value.trim()) problems.push({ path, fault: 'required' });
    if (id.input.value.trim() && id.input.value.trim() !== fiche.id) {
      id.setError(t.claimWrongId);
      summary.show(t.formHasErrors(problems.length + 1), [{ input: id.input, text: t.claimWrongId, label: t.claimId }, ...placeProblems(problems, controls)]);
      return;
    }
    if (problems.length) return summary.show(t.formHasErrors(problems.length), placeProblems(problems, controls));
    send.disabled = true;
    status.set(t.claimSending);
    try {
      const body = { practitioner_id: id.input.value.trim(), name: name.input.value, contact_email: email.input.value.trim() };
      if (message.input.value.trim()) body.message = message.input.value;
      const answer = await account.claim(body);
      const done = el(
        'div',
        { class: 'claim-done', role: 'status' },
        el('p', {}, t.claimSent[answer.claim.status] || t.claimSent.awaiting_review),
        el('p', {}, el('a', { href: localPath(answer.status_link) }, t.claimFollow)),
      );
      form.replaceWith(done);
      focusElement(done.querySelector('p'));
    } catch (error) {
      send.disabled = false;
      status.set('');
      if (error.problems?.length) summary.show(t.formHasErrors(error.problems.length), placeProblems(error.problems, controls));
      else summary.show(describeError(error));
    }
  });
  return form;
}
