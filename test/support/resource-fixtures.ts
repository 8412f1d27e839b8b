// Inputs shared by the unit tests of the resources' pure logic.
import type { TargetInputs } from "../../resources/target-inputs";

/** The dev stack's local account, as the program passes it to every resource. */
export const localTarget: TargetInputs = {
  kind: "local",
  accountName: "dev",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "local",
  localDataDir: ".foundry-local",
  localPort: 0,
};
