import { describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import WebSocket from 'ws';
import { freePort } from '../helpers/free-port.js';
import { spawnEntrypoint } from '../helpers/spawn-entrypoint.js';
import { useTestContext } from '../helpers/test-context.js';

const ADMIN = 'shutdown-test-admin-key-0123456789abcdef';
const ctx = useTestContext({ adminApiKey: ADMIN, shutdownGraceMs: 15_000 });

describe('graceful shutdown', () => {
  it('API: on SIGTERM finishes the request in flight (database still open), refuses new connections, closes subscriptions, exits 0', async () => {
    const port = await freePort();
    const api = spawnEntrypoint('api', { ...ctx.env, PORT: String(port), LOG_LEVEL: 'info' });
    try {
      await api.waitForLine(/API listening/, 90_000);
      const base = `http://127.0.0.1:${port}`;

      // A graphql-ws connection, acknowledged (authenticated subscriptions ride on it).
      const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${ADMIN}` } })));
        ws.on('message', (data) => (JSON.parse(String(data)).type === 'connection_ack' ? resolve() : undefined));
        ws.on('error', reject);
      });

      // A request in flight: headers sent, body not finished.
      let inFlight: ReturnType<typeof request> | undefined;
      const body = JSON.stringify({ query: '{ apiKeys { name } }' });
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${ADMIN}` },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 10));
        inFlight = req;
      });
      // Another request answered after it was sent: the server has seen the first one by now.
      expect((await fetch(`${base}/health`)).status).toBe(200);

      api.child.kill('SIGTERM');
      await api.waitForLine(/SIGTERM: draining 1 request/);
      // New connections are refused while the old request is still open.
      await expect(fetch(`${base}/health`)).rejects.toThrow();

      inFlight!.end(body.slice(10));
      const res = await answered;
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ data: { apiKeys: [{ name: 'bootstrap admin' }] } });

      expect(await closed).toBe(1001);
      expect(await api.exited).toEqual({ code: 0, signal: null });
      expect(api.output()).toContain('shut down cleanly');
    } finally {
      await api.stop('SIGKILL');
    }
  }, 150_000);

  it('worker: on SIGTERM closes its queue workers before the app and exits 0', async () => {
    const worker = spawnEntrypoint('worker', { ...ctx.env, LOG_LEVEL: 'info' });
    try {
      await worker.waitForLine(/worker ready/, 90_000);
      worker.child.kill('SIGTERM');
      await worker.waitForLine(/SIGTERM: closing \d+ queue worker/);
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      expect(worker.output()).toContain('shut down cleanly');
    } finally {
      await worker.stop('SIGKILL');
    }
  }, 120_000);
});
