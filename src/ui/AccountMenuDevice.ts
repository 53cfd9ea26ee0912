/**
 * @internal Names the browser and the operating system in a `User-Agent` header, for a
 * person to recognise a session ("Chrome on macOS"), not for feature detection. Order
 * matters: Edge and Opera also say "Chrome", Chrome also says "Safari", iOS says "Mac OS X".
 */
export function describeUserAgent(userAgent: string | null): { browser: string | null; os: string | null } {
  if (userAgent === null || userAgent.trim() === '') return { browser: null, os: null }
  return { browser: match(userAgent, BROWSERS), os: match(userAgent, SYSTEMS) }
}

const BROWSERS: Array<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
]

const SYSTEMS: Array<[RegExp, string]> = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\b(Macintosh|Mac OS X)\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
]

function match(userAgent: string, table: Array<[RegExp, string]>): string | null {
  for (const [pattern, name] of table) if (pattern.test(userAgent)) return name
  return null
}
