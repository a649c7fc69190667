import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { redactRedisUrl } from './redis';

describe('Redis settings', () => {
  it('logs the URL without its password or user name', () => {
    expect(redactRedisUrl('redis://:s3cret@10.0.0.5:6379/2')).toBe('redis://:***@10.0.0.5:6379/2');
    expect(redactRedisUrl('rediss://videoloket:s3cret@redis.internal:6380')).toBe('rediss://***:***@redis.internal:6380');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactRedisUrl('not a url :s3cret')).not.toContain('s3cret');
  });

  it('unset: state in this process; set: a redis:// or rediss:// URL with the default prefix', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@redis.internal:6380' }).redis).toEqual({ url: 'rediss://:pw@redis.internal:6380', keyPrefix: 'vl:' });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: 'gent:' }).redis?.keyPrefix).toBe('gent:');
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1', REDIS_KEY_PREFIX: 'a b' })).toThrow(/REDIS_KEY_PREFIX/);
  });
});
