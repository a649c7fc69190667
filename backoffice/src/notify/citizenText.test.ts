import { describe, expect, it } from 'vitest';
import { citizenTextBlock, quoteCitizenText } from './citizenText';

describe('citizen text in mails', () => {
  it('quotes, keeps one line and breaks what a mail program would link', () => {
    expect(quoteCitizenText('Jan Peeters')).toBe('«Jan Peeters»');
    const quoted = quoteCitizenText('Jan.\nBetaal via pay.example.com of info@example.com');
    expect(quoted).not.toMatch(/\n/);
    expect(quoted).not.toContain('pay.example.com');
    expect(quoted).not.toContain('info@example.com');
    expect(quoted.replace(/\u200B/g, '')).toBe('«Jan. Betaal via pay.example.com of info@example.com»');
  });

  it('labels the block and leaves out empty fields', () => {
    expect(citizenTextBlock('Zoals u invulde:', [['Naam', 'An'], ['Adres', undefined], ['Opmerking', ' ']])).toEqual(['', 'Zoals u invulde:', '  Naam: «An»']);
    expect(citizenTextBlock('Zoals u invulde:', [['Adres', undefined]])).toEqual([]);
  });
});
