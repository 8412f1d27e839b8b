// Entry of a short-lived thread that builds an encoding's token tables (shared memory) and exits: the library it
// builds them from (tens of MB of heap) goes with the thread instead of staying in the main one.

import { parentPort, workerData } from "node:worker_threads";
import type { Encoding } from "../azure/models";
import { tokenTables } from "./tokens";

parentPort!.postMessage(tokenTables((workerData as { encoding: Encoding }).encoding));
