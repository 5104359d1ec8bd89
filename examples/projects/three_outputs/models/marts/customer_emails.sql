{{ config(materialized='view') }}
-- A view on the warehouse over MariaDB data: a view cannot read another server,
-- so dvt builds it as a table and says so (DVT001).
select id, lower(email) as email from {{ source('crm', 'customers') }}
