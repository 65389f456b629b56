#!/bin/sh
# Installs a current WordPress beside Debian 12's 6.1 for the tests: Debian trixie's `wordpress`
# package (6.8), fetched with `apt-get download` through a sources list and apt state of its own
# (the system's apt stays on bookworm; nothing is installed with dpkg), extracted with dpkg-deb.
# It ships no theme: the stock block theme is copied from 6.1's package, and its symlinks (getid3,
# lodash, underscore…) resolve to the libraries 6.1's package installed. Run
# scripts/wordpress/install-packages.sh first. Does nothing when the folder is there already.
#
#   WORDPRESS_CURRENT_DIR   where it goes (default /usr/local/share/comment-thread/wordpress-trixie)
#   DEBIAN_MIRROR           default http://deb.debian.org/debian
set -eu

DEST="${WORDPRESS_CURRENT_DIR:-/usr/local/share/comment-thread/wordpress-trixie}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if [ -f "$DEST/wp-includes/version.php" ]; then
  echo "current wordpress: already in $DEST"
  exit 0
fi
if [ ! -d /usr/share/wordpress/wp-content/themes/twentytwentythree ]; then
  echo "current wordpress: run scripts/wordpress/install-packages.sh first (the theme comes from 6.1's package)" >&2
  exit 1
fi

STATE="$(mktemp -d)"
trap 'rm -rf "$STATE"' EXIT
mkdir -p "$STATE/lists/partial" "$STATE/cache/archives/partial" "$STATE/parts" "$STATE/deb"
echo "deb $MIRROR trixie main" > "$STATE/sources.list"
set -- -o "Dir::Etc::sourcelist=$STATE/sources.list" -o "Dir::Etc::sourceparts=$STATE/parts" \
  -o "Dir::State::Lists=$STATE/lists" -o "Dir::Cache=$STATE/cache" -o "APT::Sandbox::User=root" -q
echo "current wordpress: fetching trixie's package list"
apt-get "$@" update >/dev/null
(cd "$STATE/deb" && apt-get "$@" download wordpress)
dpkg-deb -x "$STATE"/deb/wordpress_*.deb "$STATE/root"
mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST.partial"
cp -a "$STATE/root/usr/share/wordpress" "$DEST.partial"
cp -a /usr/share/wordpress/wp-content/themes/twentytwentythree "$DEST.partial/wp-content/themes/"
mv "$DEST.partial" "$DEST"
echo "current wordpress: $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$DEST/wp-includes/version.php") in $DEST"
