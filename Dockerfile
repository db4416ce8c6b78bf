# syntax=docker/dockerfile:1.7
#
# kbeauty-api container image: one self-contained executable (the database is embedded)
# on a distroless base, running as a numeric non-root user, fit for a read-only root.
#
#   docker build --build-arg REVISION=$(git rev-parse HEAD) -t kbeauty-api .      # sample data
#   docker build --build-arg REVISION=$(git rev-parse HEAD) \
#     --build-context data-sources=/path/to/official-data -t kbeauty-api .        # official data
#
#   # The secret as a file the image's user (uid 65532) owns with mode 0400: the service
#   # refuses a secret file that group or others can read, and a bind mount keeps the
#   # host file's owner and mode.
#   sudo install -o 65532 -g 65532 -m 0400 /etc/kbeauty-api/credentials/proxy-secret /etc/kbeauty-api/docker-proxy-secret
#
#   docker run -d --name kbeauty-api -p 8000:8000 --read-only --cpus 2 \
#     --tmpfs /run/kbeauty-api:rw,noexec,nosuid,size=1m,uid=65532,gid=65532,mode=0700 \
#     --mount type=bind,src=/etc/kbeauty-api/docker-proxy-secret,dst=/run/secrets/proxy-secret,readonly \
#     -e RAPIDAPI_PROXY_SECRET_FILE=/run/secrets/proxy-secret -e WORKERS=auto \
#     kbeauty-api
#   docker exec kbeauty-api /usr/local/bin/kbeauty-api config check   # every problem at once
#
# Secrets never go into the image (see .dockerignore) or into `docker run -e`: mount them
# as files and point NAME_FILE at them (RAPIDAPI_PROXY_SECRET_FILE, TELEGRAM_BOT_TOKEN_FILE,
# REDIS_URL_FILE), e.g. Docker/Compose secrets under /run/secrets/, owned by uid 65532
# with mode 0400 or 0600. WORKERS=auto starts one worker per CPU of the `--cpus` quota
# (rounded down, at least 1). deploy/INSTALL.md has the details.
#
# Needs BuildKit (the default builder since Docker 23) for --mount, --chmod and
# --build-context. Release builds should pin both base images by digest (@sha256:...).

ARG BUN_VERSION=1.4.5

# --- data-sources: what the embedded database is built from --------------------------------
# Default: the sample set in the repository. To embed the official downloads, replace this
# stage with a directory: `--build-context data-sources=DIR` (files named as in SOURCES.md).
# The data is bind-mounted into the build step only; it is in no layer of the final image.
FROM scratch AS data-sources
COPY data/sample/ /

# --- build: compile the executable with the database inside --------------------------------
FROM oven/bun:${BUN_VERSION} AS build
# The commit the image is built from (the context has no .git): recorded in the binary
# (`kbeauty-api version`) and in the image label org.opencontainers.image.revision.
ARG REVISION=unknown
WORKDIR /app
# scripts/build.ts runs `git rev-parse` (and stops when git is missing); with no .git it
# records KBEAUTY_COMMIT (from REVISION) instead.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/*
COPY package.json bun.lock bunfig.toml ./
RUN --mount=type=cache,target=/root/.bun/install/cache \
    bun install --frozen-lockfile
COPY tsconfig.json ./
COPY scripts/ scripts/
COPY src/ src/
COPY data/sample/ data/sample/
# Build for this platform only (a multi-platform build runs this stage once per platform),
# then check the result starts and names its data sources.
RUN --mount=type=bind,from=data-sources,target=/data-sources \
    DATA_SOURCES_DIR=/data-sources KBEAUTY_COMMIT=${REVISION} bun run build -- --native-only \
 && ./dist/kbeauty-api version \
 && install -d -o 65532 -g 65532 -m 0700 /out/state

# --- runtime: the binary and nothing else --------------------------------------------------
# distroless/cc: glibc (Bun's executable links libc, libm, libdl, libpthread), CA certificates
# (Telegram over https), tzdata, /etc/passwd with nonroot = 65532; no shell, no package manager.
FROM gcr.io/distroless/cc-debian12:nonroot AS runtime

# Set at release: --build-arg VERSION=$(jq -r .version package.json) --build-arg SOURCE_URL=...
# --build-arg REVISION=$(git rev-parse HEAD) (the commit, also recorded in the binary).
ARG VERSION=1.0.0
ARG SOURCE_URL=https://example.invalid/kbeauty-api
ARG LICENSES=LicenseRef-Proprietary
ARG REVISION=unknown
LABEL org.opencontainers.image.title="kbeauty-api" \
      org.opencontainers.image.description="Cosmetic-ingredients API for the Korean-cosmetics trade: INCI, Korean standard names, CAS/EC, CosIng functions, EU and MFDS rules." \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="${LICENSES}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"

# Owned by root and read-only: the service cannot modify its own executable.
COPY --from=build --chown=0:0 --chmod=0555 /app/dist/kbeauty-api /usr/local/bin/kbeauty-api
# STATE_DIR (the startup-alert lock), owned by the service user. With --read-only, mount a
# tmpfs (or a volume) here; a new volume takes this directory's owner and mode.
COPY --from=build --chown=65532:65532 --chmod=0700 /out/state /run/kbeauty-api

# SHUTDOWN_TIMEOUT_MS below Docker's default 10 s stop timeout, so the drain and the final
# log/alert flush finish before SIGKILL. With a longer `--stop-timeout`, raise it too.
ENV APP_ENV=prod \
    STATE_DIR=/run/kbeauty-api \
    SHUTDOWN_TIMEOUT_MS=8000

USER 65532:65532
EXPOSE 8000
STOPSIGNAL SIGTERM
# No curl in the image: the executable checks GET /health on 127.0.0.1:$PORT itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["/usr/local/bin/kbeauty-api", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/kbeauty-api"]
CMD ["serve"]
