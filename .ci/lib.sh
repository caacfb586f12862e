# Shared by .ci/start and .ci/test: install the Debian packages a step needs, only when missing.

# ensure_packages PKG... — installs the packages that are not installed yet (as root, or through sudo).
ensure_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "Installing ${missing[*]} …" >&2
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The system packages Etude needs to build and run. (None yet: the MIDI, audio and window
# issues add theirs here.)
ETUDE_PACKAGES=()
