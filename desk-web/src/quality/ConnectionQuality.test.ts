import { describe, expect, it } from 'vitest';
import { qualitySentence, qualityText } from './ConnectionQuality';

describe('the desk\'s connection-quality sentences', () => {
  it('warn in plain words when the citizen\'s connection degrades, in each language', () => {
    expect(qualityText('otherWeak', { name: 'Jan' }, 'en')).toBe('The connection of Jan is weak: video reduced.');
    expect(qualityText('otherWeak', { name: 'Jan' }, 'nl')).toBe('De verbinding van Jan is zwak: beeld beperkt.');
    expect(qualityText('otherWeak', { name: 'Jan' }, 'fr')).toBe('La connexion de Jan est faible : image réduite.');
  });

  it('name the clerk\'s own connection without a name and say when nothing is measured yet', () => {
    expect(qualitySentence('very-weak')).toMatch(/^Uw verbinding is zeer zwak/);
    expect(qualitySentence(undefined, 'Jan')).toBe('Verbinding van Jan: nog niet gemeten');
    expect(qualitySentence('good', 'Jan')).toBe('Verbinding van Jan: goed');
  });
});
