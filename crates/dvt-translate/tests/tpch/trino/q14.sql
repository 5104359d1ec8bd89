SELECT
    100.00 * sum(if(p.p_type LIKE 'PROMO%', l.l_extendedprice * (1 - l.l_discount), 0))
        / sum(l.l_extendedprice * (1 - l.l_discount)) AS promo_revenue
FROM lineitem AS l
JOIN part AS p ON l.l_partkey = p.p_partkey
WHERE l.l_shipdate >= DATE '1995-09-01'
  AND l.l_shipdate < DATE '1995-09-01' + INTERVAL '1' MONTH
