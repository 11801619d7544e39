"""moto in server mode for the deploy rehearsal, on a free loopback port.

The rehearsal needs an organization whose ids are the configuration's, so that every
stack's provider can assume its role in its own account exactly as synthesized. moto
makes up organization and account ids; here they come, in order, from
S3AB_ORGANIZATION_ID and S3AB_ACCOUNT_IDS (comma-separated) instead. Credentials moto
did not issue act in S3AB_DEFAULT_ACCOUNT_ID (the management account); credentials
from AssumeRole act in the role's account. (MOTO_ACCOUNT_ID would pin every request
to one account, assumed roles included, so it is not used.)

Started with stdin as a pipe: when the rehearsal goes away, however it ends, the pipe
closes and this process exits. werkzeug prints "Running on http://127.0.0.1:PORT".
"""
import json
import os
import sys
import threading


def exit_when_parent_is_gone() -> None:
    sys.stdin.read()
    os._exit(0)


threading.Thread(target=exit_when_parent_is_gone, daemon=True).start()

from moto.organizations import utils  # noqa: E402

_account_ids = [a for a in os.environ.get("S3AB_ACCOUNT_IDS", "").split(",") if a]
_organization_id = os.environ.get("S3AB_ORGANIZATION_ID")
_random_account_id = utils.make_random_account_id
_random_org_id = utils.make_random_org_id


def _next_account_id() -> str:
    return _account_ids.pop(0) if _account_ids else _random_account_id()


def _org_id() -> str:
    return _organization_id or _random_org_id()


utils.make_random_account_id = _next_account_id
utils.make_random_org_id = _org_id

if os.environ.get("S3AB_DEFAULT_ACCOUNT_ID"):
    import moto.core
    import moto.iam.models

    moto.core.DEFAULT_ACCOUNT_ID = os.environ["S3AB_DEFAULT_ACCOUNT_ID"]
    moto.iam.models.DEFAULT_ACCOUNT_ID = os.environ["S3AB_DEFAULT_ACCOUNT_ID"]

# KMS answers DescribeKey for a key or alias ARN of another account from that account
# (its key policy decides); moto looks only in the caller's account.
from moto.kms.responses import KmsResponse  # noqa: E402

_describe_key = KmsResponse.describe_key


def _describe_key_across_accounts(self: KmsResponse) -> str:
    parts = (self._get_param("KeyId") or "").split(":")
    if len(parts) > 5 and parts[0] == "arn" and parts[4] and parts[4] != self.current_account:
        self.current_account = parts[4]
    return _describe_key(self)


KmsResponse.describe_key = _describe_key_across_accounts

# moto reads every bucket-policy statement's Principal as a mapping when it checks that
# a logging target admits log delivery; "*" (the TLS-only deny) is a string there, and
# the check fails with a server error. Statements with a non-mapping principal cannot
# grant the logging service anything, so they are skipped.
from moto.s3.models import FakeBucket  # noqa: E402

_log_permissions = FakeBucket._log_permissions_enabled_policy


def _log_permissions_with_string_principals(target_bucket, target_prefix):  # type: ignore[no-untyped-def]
    policy = target_bucket.policy
    if not policy:
        return False
    doc = json.loads(policy.decode())
    statements = doc.get("Statement", [])
    statements = statements if isinstance(statements, list) else [statements]
    doc["Statement"] = [st for st in statements if isinstance(st.get("Principal"), dict)]
    target_bucket.policy = json.dumps(doc).encode()
    try:
        return _log_permissions(target_bucket, target_prefix)
    finally:
        target_bucket.policy = policy


FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_with_string_principals)

# CloudTrail takes a trail's name or ARN (the provider passes the ARN); moto's
# StartLogging, StopLogging and DeleteTrail look up the name only and fail with a
# server error on an ARN.
from moto.cloudtrail.models import CloudTrailBackend  # noqa: E402


def _by_name_or_arn(original):  # type: ignore[no-untyped-def]
    def call(self, name):  # type: ignore[no-untyped-def]
        if isinstance(name, str) and name.startswith("arn:"):
            name = self.get_trail(name).trail_name
        return original(self, name)

    return call


for _method in ("start_logging", "stop_logging", "delete_trail"):
    setattr(CloudTrailBackend, _method, _by_name_or_arn(getattr(CloudTrailBackend, _method)))

# AWS Config takes an organization conformance pack's template inline (TemplateBody)
# or from S3 (TemplateS3Uri); moto matches TemplateS3Uri against "s3://" even when it
# is absent, and fails an inline template with a server error.
from moto.config.models import ConfigBackend  # noqa: E402

_put_pack = ConfigBackend.put_organization_conformance_pack


def _put_pack_inline(self, name, template_s3_uri, template_body, *args, **kwargs):  # type: ignore[no-untyped-def]
    if not template_s3_uri and template_body:
        template_s3_uri = "s3://inline-template-body"
    return _put_pack(self, name, template_s3_uri, template_body, *args, **kwargs)


ConfigBackend.put_organization_conformance_pack = _put_pack_inline

from moto.server import main  # noqa: E402

main(["-H", "127.0.0.1", "-p", "0"])
