import type { Detection } from "../types";
import { CIS_DETECTIONS } from "./cis";
import { S3_DETECTIONS } from "./s3";
import { PIPELINE_DETECTIONS } from "./pipeline";
import { IDENTITY_DETECTIONS } from "./identity";
import { DATA_DETECTIONS } from "./data";

export { CIS_DETECTIONS, S3_DETECTIONS, PIPELINE_DETECTIONS, IDENTITY_DETECTIONS, DATA_DETECTIONS };

/** Every detection this project deploys, CIS first. */
export const DETECTIONS: readonly Detection[] = [
  ...CIS_DETECTIONS,
  ...S3_DETECTIONS,
  ...PIPELINE_DETECTIONS,
  ...IDENTITY_DETECTIONS,
  ...DATA_DETECTIONS,
];

export function detection(id: string): Detection {
  const found = DETECTIONS.find((d) => d.id === id);
  if (!found) throw new Error(`unknown detection "${id}"`);
  return found;
}
