import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

/** Where `npm run build:web` writes the studio (apps/web/dist), from both src/ and dist/ of the server. */
export const STUDIO_DIST_DIR = fileURLToPath(new URL('../../../../web/dist', import.meta.url));

/** Paths owned by other routes: never answered with the studio's index.html. */
const RESERVED = ['/api', '/endpoint', '/webhooks', '/healthz', '/readyz', '/metrics'];

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.map': 'application/json',
};

/**
 * Serves the built web studio at `/`: files from the dist folder (hashed assets cached for a year),
 * and `index.html` for any other GET that accepts HTML (the SPA's own routes). API, endpoint and
 * webhook paths pass through untouched.
 */
export function createStudioRoutes(dir: string = STUDIO_DIST_DIR): Hono {
  const root = resolve(dir);
  const app = new Hono();
  app.use('*', async (c, next) => {
    const path = c.req.path;
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || RESERVED.some((r) => path === r || path.startsWith(`${r}/`))) return next();
    const file = safeJoin(root, path);
    if (file !== undefined && existsSync(file) && statSync(file).isFile()) {
      const immutable = path.startsWith('/assets/');
      return c.body(readFileSync(file), 200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    const wantsHtml = (c.req.header('accept') ?? '').includes('text/html');
    if (!wantsHtml || extname(path) !== '') return next();
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      return c.html('<!doctype html><title>Flowline</title><p>The web studio is not built. Run <code>npm run build:web -w @flowline/web</code>.</p>', 503);
    }
    return c.body(readFileSync(index), 200, { 'content-type': TYPES['.html'] ?? 'text/html', 'cache-control': 'no-cache' });
  });
  return app;
}

/** The file for a URL path inside the root, or undefined for traversal attempts. */
function safeJoin(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = normalize(join(root, decoded === '/' ? 'index.html' : decoded));
  return full === root || full.startsWith(root + sep) ? full : undefined;
}
