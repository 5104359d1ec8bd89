SELECT
    n.n_name,
    SUM(l.l_extendedprice * (1 - l.l_discount)) AS revenue
FROM customer AS c
INNER JOIN orders AS o
    ON c.c_custkey = o.o_custkey
INNER JOIN lineitem AS l
    ON l.l_orderkey = o.o_orderkey
INNER JOIN supplier AS s
    ON l.l_suppkey = s.s_suppkey
    AND c.c_nationkey = s.s_nationkey
INNER JOIN nation AS n
    ON s.s_nationkey = n.n_nationkey
INNER JOIN region AS r
    ON n.n_regionkey = r.r_regionkey
WHERE r.r_name = 'ASIA'
    AND o.o_orderdate >= CAST('1994-01-01' AS DATE)
    AND o.o_orderdate < DATEADD(year, 1, CAST('1994-01-01' AS DATE))
GROUP BY n.n_name
ORDER BY revenue DESC;
