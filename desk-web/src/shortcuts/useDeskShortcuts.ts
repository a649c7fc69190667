import { useEffect, useRef, useState } from 'react';
import { isTyping, shortcutFor, type ShortcutAction } from './shortcuts';

const QUESTION_MARK_KEY = 'videoloket:desk:question-mark-help:';

/** Whether "?" opens the help, per clerk (on unless they turned it off; WCAG 2.1.4). */
export function useQuestionMarkHelp(clerkId: string): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => readStored(clerkId));
  const save = (value: boolean) => {
    setOn(value);
    try {
      localStorage.setItem(QUESTION_MARK_KEY + clerkId, value ? 'on' : 'off');
    } catch {
      /* storage blocked: the choice holds for this page */
    }
  };
  return [on, save];
}

function readStored(clerkId: string): boolean {
  try {
    return localStorage.getItem(QUESTION_MARK_KEY + clerkId) !== 'off';
  } catch {
    return true;
  }
}

/** Runs the action of each shortcut pressed anywhere on the page; the latest handlers always apply. */
export function useDeskShortcuts(handlers: Record<ShortcutAction, () => void>, questionMarkOpensHelp: boolean): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat) return;
      const action = shortcutFor({ key: e.key, code: e.code, altKey: e.altKey, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, typing: isTyping(e.target) }, questionMarkOpensHelp);
      if (!action) return;
      e.preventDefault();
      latest.current[action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [questionMarkOpensHelp]);
}
