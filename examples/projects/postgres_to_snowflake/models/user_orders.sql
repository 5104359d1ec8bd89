-- Snowflake SQL (the target's dialect): JSON path on a VARIANT, `::` casts, DATEDIFF.
-- Both tables live on PostgreSQL: the join and the status filter are pushed down there.
-- `country` (char(2)) and the raw jsonb `metadata` have no exact Snowflake type (DVT002).
select
    u.id as user_id,
    parse_json(u.metadata):name::varchar as user_name,
    u.email,
    u.country,
    u.metadata,
    datediff('day', u.created_at, current_date) as account_age_days,
    o.created_at::date as order_date,
    count(*) as orders,
    sum(o.amount) as revenue
from {{ source('app', 'users') }} u
join {{ source('app', 'orders') }} o on o.user_id = u.id
where o.status = 'paid'
group by 1, 2, 3, 4, 5, 6, 7
