#!/bin/sh
# Install CareQA for the current user: no root, no Python, no internet needed.
#   ./install.sh            installs into ~/.local/opt/careqa (CAREQA_PREFIX to change it),
#                           the `careqa` command into ~/.local/bin, and a menu entry.
# Running it again replaces the program; your library, settings and logs are kept (they live in
# ~/.local/share/careqa, ~/.config/careqa and ~/.local/state/careqa).
set -eu
src=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
prefix=${CAREQA_PREFIX:-$HOME/.local/opt/careqa}
bin=${CAREQA_BIN_DIR:-$HOME/.local/bin}

[ -x "$src/CareQA" ] || { echo "install.sh: run it from the unpacked CareQA folder" >&2; exit 1; }
if [ "$src" = "$prefix" ]; then echo "CareQA is already installed in $prefix"; exit 0; fi

mkdir -p "$(dirname "$prefix")" "$bin" "$data/applications" "$data/icons/hicolor/scalable/apps"
rm -rf "$prefix.new"
cp -a "$src" "$prefix.new"          # -a keeps the models' mtimes, so their sha256 stamps hold
rm -rf "$prefix.old"
[ -e "$prefix" ] && mv "$prefix" "$prefix.old"
mv "$prefix.new" "$prefix"
rm -rf "$prefix.old"

ln -sf "$prefix/careqa" "$bin/careqa"
cp "$prefix/careqa.svg" "$data/icons/hicolor/scalable/apps/careqa.svg"
sed -e "s|^Exec=.*|Exec=\"$prefix/CareQA\"|" -e "s|^Icon=.*|Icon=$prefix/careqa.svg|" \
    "$prefix/careqa.desktop" > "$data/applications/careqa.desktop"
command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database "$data/applications" >/dev/null 2>&1 || true

echo "CareQA installed in $prefix"
echo "  start it from the applications menu (CareQA), or run: $prefix/CareQA"
echo "  command line: $bin/careqa (add $bin to PATH if it is not)"
echo "  check it:     $prefix/CareQA --self-test"
echo "  uninstall:    $prefix/uninstall.sh"
