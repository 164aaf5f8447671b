/** A readable device label from a User-Agent when the client sends no deviceName. */
const browsers: Array<[RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/curl\//i, 'curl'],
  [/okhttp/i, 'OkHttp'],
  [/python-requests|aiohttp/i, 'Python'],
  [/node-fetch|undici|axios/i, 'Node.js'],
];
const systems: Array<[RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iOS/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

export function deviceNameFrom(
  deviceName: string | undefined,
  userAgent: string | undefined,
): string {
  const given = deviceName?.trim();
  if (given) return given.slice(0, 100);
  if (!userAgent) return 'Unknown device';
  const browser = browsers.find(([re]) => re.test(userAgent))?.[1];
  const os = systems.find(([re]) => re.test(userAgent))?.[1];
  if (browser && os) return `${browser} on ${os}`;
  return (browser ?? os ?? userAgent.trim().slice(0, 100)) || 'Unknown device';
}
