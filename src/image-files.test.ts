// The image and compose files, checked by reading them (no Docker engine here): stages, user, health checks, the
// migration step, a stop grace that covers the shutdown drain, and a build context that holds what the build needs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "./config.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  stop_signal?: string;
  volumes?: string[];
}
const compose = parse(read("compose.yaml")) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const seconds = (duration: string) => Number(/^(\d+)s$/.exec(duration)?.[1] ?? Number.NaN);

describe("compose.yaml", () => {
  const { db, migrate, maestro } = compose.services;

  it("runs PostgreSQL with a health check and a volume where PostgreSQL 18 keeps its data", () => {
    expect(db!.image).toMatch(/^postgres:18/);
    expect(db!.healthcheck!.test.join(" ")).toContain("pg_isready");
    expect(db!.volumes).toEqual(["pgdata:/var/lib/postgresql"]);
    expect(compose.volumes).toHaveProperty("pgdata");
  });

  it("migrates once as its own step after the database is healthy, and starts Maestro only after it succeeded", () => {
    expect(migrate!.command).toEqual(["node", "bin/maestro.js", "migrate"]);
    expect(migrate!.depends_on).toEqual({ db: { condition: "service_healthy" } });
    expect(maestro!.depends_on).toMatchObject({ migrate: { condition: "service_completed_successfully" } });
    expect(migrate!.image).toBe(maestro!.image);
    for (const service of [migrate!, maestro!])
      expect(service.environment!.DATABASE_URL).toMatch(/^postgres:\/\/maestro:.*@db:5432\/maestro$/);
  });

  it("sets settings Maestro parses, and a replica that never migrates at start", () => {
    const config = loadConfig(maestro!.environment);
    expect(config.database.migrateOnStart).toBe(false);
    expect(config.port).toBe(3000);
  });

  it("gives shutdown more time than the drain before SIGKILL, and probes readiness", () => {
    const drainMs = loadConfig(maestro!.environment).shutdownGraceMs;
    expect(maestro!.stop_signal).toBe("SIGTERM");
    // The drain, then closing the database and the HTTP server: a margin of at least 5 s.
    expect(seconds(maestro!.stop_grace_period!) * 1000).toBeGreaterThanOrEqual(drainMs + 5_000);
    expect(maestro!.healthcheck!.test.join(" ")).toContain("/readyz");
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\w+)$/gm)].map((m) => m[2]);

  it("compiles in a build stage and runs dist/ with production dependencies only", () => {
    expect(stages).toEqual(["build", "deps", "runtime"]);
    // Built, then the tooling tsc followed into (bench/, evals/, src/testing/) is dropped before the runtime stage copies.
    expect(dockerfile).toMatch(/^RUN npm run build && rm -rf dist\/bench dist\/evals dist\/src\/testing$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev /m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist\/src \.\/dist\/src$/m);
    const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
    expect(runtime).not.toMatch(/^COPY src /m); // no sources: bin/maestro.js then runs dist/
    expect(runtime).toMatch(/^COPY package\.json manifest\.yml \.\/$/m);
  });

  it("runs on the current LTS as a non-root user, with a health check, SIGTERM and tini", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:26-trixie-slim$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "bin\/maestro\.js", "start"\]$/m);
  });

  it("gets what it copies into the build context (.dockerignore keeps it)", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(" "));
    expect(copied.length).toBeGreaterThan(5);
    for (const source of copied) {
      expect(fs.existsSync(path.join(ROOT, source)), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", "dist", ".env", ".git", "**/*.test.ts"]));
  });
});
