// An editable combobox with a list of suggestions (WAI-ARIA 1.2 "list autocomplete"):
// arrows move through the options, Enter picks one, Escape closes the list; focus stays
// in the text box, the active option is named by aria-activedescendant.
import { isAbort } from './api.js';
import { debounce, el } from './dom.js';

// options: {
//   input, listbox,
//   search(text) -> Promise<[{ label, detail?, value }]>,  (null: nothing to propose)
//   pick(option),                                           the user chose an option
//   delay (ms), onError(error)
// }
export function combobox({ input, listbox, search, pick, delay = 200, onError = () => {} }) {
  let options = [];
  let active = -1;
  let generation = 0;

  const close = () => {
    listbox.hidden = true;
    listbox.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    options = [];
    active = -1;
  };

  const highlight = index => {
    active = index;
    [...listbox.children].forEach((item, i) => item.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      const item = listbox.children[index];
      input.setAttribute('aria-activedescendant', item.id);
      item.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const choose = index => {
    const option = options[index];
    close();
    if (option) pick(option);
  };

  const show = found => {
    options = found;
    active = -1;
    listbox.replaceChildren(
      ...found.map((option, i) =>
        el(
          'li',
          {
            id: `${listbox.id}-${i}`,
            role: 'option',
            'aria-selected': 'false',
            class: 'option',
            // mousedown keeps the focus in the text box; the choice is made on click.
            onmousedown: event => event.preventDefault(),
            onclick: () => choose(i),
          },
          el('span', { class: 'option-label' }, option.label),
          option.detail ? el('span', { class: 'option-detail' }, option.detail) : null,
        ),
      ),
    );
    const open = found.length > 0;
    listbox.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    input.removeAttribute('aria-activedescendant');
  };

  const lookup = debounce(async text => {
    const mine = ++generation;
    try {
      const found = await search(text);
      if (mine !== generation || document.activeElement !== input) return;
      if (found === null) close();
      else show(found);
    } catch (error) {
      if (!isAbort(error)) onError(error);
    }
  }, delay);

  input.addEventListener('input', () => {
    generation++;
    lookup(input.value);
  });
  input.addEventListener('keydown', event => {
    const open = !listbox.hidden && options.length > 0;
    switch (event.key) {
      case 'ArrowDown':
        if (open) {
          event.preventDefault();
          highlight(active + 1 >= options.length ? 0 : active + 1);
        } else if (input.value.trim()) {
          event.preventDefault();
          lookup(input.value);
        }
        break;
      case 'ArrowUp':
        if (open) {
          event.preventDefault();
          highlight(active <= 0 ? options.length - 1 : active - 1);
        }
        break;
      case 'Enter':
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        } else {
          generation++;
          lookup.cancel();
          close();
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
        break;
      case 'Tab':
        close();
        break;
      default:
    }
  });
  input.addEventListener('blur', () => {
    generation++;
    lookup.cancel();
    close();
  });
  return { close };
}
