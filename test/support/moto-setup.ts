import { resetMoto } from "./moto";

// Every test file of the python project starts from an empty moto server (its worker's own).
beforeAll(async () => {
  await resetMoto();
});
