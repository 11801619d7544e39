import { Testing } from "cdktf";
import { resetMoto } from "./support/moto";

// Registers cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...).
Testing.setupJest();

// Every test file starts from an empty moto server (its worker's own).
beforeAll(async () => {
  await resetMoto();
});
