import { addressOf, deviceOf, timeAgo } from '../../sample/src/views/session-labels.js';

describe('how the sample describes a session to its user', () => {
  describe('deviceOf(userAgent)', () => {
    it.each([
      ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome on Linux'],
      ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', 'Chrome on Linux'],
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0', 'Edge on Windows'],
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Windows'],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Safari on macOS'],
      ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari on iOS'],
      ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
      ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome on ChromeOS'],
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0', 'Opera on Windows'],
      ['SomeBot (Linux)', 'A browser on Linux'],
      ['curl/8.5.0', 'Unknown device'],
      [undefined, 'Unknown device'],
    ])('%s → %s', (userAgent, device) => {
      expect(deviceOf(userAgent)).toBe(device);
    });

    it('never returns text of the header itself', () => {
      expect(deviceOf('<img src=x onerror=alert(1)> Firefox/1 (Windows)')).toBe('Firefox on Windows');
    });
  });

  it('addressOf() drops the IPv6 mapping of an IPv4 address only', () => {
    expect(addressOf('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressOf('::ffff:abcd')).toBe('::ffff:abcd');
    expect(addressOf('2001:db8::1')).toBe('2001:db8::1');
    expect(addressOf(undefined)).toBe('unknown address');
  });

  it.each([
    [0, 'just now'],
    [59_999, 'just now'],
    [60_000, '1 minute ago'],
    [59 * 60_000, '59 minutes ago'],
    [60 * 60_000, '1 hour ago'],
    [5 * 3_600_000 + 59 * 60_000, '5 hours ago'],
    [49 * 3_600_000, '2 days ago'],
  ])('timeAgo() of %i ms ago is "%s"', (ago, words) => {
    const now = new Date('2026-01-01T12:00:00Z');
    expect(timeAgo(new Date(now.getTime() - ago), now)).toBe(words);
  });
});
