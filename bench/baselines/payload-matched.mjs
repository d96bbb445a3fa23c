// Baseline 3: the physical limit of each HTTP scenario on this machine. A bare Fastify app (no Nest,
// no hooks, no logging) answers `GET /payload/<scenario>` with exactly the bytes and content type
// tubevault answered that scenario with in this run (captured by bench/run.mjs into the JSON file
// PAYLOADS names: `{ "<scenario>": { "contentType": "...", "body": "<base64>" } }`). What it costs
// is the HTTP server, the loopback socket and the answer's size: nothing of the request's own work.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const payloads = JSON.parse(readFileSync(process.env.PAYLOADS, 'utf8'));
const app = Fastify({ logger: false });
for (const [id, { contentType, body }] of Object.entries(payloads)) {
  const bytes = Buffer.from(body, 'base64');
  app.get(`/payload/${id}`, (request, reply) => {
    reply.header('content-type', contentType).send(bytes);
  });
}
app.get('/health', () => ({ status: 'ok' }));

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
