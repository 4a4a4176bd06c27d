# Flowline server image. Built without Docker on the build machines (no daemon there): the start
# command and this file's shape are checked by apps/cli/src/deploy-files.test.ts; see docs/deploy.md.
#
#   docker build -t flowline .
#   docker run -p 3000:3000 -v flowline-data:/data -e FLOWLINE_KEY_PASSPHRASE=... flowline

ARG NODE_VERSION=24

# Stage 1: install every dependency (better-sqlite3 is compiled here when no prebuilt binary fits),
# build all packages and the studio (`npm ci` runs the root `prepare` script: tsc -b and vite build),
# then drop the development dependencies.
FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
  && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf apps/web/node_modules/.vite /root/.npm

# Stage 2: the runtime, without compilers or npm caches, running as the unprivileged `node` user.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    FLOWLINE_DATA_DIR=/data \
    FLOWLINE_METRICS_HOST=0.0.0.0 \
    FLOWLINE_METRICS_PORT=9464
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# 3000: data endpoint, webhooks, API, studio (behind the TLS proxy). 9464: /metrics, internal networks only.
EXPOSE 3000 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: not ready, finish requests in flight (FLOWLINE_SHUTDOWN_TIMEOUT_MS), flush, exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "apps/cli/bin/flowline.js", "serve"]
