import type { Detection } from "../types";
import { CIS_DETECTIONS } from "./cis";
import { S3_DETECTIONS } from "./s3";

export { CIS_DETECTIONS, S3_DETECTIONS };

/** Every detection this project deploys, CIS first. */
export const DETECTIONS: readonly Detection[] = [...CIS_DETECTIONS, ...S3_DETECTIONS];

export function detection(id: string): Detection {
  const found = DETECTIONS.find((d) => d.id === id);
  if (!found) throw new Error(`unknown detection "${id}"`);
  return found;
}
