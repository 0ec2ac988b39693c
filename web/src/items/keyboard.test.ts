import { describe, expect, it } from 'vitest';
import { isTypingTarget, panelCommand, shortcutAllowed, shortcutKey, stepIndex, tableCommand, type KeyPress } from './keyboard';

const press = (key: string, target: KeyPress['target'] = { tagName: 'TR' }, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  target,
  ...extra,
});

describe('shortcutKey', () => {
  it('reads j, k and x typed with a Korean input source by their physical key', () => {
    expect(shortcutKey({ key: 'ㅓ', code: 'KeyJ' })).toBe('j');
    expect(shortcutKey({ key: 'ㅏ', code: 'KeyK' })).toBe('k');
    expect(shortcutKey({ key: 'ㅌ', code: 'KeyX' })).toBe('x');
    expect(shortcutKey({ key: 'Process', code: 'KeyJ' })).toBe('j');
  });

  it('keeps every other key as it came', () => {
    expect(shortcutKey({ key: 'j', code: 'KeyJ' })).toBe('j');
    expect(shortcutKey({ key: 'ArrowDown', code: 'ArrowDown' })).toBe('ArrowDown');
    expect(shortcutKey({ key: '?', code: 'Slash' })).toBe('?');
    expect(shortcutKey({ key: ' ', code: 'Space' })).toBe(' ');
    expect(shortcutKey({ key: 'j' })).toBe('j');
  });
});

describe('isTypingTarget', () => {
  it('is true for text boxes, text areas, selects, radios and anything editable', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'date' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'radio' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('is false for rows, buttons, links, check boxes and nothing', () => {
    expect(isTypingTarget({ tagName: 'TR' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'A' })).toBe(false);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BODY', isContentEditable: false })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('shortcutAllowed', () => {
  it('takes plain keys (Shift too: ? is Shift+/) on a row', () => {
    expect(shortcutAllowed(press('j'))).toBe(true);
    expect(shortcutAllowed(press('?', undefined, { shiftKey: true }))).toBe(true);
  });

  it('never fires while typing or composing Korean', () => {
    expect(shortcutAllowed(press('j', { tagName: 'INPUT', type: 'search' }))).toBe(false);
    expect(shortcutAllowed(press('j', { tagName: 'TEXTAREA' }))).toBe(false);
    expect(shortcutAllowed(press('ArrowDown', { tagName: 'SELECT' }))).toBe(false);
    expect(shortcutAllowed(press('Enter', { tagName: 'P', isContentEditable: true }))).toBe(false);
    expect(shortcutAllowed(press('j', undefined, { isComposing: true }))).toBe(false);
  });

  it('leaves Ctrl, Cmd and Alt shortcuts, and keys already handled, alone', () => {
    expect(shortcutAllowed(press('k', undefined, { ctrlKey: true }))).toBe(false);
    expect(shortcutAllowed(press('k', undefined, { metaKey: true }))).toBe(false);
    expect(shortcutAllowed(press('ArrowDown', undefined, { altKey: true }))).toBe(false);
    expect(shortcutAllowed(press('j', undefined, { defaultPrevented: true }))).toBe(false);
  });
});

describe('tableCommand', () => {
  it('maps the arrows, j/k, Home/End, Enter, Space/x and ?', () => {
    expect(tableCommand('ArrowDown', false)).toBe('next');
    expect(tableCommand('j', false)).toBe('next');
    expect(tableCommand('ArrowUp', false)).toBe('previous');
    expect(tableCommand('k', false)).toBe('previous');
    expect(tableCommand('Home', false)).toBe('first');
    expect(tableCommand('End', false)).toBe('last');
    expect(tableCommand('Enter', false)).toBe('open');
    expect(tableCommand(' ', false)).toBe('toggle');
    expect(tableCommand('x', false)).toBe('toggle');
    expect(tableCommand('?', false)).toBe('help');
    expect(tableCommand('a', false)).toBeNull();
    expect(tableCommand('Tab', false)).toBeNull();
  });

  it('leaves Enter and Space to a check box or button that has the focus', () => {
    expect(tableCommand('Enter', true)).toBeNull();
    expect(tableCommand(' ', true)).toBeNull();
    expect(tableCommand('x', true)).toBe('toggle');
    expect(tableCommand('j', true)).toBe('next');
  });
});

describe('panelCommand', () => {
  it('moves with j/k and the arrows; Enter, Space and Escape stay the panel’s own', () => {
    expect(panelCommand('j')).toBe('next');
    expect(panelCommand('ArrowDown')).toBe('next');
    expect(panelCommand('k')).toBe('previous');
    expect(panelCommand('ArrowUp')).toBe('previous');
    expect(panelCommand('?')).toBe('help');
    expect(panelCommand('Enter')).toBeNull();
    expect(panelCommand(' ')).toBeNull();
    expect(panelCommand('Escape')).toBeNull();
  });
});

describe('stepIndex', () => {
  it('moves one row and stops at the ends, saying which', () => {
    expect(stepIndex(0, 'next', 3)).toEqual({ index: 1, edge: null });
    expect(stepIndex(2, 'next', 3)).toEqual({ index: 2, edge: 'end' });
    expect(stepIndex(1, 'previous', 3)).toEqual({ index: 0, edge: null });
    expect(stepIndex(0, 'previous', 3)).toEqual({ index: 0, edge: 'start' });
  });

  it('goes to the first and last row', () => {
    expect(stepIndex(1, 'first', 3)).toEqual({ index: 0, edge: null });
    expect(stepIndex(1, 'last', 3)).toEqual({ index: 2, edge: null });
  });

  it('starts at the first row when none has the focus yet, and copes with a list that shrank', () => {
    expect(stepIndex(-1, 'next', 3)).toEqual({ index: 0, edge: null });
    expect(stepIndex(-1, 'previous', 3)).toEqual({ index: 0, edge: 'start' });
    expect(stepIndex(7, 'next', 3)).toEqual({ index: 2, edge: 'end' });
    expect(stepIndex(7, 'previous', 3)).toEqual({ index: 1, edge: null });
  });

  it('has nowhere to go in an empty list', () => {
    expect(stepIndex(-1, 'next', 0)).toEqual({ index: -1, edge: 'end' });
    expect(stepIndex(-1, 'first', 0)).toEqual({ index: -1, edge: 'start' });
  });
});
