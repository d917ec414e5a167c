#!/usr/bin/env bash
# Debian packages the tests need: chromium (driven by Playwright), nginx (serves site/ as an
# intranet would), poppler-utils (pdftotext: `proposal-archive import` reads PDFs with it), and
# for the checkers of site_tests/site/checkers.py a Java runtime (the W3C Nu HTML Checker) and
# Node.js 20 or newer with npm (pa11y, Lighthouse; `make test` installs them with `npm ci`).
# Installed with apt-get when missing and we are root (as in CI); otherwise we say exactly what is missing and how to install it.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
node_is_new_enough() {
  # pa11y 9 needs Node.js 20 (package.json's engines)
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || return 1
  if [ "$major" -lt 20 ]; then
    echo "Node.js $(node --version) is too old for the checkers (package.json): 20 or newer is needed" >&2
    return 1
  fi
}
if [ ${#missing[@]} -eq 0 ]; then
  node_is_new_enough
  exit $?
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  node_is_new_enough
  exit $?
fi
echo "missing Debian packages: ${missing[*]}" >&2
echo "install them with: sudo apt-get install ${missing[*]}" >&2
exit 1
