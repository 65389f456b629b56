/** What the integration services told the runner: their addresses and settings. */
export async function integrationEnv(): Promise<Record<string, string>> {
  const response = await fetch('/__integration/env');
  if (!response.ok) throw new Error('No integration environment: run `npm run test:integration`.');
  return (await response.json()) as Record<string, string>;
}

/** Drives a service from a test: restart a server, inject a failure… */
export async function control<T = unknown>(service: string, action: string, argument?: unknown): Promise<T> {
  const response = await fetch(`/__integration/control/${service}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: argument === undefined ? '' : JSON.stringify(argument),
  });
  if (!response.ok) throw new Error(`control ${service}/${action} failed: ${response.status}`);
  return ((await response.json()) as { result: T }).result;
}
