#!/bin/sh
# Installs the Debian packages a private test WordPress needs (WordPress 6.1, MariaDB, PHP CLI),
# then a current WordPress (6.8, Debian trixie's package) beside it
# (scripts/wordpress/install-wordpress-current.sh). Skips apt-get entirely when dpkg already reports
# every package as installed, so CI can call it on every run.
set -eu

# wordpress-l10n: WordPress's own translations, for the German and Arabic site tests.
PACKAGES="wordpress wordpress-l10n mariadb-server php-cli php-mysql curl"

missing=""
for pkg in $PACKAGES; do
  if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing="$missing $pkg"
  fi
done

here="$(dirname "$0")"
if [ -z "$missing" ]; then
  echo "wordpress packages: already installed"
  exec "$here/install-wordpress-current.sh"
fi

echo "wordpress packages: installing$missing"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=300 update -q
# Recommends stay on: they bring wordpress-theme-twentytwentythree, the stock theme the plugin is
# tested with. The system MariaDB and Apache that come along are never used: the test instance runs
# its own mariadbd on a private socket and PHP's built-in server.
$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q $PACKAGES
"$here/install-wordpress-current.sh"
