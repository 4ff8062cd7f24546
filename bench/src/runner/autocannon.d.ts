// The few autocannon 8 options and result fields the runner uses (the package ships no types).
declare module 'autocannon' {
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    sampleInt?: number;
    headers?: Record<string, string>;
    requests?: Array<{ path?: string; setupRequest?: (request: { headers?: Record<string, string> }) => unknown }>;
  }
  export interface Result {
    '2xx': number;
    non2xx: number;
    errors: number;
    duration: number;
    latency: { p99: number };
  }
  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): unknown;
  export default autocannon;
}
