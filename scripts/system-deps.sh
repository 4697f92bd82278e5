#!/bin/sh
# Install the Debian packages reportgen needs, only those missing. Used by the Makefile.
#   scripts/system-deps.sh report   -> Pango for WeasyPrint, and the fonts the PDF uses
#   scripts/system-deps.sh test     -> the above, plus pdftotext and LibreOffice (Writer for
#                                      the Word checks, Calc the number-format oracle)
set -eu
pkgs="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core"
case "${1:-report}" in
  test|bench) pkgs="$pkgs poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui" ;;
esac
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing system packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
