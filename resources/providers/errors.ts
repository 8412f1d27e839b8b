// Errors a provider method throws. When the remote object already exists, the error carries its id and
// properties, so Pulumi keeps it in state (ErrorResourceInitFailed) instead of orphaning it.
export class ResourceInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: object,
  ) {
    super(message);
    this.name = "ResourceInitError";
  }
  readonly reasons: string[] = [this.message];
}
