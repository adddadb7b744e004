# One image, two process types (docs/deployment.md):
#   web     docker run … backstop                      (the default command below)
#   worker  docker run … backstop node --heap-growing-percent=30 build/worker/worker.js
#   release docker run … backstop npm run setup        (migrations; once per deploy, before the others)
# Configuration comes from the environment (app/env.server.ts); DATABASE_URL=postgresql://… for
# several machines.
FROM node:22-bookworm-slim

WORKDIR /app
# Everything as the unprivileged node user, who also owns the files: `npm run setup` (release)
# regenerates the Prisma clients inside node_modules.
RUN chown node:node /app
USER node
# Full install, dev dependencies included: `npm run build` needs Vite, and migrations use Prisma's CLI and Wasm schema engine (docs/decisions/001-offline-prisma-migrations.md).
# npm's postinstall generates both Prisma clients, so the schema and scripts come first.
COPY --chown=node:node package.json package-lock.json ./
COPY --chown=node:node prisma ./prisma
COPY --chown=node:node scripts ./scripts
RUN npm ci --no-audit --no-fund

COPY --chown=node:node . .
RUN npm run build

ENV NODE_ENV=production PORT=3000 WORKER_HEALTH_PORT=8081
EXPOSE 3000 8081

# The web's health (the worker's is on WORKER_HEALTH_PORT: override the check for that role).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

# node itself as PID 1 (not npm), so SIGTERM reaches the server and it drains its requests. The
# flag keeps a sync's heap small (scripts/production-node-flags.ts).
CMD ["node", "--heap-growing-percent=30", "node_modules/@remix-run/serve/dist/cli.js", "build/server/index.js"]
