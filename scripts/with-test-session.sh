#!/usr/bin/env bash
# Runs a command inside the test session: a private D-Bus session bus with a real,
# unlocked gnome-keyring (Secret Service) whose keyring files live in a throw-away folder.
# Usage: scripts/with-test-session.sh COMMAND [ARGS...]
set -euo pipefail

if [ -z "${SLIPWAY_IN_TEST_SESSION:-}" ]; then
    export SLIPWAY_IN_TEST_SESSION=1
    exec dbus-run-session -- "$0" "$@"
fi

session_home=$(mktemp -d "${TMPDIR:-/tmp}/slipway-test-session.XXXXXX")
cleanup() {
    [ -n "${keyring_pid:-}" ] && kill "$keyring_pid" 2>/dev/null || true
    rm -rf "$session_home"
}
trap cleanup EXIT

# gnome-keyring keeps its files under $XDG_DATA_HOME/keyrings; a fresh folder means a fresh
# "login" keyring, created and unlocked with the password read from standard input.
export XDG_DATA_HOME="$session_home/data"
export XDG_RUNTIME_DIR="$session_home/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf 'slipway-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
keyring_pid=${GNOME_KEYRING_PID:-$(pgrep -n -u "$(id -u)" gnome-keyring-d || true)}

"$@"
