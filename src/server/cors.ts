import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Cross-origin access for browser pages served elsewhere (a React dev server, the portal, a mobile
 * web view), issue 13 point 1. Only origins on the allow-list (`CORS_ORIGINS`, comma-separated,
 * exact `scheme://host[:port]`) get `Access-Control-*` headers, with credentials; any other origin
 * gets none, so its page cannot read an answer. Preflights (OPTIONS) are answered here for
 * /graphql, /files and the export routes. Apollo's CSRF prevention is untouched: a cross-origin
 * request that skips the preflight (a "simple" GET or form POST) is still refused by Apollo.
 */
export interface CorsPolicy {
  /**
   * Adds the CORS headers of the request's origin to the answer; answers a preflight itself.
   * True when the request has been answered (a preflight).
   */
  handle(request: IncomingMessage, response: ServerResponse, pathname: string): boolean;
}

/** The paths a page on another origin may call. */
const CORS_PATHS = [/^\/graphql$/, /^\/files(\/[\w-]+)?$/, /^\/registers\/[\w-]+\/book\.(csv|pdf)$/, /^\/work-files\/[\w-]+\.(pdf|xml)$/, /^\/document-copies\/[\w-]+\.pdf$/];

const METHODS = 'GET, POST, OPTIONS';
/** Request headers a page may send: the ones the API reads, and Apollo's CSRF ones. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name'];
/** Answer headers a page may read beyond the CORS-safelisted ones. */
const EXPOSED_HEADERS = 'x-request-id, content-disposition, retry-after';
const MAX_AGE_SECONDS = 600;

export function createCorsPolicy(origins: readonly string[]): CorsPolicy {
  const allowed = new Set(origins);
  return {
    handle(request, response, pathname) {
      if (!CORS_PATHS.some((path) => path.test(pathname))) return false;
      const origin = request.headers.origin;
      const listed = typeof origin === 'string' && allowed.has(origin);
      // Answers differ by origin: caches must keep them apart.
      response.setHeader('vary', 'Origin');
      if (listed) {
        response.setHeader('access-control-allow-origin', origin);
        response.setHeader('access-control-allow-credentials', 'true');
        response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
      }
      if (request.method !== 'OPTIONS') return false;
      request.resume();
      if (listed) {
        response.setHeader('access-control-allow-methods', METHODS);
        response.setHeader('access-control-allow-headers', ALLOWED_HEADERS.join(', '));
        response.setHeader('access-control-max-age', String(MAX_AGE_SECONDS));
      }
      // An unlisted origin's preflight gets no Access-Control-* header: the browser then refuses
      // the request itself.
      response.writeHead(204, { allow: METHODS }).end();
      return true;
    },
  };
}
