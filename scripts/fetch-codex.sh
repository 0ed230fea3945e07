#!/usr/bin/env bash
# Fetch a Codex CLI release with `npm pack` and unpack its binary into a cache directory; print the
# binary's path. Idempotent: a cached, working binary is reused.
#
#   scripts/fetch-codex.sh            # the pinned release (tests/differential/CODEX_VERSION)
#   scripts/fetch-codex.sh 0.172.0    # any release -> $CODEX_CACHE/codex-0.172.0/codex (prints that path)
#
# The pinned release's tarball must match the integrity recorded in CODEX_VERSION. Any other release is
# checked by npm against the registry's own integrity, and its integrity is printed on stderr so that it
# can be pinned.
#
# Cache: ${CODEX_CACHE:-$HOME/.cache/codex-config-lsp}/codex-<version>/. Needs npm, tar, sha512sum/base64.
# On failure: exit 1 and one line on stderr ("fetch-codex: ..."). Nothing is executed from the package
# except `codex --version` to check the unpacked binary.
set -euo pipefail

die() { echo "fetch-codex: $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
pin="$here/../tests/differential/CODEX_VERSION"
[ -r "$pin" ] || die "cannot read $pin"
field() { sed -n "s/^$1=//p" "$pin" | head -n1; }
pinned=$(field version)
[ -n "$pinned" ] || die "no version= line in $pin"
version=${1:-$pinned}
version=${version#v}
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]] || die "not a release version: $version"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)          platform=linux-x64;   triple=x86_64-unknown-linux-musl ;;
  Linux-aarch64|Linux-arm64) platform=linux-arm64; triple=aarch64-unknown-linux-musl ;;
  *) die "unsupported platform $(uname -s)-$(uname -m) (Linux x86_64/aarch64 only)" ;;
esac
integrity=""
[ "$version" = "$pinned" ] && integrity=$(field "integrity-$platform")

cache="${CODEX_CACHE:-${HOME:-/nonexistent}/.cache/codex-config-lsp}"
dest="$cache/codex-$version"
bin="$dest/codex"

works() { [ -x "$bin" ] && "$bin" --version 2>/dev/null </dev/null | grep -qx "codex-cli $version"; }

if works; then echo "$bin"; exit 0; fi

command -v npm >/dev/null 2>&1 || die "npm not found (needed to fetch @openai/codex@$version-$platform)"
mkdir -p "$cache" 2>/dev/null || die "cannot create cache dir $cache"

exec 9>"$cache/.fetch-codex.lock" || die "cannot write lock file in $cache"
if command -v flock >/dev/null 2>&1; then flock 9 || die "cannot lock $cache/.fetch-codex.lock"; fi
if works; then echo "$bin"; exit 0; fi      # another process fetched it while we waited

work=$(mktemp -d "$cache/.fetch-codex.XXXXXX") || die "cannot create a temp dir in $cache"
trap 'rm -rf "$work"' EXIT

spec="@openai/codex@$version-$platform"
npm_reason() {
  grep -i 'error' "$work/npm.log" | grep -v -i -e 'complete log' -e 'error code' -e 'error syscall' -e 'error errno' \
    | head -n1 | sed 's/^npm error //'
}
npm pack --loglevel=error --fetch-retries=1 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=10000 --pack-destination "$work" "$spec" >"$work/npm.log" 2>&1 \
  || die "npm pack $spec failed: $(npm_reason)"
tgz=$(ls "$work"/*.tgz 2>/dev/null | head -n1)
[ -n "$tgz" ] || die "npm pack $spec produced no tarball"

got="sha512-$(openssl dgst -sha512 -binary "$tgz" 2>/dev/null | base64 -w0 2>/dev/null || true)"
if [ "$got" = "sha512-" ]; then
  got="sha512-$(sha512sum "$tgz" | cut -d' ' -f1 | xxd -r -p | base64 -w0)"
fi
if [ -n "$integrity" ]; then
  [ "$got" = "$integrity" ] || die "integrity mismatch for $spec (got $got, pinned $integrity)"
else
  echo "fetch-codex: $spec integrity-$platform=$got (not pinned; npm checked it against the registry)" >&2
fi

member="package/vendor/$triple/bin/codex"
tar -xzf "$tgz" -C "$work" "$member" "package/vendor/$triple/codex-package.json" 2>/dev/null \
  || tar -xzf "$tgz" -C "$work" "$member" 2>/dev/null \
  || die "tarball of $spec has no $member"
rm -f "$tgz"
chmod 0755 "$work/$member"

rm -rf "$dest.new"
mkdir -p "$dest.new"
mv "$work/$member" "$dest.new/codex"
[ -f "$work/package/vendor/$triple/codex-package.json" ] && mv "$work/package/vendor/$triple/codex-package.json" "$dest.new/"
rm -rf "$dest"
mv "$dest.new" "$dest"
works || die "unpacked $bin does not report codex-cli $version"
echo "$bin"
