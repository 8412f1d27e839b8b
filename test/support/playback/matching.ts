// Which recorded exchange answers a request (pure). Method and path must be equal; every recorded query
// parameter must be sent with the recorded value, and nothing else may be sent but a page size (a page shorter
// than asked for is a valid answer). Exchanges are served once each, in recorded order, so several recorded
// answers on one request are a sequence (a job polled pending, running, succeeded).
import type { RecordedExchange } from "./recordings";

export interface PlaybackRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

/** Query parameters a request may add without changing which recorded answer fits. */
const FREE_QUERY = new Set(["limit"]);

export function fits(exchange: RecordedExchange, request: PlaybackRequest): boolean {
  if (exchange.method !== request.method || exchange.path !== request.path) return false;
  for (const [key, value] of Object.entries(exchange.query)) if (request.query[key] !== value) return false;
  return Object.keys(request.query).every((key) => key in exchange.query || FREE_QUERY.has(key));
}

export function describeRequest(request: PlaybackRequest): string {
  const query = new URLSearchParams(request.query).toString();
  return `${request.method} ${request.path}${query ? `?${query}` : ""}`;
}

/** The exchanges still to serve, in recorded order. */
export class ExchangeQueue {
  private readonly pending: RecordedExchange[];
  private readonly served = new Set<RecordedExchange>();

  constructor(exchanges: readonly RecordedExchange[]) {
    this.pending = [...exchanges];
  }

  /** The first unserved exchange that fits, marked served; undefined when none does. */
  take(request: PlaybackRequest): RecordedExchange | undefined {
    const found = this.pending.find((exchange) => !this.served.has(exchange) && fits(exchange, request));
    if (found) this.served.add(found);
    return found;
  }

  /** The last served exchange that fits, to answer a request again. */
  lastServed(request: PlaybackRequest): RecordedExchange | undefined {
    return this.pending.filter((exchange) => this.served.has(exchange) && fits(exchange, request)).at(-1);
  }

  /** Recorded exchanges no request has asked for yet. */
  unserved(): RecordedExchange[] {
    return this.pending.filter((exchange) => !this.served.has(exchange));
  }
}
