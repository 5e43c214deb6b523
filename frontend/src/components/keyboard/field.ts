// Reading and writing a real <input>/<textarea> the way typing would, so
// Svelte bindings (bind:value listens to "input") and validation see it.
import type { Edit, FieldState } from './keys';

export type TextField = HTMLInputElement | HTMLTextAreaElement;

/** readField returns the value and selection; fields without a selection API (type=number, email) edit at the end. */
export function readField(el: TextField): FieldState {
  const value = el.value;
  let start: number | null = null;
  let end: number | null = null;
  try {
    start = el.selectionStart;
    end = el.selectionEnd;
  } catch {
    // type=number and type=email throw or return null: append at the end.
  }
  if (start === null || end === null) return { value, start: value.length, end: value.length };
  return { value, start, end };
}

/** writeField puts an edit into the field, moves the caret and fires beforeinput/input like a keystroke. */
export function writeField(el: TextField, edit: Edit): boolean {
  const before = new InputEvent('beforeinput', { bubbles: true, cancelable: true, inputType: edit.inputType, data: edit.data });
  if (!el.dispatchEvent(before)) return false;
  el.value = edit.value;
  try {
    el.setSelectionRange(edit.caret, edit.caret);
  } catch {
    // No selection API for this input type.
  }
  el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: edit.inputType, data: edit.data }));
  return true;
}

/** nextField finds the next enabled text field after el in document order (for the "Next" key). */
export function nextField(el: TextField, isText: (e: Element) => boolean): TextField | null {
  const all = Array.from(document.querySelectorAll('input, textarea')).filter(
    (e) => isText(e) && (typeof e.checkVisibility !== 'function' || e.checkVisibility()),
  );
  const i = all.indexOf(el);
  return i >= 0 && i + 1 < all.length ? (all[i + 1] as TextField) : null;
}
