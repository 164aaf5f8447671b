import { describe, expect, it } from 'vitest';
import { deviceNameFrom } from './user-agent.js';

describe('deviceNameFrom', () => {
  it.each([
    ['given name wins', ' My laptop ', 'Mozilla/5.0 Firefox/1', 'My laptop'],
    [
      'Firefox on Linux',
      undefined,
      'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
      'Firefox on Linux',
    ],
    [
      'Chrome on Windows',
      undefined,
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/128.0 Safari/537.36',
      'Chrome on Windows',
    ],
    [
      'Edge before Chrome',
      undefined,
      'Mozilla/5.0 (Windows NT 10.0) Chrome/128.0 Safari/537.36 Edg/128.0',
      'Edge on Windows',
    ],
    [
      'Safari on iOS',
      undefined,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [
      'Chrome on Android',
      undefined,
      'Mozilla/5.0 (Linux; Android 14) Chrome/128.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    ['curl', undefined, 'curl/8.5.0', 'curl'],
    ['unknown agent kept, truncated', undefined, 'x'.repeat(300), 'x'.repeat(100)],
    ['no agent', undefined, undefined, 'Unknown device'],
    ['blank name and agent', '   ', '   ', 'Unknown device'],
    ['long name truncated', 'n'.repeat(150), undefined, 'n'.repeat(100)],
  ])('%s', (_n, name, ua, expected) => {
    expect(deviceNameFrom(name, ua)).toBe(expected);
  });
});
