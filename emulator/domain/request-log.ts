// The last requests served (for tests that count write calls), as a ring of fixed size.
export interface LoggedRequest {
  seq: number;
  method: string;
  route: string;
  status: number;
}

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private seq = 0;
  constructor(private readonly capacity = 10_000) {}

  add(method: string, url: string, status: number): void {
    const q = url.indexOf("?");
    this.entries.push({ seq: ++this.seq, method, route: q < 0 ? url : url.slice(0, q), status });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }
  since(seq: number): LoggedRequest[] {
    return this.entries.filter((e) => e.seq > seq);
  }
}
