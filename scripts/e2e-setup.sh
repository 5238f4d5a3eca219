# Sourced by test.sh: makes the Node checks runnable. Installs, where missing, Debian's Chromium
# (browsers cannot be downloaded by Playwright here) and the e2e packages (npm ci, from the lock
# file). Fails with a clear message when something cannot be installed.
. scripts/system-packages.sh
require_packages node:nodejs npm:npm /usr/bin/chromium:chromium || exit 1
if [ ! -d e2e/node_modules ] || [ e2e/package-lock.json -nt e2e/node_modules ]; then
    npm ci --prefix e2e --no-audit --no-fund --loglevel=error
fi
