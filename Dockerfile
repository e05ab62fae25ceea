# Maestro's container image: the bot (`maestro start`) on Node LTS, TypeScript run through tsx (no build step).
#
#   docker build -t maestro .
#   # Migrations run as their own step, before the new version starts (once per release, not per replica):
#   docker run --rm --env DATABASE_URL=postgres://maestro:…@db:5432/maestro maestro node bin/maestro.js migrate
#   docker run -d --env-file .env -p 3000:3000 maestro
#
# Production uses PostgreSQL (DATABASE_URL). Without it the embedded database lives in /app/.maestro:
# mount a volume there, and run one container per volume (migrations then run in-process at start).
#
# Node 24 (LTS "Krypton", supported to 2028-04) is the default; Node 26 has been Active LTS since
# 2026-10-28: build with --build-arg NODE_IMAGE=node:26-trixie-slim to use it.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- deps: production dependencies only (tsx is one: the app runs TypeScript through it) ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to node (so `docker stop` shuts down cleanly) and reaps zombies.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY src ./src
COPY migrations ./migrations
# Not in the image: bench/ (with the large seed), evals/, src/testing/, tests, docs (see .dockerignore). Code under
# src/ reaches bench/ and evals/ only through importFromCheckout (src/cli/command.ts), never src/testing/, or a
# command would fail to load here.
# The embedded database's directory (only used without DATABASE_URL) must be writable by the app user.
RUN mkdir -p /app/.maestro && chown node:node /app/.maestro
# The official image's unprivileged user (uid 1000); code and dependencies stay root-owned and read-only to it.
USER node

EXPOSE 3000
# No curl in the slim image: Node's fetch asks the app's own probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/maestro.js", "start"]
