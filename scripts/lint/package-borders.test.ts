import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The package-border rules in eslint.config.js, run on deliberate violations placed (as text,
// not files) where they would hurt: a build that lints clean cannot hide one of these.
const repo = new URL('../..', import.meta.url).pathname;
let eslint: ESLint;

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.line} ${m.ruleId}`);
}

describe('package borders (eslint.config.js)', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: repo });
  });

  it("refuses a relative import of another workspace's source", async () => {
    expect(await problems('desk-web/src/probe.ts', "export { BookingForm } from '../../booking-ui/src/BookingForm';\n")).toEqual(['1 import-x/no-relative-packages']);
    expect(await problems('bench/probe.ts', "export { DocumentService } from '../storage/src/documents/DocumentService';\n")).toEqual(['1 import-x/no-relative-packages']);
  });

  it("refuses another package's src/ or test/ through its name, and test helpers in production code", async () => {
    const code = "export { AppError } from '@videoloket/contracts/src/errors';\nexport { header } from '@videoloket/backoffice/testing';\n";
    expect(await problems('signaling/src/probe.ts', code)).toEqual(['1 no-restricted-imports', '2 no-restricted-imports']);
  });

  it('refuses a workspace that the importing package.json does not declare', async () => {
    expect(await problems('sfu/src/probe.ts', "export { openDatabase } from '@videoloket/backoffice';\n")).toEqual(['1 import-x/no-extraneous-dependencies']);
    expect(await problems('e2e/probe.test.ts', "export { CallSession } from '@videoloket/call-client';\n")).toEqual(['1 import-x/no-extraneous-dependencies']);
  });

  it('accepts the same imports through declared package names and testing entries', async () => {
    expect(await problems('desk-web/src/probe.ts', "export { BookingForm } from '@videoloket/booking-ui';\n")).toEqual([]);
    expect(await problems('signaling/test/probe.test.ts', "export { header } from '@videoloket/backoffice/testing';\n")).toEqual([]);
    expect(await problems('bench/probe.ts', "export { DocumentService } from '@videoloket/storage';\n")).toEqual([]);
  });
});
