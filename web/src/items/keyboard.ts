/**
 * The items list's keyboard shortcuts (j/k and the arrows between rows, Enter to open, Space or x
 * to pick, ? for the list of them): which key means what, and whether a key press is the
 * page's to take at all. Pure, so the rules are tested without a browser.
 */

/** What a key press asks of the list (the table, or the open item's panel). */
export type ListCommand = 'next' | 'previous' | 'first' | 'last' | 'open' | 'toggle' | 'help';

/** The parts of a DOM element the rules read (an element, or a stand-in in tests). */
export interface KeyTarget {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

/** The parts of a keyboard event the rules read. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  defaultPrevented?: boolean;
  /** An IME is composing (Korean input): the key belongs to the composition. */
  isComposing?: boolean;
  target: KeyTarget | EventTarget | null;
}

/**
 * The key as the shortcuts read it. With a Korean input source on, j arrives as 'ㅓ' (or as
 * 'Process' while the IME looks at it): the physical key (`code`, KeyJ) then names the letter.
 */
export function shortcutKey(event: { key: string; code?: string }): string {
  const { key, code } = event;
  const latin = /^Key([A-Z])$/.exec(code ?? '');
  if (latin && (key === 'Process' || (key.length === 1 && key.charCodeAt(0) > 0x7f))) return latin[1]!.toLowerCase();
  return key;
}

/** Inputs that take no typing: a letter or an arrow key pressed on them is free for a shortcut. */
const KEYLESS_INPUTS = new Set(['checkbox', 'button', 'submit', 'reset', 'image']);

/**
 * True when the element takes typing or its own arrow keys: a text box, a text area, a select, a
 * radio or slider, or anything editable. Shortcuts never fire there.
 */
export function isTypingTarget(target: KeyTarget | EventTarget | null | undefined): boolean {
  if (!target || typeof target !== 'object') return false;
  const el = target as KeyTarget;
  if (el.isContentEditable) return true;
  const tag = (el.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !KEYLESS_INPUTS.has((el.type ?? 'text').toLowerCase());
  return false;
}

/**
 * True when a key press may be taken as a shortcut: not while typing (or composing Korean), not
 * with Ctrl, Cmd or Alt held (the browser's and the system's own shortcuts), not when something
 * else already handled it.
 */
export function shortcutAllowed(event: KeyPress): boolean {
  if (event.defaultPrevented || event.isComposing) return false;
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  return !isTypingTarget(event.target);
}

/**
 * The command a key gives in the table (a row or a control in it has the focus). Space and Enter
 * are left alone on a control that has its own (a check box, a button): `onControl`.
 */
export function tableCommand(key: string, onControl: boolean): ListCommand | null {
  switch (key) {
    case 'ArrowDown':
    case 'j':
    case 'J':
      return 'next';
    case 'ArrowUp':
    case 'k':
    case 'K':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'Enter':
      return onControl ? null : 'open';
    case ' ':
    case 'Spacebar':
      return onControl ? null : 'toggle';
    case 'x':
    case 'X':
      return 'toggle';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** The command a key gives while an item's panel is open (outside text fields): the next or previous item, or the list of keys — the table's keys for them. */
export function panelCommand(key: string): 'next' | 'previous' | 'help' | null {
  const command = tableCommand(key, true);
  return command === 'next' || command === 'previous' || command === 'help' ? command : null;
}

/** Where a move lands: the index, or the edge it ran into ('end' at the last row, 'start' at the first). */
export interface Step {
  index: number;
  edge: 'start' | 'end' | null;
}

/**
 * The row a command moves to among `count` rows from `current` (-1: none yet, so "next" is the
 * first row). Stops at the ends and says so; never wraps, so holding j does not start over.
 */
export function stepIndex(current: number, command: 'next' | 'previous' | 'first' | 'last', count: number): Step {
  if (count <= 0) return { index: -1, edge: command === 'previous' || command === 'first' ? 'start' : 'end' };
  const at = Math.min(Math.max(current, -1), count - 1);
  switch (command) {
    case 'first':
      return { index: 0, edge: null };
    case 'last':
      return { index: count - 1, edge: null };
    case 'next':
      return at >= count - 1 ? { index: count - 1, edge: 'end' } : { index: at + 1, edge: null };
    case 'previous':
      return at <= 0 ? { index: 0, edge: 'start' } : { index: at - 1, edge: null };
  }
}
