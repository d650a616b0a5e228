#!/bin/sh
# /usr/bin/hotline-console: starts the console installed in /opt/hotline-console.
# The program is found from this script's own place (../../opt), so a copy
# unpacked elsewhere (dpkg -x, as the tests do) runs its own files.
here=$(dirname "$(readlink -f "$0")")
exec "$here/../../opt/hotline-console/hotline-console" "$@"
