/**
 * A comma-separated list of exact origins (`scheme://host[:port]`, http or https, no path), as
 * CORS_ORIGINS and PORTAL_ORIGINS are written; throws a message naming the variable and the entry
 * that is not an origin. The start check and every reader of such a variable parse it here.
 */
export function parseOrigins(value: string | undefined, variable = 'CORS_ORIGINS'): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((entry) => {
    const given = entry.trim();
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      throw new Error(`${variable}: "${given}" is not an origin (write scheme://host[:port], e.g. https://portal.example.gov.vn)`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== given.replace(/\/$/, '')) {
      throw new Error(`${variable}: "${given}" is not an origin (write scheme://host[:port] with no path, e.g. https://portal.example.gov.vn)`);
    }
    return url.origin;
  });
}
