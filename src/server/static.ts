import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Sori</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto;line-height:1.6">
<h1>소리 Sori</h1><p>웹 화면이 아직 빌드되지 않았습니다. <code>npm run build</code>을 실행하세요.</p>
<p>The web app is not built yet. Run <code>npm run build</code>.</p><p>API: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p>`;

/** Serves the built dashboard from web/dist; unknown paths get index.html (client-side routes). */
export async function serveWeb(c: Context, root = WEB_DIST): Promise<Response> {
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(new URL(c.req.url).pathname);
  } catch {
    // Not valid percent-encoding (/%E0%A4%A): no file has that name.
    return c.text('not found', 404);
  }
  const candidate = path.resolve(root, `.${urlPath}`);
  // Never serve outside the build folder.
  const inside = candidate === root || candidate.startsWith(root + path.sep);
  let file = inside ? candidate : path.join(root, 'index.html');
  try {
    if (!(await stat(file)).isFile()) file = path.join(root, 'index.html');
  } catch {
    // A missing asset is a 404, never index.html: an old page must not run HTML as JavaScript.
    if (urlPath.startsWith('/assets/') || path.extname(urlPath)) return c.text('not found', 404);
    file = path.join(root, 'index.html');
  }
  try {
    const body = await readFile(file);
    const ext = path.extname(file);
    const immutable = file.includes(`${path.sep}assets${path.sep}`);
    return c.body(body, 200, {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  } catch {
    return c.html(NOT_BUILT, 200);
  }
}
