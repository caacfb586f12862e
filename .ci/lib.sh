# Shared by .ci/start, .ci/test and .ci/run: install the Debian packages a step needs, only when missing.

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

# What Etude needs to build and run: ALSA for MIDI input and sound (midir, cpal).
ETUDE_PACKAGES=(pkg-config libasound2-dev)

# What the window loads at run time (X11 or Wayland, keyboard maps, a font with the symbols:
# ✓ ▶ ★ →); building needs none of it. Letters come from the embedded Fira Sans. zenity is the
# "Open a piece…" file dialog where no desktop portal runs (a bare window manager, Xvfb).
WINDOW_PACKAGES=(libx11-6 libx11-xcb1 libxcursor1 libxrandr2 libxi6 libxkbcommon-x11-0 libwayland-client0 fonts-dejavu-core zenity)

# What the tests need besides: a JACK server (dummy driver) and its headers for the `jack`
# feature; an X server, a way to type into it and to take and measure screenshots.
TEST_PACKAGES=(jackd2 libjack-jackd2-dev xvfb xdotool imagemagick)

# What `.ci/measure-latency` compares Etude with: FluidSynth, and FluidR3 (which Etude prefers
# when it is installed).
MEASURE_PACKAGES=(fluidsynth fluid-soundfont-gm)

# start_test_jack [PERIOD] — starts a private JACK server with the dummy driver (real MIDI and
# audio ports, no hardware; PERIOD frames at 48 kHz, 256 by default) for this shell and its
# children, and stops it when the shell exits.
start_test_jack() {
    local period="${1:-256}"
    export JACK_DEFAULT_SERVER="etude-test-$$"
    local log
    log="$(mktemp -t etude-jackd.XXXXXX.log)"
    # The tests print the server's log when a live test fails (a client it dropped, an xrun).
    export ETUDE_JACK_LOG="$log"
    # -t: a client may be 2 s late before the server drops it (a loaded CI machine, debug code).
    jackd -n "$JACK_DEFAULT_SERVER" --no-realtime -t 2000 -d dummy -r 48000 -p "$period" >"$log" 2>&1 &
    ETUDE_JACK_PID=$!
    trap 'kill "$ETUDE_JACK_PID" 2>/dev/null; wait "$ETUDE_JACK_PID" 2>/dev/null' EXIT
    if ! jack_wait -w -t 10 >/dev/null; then
        echo "the JACK test server did not start:" >&2
        cat "$log" >&2
        return 1
    fi
}
