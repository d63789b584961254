# The service in production mode (`npm start`: src/cli/serve.ts, API only, drained shutdown), as a non-root user.
# compose.yaml runs several of these behind one port on a shared PostgreSQL and Redis; alone (no DATABASE_URL, no
# MOTIA_REDIS_HOST) it runs SQLite in /app/data and Motia's embedded Redis on Debian's redis-server.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary fits the platform.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The steps are TypeScript run by tsx: the dev toolchain stays.
RUN REDISMS_DISABLE_POSTINSTALL=1 npm ci --no-audit --no-fund

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends redis-server && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# HOST=0.0.0.0 makes the service refuse to start without API_KEYS: a container's port is reachable from outside.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    REDISMS_DISABLE_POSTINSTALL=1 \
    REDISMS_SYSTEM_BINARY=/usr/bin/redis-server \
    MOTIA_DOCKER_DISABLE_WORKBENCH=true \
    MOTIA_DISABLE_ANALYTICS=true \
    MOTIA_ANALYTICS_DISABLED=true
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node . .
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--import", "tsx", "src/cli/serve.ts"]
