#!/usr/bin/env bash
# Makes a Docker engine answer on this machine and puts the container runtime's test image on it,
# so runtimes/container's tests (and the agent's `container` runtime) can run. Idempotent: installs
# only what is missing, starts dockerd only when none answers, imports the image only when absent.
# No registry is needed: the image is built from busybox-static.
#
#   scripts/docker-test-setup.sh          # as root (or with passwordless sudo)
#
# Environment: ANCHOR_TEST_IMAGE (default anchor-test/busybox:1), DOCKERD_LOG (default
# /var/log/dockerd.log), DOCKER_WAIT_SECONDS (default 60).
set -euo pipefail

IMAGE="${ANCHOR_TEST_IMAGE:-anchor-test/busybox:1}"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"
WAIT_SECONDS="${DOCKER_WAIT_SECONDS:-60}"

fail() { echo "docker-test-setup: $*" >&2; exit 1; }
say() { echo "docker-test-setup: $*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null && sudo -n true 2>/dev/null \
    || fail "must run as root or with passwordless sudo (it installs packages and starts dockerd)"
  SUDO="sudo -n"
fi

# 1. Packages: the engine (docker.io: dockerd, containerd, runc, and a client) and busybox-static.
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker >/dev/null || missing+=(docker.io)
# The image gets /bin/busybox copied alone, so it must be the static build.
[ -x /bin/busybox ] && { ldd /bin/busybox 2>&1 || true; } | grep -q 'not a dynamic' || missing+=(busybox-static)
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null || fail "missing ${missing[*]} and no apt-get to install them; install a Docker engine and a static busybox"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null || fail "apt-get update failed"
  $SUDO apt-get install -y -q --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
fi

# 2. The engine: use one that answers (DOCKER_HOST or the local socket), else start dockerd.
if docker info >/dev/null 2>&1; then
  say "a Docker engine already answers"
else
  if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
    fail "DOCKER_HOST=${DOCKER_HOST} does not answer; start that engine or unset DOCKER_HOST"
  fi
  if [ -s /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    say "dockerd runs but does not answer yet; waiting"
  else
    say "starting dockerd (log: ${DOCKERD_LOG})"
    $SUDO sh -c "nohup dockerd >'${DOCKERD_LOG}' 2>&1 &"
  fi
  for _ in $(seq 1 "${WAIT_SECONDS}"); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || fail "dockerd did not answer within ${WAIT_SECONDS}s; last lines of ${DOCKERD_LOG}:
$(tail -n 20 "${DOCKERD_LOG}" 2>/dev/null)"
  say "dockerd answers"
fi

# 3. The test image: a busybox-static root file system, imported (no registry, no pull).
if docker image inspect "${IMAGE}" >/dev/null 2>&1; then
  say "image ${IMAGE} is present"
else
  say "building ${IMAGE} from busybox-static"
  rootfs="$(mktemp -d)"
  trap 'rm -rf "${rootfs}"' EXIT
  mkdir -p "${rootfs}"/{bin,etc,tmp,input,output,proc,sys,dev}
  cp /bin/busybox "${rootfs}/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "${applet}" = busybox ] || ln -s busybox "${rootfs}/bin/${applet}"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' > "${rootfs}/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "${rootfs}/etc/group"
  # The image's own shadow file, readable by root only: the tests show a task cannot read it.
  printf 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' > "${rootfs}/etc/shadow"
  chmod 0640 "${rootfs}/etc/shadow"
  chmod 1777 "${rootfs}/tmp"
  tar --numeric-owner --owner=0 --group=0 -C "${rootfs}" -c . \
    | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - "${IMAGE}" >/dev/null \
    || fail "docker import of ${IMAGE} failed"
fi

# 4. Smoke test with the flags the runtime uses.
out="$(docker run --rm --network none --read-only --tmpfs /tmp:rw,size=16m --cap-drop ALL \
        --security-opt no-new-privileges --pids-limit 128 --memory 64m --memory-swap 64m \
        --user 65534:65534 "${IMAGE}" echo hi 2>&1)" \
  || fail "the hardened smoke container failed: ${out}"
[ "${out}" = "hi" ] || fail "the smoke container said '${out}', expected 'hi'"
say "ready: $(docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}'), image ${IMAGE}"
