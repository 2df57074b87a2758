-- Announces a change of a tenant's memberships (a role changed, a member removed, a shop or a
-- user deleted: the cascades fire it too), so that every engine process drops the memberships
-- it cached for that tenant (engine/src/cache). Memberships change rarely: a row trigger,
-- whose identical notifications PostgreSQL folds within a transaction and sends at commit.
CREATE FUNCTION notify_membership_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('stoflow_changes', 'members:' || OLD.tenant_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pg_notify('stoflow_changes', 'members:' || NEW.tenant_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_notify_change AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION notify_membership_change();
--> statement-breakpoint
-- TRUNCATE has no rows to name: every process drops every membership it cached.
CREATE FUNCTION notify_memberships_truncated() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_notify('stoflow_changes', 'members:*');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_notify_truncate AFTER TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION notify_memberships_truncated();
