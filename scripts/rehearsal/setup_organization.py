"""Creates, in the emulator, what an organization has before s3-audit-baseline arrives:
the organization (all features), its member accounts, trusted access for the services
the stacks use, and in every account the role the stacks assume.

    python setup_organization.py '<json>'

with {"endpoint", "region", "managementAccountId", "members": [{"id", "name"}],
"roles": [{"accountId", "roleName", "administrator"}], "trustedServices": [...],
"existingBuckets": [{"accountId", "name", "region"}]}: the deployment roles
(administrators), the roles the configuration names as readers, and the buckets it
declares as existing. Runs with the
management account's credentials; reaches each member account through
OrganizationAccountAccessRole, as an administrator would.
"""
import json
import sys

import boto3


def main() -> None:
    spec = json.loads(sys.argv[1])
    session = boto3.session.Session(region_name=spec["region"])
    client = lambda service, creds=None: session.client(  # noqa: E731
        service, endpoint_url=spec["endpoint"], **(creds or {})
    )
    orgs = client("organizations")
    orgs.create_organization(FeatureSet="ALL")
    for m in spec["members"]:
        created = orgs.create_account(Email=f"{m['name']}@example.com", AccountName=m["name"])
        got = created["CreateAccountStatus"]["AccountId"]
        if got != m["id"]:
            raise SystemExit(f"the emulator gave account {m['name']} the id {got}, not {m['id']}")
    for service in spec["trustedServices"]:
        orgs.enable_aws_service_access(ServicePrincipal=service)

    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{spec['managementAccountId']}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )
    sts = client("sts")
    creds_by_account: dict = {}
    for r in spec["roles"]:
        if r["accountId"] == spec["managementAccountId"]:
            creds = None
        else:
            c = sts.assume_role(
                RoleArn=f"arn:aws:iam::{r['accountId']}:role/OrganizationAccountAccessRole",
                RoleSessionName="rehearsal-setup",
            )["Credentials"]
            creds = {
                "aws_access_key_id": c["AccessKeyId"],
                "aws_secret_access_key": c["SecretAccessKey"],
                "aws_session_token": c["SessionToken"],
            }
        creds_by_account[r["accountId"]] = creds
        iam = client("iam", creds)
        try:
            iam.create_role(RoleName=r["roleName"], AssumeRolePolicyDocument=trust)
        except iam.exceptions.EntityAlreadyExistsException:
            pass  # Organizations creates OrganizationAccountAccessRole with each account
        if r.get("administrator"):
            iam.attach_role_policy(RoleName=r["roleName"], PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    # Buckets the configuration declares as existing: there before the project, with a
    # tag of their own that the baseline must leave alone.
    for b in spec.get("existingBuckets", []):
        s3 = session.client(
            "s3", endpoint_url=spec["endpoint"], region_name=b["region"], **(creds_by_account.get(b["accountId"]) or {})
        )
        extra = {} if b["region"] == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": b["region"]}}
        s3.create_bucket(Bucket=b["name"], **extra)
        s3.put_bucket_tagging(Bucket=b["name"], Tagging={"TagSet": [{"Key": "CostCenter", "Value": "pre-existing"}]})
    print(json.dumps({"organization": orgs.describe_organization()["Organization"]["Id"]}))


if __name__ == "__main__":
    main()
