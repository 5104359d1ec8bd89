{{ config(materialized='incremental', unique_key='email', incremental_strategy='merge') }}
-- Three servers: PostgreSQL (via order_totals), MariaDB and SQLite.
select t.email, t.total, count(v.id) as views
from {{ ref('order_totals') }} t
join {{ source('crm', 'customers') }} c on c.email = t.email
left join {{ source('events', 'page_views') }} v on v.customer_id = c.id
group by t.email, t.total
