-- Reads only the warehouse: runs directly on it (the adapter path), no engine involved.
select country, sum(revenue) as revenue, sum(paid_orders) as paid_orders
from {{ ref('customer_revenue') }}
group by country
order by revenue desc
