#!/usr/bin/env bash
# Installs the browsers the engines run needs, from Debian, in one apt-get:
# Chromium, Firefox ESR, WebKitGTK's WebDriver (with MiniBrowser), Xvfb
# (MiniBrowser has no headless mode) and xsettingsd (switches the GTK theme, so
# the tests can set the reader's colour scheme in WebKit). Packages dpkg
# already has are skipped.
# The lock timeout waits for another apt instead of failing.
set -euo pipefail

wanted=(chromium firefox-esr webkit2gtk-driver xvfb xsettingsd)
missing=()
for package in "${wanted[@]}"; do
  if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "browsers: all installed (${wanted[*]})"
  exit 0
fi

echo "browsers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 update -qq
apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
echo "browsers: installed ${missing[*]}"
