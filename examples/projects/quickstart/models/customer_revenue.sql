-- Customers (crm) joined with their orders (shop): two servers, so this model is federated.
select
    c.id as customer_id,
    c.name,
    c.country,
    count(o.id) as paid_orders,
    coalesce(sum(o.amount), 0) as revenue
from {{ source('crm', 'customers') }} c
left join {{ source('shop', 'orders') }} o
    on o.customer_id = c.id and o.status = 'paid'
where c.country <> 'test'
group by c.id, c.name, c.country
