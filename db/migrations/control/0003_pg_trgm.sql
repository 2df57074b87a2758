-- Trigram indexes back the product search (`q`). The extension lives in `public` once for the
-- whole database; tenant migrations name its operator class as public.gin_trgm_ops.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
