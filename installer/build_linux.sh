#!/bin/sh
# Linux one-folder build and tarball: dist/SoSangKien/ and dist/SoSangKien-<version>-linux-<arch>.tar.gz
# Needs only python3 (3.11+); creates .venv on first use. Extra arguments go to installer/build.py.
set -eu
cd "$(dirname "$0")/.."
exec python3 installer/build.py "$@"
