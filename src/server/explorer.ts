import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The explorer (issue 13 point 2): GraphiQL at GET /graphql for a browser (Accept: text/html),
 * from the project's own dependencies — GraphiQL 3's prebuilt bundle and React 18's UMD builds in
 * node_modules, served under /explorer/ — so it works offline and loads nothing from elsewhere (the
 * Content-Security-Policy says so: 'self' only). Sign-in by token: the Headers editor opens prefilled
 * with `{"authorization":"Bearer "}`; paste a token from `login` after "Bearer ". Off in production
 * unless EXPLORER=on (server/app.ts decides).
 */
const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const ASSETS: Record<string, { file: () => string; type: string }> = {
  'graphiql.min.js': { file: () => path.join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { file: () => path.join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css; charset=utf-8' },
  'react.production.min.js': { file: () => path.join(packageDir('react'), 'umd', 'react.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { file: () => path.join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'), type: 'text/javascript; charset=utf-8' },
};

/** Starts GraphiQL; a file of its own so that the page needs no inline script. */
const START = `'use strict';
const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).href });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    headers: '{"authorization":"Bearer "}',
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
    defaultQuery: '# Vanthu GraphQL. Đăng nhập: mutation { login(input: { username: "…", password: "…" }) { token } },\\n# rồi dán token vào sau "Bearer " trong Headers.\\n{ __typename }\\n',
  }),
);
`;

const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Vanthu GraphQL</title>
<link rel="stylesheet" href="/explorer/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Đang tải…</div>
<script src="/explorer/react.production.min.js"></script>
<script src="/explorer/react-dom.production.min.js"></script>
<script src="/explorer/graphiql.min.js"></script>
<script src="/explorer/start.js"></script>
</body>
</html>
`;

/** Only this server's own files; GraphiQL's and the page's inline styles. */
const POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/** Does a GET ask for a page (a browser's navigation) rather than a GraphQL answer? */
function wantsPage(request: IncomingMessage, url: URL): boolean {
  if (request.method !== 'GET' || url.searchParams.has('query')) return false;
  const accept = request.headers.accept ?? '';
  return /\btext\/html\b/i.test(accept);
}

const cache = new Map<string, Buffer>();

export function createExplorer() {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname === '/graphql' && wantsPage(request, url)) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': POLICY, 'cache-control': 'no-cache', vary: 'Accept' });
      response.end(PAGE);
      return true;
    }
    const asset = /^\/explorer\/([\w.-]+)$/.exec(url.pathname)?.[1];
    if (!asset || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    if (asset === 'start.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }).end(START);
      return true;
    }
    const known = ASSETS[asset];
    if (!known) return false;
    let body = cache.get(asset);
    if (!body) {
      body = await readFile(known.file());
      cache.set(asset, body);
    }
    response.writeHead(200, { 'content-type': known.type, 'content-length': body.length, 'cache-control': 'public, max-age=3600' });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  };
}
