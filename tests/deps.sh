#!/bin/sh
# Installs what the build and the tests need, when it is missing and we
# may (root, or passwordless sudo). Debian package names.
need=""
pkgs="build-essential pkg-config libxml2-dev libcjson-dev libutf8proc-dev zlib1g-dev libbz2-dev
libopencc-dev python3 python3-mwparserfromhell python3-jsonschema parallel clang clang-format libclang-rt-14-dev
valgrind bzip2 libxml2-utils time util-linux gzip"
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
[ -z "$need" ] && exit 0
echo "installing:$need" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "deps: missing packages:$need (run as root: apt-get install -y$need)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q $need >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q $need >/dev/null; }
