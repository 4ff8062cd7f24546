// The few autocannon 8 options and result fields the runner uses (the package ships no types).
declare module 'autocannon' {
  export interface RequestData {
    path?: string;
    headers?: Record<string, string>;
    [key: string]: unknown;
  }
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    sampleInt?: number;
    amount?: number;
    headers?: Record<string, string>;
    requests?: Array<{ path?: string; setupRequest?: (request: RequestData) => RequestData }>;
  }
  export interface Histogram {
    average: number;
    p50: number;
    p99: number;
    total: number;
  }
  export interface Result {
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    duration: number;
    latency: Histogram;
    requests: Histogram;
  }
  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): unknown;
  export default autocannon;
}
