-- Needs federation: orders on PostgreSQL, customers on MariaDB.
select c.email, count(*) as orders, sum(o.amount) as total
from {{ ref('stg_orders') }} o
join {{ source('crm', 'customers') }} c on c.id = o.customer_id
group by c.email
