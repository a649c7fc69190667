import { describe, expect, it } from 'vitest';
import { linkifySegments } from './linkify';

describe('linkifySegments', () => {
  it('makes http and https links clickable and keeps the rest as text', () => {
    expect(linkifySegments('See https://gemeente.be/eid and http://x.org.')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://gemeente.be/eid', href: 'https://gemeente.be/eid' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves HTML and other schemes as plain text', () => {
    const text = '<b>bold</b> javascript:alert(1) <a href="https://evil">x</a> ftp://host';
    const segs = linkifySegments(text);
    expect(segs.filter((s) => s.kind === 'link').map((s) => s.text)).toEqual(['https://evil']);
    expect(segs.map((s) => s.text).join('')).toBe(text.replace('https://evil"', 'https://evil"'));
    expect(segs[0]).toEqual({ kind: 'text', text: '<b>bold</b> javascript:alert(1) <a href="' });
  });

  it('returns one text segment without links and nothing for empty text', () => {
    expect(linkifySegments('hallo')).toEqual([{ kind: 'text', text: 'hallo' }]);
    expect(linkifySegments('')).toEqual([]);
  });

  it('keeps a closing parenthesis or full stop out of the link', () => {
    const segs = linkifySegments('(zie https://a.be/x).');
    expect(segs[1]).toEqual({ kind: 'link', text: 'https://a.be/x', href: 'https://a.be/x' });
    expect(segs[2]).toEqual({ kind: 'text', text: ').' });
  });
});
