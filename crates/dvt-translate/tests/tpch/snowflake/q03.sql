select
    l_orderkey,
    sum(l_extendedprice * (1 - l_discount)) as revenue,
    o_orderdate,
    o_shippriority
from customer
inner join orders
    on c_custkey = o_custkey
inner join lineitem
    on l_orderkey = o_orderkey
where
    c_mktsegment = 'BUILDING'
    and o_orderdate < '1995-03-15'::date
    and l_shipdate > '1995-03-15'::date
group by
    l_orderkey,
    o_orderdate,
    o_shippriority
order by
    revenue desc,
    o_orderdate
limit 10;
