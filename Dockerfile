# One image for the API and the worker (they differ only in the command).
# Build:  docker build -t frontier-market-simulator .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json prisma.config.ts ./
COPY prisma ./prisma
COPY src ./src
# generate needs no schema engine; /bin/false stands in for the binary it would download.
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/false npx prisma generate && npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production TZ=UTC
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The migrate and seed commands run with tsx (a runtime dependency) from the sources.
COPY tsconfig.json ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY --from=build /app/src ./src
USER node
EXPOSE 3000
CMD ["node", "dist/main.js"]
