# Maestro's container image: TypeScript compiled in a build stage; the runtime runs plain JavaScript on Node LTS with
# production dependencies only, as an unprivileged user, with a health check.
#
#   docker build -t maestro .
#   # Migrations are their own step, once per release, before the new version starts (not per replica):
#   docker run --rm --env DATABASE_URL=postgres://maestro:…@db:5432/maestro maestro node bin/maestro.js migrate
#   docker run -d --env-file .env --stop-timeout 30 -p 3000:3000 maestro
#   docker run --rm --env-file .env maestro node bin/maestro.js doctor      # check the settings, Slack, database, model
#
# compose.yaml runs it with PostgreSQL. Without DATABASE_URL the embedded database lives in /app/.maestro: mount a
# volume there; its OS-level lock lets only one container at a time open it (it then migrates in-process at start).
#
# Shutdown: SIGTERM (tini forwards it) stops taking work and gives running turns MAESTRO_SHUTDOWN_GRACE_MS (20 s) to
# finish, then closes the database: give the container more than that before SIGKILL (`docker run --stop-timeout 30`;
# compose.yaml sets stop_grace_period: 30s; Kubernetes' default terminationGracePeriodSeconds is 30).
#
# Node 26 "Lithium" has been the Active LTS since 2026-10-28 (supported to 2029-04); Node 24 "Krypton" is in
# maintenance to 2028-04: build with --build-arg NODE_IMAGE=node:24-trixie-slim to use it.
ARG NODE_IMAGE=node:26-trixie-slim

# ---- build: every dependency, then tsc into dist/ (relative .ts imports rewritten to .js) ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
# tsc follows the CLI's importFromCheckout imports into bench/ and evals/ (and their src/testing), so they are
# compiled here; then removed: the image ships neither bench/, evals/ nor src/testing/ (those commands say so).
COPY src ./src
COPY migrations ./migrations
COPY evals ./evals
COPY bench ./bench
RUN npm run build && rm -rf dist/bench dist/evals dist/src/testing

# ---- deps: production dependencies only (no TypeScript, no tsx, no test tools) ----
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
# manifest.yml: `maestro doctor` compares the token's granted scopes with it.
COPY package.json manifest.yml ./
COPY bin ./bin
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/migrations ./dist/migrations
# No src/ here, so bin/maestro.js runs dist/. Code under src/ reaches bench/ and evals/ only through
# importFromCheckout (src/cli/command.ts), never src/testing/, or a command would fail to load here.
# The embedded database's directory (only used without DATABASE_URL) must be writable by the app user.
RUN mkdir -p /app/.maestro && chown node:node /app/.maestro
# The official image's unprivileged user (uid 1000); code and dependencies stay root-owned and read-only to it.
USER node

EXPOSE 3000
STOPSIGNAL SIGTERM
# Liveness: the process serves HTTP. (Readiness — database reachable, schema not behind — is GET /readyz, for a
# load balancer or an orchestrator's readiness probe.) No curl in the slim image: Node's fetch asks the app itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/maestro.js", "start"]
