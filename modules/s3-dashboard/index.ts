import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { REQUEST_METRICS_FILTER_ID } from "../bucket-baseline";

export interface DashboardBucket {
  readonly bucketName: string;
  readonly region: string;
}

export interface S3DashboardProps {
  readonly dashboardName: string;
  /** The buckets shown, one row each, with the region their metrics live in. */
  readonly buckets: readonly DashboardBucket[];
}

type Metric = (string | Record<string, unknown>)[];

/** One row of widgets per bucket: requests, errors, latency, bytes, size and objects. */
export function dashboardBody(buckets: readonly DashboardBucket[]): Record<string, unknown> {
  const widgets: Record<string, unknown>[] = [];
  buckets.forEach((b, row) => {
    const req = (name: string, stat = "Sum"): Metric => [
      "AWS/S3",
      name,
      "BucketName",
      b.bucketName,
      "FilterId",
      REQUEST_METRICS_FILTER_ID,
      { stat, label: name },
    ];
    const storage = (name: string, storageType: string): Metric => [
      "AWS/S3",
      name,
      "BucketName",
      b.bucketName,
      "StorageType",
      storageType,
      { stat: "Average", period: 86400, label: name },
    ];
    const widget = (x: number, title: string, metrics: Metric[], period = 300) => ({
      type: "metric",
      x,
      y: row * 6,
      width: 4,
      height: 6,
      properties: { title: `${b.bucketName}: ${title}`, region: b.region, view: "timeSeries", period, metrics },
    });
    widgets.push(
      widget(0, "requests", [req("GetRequests"), req("PutRequests"), req("DeleteRequests"), req("ListRequests")]),
      widget(4, "errors", [req("4xxErrors"), req("5xxErrors")]),
      widget(8, "latency (ms)", [req("FirstByteLatency", "Average"), req("TotalRequestLatency", "Average")]),
      widget(12, "bytes", [req("BytesDownloaded"), req("BytesUploaded")]),
      widget(16, "size (bytes)", [storage("BucketSizeBytes", "StandardStorage")], 86400),
      widget(20, "objects", [storage("NumberOfObjects", "AllStorageTypes")], 86400),
    );
  });
  return { widgets };
}

/**
 * A CloudWatch dashboard of the metrics a person looks at for each bucket: GET, PUT,
 * DELETE and LIST requests, 4xx and 5xx errors, first-byte and total latency, bytes
 * down and up, bucket size and object count. Request metrics need the bucket's
 * request-metrics filter (BucketBaseline creates it).
 *
 * @example
 * new S3Dashboard(this, "dashboard", {
 *   dashboardName: "example-s3-payments-prod",
 *   buckets: [{ bucketName: "example-payments-prod-data", region: "eu-west-1" }],
 * });
 */
export class S3Dashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: S3DashboardProps) {
    super(scope, id);
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify(dashboardBody(props.buckets)),
    });
  }
}
