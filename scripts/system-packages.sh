# Sourced by the project's scripts: installs missing Debian packages, as root or through sudo.
#   require_packages COMMAND:PACKAGE ...   e.g. require_packages /usr/bin/chromium:chromium redis-server:redis-server
# A COMMAND that is a path must exist (a program, or a data file of the package); any other must be on the PATH. Only the packages
# whose command is missing are installed; without root, sudo or apt-get it fails with a plain message.
require_packages() {
    local pair command package missing=()
    for pair in "$@"; do
        command=${pair%%:*}
        package=${pair#*:}
        if [[ $command == /* ]]; then
            [ -e "$command" ] && continue
        else
            command -v "$command" >/dev/null 2>&1 && continue
        fi
        missing+=("$package")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0

    local as_root=()
    if [ "$(id -u)" != "0" ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "error: missing Debian packages: ${missing[*]}; not root and no sudo to install them." >&2
            echo "       Install them (apt-get install ${missing[*]}) and retry." >&2
            return 1
        fi
        # Asks for a password only at a terminal; elsewhere (CI) a sudo that needs one fails at once.
        if [ -t 0 ]; then as_root=(sudo); else as_root=(sudo -n); fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: missing packages: ${missing[*]}, and no apt-get to install them; install them and retry." >&2
        return 1
    fi
    echo "installing Debian packages: ${missing[*]}" >&2
    if ! { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
           && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                  "${missing[@]}" >/dev/null; }; then
        echo "error: could not install ${missing[*]}; install them (apt-get install ${missing[*]}) and retry." >&2
        return 1
    fi
}
