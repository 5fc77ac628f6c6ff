// Building elements without HTML strings: values from the data (which owners declare
// freely) only ever become text nodes or attribute values.

// el('a', { href, class: 'x', dataset: { id } }, 'text', otherElement)
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent, ...children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export const byId = id => document.getElementById(id);

// The element that has focus now, or null when it is the body.
export function focused() {
  const active = document.activeElement;
  return active && active !== document.body ? active : null;
}

// Moves focus to an element that is not focusable by itself (a heading, a section).
export function focusElement(element) {
  if (!element) return;
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus({ preventScroll: false });
}

// Calls fn once typing has paused for `ms`.
export function debounce(fn, ms) {
  let timer = 0;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

export function isPhoneLayout() {
  return window.matchMedia('(max-width: 899.98px)').matches;
}
