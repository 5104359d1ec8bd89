select
    100.00 * sum(iff(p_type like 'PROMO%', l_extendedprice * (1 - l_discount), 0))
        / sum(l_extendedprice * (1 - l_discount)) as promo_revenue
from lineitem
join part
    on l_partkey = p_partkey
where
    l_shipdate >= '1995-09-01'::date
    and l_shipdate < dateadd(month, 1, '1995-09-01'::date);
