// Wires stores and domain services over one data directory. No HTTP here.
import * as path from "node:path";
import { MAX_TRAINING_FILE_BYTES, UPLOAD_MAX_BYTES } from "./azure-facts";
import { AccountRegions, ModelRetirements } from "./domain/account-models";
import { ChatService } from "./domain/chat";
import { DeploymentService } from "./domain/deployments";
import { type FaultConfig, Faults } from "./domain/faults";
import { FileService } from "./domain/files";
import { JobRunner } from "./domain/job-runner";
import { JobService } from "./domain/jobs";
import { KeyRoles } from "./domain/key-roles";
import { ModelService } from "./domain/models";
import { RequestLog } from "./domain/request-log";
import { AccountStore } from "./store/accounts";
import { Blobs } from "./store/blobs";
import { openDatabase } from "./store/db";
import { DeploymentStore } from "./store/deployments";
import { FileStore } from "./store/files";
import { JobStore } from "./store/jobs";
import { ProjectStore } from "./store/projects";
import { strictness } from "./strictness";
import { Timing } from "./timing";
import { UploadService } from "./uploads/service";
import { UploadStore } from "./uploads/store";

export interface ServiceOptions {
  dataDir: string;
  timeScale: number;
  faults?: FaultConfig;
  log: (m: string) => void;
  strict?: boolean;
}
export type Services = ReturnType<typeof createServices>;

export function createServices(o: ServiceOptions) {
  const db = openDatabase(path.join(o.dataDir, "emulator.db"));
  const blobs = new Blobs(o.dataDir);
  const timing = new Timing(o.timeScale);
  const strict = strictness(o.strict ?? true);
  const accounts = new AccountStore(db);
  const files = new FileService(new FileStore(db), blobs, timing, o.log);
  const uploadStore = new UploadStore(db, o.dataDir);
  // A file assembled by the Uploads API may be larger than the Files API allows.
  files.sizeLimitFor = (id) => (uploadStore.isAssembled(id) ? UPLOAD_MAX_BYTES : MAX_TRAINING_FILE_BYTES);
  const deploymentStore = new DeploymentStore(db);
  const runner = new JobRunner({
    db,
    jobs: new JobStore(db),
    files,
    blobs,
    timing,
    log: o.log,
    isDeployed: (id) => deploymentStore.all().some((r) => r.internal.checkpointId === id),
  });
  const regions = new AccountRegions();
  const jobs = new JobService(new JobStore(db), files, runner, strict, regions);
  const deployments = new DeploymentService(deploymentStore, accounts, jobs, timing, o.log, strict, regions);
  const services = {
    db,
    blobs,
    timing,
    strict,
    accounts,
    projects: new ProjectStore(db),
    files,
    runner,
    jobs,
    deployments,
    uploads: new UploadService(uploadStore, files, blobs, strict),
    models: new ModelService(jobs),
    chat: new ChatService(deployments, runner),
    faults: new Faults(o.faults),
    requests: new RequestLog(),
    keyRoles: new KeyRoles(),
    regions,
    retirements: new ModelRetirements(),
  };
  return services;
}

/** Picks up work interrupted by a stop or crash, and starts the deployment lifetime sweep. */
export function startBackgroundWork(s: Services): () => void {
  s.files.resumePending();
  s.runner.recover();
  s.deployments.recover();
  const sweep = setInterval(() => s.deployments.sweepExpired(), 1000);
  sweep.unref();
  return () => {
    clearInterval(sweep);
    s.runner.stop();
  };
}
