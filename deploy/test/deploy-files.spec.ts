import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const deploy = resolve(import.meta.dirname, '..');

describe('docker-compose.yml', () => {
  it('is a valid compose file with the API, a worker, PostgreSQL, RabbitMQ and MinIO', () => {
    // Debian ships compose v1 as `docker-compose`; the v2 plugin (`docker compose`) is used where present.
    const out = execFileSync('docker-compose', ['-f', resolve(deploy, 'docker-compose.yml'), 'config', '--services'], {
      encoding: 'utf8',
      cwd: deploy,
    });
    expect(out.split('\n').filter(Boolean).sort()).toEqual(['api', 'minio', 'postgres', 'rabbitmq', 'worker']);
  });

  it('gives the worker the Docker socket and the same work folder path on host and container', () => {
    const config = execFileSync('docker-compose', ['-f', resolve(deploy, 'docker-compose.yml'), 'config'], {
      encoding: 'utf8',
      cwd: deploy,
    });
    expect(config).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(config).toContain('/var/lib/arena-worker:/var/lib/arena-worker');
  });
});

describe('.env.example', () => {
  it('names every variable the API config reads', () => {
    const example = readFileSync(resolve(deploy, '../.env.example'), 'utf8');
    const source = readFileSync(resolve(deploy, '../apps/api/src/config/api-config.ts'), 'utf8');
    const vars = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+)[?]?(?: =|!?:)/gm)].map((m) => m[1]);
    expect(vars.length).toBeGreaterThan(10);
    for (const v of vars) {
      expect(example, v).toContain(v);
    }
  });
});
