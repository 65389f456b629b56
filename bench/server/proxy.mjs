// A tiny round-robin HTTP proxy on loopback, standing in for a load balancer in front of several
// server instances: each request goes to the next upstream; one whose connection is refused (an
// instance down) is skipped for the next. Responses stream through (Server-Sent Events
// included); an upstream that dies mid-response ends the client's response too.
import http from 'node:http';

/**
 * @param {string[]} upstreams base URLs (`http://127.0.0.1:port`)
 * @returns {Promise<{ url: string, close: () => Promise<void>, counts: number[] }>}
 */
export async function startProxy(upstreams) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const targets = upstreams.map((base) => new URL(base));
  const counts = targets.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (/** @type {number} */ tries) => {
        const index = next++ % targets.length;
        const target = targets[index];
        const upstream = http.request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress }, agent },
          (answer) => {
            counts[index]++;
            answer.on('end', () => (done = true));
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('aborted', () => res.destroy());
            answer.on('error', () => res.destroy());
          },
        );
        upstream.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
          // Refused: that instance is down, nothing reached it; try the next one.
          if (error.code === 'ECONNREFUSED' && tries < targets.length) return attempt(tries + 1);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"network","message":"Bad gateway."}}');
          else res.destroy();
        });
        let done = false;
        res.on('close', () => {
          if (!done) upstream.destroy();
        });
        upstream.end(body);
      };
      attempt(1);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
