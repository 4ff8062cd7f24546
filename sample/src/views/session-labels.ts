/** Browsers told apart by a token of their User-Agent, in the order they must be tested (Edge and Opera say Chrome too). */
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(HeadlessChrome|Chrome|Chromium|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

/** Systems, in the order they must be tested (Android and ChromeOS say Linux, iOS says Mac OS X). */
const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

function firstMatch(text: string, candidates: readonly (readonly [RegExp, string])[]): string | undefined {
  return candidates.find(([pattern]) => pattern.test(text))?.[1];
}

/**
 * A readable name for the device of a User-Agent, such as "Chrome on Linux". Only names from the lists
 * above come out: the header itself (attacker-controlled) is never shown.
 */
export function deviceOf(userAgent: string | undefined): string {
  const browser = firstMatch(userAgent ?? '', BROWSERS);
  const system = firstMatch(userAgent ?? '', SYSTEMS);
  if (browser && system) {
    return `${browser} on ${system}`;
  }
  return browser ?? (system ? `A browser on ${system}` : 'Unknown device');
}

/** The address as people write it: an IPv4 address without its IPv6 mapping (`::ffff:`). */
export function addressOf(ip: string | undefined): string {
  return ip === undefined ? 'unknown address' : ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

/** How long ago `date` was, in words ("just now", "5 minutes ago"), so no time zone is needed. */
export function timeAgo(date: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - date.getTime()) / 60_000);
  if (minutes < 1) {
    return 'just now';
  }
  const [count, unit] = minutes < 60 ? [minutes, 'minute'] : minutes < 24 * 60 ? [Math.floor(minutes / 60), 'hour'] : [Math.floor(minutes / 1440), 'day'];
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}
