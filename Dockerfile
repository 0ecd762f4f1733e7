# The review service image. Built by docker-compose.yml (`docker compose up`); runs `dax-review serve`.
# Two stages: the build stage installs every dependency from the lockfile and compiles dist/;
# the runtime stage installs only production dependencies, again from the lockfile.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Manifest and lockfile first: this layer (the slow one) is reused until they change.
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build dist/ before the sources are copied in.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY rules ./rules
COPY workers ./workers
COPY test/bench ./test/bench
RUN npm run build

FROM node:20-bookworm-slim
# git: the public-inbox source reads epoch mirrors with git plumbing (src/sources/public-inbox.ts).
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` needs the dev dependencies (tsc), and dist/ comes from the build
# stage. The one production install script (msgpackr-extract, optional) only adds a native
# speed-up that msgpackr does without.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
# Rule documentation (`dax-review explain <rule>`, the links in replies' footers).
COPY rules ./rules
RUN mkdir -p /var/lib/dax-review/spool /var/lib/dax-review/outbox /app/var \
 && chown -R node:node /var/lib/dax-review /app/var
USER node
# The webhook server (GitHub App), when GitHub is configured: POST /webhooks/github, GET /healthz.
EXPOSE 3000
# The service itself is PID 1, so `docker stop`'s SIGTERM reaches it and it drains in-flight
# jobs before exiting. No npm in between: an npm that gets SIGTERM ends and, unless its script
# `exec`s, leaves the service running as an orphan that never drains.
CMD ["node", "bin/dax-review.js", "serve"]
