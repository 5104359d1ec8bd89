-- Same server as its target: runs directly on PostgreSQL.
select o.id, o.customer_id, o.amount, o.created_at
from {{ source('shop', 'orders') }} o
where o.created_at > current_date - {{ var('recent_days') }}
