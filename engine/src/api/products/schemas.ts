import { z } from "zod";

export const ProductIdParam = z.strictObject({ id: z.uuid({ error: "Not a valid id." }) });
export const ImageIdParams = z.strictObject({
  id: z.uuid({ error: "Not a valid id." }),
  imageId: z.uuid({ error: "Not a valid id." }),
});
export const Affected = z
  .object({ affected: z.number().int().meta({ description: "Products changed or deleted" }) })
  .meta({ id: "BulkResult" });
