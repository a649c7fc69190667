import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChatMessage, CHAT_MAX_LENGTH } from '@videoloket/contracts';
import { linkifySegments } from '../linkify';

// The type checks this equals the contract's limit without importing zod into the bundle.
const CHAT_MAX: typeof CHAT_MAX_LENGTH = 2000;

export interface ChatLabels {
  heading: string;
  input: string;
  send: string;
  empty: string;
  you: string;
  failed: string;
  /** Announcement for a new message from someone else, e.g. "New message from {name}". */
  newMessage: (name: string) => string;
}

/**
 * Chat rendered as text; only http(s) links become <a>. New messages are announced politely —
 * here, or (announceNew false) by the page's own live region when the chat may be hidden.
 */
export function ChatPanel({ messages, selfId, onSend, labels, announceNew = true }: { messages: ChatMessage[]; selfId?: string; onSend: (text: string) => Promise<void>; labels: ChatLabels; announceNew?: boolean }) {
  const [text, setText] = useState('');
  const [error, setError] = useState(false);
  const [announce, setAnnounce] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  const seen = useRef(messages.length);

  useEffect(() => {
    listRef.current?.lastElementChild?.scrollIntoView?.({ block: 'nearest' });
    const last = messages[messages.length - 1];
    if (announceNew && messages.length > seen.current && last && last.fromParticipantId !== selfId) setAnnounce(labels.newMessage(last.fromName));
    seen.current = messages.length;
  }, [messages, selfId, labels, announceNew]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    setError(false);
    try {
      await onSend(value);
      setText('');
    } catch {
      setError(true); // the text stays in the field, nothing is lost
    }
  }

  return (
    <section className="chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">{labels.heading}</h2>
      <ol className="chat-log" ref={listRef} data-testid="chat-log">
        {messages.length === 0 && <li className="chat-empty">{labels.empty}</li>}
        {messages.map((m) => (
          <li key={m.id} className={m.fromParticipantId === selfId ? 'chat-own' : undefined} data-testid="chat-message">
            <span className="chat-from">{m.fromParticipantId === selfId ? labels.you : m.fromName}</span>{' '}
            <time dateTime={m.sentAt}>{new Date(m.sentAt).toLocaleTimeString(document.documentElement.lang || undefined, { hour: '2-digit', minute: '2-digit' })}</time>
            <p className="chat-text">
              {linkifySegments(m.text).map((s, i) =>
                s.kind === 'link' ? (
                  <a key={i} href={s.href} target="_blank" rel="noopener noreferrer">
                    {s.text}
                  </a>
                ) : (
                  <span key={i}>{s.text}</span>
                ),
              )}
            </p>
          </li>
        ))}
      </ol>
      {announceNew && (
        <p className="visually-hidden" role="status" aria-live="polite" data-testid="chat-announcer">
          {announce}
        </p>
      )}
      <form className="chat-form" onSubmit={submit}>
        <label htmlFor="chat-input" className="visually-hidden">
          {labels.input}
        </label>
        <input id="chat-input" data-testid="chat-input" value={text} maxLength={CHAT_MAX} autoComplete="off" placeholder={labels.input} onChange={(e) => setText(e.target.value)} />
        <button type="submit" data-testid="chat-send">
          {labels.send}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {labels.failed}
        </p>
      )}
    </section>
  );
}
