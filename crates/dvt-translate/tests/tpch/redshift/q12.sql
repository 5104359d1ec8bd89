SELECT
    l_shipmode,
    SUM(CASE
            WHEN o_orderpriority IN ('1-URGENT', '2-HIGH') THEN 1
            ELSE 0
        END) AS high_line_count,
    SUM(CASE
            WHEN o_orderpriority NOT IN ('1-URGENT', '2-HIGH') THEN 1
            ELSE 0
        END) AS low_line_count
FROM orders
JOIN lineitem ON o_orderkey = l_orderkey
WHERE l_shipmode IN ('MAIL', 'SHIP')
    AND l_commitdate < l_receiptdate
    AND l_shipdate < l_commitdate
    AND l_receiptdate >= '1994-01-01'::date
    AND l_receiptdate < DATEADD(year, 1, '1994-01-01'::date)
GROUP BY l_shipmode
ORDER BY l_shipmode;
