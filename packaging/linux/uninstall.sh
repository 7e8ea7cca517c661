#!/bin/sh
# Remove CareQA installed by install.sh for the current user.
#   ./uninstall.sh           removes the program, the `careqa` command and the menu entry;
#                            keeps the library, settings, logs and audit log.
#   ./uninstall.sh --purge   also removes those (the clinic's imported library included).
set -eu
data=${XDG_DATA_HOME:-$HOME/.local/share}
prefix=${CAREQA_PREFIX:-$HOME/.local/opt/careqa}
bin=${CAREQA_BIN_DIR:-$HOME/.local/bin}

if [ -L "$bin/careqa" ] && [ "$(readlink "$bin/careqa")" = "$prefix/careqa" ]; then
    rm -f "$bin/careqa"
fi
rm -f "$data/applications/careqa.desktop" "$data/icons/hicolor/scalable/apps/careqa.svg"
rm -rf "$prefix"
command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database "$data/applications" >/dev/null 2>&1 || true
echo "CareQA removed from $prefix"

if [ "${1:-}" = "--purge" ]; then
    config=${XDG_CONFIG_HOME:-$HOME/.config}
    state=${XDG_STATE_HOME:-$HOME/.local/state}
    rm -rf "$data/careqa" "$config/careqa" "$state/careqa"
    echo "removed the library, settings and logs ($data/careqa, $config/careqa, $state/careqa)"
else
    echo "kept your library, settings and logs (./uninstall.sh --purge removes them)"
fi
