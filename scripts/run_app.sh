#!/usr/bin/env bash
# Start the CareQA window. Qt's X11 platform plugin needs a few system libraries that minimal
# Linux installs lack: install them when we are root with apt, otherwise say exactly what to run.
# With no screen at all (a headless server), the app runs on a virtual screen (Xvfb).
# CAREQA_APP_MODULE runs another Qt entry point the same way: a module name, or a script's .py path
# (scripts/screenshots.sh runs scripts/screenshots.py).
set -euo pipefail
cd "$(dirname "$0")/.."

module=${CAREQA_APP_MODULE:-desktop}
case $module in
  *.py) app=("$module") ;;  # a script file
  *) app=(-m "$module") ;;
esac
say() { printf '[run] %s\n' "$*" >&2; }
QT_X11_PACKAGES="libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3"

missing=()
if [ "$(uname -s)" = Linux ] && command -v dpkg >/dev/null; then
  packages=$QT_X11_PACKAGES
  [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && packages="$packages xvfb xauth"
  for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing system libraries Qt needs: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "Qt needs these system packages; install them, then run again:"
    say "  sudo apt-get install ${missing[*]}"
    exit 1
  fi
fi

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname -s)" = Linux ]; then
  say "no screen found (DISPLAY is not set): starting CareQA on a virtual screen (Xvfb)"
  exec xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python "${app[@]}" "$@"
fi
exec .venv/bin/python "${app[@]}" "$@"
