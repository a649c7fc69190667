#!/usr/bin/env bash
# Debian's coturn package starts a system-wide turnserver (systemd unit `coturn`, all
# addresses, /etc/turnserver.conf) that would take the ports of the project's own
# (scripts/services/coturn.sh: loopback, per-seat credentials, relays to the media address
# only). Stop and disable that unit; a machine without systemd (containers, CI) has nothing to do.
set -euo pipefail
# /run/systemd/system: systemd is the running init (not just installed).
if [ -d /run/systemd/system ] && systemctl is-enabled --quiet coturn 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "    disabling Debian's system coturn service (Videoloket runs its own on loopback)"
  $SUDO systemctl disable --now coturn
else
  echo "    no system coturn service to disable"
fi
