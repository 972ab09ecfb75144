#!/bin/sh
# The development container's files (#26) as Docker would read them. These machines have no Docker
# engine, so the check is what can be done without one: docker-compose parses compose.yaml and
# resolves it, the service mounts the checkout where the Dockerfile works, and the image's steps
# run only the scripts the README's commands (and so CI) run: scripts/install-deps.sh to install,
# scripts/build.sh to build.
set -eu
src=$(cd "$1" && pwd -P)
command -v docker-compose >/dev/null || { echo "docker-compose is missing: scripts/install-deps.sh installs it"; exit 1; }
resolved=$(cd "$src" && docker-compose -f compose.yaml config)
echo "$resolved" | grep -q "container_name: capsule-dev" || { echo "no capsule-dev service:"; echo "$resolved"; exit 1; }
echo "$resolved" | grep -q -- "- $src:/work/capsule:rw" || { echo "the checkout is not mounted at /work/capsule:"; echo "$resolved"; exit 1; }
grep -q "^WORKDIR /work/capsule$" "$src/Dockerfile" || { echo "the Dockerfile does not work in /work/capsule"; exit 1; }
grep -q "^FROM debian:12$" "$src/Dockerfile" || { echo "the image is not Debian 12"; exit 1; }
# Every RUN and CMD step, and what each may call.
grep -E "^(RUN|CMD) " "$src/Dockerfile" | while IFS= read -r step; do
  case "$step" in
    "RUN sh /tmp/install-deps.sh "*) ;;
    'CMD ["sh", "-c", "sh scripts/build.sh && exec sleep infinity"]') ;;
    *) echo "a Dockerfile step that is not one of the tested scripts: $step"; exit 1 ;;
  esac
done
grep -q "^COPY scripts/install-deps.sh /tmp/install-deps.sh$" "$src/Dockerfile" || { echo "install-deps.sh is not the script copied in"; exit 1; }
echo "compose.yaml and Dockerfile: ok"
