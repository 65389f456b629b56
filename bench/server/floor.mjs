// The floor for the list benchmark (./listing.mjs): a bare Fastify route that answers the bytes
// of BODY_FILE as JSON at ROUTE, with no store, validation or session. What this machine's
// Node, Fastify and load generator reach for an answer of that size.
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const body = readFileSync(/** @type {string} */ (process.env.BODY_FILE), 'utf8');
const app = Fastify();
app.get(/** @type {string} */ (process.env.ROUTE), async (_request, reply) => reply.type('application/json; charset=utf-8').header('x-last-event-id', '0').send(body));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
