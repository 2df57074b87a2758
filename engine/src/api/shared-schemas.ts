import { z } from "zod";

export const Email = z
  .email({ error: "Enter a valid e-mail address." })
  .max(254)
  .transform((e) => e.toLowerCase())
  .meta({ example: "lea@example.fr" });
export const Password = z
  .string()
  .min(10, { error: "A password has at least 10 characters." })
  .max(256)
  .meta({ format: "password" });
export const Locale = z.enum(["fr", "en", "de", "es", "it", "nl", "pl"]);
export const Role = z.enum(["owner", "admin", "member"]);
export const UuidParam = z.strictObject({ id: z.uuid({ error: "Not a valid id." }) });

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string().nullable(),
    locale: z.string(),
  })
  .meta({ id: "User" });

export const Tenant = z
  .object({ id: z.number().int(), name: z.string(), locale: z.string() })
  .meta({ id: "Tenant" });

export const Session = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().meta({ description: "Access token lifetime in seconds" }),
    user: User,
    tenant: Tenant,
    role: Role,
  })
  .meta({ id: "Session" });
