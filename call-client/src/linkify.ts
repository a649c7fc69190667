// Chat is plain text. Only http(s) links become clickable; everything else, including
// anything that looks like HTML, stays text (docs/call-protocol.md, "Chat").

export type ChatSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
// Punctuation that usually ends a sentence rather than a URL.
const TRAILING = /[.,;:!?)\]}]+$/;

export function linkifySegments(text: string): ChatSegment[] {
  const out: ChatSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const start = match.index ?? 0;
    let url = match[0];
    const trail = TRAILING.exec(url);
    if (trail) url = url.slice(0, url.length - trail[0].length);
    const href = safeHttpUrl(url);
    if (!href) continue;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', text: url, href });
    last = start + url.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

function safeHttpUrl(candidate: string): string | undefined {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** DOM version for non-React callers: text nodes and `<a>` elements only, never innerHTML. */
export function linkifyToFragment(doc: Document, text: string): DocumentFragment {
  const frag = doc.createDocumentFragment();
  for (const seg of linkifySegments(text)) {
    if (seg.kind === 'text') {
      frag.append(doc.createTextNode(seg.text));
    } else {
      const a = doc.createElement('a');
      a.href = seg.href;
      a.textContent = seg.text;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      frag.append(a);
    }
  }
  return frag;
}
