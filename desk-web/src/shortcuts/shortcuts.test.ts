import { describe, expect, it } from 'vitest';
import { keysLabel, shortcutFor, type KeyPress } from './shortcuts';

const press = (p: Partial<KeyPress>): KeyPress => ({ key: '', code: '', altKey: false, shiftKey: false, ctrlKey: false, metaKey: false, typing: false, ...p });

describe('desk shortcuts', () => {
  it('Alt+Shift+letter on the physical key, whatever character the layout makes of it', () => {
    expect(shortcutFor(press({ altKey: true, shiftKey: true, code: 'KeyA', key: 'Å' }), true)).toBe('admitNext');
    expect(shortcutFor(press({ altKey: true, shiftKey: true, code: 'KeyM', key: 'M' }), true)).toBe('mute');
    expect(shortcutFor(press({ altKey: true, shiftKey: true, code: 'KeyV', key: 'V' }), true)).toBe('camera');
    expect(shortcutFor(press({ altKey: true, shiftKey: true, code: 'KeyS', key: 'S' }), true)).toBe('shareScreen');
    expect(shortcutFor(press({ altKey: true, shiftKey: true, code: 'KeyD', key: 'D' }), true)).toBe('openCase');
    expect(shortcutFor(press({ altKey: true, shiftKey: true, code: 'KeyH', key: 'H' }), true)).toBe('help');
    // Also while typing: a modifier chord types nothing.
    expect(shortcutFor(press({ altKey: true, shiftKey: true, code: 'KeyM', typing: true }), true)).toBe('mute');
  });

  it('leaves the browser its own chords and plain letters alone', () => {
    expect(shortcutFor(press({ ctrlKey: true, altKey: true, shiftKey: true, code: 'KeyA' }), true)).toBeUndefined();
    expect(shortcutFor(press({ metaKey: true, shiftKey: true, altKey: true, code: 'KeyM' }), true)).toBeUndefined();
    expect(shortcutFor(press({ altKey: true, code: 'KeyA' }), true)).toBeUndefined();
    expect(shortcutFor(press({ key: 'a', code: 'KeyA' }), true)).toBeUndefined();
    expect(shortcutFor(press({ altKey: true, shiftKey: true, code: 'KeyQ' }), true)).toBeUndefined();
  });

  it('"?" opens the help unless the clerk types or turned it off', () => {
    expect(shortcutFor(press({ key: '?', shiftKey: true, code: 'Slash' }), true)).toBe('help');
    expect(shortcutFor(press({ key: '?', shiftKey: true, typing: true }), true)).toBeUndefined();
    expect(shortcutFor(press({ key: '?', shiftKey: true }), false)).toBeUndefined();
  });

  it('names the keys in the help', () => {
    expect(keysLabel('admitNext')).toBe('Alt+Shift+A');
    expect(keysLabel('camera')).toBe('Alt+Shift+V');
  });
});
