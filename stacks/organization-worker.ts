// A synthesis worker process (see SynthesisOptions.workers): rebuilds the
// organization's plan from the validated configuration it is sent.
import type { OrganizationConfig } from "../config/schema";
import { organizationPlan } from "./organization";
import { serveSynthesisWorker } from "./synthesis";

serveSynthesisWorker((config) => organizationPlan(config as OrganizationConfig));
