select
  l_shipmode,
  sum(if(o_orderpriority = '1-URGENT' or o_orderpriority = '2-HIGH', 1, 0)) as high_line_count,
  sum(if(o_orderpriority != '1-URGENT' and o_orderpriority != '2-HIGH', 1, 0)) as low_line_count
from orders
join lineitem on o_orderkey = l_orderkey
where l_shipmode in ('MAIL', 'SHIP')
  and l_commitdate < l_receiptdate
  and l_shipdate < l_commitdate
  and l_receiptdate >= DATE'1994-01-01'
  and l_receiptdate < add_months(DATE'1994-01-01', 12)
group by l_shipmode
order by l_shipmode
