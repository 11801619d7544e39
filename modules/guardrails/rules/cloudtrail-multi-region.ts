import { compliant, nonCompliant, type GuardrailRule } from "../types";

export const cloudTrailMultiRegion: GuardrailRule = {
  id: "cloudtrail-multi-region",
  description: "A trail records every region.",
  fix: "Set is_multi_region_trail = true.",
  resourceTypes: ["aws_cloudtrail"],
  evaluate: (trail) =>
    trail.config.is_multi_region_trail === true ? compliant : nonCompliant("the trail records one region only"),
};
