import type { EngineContext } from "../../context.ts";
import { productBulkOperation } from "./bulk.ts";
import { productCrudOperations } from "./crud.ts";
import { productCsvOperations } from "./csv.ts";
import { productImageOperations } from "./images.ts";
import { productListOperation } from "./list.ts";
import { mediaOperation } from "./media.ts";

/** The products API. Fixed paths (export, import, bulk) come before /products/{id}. */
export function productOperations(ctx: EngineContext) {
  const crud = productCrudOperations(ctx);
  return [
    productListOperation(),
    crud.create,
    ...productCsvOperations(ctx),
    productBulkOperation(ctx),
    crud.get,
    crud.update,
    crud.remove,
    ...productImageOperations(ctx),
    mediaOperation(ctx),
  ];
}
