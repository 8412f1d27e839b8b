// The foundry-finetune policy pack. Run it with `pulumi preview --policy-pack policy/foundry-policy-pack`
// (see README "Policies"); every policy is mandatory unless its config says `enforcementLevel: advisory`.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("foundry-finetune", { enforcementLevel: "mandatory", policies });
