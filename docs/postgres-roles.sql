-- Hearth on PostgreSQL: two roles, so the running app cannot change the schema or the record.
--
--   hearth_migrate  owns the tables; `flask db upgrade` runs as this role (its own DATABASE_URL).
--   hearth_app      what gunicorn connects as: reads and writes family data, but may only
--                   SELECT and INSERT audit events (no UPDATE, no DELETE: the record is kept).
--
-- Run as a superuser, once after creating the database and again after every `db upgrade`
-- (it is idempotent). Set the passwords outside this file, e.g.
--   ALTER ROLE hearth_app PASSWORD '...';   (or use certificate or IAM authentication)
-- Role names can be changed with psql variables:
--   psql -v migrate_role=hearth_migrate -v app_role=hearth_app -f docs/postgres-roles.sql

\if :{?migrate_role} \else \set migrate_role hearth_migrate \endif
\if :{?app_role} \else \set app_role hearth_app \endif

SELECT format('CREATE ROLE %I LOGIN', :'migrate_role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'migrate_role') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'app_role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') \gexec

-- Only the migration role may create objects; the app role may only use them.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO :"migrate_role";
GRANT USAGE ON SCHEMA public TO :"app_role";

-- Tables that exist now (the first run may come before the first migration: then none).
SELECT format('ALTER TABLE public.%I OWNER TO %I', tablename, :'migrate_role')
  FROM pg_tables WHERE schemaname = 'public' \gexec
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";

-- Tables that later migrations create get the same rights.
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrate_role" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrate_role" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";

-- The record is kept: the app may add audit events and read them, never change or remove them.
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_events FROM %I', :'app_role')
 WHERE to_regclass('public.audit_events') IS NOT NULL \gexec
-- Alembic's bookkeeping belongs to the migration role alone.
SELECT format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public.alembic_version FROM %I', :'app_role')
 WHERE to_regclass('public.alembic_version') IS NOT NULL \gexec
