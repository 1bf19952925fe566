import { Global, Module } from '@nestjs/common';
import { ApiMetrics } from './api-metrics';
import { MetricsEndpointService } from './metrics-endpoint.service';
import { MetricsRepository } from './metrics.repository';

@Global()
@Module({ providers: [ApiMetrics, MetricsRepository, MetricsEndpointService], exports: [ApiMetrics] })
export class MetricsModule {}
