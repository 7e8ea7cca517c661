#!/usr/bin/env bash
# Screenshots for the README: the real app (real models, starter library) on a real X server
# (Xvfb when there is no screen), asking questions; then settings, the wizard and the manager.
set -euo pipefail
cd "$(dirname "$0")/.."
CAREQA_APP_MODULE=scripts/screenshots.py exec bash scripts/run_app.sh "${1:-docs/screenshots}"
