# syntax=docker/dockerfile:1
# The production image: build with dev dependencies, run with production ones only.
#   docker build -t jobboard .            (or `docker compose up --build`, see README "Deploy")
# Size method (no engine here to measure an image): docs/deploy.md, "Image size".

# --- deps: production node_modules only (bcrypt ships musl prebuilds; no compiler needed)
FROM node:20.20.0-alpine3.23 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# --- build: all dependencies, then `npm run build` (esbuild → dist/, db/ copied into it)
FROM node:20.20.0-alpine3.23 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY app ./app
COPY runtime ./runtime
COPY generated ./generated
COPY generators ./generators
COPY scripts ./scripts
COPY db ./db
RUN npm run build

# --- runtime: node + tini, production modules, build output; nothing else
FROM node:20.20.0-alpine3.23 AS runtime
# tini is PID 1: it forwards SIGTERM to node (graceful drain, SHUTDOWN_GRACE_MS) and reaps
# zombies. npm, npx, yarn and corepack are removed: the image runs node only.
RUN apk add --no-cache tini \
 && rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx \
           /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-*
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/.data
WORKDIR /app
# /app mirrors the repository layout (app/, runtime/, generated/, scripts/, db/) so paths
# that app/db/client.ts and scripts/db-migrate.ts resolve from their own files or the
# working directory hold as in a checkout. Files stay root-owned (read-only for the app
# user); only the PGlite folder is writable.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./
RUN mkdir -p /app/.data && chown node:node /app/.data
# The `node` user (uid 1000) comes with the base image.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD wget -q -O /dev/null "http://127.0.0.1:${PORT}/api/v1/health" || exit 1
ENTRYPOINT ["/sbin/tini", "--"]
# Migrations (PostgreSQL): `node scripts/db-migrate.js` with the same image.
CMD ["node", "--enable-source-maps", "--import", "./app/telemetry/register.js", "app/main.js"]
