// The studio API's settings: their zod schemas, for config.ts's one environment schema, and what config.ts makes of
// them. Nothing here reads process.env.
import { z } from "zod";

const wholeNumber = (unit: string, example: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `must be a whole number of ${unit}, e.g. ${example}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}` }),
    );

export const apiSettings = {
  // The largest request body the studio API reads; a bigger one is refused with 413 before it is parsed.
  MAESTRO_API_MAX_BODY_BYTES: wholeNumber("bytes", 65_536, 1_024, 10_485_760).default(65_536),
  // Requests one API key may make per minute, counted across replicas; over it a 429 with Retry-After.
  MAESTRO_API_RATE_LIMIT_PER_MINUTE: wholeNumber("requests", 120, 1, 100_000).default(120),
};

type ApiEnv = { [K in keyof typeof apiSettings]: z.infer<(typeof apiSettings)[K]> };

/** The studio API's limits. */
export interface ApiSettings {
  maxBodyBytes: number;
  rateLimitPerMinute: number;
}

export const readApiSettings = (e: ApiEnv): ApiSettings => ({
  maxBodyBytes: e.MAESTRO_API_MAX_BODY_BYTES,
  rateLimitPerMinute: e.MAESTRO_API_RATE_LIMIT_PER_MINUTE,
});
