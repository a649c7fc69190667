import { describe, expect, it } from 'vitest';
import { deviceCheckLabels, rememberedButMissing } from './DeviceCheck';

describe('device check', () => {
  it('retries with the default only the remembered devices that failed to open, never a device just picked', () => {
    const remembered = { videoInput: 'cam-gone', audioInput: 'mic-ok' };
    expect(rememberedButMissing(remembered, remembered, ['video'])).toEqual(['videoInput']);
    expect(rememberedButMissing(remembered, remembered, ['audio', 'video'])).toEqual(['audioInput', 'videoInput']);
    expect(rememberedButMissing(remembered, remembered, [])).toEqual([]);
    // Picked in the check (no longer the remembered one): its failure is shown, not hidden.
    expect(rememberedButMissing({ videoInput: 'cam-picked' }, remembered, ['video'])).toEqual([]);
    // Nothing remembered (the citizen): nothing to retry.
    expect(rememberedButMissing({}, {}, ['audio', 'video'])).toEqual([]);
  });

  it('takes every label from the app translator', () => {
    const labels = deviceCheckLabels((key) => `[${key}]`);
    expect(labels.speakerTest).toBe('[speakerTest]');
    expect(Object.values(labels)).toHaveLength(10);
  });
});
