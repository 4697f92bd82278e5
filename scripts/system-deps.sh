#!/bin/sh
# Install the Debian packages reportgen needs, only those missing. Used by the Makefile.
#   scripts/system-deps.sh report   -> Pango for WeasyPrint, and the fonts the PDF uses
#   scripts/system-deps.sh test     -> the above, plus pdftotext and LibreOffice (Writer for
#                                      the Word checks, kept running through python3-uno;
#                                      Calc the number-format oracle), and
#                                      headless Chromium with its WebDriver, the real browser
#                                      the tests of `reportgen watch`'s preview page drive
set -eu
# fonts-droid-fallback: Chinese, Japanese and Korean names, which the body fonts lack.
# fonts-crosextra-carlito: Calibri's metric twin (every glyph Calibri's width), for house
# styles in Calibri, so the PDF and LibreOffice break lines where Word does.
pkgs="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core fonts-droid-fallback fonts-crosextra-carlito"
case "${1:-report}" in
  test) pkgs="$pkgs poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui python3-uno chromium chromium-driver" ;;
  bench) pkgs="$pkgs poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui" ;;
esac
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
case "$missing" in
  *libreoffice*|*chromium*) took="a few minutes: LibreOffice and Chromium are large" ;;
  *) took="under a minute" ;;
esac
echo "installing system packages ($took):$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "  updating the package lists"
$SUDO apt-get update -qq
# One line per package as it is set up, so a long install is never a silent one.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing \
  2>&1 | grep --line-buffered -E '^Setting up ' | sed -u 's/^Setting up \([^ ]*\).*/  installed \1/'
echo "system packages installed"
