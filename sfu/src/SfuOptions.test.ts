import { describe, expect, it } from 'vitest';
import { InvalidSfuOptionsError } from './errors';
import { resolveSfuOptions, type SfuOptions } from './SfuOptions';

describe('resolveSfuOptions', () => {
  it('defaults to one worker per CPU core and fixed media ports', () => {
    const o = resolveSfuOptions({ cpuCount: 4 });
    expect(o.workerCount).toBe(4);
    expect(o.udpBasePort).toBe(40000);
    expect(o.tcpBasePort).toBe(40000);
    expect(o.listenIp).toBe('0.0.0.0');
  });

  it('announces loopback when listening on all interfaces without an announced address', () => {
    expect(resolveSfuOptions({}).announcedAddress).toBe('127.0.0.1');
    expect(resolveSfuOptions({ listenIp: '10.0.0.5' }).announcedAddress).toBe('10.0.0.5');
    expect(resolveSfuOptions({ announcedAddress: 'media.example.org' }).announcedAddress).toBe('media.example.org');
  });

  it('an explicit workerCount wins over the CPU count', () => {
    expect(resolveSfuOptions({ cpuCount: 8, workerCount: 2 }).workerCount).toBe(2);
  });

  it.each([
    [{ workerCount: 0 }],
    [{ workerCount: 1.5 }],
    [{ udpBasePort: 65535, workerCount: 2 }],
    [{ tcpBasePort: -1 }],
    [{ rtcPortRange: { min: 5000, max: 4000 } }],
    [{ udpBasePort: 40100, rtcPortRange: { min: 40100, max: 40200 } }],
    [{ announcedAddress: '0.0.0.0' }],
    [{ maxIncomingBitrate: -5 }],
    [{ activeSpeakerInterval: 10 }],
  ] as [SfuOptions][])('rejects %j', (options) => {
    expect(() => resolveSfuOptions(options)).toThrow(InvalidSfuOptionsError);
  });

  it('accepts port 0 (OS-chosen ports) without an overlap check', () => {
    const o = resolveSfuOptions({ udpBasePort: 0, tcpBasePort: 0, workerCount: 3 });
    expect(o.udpBasePort).toBe(0);
  });
});
