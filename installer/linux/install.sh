#!/bin/sh
# Sổ Sáng Kiến for Linux: add the program to the applications menu of this user (no root).
#
#   ./install.sh            menu entry, icon, and .ssk bundles opening in Sổ Sáng Kiến
#   ./install.sh --remove   take them away again (the data in ~/.local/share/SoSangKien stays)
#
# The program itself stays where this folder was unpacked; run ./SoSangKien to start it.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APPS="$DATA/applications"
ICONS="$DATA/icons/hicolor/256x256/apps"
MIME="$DATA/mime/packages"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$APPS/sosangkien.desktop" "$ICONS/sangkien.png" "$MIME/sosangkien.xml"
    command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA/mime" || true
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$APPS" || true
    echo "Đã gỡ Sổ Sáng Kiến khỏi trình đơn. Dữ liệu trong $DATA/SoSangKien vẫn được giữ nguyên."
    exit 0
fi

mkdir -p "$APPS" "$ICONS" "$MIME"
cp "$HERE/sangkien.png" "$ICONS/sangkien.png"
cp "$HERE/sangkien-mime.xml" "$MIME/sosangkien.xml"
# Exec needs the absolute path of this folder (quoted: it may contain spaces).
sed "s|^Exec=SoSangKien|Exec=\"$HERE/SoSangKien\"|" "$HERE/sangkien.desktop" > "$APPS/sosangkien.desktop"
chmod 644 "$APPS/sosangkien.desktop"
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$APPS" || true
echo "Đã thêm Sổ Sáng Kiến vào trình đơn ứng dụng. Tệp .ssk sẽ mở bằng Sổ Sáng Kiến."
