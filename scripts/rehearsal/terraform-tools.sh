#!/usr/bin/env bash
# Makes the Terraform CLI and the hashicorp/aws provider available offline, as on an
# air-gapped network: the provider goes into a filesystem mirror under the user's
# cache (never the repository), from the Terraform registry where it is reachable,
# else built from its Go module through the Go module proxy. A machine pays the
# build once. Prints the terraform path, the mirror and the provider version.
#
#   bash scripts/rehearsal/terraform-tools.sh          # ensure both, print where
#   S3AB_CACHE=/some/dir bash scripts/rehearsal/...    # another cache folder
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=provider.env
source scripts/rehearsal/provider.env

CACHE="${S3AB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/s3-audit-baseline}"
MIRROR="$CACHE/terraform-mirror"
PLATFORM="$(go env GOOS 2>/dev/null || echo linux)_$(go env GOARCH 2>/dev/null || echo amd64)"
PROVIDER_DIR="$MIRROR/registry.terraform.io/hashicorp/aws"
mkdir -p "$CACHE/bin" "$PROVIDER_DIR"
export PATH="$CACHE/bin:$PATH"

say() { echo "terraform-tools: $*" >&2; }
fail() {
  say "$*"
  exit 1
}

# Runs a command under /usr/bin/time -v when there is one, and reports its wall time
# and peak memory.
measured() {
  local log="$1"
  shift
  local start=$SECONDS
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$@" >"$log" 2>&1 || {
      tail -30 "$log" >&2
      return 1
    }
    local peak
    peak=$(awk -F': ' '/Maximum resident set size/ {print int($2/1024)}' "$log")
    say "  took $((SECONDS - start)) s, peak memory ${peak} MiB (log: $log)"
  else
    "$@" >"$log" 2>&1 || {
      tail -30 "$log" >&2
      return 1
    }
    say "  took $((SECONDS - start)) s (log: $log)"
  fi
}

version_ok() { # terraform binary is at least TERRAFORM_MIN_VERSION
  local v
  v=$("$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$TERRAFORM_MIN_VERSION" "$v" | sort -V | head -1)" = "$TERRAFORM_MIN_VERSION" ]
}

ensure_terraform() {
  local tf
  tf=$(command -v terraform || true)
  if [ -n "$tf" ] && version_ok "$tf"; then
    echo "$tf"
    return
  fi
  command -v go >/dev/null || fail "no terraform (>= $TERRAFORM_MIN_VERSION) and no Go toolchain to build one"
  say "building terraform $TERRAFORM_GO_VERSION from its Go module"
  GOBIN="$CACHE/bin" measured "$CACHE/terraform-build.log" go install "github.com/hashicorp/terraform@$TERRAFORM_GO_VERSION" ||
    fail "could not build terraform"
  echo "$CACHE/bin/terraform"
}

provider_in_mirror() { # version: unpacked (a build) or packed (terraform providers mirror)
  [ -x "$PROVIDER_DIR/$1/$PLATFORM/terraform-provider-aws_v$1" ] ||
    [ -f "$PROVIDER_DIR/terraform-provider-aws_$1_$PLATFORM.zip" ]
}

from_registry() { # terraform
  local dir
  dir=$(mktemp -d)
  printf 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "%s" }\n  }\n}\n' \
    "$PROVIDER_VERSION" >"$dir/main.tf"
  say "trying the Terraform registry for hashicorp/aws $PROVIDER_VERSION"
  if (cd "$dir" && timeout 120 "$1" providers mirror -platform="$PLATFORM" "$MIRROR") >"$CACHE/registry.log" 2>&1; then
    rm -rf "$dir"
    return 0
  fi
  rm -rf "$dir"
  say "  the registry cannot be reached ($(tail -1 "$CACHE/registry.log" | cut -c1-120))"
  return 1
}

from_go_module() {
  command -v go >/dev/null || fail "cannot build the provider: no Go toolchain (go) on the PATH"
  local module_dir target
  say "building hashicorp/aws from $PROVIDER_GO_MODULE@$PROVIDER_GO_VERSION (a cold build takes long on 2 cores; it is cached)"
  module_dir=$(go mod download -json "$PROVIDER_GO_MODULE@$PROVIDER_GO_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  [ -n "$module_dir" ] && [ -d "$module_dir" ] || fail "the Go module proxy did not serve $PROVIDER_GO_MODULE@$PROVIDER_GO_VERSION"
  target="$PROVIDER_DIR/$PROVIDER_BUILT_VERSION/$PLATFORM"
  mkdir -p "$target"
  (cd "$module_dir" && measured "$CACHE/provider-build.log" go build -trimpath \
    -ldflags "-s -w -X $PROVIDER_GO_MODULE/version.ProviderVersion=$PROVIDER_BUILT_VERSION" \
    -o "$target/terraform-provider-aws_v$PROVIDER_BUILT_VERSION.partial" .) || fail "the provider build failed"
  mv "$target/terraform-provider-aws_v$PROVIDER_BUILT_VERSION.partial" "$target/terraform-provider-aws_v$PROVIDER_BUILT_VERSION"
}

TF=$(ensure_terraform)
if provider_in_mirror "$PROVIDER_VERSION"; then
  VERSION=$PROVIDER_VERSION
elif provider_in_mirror "$PROVIDER_BUILT_VERSION"; then
  VERSION=$PROVIDER_BUILT_VERSION
elif [ "${S3AB_SKIP_REGISTRY:-}" != "1" ] && from_registry "$TF" && provider_in_mirror "$PROVIDER_VERSION"; then
  VERSION=$PROVIDER_VERSION
else
  from_go_module
  VERSION=$PROVIDER_BUILT_VERSION
fi
printf 'TERRAFORM=%s\nMIRROR=%s\nPROVIDER=%s\n' "$TF" "$MIRROR" "$VERSION"
