select
  100.00 * sum(if(p_type like 'PROMO%', l_extendedprice * (1 - l_discount), 0))
    / sum(l_extendedprice * (1 - l_discount)) as promo_revenue
from lineitem
join part on l_partkey = p_partkey
where l_shipdate >= DATE'1995-09-01'
  and l_shipdate < add_months(DATE'1995-09-01', 1)
