import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docxWith, makeZip } from '../../test/zip-bomb';
import { checkContent } from './magic';
import { zipRefusal } from './zip';

const limits = { maxEntries: 50, maxUncompressedBytes: 64 * 1024 * 1024, maxRatio: 100 };
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../../test/fixtures', name));

describe('ZIP expansion limits for DOCX and ODT', () => {
  it('accepts real documents and a modest one with an incompressible image', async () => {
    expect(await zipRefusal(fixture('contract.docx'), limits)).toBeNull();
    expect(await zipRefusal(fixture('contract.odt'), limits)).toBeNull();
    const photo = await docxWith({ data: Buffer.concat(Array.from({ length: 64 }, () => fixture('photo.jpg'))) });
    expect(checkContent(photo, { filename: 'met-foto.docx' }).ok).toBe(true);
    expect(await zipRefusal(photo, limits)).toBeNull();
  });

  it('refuses a bomb by its total expanded size', async () => {
    const bomb = await docxWith({ zeros: 80 * 1024 * 1024 });
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await zipRefusal(bomb, { ...limits, maxRatio: 1e9 })).toMatch(/expands to more than 64 MiB/);
  });

  it('refuses a part that expands too many times, even when the total fits', async () => {
    const dense = await docxWith({ zeros: 4 * 1024 * 1024 });
    expect(await zipRefusal(dense, limits)).toMatch(/expands \d+ times \(at most 100\)/);
  });

  it('refuses an archive whose declared sizes lie (inflated, not trusted)', async () => {
    const liar = await docxWith({ zeros: 80 * 1024 * 1024, declaredSize: 10_000 });
    expect(await zipRefusal(liar, limits)).toMatch(/damaged or its sizes are false/);
  });

  it('refuses too many parts and what is not a ZIP at all', async () => {
    const many = await makeZip(Array.from({ length: 51 }, (_, i) => ({ name: `word/p${i}.xml`, data: Buffer.from('<x/>') })));
    expect(await zipRefusal(many, limits)).toMatch(/holds 51 parts; at most 50/);
    expect(await zipRefusal(Buffer.from('PK\x03\x04 not really'), limits)).toMatch(/cannot be read/);
  });
});
