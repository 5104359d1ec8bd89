select
    l_shipmode,
    sum(iff(o_orderpriority in ('1-URGENT', '2-HIGH'), 1, 0)) as high_line_count,
    sum(iff(o_orderpriority not in ('1-URGENT', '2-HIGH'), 1, 0)) as low_line_count
from orders
join lineitem
    on o_orderkey = l_orderkey
where
    l_shipmode in ('MAIL', 'SHIP')
    and l_commitdate < l_receiptdate
    and l_shipdate < l_commitdate
    and l_receiptdate >= '1994-01-01'::date
    and l_receiptdate < dateadd(year, 1, '1994-01-01'::date)
group by l_shipmode
order by l_shipmode;
