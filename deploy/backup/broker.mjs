// Organizer queues live in RabbitMQ as a vhost and a user each (the database holds only their names): the backup
// keeps their definitions (vhost, user with its password hash, permissions, queues), read from the management API,
// and a restore loads them back, so workers keep connecting with the credentials they were given.

function endpoint(mgmtUrl) {
  const u = new URL(mgmtUrl);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
  u.username = '';
  u.password = '';
  return { base: u.toString().replace(/\/$/, ''), auth };
}

async function call(mgmtUrl, method, path, body) {
  const { base, auth } = endpoint(mgmtUrl);
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok)
    throw new Error(
      `RabbitMQ management API: ${method} ${path} answered ${res.status} ${(await res.text()).slice(0, 200)}`,
    );
  return res.status === 204 ? null : res.json().catch(() => null);
}

/** The definitions of these vhosts and users only: never the platform's default vhost or the management user. */
export async function exportBrokerDefinitions(mgmtUrl, { vhosts, users }) {
  const all = await call(mgmtUrl, 'GET', '/definitions');
  const vh = new Set(vhosts);
  const us = new Set(users);
  return {
    rabbit_version: all.rabbit_version,
    vhosts: (all.vhosts ?? []).filter((v) => vh.has(v.name)),
    users: (all.users ?? []).filter((u) => us.has(u.name)),
    permissions: (all.permissions ?? []).filter((p) => vh.has(p.vhost) && us.has(p.user)),
    topic_permissions: (all.topic_permissions ?? []).filter((p) => vh.has(p.vhost) && us.has(p.user)),
    queues: (all.queues ?? []).filter((q) => vh.has(q.vhost)),
    exchanges: (all.exchanges ?? []).filter((e) => vh.has(e.vhost)),
    bindings: (all.bindings ?? []).filter((b) => vh.has(b.vhost)),
    policies: (all.policies ?? []).filter((p) => vh.has(p.vhost)),
    parameters: [],
    global_parameters: [],
  };
}

/** RabbitMQ merges what it is given with what it has. */
export async function importBrokerDefinitions(mgmtUrl, definitions) {
  await call(mgmtUrl, 'POST', '/definitions', definitions);
}
