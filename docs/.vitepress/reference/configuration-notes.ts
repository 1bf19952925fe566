/**
 * Descriptions of the variables whose config class says nothing about them (the worker's zod schema has no comments;
 * some ApiEnv properties have none). configuration.ts puts a note after the property's own comment where both exist.
 */
export const VARIABLE_NOTES: Record<string, string> = {
  // API
  PORT: 'The HTTP port of the API, the web app (`/`) and these docs (`/docs`).',
  DATABASE_URL: 'The PostgreSQL database. Migrations run against it before the API starts (`deploy/run-platform.sh`).',
  AMQP_URL: 'The RabbitMQ broker jobs are published to (the worker reads the same variable to consume them).',
  JOB_QUEUE: "The platform's queue: jobs of competitions bound to no organizer queue go there.",
  UPLOAD_TMP_DIR: 'Where uploads are streamed to before they are checked and stored; needs room for `MAX_BUNDLE_MB`.',
  S3_ENDPOINT: 'An S3-compatible server (MinIO, Ceph radosgw, R2); unset for AWS S3.',
  S3_BUCKET: 'Setting it (or `S3_ENDPOINT`) switches storage from `STORAGE_DIR` to this bucket.',
  S3_REGION: "The bucket's region.",
  S3_ACCESS_KEY_ID: "S3 credentials; unset to use the AWS SDK's usual chain (instance role, environment).",
  S3_SECRET_ACCESS_KEY: 'S3 credentials, with `S3_ACCESS_KEY_ID`.',
  S3_FORCE_PATH_STYLE: '`true` for servers without virtual-hosted buckets (MinIO, Ceph); `false` for AWS.',
  MAX_BUNDLE_MB: 'The largest competition bundle accepted (413 beyond).',
  MAX_SUBMISSION_MB: "The largest submission accepted (413 beyond); a phase's `max_submission_size` may lower it.",
  RUN_MEMORY_MB:
    "Memory of a run's container, without swap; beyond it the run fails with `out_of_memory`. Capped by the worker's `WORKER_MAX_MEMORY_MB`.",
  RUN_CPUS: "CPUs of a run's container (fractions allowed). Capped by `WORKER_MAX_CPUS`.",
  RUN_PIDS: "Processes and threads a run's container may hold at once. Capped by `WORKER_MAX_PIDS`.",
  LEASE_SWEEP_INTERVAL_MS: 'How often expired leases are looked for.',
  LOG_LEVEL: "The API's log level.",
  SMTP_PORT: "The SMTP server's port.",
  SMTP_USER: 'SMTP login, when the server asks for one.',
  SMTP_PASS: 'SMTP password, with `SMTP_USER`.',
  SMTP_FROM: 'The sender of every mail.',
  RATE_LIMIT_LOGIN_PER_ADDRESS: 'Failed sign-ins per window from one client address (0: no limit).',
  RATE_LIMIT_MAIL_PER_ADDRESS: 'Mails asked for per window from one client address (0: no limit).',
  OIDC_CLIENT_ID: 'The client id Arena is registered under at the OpenID Connect provider.',
  OIDC_SCOPES: 'The scopes asked for at sign-in (space-separated).',
  RATE_LIMIT_TOKEN_PER_ADDRESS: 'API tokens created per window from one client address (0: no limit).',
  // Worker (`worker:` where the API has a variable of the same name)
  'worker:QUEUE_TYPE':
    'How the worker declares its queue where it finds none (`classic` or `quorum`); a queue the API or an organizer queue made is consumed as it is.',
  'worker:AMQP_URL': "The broker to consume jobs from: the platform's, or the broker URL an organizer queue came with.",
  'worker:LOG_LEVEL': "The worker's log level (its logs are JSON lines on stdout).",
  ARENA_API_URL:
    "The API as the worker reaches it; every file and report of a run goes through it with the run's job token.",
  WORKER_QUEUE: "The queue to consume: the platform's, or the one an organizer queue's broker URL comes with.",
  WORKER_NAME: 'Shown to queue owners and on each run; labels the containers it starts.',
  WORKER_WORK_DIR: 'Run folders and the cache of programs and data.',
  WORKER_HOST_WORK_DIR:
    '`WORKER_WORK_DIR` as the Docker host sees it, when the worker itself runs in a container (bind mounts are host paths).',
  DOCKER_SOCKET: 'The Docker engine the worker starts containers on.',
  WORKER_IMAGE_MAP:
    'Bundle image names mapped to local images: `pattern=image`, comma-separated, a `*` ending a pattern. Names no rule maps are used (and pulled) as they are. See [Scoring images](/organizers/images).',
  WORKER_MAX_MEMORY_MB: 'The most memory any run gets on this worker, whatever the API asks.',
  WORKER_MAX_CPUS: 'The most CPUs any run gets on this worker.',
  WORKER_MAX_PIDS: "The most processes any run's container may hold.",
  WORKER_CONTAINER_USER: 'The user programs run as in their containers (`uid` or `uid:gid`); never root.',
  WORKER_LOG_MAX_BYTES: 'Each log (stdout, stderr) of a run is cut beyond this, with a truncation marker.',
  WORKER_OUTPUT_MAX_BYTES: 'A run whose output folder grows beyond this fails with `output_too_large`.',
  WORKER_TMPFS_MB: 'Size of the writable `/tmp` of each container (the rest of the root filesystem is read-only).',
  WORKER_HTTP_TIMEOUT_MS: 'Per API call; for streamed files, the longest pause without a byte moving.',
  WORKER_PULL_TIMEOUT_SEC: 'How long pulling an image may take before the run fails with `image_unavailable`.',
  WORKER_SHUTDOWN_GRACE_SEC:
    'On SIGTERM, how long a running job may finish before it is stopped and handed back to the queue.',
  WORKER_HEARTBEAT_SEC: "How often a running job's lease is renewed; keep it well under the API's `RUN_LEASE_SEC`.",
  WORKER_CACHE_MB:
    'Programs and data kept between runs (least recently used evicted; each copy revalidated with the API); 0 disables the cache.',
  WORKER_GPUS:
    'GPUs handed to every container: empty (none), `all`, or device ids such as `0,1`. Needs the NVIDIA Container Toolkit.',
  WORKER_LOCAL_DATA:
    'Confidential data that stays on this host, for tasks naming `worker://<name>`: `name=/abs/path,name2=/abs/path2`.',
  WORKER_LABELS: 'Free-form labels shown to queue owners: `key=value,key2=value2`.',
  WORKER_METRICS_PORT:
    'Serves Prometheus metrics at `http://<WORKER_METRICS_HOST>:<port>/metrics` (jobs by outcome, job and container durations, image pulls, cache hits, slots busy); 0 (the default): no listener, the worker opens no port.',
  WORKER_METRICS_HOST:
    "The address the metrics listener binds: the loopback by default (the worker runs with host networking); `0.0.0.0` in a Kubernetes pod, where Prometheus scrapes the pod's address.",
  WORKER_METRICS_TOKEN: 'When set, a scrape must send `Authorization: Bearer <token>` (401 otherwise).',
};
