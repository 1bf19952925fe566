export { jsonLogOptions, type JsonLogLevel } from './json-log';
export { serveMetrics, type MetricsEndpoint, type MetricsEndpointOptions } from './metrics-endpoint';
