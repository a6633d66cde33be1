import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import { sendErrors } from './respond.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'authorization',
]);

/**
 * Streams a request to the registry and its answer back. `Host` is kept (so the registry's Location
 * headers and notifications carry the login server) and `X-Forwarded-Proto: https` makes its URLs https.
 */
export function proxyToRegistry(
  req: IncomingMessage,
  res: ServerResponse,
  target: { port: number; path: string; loginServer: string },
): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers.host = req.headers.host ?? target.loginServer;
  headers['x-forwarded-proto'] = 'https';
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
  const upstream = request(
    { host: '127.0.0.1', port: target.port, method: req.method, path: target.path, headers },
    (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) res.destroy();
    else sendErrors(res, 502, [{ code: 'UNAVAILABLE', message: `registry unavailable: ${error.message}` }]);
  });
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}
