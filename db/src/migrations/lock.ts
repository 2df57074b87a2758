// One key for everything that changes the set or shape of schemas. The migration runner
// holds it exclusively; provisioning and dropping a tenant hold it shared.
export const SCHEMA_LOCK_SQL = "hashtext('stoflow.schema-changes')";
