# The development container (issue 26): Debian 12 with what scripts/install-deps.sh installs,
# the project mounted at /work/capsule (compose.yaml), capsule built inside it.
#   docker compose up --build -d
#   docker exec -it capsule-dev bash
FROM debian:12
COPY scripts/install-deps.sh /tmp/install-deps.sh
# Everything the test suite needs too: the container is for working on capsule, not only using it.
RUN sh /tmp/install-deps.sh && rm -f /tmp/install-deps.sh && rm -rf /var/lib/apt/lists/*
WORKDIR /work/capsule
# Build on start (the source is the mounted checkout, so the image holds no copy of it), then
# stay up for `docker exec`.
CMD ["sh", "-c", "sh scripts/build.sh && exec sleep infinity"]
