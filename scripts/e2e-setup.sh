# Sourced by test.sh: makes the Node checks runnable. Installs the e2e packages (npm ci, from the
# lock file) and, where it is missing, Debian's Chromium (browsers cannot be downloaded by
# Playwright here). Fails with a clear message when Node or the package manager is unavailable.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "test.sh: node and npm are required for the e2e checks (Debian: apt-get install nodejs npm)" >&2
    exit 1
fi
if [ ! -x /usr/bin/chromium ]; then
    echo "test.sh: installing Debian's chromium for the browser test" >&2
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    if ! { $SUDO apt-get update -qq && $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
        echo "test.sh: could not install chromium; install it (apt-get install chromium) and retry" >&2
        exit 1
    fi
fi
if [ ! -d e2e/node_modules ] || [ e2e/package-lock.json -nt e2e/node_modules ]; then
    npm ci --prefix e2e --no-audit --no-fund --loglevel=error
fi
