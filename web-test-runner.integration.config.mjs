// Integration tests: real backends, started here before the browser tests run
// and stopped when the runner exits. Each module in test/integration/services/
// exports `start()` → { env, controls?, stop() } (see its README). Tests read
// the services' addresses from GET /__integration/env and drive them (restart
// a server, inject a failure) through POST /__integration/control/<service>/<action>.
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import baseConfig from './web-test-runner.config.mjs';

const servicesDir = fileURLToPath(new URL('./test/integration/services/', import.meta.url));
const services = new Map();
const env = {};

// INTEGRATION_SERVICES=rest-server,wordpress starts only those (while working on one).
const only = process.env.INTEGRATION_SERVICES?.split(',').filter(Boolean);

// The test pages' port is chosen here, before the services start, so a backend can list the
// pages' origin as the one other origin it accepts (the reference server's CORS_ORIGINS).
const port = await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
process.env.INTEGRATION_PAGE_ORIGIN = `http://127.0.0.1:${port}`;

for (const file of readdirSync(servicesDir).filter((name) => name.endsWith('.mjs')).sort()) {
  const module = await import(pathToFileURL(servicesDir + file).href);
  const name = module.name ?? file.replace(/\.mjs$/, '');
  if (only && !only.includes(name)) continue;
  console.log(`[integration] starting ${name}…`);
  const service = await module.start();
  services.set(name, service);
  Object.assign(env, service.env ?? {});
  console.log(`[integration] ${name} ready`);
}

let stopped = false;
async function stopAll() {
  if (stopped) return;
  stopped = true;
  for (const [name, service] of [...services].reverse()) {
    try {
      await service.stop();
    } catch (error) {
      console.error(`[integration] stopping ${name} failed:`, error);
    }
  }
}
// The runner ends the process itself; stop every service on the way out.
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stopAll().finally(() => process.exit(1)));
process.once('beforeExit', stopAll);
process.once('exit', () => {
  for (const service of services.values()) service.stopSync?.();
});

function readBody(request) {
  return new Promise((resolve) => {
    let data = '';
    request.on('data', (chunk) => (data += chunk));
    request.on('end', () => resolve(data));
  });
}

export default {
  ...baseConfig,
  files: ['test/integration/**/*.test.ts'],
  // The page and the services share a site (127.0.0.1, other ports): cross-origin
  // requests with CORS, and the backends' SameSite=Lax session cookies still travel.
  hostname: '127.0.0.1',
  port,
  concurrency: 1,
  // The PostgreSQL pass (REST_STORE=postgres, scripts/test-integration.mjs) counts apart.
  reporters: [
    ...baseConfig.reporters.slice(0, -1),
    summaryReporter(process.env.INTEGRATION_SUMMARY ? { file: process.env.INTEGRATION_SUMMARY } : process.env.REST_STORE === 'postgres' ? { file: '.wtr-results/summary-postgres.json' } : {}),
  ],
  testFramework: { config: { timeout: 30000 } },
  middleware: [
    async (context, next) => {
      if (context.path === '/__integration/env') {
        context.body = env;
        return;
      }
      const control = context.path.match(/^\/__integration\/control\/([^/]+)\/([^/]+)$/);
      if (control && context.method === 'POST') {
        const service = services.get(control[1]);
        const action = service?.controls?.[control[2]];
        if (!action) {
          context.status = 404;
          context.body = { error: `no control ${control[1]}/${control[2]}` };
          return;
        }
        const raw = await readBody(context.req);
        context.body = { result: (await action(raw ? JSON.parse(raw) : undefined)) ?? null, env };
        return;
      }
      return next();
    },
  ],
};
