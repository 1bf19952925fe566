import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { serveMetrics, type MetricsEndpoint } from '@arena/observability';
import { ApiConfig } from '@api/config/api-config';
import { ApiMetrics } from './api-metrics';

/** Serves /metrics on METRICS_PORT (a listener apart from the API's) while the application runs. */
@Injectable()
export class MetricsEndpointService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private endpoint: MetricsEndpoint | null = null;

  constructor(
    private readonly metrics: ApiMetrics,
    private readonly config: ApiConfig,
  ) {}

  /** The port scrapes go to (a free one when a test asked for port 0 through the config), or null when not served. */
  get port(): number | null {
    return this.endpoint?.port ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.config.observability.metrics;
    if (!settings) {
      return;
    }
    this.endpoint = await serveMetrics({ registry: this.metrics.registry, ...settings });
    this.logger.log(
      `metrics at http://${settings.host}:${this.endpoint.port}/metrics${settings.token ? ' (bearer token)' : ''}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.endpoint?.close();
    this.endpoint = null;
  }
}
