SELECT
    l.l_shipmode,
    SUM(IIF(o.o_orderpriority = '1-URGENT' OR o.o_orderpriority = '2-HIGH', 1, 0)) AS high_line_count,
    SUM(IIF(o.o_orderpriority <> '1-URGENT' AND o.o_orderpriority <> '2-HIGH', 1, 0)) AS low_line_count
FROM orders AS o
INNER JOIN lineitem AS l
    ON o.o_orderkey = l.l_orderkey
WHERE l.l_shipmode IN ('MAIL', 'SHIP')
    AND l.l_commitdate < l.l_receiptdate
    AND l.l_shipdate < l.l_commitdate
    AND l.l_receiptdate >= CAST('1994-01-01' AS DATE)
    AND l.l_receiptdate < DATEADD(year, 1, CAST('1994-01-01' AS DATE))
GROUP BY l.l_shipmode
ORDER BY l.l_shipmode;
