select
    l_shipmode,
    count(*) filter (where o_orderpriority = '1-URGENT' or o_orderpriority = '2-HIGH') as high_line_count,
    count(*) filter (where o_orderpriority <> '1-URGENT' and o_orderpriority <> '2-HIGH') as low_line_count
from orders
join lineitem on o_orderkey = l_orderkey
where l_shipmode in ('MAIL', 'SHIP')
  and l_commitdate < l_receiptdate
  and l_shipdate < l_commitdate
  and l_receiptdate >= date '1994-01-01'
  and l_receiptdate < date '1994-01-01' + interval 1 year
group by all
order by all;
