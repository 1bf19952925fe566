// Back up and restore the whole platform: its database, its stored objects (a folder or an S3 bucket) and the
// organizer queues' broker definitions. Run through deploy/backup.sh and deploy/restore.sh (README, "Backup and
// restore"). Prints no password, token or key.
//
//   node deploy/backup/main.mjs backup [destination folder]          (default .arena/backups)
//   node deploy/backup/main.mjs restore <backup folder> [--replace] [--no-broker]
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { exportBrokerDefinitions, importBrokerDefinitions } from './broker.mjs';
import { brokerObjects, dumpDatabase, restoreDatabase, resumeInFlightWork } from './database.mjs';
import { describeStorage, platformSettings, redacted } from './settings.mjs';
import { copyObjects, LocalStore, platformStore } from './stores.mjs';

const FORMAT = 'arena-backup/1';
const log = (line) => console.log(line);
const seconds = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/**
 * Consistency while the platform runs: objects are copied once, then the database is dumped (one snapshot), then the
 * objects that appeared or changed meanwhile are copied. Every object a row of the dump names was stored before that
 * row was committed, so it is in the first copy or the second, unless it was deleted before the second pass reached it.
 * Objects newer than the dump are kept too; nothing names them, and they do no harm.
 */
async function backup(dest) {
  const settings = platformSettings();
  const dir = resolve(dest, `arena-backup-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(join(dir, 'storage'), { recursive: true });
  log(`backing up database ${redacted(settings.databaseUrl)} and ${describeStorage(settings.storage)} into ${dir}`);
  const source = platformStore(settings.storage);
  const target = new LocalStore(join(dir, 'storage'));
  const copied = new Map();
  let t = Date.now();
  const first = await copyObjects(source, target, copied);
  log(`  objects: ${first.copied} copied (${first.bytes} bytes) in ${seconds(t)}`);
  t = Date.now();
  await dumpDatabase(settings.databaseUrl, join(dir, 'database.dump'));
  const dumpedAt = new Date().toISOString();
  log(`  database dumped in ${seconds(t)}`);
  t = Date.now();
  const second = await copyObjects(source, target, copied);
  log(
    `  objects new or changed since: ${second.copied} copied, ${second.vanished} deleted meanwhile, in ${seconds(t)}`,
  );
  const owned = await brokerObjects(settings.databaseUrl);
  let broker = null;
  if (owned.vhosts.length > 0) {
    const definitions = await exportBrokerDefinitions(settings.rabbitMgmtUrl, owned);
    await writeFile(join(dir, 'broker.json'), JSON.stringify(definitions, null, 1));
    broker = { vhosts: definitions.vhosts.length, users: definitions.users.length };
    log(`  broker: ${broker.vhosts} organizer queue vhosts, ${broker.users} users`);
  }
  const manifest = {
    format: FORMAT,
    createdAt: new Date().toISOString(),
    databaseDumpedAt: dumpedAt,
    storage: { kind: settings.storage.kind, objects: copied.size },
    broker,
  };
  // Written last: a backup without its manifest stopped half-way, and restore refuses it.
  await writeFile(join(dir, 'manifest.json.tmp'), JSON.stringify(manifest, null, 2));
  await rename(join(dir, 'manifest.json.tmp'), join(dir, 'manifest.json'));
  log(`backup complete: ${dir}`);
}

/** Into a stopped platform: an empty database and empty storage, or any with --replace. */
async function restore(dir, { replace, broker }) {
  const manifest = JSON.parse(
    await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => {
      throw new Error(`${dir} holds no manifest.json: not a backup, or one that did not complete`);
    }),
  );
  if (manifest.format !== FORMAT)
    throw new Error(`${dir} is a ${manifest.format} backup; this restore reads ${FORMAT}`);
  const settings = platformSettings();
  log(
    `restoring ${dir} (taken ${manifest.createdAt}) into database ${redacted(settings.databaseUrl)} and ${describeStorage(settings.storage)}`,
  );
  const store = platformStore(settings.storage);
  await store.ready();
  const present = await store.list();
  if (present.length > 0 && !replace)
    throw new Error(
      `the storage already holds ${present.length} objects: stop the platform and add --replace to overwrite it`,
    );

  let t = Date.now();
  const saved = new LocalStore(join(dir, 'storage'));
  const copied = await copyObjects(saved, store, new Map());
  if (replace) {
    const kept = new Set((await saved.list()).map((o) => o.key));
    const extra = present.map((o) => o.key).filter((k) => !kept.has(k));
    await store.remove(extra);
    if (extra.length) log(`  objects not in the backup removed: ${extra.length}`);
  }
  log(`  objects: ${copied.copied} restored (${copied.bytes} bytes) in ${seconds(t)}`);
  t = Date.now();
  await restoreDatabase(settings.databaseUrl, join(dir, 'database.dump'), { replace });
  const resumed = await resumeInFlightWork(settings.databaseUrl);
  log(
    `  database restored in ${seconds(t)}; runs in flight at backup time dispatched again: ${resumed.republished + resumed.reclaimed}`,
  );
  if (manifest.broker && broker) {
    await importBrokerDefinitions(settings.rabbitMgmtUrl, JSON.parse(await readFile(join(dir, 'broker.json'), 'utf8')));
    log(`  broker: ${manifest.broker.vhosts} organizer queue vhosts and ${manifest.broker.users} users loaded`);
  }
  log(
    'restore complete: start the platform (bash deploy/run-platform.sh); it migrates the database if the backup is older',
  );
}

async function main(argv) {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const args = rest.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--replace', '--no-broker'].includes(f));
  if (unknown.length) throw new Error(`unknown option ${unknown.join(', ')}`);
  if (command === 'backup' && args.length <= 1) return backup(args[0] ?? '.arena/backups');
  if (command === 'restore' && args.length === 1)
    return restore(resolve(args[0]), { replace: flags.has('--replace'), broker: !flags.has('--no-broker') });
  throw new Error('usage: backup [destination folder] | restore <backup folder> [--replace] [--no-broker]');
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
