// State written before the per-kind folders stores a loader that requires this path: keep it forwarding.
export { provider } from "../training-file/provider";
