// The desk's keyboard shortcuts (issue 12 item 7). Every action is on Alt+Shift+<letter>,
// matched on the physical key (event.code) so a layout or macOS's Option characters do not
// change them; only the help also opens with "?", a single character, which the clerk can
// turn off (WCAG 2.1.4) and which never fires while typing.

export const SHORTCUT_ACTIONS = ['admitNext', 'mute', 'camera', 'shareScreen', 'openCase', 'help'] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

/** The physical key of each action, with Alt+Shift. */
export const SHORTCUT_KEYS: Readonly<Record<ShortcutAction, string>> = {
  admitNext: 'KeyA',
  mute: 'KeyM',
  camera: 'KeyV',
  shareScreen: 'KeyS',
  /** D for dossier: the cockpit's case window (issue 12 item 1). */
  openCase: 'KeyD',
  help: 'KeyH',
};

/** What a shortcut needs to know of a keydown. */
export interface KeyPress {
  key: string;
  code: string;
  altKey: boolean;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  /** Focus is in a text field, a select or an editable element. */
  typing: boolean;
}

export function shortcutFor(press: KeyPress, questionMarkOpensHelp: boolean): ShortcutAction | undefined {
  if (press.ctrlKey || press.metaKey) return undefined;
  if (press.altKey && press.shiftKey) return SHORTCUT_ACTIONS.find((a) => SHORTCUT_KEYS[a] === press.code);
  if (questionMarkOpensHelp && !press.altKey && press.key === '?' && !press.typing) return 'help';
  return undefined;
}

/** A keydown's target is somewhere the keys type text. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
}

/** How the keys are written in the help, e.g. "Alt+Shift+A". */
export const keysLabel = (action: ShortcutAction) => `Alt+Shift+${SHORTCUT_KEYS[action].slice(3)}`;
