SELECT
  100.00 * SUM(IF(p_type LIKE 'PROMO%', l_extendedprice * (1 - l_discount), 0))
    / SUM(l_extendedprice * (1 - l_discount)) AS promo_revenue
FROM lineitem
JOIN part
  ON l_partkey = p_partkey
WHERE l_shipdate >= DATE '1995-09-01'
  AND l_shipdate < DATE_ADD(DATE '1995-09-01', INTERVAL 1 MONTH);
